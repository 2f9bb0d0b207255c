// Package tui is cram's keyboard-driven terminal interface. Its Bubble Tea
// models are thin adapters: keys become calls on a quiz.Session, and the view
// renders the session's state. Checking, scoring and scheduling live in quiz;
// slow work (running a program, saving an answer) runs in a tea.Cmd.
package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
)

// ErrInterrupted is returned when the learner pressed Ctrl-C; what was
// answered before is kept.
var ErrInterrupted = errors.New("interrupted")

// Options configure a quiz in the terminal.
type Options struct {
	Session *quiz.Session
	Lang    string
	Now     func() time.Time
	// Record saves an attempt; it runs in a tea.Cmd before the next
	// question is shown. Nil: nothing is saved.
	Record func(quiz.Attempt) error
	// Run runs a question's verification program, writing its output to
	// live as it comes. Nil: running programs is off.
	Run func(ctx context.Context, q *content.Question, live io.Writer) quiz.Outcome
	// NoColor renders without colour (NO_COLOR).
	NoColor bool
}

// phase is where the learner is in the current question.
type phase int

const (
	answering phase = iota
	feedback
	summary
)

// Model is the Bubble Tea model of a quiz.
type Model struct {
	opts   Options
	sess   *quiz.Session
	words  *words
	st     styles
	width  int
	height int

	phase  phase
	item   quiz.Item
	shown  time.Time
	cursor int          // highlighted choice, in displayed order
	picked map[int]bool // multiple choice: displayed positions toggled on
	input  textinput.Model
	area   textarea.Model
	errMsg string

	last      quiz.Attempt
	saveErr   string
	saving    bool
	running   bool
	runOut    *strings.Builder
	runResult *quiz.Outcome
	cancelRun context.CancelFunc
	runCh     chan tea.Msg

	body        viewport.Model
	interrupted bool
	ended       time.Time
}

// New returns the model for opts.Session, showing its first question.
func New(opts Options) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	m := Model{opts: opts, sess: opts.Session, words: wordsFor(opts.Lang), st: newStyles(opts.NoColor), width: 80, height: 24}
	m.input = textinput.New()
	m.input.CharLimit = quiz.MaxAnswerBytes
	m.input.Prompt = "› "
	m.area = textarea.New()
	m.area.CharLimit = quiz.MaxAnswerBytes
	m.area.ShowLineNumbers = false
	m.body = viewport.New(80, 18)
	m.next()
	return m
}

// Init starts the cursor blinking.
func (m Model) Init() tea.Cmd { return textinput.Blink }

// next moves to the session's current item, or to the summary.
func (m *Model) next() {
	it, ok := m.sess.Current()
	if !ok {
		m.phase = summary
		m.ended = m.opts.Now()
		m.layout()
		return
	}
	m.item, m.phase, m.cursor, m.errMsg = it, answering, 0, ""
	m.picked = map[int]bool{}
	m.runOut, m.runResult = nil, nil
	m.input.Reset()
	m.area.Reset()
	m.input.Focus()
	m.area.Focus()
	m.shown = m.opts.Now()
	m.layout()
}

// usesChoiceList reports whether the current question is answered by moving
// through a list rather than typing.
func (m *Model) usesChoiceList() bool {
	t := m.item.Q.Type
	return t == content.Single || t == content.Multiple || t == content.TrueFalse
}

func (m *Model) usesArea() bool {
	t := m.item.Q.Type
	return t == content.Output || t == content.Open
}

func (m *Model) choiceCount() int {
	if m.item.Q.Type == content.TrueFalse {
		return 2
	}
	return len(m.item.Q.Choices)
}

type savedMsg struct{ err error }

type runChunkMsg string

type runDoneMsg struct{ outcome quiz.Outcome }

