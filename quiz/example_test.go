package quiz_test

import (
	"fmt"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
)

func ExampleCheck() {
	q := &content.Question{
		Type: content.Single,
		Choices: []content.Text{
			content.Plain("threading.Event"),
			content.Plain("threading.Lock"),
			{"en": "a global variable", "zh": "全局变量"},
		},
		Choice: 1,
	}
	// The choices were shown as C A B, so the learner saw threading.Lock as C.
	v := quiz.View{Lang: "en", Perm: []int{2, 0, 1}}
	r, err := quiz.ParseResponse(q, "b", v)
	if err != nil {
		fmt.Println(err)
		return
	}
	res := quiz.Check(q, r, v)
	fmt.Println(res.Verdict, res.Expected, res.Feedback)
	// Output: wrong C. threading.Lock [wrong pick: B]
}

func ExampleCheck_multiple() {
	q := &content.Question{
		Type:      content.Multiple,
		Choices:   []content.Text{content.Plain("Lock"), content.Plain("list"), content.Plain("Semaphore"), content.Plain("dict")},
		ChoiceSet: []int{0, 2},
	}
	v := quiz.View{Lang: "en"}
	for _, line := range []string{"A C", "a", "A, C, D", "1 2"} {
		r, _ := quiz.ParseResponse(q, line, v)
		res := quiz.Check(q, r, v)
		fmt.Printf("%-8s %-7s %.2f %q\n", line, res.Verdict, res.Score, res.Feedback)
	}
	// Output:
	// A C      correct 1.00 []
	// a        partial 0.50 ["missed: C"]
	// A, C, D  partial 0.50 ["wrong pick: D"]
	// 1 2      wrong   0.00 ["missed: C" "wrong pick: B"]
}

func ExampleCheck_short() {
	q := &content.Question{Type: content.Short, Accepted: []string{"semaphore", "信号量"}}
	for _, answer := range []string{"Semaphore.", "semaphor", "信号量。", "mutex"} {
		res := quiz.Check(q, quiz.Response{Text: answer}, quiz.View{Lang: "en"})
		fmt.Println(res.Verdict, res.Typo, res.Feedback)
	}
	// Output:
	// correct false []
	// correct true [accepted, with a typo: you wrote "semaphor", expected "semaphore"]
	// correct false []
	// wrong false []
}

func ExampleCheck_ordering() {
	q := &content.Question{
		Type:      content.Ordering,
		Choices:   []content.Text{content.Plain("start()"), content.Plain("run()"), content.Plain("Thread()"), content.Plain("join()")},
		ChoiceSet: []int{2, 0, 1, 3},
	}
	v := quiz.View{Lang: "en"}
	r, _ := quiz.ParseResponse(q, "a-b-d-c", v)
	res := quiz.Check(q, r, v)
	fmt.Printf("%s %.2f %s %q\n", res.Verdict, res.Score, res.Expected, res.Feedback)
	// Output: partial 0.67 C A B D ["out of place: C"]
}

func ExampleCheck_open() {
	q := &content.Question{
		Type: content.Open,
		KeyPoints: []content.KeyPoint{
			{"en": {"lock", "mutex"}, "zh": {"锁", "互斥"}},
			{"en": {"race condition"}, "zh": {"竞态条件"}},
			{"en": {"atomic"}, "zh": {"原子"}},
		},
		Required: 2,
	}
	res := quiz.Check(q, quiz.Response{Text: "加锁（locking）可以避免竞态 条件。"}, quiz.View{Lang: "zh"})
	fmt.Printf("%s %.2f\n", res.Verdict, res.Score)
	for _, f := range res.Feedback {
		fmt.Println(f)
	}
	// Output:
	// correct 0.67
	// 已答到：锁
	// 已答到：竞态条件
	// 未答到：原子
}

func ExampleParseResponse() {
	q := &content.Question{Type: content.Numeric, Number: 5, Unit: "ms"}
	for _, line := range []string{"5ms", "５ 毫秒", "0.005 s", "five"} {
		r, err := quiz.ParseResponse(q, line, quiz.View{Lang: "en"})
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(quiz.Check(q, r, quiz.View{Lang: "en"}).Verdict)
	}
	// Output:
	// correct
	// correct
	// error: "0.005 s": give the number in ms
	// error: "five" is not a number
}

func ExampleParseResponse_ordering() {
	q := &content.Question{
		Type:      content.Ordering,
		Choices:   []content.Text{content.Plain("a"), content.Plain("b"), content.Plain("c"), content.Plain("d")},
		ChoiceSet: []int{0, 1, 2, 3},
	}
	for _, line := range []string{"ABC", "A B B C D", "A B C F"} {
		_, err := quiz.ParseResponse(q, line, quiz.View{Lang: "en"})
		fmt.Println(err)
	}
	// Output:
	// give all 4 letters (missing: D)
	// "B" is given twice
	// "F" is not a choice (A–D)
}

func ExampleNormalize() {
	fmt.Println(quiz.Normalize("  “ＧＩＬ”。 "))
	fmt.Println(quiz.Normalize("(Global  Interpreter\tLock)"))
	fmt.Println(quiz.Normalize("os.fork()."))
	// Output:
	// gil
	// global interpreter lock
	// os.fork()
}

func ExampleReference() {
	q := &content.Question{Type: content.Cloze, Blanks: [][]string{{"Lock", "RLock"}, {"acquire"}}}
	r := quiz.Reference(q)
	fmt.Println(r.Blanks, quiz.Check(q, r, quiz.View{}).Verdict)
	// Output: [Lock acquire] correct
}
