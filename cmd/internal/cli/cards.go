package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/cmd/internal/config"
	"github.com/cram-dev/cram/cmd/internal/iostreams"
	"github.com/cram-dev/cram/cmd/internal/tui"
	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
	"github.com/cram-dev/cram/quiz/store"
)

// CardsOptions are the inputs of `cram cards`.
type CardsOptions struct {
	IO  *IOStreams
	Now func() time.Time

	Selection SelectionFlags
	Count     int
	All       bool
	Plain     bool
	Lang      string

	Catalog func() (*content.Catalog, error)
	Config  func() *config.Config
	Store   func() (*store.Store, error)
}

// NewCmdCards builds `cram cards`.
func NewCmdCards(f *Factory, runF func(*CardsOptions) error) *cobra.Command {
	opts := &CardsOptions{IO: f.IO, Now: f.Now, Catalog: f.Catalog, Config: f.Config, Store: f.Store}
	cmd := &cobra.Command{
		Use:   "cards",
		Short: "Flashcards: see the question, recall the answer, rate yourself",
		Long: `Show flashcards: the front (the question), then on a key the back (the
answer and its explanation), then rate how well you knew it: again, hard,
good or easy. Each rating button shows when the card would come back; the
rating is saved at once and schedules the question with FSRS, as cram
review does.

The cards are those due today, then new ones up to the daily limit
(setting review.daily_new); --all shows every selected question instead.
On a terminal: space or enter flips, 1-4 (or a h g e) rates, q ends. With
--plain, or when not on a terminal: Enter flips, then type again, hard,
good, easy or 1-4 on a line.`,
		Example: `  cram cards
  cram cards --bank gil --all -n 10
  printf '\ngood\n' | cram cards --plain --all -n 1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Lang = f.Config().Lang
			if opts.Count < 0 {
				return flagErrorf("--count must be positive")
			}
			if runF != nil {
				return runF(opts)
			}
			return cardsRun(cmd.Context(), opts)
		},
	}
	opts.Selection.register(cmd)
	cmd.Flags().IntVarP(&opts.Count, "count", "n", 0, "show at most `N` cards (0: all)")
	cmd.Flags().BoolVar(&opts.All, "all", false, "every selected question, not only those due and new today")
	cmd.Flags().BoolVar(&opts.Plain, "plain", false, "plain line mode, even on a terminal")
	return cmd
}

// flashcard is one card of a cards session.
type flashcard struct {
	Q     *content.Question
	View  quiz.View
	State store.CardState
	Kind  string // due or new, for the header
}

func cardsRun(ctx context.Context, opts *CardsOptions) error {
	cat, err := opts.Catalog()
	if err != nil {
		return err
	}
	qs, err := selectQuestions(cat, opts.Selection)
	if err != nil {
		return err
	}
	if len(qs) == 0 {
		return fmt.Errorf("%s (try fewer filters; cram banks lists what there is)", ui(opts.Lang).NoQuestions)
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
	if opts.All {
		queue = queue[:0]
		for _, q := range qs {
			queue = append(queue, queued{Q: q, Card: cardOf(cards, q)})
		}
	}
	if len(queue) == 0 {
		fmt.Fprintln(opts.IO.Out, p.NothingDue)
		writeNextReview(opts.IO.Out, qs, cards, now, p)
		return nil
	}
	if opts.Count > 0 && len(queue) > opts.Count {
		queue = queue[:opts.Count]
	}
	langs := bankLanguages(cat)
	deck := make([]flashcard, len(queue))
	for i, it := range queue {
		kind := p.Due
		if it.Card.IsNew() {
			kind = p.New
		} else if it.Card.Due.After(endOfDay(now, 0)) {
			kind = whenDue(it.Card.Due, now, p)
		}
		deck[i] = flashcard{Q: it.Q, View: quiz.View{Lang: opts.Lang, Fallback: langs[it.Q.Bank]}, State: it.Card, Kind: kind}
	}
	rate := func(c flashcard, r quiz.Rating, took time.Duration, at time.Time) error {
		rv := quiz.Review{ID: c.Q.GlobalID(), Hash: quiz.ContentHash(c.Q), At: at, Rating: r, Duration: took, Mode: quiz.ModeCards}
		if err := st.Record(ctx, rv); err != nil {
			return fmt.Errorf("save the rating of %s: %w", c.Q.GlobalID(), err)
		}
		return nil
	}
	preview := func(c flashcard, at time.Time) [4]quiz.Card {
		return st.Scheduler().Repeat(c.State.Card, at, quiz.FuzzRand(c.Q.GlobalID(), c.State.Card))
	}
	var rated int
	if opts.Plain || !opts.IO.IsInteractive() {
		rated, err = plainCards(ctx, opts, deck, preview, rate)
	} else {
		rated, err = tuiCards(ctx, opts, deck, preview, rate)
	}
	fmt.Fprintf(opts.IO.ErrOut, p.CardsDone+"\n", rated)
	return err
}

func cardOf(cards map[string]store.CardState, q *content.Question) store.CardState {
	if c, ok := cards[q.GlobalID()]; ok {
		return c
	}
	return store.CardState{ID: q.GlobalID()}
}

// writeFront prints a card's front: the bank's own front when it has one,
// otherwise the question with its choices in the bank's order.
func writeFront(w io.Writer, c flashcard, cs iostreams.Palette, t *uiText) {
	if c.Q.Card != nil && !c.Q.Card.Front.IsZero() {
		fmt.Fprintln(w, strings.TrimSpace(c.Q.Card.Front.Get(c.View.Lang, c.View.Fallback)))
		return
	}
	writeQuestion(w, quiz.Item{Q: c.Q, View: c.View}, cs, t)
}

// writeBack prints a card's back: the bank's own back, or the expected
// answer, then the explanation and references.
func writeBack(w io.Writer, c flashcard, cs iostreams.Palette, t *uiText) {
	if c.Q.Card != nil && !c.Q.Card.Back.IsZero() {
		fmt.Fprintln(w, cs.Bold(strings.TrimSpace(c.Q.Card.Back.Get(c.View.Lang, c.View.Fallback))))
	} else {
		label := t.Answer
		if c.Q.Type == content.Open {
			label = t.KeyPoints
		}
		res := quiz.Check(c.Q, quiz.Reference(c.Q), c.View)
		fmt.Fprintf(w, "%s: %s\n", label, cs.Bold(res.Expected))
	}
	writeExplanation(w, c.Q, c.View, t)
}

// ratingButtons labels the four ratings with the interval each gives.
func ratingButtons(out [4]quiz.Card, p *progressText) []string {
	b := make([]string, 4)
	for i, r := range quiz.Ratings {
		b[i] = fmt.Sprintf("%d %s %s", i+1, p.ratingLabel(r), formatDays(out[i].Interval, p))
	}
	return b
}

// parseRating reads a rating typed in either interface language.
func parseRating(s string) (quiz.Rating, error) {
	for _, p := range []*progressText{&progressEnglish, &progressChinese} {
		for _, r := range quiz.Ratings {
			if strings.TrimSpace(s) == p.ratingLabel(r) {
				return r, nil
			}
		}
	}
	return quiz.ParseRating(s)
}

type (
	previewFunc func(c flashcard, at time.Time) [4]quiz.Card
	rateFunc    func(c flashcard, r quiz.Rating, took time.Duration, at time.Time) error
)

// plainCards shows the deck in line mode and returns how many cards were
// rated.
func plainCards(ctx context.Context, opts *CardsOptions, deck []flashcard, preview previewFunc, rate rateFunc) (int, error) {
	ios := opts.IO
	out, cs, t, p := ios.Out, ios.Colors(), ui(opts.Lang), progressUI(opts.Lang)
	lines := newLineReader(ios.In)
	// read returns the next line, or done when input ended or the learner quit.
	read := func(prompt string) (line string, done bool, err error) {
		fmt.Fprintf(ios.ErrOut, "(%s) > ", prompt)
		l, err := lines.next(ctx)
		if err != nil {
			fmt.Fprintln(ios.ErrOut)
			return "", true, err
		}
		if l.err != nil {
			fmt.Fprintln(ios.ErrOut)
			return "", true, nil
		}
		line = strings.TrimSpace(l.line)
		switch strings.ToLower(line) {
		case ":quit", ":q", "q", ":exit":
			return "", true, nil
		}
		return line, false, nil
	}
	rated := 0
	for i, c := range deck {
		fmt.Fprintf(out, "\n%s %s\n", cs.Bold(fmt.Sprintf("[%d/%d]", i+1, len(deck))), cs.Dim(questionHeader(c.Q)+" · "+c.Kind))
		writeFront(out, c, cs, t)
		shown := opts.Now()
		if _, done, err := read(p.ShowAnswer); done {
			return rated, err
		}
		fmt.Fprintln(out, cs.Dim("────────"))
		writeBack(out, c, cs, t)
		outcomes := preview(c, opts.Now())
		fmt.Fprintln(out, "  "+strings.Join(ratingButtons(outcomes, p), " · "))
		for {
			line, done, err := read(p.RatePrompt)
			if done {
				return rated, err
			}
			r, err := parseRating(line)
			if err != nil {
				fmt.Fprintln(ios.ErrOut, err)
				continue
			}
			at := opts.Now()
			if err := rate(c, r, at.Sub(shown), at); err != nil {
				return rated, err
			}
			rated++
			fmt.Fprintln(out, cs.Dim(fmt.Sprintf(p.Rated, formatDays(outcomes[r-1].Interval, p))))
			break
		}
	}
	return rated, nil
}

// tuiCards shows the deck full-screen and returns how many cards were
// rated.
func tuiCards(ctx context.Context, opts *CardsOptions, deck []flashcard, preview previewFunc, rate rateFunc) (int, error) {
	if !opts.IO.ColorEnabled() {
		lipgloss.SetColorProfile(0) // termenv.Ascii
	}
	m := newCardsModel(deck, opts.Lang, opts.Now, preview, rate)
	prog := tea.NewProgram(m, tea.WithInput(opts.IO.In), tea.WithOutput(opts.IO.Out), tea.WithAltScreen(), tea.WithContext(ctx))
	final, err := prog.Run()
	fm, ok := final.(cardsModel)
	if !ok {
		return 0, fmt.Errorf("terminal interface: %w", err)
	}
	switch {
	case fm.err != nil:
		return fm.rated, fm.err
	case fm.interrupted || errors.Is(err, tea.ErrProgramKilled) || ctx.Err() != nil:
		return fm.rated, ErrInterrupted
	case err != nil:
		return fm.rated, fmt.Errorf("terminal interface: %w", err)
	}
	return fm.rated, nil
}

// cardsModel is the Bubble Tea model of a flashcard session: keys become
// flips and ratings; saving a rating runs in a tea.Cmd, and the next card
// waits for it.
type cardsModel struct {
	deck    []flashcard
	pos     int
	flipped bool
	shown   time.Time
	preview [4]quiz.Card
	saving  bool
	rated   int
	err     error

	interrupted bool
	width       int

	lang      string
	now       func() time.Time
	previewFn previewFunc
	rate      rateFunc
}

type cardSavedMsg struct {
	rating quiz.Rating
	err    error
}

func newCardsModel(deck []flashcard, lang string, now func() time.Time, preview previewFunc, rate rateFunc) cardsModel {
	return cardsModel{deck: deck, lang: lang, now: now, previewFn: preview, rate: rate, shown: now(), width: 80}
}

// Init does nothing: the first card is already showing.
func (m cardsModel) Init() tea.Cmd { return nil }

// Update turns keys into flips and ratings.
func (m cardsModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width = msg.Width
	case cardSavedMsg:
		m.saving = false
		if msg.err != nil {
			m.err = msg.err
			return m, tea.Quit
		}
		m.rated++
		m.pos++
		m.flipped = false
		m.shown = m.now()
		if m.pos >= len(m.deck) {
			return m, tea.Quit
		}
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlC {
			m.interrupted = true
			return m, tea.Quit
		}
		if m.saving {
			return m, nil // the next card waits until this rating is saved
		}
		key := strings.ToLower(msg.String())
		if key == "q" || key == "esc" {
			return m, tea.Quit
		}
		if !m.flipped {
			if key == " " || key == "enter" {
				m.flipped = true
				m.preview = m.previewFn(m.deck[m.pos], m.now())
			}
			return m, nil
		}
		var r quiz.Rating
		switch key {
		case "1", "a":
			r = quiz.Again
		case "2", "h":
			r = quiz.Hard
		case "3", "g":
			r = quiz.Good
		case "4", "e":
			r = quiz.Easy
		default:
			return m, nil
		}
		m.saving = true
		c, at := m.deck[m.pos], m.now()
		took, rate := at.Sub(m.shown), m.rate
		return m, func() tea.Msg { return cardSavedMsg{rating: r, err: rate(c, r, took, at)} }
	}
	return m, nil
}

// View renders the current card.
func (m cardsModel) View() string {
	if m.pos >= len(m.deck) {
		return ""
	}
	p, t := progressUI(m.lang), ui(m.lang)
	c := m.deck[m.pos]
	width := max(m.width-2, 20)
	bold, dim := lipgloss.NewStyle().Bold(true), lipgloss.NewStyle().Faint(true)
	var b strings.Builder
	b.WriteString(bold.Render(fmt.Sprintf("[%d/%d]", m.pos+1, len(m.deck))) + " " + dim.Render(questionHeader(c.Q)+" · "+c.Kind) + "\n\n")
	var front strings.Builder
	writeFront(&front, c, iostreams.Palette{}, t)
	b.WriteString(tui.Wrap(strings.TrimRight(front.String(), "\n"), width) + "\n")
	if !m.flipped {
		b.WriteString("\n" + dim.Render(p.FlipHelp) + "\n")
		return b.String()
	}
	var back strings.Builder
	writeBack(&back, c, iostreams.Palette{}, t)
	b.WriteString(dim.Render(strings.Repeat("─", min(width, 40))) + "\n")
	b.WriteString(tui.Wrap(strings.TrimRight(back.String(), "\n"), width) + "\n\n")
	button := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1)
	var buttons []string
	for _, label := range ratingButtons(m.preview, p) {
		buttons = append(buttons, button.Render(label))
	}
	b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, buttons...) + "\n")
	if m.saving {
		b.WriteString(dim.Render("…") + "\n")
	} else {
		b.WriteString(dim.Render(p.RateHelp) + "\n")
	}
	return b.String()
}
