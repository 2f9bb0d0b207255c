package quiz

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/cram-dev/cram/content"
)

// Verdict is the outcome of checking one answer.
type Verdict int

// The verdicts, from worst to best.
const (
	Wrong Verdict = iota
	Partial
	Correct
)

// String returns "wrong", "partial" or "correct".
func (v Verdict) String() string {
	switch v {
	case Wrong:
		return "wrong"
	case Partial:
		return "partial"
	case Correct:
		return "correct"
	}
	return "Verdict(" + strconv.Itoa(int(v)) + ")"
}

// Result is the outcome of checking an answer, ready to show: Expected and
// Feedback use the View's language and displayed letters.
type Result struct {
	Verdict Verdict
	// Score is the credit earned, from 0 to 1. It is 1 for a correct answer
	// except for an open answer that covers the required key points but not
	// all of them, which scores covered/total.
	Score float64
	// Expected is the expected answer in displayable form: "B. threading.Lock",
	// "A, C", "C A B D", "2000000 ms", "true"; for open questions, the key
	// point labels.
	Expected string
	// Feedback says what was missed or wrong, one item per line.
	Feedback []string
	// Typo is set when a short answer or a cloze blank was accepted with a typo.
	Typo bool
	// Covered and Missing are the indexes of the open question's key points
	// that the answer covered and missed.
	Covered, Missing []int
}

// Check grades r against q as it was shown in v. It never panics: an empty
// answer is Wrong with the feedback "no answer", answers are cut to
// MaxAnswerBytes, and a malformed question (nil, unknown type, indexes out of
// range) gives Wrong rather than a crash; a v.Perm that is not a permutation
// of q's choices is ignored. Check is safe for concurrent use.
//
// Partial credit: a multiple-choice answer scores (right picks − wrong
// picks) / |answer|, at least 0; an ordering scores by the longest run of
// items already in the right relative order (see checkOrdering); a cloze
// scores the fraction of blanks right; an open answer covered/total key
// points. Only an exact answer is Correct, except for open answers, which
// are Correct when they cover q.Required key points.
func Check(q *content.Question, r Response, v View) Result {
	c := checker{m: messagesFor(v.Lang), v: v}
	if q == nil {
		return Result{Feedback: []string{c.m.noQuestion}}
	}
	c.q = q
	c.order, _ = v.order(len(q.Choices))
	c.pos = make([]int, len(c.order))
	for p, i := range c.order {
		c.pos[i] = p
	}
	switch q.Type {
	case content.Single:
		return c.single(r.Picks)
	case content.Multiple:
		return c.multiple(r.Picks)
	case content.Ordering:
		return c.ordering(r.Picks)
	case content.TrueFalse:
		return c.trueFalse(truncate(r.Text))
	case content.Short:
		return c.short(truncate(r.Text))
	case content.Numeric:
		return c.numeric(truncate(r.Text))
	case content.Output:
		return c.output(truncate(r.Text))
	case content.Cloze:
		return c.cloze(r.Blanks)
	case content.Open:
		return c.open(truncate(r.Text))
	}
	return Result{Feedback: []string{fmt.Sprintf(c.m.unknownType, string(q.Type))}}
}

type checker struct {
	q     *content.Question
	v     View
	m     *messages
	order []int // order[displayed position] = original choice index
	pos   []int // pos[original choice index] = displayed position
}

func (c *checker) validChoice(i int) bool { return i >= 0 && i < len(c.pos) }

// letter returns the displayed letter of original choice i.
func (c *checker) letter(i int) string { return content.Letter(c.pos[i]) }

// letters returns the displayed letters of the valid original choices in
// idx, sorted by displayed position and joined by sep.
func (c *checker) letters(idx []int, sep string) string {
	ps := make([]int, 0, len(idx))
	for _, i := range idx {
		if c.validChoice(i) {
			ps = append(ps, c.pos[i])
		}
	}
	slices.Sort(ps)
	ls := make([]string, len(ps))
	for k, p := range ps {
		ls[k] = content.Letter(p)
	}
	return strings.Join(ls, sep)
}

func (c *checker) text(t content.Text) string { return t.Get(c.v.Lang, c.v.Fallback) }

