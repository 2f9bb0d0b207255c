package importer

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cram-dev/cram/content"
)

// card is one card read from another tool's export, its text already
// cleaned of HTML. Texts map a language code to the text; the key ""
// (content.Neutral) is text of no stated language.
type card struct {
	line              int
	front, back, note map[string]string
	tags              []string
	topic             string
	difficulty        int
	refs              []string
	id                string       // an id column's value, or ""
	kind              content.Type // a type column's value, or "" to choose
	cloze             bool         // the note type is a cloze type
}

// fieldText cleans one field and checks its size. html says whether the
// field is HTML: "true", "false", or "" to decide by its content.
func (im *importer) fieldText(raw string, html string, line int, what string) string {
	if len(raw) > MaxFieldSize {
		im.errorf(line, 1, "shorten it; a card is meant to be short", "the %s is longer than %d KiB", what, MaxFieldSize>>10)
		return ""
	}
	if html == "true" || (html == "" && looksHTML.MatchString(raw)) {
		c := htmlToText(raw)
		for _, d := range c.dropped {
			im.warnf(line, 1, "cram shows text only; describe it in words if the card needs it", "the %s holds %s, which is left out", what, d)
		}
		return c.text
	}
	return plainText(raw)
}

// foreign reads an export of another tool and writes it as a bank.
func (im *importer) foreign(format Format, text string) *Bank {
	var cards []card
	title := ""
	switch format {
	case Anki:
		cards, title = im.anki(text)
	case CSV:
		cards = im.csv(text)
	case Quizlet:
		cards = im.quizlet(text)
	}
	if len(cards) == 0 {
		if !im.problems.HasErrors() {
			im.errorf(1, 1, "check that this is the right file", "no cards found")
		}
		return nil
	}
	if len(cards) > MaxCards {
		im.errorf(cards[MaxCards].line, 1, "split the file into several banks", "more than %d cards", MaxCards)
		return nil
	}
	id := im.opts.ID
	if id == "" {
		id = slug(baseName(im.name), 64)
		if !content.ValidID(id) {
			im.errorf(1, 1, "give the bank an id with --as ID", "cannot make a bank id from the file name %q", baseName(im.name))
			return nil
		}
	}
	if title == "" {
		title = baseName(im.name)
	}
	b, lines, skipped := im.build(id, title, format, cards)
	if b == nil || im.problems.HasErrors() {
		return nil
	}
	data, err := content.Write(b)
	if err != nil {
		im.errorf(1, 1, "", "%v", err)
		return nil
	}
	// A comment after the schema line says where the bank came from.
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		note := fmt.Sprintf("# Imported by cram import from %s (%s). Edit it freely: cram lint checks it.\n",
			strings.ReplaceAll(baseName(im.name)+extOf(im.name), "\n", " "), format.Describe())
		data = append(data[:i+1:i+1], append([]byte(note), data[i+1:]...)...)
	}
	parsed, ps := content.Parse(im.name, data)
	// The bank is checked by the one loader; its errors are the cards' and are
	// reported at the cards' lines. Its warnings (no explanation, no
	// reference) hold for nearly every card of another tool, and are left to
	// cram lint.
	if ps.HasErrors() || parsed == nil {
		for _, p := range ps.Errors() {
			line := 1
			if parsed != nil {
				for _, q := range parsed.Questions {
					if q.Line <= p.Line {
						line = lines[q.ID]
					}
				}
			}
			im.errorf(line, 1, p.Hint, "%s", p.Msg)
		}
		return nil
	}
	return &Bank{Bank: parsed, Data: data, Cards: len(cards), Skipped: skipped}
}

