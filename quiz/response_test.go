package quiz

import (
	"slices"
	"strings"
	"testing"

	"github.com/cram-dev/cram/content"
)

type parseCase struct {
	name string
	q    *content.Question
	line string
	v    View
	want Response
	err  string // the whole error message, when one is expected
}

func runParseCases(t *testing.T, tests []parseCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseResponse(tt.q, tt.line, tt.v)
			switch {
			case tt.err != "" && err == nil:
				t.Fatalf("ParseResponse(%q): got %+v, want error %q", tt.line, got, tt.err)
			case tt.err != "" && err.Error() != tt.err:
				t.Fatalf("ParseResponse(%q): got error %q, want %q", tt.line, err, tt.err)
			case tt.err == "" && err != nil:
				t.Fatalf("ParseResponse(%q): got error %q, want %+v", tt.line, err, tt.want)
			}
			if got.Text != tt.want.Text || !slices.Equal(got.Picks, tt.want.Picks) || !slices.Equal(got.Blanks, tt.want.Blanks) {
				t.Errorf("ParseResponse(%q): got %+v, want %+v", tt.line, got, tt.want)
			}
		})
	}
}

func picks(p ...int) Response { return Response{Picks: p} }

func TestParseResponseSingle(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "letter", q: qSingle, line: "B", v: en, want: picks(1)},
		{name: "lower case", q: qSingle, line: "b", v: en, want: picks(1)},
		{name: "full-width", q: qSingle, line: "Ｂ", v: en, want: picks(1)},
		{name: "number", q: qSingle, line: "2", v: en, want: picks(1)},
		{name: "full-width number", q: qSingle, line: "２", v: en, want: picks(1)},
		{name: "with punctuation", q: qSingle, line: " (B). ", v: en, want: picks(1)},
		{name: "repeated", q: qSingle, line: "B b", v: en, want: picks(1)},
		{name: "shuffled", q: qSingle, line: "A", v: shuffled, want: picks(3)},
		{name: "shuffled number", q: qSingle, line: "3", v: shuffled, want: picks(0)},
		{name: "blank line", q: qSingle, line: "  \t", v: en, want: Response{}},
		{name: "letter out of range", q: qSingle, line: "F", v: en, err: `"F" is not a choice (A–D)`},
		{name: "lower-case letter out of range", q: qSingle, line: "f", v: en, err: `"F" is not a choice (A–D)`},
		{name: "letter out of range in chinese", q: qSingle, line: "Ｆ", v: zh, err: `"F" 不是选项（A–D）`},
		{name: "number out of range", q: qSingle, line: "5", v: en, err: `"5" is not a choice (1–4)`},
		{name: "zero", q: qSingle, line: "0", v: en, err: `"0" is not a choice (1–4)`},
		{name: "huge number", q: qSingle, line: "99999999999999999999", v: en, err: `"99999999999999999999" is not a choice (1–4)`},
		{name: "mixed field", q: qSingle, line: "b2", v: en, err: `"b2" is not a choice (A–D)`},
		{name: "chinese word", q: qSingle, line: "第二个", v: zh, err: `"第二个" 不是选项（A–D）`},
		{name: "two letters", q: qSingle, line: "A C", v: en, err: "pick one choice"},
		{name: "two letters in chinese", q: qSingle, line: "AC", v: zh, err: "请只选一项"},
		{name: "only separators", q: qSingle, line: ", .", v: en, err: "pick one choice"},
		{name: "bad view", q: qSingle, line: "A", v: View{Perm: []int{0, 1}}, err: "the displayed choices do not match the question"},
		{name: "no choices", q: &content.Question{Type: content.Single}, line: "A", v: en, err: "this question has no choices"},
	})
}