// Update turns keys and messages into session calls.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case savedMsg:
		m.saving = false
		if msg.err != nil {
			m.saveErr = msg.err.Error()
		}
		m.layout()
		return m, nil
	case runChunkMsg:
		if m.runOut != nil {
			m.runOut.WriteString(string(msg))
			m.layout()
			m.body.GotoBottom()
		}
		return m, m.waitRun()
	case runDoneMsg:
		m.running = false
		o := msg.outcome
		m.runResult = &o
		m.layout()
		m.body.GotoBottom()
		return m, nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlC {
			m.interrupted = true
			m.stopRun()
			return m, tea.Quit
		}
		switch m.phase {
		case answering:
			return m.updateAnswering(msg)
		case feedback:
			return m.updateFeedback(msg)
		case summary:
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m Model) updateAnswering(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch msg.Type {
	case tea.KeyEsc:
		m.phase = summary
		m.ended = m.opts.Now()
		m.layout()
		return m, nil
	case tea.KeyCtrlN:
		a := m.sess.Skip(m.opts.Now().Sub(m.shown), m.opts.Now())
		return m.afterAttempt(a)
	}
	if m.usesChoiceList() {
		return m.updateChoices(msg)
	}
	if m.usesArea() {
		if msg.Type == tea.KeyCtrlD || (msg.Alt && msg.Type == tea.KeyEnter) {
			return m.submitText(m.area.Value())
		}
		var cmd tea.Cmd
		m.area, cmd = m.area.Update(msg)
		return m, cmd
	}
	if msg.Type == tea.KeyEnter {
		return m.submitText(m.input.Value())
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

func (m Model) updateChoices(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	n := m.choiceCount()
	q := m.item.Q
	switch msg.Type {
	case tea.KeyUp:
		m.cursor = (m.cursor + n - 1) % n
	case tea.KeyDown, tea.KeyTab:
		m.cursor = (m.cursor + 1) % n
	case tea.KeySpace:
		if q.Type == content.Multiple {
			m.picked[m.cursor] = !m.picked[m.cursor]
		}
	case tea.KeyEnter:
		return m.submitChoice()
	case tea.KeyRunes:
		key := strings.ToLower(string(msg.Runes))
		switch {
		case key == "k":
			m.cursor = (m.cursor + n - 1) % n
		case key == "j":
			m.cursor = (m.cursor + 1) % n
		case q.Type == content.TrueFalse && (key == "t" || key == "y" || key == "1"):
			m.cursor = 0
			return m.submitChoice()
		case q.Type == content.TrueFalse && (key == "f" || key == "n" || key == "2"):
			m.cursor = 1
			return m.submitChoice()
		case len(key) == 1 && key[0] >= 'a' && int(key[0]-'a') < n && q.Type != content.TrueFalse:
			m.cursor = int(key[0] - 'a')
			if q.Type == content.Multiple {
				m.picked[m.cursor] = !m.picked[m.cursor]
			}
		case len(key) == 1 && key[0] >= '1' && int(key[0]-'1') < n && q.Type != content.TrueFalse:
			m.cursor = int(key[0] - '1')
			if q.Type == content.Multiple {
				m.picked[m.cursor] = !m.picked[m.cursor]
			}
		}
	}
	m.errMsg = ""
	m.layout()
	return m, nil
}

func (m Model) submitChoice() (tea.Model, tea.Cmd) {
	q := m.item.Q
	var r quiz.Response
	switch q.Type {
	case content.TrueFalse:
		r.Text = fmt.Sprint(m.cursor == 0)
	case content.Single:
		r.Picks = []int{m.original(m.cursor)}
	case content.Multiple:
		for pos := 0; pos < m.choiceCount(); pos++ {
			if m.picked[pos] {
				r.Picks = append(r.Picks, m.original(pos))
			}
		}
		if len(r.Picks) == 0 {
			m.errMsg = m.words.pickSome
			m.layout()
			return m, nil
		}
	}
	a := m.sess.Answer(r, m.opts.Now().Sub(m.shown), m.opts.Now())
	return m.afterAttempt(a)
}

func (m Model) original(pos int) int {
	if p := m.item.View.Perm; p != nil {
		return p[pos]
	}
	return pos
}

func (m Model) submitText(text string) (tea.Model, tea.Cmd) {
	if strings.TrimSpace(text) == "" {
		m.errMsg = m.words.noAnswer
		m.layout()
		return m, nil
	}
	var r quiz.Response
	if m.usesArea() {
		r = quiz.Response{Text: text}
	} else {
		var err error
		if r, err = quiz.ParseResponse(m.item.Q, text, m.item.View); err != nil {
			m.errMsg = err.Error()
			m.layout()
			return m, nil
		}
	}
	a := m.sess.Answer(r, m.opts.Now().Sub(m.shown), m.opts.Now())
	return m.afterAttempt(a)
}

// afterAttempt shows the verdict and saves the attempt in the background.
func (m Model) afterAttempt(a quiz.Attempt) (tea.Model, tea.Cmd) {
	m.last, m.phase, m.errMsg = a, feedback, ""
	m.layout()
	return m, m.save(a)
}

func (m *Model) save(a quiz.Attempt) tea.Cmd {
	if m.opts.Record == nil {
		return nil
	}
	m.saving = true
	rec := m.opts.Record
	return func() tea.Msg { return savedMsg{rec(a)} }
}

func (m Model) updateFeedback(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	key := strings.ToLower(msg.String())
	switch key {
	case "enter", "n", " ":
		if m.saving {
			return m, nil // the next question waits until this answer is saved
		}
		m.stopRun()
		m.next()
		return m, nil
	case "q", "esc":
		if m.saving {
			return m, nil
		}
		m.stopRun()
		m.phase = summary
		m.ended = m.opts.Now()
		m.layout()
		return m, nil
	case "r":
		if m.running || m.opts.Run == nil || m.last.Item.Q.Program() == nil {
			return m, nil
		}
		return m, m.startRun()
	case "o":
		if a, ok := m.sess.Override(); ok {
			m.last = a
			m.layout()
			return m, m.save(a)
		}
	case "up", "k", "pgup", "down", "j", "pgdown":
		var cmd tea.Cmd
		m.body, cmd = m.body.Update(msg)
		return m, cmd
	}
	return m, nil
}

// startRun runs the program in the background; its output arrives as messages.
func (m *Model) startRun() tea.Cmd {
	ctx, cancel := context.WithCancel(context.Background())
	m.cancelRun = cancel
	m.running = true
	m.runOut = &strings.Builder{}
	m.runResult = nil
	ch := make(chan tea.Msg, 64)
	m.runCh = ch
	q, run := m.last.Item.Q, m.opts.Run
	go func() {
		o := run(ctx, q, chanWriter{ch})
		ch <- runDoneMsg{o}
		close(ch)
	}()
	m.layout()
	return m.waitRun()
}

func (m *Model) waitRun() tea.Cmd {
	ch := m.runCh
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

func (m *Model) stopRun() {
	if m.cancelRun != nil {
		m.cancelRun()
		m.cancelRun = nil
	}
}

// chanWriter forwards program output to the UI as messages.
type chanWriter struct{ ch chan tea.Msg }

func (w chanWriter) Write(p []byte) (int, error) {
	w.ch <- runChunkMsg(string(p))
	return len(p), nil
}

// Interrupted reports whether the learner left with Ctrl-C.
func (m Model) Interrupted() bool { return m.interrupted }

// Summary returns the session's summary at the moment the model ended.
func (m Model) Summary() quiz.Summary {
	end := m.ended
	if end.IsZero() {
		end = m.opts.Now()
	}
	return m.sess.Summary(end)
}

// Run shows the quiz on the terminal until it ends and returns its summary.
func Run(ctx context.Context, in io.Reader, out io.Writer, opts Options) (quiz.Summary, error) {
	if opts.NoColor {
		lipgloss.SetColorProfile(0) // termenv.Ascii
	}
	p := tea.NewProgram(New(opts), tea.WithInput(in), tea.WithOutput(out), tea.WithAltScreen(), tea.WithContext(ctx))
	final, err := p.Run()
	m, ok := final.(Model)
	if !ok {
		return opts.Session.Summary(time.Now()), err
	}
	m.stopRun()
	if errors.Is(err, tea.ErrProgramKilled) || ctx.Err() != nil || m.Interrupted() {
		return m.Summary(), ErrInterrupted
	}
	return m.Summary(), err
}
