package content

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// joinCJKFolds removes the single spaces that YAML line folding (> and plain
// multi-line scalars) puts between two CJK characters. Chinese text has no
// spaces between words, so a bank author who wraps a long Chinese line would
// otherwise get stray gaps ("线程， 结果"). A space next to Latin text is kept.
func joinCJKFolds(s string) string {
	if !strings.Contains(s, " ") || isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == ' ' && isCJKRune(prev) {
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			if isCJKRune(next) {
				i += size
				continue
			}
		}
		b.WriteRune(r)
		prev = r
		i += size
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isCJKRune reports Han characters and CJK or full-width punctuation.
func isCJKRune(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		(r >= 0x3000 && r <= 0x303f) || // CJK symbols and punctuation
		(r >= 0xff00 && r <= 0xffef) || // full-width forms
		unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}
