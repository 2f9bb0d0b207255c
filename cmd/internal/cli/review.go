package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/cmd/internal/config"
	"github.com/cram-dev/cram/cmd/internal/tui"
	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
	"github.com/cram-dev/cram/quiz/store"
)

// ReviewOptions are the inputs of `cram review`.
type ReviewOptions struct {
	IO  *IOStreams
	Now func() time.Time

	Selection SelectionFlags
	Count     int
	Plain     bool
	Lang      string

	Catalog func() (*content.Catalog, error)
	Config  func() *config.Config
	Store   func() (*store.Store, error)
}

// NewCmdReview builds `cram review`.
func NewCmdReview(f *Factory, runF func(*ReviewOptions) error) *cobra.Command {
	opts := &ReviewOptions{IO: f.IO, Now: f.Now, Catalog: f.Catalog, Config: f.Config, Store: f.Store}
	cmd := &cobra.Command{
		Use:   "review",
		Short: "Review what is due today, then a few new questions",
		Long: `Ask the questions that are due today, the most overdue first, then new
questions up to the daily limit (setting review.daily_new). Each answer is
saved before the next question appears and schedules the question's next
review with FSRS: a wrong answer brings it back tomorrow, a right one later
and later (setting review.retention: the share of answers the schedule aims
to have right).

On a terminal the review is interactive; with --plain, or when standard
input or output is not a terminal, it reads one answer per line like
cram quiz --plain (:skip, :quit, :right).`,
		Example: `  cram review
  cram review --bank gil -n 20
  CRAM_REVIEW_DAILY_NEW=5 cram review --plain`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Lang = f.Config().Lang
			if opts.Count < 0 {
				return flagErrorf("--count must be positive")
			}
			if runF != nil {
				return runF(opts)
			}
			return reviewRun(cmd.Context(), opts)
		},
	}
	opts.Selection.register(cmd)
	cmd.Flags().IntVarP(&opts.Count, "count", "n", 0, "review at most `N` questions (0: all that are due)")
	cmd.Flags().BoolVar(&opts.Plain, "plain", false, "plain line mode, even on a terminal")
	return cmd
}

// queued is one question of today's queue.
type queued struct {
	Q    *content.Question
	Card store.CardState // IsNew for a new question
}

// todayQueue returns, among qs, the questions due by the end of today, the
// most overdue first, then new ones in bank order up to what is left of
// the daily limit. It also returns the cards of every question ever
// reviewed.
func todayQueue(ctx context.Context, st *store.Store, qs []*content.Question, now time.Time, dailyNew int) ([]queued, map[string]store.CardState, error) {
	cards, err := st.Cards(ctx)
	if err != nil {
		return nil, nil, err
	}
	taken, err := st.NewSince(ctx, startOfDay(now))
	if err != nil {
		return nil, nil, err
	}
	newLeft := max(dailyNew-taken, 0)
	until := endOfDay(now, 0)
	var due, fresh []queued
	for _, q := range qs {
		c, seen := cards[q.GlobalID()]
		switch {
		case seen && !c.Due.After(until):
			due = append(due, queued{Q: q, Card: c})
		case !seen && len(fresh) < newLeft:
			fresh = append(fresh, queued{Q: q, Card: store.CardState{ID: q.GlobalID()}})
		}
	}
	sort.SliceStable(due, func(i, j int) bool {
		if !due[i].Card.Due.Equal(due[j].Card.Due) {
			return due[i].Card.Due.Before(due[j].Card.Due)
		}
		return due[i].Q.GlobalID() < due[j].Q.GlobalID()
	})
	return append(due, fresh...), cards, nil
}

// nextReview finds the earliest review after today among qs: when, and how
// many questions fall due that day.
func nextReview(qs []*content.Question, cards map[string]store.CardState, now time.Time) (time.Time, int) {
	until := endOfDay(now, 0)
	var first time.Time
	n := 0
	for _, q := range qs {
		c, ok := cards[q.GlobalID()]
		if !ok || !c.Due.After(until) {
			continue
		}
		day := startOfDay(c.Due.In(now.Location()))
		switch {
		case first.IsZero() || day.Before(first):
			first, n = day, 1
		case day.Equal(first):
			n++
		}
	}
	return first, n
}

// selectQuestions applies the selection flags to the catalog.
func selectQuestions(cat *content.Catalog, sel SelectionFlags) ([]*content.Question, error) {
	filter, err := sel.filter(cat)
	if err != nil {
		return nil, err
	}
	return quiz.Select(cat.Questions(), filter), nil
}

// bankLanguages gives each bank's languages, for text fallback.
func bankLanguages(cat *content.Catalog) map[string][]string {
	out := map[string][]string{}
	for _, b := range cat.Banks() {
		out[b.ID] = b.Languages
	}
	return out
}

