package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
)

// ShowOptions are the inputs of `cram show`.
type ShowOptions struct {
	IO      *IOStreams
	ID      string
	Lang    string
	JSON    bool
	Catalog func() (*content.Catalog, error)
}

// NewCmdShow builds `cram show`.
func NewCmdShow(f *Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{IO: f.IO, Catalog: f.Catalog}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show a question with its answer, explanation and references",
		Long: `Show a question, its answer, the explanation and the references. ID is the
global id bank/question, or a question id that is unique across banks.`,
		Example: `  cram show gil/why-races-are-rare
  cram show --lang zh process/fork-return-values`,
		Args: exactArgs(1, "a question id such as gil/why-races-are-rare"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return completeQuestionIDs(f, cmd, args, toComplete)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			opts.Lang = f.Config().Lang
			if runF != nil {
				return runF(opts)
			}
			return showRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

type questionJSON struct {
	ID          string   `json:"id"`
	Bank        string   `json:"bank"`
	Topic       string   `json:"topic"`
	Type        string   `json:"type"`
	Difficulty  int      `json:"difficulty"`
	Tags        []string `json:"tags,omitempty"`
	Prompt      string   `json:"prompt"`
	Code        string   `json:"code,omitempty"`
	Choices     []string `json:"choices,omitempty"`
	Answer      string   `json:"answer"`
	Explanation string   `json:"explanation,omitempty"`
	References  []string `json:"references"`
	Verifiable  bool     `json:"verifiable"`
}

func showRun(opts *ShowOptions) error {
	cat, err := opts.Catalog()
	if err != nil {
		return err
	}
	q, err := cat.Lookup(opts.ID)
	if err != nil {
		return err
	}
	b := cat.Bank(q.Bank)
	it := quiz.Item{Q: q, View: quiz.View{Lang: opts.Lang, Fallback: b.Languages}}
	expected := quiz.Check(q, quiz.Reference(q), it.View).Expected
	if q.Type == content.Open {
		var pts []string
		for _, kp := range q.KeyPoints {
			pts = append(pts, kp.Label(opts.Lang, b.Languages))
		}
		expected = strings.Join(pts, "; ")
	}
	if opts.JSON {
		j := questionJSON{ID: q.GlobalID(), Bank: q.Bank, Topic: q.Topic, Type: string(q.Type), Difficulty: q.Difficulty, Tags: q.Tags,
			Prompt: q.Prompt.Get(opts.Lang, b.Languages), Answer: expected, Explanation: q.Explanation.Get(opts.Lang, b.Languages),
			References: q.References, Verifiable: q.Program() != nil}
		if q.Code != nil {
			j.Code = q.Code.Source
		}
		for _, c := range q.Choices {
			j.Choices = append(j.Choices, c.Get(opts.Lang, b.Languages))
		}
		return writeJSON(opts.IO, j)
	}
	cs := opts.IO.Colors()
	t := ui(opts.Lang)
	w := opts.IO.Out
	fmt.Fprintln(w, cs.Dim(questionHeader(q)))
	writeQuestion(w, it, cs, t)
	fmt.Fprintln(w)
	label := t.Answer
	if q.Type == content.Open {
		label = t.KeyPoints
	}
	if strings.Contains(expected, "\n") {
		fmt.Fprintf(w, "%s:\n", cs.Bold(label))
		writeIndented(w, expected, "    ")
	} else {
		fmt.Fprintf(w, "%s: %s\n", cs.Bold(label), expected)
	}
	writeExplanation(w, q, it.View, t)
	if q.Program() != nil {
		fmt.Fprintf(w, "\n%s\n", cs.Dim("cram run "+q.GlobalID()+"  # runs the program that proves this answer"))
	}
	return nil
}

// completeQuestionIDs offers global question ids for shell completion.
func completeQuestionIDs(f *Factory, cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	if f.config == nil {
		if err := f.loadConfig(cmd); err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
	}
	cat, err := f.Catalog()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var ids []string
	for _, q := range cat.Questions() {
		if strings.HasPrefix(q.GlobalID(), toComplete) {
			ids = append(ids, q.GlobalID())
		}
	}
	return ids, cobra.ShellCompDirectiveNoFileComp
}
