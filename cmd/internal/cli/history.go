package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/cmd/internal/iostreams"
	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
	"github.com/cram-dev/cram/quiz/store"
)

// HistoryOptions are the inputs of `cram history`.
type HistoryOptions struct {
	IO   *IOStreams
	Now  func() time.Time
	ID   string
	JSON bool
	Lang string

	Catalog func() (*content.Catalog, error)
	Store   func() (*store.Store, error)
}

// NewCmdHistory builds `cram history`.
func NewCmdHistory(f *Factory, runF func(*HistoryOptions) error) *cobra.Command {
	opts := &HistoryOptions{IO: f.IO, Now: f.Now, Catalog: f.Catalog, Store: f.Store}
	cmd := &cobra.Command{
		Use:   "history ID",
		Short: "Every answer to one question, and when it comes back",
		Long: `List every answer given to a question, oldest first: when, how (quiz,
review or cards), the verdict, the rating that scheduled it, the time
taken and the answer. Then the question's schedule: when it is due, its
stability and difficulty, and the chance of recalling it now.

Answers given before the question's text, choices or answer key changed
are marked "earlier version": they are kept, and still count for the
schedule.`,
		Example: `  cram history gil/plus-equals-atomic
  cram history plus-equals-atomic --json`,
		Args: exactArgs(1, "a question id such as gil/plus-equals-atomic"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return completeQuestionIDs(f, cmd, args, toComplete)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.Lang = args[0], f.Config().Lang
			if runF != nil {
				return runF(opts)
			}
			return historyRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "write the history as JSON")
	return cmd
}

type historyEntry struct {
	At         time.Time `json:"at"`
	Mode       string    `json:"mode"`
	Verdict    string    `json:"verdict,omitempty"`
	Rating     string    `json:"rating"`
	Overridden bool      `json:"overridden,omitempty"`
	TookMS     int64     `json:"took_ms"`
	Response   string    `json:"response,omitempty"`
	Earlier    bool      `json:"earlier_version"`
}

type historyJSON struct {
	ID             string         `json:"id"`
	InBanks        bool           `json:"in_banks"`
	Answers        []historyEntry `json:"answers"`
	Due            *time.Time     `json:"due,omitempty"`
	Stability      float64        `json:"stability_days,omitempty"`
	Difficulty     float64        `json:"difficulty,omitempty"`
	Retrievability float64        `json:"retrievability,omitempty"`
	Fails          int            `json:"fails"`
}

func historyRun(ctx context.Context, opts *HistoryOptions) error {
	cat, err := opts.Catalog()
	if err != nil {
		return err
	}
	id := opts.ID
	q, lookupErr := cat.Lookup(id)
	if lookupErr == nil {
		id = q.GlobalID()
	} else if !strings.Contains(id, "/") {
		return &FlagError{Err: lookupErr}
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	defer st.Close()
	hist, err := st.History(ctx, id)
	if err != nil {
		return err
	}
	if len(hist) == 0 && lookupErr != nil {
		return &FlagError{Err: lookupErr}
	}
	card, err := st.Card(ctx, id)
	if err != nil {
		return err
	}
	current := ""
	if q != nil {
		current = quiz.ContentHash(q)
	}
	now := opts.Now()
	out := historyJSON{ID: id, InBanks: q != nil, Answers: []historyEntry{}, Fails: card.Fails}
	for _, r := range hist {
		out.Answers = append(out.Answers, historyEntry{At: r.At.In(now.Location()), Mode: string(r.Mode), Verdict: r.Verdict, Rating: r.Rating.String(),
			Overridden: r.Overridden, TookMS: r.Duration.Milliseconds(), Response: r.Response, Earlier: q != nil && r.Hash != current})
	}
	if !card.IsNew() {
		due := card.Due.In(now.Location())
		out.Due, out.Stability, out.Difficulty = &due, card.Stability, card.Difficulty
		out.Retrievability = st.Scheduler().Retrievability(card.Card, now)
	}
	if opts.JSON {
		return writeJSON(opts.IO, out)
	}
	writeHistory(opts.IO.Out, out, q, now, opts.IO.Colors(), opts.Lang)
	return nil
}

func writeHistory(w io.Writer, h historyJSON, q *content.Question, now time.Time, cs iostreams.Palette, lang string) {
	p, t := progressUI(lang), ui(lang)
	head := h.ID
	if q != nil {
		head = questionHeader(q)
	} else {
		head += " (" + p.NotInBanks + ")"
	}
	fmt.Fprintln(w, cs.Bold(head))
	if len(h.Answers) == 0 {
		fmt.Fprintf(w, p.NoHistory+"\n", h.ID)
		return
	}
	cells := make([][]string, 0, len(h.Answers))
	for _, a := range h.Answers {
		verdict := a.Verdict
		switch {
		case a.Overridden:
			verdict += " (" + t.Overridden + ")"
		case verdict == "":
			verdict = "–"
		}
		row := []string{a.At.Format("2006-01-02 15:04"), a.Mode, verdict, a.Rating, (time.Duration(a.TookMS) * time.Millisecond).Round(time.Second).String(), oneLine(a.Response, 40)}
		if a.Earlier {
			row = append(row, "("+p.EarlierVersion+")")
		}
		cells = append(cells, row)
	}
	widths := make([]int, 7)
	for _, c := range cells {
		for i, s := range c {
			widths[i] = max(widths[i], lipgloss.Width(s))
		}
	}
	for _, c := range cells {
		var line strings.Builder
		for i, s := range c {
			if i > 0 {
				line.WriteString("  ")
			}
			if i == 6 {
				s = cs.Dim(s)
			}
			line.WriteString(pad(s, widths[i], i == 4))
		}
		fmt.Fprintln(w, strings.TrimRight(line.String(), " "))
	}
	if h.Due != nil {
		fmt.Fprintf(w, "\nnext review %s (%s) · stability %.1f days · difficulty %.1f/10 · recall now %.0f%% · failed %d time(s)\n",
			h.Due.Format("2006-01-02"), whenDue(*h.Due, now, p), h.Stability, h.Difficulty, 100*h.Retrievability, h.Fails)
	}
}

// oneLine shows an answer on one line, cut to n characters.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
