package tui

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
)

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func single() *content.Question {
	return &content.Question{ID: "lock", Bank: "b", Topic: "sync", Difficulty: 1, Type: content.Single,
		Prompt:      content.Text{"en": "Which lock is reentrant?", "zh": "哪种锁是可重入的？"},
		Choices:     []content.Text{content.Plain("Lock"), content.Plain("RLock"), content.Plain("Semaphore")},
		Choice:      1,
		Explanation: content.Text{"en": "An RLock counts its owner's acquisitions.", "zh": "RLock 记录持有者的获取次数。"},
		References:  []string{"https://docs.python.org/3/library/threading.html#rlock-objects"},
		Verify:      &content.Verify{Lang: "python", Source: "print('proof')", Timeout: time.Second}}
}

func numeric() *content.Question {
	return &content.Question{ID: "interval", Bank: "b", Topic: "gil", Difficulty: 2, Type: content.Numeric,
		Prompt: content.Plain("Switch interval in ms?"), Number: 5, Unit: "ms"}
}

func open() *content.Question {
	return &content.Question{ID: "diff", Bank: "b", Topic: "process", Difficulty: 3, Type: content.Open,
		Prompt:    content.Plain("Processes vs threads?"),
		KeyPoints: []content.KeyPoint{{"en": {"address space"}}, {"en": {"switching cost"}}}, Required: 2}
}

func newModel(t *testing.T, lang string, qs ...*content.Question) (Model, *[]quiz.Attempt) {
	t.Helper()
	sess := quiz.NewSession(qs, quiz.SessionOptions{Seed: 1, Lang: lang, Ordered: true}, t0)
	var saved []quiz.Attempt
	m := New(Options{Session: sess, Lang: lang, Now: func() time.Time { return t0 }, NoColor: true,
		Record: func(a quiz.Attempt) error { saved = append(saved, a); return nil }})
	return m, &saved
}

// send feeds msg to the model and runs the returned command's message back
// in, as Bubble Tea would, for commands that finish at once.
func send(m Model, msg tea.Msg) Model {
	next, cmd := m.Update(msg)
	m = next.(Model)
	if cmd != nil {
		if out := cmd(); out != nil {
			if _, ok := out.(savedMsg); ok {
				next, _ = m.Update(out)
				m = next.(Model)
			}
		}
	}
	return m
}

