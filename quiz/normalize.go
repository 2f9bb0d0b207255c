package quiz

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxAnswerBytes is how much of an answer Check and ParseResponse look at.
// Anything longer (a pasted log, a whole file) is cut at a rune boundary
// before it is processed, which keeps checking time bounded; 64 KiB is far
// more than any honest answer needs.
const MaxAnswerBytes = 64 << 10

// Normalize returns s in the form answers are compared in: invalid UTF-8,
// control and format characters (zero-width spaces, BOMs, bidi marks)
// removed, Unicode NFKC applied (so full-width ＧＩＬ is GIL and ① is 1),
// case folded, runs of white space collapsed to one space, and surrounding
// punctuation trimmed.
//
// Trimmed at either end: sentence punctuation and quotes, ASCII and CJK
// (. , ; : ! ? " ' ` 。 、 “ ” 《 》 【 】 …), and brackets that enclose the
// whole answer or have no partner in it, so that "(GIL)" is "gil" while
// "os.fork()" keeps its parentheses. Characters that carry meaning in code
// are kept: # % & * @ / \ _ and the ASCII hyphen-minus.
//
// Normalize is idempotent: Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	out := normalizeOnce(s)
	if isASCIIString(out) {
		return out // every step is stable on ASCII
	}
	// NFKC and case folding do not commute in general, and trimming can in
	// principle expose a sequence that normalises further; repeating until
	// nothing changes makes idempotence hold by construction. In practice the
	// second pass is the last.
	for range 4 {
		again := normalizeOnce(out)
		if again == out {
			break
		}
		out = again
	}
	return out
}

func isASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func normalizeOnce(s string) string {
	s = clean(s)
	s = norm.NFKC.String(s)
	if f := fold(s); f != s {
		s = norm.NFKC.String(f)
	}
	return trimPunct(collapseSpace(s))
}

