package quiz

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/cram-dev/cram/content"
)

// Response is a learner's answer in canonical form. Choice indexes refer to
// the bank's original choice order, whatever order the choices were shown in.
type Response struct {
	Text   string   // truefalse ("true", "false"), short, numeric, output, open
	Picks  []int    // single (one index), multiple (a set), ordering (a sequence)
	Blanks []string // cloze, one per blank
}

// Empty reports whether r holds no answer at all.
func (r Response) Empty() bool {
	if strings.TrimSpace(r.Text) != "" || len(r.Picks) > 0 {
		return false
	}
	for _, b := range r.Blanks {
		if strings.TrimSpace(b) != "" {
			return false
		}
	}
	return true
}

// View is how a question was shown: the language and the displayed choice
// order.
type View struct {
	Lang     string
	Fallback []string // the bank's languages
	Perm     []int    // Perm[displayed position] = original choice index; nil = identity
}

// order returns the displayed order of n choices, and false (with the
// identity) when Perm is not a permutation of 0..n-1.
func (v View) order(n int) ([]int, bool) {
	ok := v.Perm == nil
	if len(v.Perm) == n {
		ok = true
		seen := make([]bool, n)
		for _, i := range v.Perm {
			if i < 0 || i >= n || seen[i] {
				ok = false
				break
			}
			seen[i] = true
		}
		if ok {
			return v.Perm, true
		}
	}
	id := make([]int, n)
	for i := range id {
		id[i] = i
	}
	return id, ok
}

// Reference returns the answer key of q as a Response, the one Check grades
// Correct: the content guard test checks every bank question with it. For
// open questions it is the first phrasing of every key point.
func Reference(q *content.Question) Response {
	switch q.Type {
	case content.Single:
		return Response{Picks: []int{q.Choice}}
	case content.Multiple, content.Ordering:
		return Response{Picks: slices.Clone(q.ChoiceSet)}
	case content.TrueFalse:
		return Response{Text: strconv.FormatBool(q.Bool)}
	case content.Short:
		if len(q.Accepted) > 0 {
			return Response{Text: q.Accepted[0]}
		}
	case content.Numeric:
		return Response{Text: formatNumber(q.Number)}
	case content.Output:
		return Response{Text: q.Expected}
	case content.Cloze:
		bs := make([]string, len(q.Blanks))
		for i, acc := range q.Blanks {
			if len(acc) > 0 {
				bs[i] = acc[0]
			}
		}
		return Response{Blanks: bs}
	case content.Open:
		var ps []string
		for _, k := range q.KeyPoints {
			ps = append(ps, k.Label("", nil))
		}
		return Response{Text: strings.Join(ps, ". ")}
	}
	return Response{}
}