func keys(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// rightLetter is the displayed letter of the right choice under the item's shuffle.
func rightLetter(m Model) string {
	for pos, orig := range m.item.View.Perm {
		if orig == m.item.Q.Choice {
			return strings.ToLower(content.Letter(pos))
		}
	}
	return "a"
}

func TestChoiceAnswerIsSavedBeforeTheNextQuestion(t *testing.T) {
	m, saved := newModel(t, "en", single(), numeric())
	if !strings.Contains(m.View(), "Which lock is reentrant?") {
		t.Fatalf("got view without the prompt:\n%s", m.View())
	}
	m = send(m, keys(rightLetter(m)))
	m = send(m, tea.KeyMsg{Type: tea.KeyEnter})
	if m.phase != feedback {
		t.Fatalf("got phase %d, want feedback", m.phase)
	}
	view := m.View()
	for _, want := range []string{"✓ correct", "An RLock counts", "rlock-objects"} {
		if !strings.Contains(view, want) {
			t.Errorf("feedback lacks %q:\n%s", want, view)
		}
	}
	if len(*saved) != 1 || (*saved)[0].Result.Verdict != quiz.Correct {
		t.Fatalf("got %d saved attempts, want 1 correct", len(*saved))
	}
	m = send(m, tea.KeyMsg{Type: tea.KeyEnter})
	if !strings.Contains(m.View(), "Switch interval") {
		t.Errorf("got no second question:\n%s", m.View())
	}
}

func TestNextWaitsForSave(t *testing.T) {
	m, _ := newModel(t, "en", single(), numeric())
	next, _ := m.Update(tea.KeyMsg{Type: tea.KeyEnter}) // answer; the save command is not run yet
	m = next.(Model)
	next, _ = m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	m = next.(Model)
	if m.phase != feedback {
		t.Fatal("got the next question before the answer was saved")
	}
	next, _ = m.Update(savedMsg{})
	m = next.(Model)
	next, _ = m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if next.(Model).phase != answering {
		t.Fatal("got no next question after the save")
	}
}

func TestTypedAnswers(t *testing.T) {
	m, saved := newModel(t, "en", numeric())
	m = send(m, tea.KeyMsg{Type: tea.KeyEnter})
	if m.phase != answering || !strings.Contains(m.View(), "type an answer first") {
		t.Fatalf("empty answer accepted:\n%s", m.View())
	}
	m = send(m, keys("abc"))
	m = send(m, tea.KeyMsg{Type: tea.KeyEnter})
	if !strings.Contains(m.View(), `"abc" is not a number`) {
		t.Fatalf("got no parse error:\n%s", m.View())
	}
	for range 3 {
		m = send(m, tea.KeyMsg{Type: tea.KeyBackspace})
	}
	m = send(m, keys("5 ms"))
	m = send(m, tea.KeyMsg{Type: tea.KeyEnter})
	if len(*saved) != 1 || (*saved)[0].Result.Verdict != quiz.Correct {
		t.Fatalf("got %+v, want one correct attempt", *saved)
	}
}

func TestSkipAndOverride(t *testing.T) {
	m, saved := newModel(t, "en", open(), numeric())
	m = send(m, keys("they have their own address space"))
	m = send(m, tea.KeyMsg{Type: tea.KeyCtrlD})
	if m.last.Result.Verdict != quiz.Partial {
		t.Fatalf("got %s, want partial", m.last.Result.Verdict)
	}
	if !strings.Contains(m.View(), "o I was right") {
		t.Errorf("got no override hint:\n%s", m.View())
	}
	m = send(m, keys("o"))
	if !m.last.Overridden || len(*saved) != 2 || !(*saved)[1].Overridden {
		t.Fatalf("override not recorded: %+v", *saved)
	}
	m = send(m, tea.KeyMsg{Type: tea.KeyEnter})
	m = send(m, tea.KeyMsg{Type: tea.KeyCtrlN})
	if !m.last.Skipped {
		t.Fatal("ctrl+n did not skip")
	}
	m = send(m, tea.KeyMsg{Type: tea.KeyEnter})
	if m.phase != summary || !strings.Contains(m.View(), "score: 1/2 (50%)") {
		t.Fatalf("got summary:\n%s", m.View())
	}
}

func TestMultipleNeedsAPick(t *testing.T) {
	q := &content.Question{ID: "m", Bank: "b", Topic: "t", Difficulty: 1, Type: content.Multiple, Prompt: content.Plain("Pick"),
		Choices: []content.Text{content.Plain("x"), content.Plain("y"), content.Plain("z")}, ChoiceSet: []int{0, 2}}
	m, _ := newModel(t, "en", q)
	m = send(m, tea.KeyMsg{Type: tea.KeyEnter})
	if m.phase != answering || !strings.Contains(m.View(), "pick at least one") {
		t.Fatalf("got %d:\n%s", m.phase, m.View())
	}
	m = send(m, tea.KeyMsg{Type: tea.KeySpace})
	if !strings.Contains(m.View(), "[x]") {
		t.Fatalf("space did not toggle:\n%s", m.View())
	}
}

func TestRunStreamsOutput(t *testing.T) {
	sess := quiz.NewSession([]*content.Question{single()}, quiz.SessionOptions{Seed: 1, Ordered: true}, t0)
	m := New(Options{Session: sess, Now: func() time.Time { return t0 }, NoColor: true,
		Run: func(ctx context.Context, q *content.Question, live io.Writer) quiz.Outcome {
			io.WriteString(live, "lost 12 updates\n")
			return quiz.Outcome{ID: q.GlobalID(), Status: quiz.VerifyPassed}
		}})
	m = send(m, tea.KeyMsg{Type: tea.KeyEnter})
	next, cmd := m.Update(keys("r"))
	m = next.(Model)
	for cmd != nil {
		msg := cmd()
		if msg == nil {
			break
		}
		next, cmd = m.Update(msg)
		m = next.(Model)
	}
	view := m.body.View()
	if !strings.Contains(view, "lost 12 updates") || !strings.Contains(view, "✓ passed") {
		t.Fatalf("got no streamed output:\n%s", view)
	}
}

func TestCtrlCQuits(t *testing.T) {
	m, _ := newModel(t, "en", single())
	next, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	if !next.(Model).Interrupted() || cmd == nil {
		t.Fatal("ctrl+c did not quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("ctrl+c did not return tea.Quit")
	}
}

// TestFitsTerminal checks that every line fits 80 columns by display width,
// Chinese included, and that the screen fits 24 lines.
func TestFitsTerminal(t *testing.T) {
	long := single()
	long.Prompt = content.Text{"zh": strings.Repeat("在自由线程构建上，内置类型使用每个对象的内部锁。", 8)}
	long.Explanation = content.Text{"zh": strings.Repeat("解释很长。", 80)}
	m, _ := newModel(t, "zh", long)
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, phase := range []string{"question", "feedback"} {
		view := m.View()
		lines := strings.Split(view, "\n")
		if len(lines) > 24 {
			t.Errorf("%s: got %d lines, want at most 24", phase, len(lines))
		}
		for _, l := range lines {
			if w := lipgloss.Width(l); w > 80 {
				t.Errorf("%s: line of width %d: %q", phase, w, l)
			}
		}
		if phase == "feedback" && !strings.Contains(view, "✓ 正确") && !strings.Contains(view, "✗ 错误") {
			t.Errorf("got no Chinese verdict:\n%s", view)
		}
		m = send(m, tea.KeyMsg{Type: tea.KeyEnter})
	}
}
