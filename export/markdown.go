package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// MarkdownOptions say how to write a study sheet.
type MarkdownOptions struct {
	Lang    Lang
	Title   string    // the sheet's heading; a default when empty
	Created time.Time // printed under the heading when set
	// BankTitles gives each bank's title by id, for the section headings.
	BankTitles map[string]string
}

// WriteMarkdown writes cards as a Markdown study sheet: a section per bank,
// and per question its header, the question, then the answer and the
// explanation.
func WriteMarkdown(w io.Writer, cards []*Card, opts MarkdownOptions) error {
	bw := bufio.NewWriter(w)
	title := opts.Title
	if title == "" {
		title = "cram study sheet"
	}
	fmt.Fprintf(bw, "# %s\n\n", title)
	if !opts.Created.IsZero() {
		fmt.Fprintf(bw, "%d questions · %s\n", len(cards), opts.Created.Format("2006-01-02"))
	} else {
		fmt.Fprintf(bw, "%d questions\n", len(cards))
	}
	bank := ""
	for _, c := range cards {
		if c.Bank != bank {
			bank = c.Bank
			t := opts.BankTitles[bank]
			if t == "" {
				t = bank
			}
			fmt.Fprintf(bw, "\n## %s\n", t)
		}
		writeMarkdownCard(bw, c, opts.Lang)
	}
	return bw.Flush()
}

func writeMarkdownCard(w *bufio.Writer, c *Card, lang Lang) {
	fmt.Fprintf(w, "\n### %s\n\n", c.Header())
	para := func(ts Texts) {
		for _, t := range ts.Distinct() {
			fmt.Fprintf(w, "%s\n\n", mdLines(t.Text))
		}
	}
	fence := func(info, s string) {
		f := "```"
		for strings.Contains(s, f) {
			f += "`"
		}
		fmt.Fprintf(w, "%s%s\n%s\n%s\n\n", f, info, s, f)
	}
	if !c.Front.IsZero() {
		para(c.Front)
	} else {
		para(c.Prompt)
		if c.Code != nil {
			fence(c.Code.Lang, c.Code.Source)
		}
		for _, t := range c.Passage.Distinct() {
			fence("text", t.Text)
		}
		if len(c.Choices) > 0 {
			for _, ch := range c.Choices {
				var ts []string
				for _, t := range ch.Text.Distinct() {
					ts = append(ts, mdLines(t.Text))
				}
				fmt.Fprintf(w, "- **%s.** %s\n", ch.Letter, strings.Join(ts, "\\\n  "))
			}
			w.WriteString("\n")
		}
		if !c.Hint.IsZero() {
			var ts []string
			for _, t := range c.Hint.Distinct() {
				ts = append(ts, t.Text)
			}
			fmt.Fprintf(w, "*%s*\n\n", strings.Join(ts, " · "))
		}
	}
	head := func(key string) { fmt.Fprintf(w, "**%s:**", label(lang, key)) }
	switch {
	case !c.Back.IsZero():
		para(c.Back)
	case c.Output != "":
		head("output")
		w.WriteString("\n\n")
		fence("text", c.Output)
	case len(c.Blanks) > 0:
		head("answer")
		w.WriteString("\n\n")
		for i, b := range c.Blanks {
			fmt.Fprintf(w, "%d. `%s`\n", i+1, strings.ReplaceAll(b, "`", "'"))
		}
		w.WriteString("\n")
	case len(c.KeyPoints) > 0:
		head("keypoints")
		w.WriteString("\n\n")
		for _, k := range c.KeyPoints {
			var ts []string
			for _, t := range k.Distinct() {
				ts = append(ts, mdLines(t.Text))
			}
			fmt.Fprintf(w, "- %s\n", strings.Join(ts, " / "))
		}
		w.WriteString("\n")
		if !c.Model.IsZero() {
			head("model")
			w.WriteString("\n\n")
			para(c.Model)
		}
	case !c.Answer.IsZero():
		head("answer")
		var ts []string
		for _, t := range c.Answer.Distinct() {
			ts = append(ts, mdLines(t.Text))
		}
		fmt.Fprintf(w, " %s\n\n", strings.Join(ts, " / "))
	}
	if !c.Explanation.IsZero() {
		head("explanation")
		w.WriteString("\n\n")
		para(c.Explanation)
	}
}

// mdLines keeps a text's line ends as Markdown hard breaks.
func mdLines(s string) string { return strings.ReplaceAll(s, "\n", "\\\n") }
