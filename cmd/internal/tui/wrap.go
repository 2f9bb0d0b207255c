package tui

import (
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"
)

// Punctuation that may not start a line, and that may not end one.
const (
	noLineStart = "，。、；：！？）」』》】〉”’,.;:!?)]}…%"
	noLineEnd   = "（「『《【〈“‘([{"
)

// Wrap folds s to width display columns (a Chinese character takes two).
// Lines break at spaces, between Chinese characters, and between Chinese and
// Latin text; never inside a Latin word unless it is longer than a line, never
// before closing punctuation and never after opening punctuation.
func Wrap(s string, width int) string {
	if width < 2 {
		width = 2
	}
	var out []string
	for _, line := range strings.Split(s, "\n") {
		// A line's indentation is kept, on its continuation lines too.
		body := strings.TrimLeft(line, " ")
		indent := line[:len(line)-len(body)]
		if len(indent) >= width/2 {
			indent = ""
		}
		for _, l := range wrapLine(body, width-len(indent)) {
			out = append(out, indent+l)
		}
	}
	return strings.Join(out, "\n")
}

func isWide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// units splits a line into pieces that stay together: a Latin word, one
// Chinese character, or a run of spaces; punctuation is glued to the piece
// it may not be separated from.
func units(line string) []string {
	var us []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			us = append(us, cur.String())
			cur.Reset()
		}
	}
	glueNext := false
	for _, r := range line {
		switch {
		case r == ' ':
			if glueNext {
				cur.WriteRune(r)
				continue
			}
			if s := cur.String(); s != "" && !strings.HasSuffix(s, " ") {
				flush()
			}
			cur.WriteRune(r)
		case strings.ContainsRune(noLineStart, r):
			// Closing punctuation stays with what precedes it.
			if cur.Len() == 0 && len(us) > 0 && !strings.HasSuffix(us[len(us)-1], " ") {
				us[len(us)-1] += string(r)
			} else {
				cur.WriteRune(r)
			}
			glueNext = false
		case isWide(r) || strings.ContainsRune(noLineEnd, r):
			if !glueNext {
				flush()
			}
			cur.WriteRune(r)
			glueNext = strings.ContainsRune(noLineEnd, r)
			if !glueNext {
				flush()
			}
		default:
			if s := cur.String(); strings.HasSuffix(s, " ") {
				flush()
			}
			cur.WriteRune(r)
			glueNext = false
		}
	}
	flush()
	return us
}

func wrapLine(line string, width int) []string {
	var lines []string
	var cur strings.Builder
	curW := 0
	emit := func() {
		lines = append(lines, strings.TrimRight(cur.String(), " "))
		cur.Reset()
		curW = 0
	}
	for _, u := range units(line) {
		w := runewidth.StringWidth(u)
		if strings.TrimSpace(u) == "" {
			if curW > 0 && curW+w <= width {
				cur.WriteString(u)
				curW += w
			}
			continue
		}
		if curW > 0 && curW+runewidth.StringWidth(strings.TrimRight(u, " ")) > width {
			emit()
		}
		for w > width { // a word longer than a line is cut
			head := runewidth.Truncate(u, width-curW, "")
			if head == "" {
				emit()
				continue
			}
			cur.WriteString(head)
			emit()
			u = u[len(head):]
			w = runewidth.StringWidth(u)
		}
		cur.WriteString(u)
		curW += w
	}
	if cur.Len() > 0 || len(lines) == 0 {
		emit()
	}
	return lines
}
