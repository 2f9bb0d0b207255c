package quiz

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/cram-dev/cram/content"
)

var langs = []string{"en", "zh"}

func bi(en, zh string) content.Text { return content.Text{"en": en, "zh": zh} }

// Fixtures, one or more per question type. Tests must not modify them.
var (
	qSingle = &content.Question{
		ID: "which-lock", Type: content.Single,
		Prompt: bi("Which object serialises access?", "哪个对象串行化访问？"),
		Choices: []content.Text{
			content.Plain("threading.Event"),
			content.Plain("threading.Lock"),
			bi("a global variable", "全局变量"),
			bi("nothing", "什么都不用"),
		},
		Choice: 1,
	}
	qMultiple = &content.Question{
		ID: "sync-primitives", Type: content.Multiple,
		Choices:   []content.Text{content.Plain("Lock"), content.Plain("list"), content.Plain("Semaphore"), content.Plain("dict")},
		ChoiceSet: []int{0, 2},
	}
	qOrdering = &content.Question{
		ID: "lifecycle", Type: content.Ordering,
		Choices: []content.Text{
			bi("start()", "start()"), bi("run()", "run()"), bi("Thread()", "Thread()"), bi("join()", "join()"),
		},
		ChoiceSet: []int{2, 0, 1, 3}, // C A B D
	}
	qTrueFalse = &content.Question{ID: "plus-equals-atomic", Type: content.TrueFalse, Bool: false}
	qTrue      = &content.Question{ID: "gil-exists", Type: content.TrueFalse, Bool: true}
	qShort     = &content.Question{
		ID: "counting-primitive", Type: content.Short,
		Accepted: []string{"semaphore", "信号量", "threading.Semaphore"},
	}
	qBarrier  = &content.Question{ID: "barrier", Type: content.Short, Accepted: []string{"barrier", "屏障"}}
	qShortGIL = &content.Question{
		ID: "gil-name", Type: content.Short,
		Accepted: []string{"global interpreter lock", "GIL", "全局解释器锁"},
	}
	qShortPattern = &content.Question{
		ID: "switch-api", Type: content.Short,
		Accepted: []string{"sys.setswitchinterval"},
		Pattern:  `(sys\.)?setswitchinterval(\(\))?`,
	}
	qShortVersion = &content.Question{
		ID: "free-threaded-version", Type: content.Short,
		Accepted: []string{"python3.13t"},
	}
	qNumeric = &content.Question{ID: "ops", Type: content.Numeric, Number: 2000000}
	qMS      = &content.Question{ID: "switch-interval", Type: content.Numeric, Number: 5, Unit: "ms"}
	qTol     = &content.Question{ID: "speedup", Type: content.Numeric, Number: 3.5, Tolerance: 0.5}
	qOutput  = &content.Question{
		ID: "print-order", Type: content.Output,
		Code:     &content.Code{Lang: "python", Source: "print(1)\nprint(2)\n"},
		Expected: "1\n2\n",
	}
	qOutputOneLine = &content.Question{
		ID: "repr", Type: content.Output,
		Code:     &content.Code{Lang: "python", Source: "print(repr('a\\nb'))\n"},
		Expected: "'a\\nb'\n",
	}
	qOutputNothing = &content.Question{
		ID: "silent", Type: content.Output,
		Code: &content.Code{Lang: "python", Source: "pass\n"},
	}
	qCloze = &content.Question{
		ID: "with-lock", Type: content.Cloze,
		Passage: content.Plain("lock = threading.{{1}}()\nlock.{{2}}()\nlock.{{3}}()"),
		Blanks:  [][]string{{"Lock", "RLock"}, {"acquire"}, {"release"}},
	}
	qClozeOne = &content.Question{
		ID: "pipe", Type: content.Cloze,
		Passage: content.Plain("ps aux {{1}} grep python"),
		Blanks:  [][]string{{"|"}},
	}
	qOpen = &content.Question{
		ID: "why-lock", Type: content.Open,
		KeyPoints: []content.KeyPoint{
			{"en": {"lock", "mutex"}, "zh": {"锁", "互斥"}},
			{"en": {"race condition", "data race"}, "zh": {"竞态条件", "数据竞争"}},
			{"en": {"atomic"}, "zh": {"原子"}},
		},
		Required: 2,
		Model:    bi("A lock makes the update atomic and prevents a race condition.", "锁让更新成为原子操作，防止竞态条件。"),
	}
	qOpenAll = &content.Question{
		ID: "copy-on-write", Type: content.Open,
		KeyPoints: []content.KeyPoint{
			{"en": {"copy-on-write"}, "zh": {"写时复制"}},
			{"en": {"os.fork()"}, "zh": {"os.fork()"}},
		},
	}
)