func TestParseResponseMultiple(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "spaced", q: qMultiple, line: "A C", v: en, want: picks(0, 2)},
		{name: "run together", q: qMultiple, line: "AC", v: en, want: picks(0, 2)},
		{name: "commas", q: qMultiple, line: "a,c", v: en, want: picks(0, 2)},
		{name: "comma and space", q: qMultiple, line: "A, C", v: en, want: picks(0, 2)},
		{name: "numbers", q: qMultiple, line: "1 3", v: en, want: picks(0, 2)},
		{name: "reversed is sorted", q: qMultiple, line: "C A", v: en, want: picks(0, 2)},
		{name: "full-width comma", q: qMultiple, line: "Ａ，Ｃ", v: zh, want: picks(0, 2)},
		{name: "enumeration comma", q: qMultiple, line: "A、C", v: zh, want: picks(0, 2)},
		{name: "chinese and", q: qMultiple, line: "A和C", v: zh, want: picks(0, 2)},
		{name: "english and", q: qMultiple, line: "A and C", v: en, want: picks(0, 2)},
		{name: "repeats", q: qMultiple, line: "A A C", v: en, want: picks(0, 2)},
		{name: "one", q: qMultiple, line: "d", v: en, want: picks(3)},
		{name: "shuffled", q: qMultiple, line: "C D", v: shuffled, want: picks(0, 2)},
		{name: "out of range", q: qMultiple, line: "A C E", v: en, err: `"E" is not a choice (A–D)`},
		{name: "only separators", q: qMultiple, line: ",", v: en, err: "pick at least one choice"},
	})
}

func TestParseResponseOrdering(t *testing.T) {
	key := picks(2, 0, 1, 3)
	runParseCases(t, []parseCase{
		{name: "spaced", q: qOrdering, line: "C A B D", v: en, want: key},
		{name: "run together", q: qOrdering, line: "CABD", v: en, want: key},
		{name: "commas", q: qOrdering, line: "c,a,b,d", v: en, want: key},
		{name: "dashes", q: qOrdering, line: "c-a-b-d", v: en, want: key},
		{name: "arrows", q: qOrdering, line: "C > A > B > D", v: en, want: key},
		{name: "unicode arrows", q: qOrdering, line: "C→A→B→D", v: zh, want: key},
		{name: "full-width", q: qOrdering, line: "ＣＡＢＤ", v: zh, want: key},
		{name: "numbers", q: qOrdering, line: "3 1 2 4", v: en, want: key},
		{name: "wrong but complete", q: qOrdering, line: "A B C D", v: en, want: picks(0, 1, 2, 3)},
		{name: "shuffled", q: qOrdering, line: "D C B A", v: shuffled, want: key},
		{name: "missing one", q: qOrdering, line: "C A B", v: en, err: "give all 4 letters (missing: D)"},
		{name: "missing two in chinese", q: qOrdering, line: "CA", v: zh, err: "请给出全部 4 个字母（缺少：B, D）"},
		{name: "missing, shuffled", q: qOrdering, line: "D C B", v: shuffled, err: "give all 4 letters (missing: A)"},
		{name: "twice", q: qOrdering, line: "C A A B D", v: en, err: `"A" is given twice`},
		{name: "out of range", q: qOrdering, line: "C A B E", v: en, err: `"E" is not a choice (A–D)`},
	})
}

func TestParseResponseTrueFalse(t *testing.T) {
	var tests []parseCase
	for _, w := range []string{"true", "True", "T", "yes", "Y", "对", "是", "正确", "真", "√", "✓", "对的", "ＴＲＵＥ", "true.", " 对！"} {
		tests = append(tests, parseCase{name: w, q: qTrue, line: w, v: en, want: Response{Text: "true"}})
	}
	for _, w := range []string{"false", "F", "no", "n", "错", "否", "错误", "假", "×", "✗", "不对", "No!"} {
		tests = append(tests, parseCase{name: w, q: qTrue, line: w, v: en, want: Response{Text: "false"}})
	}
	tests = append(tests,
		parseCase{name: "unreadable", q: qTrue, line: "maybe", v: en, err: `"maybe" is not true or false`},
		parseCase{name: "unreadable in chinese", q: qTrue, line: "也许", v: zh, err: `"也许" 不是“对”或“错”`},
		parseCase{name: "blank", q: qTrue, line: "", v: en, want: Response{}},
	)
	runParseCases(t, tests)
}