// clean drops invalid UTF-8, control characters other than white space, and
// format characters (Cf: zero-width space, soft hyphen, BOM, bidi controls).
// It runs before NFKC so that removing a character cannot leave behind a
// sequence that is no longer normalised.
func clean(s string) string {
	ok := true
	for i, r := range s {
		if dropRune(s, i, r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		if !dropRune(s, i, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func dropRune(s string, i int, r rune) bool {
	if r == utf8.RuneError {
		_, size := utf8.DecodeRuneInString(s[i:])
		return size == 1
	}
	if r < 0x80 {
		return r < 0x20 && !unicode.IsSpace(r) || r == 0x7f
	}
	return unicode.IsControl(r) && !unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
}

// fold case-folds s rune by rune, as lower(upper(r)), so that ς and σ,
// ſ and s agree; ß and ẞ become ss. golang.org/x/text/cases.Fold would be the
// natural choice but is not idempotent: it swaps Cherokee Ꮗ and ꮗ on every
// call (found by FuzzNormalize).
func fold(s string) string {
	s = strings.Map(foldRune, s)
	if strings.ContainsRune(s, 'ß') {
		s = strings.ReplaceAll(s, "ß", "ss")
	}
	return s
}

func foldRune(r rune) rune {
	if r < 0x80 {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(unicode.ToUpper(r))
}

// collapseSpace turns every run of white space into one ASCII space.
func collapseSpace(s string) string {
	needs := false
	prevSpace := false
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (r != ' ' || prevSpace) {
			needs = true
			break
		}
		prevSpace = sp
	}
	if !needs {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prevSpace = false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !prevSpace {
				b.WriteByte(' ')
			}
			prevSpace = true
			continue
		}
		prevSpace = false
		b.WriteRune(r)
	}
	return b.String()
}

// brackets pairs the openers whose closers Normalize matches.
var brackets = map[rune]rune{
	'(': ')', '[': ']', '{': '}',
	'《': '》', '〈': '〉', '【': '】', '「': '」', '『': '』',
	'〔': '〕', '〖': '〗', '〘': '〙', '〚': '〛', '⦅': '⦆', '｢': '｣',
}

var closers = func() map[rune]rune {
	m := make(map[rune]rune, len(brackets))
	for o, c := range brackets {
		m[c] = o
	}
	return m
}()

// trimmable reports whether r is dropped from either end of an answer
// regardless of what else the answer holds. Paired brackets are handled by
// trimPunct.
func trimmable(r rune) bool {
	switch r {
	case '#', '%', '&', '*', '@', '\\', '/', '_', '-':
		return false
	case '`':
		return true
	}
	if _, ok := brackets[r]; ok {
		return false
	}
	if _, ok := closers[r]; ok {
		return false
	}
	return unicode.In(r, unicode.Po, unicode.Pi, unicode.Pf, unicode.Pd, unicode.Ps, unicode.Pe)
}

// trimPunct trims spaces and punctuation from both ends of s. It runs in
// linear time whatever the input: bracket counts and the matching of
// brackets are computed once over s, and stay valid for every window of s
// that trimming leaves, because an opener and a closer match in a window
// exactly when they match in s (what lies between them is the same).
func trimPunct(s string) string {
	lo, hi := 0, len(s)
	var count map[rune]int // brackets in s[lo:hi], by rune
	var match map[int]int  // byte offset of an opener → offset of its closer
	for lo < hi {
		first, fn := utf8.DecodeRuneInString(s[lo:hi])
		last, ln := utf8.DecodeLastRuneInString(s[lo:hi])
		switch {
		case first == ' ' || trimmable(first):
			lo += fn
			continue
		case last == ' ' || trimmable(last):
			hi -= ln
			continue
		case !isOpener(first) && !isCloser(last):
			return s[lo:hi]
		}
		if count == nil {
			count, match = bracketsIn(s)
		}
		switch {
		case isOpener(first) && count[brackets[first]] == 0:
			count[first]--
			lo += fn
		case isCloser(last) && count[closers[last]] == 0:
			count[last]--
			hi -= ln
		case isOpener(first) && last == brackets[first] && hi-ln > lo && match[lo] == hi-ln:
			count[first]--
			count[last]--
			lo, hi = lo+fn, hi-ln
		default:
			return s[lo:hi]
		}
	}
	return ""
}

func isOpener(r rune) bool { _, ok := brackets[r]; return ok }
func isCloser(r rune) bool { _, ok := closers[r]; return ok }

// bracketsIn counts the brackets in s and matches each opener with its
// closer, bracket kind by bracket kind.
func bracketsIn(s string) (count map[rune]int, match map[int]int) {
	count, match = map[rune]int{}, map[int]int{}
	stacks := map[rune][]int{} // by opener
	for i, r := range s {
		switch {
		case isOpener(r):
			count[r]++
			stacks[r] = append(stacks[r], i)
		case isCloser(r):
			count[r]++
			o := closers[r]
			if st := stacks[o]; len(st) > 0 {
				match[st[len(st)-1]] = i
				stacks[o] = st[:len(st)-1]
			}
		}
	}
	return count, match
}

// truncate cuts s to at most MaxAnswerBytes, at a rune boundary.
func truncate(s string) string {
	if len(s) <= MaxAnswerBytes {
		return s
	}
	i := MaxAnswerBytes
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// isCJK reports whether r belongs to a script written without spaces
// between words.
func isCJK(r rune) bool {
	if r < 0x2e80 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo)
}

func hasCJK(s string) bool {
	for _, r := range s {
		if isCJK(r) {
			return true
		}
	}
	return false
}

// noSpace removes the spaces a normalised string can hold.
func noSpace(s string) string { return strings.ReplaceAll(s, " ", "") }

// typoAllowance is how many edits an answer may be away from an accepted
// answer of n runes and still count.
func typoAllowance(n int) int {
	switch {
	case n <= 4:
		return 0
	case n <= 8:
		return 1
	default:
		return 2
	}
}

// digits returns the decimal digits of s in order. An answer whose digits
// differ from the accepted answer's is never a typo: 3.12 is not 3.13 and
// PEP 703 is not PEP 730.
func digits(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// editDistance returns the optimal string alignment distance between a and
// b (insertions, deletions, substitutions and transpositions of adjacent
// runes each cost one), or limit+1 when it exceeds limit.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	if len(a) == 0 || len(b) == 0 {
		return len(a) + len(b)
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		// Once a whole row exceeds limit, every later cell does too (see
		// the recurrence: each cell is at least one of its row or the
		// row before, plus one for the transposition case).
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if d := prev[len(b)]; d <= limit {
		return d
	}
	return limit + 1
}

// A token is a unit of an answer for key-point matching: a word (letters,
// digits, marks, underscores and inner apostrophes), one CJK character, or
// one other non-space character. Spaces and dashes separate tokens and are
// not tokens themselves, so "copy-on-write" and "copy on write" agree.
type token struct {
	text string
	word bool
}

func tokenize(s string) []token {
	var toks []token
	start := -1 // start of the word being read, or -1
	flush := func(end int) {
		if start >= 0 {
			toks = append(toks, token{text: s[start:end], word: true})
			start = -1
		}
	}
	for i, r := range s {
		switch {
		case isCJK(r):
			flush(i)
			toks = append(toks, token{text: s[i : i+utf8.RuneLen(r)]})
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if start < 0 {
				start = i
			}
		case (r == '\'' || r == '’') && start >= 0 && nextIsWord(s[i+utf8.RuneLen(r):]):
			// an apostrophe inside a word: don't, Amdahl's
		case r == ' ' || unicode.IsSpace(r) || unicode.Is(unicode.Pd, r):
			flush(i)
		default:
			flush(i)
			toks = append(toks, token{text: s[i : i+utf8.RuneLen(r)]})
		}
	}
	flush(len(s))
	return toks
}

func nextIsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r != utf8.RuneError && !isCJK(r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// sameWord reports whether two folded words are the same word up to a simple
// English inflection, in either direction.
func sameWord(a, b string) bool {
	return a == b || inflects(a, b) || inflects(b, a)
}

// inflects reports whether x is a regular inflection of the base word b:
// b+s, b+es, b+ed, b+ing, b+'s; for b ending in e: b+d and b-e+ing (release:
// released, releasing); for b ending in a consonant and y: b-y+ies and
// b-y+ied (copy: copies, copied); for b ending in a consonant: that
// consonant doubled before ed or ing (stop: stopped, stopping). Bases under
// three bytes never inflect, so "a" does not match "as".
func inflects(x, b string) bool {
	if len(b) < 3 || len(x) <= len(b)-1 || x[:len(b)-1] != b[:len(b)-1] {
		return false
	}
	last := b[len(b)-1]
	if suf, ok := strings.CutPrefix(x, b); ok {
		switch suf {
		case "s", "es", "ed", "ing", "'s", "’s":
			return true
		case "d":
			return last == 'e'
		}
		if isConsonant(last) && len(suf) > 1 && suf[0] == last {
			return suf[1:] == "ed" || suf[1:] == "ing"
		}
		return false
	}
	suf := x[len(b)-1:]
	switch last {
	case 'e':
		return suf == "ing"
	case 'y':
		return len(b) >= 2 && isConsonant(b[len(b)-2]) && (suf == "ies" || suf == "ied")
	}
	return false
}

func isConsonant(c byte) bool {
	return c >= 'a' && c <= 'z' && !strings.ContainsRune("aeiou", rune(c))
}