// fixtures lists every fixture, for tests and fuzz targets that cover all types.
var fixtures = []*content.Question{
	qSingle, qMultiple, qOrdering, qTrueFalse, qTrue, qShort, qBarrier, qShortGIL, qShortPattern, qShortVersion,
	qNumeric, qMS, qTol, qOutput, qOutputOneLine, qOutputNothing, qCloze, qClozeOne, qOpen, qOpenAll,
}

var (
	en = View{Lang: "en", Fallback: langs}
	zh = View{Lang: "zh", Fallback: langs}
	// shuffled shows the choices as D B A C: displayed A is original 3 …
	shuffled   = View{Lang: "en", Fallback: langs, Perm: []int{3, 1, 0, 2}}
	shuffledZH = View{Lang: "zh", Fallback: langs, Perm: []int{3, 1, 0, 2}}
)

type checkCase struct {
	name     string
	q        *content.Question
	r        Response
	v        View
	verdict  Verdict
	score    float64
	expected string   // checked when not empty
	feedback []string // checked when not nil; use []string{} for none
	typo     bool
}

func runCheckCases(t *testing.T, tests []checkCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.q, tt.r, tt.v)
			if got.Verdict != tt.verdict {
				t.Errorf("verdict: got %v, want %v (feedback %q)", got.Verdict, tt.verdict, got.Feedback)
			}
			if math.Abs(got.Score-tt.score) > 1e-9 {
				t.Errorf("score: got %v, want %v", got.Score, tt.score)
			}
			if tt.expected != "" && got.Expected != tt.expected {
				t.Errorf("expected: got %q, want %q", got.Expected, tt.expected)
			}
			if tt.feedback != nil && !slices.Equal(got.Feedback, tt.feedback) && !(len(got.Feedback) == 0 && len(tt.feedback) == 0) {
				t.Errorf("feedback: got %q, want %q", got.Feedback, tt.feedback)
			}
			if got.Typo != tt.typo {
				t.Errorf("typo: got %v, want %v", got.Typo, tt.typo)
			}
		})
	}
}

func TestVerdictString(t *testing.T) {
	for v, want := range map[Verdict]string{Wrong: "wrong", Partial: "partial", Correct: "correct", Verdict(7): "Verdict(7)"} {
		if got := v.String(); got != want {
			t.Errorf("Verdict(%d).String(): got %q, want %q", int(v), got, want)
		}
	}
}

func TestCheckSingle(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "right", q: qSingle, r: Response{Picks: []int{1}}, v: en, verdict: Correct, score: 1, expected: "B. threading.Lock", feedback: []string{}},
		{name: "wrong", q: qSingle, r: Response{Picks: []int{3}}, v: en, verdict: Wrong, expected: "B. threading.Lock", feedback: []string{"wrong pick: D"}},
		{name: "shuffled letters", q: qSingle, r: Response{Picks: []int{3}}, v: shuffled, verdict: Wrong, expected: "B. threading.Lock", feedback: []string{"wrong pick: A"}},
		{name: "shuffled expected", q: qSingle, r: Response{Picks: []int{1}}, v: View{Lang: "en", Perm: []int{2, 3, 0, 1}}, verdict: Correct, score: 1, expected: "D. threading.Lock"},
		{name: "chinese choice text", q: &content.Question{Type: content.Single, Choices: qSingle.Choices, Choice: 2}, r: Response{Picks: []int{2}}, v: zh, verdict: Correct, score: 1, expected: "C. 全局变量"},
		{name: "chinese feedback", q: qSingle, r: Response{Picks: []int{0}}, v: zh, verdict: Wrong, feedback: []string{"错选：A"}},
		{name: "no answer", q: qSingle, v: en, verdict: Wrong, feedback: []string{"no answer"}},
		{name: "no answer in chinese", q: qSingle, v: zh, verdict: Wrong, feedback: []string{"未作答"}},
		{name: "two picks", q: qSingle, r: Response{Picks: []int{1, 2}}, v: en, verdict: Wrong, feedback: []string{"pick one choice"}},
		{name: "same pick twice", q: qSingle, r: Response{Picks: []int{1, 1}}, v: en, verdict: Correct, score: 1},
		{name: "pick out of range", q: qSingle, r: Response{Picks: []int{9}}, v: en, verdict: Wrong, feedback: []string{}},
		{name: "negative pick", q: qSingle, r: Response{Picks: []int{-1}}, v: en, verdict: Wrong},
		{name: "invalid perm falls back to identity", q: qSingle, r: Response{Picks: []int{1}}, v: View{Perm: []int{0, 0, 1, 2}}, verdict: Correct, score: 1, expected: "B. threading.Lock"},
	})
}

