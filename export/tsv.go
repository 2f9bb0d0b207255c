package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteTSV writes cards as Anki notes in plain text: a header that tells
// Anki the separator (tab), that fields hold HTML, and that the third column
// holds tags; then one note a line with the front, the back and the tags
// (cram, the bank, the topic and the question's tags). Import it in Anki with
// File › Import into a Basic note type.
func WriteTSV(w io.Writer, cards []*Card, lang Lang) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("#separator:tab\n#html:true\n#tags column:3\n")
	for _, c := range cards {
		fmt.Fprintf(bw, "%s\t%s\t%s\n", tsvField(frontHTML(c)), tsvField(backHTML(c, lang)), strings.Join(c.ankiTags(), " "))
	}
	return bw.Flush()
}

// tsvField keeps a field on its line: tabs and line ends never occur in the
// HTML built here, but a bank's text must not be able to break the format.
func tsvField(s string) string {
	return strings.NewReplacer("\t", " ", "\n", "<br>", "\r", "").Replace(s)
}

// escapeHTML escapes what HTML needs escaped, and the double quote, which
// Anki's importer would take for CSV quoting. Apostrophes stay readable.
var escapeHTML = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace

// inlineHTML escapes prose and sets `code` in <code>.
func inlineHTML(s string) string {
	var b strings.Builder
	for _, sp := range proseSpans(s) {
		t := escapeHTML(sp.text)
		t = strings.ReplaceAll(t, "\n", "<br>")
		if sp.mono {
			b.WriteString("<code>" + t + "</code>")
		} else {
			b.WriteString(t)
		}
	}
	return b.String()
}

func preHTML(s string) string {
	return "<pre><code>" + strings.ReplaceAll(escapeHTML(s), "\n", "<br>") + "</code></pre>"
}

func textsHTML(ts Texts, sep string) string {
	var parts []string
	for _, t := range ts.Distinct() {
		parts = append(parts, inlineHTML(t.Text))
	}
	return strings.Join(parts, sep)
}

func frontHTML(c *Card) string {
	if !c.Front.IsZero() {
		return textsHTML(c.Front, "<br><br>")
	}
	parts := []string{textsHTML(c.Prompt, "<br><br>")}
	if c.Code != nil {
		parts = append(parts, preHTML(c.Code.Source))
	}
	for _, t := range c.Passage.Distinct() {
		parts = append(parts, preHTML(t.Text))
	}
	if len(c.Choices) > 0 {
		var cs []string
		for _, ch := range c.Choices {
			cs = append(cs, "<b>"+ch.Letter+".</b> "+textsHTML(ch.Text, " / "))
		}
		parts = append(parts, strings.Join(cs, "<br>"))
	}
	if !c.Hint.IsZero() {
		parts = append(parts, "<i>"+textsHTML(c.Hint, " · ")+"</i>")
	}
	return strings.Join(nonEmpty(parts), "<br><br>")
}

func backHTML(c *Card, lang Lang) string {
	var parts []string
	head := func(key string) string { return "<b>" + escapeHTML(label(lang, key)) + "</b>" }
	switch {
	case !c.Back.IsZero():
		parts = append(parts, textsHTML(c.Back, "<br><br>"))
	case c.Output != "":
		parts = append(parts, head("output")+preHTML(c.Output))
	case len(c.Blanks) > 0:
		var items []string
		for _, b := range c.Blanks {
			items = append(items, "<li><code>"+escapeHTML(b)+"</code></li>")
		}
		parts = append(parts, head("answer")+"<ol>"+strings.Join(items, "")+"</ol>")
	case len(c.KeyPoints) > 0:
		var items []string
		for _, k := range c.KeyPoints {
			items = append(items, "<li>"+textsHTML(k, " / ")+"</li>")
		}
		parts = append(parts, head("keypoints")+"<ul>"+strings.Join(items, "")+"</ul>")
		if !c.Model.IsZero() {
			parts = append(parts, head("model")+"<br>"+textsHTML(c.Model, "<br>"))
		}
	case !c.Answer.IsZero():
		parts = append(parts, head("answer")+": "+textsHTML(c.Answer, " / "))
	}
	if !c.Explanation.IsZero() {
		parts = append(parts, head("explanation")+"<br>"+textsHTML(c.Explanation, "<br><br>"))
	}
	return strings.Join(nonEmpty(parts), "<br><br>")
}

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
