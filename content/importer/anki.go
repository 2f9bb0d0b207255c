package importer

import (
	"strconv"
	"strings"

	"github.com/cram-dev/cram/content"
)

// ankiHeader is what the #key:value lines at the top of an Anki export say.
type ankiHeader struct {
	sep                           byte
	html                          string // "true", "false" or "" (decide per field)
	tags                          []string
	columns                       string // raw, split once the separator is known
	columnsLine                   int
	notetype, deck                string
	notetypeCol, deckCol, tagsCol int // 1-based; 0 when absent
	guidCol                       int
	colLines                      map[string]int // where each column header is, for messages
}

// ankiSeparators maps the separator names of Anki's #separator: header.
var ankiSeparators = map[string]byte{"comma": ',', "semicolon": ';', "tab": '\t', "space": ' ', "pipe": '|', "colon": ':'}

// anki reads Anki's "notes in plain text" export: header lines, then one
// note per record, fields separated by the header's separator (or the first
// of tab, semicolon and comma found), quoted like CSV, lines starting with
// '#' being comments. It returns the cards and the deck name, when every
// note is in the same deck.
func (im *importer) anki(text string) ([]card, string) {
	h := ankiHeader{colLines: map[string]int{}}
	lines := strings.SplitAfter(text, "\n")
	n := 0
	for ; n < len(lines); n++ {
		line := strings.TrimRight(lines[n], "\n")
		lineNo := n + 1
		if n == 0 {
			if tags, ok := strings.CutPrefix(line, "tags:"); ok {
				h.tags = strings.Fields(tags)
				continue
			}
		}
		rest, ok := strings.CutPrefix(line, "#")
		if !ok {
			break
		}
		key, value, ok := strings.Cut(rest, ":")
		if !ok {
			continue // a comment
		}
		im.ankiHeaderLine(&h, strings.ToLower(strings.TrimSpace(key)), value, lineNo)
	}
	body := strings.Join(lines[n:], "")
	bodyLine := n + 1
	if h.sep == 0 {
		first, _, _ := strings.Cut(strings.TrimLeft(body, "\n"), "\n")
		for _, c := range []byte{'\t', ';', ','} {
			if strings.IndexByte(first, c) >= 0 {
				h.sep = c
				break
			}
		}
		if h.sep == 0 {
			im.errorf(bodyLine, 1, "add a #separator:tab (or comma, semicolon …) line at the top", "cannot find the field separator: the first note has no tab, semicolon or comma")
			return nil, ""
		}
	}
	var names []string
	if h.columns != "" {
		recs, p := readRecords(im.name, h.columns, h.sep, false, h.columnsLine)
		if p == nil && len(recs) == 1 {
			names = recs[0].fields
		}
	}
	for key, col := range map[string]int{"notetype column": h.notetypeCol, "deck column": h.deckCol, "tags column": h.tagsCol, "guid column": h.guidCol} {
		if col > 0 && names != nil && col > len(names) {
			im.errorf(h.colLines[key], 1, "columns are numbered from 1", "#%s:%d, but #columns names only %d columns", key, col, len(names))
		}
	}
	recs, p := readRecords(im.name, body, h.sep, true, bodyLine)
	if p != nil {
		im.problems = append(im.problems, *p)
	}
	special := map[int]bool{h.notetypeCol: true, h.deckCol: true, h.tagsCol: true, h.guidCol: true}
	roles := ankiRoles(names, special)
	var cards []card
	decks := map[string]bool{}
	warnedReverse := false
	for _, r := range recs {
		cell := func(col int) string {
			if col > 0 && col <= len(r.fields) {
				return r.fields[col-1]
			}
			return ""
		}
		notetype, deck := h.notetype, h.deck
		if h.notetypeCol > 0 {
			notetype = cell(h.notetypeCol)
		}
		if h.deckCol > 0 {
			deck = cell(h.deckCol)
		}
		decks[deck] = true
		c := card{line: r.line, front: map[string]string{}, back: map[string]string{}, note: map[string]string{}}
		nt := strings.ToLower(notetype)
		c.cloze = strings.Contains(nt, "cloze")
		if strings.Contains(nt, "type in") {
			c.kind = content.Short
		}
		if strings.Contains(nt, "reverse") && !warnedReverse {
			im.warnf(r.line, 1, "cram asks the front and shows the back; add the reverse questions yourself if you want them",
				"note type %q makes reverse cards in Anki; only the front-to-back card is imported", notetype)
			warnedReverse = true
		}
		var regular []string
		for i, f := range r.fields {
			if !special[i+1] {
				regular = append(regular, f)
			}
		}
		if names != nil && len(r.fields) > len(names) {
			im.warnf(r.line, 1, "check the separator and the quoting of this line", "the note has %d fields but #columns names %d; the rest is left out", len(r.fields), len(names))
			regular = regular[:max(0, len(regular)-(len(r.fields)-len(names)))]
		}
		var front, back string
		var notes []string
		for i, f := range regular {
			switch roles(i) {
			case "front":
				front = f
			case "back":
				back = f
			default:
				notes = append(notes, f)
			}
		}
		if len(regular) < 2 && !c.cloze && !hasCloze(front) {
			im.errorf(r.line, 1, "check that the file's separator is "+sepName(string(h.sep))+" (#separator: says which)",
				"the note has one field; a card needs a front and a back")
			continue
		}
		setText(c.front, content.Neutral, im.fieldText(front, h.html, r.line, "front"))
		setText(c.back, content.Neutral, im.fieldText(back, h.html, r.line, "back"))
		var ns []string
		for _, n := range notes {
			if s := im.fieldText(n, h.html, r.line, "extra field"); s != "" {
				ns = append(ns, s)
			}
		}
		setText(c.note, content.Neutral, strings.Join(ns, "\n\n"))
		c.tags = uniqueStrings(append(append([]string(nil), h.tags...), strings.Fields(cell(h.tagsCol))...))
		c.topic = topicID(deck)
		cards = append(cards, c)
	}
	title := ""
	if len(decks) == 1 {
		for d := range decks {
			title = strings.ReplaceAll(d, "::", " / ")
		}
	}
	return cards, title
}