func TestCheckMultiple(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "exact", q: qMultiple, r: Response{Picks: []int{0, 2}}, v: en, verdict: Correct, score: 1, expected: "A, C", feedback: []string{}},
		{name: "exact in another order", q: qMultiple, r: Response{Picks: []int{2, 0}}, v: en, verdict: Correct, score: 1},
		{name: "one missed", q: qMultiple, r: Response{Picks: []int{0}}, v: en, verdict: Partial, score: 0.5, feedback: []string{"missed: C"}},
		{name: "one right one wrong", q: qMultiple, r: Response{Picks: []int{0, 3}}, v: en, verdict: Wrong, score: 0, feedback: []string{"missed: C", "wrong pick: D"}},
		{name: "all right plus a wrong one", q: qMultiple, r: Response{Picks: []int{0, 2, 3}}, v: en, verdict: Partial, score: 0.5, feedback: []string{"wrong pick: D"}},
		{name: "every choice scores nothing", q: qMultiple, r: Response{Picks: []int{0, 1, 2, 3}}, v: en, verdict: Wrong, score: 0, feedback: []string{"wrong picks: B, D"}},
		{name: "only wrong", q: qMultiple, r: Response{Picks: []int{1}}, v: en, verdict: Wrong, score: 0, feedback: []string{"missed: A, C", "wrong pick: B"}},
		// shown as D B A C: original A is shown as C, B as B, C as D, D as A
		{name: "shuffled", q: qMultiple, r: Response{Picks: []int{0, 3}}, v: shuffled, verdict: Wrong, expected: "C, D", feedback: []string{"missed: D", "wrong pick: A"}},
		{name: "shuffled chinese", q: qMultiple, r: Response{Picks: []int{2}}, v: shuffledZH, verdict: Partial, score: 0.5, expected: "C, D", feedback: []string{"漏选：C"}},
		{name: "duplicates ignored", q: qMultiple, r: Response{Picks: []int{0, 0, 2, 2}}, v: en, verdict: Correct, score: 1},
		{name: "out of range counts as wrong", q: qMultiple, r: Response{Picks: []int{0, 2, 17}}, v: en, verdict: Partial, score: 0.5, feedback: []string{}},
		{name: "no answer", q: qMultiple, v: en, verdict: Wrong, feedback: []string{"no answer"}},
	})
}