func (c *checker) single(picks []int) Result {
	res := Result{}
	if c.validChoice(c.q.Choice) {
		res.Expected = c.letter(c.q.Choice) + ". " + c.text(c.q.Choices[c.q.Choice])
	}
	picks = uniq(picks)
	switch {
	case len(picks) == 0:
		res.Feedback = []string{c.m.noAnswer}
	case len(picks) > 1:
		res.Feedback = []string{c.m.pickOne}
	case picks[0] == c.q.Choice && c.validChoice(picks[0]):
		res.Verdict, res.Score = Correct, 1
	case c.validChoice(picks[0]):
		res.Feedback = []string{fmt.Sprintf(c.m.wrongPick, c.letter(picks[0]))}
	}
	return res
}

func (c *checker) multiple(picks []int) Result {
	want := uniq(c.q.ChoiceSet)
	res := Result{Expected: c.letters(want, ", ")}
	picks = uniq(picks)
	if len(picks) == 0 {
		res.Feedback = []string{c.m.noAnswer}
		return res
	}
	var right, wrong, missed []int
	for _, p := range picks {
		if slices.Contains(want, p) {
			right = append(right, p)
		} else {
			wrong = append(wrong, p)
		}
	}
	for _, w := range want {
		if !slices.Contains(picks, w) {
			missed = append(missed, w)
		}
	}
	res.Score = max(0, float64(len(right)-len(wrong))/float64(max(1, len(want))))
	switch {
	case len(wrong) == 0 && len(missed) == 0:
		res.Verdict, res.Score = Correct, 1
	case res.Score > 0:
		res.Verdict = Partial
	}
	if len(missed) > 0 {
		res.Feedback = append(res.Feedback, fmt.Sprintf(c.m.missed, c.letters(missed, ", ")))
	}
	if ls := c.letters(wrong, ", "); ls != "" {
		format := c.m.wrongPick
		if len(wrong) > 1 {
			format = c.m.wrongPicks
		}
		res.Feedback = append(res.Feedback, fmt.Sprintf(format, ls))
	}
	return res
}