func extOf(name string) string {
	base := name[strings.LastIndexAny(name, `/\`)+1:]
	if i := strings.LastIndexByte(base, '.'); i > 0 && len(base)-i <= 5 {
		return base[i:]
	}
	return ""
}

// build turns cards into a bank. It returns the bank, the input line of each
// question id, and how many duplicate cards it left out.
func (im *importer) build(id, title string, format Format, cards []card) (*content.Bank, map[string]int, int) {
	langs, tagged := im.languages(cards)
	b := &content.Bank{
		Format:      content.FormatVersion,
		ID:          id,
		Title:       content.Plain(title),
		Description: content.Plain(fmt.Sprintf("Imported from %s (%s).", baseName(im.name)+extOf(im.name), format.Describe())),
		Languages:   langs,
	}
	lines := make(map[string]int, len(cards))
	seenCard := make(map[string]int, len(cards))  // front and back → line
	seenFront := make(map[string]int, len(cards)) // front → line
	skipped := 0
	for i := range cards {
		c := &cards[i]
		if !im.complete(c, langs, tagged) {
			continue
		}
		fk, ck := dupKey(c.front), dupKey(c.front)+"\x00"+dupKey(c.back)+"\x00"+dupKey(c.note)
		if line, dup := seenCard[ck]; dup {
			im.warnf(c.line, 1, "remove one of them", "duplicate card: the card at line %d is the same; this one is left out", line)
			skipped++
			continue
		}
		if line, dup := seenFront[fk]; dup {
			im.warnf(c.line, 1, "both are kept; merge them if they ask the same thing", "the card at line %d has the same front with a different back", line)
		}
		seenCard[ck], seenFront[fk] = c.line, c.line
		q := im.question(c, b, langs, tagged)
		if q == nil {
			continue
		}
		q.ID = im.uniqueID(c, q, lines)
		lines[q.ID] = c.line
		b.Questions = append(b.Questions, q)
	}
	return b, lines, skipped
}

// languages returns the bank's languages and whether texts are tagged with
// them: the languages CSV columns name, in order; else the --lang option;
// else English, with texts left neutral.
func (im *importer) languages(cards []card) ([]string, bool) {
	var langs []string
	seen := map[string]bool{}
	for _, c := range cards {
		for _, m := range []map[string]string{c.front, c.back, c.note} {
			for _, l := range sortedLangs(m) {
				if l != content.Neutral && !seen[l] {
					seen[l] = true
					langs = append(langs, l)
				}
			}
		}
	}
	if len(langs) > 0 {
		return langs, true
	}
	if im.opts.Lang != "" {
		return []string{im.opts.Lang}, true
	}
	return []string{"en"}, false
}

func sortedLangs(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// complete checks that a card has a front and a back in every language of
// the bank, and moves text of no stated language to the bank's language
// when --lang named one.
func (im *importer) complete(c *card, langs []string, tagged bool) bool {
	ok := true
	for _, f := range []struct {
		name string
		m    map[string]string
		need bool
	}{{"front", c.front, true}, {"back", c.back, !c.cloze && !hasClozeText(c.front)}, {"note", c.note, false}} {
		if s, has := f.m[content.Neutral]; has && tagged && len(langs) == 1 && len(f.m) == 1 {
			delete(f.m, content.Neutral)
			f.m[langs[0]] = s
		}
		if _, neutral := f.m[content.Neutral]; neutral {
			if f.m[content.Neutral] == "" && f.need {
				im.errorf(c.line, 1, "write the "+f.name+", or remove the line", "the %s is empty", f.name)
				ok = false
			}
			continue
		}
		if len(f.m) == 0 {
			if f.need {
				im.errorf(c.line, 1, "write the "+f.name+", or remove the line", "the %s is empty", f.name)
				ok = false
			}
			continue
		}
		for _, l := range langs {
			if f.m[l] == "" {
				im.errorf(c.line, 1, fmt.Sprintf("write the %s in %s too: every card needs each of the bank's languages (%s)", f.name, l, strings.Join(langs, ", ")),
					"the %s has no %s text", f.name, l)
				ok = false
			}
		}
	}
	return ok
}

func hasClozeText(m map[string]string) bool {
	for _, s := range m {
		if hasCloze(s) {
			return true
		}
	}
	return false
}

// dupKey is a text compared for duplicates: every language, case and runs
// of white space ignored.
func dupKey(m map[string]string) string {
	var b strings.Builder
	for _, l := range sortedLangs(m) {
		b.WriteString(l)
		b.WriteByte(':')
		b.WriteString(strings.ToLower(strings.Join(strings.Fields(m[l]), " ")))
		b.WriteByte(0)
	}
	return b.String()
}

// text turns a card's text into a content.Text.
func text(m map[string]string) content.Text {
	if len(m) == 0 {
		return nil
	}
	t := make(content.Text, len(m))
	for k, v := range m {
		t[k] = v
	}
	return t
}

// variants returns a text's distinct strings, in language order.
func variants(m map[string]string) []string {
	var out []string
	for _, l := range sortedLangs(m) {
		if s := m[l]; s != "" && !containsString(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// The prompt of a cloze card, per language.
var fillIn = map[string]string{"en": "Fill in the blanks.", "zh": "填空。"}

// question maps one card to a question; see "Importing from other tools"
// in content/README.md. The id is set by the caller.
func (im *importer) question(c *card, b *content.Bank, langs []string, tagged bool) *content.Question {
	q := &content.Question{Bank: b.ID, Topic: b.ID, Difficulty: 2, Tags: c.tags, References: c.refs, Line: c.line}
	if c.topic != "" {
		q.Topic = c.topic
	}
	if c.difficulty != 0 {
		q.Difficulty = c.difficulty
	}
	explanation := text(c.note)
	kind := c.kind
	if kind == "" {
		switch {
		case c.cloze || hasClozeText(c.front):
			kind = content.Cloze
		case termLike(c.back):
			kind = content.Short
		default:
			kind = content.Open
		}
	}
	q.Type = kind
	switch kind {
	case content.Cloze:
		if !im.clozeQuestion(c, q, langs, tagged) {
			return nil
		}
		// The back of a cloze note is extra information: it explains.
		explanation = joinTexts(text(c.back), explanation)
	case content.Short:
		q.Prompt = text(c.front)
		q.Accepted = variants(c.back)
	case content.Open:
		q.Prompt = text(c.front)
		q.Model = text(c.back)
		q.KeyPoints = keyPoints(q.Model, langs)
		q.Required = len(q.KeyPoints)
	case content.TrueFalse:
		q.Prompt = text(c.front)
		v, ok := parseBool(variants(c.back))
		if !ok {
			im.errorf(c.line, 1, "write true or false (or yes, no)", "a truefalse card's back must be true or false, not %q", strings.Join(variants(c.back), " / "))
			return nil
		}
		q.Bool = v
	case content.Numeric:
		q.Prompt = text(c.front)
		vs := variants(c.back)
		n, unit, ok := parseNumber(vs[0])
		if !ok || len(vs) > 1 {
			im.errorf(c.line, 1, "write a number, optionally followed by its unit: 5 ms", "a numeric card's back must be a number, not %q", strings.Join(vs, " / "))
			return nil
		}
		q.Number, q.Unit = n, unit
	default:
		im.errorf(c.line, 1, "use short, open, cloze, truefalse or numeric", "cards cannot be imported as %s questions", kind)
		return nil
	}
	q.Explanation = explanation
	return q
}

// clozeQuestion fills in a cloze question from a front with Anki cloze
// deletions: one blank per deletion, in order; blank n accepts the deleted
// text of every language.
func (im *importer) clozeQuestion(c *card, q *content.Question, langs []string, tagged bool) bool {
	q.Passage = content.Text{}
	n := -1
	for _, l := range sortedLangs(c.front) {
		cz, msg := parseCloze(c.front[l])
		if msg != "" {
			im.errorf(c.line, 1, "write deletions as {{c1::answer}} or {{c1::answer::hint}}", "%s", msg)
			return false
		}
		if len(cz.answers) == 0 {
			im.errorf(c.line, 1, "mark the text to hide as {{c1::text}}", "a cloze card has no {{c1::…}} deletion")
			return false
		}
		if n >= 0 && len(cz.answers) != n {
			im.errorf(c.line, 1, "give every language the same deletions", "the languages of this card have different numbers of deletions")
			return false
		}
		n = len(cz.answers)
		q.Passage[l] = cz.passage
		if q.Blanks == nil {
			q.Blanks = make([][]string, n)
		}
		for i, a := range cz.answers {
			if !containsString(q.Blanks[i], a) {
				q.Blanks[i] = append(q.Blanks[i], a)
			}
		}
	}
	prompt := content.Text{}
	if !tagged {
		prompt[content.Neutral] = fillIn["en"]
	} else {
		for _, l := range langs {
			if s, ok := fillIn[l]; ok {
				prompt[l] = s
			} else {
				prompt[l] = fillIn["en"]
			}
		}
	}
	q.Prompt = prompt
	return true
}

// joinTexts puts two texts one after the other, per language.
func joinTexts(a, b content.Text) content.Text {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := content.Text{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if out[k] != "" {
			out[k] += "\n\n" + v
		} else {
			out[k] = v
		}
	}
	return out
}

// uniqueID returns the card's id column, or an id derived from its front,
// made unique in the bank with -2, -3 ….
func (im *importer) uniqueID(c *card, q *content.Question, taken map[string]int) string {
	if c.id != "" {
		return c.id // the CSV reader has checked it, and that it is unique
	}
	var front strings.Builder
	for _, l := range sortedLangs(c.front) {
		s := c.front[l]
		if cz, msg := parseCloze(s); msg == "" && len(cz.answers) > 0 {
			s = cz.full
		}
		front.WriteString(s)
		front.WriteByte('\n')
	}
	id := questionID(front.String())
	if _, dup := taken[id]; !dup {
		return id
	}
	for k := 2; ; k++ {
		next := id + "-" + strconv.Itoa(k)
		if _, dup := taken[next]; !dup {
			return next
		}
	}
}

// Limits of a back taken as a short typed answer.
const (
	termMaxRunes = 40
	termMaxWords = 5
	termMaxHan   = 16
)

// termLike reports whether every language of a back is a term one would
// type: one line, at most 5 words and 40 characters (16 for Chinese), not a
// sentence ending in a full stop.
func termLike(m map[string]string) bool {
	if len(m) == 0 {
		return false
	}
	for _, s := range m {
		if s == "" || strings.Contains(s, "\n") || utf8.RuneCountInString(s) > termMaxRunes || len(strings.Fields(s)) > termMaxWords {
			return false
		}
		han := 0
		for _, r := range s {
			if unicode.Is(unicode.Han, r) {
				han++
			}
		}
		if han > termMaxHan {
			return false
		}
		r, _ := utf8.DecodeLastRuneInString(s)
		if strings.ContainsRune(".!?。！？", r) && !strings.HasSuffix(s, "()") {
			return false
		}
	}
	return true
}

// keyPoints are what an open answer must contain: one point per item when
// the back is a list in every language (lines starting "- ", as HTML lists
// become), otherwise one point, the whole back on one line.
func keyPoints(back content.Text, langs []string) []content.KeyPoint {
	items := map[string][]string{}
	n := -1
	for _, l := range langs {
		s, _ := back.Exact(l)
		it := listItems(s)
		if n >= 0 && len(it) != n {
			n = 0
		}
		if n != 0 {
			n = len(it)
		}
		items[l] = it
	}
	if n >= 2 {
		out := make([]content.KeyPoint, n)
		for i := range out {
			out[i] = content.KeyPoint{}
			for _, l := range langs {
				out[i][l] = []string{items[l][i]}
			}
		}
		return out
	}
	kp := content.KeyPoint{}
	for _, l := range langs {
		s, _ := back.Exact(l)
		kp[l] = []string{strings.Join(strings.Fields(s), " ")}
	}
	return []content.KeyPoint{kp}
}

// listItems returns the items of s when every line of it is a list item, else nil.
func listItems(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		item, ok := strings.CutPrefix(l, "- ")
		if !ok || strings.TrimSpace(item) == "" {
			return nil
		}
		out = append(out, strings.TrimSpace(item))
	}
	return out
}

func parseBool(vs []string) (bool, bool) {
	var v, set bool
	for _, s := range vs {
		var b bool
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true", "yes", "t", "y", "1", "对", "是", "正确":
			b = true
		case "false", "no", "f", "n", "0", "错", "否", "错误":
			b = false
		default:
			return false, false
		}
		if set && b != v {
			return false, false
		}
		v, set = b, true
	}
	return v, set
}

// parseNumber reads "5", "-2.5", "2e6" or "5 ms": a number and an optional unit.
func parseNumber(s string) (float64, string, bool) {
	s = strings.TrimSpace(s)
	num, unit := s, ""
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		num, unit = s[:i], strings.TrimSpace(s[i:])
		if strings.ContainsFunc(unit, unicode.IsSpace) {
			return 0, "", false
		}
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v != v || v > 1e300 || v < -1e300 {
		return 0, "", false
	}
	return v, unit, true
}