func TestCheckOrdering(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "exact", q: qOrdering, r: Response{Picks: []int{2, 0, 1, 3}}, v: en, verdict: Correct, score: 1, expected: "C A B D", feedback: []string{}},
		{name: "one moved to the end", q: qOrdering, r: Response{Picks: []int{0, 1, 3, 2}}, v: en, verdict: Partial, score: 2.0 / 3, feedback: []string{"out of place: C"}},
		{name: "adjacent swap", q: qOrdering, r: Response{Picks: []int{0, 2, 1, 3}}, v: en, verdict: Partial, score: 2.0 / 3, feedback: []string{"out of place: A"}},
		{name: "reversed", q: qOrdering, r: Response{Picks: []int{3, 1, 0, 2}}, v: en, verdict: Wrong, score: 0, feedback: []string{"out of place: D, B, A"}},
		{name: "two runs", q: qOrdering, r: Response{Picks: []int{1, 3, 2, 0}}, v: en, verdict: Partial, score: 1.0 / 3},
		// shown as D B A C, so the key C A B D reads D C B A
		{name: "shuffled expected", q: qOrdering, r: Response{Picks: []int{2, 0, 1, 3}}, v: shuffled, verdict: Correct, score: 1, expected: "D C B A"},
		{name: "shuffled feedback", q: qOrdering, r: Response{Picks: []int{0, 1, 3, 2}}, v: shuffled, verdict: Partial, score: 2.0 / 3, feedback: []string{"out of place: D"}},
		{name: "chinese feedback", q: qOrdering, r: Response{Picks: []int{0, 1, 3, 2}}, v: zh, verdict: Partial, score: 2.0 / 3, feedback: []string{"位置不对：C"}},
		{name: "incomplete", q: qOrdering, r: Response{Picks: []int{2, 0}}, v: en, verdict: Partial, score: 1.0 / 3, feedback: []string{"missed: B, D"}},
		{name: "duplicates and strangers", q: qOrdering, r: Response{Picks: []int{2, 2, 9, 0, 1, 3}}, v: en, verdict: Partial, score: 1},
		{name: "no answer", q: qOrdering, v: en, verdict: Wrong, feedback: []string{"no answer"}},
	})
}

func TestCheckTrueFalse(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "false right", q: qTrueFalse, r: Response{Text: "false"}, v: en, verdict: Correct, score: 1, expected: "false"},
		{name: "false wrong", q: qTrueFalse, r: Response{Text: "true"}, v: en, verdict: Wrong, expected: "false", feedback: []string{}},
		{name: "chinese expected", q: qTrueFalse, r: Response{Text: "错"}, v: zh, verdict: Correct, score: 1, expected: "错"},
		{name: "true by check mark", q: qTrue, r: Response{Text: "√"}, v: en, verdict: Correct, score: 1, expected: "true"},
		{name: "full-width yes", q: qTrue, r: Response{Text: "ＹＥＳ"}, v: en, verdict: Correct, score: 1},
		{name: "unreadable", q: qTrue, r: Response{Text: "maybe"}, v: en, verdict: Wrong, feedback: []string{`"maybe" is not true or false`}},
		{name: "no answer", q: qTrue, r: Response{Text: "  "}, v: en, verdict: Wrong, feedback: []string{"no answer"}},
	})
}

