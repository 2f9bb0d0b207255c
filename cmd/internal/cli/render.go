package cli

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/cram-dev/cram/cmd/internal/iostreams"
	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
)

// questionHeader is the one-line header above a question.
func questionHeader(q *content.Question) string {
	stars := strings.Repeat("★", q.Difficulty) + strings.Repeat("☆", 3-q.Difficulty)
	return fmt.Sprintf("%s · %s · %s · %s", q.GlobalID(), q.Topic, stars, q.Type)
}

var blankRef = regexp.MustCompile(`\{\{(\d+)\}\}`)

// writeQuestion prints a question as the plain mode and `cram show` show it.
func writeQuestion(w io.Writer, it quiz.Item, cs iostreams.Palette, t *uiText) {
	q, v := it.Q, it.View
	fmt.Fprintln(w, q.Prompt.Get(v.Lang, v.Fallback))
	if q.Code != nil {
		fmt.Fprintln(w)
		writeIndented(w, q.Code.Source, "    ")
	}
	if q.Type == content.Cloze {
		fmt.Fprintln(w)
		passage := blankRef.ReplaceAllString(q.Passage.Get(v.Lang, v.Fallback), "[$1 ____]")
		writeIndented(w, passage, "    ")
	}
	if q.Type.HasChoices() {
		fmt.Fprintln(w)
		order := v.Perm
		if order == nil {
			order = make([]int, len(q.Choices))
			for i := range order {
				order[i] = i
			}
		}
		for pos, orig := range order {
			fmt.Fprintf(w, "  %s. %s\n", cs.Bold(content.Letter(pos)), q.Choices[orig].Get(v.Lang, v.Fallback))
		}
	}
}

func writeIndented(w io.Writer, s, indent string) {
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		fmt.Fprintln(w, strings.TrimRight(indent+line, " "))
	}
}

// answerHint says how to type an answer to q.
func answerHint(q *content.Question, t *uiText) string {
	switch q.Type {
	case content.Single:
		return t.HintSingle
	case content.Multiple:
		return t.HintMultiple
	case content.Ordering:
		return t.HintOrder
	case content.TrueFalse:
		return t.HintTrueFalse
	case content.Numeric:
		if q.Unit != "" {
			return t.HintNumber + " (" + q.Unit + ")"
		}
		return t.HintNumber
	case content.Output:
		return t.HintOutput
	case content.Cloze:
		if len(q.Blanks) == 1 {
			return t.HintShort
		}
		return t.HintCloze
	case content.Open:
		return t.HintOpen
	}
	return t.HintShort
}

// writeVerdict prints the outcome of an attempt: verdict, expected answer,
// feedback, explanation and references.
func writeVerdict(w io.Writer, a quiz.Attempt, cs iostreams.Palette, t *uiText) {
	r := a.Result
	q, v := a.Item.Q, a.Item.View
	switch {
	case a.Skipped:
		fmt.Fprintf(w, "%s — %s: %s\n", cs.Yellow(t.Skipped), t.Expected, r.Expected)
	case a.Overridden:
		fmt.Fprintf(w, "%s (%s)\n", cs.Green("✓ "+t.Correct), t.Overridden)
	case r.Verdict == quiz.Correct:
		fmt.Fprintln(w, cs.Green("✓ "+t.Correct))
	case r.Verdict == quiz.Partial:
		fmt.Fprintf(w, "%s (%.0f%%) — %s: %s\n", cs.Yellow("~ "+t.Partial), 100*r.Score, t.Expected, r.Expected)
	default:
		fmt.Fprintf(w, "%s — %s: %s\n", cs.Red("✗ "+t.Wrong), t.Expected, r.Expected)
	}
	for _, f := range r.Feedback {
		fmt.Fprintf(w, "  %s\n", f)
	}
	writeExplanation(w, q, v, t)
}

func writeExplanation(w io.Writer, q *content.Question, v quiz.View, t *uiText) {
	if q.Type == content.Open && !q.Model.IsZero() {
		fmt.Fprintf(w, "%s: %s\n", t.Answer, strings.TrimSpace(q.Model.Get(v.Lang, v.Fallback)))
	}
	if ex := strings.TrimSpace(q.Explanation.Get(v.Lang, v.Fallback)); ex != "" {
		fmt.Fprintf(w, "%s: %s\n", t.Explanation, ex)
	}
	if len(q.References) > 0 {
		fmt.Fprintf(w, "%s: %s\n", t.References, strings.Join(q.References, " "))
	}
}