// ankiHeaderLine records one #key:value header.
func (im *importer) ankiHeaderLine(h *ankiHeader, key, value string, line int) {
	v := strings.TrimSpace(value)
	column := func() int {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			im.errorf(line, 1, "write the column's number, counting from 1", "#%s: %q is not a column number", key, v)
			return 0
		}
		h.colLines[key] = line
		return n
	}
	switch key {
	case "separator":
		if c, ok := ankiSeparators[strings.ToLower(v)]; ok {
			h.sep = c
		} else if len(value) == 1 && value != "\"" {
			h.sep = value[0]
		} else {
			im.errorf(line, 1, "use Comma, Semicolon, Tab, Space, Pipe or Colon", "unknown separator %q", v)
		}
	case "html":
		switch strings.ToLower(v) {
		case "true", "false":
			h.html = strings.ToLower(v)
		default:
			im.errorf(line, 1, "write #html:true or #html:false", "#html: %q is not true or false", v)
		}
	case "tags":
		h.tags = strings.Fields(v)
	case "columns":
		h.columns, h.columnsLine = strings.TrimRight(value, "\r"), line
	case "notetype":
		h.notetype = v
	case "deck":
		h.deck = v
	case "notetype column":
		h.notetypeCol = column()
	case "deck column":
		h.deckCol = column()
	case "tags column":
		h.tagsCol = column()
	case "guid column":
		h.guidCol = column()
	}
}

// ankiRoles returns what the i-th regular field of a note holds: "front",
// "back" or "note". Named columns (#columns:Front\tBack\tExtra) decide when
// they name a front; otherwise the first field is the front (or a cloze
// note's text), the second the back (a cloze note's Back Extra) and the
// others extra notes.
func ankiRoles(names []string, special map[int]bool) func(int) string {
	var regular []string
	for i, n := range names {
		if !special[i+1] {
			regular = append(regular, strings.ToLower(strings.TrimSpace(n)))
		}
	}
	byName := map[int]string{}
	hasFront := false
	for i, n := range regular {
		switch n {
		case "front", "text", "question":
			byName[i] = "front"
			hasFront = true
		case "back", "answer", "back extra":
			byName[i] = "back"
		default:
			byName[i] = "note"
		}
	}
	return func(i int) string {
		if hasFront {
			if r, ok := byName[i]; ok {
				return r
			}
			return "note"
		}
		switch i {
		case 0:
			return "front"
		case 1:
			return "back"
		}
		return "note"
	}
}

// setText stores s as the text of lang unless it is empty.
func setText(m map[string]string, lang, s string) {
	if s != "" {
		m[lang] = s
	}
}

func uniqueStrings(l []string) []string {
	var out []string
	for _, s := range l {
		if s != "" && !containsString(out, s) {
			out = append(out, s)
		}
	}
	return out
}
