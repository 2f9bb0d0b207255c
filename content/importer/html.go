package importer

import (
	"html"
	"regexp"
	"strings"
	"unicode"
)

// htmlTag matches a tag; only names of HTML elements (htmlElements) are
// taken as markup, so that "a < b" and "List<T>" stay text.
var htmlTag = regexp.MustCompile(`(?i)^<(/?)([a-z][a-z0-9]*)\b[^<>]*?(/?)>`)

var htmlElements = func() map[string]bool {
	m := map[string]bool{}
	for _, name := range strings.Fields(`a abbr article aside b bdi bdo big blockquote body br caption center cite code col colgroup
		dd del details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 head header hr html i img ins kbd label
		li main mark nav ol p pre q rp rt ruby s samp script section small span strike strong style sub summary sup table tbody
		td tfoot th thead title tr tt u ul var wbr`) {
		m[name] = true
	}
	return m
}()

// looksHTML matches the markup flashcard tools put in fields: line breaks,
// blocks, inline formatting, images and entities.
var looksHTML = regexp.MustCompile(`(?i)</?(br|div|p|b|i|u|s|em|strong|span|font|code|pre|ul|ol|li|img|sub|sup|a|hr|h[1-6]|table|tr|td|th|tbody|blockquote)\b[^<>]*>|&(nbsp|amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-f]+);`)

// anki's media and special references, dropped from imported text.
var soundRef = regexp.MustCompile(`\[sound:[^\]]*\]`)

// blockTags start and end a line of their own.
var blockTags = map[string]bool{
	"div": true, "p": true, "ul": true, "ol": true, "table": true, "tr": true, "pre": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "hr": true,
}

// dropContent are elements whose content is not text.
var dropContent = map[string]bool{"style": true, "script": true, "head": true, "title": true}

// cleaned is a field turned into plain text, with what was dropped from it.
type cleaned struct {
	text    string
	dropped []string // "an image", "a sound"
}

// htmlToText turns a field of HTML into plain text: <br> and block elements
// become new lines, list items "- " lines, <code> backticks; other tags are
// removed, entities decoded and &nbsp; made a space. Images and sounds are
// dropped (never fetched) and reported. Runs of spaces are collapsed outside
// <pre>.
func htmlToText(s string) cleaned {
	var c cleaned
	if soundRef.MatchString(s) {
		s = soundRef.ReplaceAllString(s, "")
		c.dropped = append(c.dropped, "a sound")
	}
	var b strings.Builder
	b.Grow(len(s))
	pre, skip := 0, ""
	space := false // a space is due before the next character
	text := func(t string) {
		if skip != "" || t == "" {
			return
		}
		t = html.UnescapeString(t)
		if pre > 0 {
			b.WriteString(t)
			return
		}
		// Outside <pre>, runs of spaces are one space, as a browser shows
		// them. A new line in the source is kept as one.
		for _, r := range t {
			switch {
			case r == '\n':
				lineBreak(&b)
				space = false
			case unicode.IsSpace(r):
				space = true
			default:
				if space && b.Len() > 0 && !endsWith(&b, '\n') {
					b.WriteByte(' ')
				}
				space = false
				b.WriteRune(r)
			}
		}
	}
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			text(s)
			break
		}
		text(s[:lt])
		s = s[lt:]
		m := htmlTag.FindStringSubmatch(s)
		if m == nil || !htmlElements[strings.ToLower(m[2])] {
			text("<")
			s = s[1:]
			continue
		}
		s = s[len(m[0]):]
		closing, name := m[1] == "/", strings.ToLower(m[2])
		if skip != "" {
			if closing && name == skip {
				skip = ""
			}
			continue
		}
		switch {
		case dropContent[name] && !closing:
			skip = name
		case name == "br":
			lineBreak(&b)
			space = false
		case name == "img":
			c.dropped = append(c.dropped, "an image")
		case name == "li" && !closing:
			newline(&b)
			b.WriteString("- ")
			space = false
		case name == "code" && pre == 0:
			if !closing && space && b.Len() > 0 && !endsWith(&b, '\n') {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte('`')
		case name == "pre":
			if closing {
				pre = max(0, pre-1)
			} else {
				pre++
			}
			newline(&b)
			space = false
		case blockTags[name]:
			newline(&b)
			space = false
		}
	}
	c.text = tidy(b.String())
	return c
}

func endsWith(b *strings.Builder, c byte) bool {
	out := b.String()
	return out != "" && out[len(out)-1] == c
}

// newline ends the current line unless the output is at a line's start:
// the edge of a block.
func newline(b *strings.Builder) {
	if b.Len() > 0 && !endsWith(b, '\n') {
		b.WriteByte('\n')
	}
}

// lineBreak is <br> or a new line in the text: two in a row leave a blank line.
func lineBreak(b *strings.Builder) {
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
}

// tidy trims every line's trailing white space, keeps at most one blank line
// in a row and trims the text.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if strings.TrimSpace(l) == "" {
			blank++
			if blank > 1 {
				continue
			}
			l = ""
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.Trim(strings.Join(out, "\n"), "\n ")
}

// plainText tidies a field that is not HTML: trailing spaces, blank lines.
func plainText(s string) string { return tidy(s) }

// clozeOpen finds the start of an Anki cloze deletion, {{c1:: … }}.
var clozeOpen = regexp.MustCompile(`\{\{c(\d+)::`)

// blankLike finds text cram would read as a cloze blank.
var blankLike = regexp.MustCompile(`\{\{\d+\}\}`)

// hasCloze reports whether s holds an Anki cloze deletion.
func hasCloze(s string) bool { return clozeOpen.MatchString(s) }

// cloze is an Anki cloze text turned into a cram passage.
type cloze struct {
	passage string   // the text with {{1}}, {{2}} … for the deletions, in order
	answers []string // the deleted text of each blank
	full    string   // the text with every deletion filled in
}

// parseCloze turns Anki's {{c1::answer}} and {{c1::answer::hint}} into
// numbered blanks {{1}}, {{2}} … in the order they appear; a hint is kept
// after its blank as "(hint)". It returns a message when the deletions are
// malformed.
func parseCloze(s string) (cloze, string) {
	if m := blankLike.FindString(s); m != "" {
		return cloze{}, "the text holds " + m + ", which cram would read as a blank"
	}
	var c cloze
	var p, f strings.Builder
	for {
		loc := clozeOpen.FindStringIndex(s)
		if loc == nil {
			p.WriteString(s)
			f.WriteString(s)
			break
		}
		p.WriteString(s[:loc[0]])
		f.WriteString(s[:loc[0]])
		body := s[loc[1]:]
		end := strings.Index(body, "}}")
		if end < 0 {
			return cloze{}, "a cloze deletion {{c…:: is never closed with }}"
		}
		inner := body[:end]
		if strings.Contains(inner, "{{") {
			return cloze{}, "nested cloze deletions are not supported"
		}
		answer, hint, _ := strings.Cut(inner, "::")
		answer = strings.TrimSpace(answer)
		if answer == "" {
			return cloze{}, "a cloze deletion is empty"
		}
		c.answers = append(c.answers, answer)
		p.WriteString("{{" + itoa(len(c.answers)) + "}}")
		if hint = strings.TrimSpace(hint); hint != "" {
			p.WriteString(" (" + hint + ")")
		}
		f.WriteString(answer)
		s = body[end+2:]
	}
	c.passage, c.full = p.String(), f.String()
	return c, ""
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
