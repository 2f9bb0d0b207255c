package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/cmd/internal/config"
	"github.com/cram-dev/cram/cmd/internal/iostreams"
	"github.com/cram-dev/cram/cmd/internal/tui"
	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
	"github.com/cram-dev/cram/quiz/sandbox"
)

// QuizOptions are the inputs of `cram quiz`.
type QuizOptions struct {
	IO  *IOStreams
	Now func() time.Time

	Selection SelectionFlags
	Targets   []string // banks or question ids named as arguments
	Count     int
	Seed      uint64
	SeedSet   bool
	Plain     bool
	JSON      bool
	Lang      string

	Missed  bool
	Leeches bool

	Catalog func() (*content.Catalog, error)
	Config  func() *config.Config
	Store   func() (verifyStore, error)
	// Progress opens the progress store: where answers are recorded and
	// --missed and --leeches look.
	Progress func() (progressStore, error)
}

// progressStore is what the quiz needs of the progress store.
type progressStore interface {
	quiz.Recorder
	MissedIDs(ctx context.Context) (map[string]bool, error)
	LeechIDs(ctx context.Context, threshold int) (map[string]bool, error)
}

// SelectionFlags are the question filters shared by quiz, cards and export.
type SelectionFlags struct {
	Banks      []string
	Topics     []string
	Types      []string
	Tags       []string
	Difficulty []int
}

func (s *SelectionFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringSliceVar(&s.Banks, "bank", nil, "only questions from these banks (repeat or comma-separate)")
	fl.StringSliceVar(&s.Topics, "topic", nil, "only questions on these topics")
	fl.StringSliceVar(&s.Types, "type", nil, "only these question types: "+strings.Join(typeNames(), ", "))
	fl.StringSliceVar(&s.Tags, "tag", nil, "only questions with one of these tags")
	fl.IntSliceVar(&s.Difficulty, "difficulty", nil, "only these difficulties (1, 2, 3)")
}

func typeNames() []string {
	out := make([]string, len(content.Types))
	for i, t := range content.Types {
		out[i] = string(t)
	}
	return out
}

// filter validates the flags against the catalog and builds a quiz.Filter.
func (s *SelectionFlags) filter(cat *content.Catalog) (quiz.Filter, error) {
	f := quiz.Filter{Banks: s.Banks, Topics: s.Topics, Tags: s.Tags, Difficulty: s.Difficulty}
	for _, b := range s.Banks {
		if cat.Bank(b) == nil {
			var ids []string
			for _, bk := range cat.Banks() {
				ids = append(ids, bk.ID)
			}
			hint := "banks: " + strings.Join(ids, ", ")
			if sug := content.Suggest(b, ids); sug != "" {
				hint = fmt.Sprintf("did you mean %s?", sug)
			}
			return f, flagErrorf("no bank %q (%s)", b, hint)
		}
	}
	for _, t := range s.Types {
		if !content.Type(t).Valid() {
			return f, flagErrorf("unknown question type %q (use %s)", t, strings.Join(typeNames(), ", "))
		}
		f.Types = append(f.Types, content.Type(t))
	}
	for _, d := range s.Difficulty {
		if d < 1 || d > 3 {
			return f, flagErrorf("--difficulty %d is out of range (use 1, 2 or 3)", d)
		}
	}
	return f, nil
}