func TestParseResponseNumeric(t *testing.T) {
	two := Response{Text: "2000000"}
	five := Response{Text: "5"}
	runParseCases(t, []parseCase{
		{name: "plain", q: qNumeric, line: "2000000", v: en, want: two},
		{name: "commas", q: qNumeric, line: "2,000,000", v: en, want: two},
		{name: "exponent", q: qNumeric, line: "2e6", v: en, want: two},
		{name: "exponent with sign", q: qNumeric, line: "2E+06", v: en, want: two},
		{name: "spaces", q: qNumeric, line: "2 000 000", v: en, want: two},
		{name: "no-break spaces", q: qNumeric, line: "2\u00a0000\u202f000", v: en, want: two},
		{name: "underscores", q: qNumeric, line: "2_000_000", v: en, want: two},
		{name: "full-width", q: qNumeric, line: "２，０００，０００", v: zh, want: two},
		{name: "fraction", q: qNumeric, line: "2,000.5", v: en, want: Response{Text: "2000.5"}},
		{name: "leading point", q: qNumeric, line: ".5", v: en, want: Response{Text: "0.5"}},
		{name: "trailing point", q: qNumeric, line: "5.", v: en, want: five},
		{name: "minus sign", q: qNumeric, line: "−5", v: en, want: Response{Text: "-5"}},
		{name: "plus sign", q: qNumeric, line: "+5", v: en, want: five},
		{name: "unit attached", q: qMS, line: "5ms", v: en, want: five},
		{name: "unit spaced", q: qMS, line: "5 ms", v: en, want: five},
		{name: "unit upper case", q: qMS, line: "5 MS", v: en, want: five},
		{name: "unit in chinese", q: qMS, line: "5毫秒", v: zh, want: five},
		{name: "unit spelt out", q: qMS, line: "5 milliseconds", v: en, want: five},
		{name: "unit inflected", q: &content.Question{Type: content.Numeric, Unit: "thread"}, line: "4 threads", v: en, want: Response{Text: "4"}},
		{name: "percent", q: &content.Question{Type: content.Numeric, Unit: "%"}, line: "50%", v: en, want: Response{Text: "50"}},
		{name: "wrong unit", q: qMS, line: "5 s", v: en, err: `"5 s": give the number in ms`},
		{name: "wrong unit in chinese", q: qMS, line: "5秒", v: zh, err: `"5秒"：请以 ms 为单位作答`},
		{name: "unit where none is asked", q: qNumeric, line: "5 apples", v: en, err: `"5 apples" is not a number`},
		{name: "garbage", q: qNumeric, line: "abc", v: en, err: `"abc" is not a number`},
		{name: "garbage in chinese", q: qNumeric, line: "两百万", v: zh, err: `"两百万" 不是数字`},
		{name: "decimal comma refused", q: qNumeric, line: "2,5", v: en, err: `"2,5" is not a number`},
		{name: "bad grouping", q: qNumeric, line: "2000,000", v: en, err: `"2000,000" is not a number`},
		{name: "two numbers", q: qNumeric, line: "2 3", v: en, err: `"2 3" is not a number`},
		{name: "sign only", q: qNumeric, line: "-", v: en, err: `"-" is not a number`},
		{name: "dangling exponent", q: qNumeric, line: "1e", v: en, err: `"1e" is not a number`},
		{name: "too large", q: qNumeric, line: "1e999", v: en, err: `"1e999" is too large`},
		{name: "infinity refused", q: qNumeric, line: "inf", v: en, err: `"inf" is not a number`},
		{name: "hex refused", q: qNumeric, line: "0x10", v: en, err: `"0x10" is not a number`},
		{name: "blank", q: qNumeric, line: " ", v: en, want: Response{}},
	})
}

