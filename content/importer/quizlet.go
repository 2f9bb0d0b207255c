package importer

import (
	"strings"

	"github.com/cram-dev/cram/content"
)

// quizletSeps chooses the separators of a headerless term–definition export:
// cards by new line, or by semicolon when the text is one line; term and
// definition by the first of tab (on at least half the cards) or comma (on
// nearly all of them).
func quizletSeps(text string) (field, cardSep string, ok bool) {
	cardSep = "\n"
	if t := strings.TrimRight(text, "\n"); !strings.Contains(t, "\n") && strings.Contains(t, ";") {
		cardSep = ";"
	}
	cards := splitCards(text, "\x00", cardSep, 1)
	if len(cards) == 0 {
		return "", "", false
	}
	for _, c := range []struct {
		sep   string
		share float64
	}{{"\t", 0.5}, {",", 0.9}} {
		n := 0
		for _, p := range cards {
			if strings.Contains(p.raw, c.sep) {
				n++
			}
		}
		if float64(n) >= c.share*float64(len(cards)) {
			return c.sep, cardSep, true
		}
	}
	return "", "", false
}

// unescapeSep reads a separator option: \t, \n and \\ may be written as escapes.
func unescapeSep(s string) string {
	return strings.NewReplacer(`\t`, "\t", `\n`, "\n", `\r`, "", `\\`, `\`).Replace(s)
}

// quizlet reads Quizlet's export: per card a term and a definition, with
// chosen separators between them and between cards, and no quoting. The
// term is the front.
func (im *importer) quizlet(text string) []card {
	fieldSep, cardSep := unescapeSep(im.opts.FieldSep), unescapeSep(im.opts.CardSep)
	if fieldSep == "" || cardSep == "" {
		f, c, ok := quizletSeps(text)
		if !ok && fieldSep == "" {
			im.errorf(1, 1, "give the separator between term and definition with --field-sep (and between cards with --card-sep)",
				"cannot find the separator between term and definition: most lines have no tab or comma")
			return nil
		}
		if fieldSep == "" {
			fieldSep = f
		}
		if cardSep == "" {
			cardSep = c
			if cardSep == "" {
				cardSep = "\n"
			}
		}
	}
	var cards []card
	for _, p := range splitCards(text, fieldSep, cardSep, 1) {
		if !p.ok {
			hint := "write the term, a " + sepName(fieldSep) + ", then the definition"
			if cardSep == "\n" {
				hint += "; if definitions span several lines, export from Quizlet with a custom separator between cards and pass it with --card-sep"
			}
			im.errorf(p.line, 1, hint, "no %s between term and definition", sepName(fieldSep))
			continue
		}
		c := card{line: p.line, front: map[string]string{}, back: map[string]string{}, note: map[string]string{}}
		setText(c.front, content.Neutral, im.fieldText(p.term, "", p.line, "term"))
		setText(c.back, content.Neutral, im.fieldText(p.def, "", p.defLine, "definition"))
		cards = append(cards, c)
	}
	return cards
}