func TestCheckShort(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "exact", q: qShort, r: Response{Text: "semaphore"}, v: en, verdict: Correct, score: 1, expected: "semaphore", feedback: []string{}},
		{name: "case and punctuation", q: qShort, r: Response{Text: " Semaphore. "}, v: en, verdict: Correct, score: 1},
		{name: "full-width", q: qShort, r: Response{Text: "ＳＥＭＡＰＨＯＲＥ"}, v: en, verdict: Correct, score: 1},
		{name: "another accepted answer", q: qShort, r: Response{Text: "threading.Semaphore"}, v: en, verdict: Correct, score: 1},
		{name: "chinese", q: qShort, r: Response{Text: "信号量。"}, v: zh, verdict: Correct, score: 1},
		{name: "chinese with spaces", q: qShortGIL, r: Response{Text: "全局 解释器 锁"}, v: zh, verdict: Correct, score: 1},
		{name: "chinese with a typo", q: qShortGIL, r: Response{Text: "全局解析器锁"}, v: zh, verdict: Correct, score: 1, typo: true,
			feedback: []string{`可以接受，但有拼写错误：你写的是 "全局解析器锁"，应为 "全局解释器锁"`}},
		{name: "deletion typo", q: qShort, r: Response{Text: "semaphor"}, v: en, verdict: Correct, score: 1, typo: true,
			feedback: []string{`accepted, with a typo: you wrote "semaphor", expected "semaphore"`}},
		{name: "transposition typo", q: qShort, r: Response{Text: "semahpore"}, v: en, verdict: Correct, score: 1, typo: true},
		{name: "two typos in a long answer", q: qShortGIL, r: Response{Text: "global interpeter lokc"}, v: en, verdict: Correct, score: 1, typo: true,
			feedback: []string{`accepted, with a typo: you wrote "global interpeter lokc", expected "global interpreter lock"`}},
		{name: "three typos too many", q: qShortGIL, r: Response{Text: "glbal interpeter lokc"}, v: en, verdict: Wrong, feedback: []string{}},
		{name: "one typo in a middle-length answer", q: qBarrier, r: Response{Text: "barier"}, v: en, verdict: Correct, score: 1, typo: true},
		{name: "two typos in a middle-length answer too many", q: qBarrier, r: Response{Text: "barer"}, v: en, verdict: Wrong},
		{name: "no typos in short answers", q: qShortGIL, r: Response{Text: "GIT"}, v: en, verdict: Wrong},
		{name: "short answer exact", q: qShortGIL, r: Response{Text: "the GIL"}, v: en, verdict: Wrong},
		{name: "digits must match", q: qShortVersion, r: Response{Text: "python3.12t"}, v: en, verdict: Wrong},
		{name: "typo beside digits", q: qShortVersion, r: Response{Text: "pyhton3.13t"}, v: en, verdict: Correct, score: 1, typo: true},
		{name: "pattern", q: qShortPattern, r: Response{Text: "setswitchinterval()"}, v: en, verdict: Correct, score: 1, expected: "sys.setswitchinterval"},
		{name: "pattern is anchored", q: qShortPattern, r: Response{Text: "not setswitchinterval at all"}, v: en, verdict: Wrong},
		{name: "pattern ignores case", q: qShortPattern, r: Response{Text: "SYS.SetSwitchInterval"}, v: en, verdict: Correct, score: 1},
		{name: "invalid pattern accepts nothing more", q: &content.Question{Type: content.Short, Accepted: []string{"lock"}, Pattern: "("}, r: Response{Text: "("}, v: en, verdict: Wrong},
		{name: "wrong", q: qShort, r: Response{Text: "mutex"}, v: en, verdict: Wrong, expected: "semaphore"},
		{name: "no answer", q: qShort, r: Response{Text: "。"}, v: en, verdict: Wrong, feedback: []string{"no answer"}},
		{name: "no accepted answers", q: &content.Question{Type: content.Short}, r: Response{Text: "x"}, v: en, verdict: Wrong},
	})
}

func TestCheckNumeric(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "plain", q: qNumeric, r: Response{Text: "2000000"}, v: en, verdict: Correct, score: 1, expected: "2000000"},
		{name: "grouped", q: qNumeric, r: Response{Text: "2,000,000"}, v: en, verdict: Correct, score: 1},
		{name: "exponent", q: qNumeric, r: Response{Text: "2e6"}, v: en, verdict: Correct, score: 1},
		{name: "too low", q: qNumeric, r: Response{Text: "200000"}, v: en, verdict: Wrong, feedback: []string{"too low"}},
		{name: "too high in chinese", q: qNumeric, r: Response{Text: "3e6"}, v: zh, verdict: Wrong, feedback: []string{"偏大"}},
		{name: "unit", q: qMS, r: Response{Text: "5 ms"}, v: en, verdict: Correct, score: 1, expected: "5 ms"},
		{name: "tolerance", q: qTol, r: Response{Text: "3.9"}, v: en, verdict: Correct, score: 1, expected: "3.5 (± 0.5)"},
		{name: "tolerance edge", q: qTol, r: Response{Text: "4"}, v: en, verdict: Correct, score: 1},
		{name: "beyond tolerance", q: qTol, r: Response{Text: "4.01"}, v: en, verdict: Wrong},
		{name: "float rounding", q: &content.Question{Type: content.Numeric, Number: 0.3}, r: Response{Text: "0.30000000000000004"}, v: en, verdict: Correct, score: 1},
		{name: "garbage", q: qNumeric, r: Response{Text: "abc"}, v: en, verdict: Wrong, feedback: []string{`"abc" is not a number`}},
		{name: "no answer", q: qNumeric, r: Response{Text: ""}, v: en, verdict: Wrong, feedback: []string{"no answer"}},
	})
}

