package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/cram-dev/cram/content"
)

// csvColumns maps the header names a CSV file may use to the card field
// they fill. Names are compared in lower case with spaces and dashes as '_'.
var csvColumns = map[string]string{
	"front": "front", "question": "front", "prompt": "front", "term": "front", "q": "front",
	"back": "back", "answer": "back", "definition": "back", "a": "back",
	"tags": "tags", "tag": "tags",
	"topic": "topic", "deck": "topic", "category": "topic",
	"difficulty": "difficulty", "level": "difficulty",
	"explanation": "note", "extra": "note", "notes": "note", "note": "note", "back_extra": "note",
	"references": "refs", "reference": "refs", "source": "refs", "url": "refs", "link": "refs", "links": "refs",
	"id": "id", "type": "type",
}

// textColumns are the fields whose column may name a language: front_zh.
var textColumns = map[string]bool{"front": true, "back": true, "note": true}

// langSuffix splits "front_zh", "front:zh" and "front (zh)" into name and language.
var langSuffix = regexp.MustCompile(`^(.+?)(?:_|:|_?\()([a-z]{2,3}(?:-[a-z0-9]{2,8})?)\)?$`)

// csvColumn is what one column of a CSV file holds.
type csvColumn struct {
	field, lang string
}

// parseColumn reads one header cell.
func parseColumn(name string) (csvColumn, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.NewReplacer(" ", "_", "-", "_").Replace(n)
	if f, ok := csvColumns[n]; ok {
		return csvColumn{field: f}, true
	}
	if m := langSuffix.FindStringSubmatch(n); m != nil {
		if f, ok := csvColumns[m[1]]; ok && textColumns[f] {
			return csvColumn{field: f, lang: m[2]}, true
		}
	}
	return csvColumn{}, false
}

// csvDelimiter returns the delimiter of a CSV header line, and whether the
// line is a header that names a front and a back column.
func csvDelimiter(line string) (byte, bool) {
	line = strings.TrimRight(line, "\r")
	best, bestN := byte(0), 0
	for _, c := range []byte{'\t', ';', ','} {
		if n := strings.Count(line, string(c)); n > bestN {
			best, bestN = c, n
		}
	}
	if best == 0 {
		return 0, false
	}
	recs, p := readRecords("", line, best, false, 1)
	if p != nil || len(recs) != 1 {
		return 0, false
	}
	var front, back bool
	for _, f := range recs[0].fields {
		if c, ok := parseColumn(f); ok {
			front = front || c.field == "front"
			back = back || c.field == "back"
		}
	}
	return best, front && back
}

