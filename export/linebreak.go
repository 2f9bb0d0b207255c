package export

import (
	"strings"
)

// A paragraph is text to set in a box: spans of prose or code, an optional
// label in a hanging indent ("A.", "•"), a size relative to the body size.
type paragraph struct {
	spans []span
	label string
	scale float64 // size relative to the body text; 0 means 1
	gray  uint8   // 0 is black
	pre   bool    // code: keep spaces and line ends
	gap   float64 // space above, in body line heights
	align int     // alignLeft or alignRight
}

const (
	alignLeft = iota
	alignRight
)

// A span is a piece of a paragraph in one style.
type span struct {
	text string
	mono bool
}

// proseSpans splits text at backticks: `inline code` is set in the
// monospace font, without its backticks. A lone backtick stays as it is.
func proseSpans(text string) []span {
	parts := strings.Split(text, "`")
	if len(parts)%2 == 0 { // an odd number of backticks: keep the last one
		parts[len(parts)-2] += "`" + parts[len(parts)-1]
		parts = parts[:len(parts)-1]
	}
	var out []span
	for i, p := range parts {
		if p != "" {
			out = append(out, span{text: p, mono: i%2 == 1})
		}
	}
	return out
}

// A cell is one character with the font it is set in and what line
// breaking needs to know of it.
type cell struct {
	r    rune
	face *Face
	em   float64 // advance in em
	cls  uint8   // clsSpace | clsCJK | clsNoStart | clsNoEnd
}

// Character classes for line breaking.
const (
	clsSpace   = 1 << iota // a space: lines break after it
	clsCJK                 // lines may break before and after it
	clsNoStart             // closing punctuation: never starts a line
	clsNoEnd               // opening punctuation: never ends a line
)

func classOf(r rune) uint8 {
	var c uint8
	if isSpace(r) {
		c |= clsSpace
	}
	if isCJK(r) {
		c |= clsCJK
	}
	if noStart[r] {
		c |= clsNoStart
	}
	if noEnd[r] {
		c |= clsNoEnd
	}
	return c
}

// shape picks a font for every character. Characters no font has are
// reported to miss and replaced by U+FFFD.
func (fs *Fonts) shape(spans []span, miss func(rune)) []cell {
	n := 0
	for _, s := range spans {
		n += len(s.text)
	}
	out := make([]cell, 0, n)
	for _, s := range spans {
		for _, r := range s.text {
			f := fs.pick(r, s.mono)
			if f == nil {
				if r == '\n' {
					out = append(out, cell{r: r})
					continue
				}
				miss(r)
				r = '\uFFFD'
				if f = fs.pick(r, s.mono); f == nil {
					r = '?'
					f = fs.pick(r, s.mono)
				}
			}
			out = append(out, cell{r: r, face: f, em: f.Advance(r), cls: classOf(r)})
		}
	}
	return out
}

// Characters that may not start a line (closing punctuation, small kana,
// iteration marks) and that may not end one (opening punctuation), after
// the Chinese and Japanese line breaking rules (GB/T 15834, JIS X 4051).
const (
	noStartChars = "!%),.:;?]}¢°·’”†‡›»℃∶、。〃〆〕〗〞〙〟〉》」』】﹚﹜！＂％＇），．：；？］｝～–—…‥•々〻ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ︰︱︲︳﹐﹑﹒﹓﹔﹕﹖﹗｜､｠"
	noEndChars   = "([{£¥‘“‹«〈《「『【〔〖〘〝（［｛｟＄￡￥"
)

var noStart, noEnd = runeSet(noStartChars), runeSet(noEndChars)

func runeSet(s string) map[rune]bool {
	m := map[rune]bool{}
	for _, r := range s {
		m[r] = true
	}
	return m
}

func isSpace(r rune) bool { return r == ' ' || r == '\u3000' }

// canBreak reports whether a line may break between cells i-1 and i. Lines
// break after spaces and next to CJK characters, never inside a Latin word,
// never before closing punctuation and never after opening punctuation.
func canBreak(c []cell, i int) bool {
	a, b := c[i-1].cls, c[i].cls
	switch {
	case b&clsSpace != 0:
		return false
	case a&clsSpace != 0:
		return b&clsNoStart == 0
	case b&clsNoStart != 0 || a&clsNoEnd != 0:
		return false
	}
	return (a|b)&clsCJK != 0
}

// wrap splits cells (one hard line, no line ends) into lines of at most
// width, where widthOf gives a cell's width. It returns [start, end) pairs;
// break spaces are left out of both lines. A word longer than a line is cut
// where it must be: nothing is ever dropped.
func wrap(c []cell, width float64, widthOf func(cell) float64) [][2]int {
	var lines [][2]int
	start, n := 0, len(c)
	for start < n {
		x, last, i := 0.0, -1, start
		for ; i < n; i++ {
			if i > start && canBreak(c, i) {
				last = i
			}
			w := widthOf(c[i])
			if c[i].cls&clsSpace != 0 {
				x += w // spaces may hang past the edge
				continue
			}
			if x+w > width && i > start {
				break
			}
			x += w
		}
		if i == n {
			lines = append(lines, [2]int{start, trimRight(c, start, n)})
			break
		}
		end := last
		if end <= start {
			end = i // no break opportunity: cut the word
			for end > start+1 && (c[end].cls&clsNoStart != 0 || c[end-1].cls&clsNoEnd != 0) {
				end--
			}
		}
		lines = append(lines, [2]int{start, trimRight(c, start, end)})
		start = end
		for start < n && c[start].cls&clsSpace != 0 {
			start++
		}
	}
	return lines
}

func trimRight(c []cell, start, end int) int {
	for end > start && c[end-1].cls&clsSpace != 0 {
		end--
	}
	return end
}