func TestParseResponseText(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "output lines", q: qOutput, line: `1\n2`, v: en, want: Response{Text: "1\n2"}},
		{name: "output backslash", q: qOutput, line: `a\\nb\n2`, v: en, want: Response{Text: "a\\nb\n2"}},
		{name: "output one line verbatim", q: qOutputOneLine, line: `'a\nb'`, v: en, want: Response{Text: `'a\nb'`}},
		{name: "cloze blanks", q: qCloze, line: "Lock|acquire|release", v: en, want: Response{Blanks: []string{"Lock", "acquire", "release"}}},
		{name: "cloze spaced", q: qCloze, line: "Lock | acquire | release", v: en, want: Response{Blanks: []string{"Lock ", " acquire ", " release"}}},
		{name: "cloze empty blank", q: qCloze, line: "Lock||release", v: en, want: Response{Blanks: []string{"Lock", "", "release"}}},
		{name: "cloze escaped bar", q: qCloze, line: `a\|b|c|d`, v: en, want: Response{Blanks: []string{"a|b", "c", "d"}}},
		{name: "cloze too few", q: qCloze, line: "Lock|acquire", v: en, err: "give 3 answers separated by | (got 2)"},
		{name: "cloze too many in chinese", q: qCloze, line: "a|b|c|d", v: zh, err: "请用 | 分隔 3 个答案（收到 4 个）"},
		{name: "cloze single blank takes the line", q: qClozeOne, line: "|", v: en, want: Response{Blanks: []string{"|"}}},
		{name: "short as typed", q: qShort, line: " Semaphore ", v: en, want: Response{Text: " Semaphore "}},
		{name: "open as typed", q: qOpen, line: "用锁", v: zh, want: Response{Text: "用锁"}},
		{name: "nil question", q: nil, line: "x", v: en, err: "no question"},
		{name: "unknown type", q: &content.Question{Type: "essay"}, line: "x", v: en, err: `cannot check a question of type "essay"`},
	})
}

func TestParseResponseLongLine(t *testing.T) {
	long := strings.Repeat("a", 10*MaxAnswerBytes)
	got, err := ParseResponse(qShort, long, en)
	if err != nil || len(got.Text) != MaxAnswerBytes {
		t.Errorf("got %d bytes, error %v; want %d bytes", len(got.Text), err, MaxAnswerBytes)
	}
}

// TestParseExpected checks that what Check shows as the expected answer
// reads back as a correct answer, where the form allows it.
func TestParseExpected(t *testing.T) {
	for _, q := range fixtures {
		switch {
		case q.Type == content.Single, q.Type == content.Numeric && q.Tolerance > 0:
			continue // "B. threading.Lock" and "3.5 (± 0.5)" are for reading
		}
		for _, v := range []View{en, zh, shuffled} {
			t.Run(q.ID+"/"+v.Lang, func(t *testing.T) {
				if len(v.Perm) > 0 && len(v.Perm) != len(q.Choices) {
					t.Skip("perm does not fit")
				}
				exp := Check(q, Reference(q), v).Expected
				r, err := ParseResponse(q, exp, v)
				if err != nil {
					t.Fatalf("ParseResponse(%q): %v", exp, err)
				}
				if got := Check(q, r, v); got.Verdict != Correct {
					t.Errorf("Check(ParseResponse(%q)): got %v %q, want correct", exp, got.Verdict, got.Feedback)
				}
			})
		}
	}
}

func TestResponseEmpty(t *testing.T) {
	tests := []struct {
		name string
		r    Response
		want bool
	}{
		{"zero", Response{}, true},
		{"spaces", Response{Text: " \n", Blanks: []string{"", " "}}, true},
		{"text", Response{Text: "x"}, false},
		{"picks", Response{Picks: []int{0}}, false},
		{"a blank", Response{Blanks: []string{"", "x"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Empty(); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzParseResponse checks that no line makes ParseResponse or Check panic,
// and that accepted choice answers only name real choices.
func FuzzParseResponse(f *testing.F) {
	for _, s := range []string{
		"B", "a,c", "C A B D", "c-a-b-d", "3 1 2 4", "F", "对", "√", "2,000,000", "２e６", "5 ms", "1e999",
		`1\n2`, `a\|b|c`, "Lock|acquire|release", "全局解释器锁", "\xff\x00", "", "and", "0",
	} {
		f.Add(uint8(0), s, false)
	}
	f.Fuzz(func(t *testing.T, which uint8, line string, shuffle bool) {
		q := fixtures[int(which)%len(fixtures)]
		v := en
		if shuffle && len(q.Choices) == 4 {
			v = shuffled
		}
		r, err := ParseResponse(q, line, v)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for _, p := range r.Picks {
			if p < 0 || p >= len(q.Choices) {
				t.Fatalf("ParseResponse(%q) picked %d of %d choices", line, p, len(q.Choices))
			}
		}
		if q.Type == content.Ordering && len(r.Picks) > 0 && len(r.Picks) != len(q.Choices) {
			t.Fatalf("ParseResponse(%q) ordered %d of %d choices", line, len(r.Picks), len(q.Choices))
		}
		Check(q, r, v)
	})
}