func TestCheckOutput(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "exact", q: qOutput, r: Response{Text: "1\n2\n"}, v: en, verdict: Correct, score: 1, expected: "1\n2"},
		{name: "CRLF and trailing space", q: qOutput, r: Response{Text: "1  \r\n2\t\r\n\r\n"}, v: en, verdict: Correct, score: 1},
		{name: "CR only", q: qOutput, r: Response{Text: "1\r2"}, v: en, verdict: Correct, score: 1},
		{name: "leading space matters", q: qOutput, r: Response{Text: " 1\n2"}, v: en, verdict: Wrong, feedback: []string{`line 1: expected "1", got " 1"`}},
		{name: "line missing", q: qOutput, r: Response{Text: "1"}, v: en, verdict: Wrong, feedback: []string{`line 2: expected "2", got nothing`}},
		{name: "line extra", q: qOutput, r: Response{Text: "1\n2\n3"}, v: en, verdict: Wrong, feedback: []string{`line 3: unexpected "3"`}},
		{name: "wrong order", q: qOutput, r: Response{Text: "2\n1"}, v: zh, verdict: Wrong, feedback: []string{`第 1 行：应为 "1"，实际为 "2"`}},
		{name: "full-width typed", q: qOutput, r: Response{Text: "１\n２"}, v: en, verdict: Correct, score: 1},
		{name: "no answer", q: qOutput, r: Response{}, v: en, verdict: Wrong, feedback: []string{"no answer"}},
		{name: "nothing printed, nothing typed", q: qOutputNothing, r: Response{}, v: en, verdict: Correct, score: 1},
	})
}

func TestCheckCloze(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "all right", q: qCloze, r: Response{Blanks: []string{"Lock", "acquire", "release"}}, v: en, verdict: Correct, score: 1, expected: "Lock | acquire | release", feedback: []string{}},
		{name: "other accepted", q: qCloze, r: Response{Blanks: []string{"rlock", " acquire ", "release."}}, v: en, verdict: Correct, score: 1},
		{name: "call is not the name", q: qCloze, r: Response{Blanks: []string{"Lock", "acquire", "release()"}}, v: en, verdict: Partial, score: 2.0 / 3},
		{name: "one wrong", q: qCloze, r: Response{Blanks: []string{"Lock", "get", "release"}}, v: en, verdict: Partial, score: 2.0 / 3, feedback: []string{`blank 2: expected "acquire"`}},
		{name: "typo", q: qCloze, r: Response{Blanks: []string{"Lock", "aquire", "release"}}, v: en, verdict: Correct, score: 1, typo: true,
			feedback: []string{`blank 2: accepted, with a typo: you wrote "aquire", expected "acquire"`}},
		{name: "missing blanks", q: qCloze, r: Response{Blanks: []string{"Lock"}}, v: zh, verdict: Partial, score: 1.0 / 3,
			feedback: []string{`第 2 空：应为 "acquire"`, `第 3 空：应为 "release"`}},
		{name: "all wrong", q: qCloze, r: Response{Blanks: []string{"a", "b", "c"}}, v: en, verdict: Wrong},
		{name: "no answer", q: qCloze, r: Response{Blanks: []string{"", " "}}, v: en, verdict: Wrong, feedback: []string{"no answer"}},
		{name: "symbol answer", q: qClozeOne, r: Response{Blanks: []string{"|"}}, v: en, verdict: Correct, score: 1},
	})
}