// NewCmdQuiz builds `cram quiz`.
func NewCmdQuiz(f *Factory, runF func(*QuizOptions) error) *cobra.Command {
	opts := &QuizOptions{IO: f.IO, Now: f.Now, Catalog: f.Catalog, Config: f.Config, Store: f.verifyStore, Progress: f.progressStore}
	cmd := &cobra.Command{
		Use:   "quiz [BANK|ID...]",
		Short: "Practise: answer questions and get them checked",
		Long: `Ask questions and check the answers. On a terminal the quiz is interactive;
with --plain, or when standard input or output is not a terminal, it prints
each question and reads one answer per line:

  an answer    letters (B, A C, C A B D), true/false, a number, text;
               for output questions type \n between lines, for cloze
               questions separate the blanks with |
  :skip        skip the question
  :quit        stop; the answers so far are kept
  :run         run the verification program of the last answered question
  :right       overrule the verdict on the last open answer

The last line is the score, for example "score: 7/10 (70%)".`,
		Example: `  cram quiz --bank gil -n 10
  cram quiz --topic deadlock --difficulty 2,3 --lang zh
  cram quiz gil/why-races-are-rare sync   # one question and a whole bank
  printf 'B\ntrue\n' | cram quiz --plain --seed 1 -n 2 --bank gil
  cram quiz --plain --json --seed 7 -n 5 < answers.txt > record.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Targets = args
			opts.Lang = f.Config().Lang
			opts.SeedSet = cmd.Flags().Changed("seed")
			if opts.Count < 0 {
				return flagErrorf("--count must be positive")
			}
			if runF != nil {
				return runF(opts)
			}
			return quizRun(cmd.Context(), opts)
		},
	}
	opts.Selection.register(cmd)
	cmd.Flags().IntVarP(&opts.Count, "count", "n", 10, "ask at most `N` questions (0: all)")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 0, "shuffle with this seed: the same seed asks the same questions in the same order")
	cmd.Flags().BoolVar(&opts.Plain, "plain", false, "plain line mode, even on a terminal")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "write a JSON record of the session to standard output (the quiz goes to standard error)")
	cmd.Flags().BoolVar(&opts.Missed, "missed", false, "only questions whose last answer was wrong or partly right")
	cmd.Flags().BoolVar(&opts.Leeches, "leeches", false, fmt.Sprintf("only leeches: questions failed %d times or more", quiz.LeechThreshold))
	return cmd
}

func quizRun(ctx context.Context, opts *QuizOptions) error {
	// Answers are recorded as they are given. A store that cannot be
	// opened does not stop practice, but the learner is told.
	var progress progressStore
	if p, err := opts.Progress(); err == nil {
		progress = p
	} else if opts.Missed || opts.Leeches {
		return err
	} else {
		fmt.Fprintf(opts.IO.ErrOut, "cram: warning: answers will not be saved: %v\n", err)
	}
	sess, err := newQuizSession(ctx, opts, progress)
	if err != nil {
		return err
	}
	record := func(a quiz.Attempt) error {
		if progress == nil {
			return nil
		}
		if err := progress.Record(ctx, quiz.ReviewOf(a, quiz.ModeQuiz)); err != nil {
			return fmt.Errorf("save answer to %s: %w", a.Item.Q.GlobalID(), err)
		}
		return nil
	}
	if opts.Plain || opts.JSON || !opts.IO.IsInteractive() {
		return plainQuiz(ctx, opts, sess, record)
	}
	sum, err := tui.Run(ctx, opts.IO.In, opts.IO.Out, tui.Options{
		Session: sess, Lang: opts.Lang, Now: opts.Now, NoColor: !opts.IO.ColorEnabled(),
		Run: opts.programRunner(ctx), Record: record,
	})
	if errors.Is(err, tui.ErrInterrupted) {
		writeSummary(opts.IO.ErrOut, sum, iostreams.Palette{}, ui(opts.Lang))
		return ErrInterrupted
	}
	if err != nil {
		return fmt.Errorf("terminal interface: %w", err)
	}
	fmt.Fprintf(opts.IO.Out, "score: %s/%d (%.0f%%)\n", formatScore(sum.Score), sum.Asked, sum.Percent())
	return nil
}

// programRunner returns how the quiz runs a question's program after an
// answer: in the sandbox, for built-in banks and approved programs only.
// Nil when running programs is off.
func (opts *QuizOptions) programRunner(ctx context.Context) func(context.Context, *content.Question, io.Writer) quiz.Outcome {
	cfg := opts.Config()
	if !cfg.Verify.Enabled {
		return nil
	}
	runner := newRunner(cfg)
	return func(runCtx context.Context, q *content.Question, live io.Writer) quiz.Outcome {
		cat, err := opts.Catalog()
		if err != nil {
			return quiz.Outcome{ID: q.GlobalID(), Status: quiz.VerifyError, Detail: err.Error()}
		}
		gate := trustGate{ctx: ctx, banks: map[string]*content.Bank{q.Bank: cat.Bank(q.Bank)}}
		if b := cat.Bank(q.Bank); b != nil && b.Source != content.SourceBuiltin {
			if st, err := opts.Store(); err == nil {
				gate.store = st
			}
		}
		if ok, why := gate.allowed(q); !ok {
			return quiz.Outcome{ID: q.GlobalID(), Status: quiz.VerifySkipped, Detail: why}
		}
		pw := sandbox.NewPrintableWriter(live)
		o := quiz.RunProgram(runCtx, q, runner, pw)
		_ = pw.Flush()
		return o
	}
}

func newQuizSession(ctx context.Context, opts *QuizOptions, progress progressStore) (*quiz.Session, error) {
	cat, err := opts.Catalog()
	if err != nil {
		return nil, err
	}
	filter, err := opts.Selection.filter(cat)
	if err != nil {
		return nil, err
	}
	if opts.Missed || opts.Leeches {
		var ids map[string]bool
		var err error
		what := "missed questions"
		if opts.Missed {
			ids, err = progress.MissedIDs(ctx)
		} else {
			what = "leeches"
			ids, err = progress.LeechIDs(ctx, quiz.LeechThreshold)
		}
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, fmt.Errorf("no %s yet: answers are remembered as you practise", what)
		}
		filter.IDs = ids
	}
	if len(opts.Targets) > 0 {
		named := map[string]bool{}
		for _, t := range opts.Targets {
			if b := cat.Bank(t); b != nil {
				for _, q := range b.Questions {
					named[q.GlobalID()] = true
				}
				continue
			}
			q, err := cat.Lookup(t)
			if err != nil {
				return nil, &FlagError{Err: err}
			}
			named[q.GlobalID()] = true
		}
		if filter.IDs != nil {
			for id := range named {
				named[id] = filter.IDs[id]
			}
		}
		filter.IDs = named
	}
	qs := quiz.Select(cat.Questions(), filter)
	ordered := false
	if len(opts.Targets) > 0 {
		qs, ordered = targetOrder(qs, opts.Targets, cat), true
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s (try fewer filters; cram banks lists what there is)", ui(opts.Lang).NoQuestions)
	}
	seed := opts.Seed
	if !opts.SeedSet {
		seed = rand.Uint64() >> 11 // small enough to retype
	}
	fallback := map[string][]string{}
	for _, b := range cat.Banks() {
		fallback[b.ID] = b.Languages
	}
	return quiz.NewSession(qs, quiz.SessionOptions{Count: opts.Count, Seed: seed, Lang: opts.Lang, Fallback: fallback, Ordered: ordered}, opts.Now()), nil
}

// targetOrder puts the selected questions in the order their ids or banks
// were named: a learner who names questions gets them in that order.
func targetOrder(qs []*content.Question, targets []string, cat *content.Catalog) []*content.Question {
	rank := map[string]int{}
	for i, t := range targets {
		if b := cat.Bank(t); b != nil {
			for _, q := range b.Questions {
				if _, ok := rank[q.GlobalID()]; !ok {
					rank[q.GlobalID()] = i
				}
			}
		} else if q, err := cat.Lookup(t); err == nil {
			rank[q.GlobalID()] = i
		}
	}
	out := slices.Clone(qs)
	slices.SortStableFunc(out, func(a, b *content.Question) int { return rank[a.GlobalID()] - rank[b.GlobalID()] })
	return out
}

// maxLine caps one typed answer; longer input is cut and the learner told.
const maxLine = 64 << 10

// lineReader reads answer lines in the background so that the quiz can stop
// on Ctrl-C while waiting for input.
type lineReader struct {
	lines chan lineOrErr
}

type lineOrErr struct {
	line string
	cut  bool
	err  error
}

func newLineReader(r io.Reader) *lineReader {
	lr := &lineReader{lines: make(chan lineOrErr)}
	go func() {
		br := bufio.NewReaderSize(r, 4096)
		for {
			var b strings.Builder
			cut := false
			for {
				chunk, isPrefix, err := br.ReadLine()
				if err != nil {
					if b.Len() > 0 {
						lr.lines <- lineOrErr{line: b.String(), cut: cut}
					}
					lr.lines <- lineOrErr{err: err}
					close(lr.lines)
					return
				}
				if b.Len()+len(chunk) > maxLine {
					chunk = chunk[:max(0, maxLine-b.Len())]
					cut = true
				}
				b.Write(chunk)
				if !isPrefix {
					break
				}
			}
			lr.lines <- lineOrErr{line: b.String(), cut: cut}
		}
	}()
	return lr
}

func (lr *lineReader) next(ctx context.Context) (lineOrErr, error) {
	select {
	case <-ctx.Done():
		return lineOrErr{}, ErrInterrupted
	case l, ok := <-lr.lines:
		if !ok {
			return lineOrErr{err: io.EOF}, nil
		}
		return l, nil
	}
}

// plainQuiz runs the session in line mode: questions and verdicts to standard
// output (standard error with --json), one answer per input line.
func plainQuiz(ctx context.Context, opts *QuizOptions, sess *quiz.Session, record func(quiz.Attempt) error) error {
	loop := plainLoop{IO: opts.IO, Out: opts.IO.Out, Colors: opts.IO.Colors(), Lang: opts.Lang, Now: opts.Now,
		Session: sess, Record: record, Run: opts.programRunner(ctx)}
	if opts.JSON {
		loop.Out, loop.Colors = opts.IO.ErrOut, iostreams.Palette{}
	}
	runErr := loop.run(ctx)
	sum := sess.Summary(opts.Now())
	writeSummary(loop.Out, sum, loop.Colors, ui(opts.Lang))
	if opts.JSON {
		if err := writeJSON(opts.IO, sessionRecord(sess, sum)); err != nil {
			return err
		}
	}
	return runErr
}

// writeRunOutcome says what a program run proved.
func writeRunOutcome(w io.Writer, o quiz.Outcome, cs iostreams.Palette) {
	switch o.Status {
	case quiz.VerifyPassed:
		fmt.Fprintln(w, cs.Green("✓ the program confirms the answer key"))
	case quiz.VerifyNotApplicable:
		fmt.Fprintf(w, "%s %s\n", cs.Yellow("– not applicable here:"), o.Detail)
	default:
		fmt.Fprintf(w, "%s %s: %s\n", cs.Red("✗"), o.Status, o.Detail)
	}
}

// writeSummary prints the end summary; its last line is the score.
func writeSummary(w io.Writer, s quiz.Summary, cs iostreams.Palette, t *uiText) {
	fmt.Fprintf(w, "\n%s\n", cs.Bold(t.Summary))
	if len(s.ByTopic) > 0 {
		fmt.Fprintf(w, "%s:\n", t.ByTopic)
		for _, ts := range s.ByTopic {
			fmt.Fprintf(w, "  %-28s %s/%d\n", ts.Topic, formatScore(ts.Score), ts.Asked)
		}
	}
	if len(s.Missed) > 0 {
		fmt.Fprintf(w, "%s: %s\n", t.Missed, strings.Join(s.Missed, " "))
	}
	fmt.Fprintf(w, "%s: %s\n", t.Time, s.Duration.Round(time.Second))
	fmt.Fprintf(w, "score: %s/%d (%.0f%%)\n", formatScore(s.Score), s.Asked, s.Percent())
}

func formatScore(x float64) string {
	if x == float64(int(x)) {
		return fmt.Sprintf("%d", int(x))
	}
	return fmt.Sprintf("%.1f", x)
}

// attemptRecord is one question of the JSON session record.
type attemptRecord struct {
	ID         string   `json:"id"`
	Type       string   `json:"type"`
	Topic      string   `json:"topic"`
	Response   any      `json:"response,omitempty"`
	Skipped    bool     `json:"skipped,omitempty"`
	Verdict    string   `json:"verdict"`
	Score      float64  `json:"score"`
	Expected   string   `json:"expected"`
	Feedback   []string `json:"feedback,omitempty"`
	Overridden bool     `json:"overridden,omitempty"`
	TookMS     int64    `json:"took_ms"`
}

type sessionRecordJSON struct {
	Seed      uint64          `json:"seed"`
	Lang      string          `json:"lang"`
	Started   time.Time       `json:"started"`
	Questions []string        `json:"questions"`
	Attempts  []attemptRecord `json:"attempts"`
	Summary   quiz.Summary    `json:"summary"`
}

func sessionRecord(s *quiz.Session, sum quiz.Summary) sessionRecordJSON {
	rec := sessionRecordJSON{Seed: s.Seed, Started: s.Started, Summary: sum, Questions: []string{}, Attempts: []attemptRecord{}}
	for _, it := range s.Items {
		rec.Questions = append(rec.Questions, it.Q.GlobalID())
		rec.Lang = it.View.Lang
	}
	for _, a := range s.Attempts {
		ar := attemptRecord{ID: a.Item.Q.GlobalID(), Type: string(a.Item.Q.Type), Topic: a.Item.Q.Topic, Skipped: a.Skipped,
			Verdict: a.Result.Verdict.String(), Score: a.Result.Score, Expected: a.Result.Expected, Feedback: a.Result.Feedback,
			Overridden: a.Overridden, TookMS: a.Took.Milliseconds()}
		if !a.Skipped {
			ar.Response = responseJSON(a)
		}
		if a.Skipped {
			ar.Verdict = "skipped"
		}
		rec.Attempts = append(rec.Attempts, ar)
	}
	return rec
}

// responseJSON renders a response in the letters the learner saw.
func responseJSON(a quiz.Attempt) any {
	r := a.Response
	switch {
	case len(r.Picks) > 0:
		pos := map[int]int{}
		for p, orig := range a.Item.View.Perm {
			pos[orig] = p
		}
		letters := make([]string, len(r.Picks))
		for i, orig := range r.Picks {
			p, ok := pos[orig]
			if !ok {
				p = orig
			}
			letters[i] = content.Letter(p)
		}
		return letters
	case len(r.Blanks) > 0:
		return r.Blanks
	}
	return r.Text
}