// ParseResponse turns one line typed in plain mode into a Response, mapping
// displayed letters through v.Perm. A blank line is the empty Response, which
// Check grades Wrong with "no answer"; ParseResponse only refuses lines it
// cannot read, with an error to show the learner as it is, in the View's
// language. What it reads:
//
//   - single, multiple: letters as "A C", "AC", "a,c", "A, C", or 1-based
//     numbers as "1 3"; full-width letters and CJK separators are fine.
//   - ordering: every letter exactly once, as "C A B D", "CABD", "c,a,b,d",
//     "c-a-b-d" or "C > A > B > D".
//   - truefalse: true/false, t/f, yes/no, y/n, 对/错, 是/否, 正确/错误, 真/假,
//     √/×, ✓/✗.
//   - numeric: "2000000", "2,000,000", "2 000 000", "2_000_000", "2e6",
//     full-width digits, and a trailing unit equal to the question's ("5ms",
//     "5 ms"; 毫秒, 秒 … are accepted for time units).
//   - output: when the expected output has several lines, "\n" typed as two
//     characters separates lines and "\\" stands for one backslash; a
//     one-line output is taken verbatim.
//   - cloze: one answer per blank separated by "|" ("\|" for a literal bar);
//     a single blank takes the whole line.
//   - short, open: the line as typed.
//
// Lines longer than MaxAnswerBytes are cut.
func ParseResponse(q *content.Question, line string, v View) (Response, error) {
	m := messagesFor(v.Lang)
	if q == nil {
		return Response{}, errors.New(m.noQuestion)
	}
	line = truncate(line)
	if strings.TrimSpace(clean(line)) == "" {
		return Response{}, nil
	}
	switch q.Type {
	case content.Single, content.Multiple, content.Ordering:
		return parseChoices(q, line, v, m)
	case content.TrueFalse:
		b, ok := parseBool(line)
		if !ok {
			return Response{}, fmt.Errorf(m.notBool, strings.TrimSpace(line))
		}
		return Response{Text: strconv.FormatBool(b)}, nil
	case content.Numeric:
		x, err := parseNumber(line, q.Unit, m)
		if err != nil {
			return Response{}, err
		}
		return Response{Text: formatNumber(x)}, nil
	case content.Output:
		if strings.Contains(normalizeOutput(q.Expected), "\n") {
			line = unescapeLines(line)
		}
		return Response{Text: line}, nil
	case content.Cloze:
		if len(q.Blanks) <= 1 {
			return Response{Blanks: []string{line}}, nil
		}
		bs := splitBlanks(line)
		if len(bs) != len(q.Blanks) {
			return Response{}, fmt.Errorf(m.giveBlanks, len(q.Blanks), len(bs))
		}
		return Response{Blanks: bs}, nil
	case content.Short, content.Open:
		return Response{Text: line}, nil
	}
	return Response{}, fmt.Errorf(m.unknownType, string(q.Type))
}

// choiceSep reports whether r separates choice letters.
func choiceSep(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(",;.:、。()[]{}<>-/|&+→\"'“”和与及", r) || unicode.Is(unicode.Pd, r)
}

func parseChoices(q *content.Question, line string, v View, m *messages) (Response, error) {
	n := len(q.Choices)
	if n == 0 {
		return Response{}, errors.New(m.noChoices)
	}
	order, ok := v.order(n)
	if !ok {
		return Response{}, errors.New(m.badView)
	}
	last := content.Letter(n - 1)
	var shown []int // displayed positions, as typed
	for _, f := range strings.FieldsFunc(norm.NFKC.String(clean(line)), choiceSep) {
		switch {
		case strings.EqualFold(f, "and"):
		case isASCII(f, isLetter):
			for _, c := range strings.ToUpper(f) {
				p := int(c - 'A')
				if p >= n {
					return Response{}, fmt.Errorf(m.notChoice, string(c), "A", last)
				}
				shown = append(shown, p)
			}
		case isASCII(f, isDigit):
			k, err := strconv.Atoi(f)
			if err != nil || k < 1 || k > n {
				return Response{}, fmt.Errorf(m.notChoice, f, "1", strconv.Itoa(n))
			}
			shown = append(shown, k-1)
		default:
			return Response{}, fmt.Errorf(m.notChoice, f, "A", last)
		}
	}
	picks := make([]int, 0, len(shown))
	for _, p := range shown {
		i := order[p]
		if !slices.Contains(picks, i) {
			picks = append(picks, i)
		} else if q.Type == content.Ordering {
			return Response{}, fmt.Errorf(m.twice, content.Letter(p))
		}
	}
	switch q.Type {
	case content.Single:
		if len(picks) != 1 {
			return Response{}, errors.New(m.pickOne)
		}
	case content.Multiple:
		if len(picks) == 0 {
			return Response{}, errors.New(m.pickSome)
		}
		slices.Sort(picks)
	case content.Ordering:
		if len(picks) < n {
			var missing []string
			for p, i := range order {
				if !slices.Contains(picks, i) {
					missing = append(missing, content.Letter(p))
				}
			}
			return Response{}, fmt.Errorf(m.giveAll, n, strings.Join(missing, ", "))
		}
	}
	return Response{Picks: picks}, nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func isASCII(s string, class func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !class(s[i]) {
			return false
		}
	}
	return s != ""
}

var (
	trueWords  = []string{"true", "t", "yes", "y", "对", "是", "正确", "真", "对的", "是的", "√", "✓", "✔", "☑"}
	falseWords = []string{"false", "f", "no", "n", "错", "否", "错误", "假", "不对", "不是", "不正确", "错的", "×", "✗", "✘", "x", "☒"}
)