func reviewRun(ctx context.Context, opts *ReviewOptions) error {
	cat, err := opts.Catalog()
	if err != nil {
		return err
	}
	qs, err := selectQuestions(cat, opts.Selection)
	if err != nil {
		return err
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	defer st.Close()
	p := progressUI(opts.Lang)
	now := opts.Now()
	queue, cards, err := todayQueue(ctx, st, qs, now, opts.Config().Review.DailyNew)
	if err != nil {
		return err
	}
	if len(queue) == 0 {
		fmt.Fprintln(opts.IO.Out, p.NothingDue)
		writeNextReview(opts.IO.Out, qs, cards, now, p)
		return nil
	}
	if opts.Count > 0 && len(queue) > opts.Count {
		queue = queue[:opts.Count]
	}
	ordered := make([]*content.Question, len(queue))
	kind := map[string]string{}
	for i, it := range queue {
		ordered[i] = it.Q
		kind[it.Q.GlobalID()] = p.Due
		if it.Card.IsNew() {
			kind[it.Q.GlobalID()] = p.New
		}
	}
	sess := quiz.NewSession(ordered, quiz.SessionOptions{Seed: rand.Uint64(), Lang: opts.Lang, Fallback: bankLanguages(cat), Ordered: true}, now)
	record := func(a quiz.Attempt) error {
		if err := st.Record(ctx, quiz.ReviewOf(a, quiz.ModeReview)); err != nil {
			return fmt.Errorf("save the answer to %s: %w", a.Item.Q.GlobalID(), err)
		}
		return nil
	}

	var sum quiz.Summary
	var runErr error
	if opts.Plain || !opts.IO.IsInteractive() {
		sum, runErr = plainReview(ctx, opts, sess, kind, record, st)
	} else {
		sum, runErr = tui.Run(ctx, opts.IO.In, opts.IO.Out, tui.Options{
			Session: sess, Lang: opts.Lang, Now: opts.Now, NoColor: !opts.IO.ColorEnabled(), Record: record,
		})
		if errors.Is(runErr, tui.ErrInterrupted) {
			runErr = ErrInterrupted
		} else if runErr != nil {
			return fmt.Errorf("terminal interface: %w", runErr)
		}
		fmt.Fprintf(opts.IO.Out, "score: %s/%d (%.0f%%)\n", formatScore(sum.Score), sum.Asked, sum.Percent())
	}
	if runErr != nil && !errors.Is(runErr, ErrInterrupted) {
		return runErr
	}
	// What is still due today, and what comes next.
	if cards, err := st.Cards(ctx); err == nil {
		left := 0
		for _, q := range qs {
			if c, ok := cards[q.GlobalID()]; ok && !c.Due.After(endOfDay(now, 0)) {
				left++
			}
		}
		if left > 0 {
			fmt.Fprintf(opts.IO.ErrOut, p.Reviewed+"\n", sum.Asked, left, p.Today)
		} else {
			writeNextReview(opts.IO.ErrOut, qs, cards, now, p)
		}
	}
	return runErr
}

func writeNextReview(w io.Writer, qs []*content.Question, cards map[string]store.CardState, now time.Time, p *progressText) {
	day, n := nextReview(qs, cards, now)
	if n == 0 {
		fmt.Fprintln(w, p.NoneScheduled)
		return
	}
	fmt.Fprintf(w, p.NextDue+"\n", day.Format("2006-01-02"), whenDue(day, now, p), n)
}

// plainReview asks the session's questions in line mode, saving each
// answer before the next question appears and saying when the question
// comes back.
func plainReview(ctx context.Context, opts *ReviewOptions, sess *quiz.Session, kind map[string]string, record func(quiz.Attempt) error, st *store.Store) (quiz.Summary, error) {
	out, cs, p := opts.IO.Out, opts.IO.Colors(), progressUI(opts.Lang)
	loop := plainLoop{IO: opts.IO, Out: out, Colors: cs, Lang: opts.Lang, Now: opts.Now, Session: sess, Record: record,
		Label: func(it quiz.Item) string { return kind[it.Q.GlobalID()] },
		After: func(a quiz.Attempt) {
			if c, err := st.Card(ctx, a.Item.Q.GlobalID()); err == nil && !c.IsNew() {
				fmt.Fprintln(out, cs.Dim(fmt.Sprintf(p.Rated, formatDays(c.Interval, p))))
			}
		}}
	err := loop.run(ctx)
	sum := sess.Summary(opts.Now())
	writeSummary(out, sum, cs, ui(opts.Lang))
	return sum, err
}