// ordering scores by the longest increasing subsequence (LIS) of the answer,
// read as positions in the right order: the items in it are already in the
// right relative order, and the others are the fewest that must move. With n
// items, at most n−1 ever need to move, so the score is
// 1 − moves/(n−1) = (LIS−1)/(n−1): a fully reversed order scores 0, one item
// out of place in four scores 2/3. This beats counting items in their exact
// position, which gives 0 for C A B D answered A B D C (C moved to the end),
// though three of the four are in the right order.
func (c *checker) ordering(picks []int) Result {
	want := c.q.ChoiceSet
	ls := make([]string, 0, len(want))
	for _, w := range want {
		if c.validChoice(w) {
			ls = append(ls, c.letter(w))
		}
	}
	res := Result{Expected: strings.Join(ls, " ")}
	if len(picks) == 0 {
		res.Feedback = []string{c.m.noAnswer}
		return res
	}
	if slices.Equal(picks, want) {
		res.Verdict, res.Score = Correct, 1
		return res
	}
	rank := make(map[int]int, len(want))
	for k, w := range want {
		if _, dup := rank[w]; !dup {
			rank[w] = k
		}
	}
	var given, ranks []int // the answer's known items, in order, and their ranks
	seen := make(map[int]bool, len(want))
	for _, p := range picks {
		if k, ok := rank[p]; ok && !seen[p] {
			seen[p] = true
			given = append(given, p)
			ranks = append(ranks, k)
		}
	}
	keep := lis(ranks)
	if n := len(want); n > 1 && len(keep) > 0 {
		res.Score = float64(len(keep)-1) / float64(n-1)
	}
	if res.Score > 0 {
		res.Verdict = Partial
	}
	var moved []string
	for k, p := range given {
		if !slices.Contains(keep, k) && c.validChoice(p) {
			moved = append(moved, c.letter(p))
		}
	}
	if len(moved) > 0 {
		res.Feedback = append(res.Feedback, fmt.Sprintf(c.m.outOfPlace, strings.Join(moved, ", ")))
	}
	var missing []int
	for _, w := range want {
		if !seen[w] {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		res.Feedback = append(res.Feedback, fmt.Sprintf(c.m.missed, c.letters(missing, ", ")))
	}
	return res
}

// lis returns the indexes into xs of one longest strictly increasing
// subsequence, in order (patience sorting, O(n log n)).
func lis(xs []int) []int {
	var tails []int // tails[l] = index of the smallest tail of an increasing run of length l+1
	parent := make([]int, len(xs))
	for i, x := range xs {
		l, _ := slices.BinarySearchFunc(tails, x, func(t, x int) int { return xs[t] - x })
		if l > 0 {
			parent[i] = tails[l-1]
		} else {
			parent[i] = -1
		}
		if l == len(tails) {
			tails = append(tails, i)
		} else {
			tails[l] = i
		}
	}
	out := make([]int, len(tails))
	if len(tails) == 0 {
		return out
	}
	for k, i := len(tails)-1, tails[len(tails)-1]; k >= 0; k-- {
		out[k] = i
		i = parent[i]
	}
	return out
}

func (c *checker) trueFalse(text string) Result {
	res := Result{Expected: c.m.boolName(c.q.Bool)}
	if Normalize(text) == "" {
		res.Feedback = []string{c.m.noAnswer}
		return res
	}
	b, ok := parseBool(text)
	switch {
	case !ok:
		res.Feedback = []string{fmt.Sprintf(c.m.notBool, strings.TrimSpace(text))}
	case b == c.q.Bool:
		res.Verdict, res.Score = Correct, 1
	}
	return res
}

func (c *checker) short(text string) Result {
	res := Result{}
	if len(c.q.Accepted) > 0 {
		res.Expected = c.q.Accepted[0]
	}
	if Normalize(text) == "" {
		res.Feedback = []string{c.m.noAnswer}
		return res
	}
	m := matchShort(text, c.q.Accepted, pattern(c.q.Pattern))
	if m.ok {
		res.Verdict, res.Score = Correct, 1
	}
	if m.typo {
		res.Typo = true
		res.Feedback = []string{fmt.Sprintf(c.m.typo, strings.TrimSpace(text), m.accepted)}
	}
	return res
}

// shortMatch is how a typed answer compares with a list of accepted answers.
type shortMatch struct {
	ok, typo bool
	accepted string // the accepted answer it matched with a typo, as written in the bank
}

// matchShort compares a typed answer with accepted answers: exactly after
// Normalize (and, when either side has CJK characters, with all spaces
// removed), then against re, then allowing typos (see typoAllowance and
// digits); the closest accepted answer wins.
func matchShort(given string, accepted []string, re *regexp.Regexp) shortMatch {
	g := Normalize(given)
	if g == "" {
		return shortMatch{}
	}
	gs := noSpace(g)
	type cand struct{ raw, norm string }
	cands := make([]cand, 0, len(accepted))
	for _, a := range accepted {
		na := Normalize(a)
		if na == "" {
			continue
		}
		ga := g
		if hasCJK(na) || hasCJK(g) {
			na, ga = noSpace(na), gs
		}
		if ga == na {
			return shortMatch{ok: true}
		}
		cands = append(cands, cand{a, na})
	}
	if re != nil && re.MatchString(g) {
		return shortMatch{ok: true}
	}
	best, bestDist := "", math.MaxInt
	var gr []rune
	for _, a := range cands {
		k := typoAllowance(utf8.RuneCountInString(a.norm))
		if k == 0 {
			continue
		}
		ga := g
		if hasCJK(a.norm) || hasCJK(g) {
			ga = gs
		}
		if digits(ga) != digits(a.norm) {
			continue
		}
		gr = []rune(ga)
		if d := editDistance(gr, []rune(a.norm), k); d <= k && d < bestDist {
			best, bestDist = a.raw, d
		}
	}
	if bestDist == math.MaxInt {
		return shortMatch{}
	}
	return shortMatch{ok: true, typo: true, accepted: best}
}

// patterns caches compiled short-answer patterns; banks hold few and they
// never change once loaded.
var patterns sync.Map // string → *regexp.Regexp, or nil when invalid

// pattern compiles a short answer's pattern. It must match the whole
// normalised answer, case-insensitively: the answer is already lower case,
// and an author who writes "lock" does not mean "not a lock".
func pattern(p string) *regexp.Regexp {
	if p == "" {
		return nil
	}
	if re, ok := patterns.Load(p); ok {
		return re.(*regexp.Regexp)
	}
	re, err := regexp.Compile(`(?i)^(?:` + p + `)$`)
	if err != nil {
		re = nil // the loader reports invalid patterns; here they accept nothing
	}
	patterns.Store(p, re)
	return re
}

func (c *checker) numeric(text string) Result {
	res := Result{Expected: formatNumber(c.q.Number)}
	if c.q.Unit != "" {
		res.Expected += " " + c.q.Unit
	}
	if c.q.Tolerance > 0 {
		res.Expected += " (± " + formatNumber(c.q.Tolerance) + ")"
	}
	if strings.TrimSpace(clean(text)) == "" {
		res.Feedback = []string{c.m.noAnswer}
		return res
	}
	x, err := parseNumber(text, c.q.Unit, c.m)
	if err != nil {
		res.Feedback = []string{err.Error()}
		return res
	}
	if within(x, c.q.Number, c.q.Tolerance) {
		res.Verdict, res.Score = Correct, 1
		return res
	}
	if x > c.q.Number {
		res.Feedback = []string{c.m.tooHigh}
	} else if x < c.q.Number {
		res.Feedback = []string{c.m.tooLow}
	}
	return res
}

// within reports whether |x − want| ≤ tol, allowing for binary rounding:
// 0.1+0.2 is 0.3 here.
func within(x, want, tol float64) bool {
	slack := 1e-9 * max(math.Abs(x), math.Abs(want))
	return math.Abs(x-want) <= max(tol, 0)+slack
}

func formatNumber(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// normalizeOutput puts program output in the form outputs are compared in:
// NFKC (so that a full-width comma typed by a Chinese input method is a
// comma), CRLF and CR line endings as LF, trailing white space dropped from
// every line, and trailing blank lines dropped.
func normalizeOutput(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(norm.NFKC.String(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\v\f\u00a0\u3000")
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

func (c *checker) output(text string) Result {
	want := normalizeOutput(c.q.Expected)
	res := Result{Expected: want}
	got := normalizeOutput(text)
	switch {
	case got == want:
		res.Verdict, res.Score = Correct, 1
		return res
	case got == "":
		res.Feedback = []string{c.m.noAnswer}
		return res
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(gl), len(wl)) {
		switch {
		case i >= len(wl):
			res.Feedback = []string{fmt.Sprintf(c.m.extraLine, i+1, gl[i])}
		case i >= len(gl):
			res.Feedback = []string{fmt.Sprintf(c.m.missingLine, i+1, wl[i])}
		case gl[i] != wl[i]:
			res.Feedback = []string{fmt.Sprintf(c.m.lineDiffers, i+1, wl[i], gl[i])}
		default:
			continue
		}
		break
	}
	return res
}

func (c *checker) cloze(blanks []string) Result {
	n := len(c.q.Blanks)
	exp := make([]string, n)
	for i, acc := range c.q.Blanks {
		if len(acc) > 0 {
			exp[i] = acc[0]
		}
	}
	res := Result{Expected: strings.Join(exp, " | ")}
	empty := true
	for _, b := range blanks[:min(n, len(blanks))] {
		if Normalize(truncate(b)) != "" {
			empty = false
			break
		}
	}
	if empty {
		res.Feedback = []string{c.m.noAnswer}
		return res
	}
	right := 0
	for i, acc := range c.q.Blanks {
		var given string
		if i < len(blanks) {
			given = truncate(blanks[i])
		}
		m := matchShort(given, acc, nil)
		switch {
		case m.typo:
			right++
			res.Typo = true
			res.Feedback = append(res.Feedback, fmt.Sprintf(c.m.blank, i+1,
				fmt.Sprintf(c.m.typo, strings.TrimSpace(given), m.accepted)))
		case m.ok:
			right++
		default:
			res.Feedback = append(res.Feedback, fmt.Sprintf(c.m.blank, i+1, fmt.Sprintf(c.m.expected, exp[i])))
		}
	}
	if n > 0 {
		res.Score = float64(right) / float64(n)
	}
	switch {
	case right == n:
		res.Verdict, res.Score = Correct, 1
	case right > 0:
		res.Verdict = Partial
	}
	return res
}

func (c *checker) open(text string) Result {
	kps := c.q.KeyPoints
	labels := make([]string, len(kps))
	for i, k := range kps {
		labels[i] = k.Label(c.v.Lang, c.v.Fallback)
	}
	res := Result{Expected: strings.Join(labels, "; ")}
	a := newOpenAnswer(text)
	if a.norm == "" {
		res.Feedback = []string{c.m.noAnswer}
		return res
	}
	for i, k := range kps {
		if a.covers(k) {
			res.Covered = append(res.Covered, i)
		} else {
			res.Missing = append(res.Missing, i)
		}
	}
	for _, i := range res.Covered {
		res.Feedback = append(res.Feedback, fmt.Sprintf(c.m.covered, labels[i]))
	}
	for _, i := range res.Missing {
		res.Feedback = append(res.Feedback, fmt.Sprintf(c.m.missing, labels[i]))
	}
	need := c.q.Required
	if need <= 0 || need > len(kps) {
		need = len(kps)
	}
	switch {
	case len(kps) == 0:
		// Nothing to look for: a bank error the loader reports. Any answer will do.
		res.Verdict, res.Score = Correct, 1
		return res
	case len(res.Covered) >= need:
		res.Verdict = Correct
	case len(res.Covered) > 0:
		res.Verdict = Partial
	}
	res.Score = float64(len(res.Covered)) / float64(len(kps))
	return res
}

// openAnswer is an open answer prepared once for matching many phrasings.
type openAnswer struct {
	norm    string  // Normalize(text)
	noSpace string  // norm without spaces, for CJK phrasings
	toks    []token // norm as tokens, for other phrasings
}

func newOpenAnswer(text string) *openAnswer {
	n := Normalize(text)
	return &openAnswer{norm: n, noSpace: noSpace(n), toks: tokenize(n)}
}

// covers reports whether the answer contains any phrasing of k, in any
// language.
//
// A phrasing with CJK characters matches as a substring once spaces are
// removed from both sides: Chinese is written without spaces, and learners
// type them anyway. Other phrasings match as a run of consecutive tokens
// (see tokenize): punctuation exactly, words up to a regular inflection (see
// inflects). Matching whole tokens gives word boundaries, so "lock" does not
// match "block" or "deadlock", while "locks", "locked" and "locking" match
// "lock". The CJK rule has no word boundaries: 锁 matches inside 死锁.
func (a *openAnswer) covers(k content.KeyPoint) bool {
	for _, ps := range k {
		for _, p := range ps {
			if a.matches(Normalize(p)) {
				return true
			}
		}
	}
	return false
}

func (a *openAnswer) matches(p string) bool {
	if p == "" {
		return false
	}
	if hasCJK(p) {
		return strings.Contains(a.noSpace, noSpace(p))
	}
	pt := tokenize(p)
	if len(pt) == 0 {
		return strings.Contains(a.norm, p)
	}
	for i := 0; i+len(pt) <= len(a.toks); i++ {
		if tokensMatch(a.toks[i:i+len(pt)], pt) {
			return true
		}
	}
	return false
}

func tokensMatch(as, ps []token) bool {
	for i, p := range ps {
		a := as[i]
		if a.word != p.word {
			return false
		}
		if p.word && !sameWord(a.text, p.text) || !p.word && a.text != p.text {
			return false
		}
	}
	return true
}

// uniq returns xs without repeats, in first-seen order.
func uniq(xs []int) []int {
	out := make([]int, 0, len(xs))
	seen := make(map[int]bool, len(xs))
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// messages holds the user-facing strings of checking and parsing in one
// language. Formats take their arguments in the order given in the comments.
type messages struct {
	noQuestion  string
	unknownType string // type
	noAnswer    string
	pickOne     string
	pickSome    string
	wrongPick   string // letter
	wrongPicks  string // letters
	missed      string // letters
	outOfPlace  string // letters
	typo        string // given, accepted
	blank       string // blank number, feedback
	expected    string // expected answer
	covered     string // label
	missing     string // label
	tooHigh     string
	tooLow      string
	notBool     string // given
	notNumber   string // given
	tooLarge    string // given
	wrongUnit   string // given, unit
	lineDiffers string // line number, expected, got
	missingLine string // line number, expected
	extraLine   string // line number, got
	notChoice   string // given, first letter, last letter
	noChoices   string
	giveAll     string // count, missing letters
	twice       string // letter
	giveBlanks  string // count, got
	badView     string
	trueName    string
	falseName   string
}

func (m *messages) boolName(b bool) string {
	if b {
		return m.trueName
	}
	return m.falseName
}

var english = messages{
	noQuestion:  "no question",
	unknownType: "cannot check a question of type %q",
	noAnswer:    "no answer",
	pickOne:     "pick one choice",
	pickSome:    "pick at least one choice",
	wrongPick:   "wrong pick: %s",
	wrongPicks:  "wrong picks: %s",
	missed:      "missed: %s",
	outOfPlace:  "out of place: %s",
	typo:        "accepted, with a typo: you wrote %q, expected %q",
	blank:       "blank %d: %s",
	expected:    "expected %q",
	covered:     "covered: %s",
	missing:     "missing: %s",
	tooHigh:     "too high",
	tooLow:      "too low",
	notBool:     "%q is not true or false",
	notNumber:   "%q is not a number",
	tooLarge:    "%q is too large",
	wrongUnit:   "%q: give the number in %s",
	lineDiffers: "line %d: expected %q, got %q",
	missingLine: "line %d: expected %q, got nothing",
	extraLine:   "line %d: unexpected %q",
	notChoice:   "%q is not a choice (%s–%s)",
	noChoices:   "this question has no choices",
	giveAll:     "give all %d letters (missing: %s)",
	twice:       "%q is given twice",
	giveBlanks:  "give %d answers separated by | (got %d)",
	badView:     "the displayed choices do not match the question",
	trueName:    "true",
	falseName:   "false",
}

var chinese = messages{
	noQuestion:  "没有题目",
	unknownType: "无法批改类型为 %q 的题目",
	noAnswer:    "未作答",
	pickOne:     "请只选一项",
	pickSome:    "请至少选一项",
	wrongPick:   "错选：%s",
	wrongPicks:  "错选：%s",
	missed:      "漏选：%s",
	outOfPlace:  "位置不对：%s",
	typo:        "可以接受，但有拼写错误：你写的是 %q，应为 %q",
	blank:       "第 %d 空：%s",
	expected:    "应为 %q",
	covered:     "已答到：%s",
	missing:     "未答到：%s",
	tooHigh:     "偏大",
	tooLow:      "偏小",
	notBool:     "%q 不是“对”或“错”",
	notNumber:   "%q 不是数字",
	tooLarge:    "%q 太大",
	wrongUnit:   "%q：请以 %s 为单位作答",
	lineDiffers: "第 %d 行：应为 %q，实际为 %q",
	missingLine: "第 %d 行：应为 %q，实际没有",
	extraLine:   "第 %d 行：多出 %q",
	notChoice:   "%q 不是选项（%s–%s）",
	noChoices:   "这道题没有选项",
	giveAll:     "请给出全部 %d 个字母（缺少：%s）",
	twice:       "%q 出现了两次",
	giveBlanks:  "请用 | 分隔 %d 个答案（收到 %d 个）",
	badView:     "显示的选项与题目不符",
	trueName:    "对",
	falseName:   "错",
}

// messagesFor returns the messages for a language code: Chinese for zh and
// its variants (zh-Hans, zh_TW …), English otherwise.
func messagesFor(lang string) *messages {
	if l := strings.ToLower(lang); l == "zh" || strings.HasPrefix(l, "zh-") || strings.HasPrefix(l, "zh_") {
		return &chinese
	}
	return &english
}