// csv reads a CSV or TSV file whose first row names its columns.
func (im *importer) csv(text string) []card {
	text = strings.TrimLeft(text, "\n")
	first, _, _ := strings.Cut(text, "\n")
	sep, ok := csvDelimiter(first)
	if !ok {
		im.errorf(1, 1, "name the columns in the first row, such as front,back,tags", "the first row names no front and back columns")
		return nil
	}
	recs, p := readRecords(im.name, text, sep, false, 1)
	if p != nil {
		// Reported after the rows before it, which are checked too.
		defer func() { im.problems = append(im.problems, *p) }()
	}
	if len(recs) == 0 {
		return nil
	}
	header := recs[0]
	cols := make([]csvColumn, len(header.fields))
	seen := map[csvColumn]int{}
	var known []string
	for k := range csvColumns {
		known = append(known, k)
	}
	sort.Strings(known)
	fieldLangs := map[string][]string{}
	for i, name := range header.fields {
		c, ok := parseColumn(name)
		if !ok {
			hint := "it is left out; known columns: front, back, tags, topic, difficulty, explanation, references, id, type (and front_zh …)"
			if s := content.Suggest(strings.ToLower(strings.TrimSpace(name)), known); s != "" {
				hint = fmt.Sprintf("did you mean %q? it is left out", s)
			}
			line, col := header.at(i)
			im.warnf(line, col, hint, "column %d, %q, is not a column cram knows", i+1, name)
			continue
		}
		if prev, dup := seen[c]; dup {
			line, col := header.at(i)
			im.errorf(line, col, "keep one of them", "columns %d and %d both hold the %s", prev, i+1, describeColumn(c))
			continue
		}
		seen[c] = i + 1
		cols[i] = c
		if textColumns[c.field] {
			fieldLangs[c.field] = append(fieldLangs[c.field], c.lang)
		}
	}
	for f, langs := range fieldLangs {
		if len(langs) > 1 && containsString(langs, "") {
			im.errorf(header.line, 1, fmt.Sprintf("name its language too, such as %s_en", f),
				"the %s has columns with a language and one without", f)
		}
	}
	if im.opts.Lang != "" {
		for _, c := range cols {
			if c.lang != "" {
				im.warnf(header.line, 1, "the columns say the languages", "--lang %s is ignored: the columns name their languages", im.opts.Lang)
				break
			}
		}
	}
	if im.problems.HasErrors() {
		return nil
	}
	ids := map[string]int{}
	var cards []card
	for _, r := range recs[1:] {
		if len(r.fields) != len(header.fields) {
			im.errorf(r.line, 1, "check the quoting: a field holding the separator or a new line must be in double quotes",
				"the row has %s but the header has %d", fields(len(r.fields)), len(header.fields))
			continue
		}
		c := card{line: r.line, front: map[string]string{}, back: map[string]string{}, note: map[string]string{}}
		ok := true
		for i, v := range r.fields {
			col := cols[i]
			vl, vc := r.at(i)
			switch col.field {
			case "front":
				setText(c.front, col.lang, im.fieldText(v, "", r.line, "front"))
			case "back":
				setText(c.back, col.lang, im.fieldText(v, "", r.line, "back"))
			case "note":
				setText(c.note, col.lang, im.fieldText(v, "", r.line, "explanation"))
			case "tags":
				c.tags = uniqueStrings(strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\t' || r == '\n' }))
			case "topic":
				if v = strings.TrimSpace(v); v != "" {
					if c.topic = topicID(v); c.topic == "" {
						im.errorf(vl, vc, "use letters and digits", "topic %q has no letter or digit", v)
						ok = false
					}
				}
			case "difficulty":
				if v = strings.TrimSpace(v); v != "" {
					d, good := parseDifficulty(v)
					if !good {
						im.errorf(vl, vc, "use 1, 2 or 3 (or easy, medium, hard)", "difficulty %q is not 1, 2 or 3", v)
						ok = false
					}
					c.difficulty = d
				}
			case "refs":
				c.refs = uniqueStrings(strings.Fields(v))
			case "id":
				v = strings.TrimSpace(v)
				if v == "" {
					break
				}
				if !content.ValidID(v) {
					im.errorf(vl, vc, "use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit", "id %q is not a valid question id", v)
					ok = false
					break
				}
				if line, dup := ids[v]; dup {
					im.errorf(vl, vc, "ids must be unique in a bank", "id %q is also the id of the card at line %d", v, line)
					ok = false
					break
				}
				ids[v] = r.line
				c.id = v
			case "type":
				switch t := content.Type(strings.ToLower(strings.TrimSpace(v))); t {
				case "", "auto":
				case content.Short, content.Open, content.Cloze, content.TrueFalse, content.Numeric:
					c.kind = t
					c.cloze = t == content.Cloze
				default:
					im.errorf(vl, vc, "use short, open, cloze, truefalse or numeric, or leave it empty", "type %q cannot be imported from a CSV file", v)
					ok = false
				}
			}
		}
		if ok {
			cards = append(cards, c)
		}
	}
	return cards
}

func fields(n int) string {
	if n == 1 {
		return "1 field"
	}
	return strconv.Itoa(n) + " fields"
}

func describeColumn(c csvColumn) string {
	if c.lang != "" {
		return c.field + " in " + c.lang
	}
	return c.field
}

func parseDifficulty(s string) (int, bool) {
	switch strings.ToLower(s) {
	case "easy", "basic", "简单":
		return 1, true
	case "medium", "normal", "中等":
		return 2, true
	case "hard", "difficult", "困难":
		return 3, true
	}
	d, err := strconv.Atoi(s)
	return d, err == nil && d >= 1 && d <= 3
}