func TestCheckOpen(t *testing.T) {
	tests := []struct {
		checkCase
		covered []int
	}{
		{checkCase{name: "all points", q: qOpen, r: Response{Text: "Use a lock so the update is atomic; otherwise a race condition loses increments."}, v: en, verdict: Correct, score: 1,
			expected: "lock; race condition; atomic", feedback: []string{"covered: lock", "covered: race condition", "covered: atomic"}}, []int{0, 1, 2}},
		{checkCase{name: "required reached", q: qOpen, r: Response{Text: "A mutex prevents data races."}, v: en, verdict: Correct, score: 2.0 / 3,
			feedback: []string{"covered: lock", "covered: race condition", "missing: atomic"}}, []int{0, 1}},
		{checkCase{name: "one point", q: qOpen, r: Response{Text: "Locking helps."}, v: en, verdict: Partial, score: 1.0 / 3}, []int{0}},
		{checkCase{name: "word boundaries", q: qOpen, r: Response{Text: "Threads block on a deadlock; the operation is atomically done."}, v: en, verdict: Wrong, score: 0}, nil},
		{checkCase{name: "chinese answer", q: qOpen, r: Response{Text: "用互斥锁保证原子性，避免竞态 条件。"}, v: zh, verdict: Correct, score: 1,
			expected: "锁; 竞态条件; 原子", feedback: []string{"已答到：锁", "已答到：竞态条件", "已答到：原子"}}, []int{0, 1, 2}},
		{checkCase{name: "mixed languages", q: qOpen, r: Response{Text: "加lock防止race condition"}, v: zh, verdict: Correct, score: 2.0 / 3,
			feedback: []string{"已答到：锁", "已答到：竞态条件", "未答到：原子"}}, []int{0, 1}},
		{checkCase{name: "full-width", q: qOpen, r: Response{Text: "ＬＯＣＫＳ ａｎｄ ＡＴＯＭＩＣ"}, v: en, verdict: Correct, score: 2.0 / 3}, []int{0, 2}},
		{checkCase{name: "hyphen or space", q: qOpenAll, r: Response{Text: "Copy on write pages after os.fork()."}, v: en, verdict: Correct, score: 1}, []int{0, 1}},
		{checkCase{name: "code needs its punctuation", q: qOpenAll, r: Response{Text: "copy-on-write after os fork"}, v: en, verdict: Partial, score: 0.5,
			feedback: []string{"covered: copy-on-write", "missing: os.fork()"}}, []int{0}},
		{checkCase{name: "nothing", q: qOpen, r: Response{Text: "no idea"}, v: en, verdict: Wrong, score: 0}, nil},
		{checkCase{name: "no answer", q: qOpen, r: Response{Text: " \n "}, v: en, verdict: Wrong, feedback: []string{"no answer"}}, nil},
		{checkCase{name: "no key points", q: &content.Question{Type: content.Open}, r: Response{Text: "anything"}, v: en, verdict: Correct, score: 1}, nil},
	}
	for _, tt := range tests {
		runCheckCases(t, []checkCase{tt.checkCase})
		t.Run(tt.name+"/covered", func(t *testing.T) {
			got := Check(tt.q, tt.r, tt.v)
			if !slices.Equal(got.Covered, tt.covered) {
				t.Errorf("covered: got %v, want %v", got.Covered, tt.covered)
			}
			if len(got.Covered)+len(got.Missing) != len(tt.q.KeyPoints) && len(got.Feedback) > 0 && got.Feedback[0] != "no answer" {
				t.Errorf("covered %v and missing %v do not add up to %d key points", got.Covered, got.Missing, len(tt.q.KeyPoints))
			}
		})
	}
}

func TestCheckMalformed(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "nil question", q: nil, r: Response{Text: "x"}, v: en, verdict: Wrong, feedback: []string{"no question"}},
		{name: "unknown type", q: &content.Question{Type: "essay"}, r: Response{Text: "x"}, v: en, verdict: Wrong, feedback: []string{`cannot check a question of type "essay"`}},
		{name: "single without choices", q: &content.Question{Type: content.Single, Choice: 0}, r: Response{Picks: []int{0}}, v: en, verdict: Wrong},
		{name: "multiple without answer", q: &content.Question{Type: content.Multiple, Choices: qMultiple.Choices}, r: Response{Picks: []int{0}}, v: en, verdict: Wrong},
		{name: "ordering of one", q: &content.Question{Type: content.Ordering, Choices: qMultiple.Choices[:1], ChoiceSet: []int{0}}, r: Response{Picks: []int{0}}, v: en, verdict: Correct, score: 1},
	})
}

// TestCheckReference checks that every fixture's answer key passes its own
// checker, in every view.
func TestCheckReference(t *testing.T) {
	for _, q := range fixtures {
		for _, v := range []View{en, zh, shuffled} {
			t.Run(q.ID+"/"+v.Lang, func(t *testing.T) {
				if len(v.Perm) > 0 && len(v.Perm) != len(q.Choices) {
					t.Skip("perm does not fit")
				}
				got := Check(q, Reference(q), v)
				if got.Verdict != Correct || got.Score != 1 || got.Typo {
					t.Errorf("got %v %v typo=%v %q, want correct 1", got.Verdict, got.Score, got.Typo, got.Feedback)
				}
			})
		}
	}
}