// parseBool reads a true-or-false answer in English or Chinese, or as a
// check mark or cross.
func parseBool(s string) (b, ok bool) {
	s = noSpace(Normalize(s))
	switch {
	case slices.Contains(trueWords, s):
		return true, true
	case slices.Contains(falseWords, s):
		return false, true
	}
	return false, false
}

// unitAliases lists other ways of writing the time units numeric questions
// use, so that a learner may type 5毫秒 or 5 msec for 5 ms.
var unitAliases = map[string][]string{
	"s":  {"s", "sec", "secs", "second", "seconds", "秒"},
	"ms": {"ms", "msec", "msecs", "millisecond", "milliseconds", "毫秒"},
	"μs": {"μs", "us", "usec", "usecs", "microsecond", "microseconds", "微秒"},
	"us": {"μs", "us", "usec", "usecs", "microsecond", "microseconds", "微秒"},
	"ns": {"ns", "nsec", "nsecs", "nanosecond", "nanoseconds", "纳秒"},
}

// unitMatches reports whether typed is the unit, an inflection of it
// (threads for thread) or an alias of it.
func unitMatches(typed, unit string) bool {
	typed, unit = Normalize(typed), Normalize(unit)
	if typed == unit || sameWord(typed, unit) {
		return true
	}
	return slices.Contains(unitAliases[unit], typed)
}

// parseNumber reads a number as a learner types it: an optional sign, digits
// optionally grouped in threes by commas, spaces, underscores or
// apostrophes (so "2,5" is refused rather than read as 25), an optional
// fraction after a point, an optional exponent, and an optional trailing
// unit, which must be unit. Full-width forms are read through NFKC.
func parseNumber(text, unit string, m *messages) (float64, error) {
	s := strings.TrimSpace(norm.NFKC.String(clean(text)))
	bad := fmt.Errorf(m.notNumber, s)
	s = strings.ReplaceAll(s, "−", "-") // U+2212 MINUS SIGN, which NFKC keeps
	var b strings.Builder
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		b.WriteByte(s[i])
		i++
	}
	nd, mant := 0, 0 // digits in the current group, digits in the mantissa
	for i < len(s) {
		c := s[i]
		if isDigit(c) {
			b.WriteByte(c)
			nd++
			mant++
			i++
			continue
		}
		if strings.IndexByte(",_ '", c) >= 0 && nd > 0 && i+1 < len(s) && isDigit(s[i+1]) {
			j := i + 1
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if nd > 3 || j-i-1 != 3 {
				return 0, bad
			}
			nd = 0
			i++
			continue
		}
		break
	}
	if i < len(s) && s[i] == '.' {
		b.WriteByte('.')
		i++
		for i < len(s) && isDigit(s[i]) {
			b.WriteByte(s[i])
			mant++
			i++
		}
	}
	if mant == 0 {
		return 0, bad
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			b.WriteString(s[i:j])
			for j < len(s) && isDigit(s[j]) {
				b.WriteByte(s[j])
				j++
			}
			i = j
		}
	}
	if rest := strings.TrimSpace(s[i:]); rest != "" {
		switch {
		case unit != "" && unitMatches(rest, unit):
		case unit != "" && !strings.ContainsFunc(rest, unicode.IsDigit):
			return 0, fmt.Errorf(m.wrongUnit, s, unit)
		default:
			return 0, bad
		}
	}
	x, err := strconv.ParseFloat(b.String(), 64)
	if math.IsInf(x, 0) {
		return 0, fmt.Errorf(m.tooLarge, s)
	}
	if err != nil {
		return 0, bad
	}
	return x, nil
}

// unescapeLines turns "\n" typed as two characters into a line break and
// "\\" into one backslash.
func unescapeLines(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == 'n' || s[i+1] == '\\') {
			if s[i+1] == 'n' {
				b.WriteByte('\n')
			} else {
				b.WriteByte('\\')
			}
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// splitBlanks splits a line on "|", except where written "\|".
func splitBlanks(s string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '|':
			b.WriteByte('|')
			i++
		case s[i] == '|':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(out, b.String())
}