// TestCheckLongAnswer checks that enormous answers are cut, not choked on.
func TestCheckLongAnswer(t *testing.T) {
	long := strings.Repeat("lock race condition atomic ", 100000) // 2.7 MB
	for _, q := range fixtures {
		t.Run(q.ID, func(t *testing.T) {
			got := Check(q, Response{Text: long, Blanks: []string{long, long, long}, Picks: make([]int, 1e5)}, en)
			if got.Score < 0 || got.Score > 1 {
				t.Errorf("score: got %v, want 0..1", got.Score)
			}
		})
	}
}

// FuzzCheck checks that no answer makes Check panic or score out of range.
func FuzzCheck(f *testing.F) {
	f.Add(uint8(0), "semaphore", []byte{1}, "Lock|acquire", uint8(0))
	f.Add(uint8(5), "ＳＥＭＡＰＨＯＲ", []byte{}, "", uint8(1))
	f.Add(uint8(9), "2,000,000", []byte{0, 2}, "", uint8(2))
	f.Add(uint8(12), "1\r\n2  \n\n", []byte{2, 0, 1, 3}, "", uint8(3))
	f.Add(uint8(15), "", []byte{}, "Lock|aquire|\xff", uint8(0))
	f.Add(uint8(17), "用互斥锁保证原子性 lock locks", []byte{255, 3, 3}, "", uint8(1))
	f.Fuzz(func(t *testing.T, which uint8, text string, picks []byte, blanks string, view uint8) {
		q := fixtures[int(which)%len(fixtures)]
		r := Response{Text: text, Blanks: strings.Split(blanks, "|")}
		for _, p := range picks {
			r.Picks = append(r.Picks, int(int8(p)))
		}
		v := []View{en, zh, shuffled, {Perm: []int{1, 0}}}[int(view)%4]
		got := Check(q, r, v)
		if math.IsNaN(got.Score) || got.Score < 0 || got.Score > 1 {
			t.Fatalf("score %v out of range", got.Score)
		}
		if got.Verdict == Correct && got.Score == 0 || got.Verdict == Wrong && got.Score == 1 {
			t.Fatalf("verdict %v with score %v", got.Verdict, got.Score)
		}
	})
}

func BenchmarkCheckOpen(b *testing.B) {
	q := &content.Question{ID: "bench", Type: content.Open}
	for i := range 10 {
		q.KeyPoints = append(q.KeyPoints, content.KeyPoint{
			"en": {strings.Repeat("x", i) + "condition variable", "wait and notify", "spurious wakeup" + strings.Repeat("s", i%2)},
			"zh": {"条件变量" + strings.Repeat("甲", i), "虚假唤醒"},
		})
	}
	para := "A condition variable lets threads wait until notified; always re-check the predicate in a loop, " +
		"because of spurious wakeups. 条件变量让线程等待通知，必须在循环里重新检查条件，因为可能出现虚假唤醒。 "
	answer := strings.Repeat(para, 2048/len(para)+1)[:2048]
	r := Response{Text: answer}
	b.ReportAllocs()
	for b.Loop() {
		Check(q, r, en)
	}
}

func TestLIS(t *testing.T) {
	tests := []struct {
		name string
		xs   []int
		want int // length; the indexes must pick an increasing run
	}{
		{"empty", nil, 0},
		{"sorted", []int{0, 1, 2, 3}, 4},
		{"reversed", []int{3, 2, 1, 0}, 1},
		{"one moved", []int{1, 2, 3, 0}, 3},
		{"interleaved", []int{2, 0, 3, 1, 4}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lis(tt.xs)
			if len(got) != tt.want {
				t.Fatalf("lis(%v) = %v, want length %d", tt.xs, got, tt.want)
			}
			for k := 1; k < len(got); k++ {
				if got[k] <= got[k-1] || tt.xs[got[k]] <= tt.xs[got[k-1]] {
					t.Fatalf("lis(%v) = %v, not an increasing subsequence", tt.xs, got)
				}
			}
		})
	}
}
