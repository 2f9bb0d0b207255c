package cli

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
	"github.com/cram-dev/cram/quiz/store"
)

func testDeck() []flashcard {
	q1 := &content.Question{ID: "lock", Bank: "b", Topic: "t", Difficulty: 1, Type: content.Single,
		Prompt: content.Plain("Which lock is reentrant?"), Choices: []content.Text{content.Plain("Lock"), content.Plain("RLock")}, Choice: 1,
		Explanation: content.Plain("An RLock counts.")}
	q2 := &content.Question{ID: "gil", Bank: "b", Topic: "t", Difficulty: 2, Type: content.Short,
		Prompt: content.Plain("What does GIL stand for?"), Accepted: []string{"global interpreter lock"},
		Card: &content.Card{Back: content.Plain("Global Interpreter Lock")}}
	return []flashcard{
		{Q: q1, State: store.CardState{ID: "b/lock"}, Kind: "new"},
		{Q: q2, State: store.CardState{ID: "b/gil"}, Kind: "new"},
	}
}

type rated struct {
	id string
	r  quiz.Rating
}

func newTestCards(t *testing.T, failWith error) (cardsModel, *[]rated) {
	t.Helper()
	var got []rated
	clock := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	sched := quiz.MustScheduler(quiz.FSRSParams{Weights: quiz.DefaultWeights, Retention: 0.9, MaxInterval: 36500})
	preview := func(c flashcard, at time.Time) [4]quiz.Card { return sched.Repeat(c.State.Card, at, nil) }
	rate := func(c flashcard, r quiz.Rating, took time.Duration, at time.Time) error {
		if took <= 0 {
			t.Errorf("rating of %s took %s", c.Q.GlobalID(), took)
		}
		got = append(got, rated{c.Q.GlobalID(), r})
		return failWith
	}
	return newCardsModel(testDeck(), "en", now, preview, rate), &got
}

// press sends a key and runs the command it returns, as Bubble Tea would,
// feeding the resulting message back.
func press(m cardsModel, key string) (cardsModel, bool) {
	var msg tea.KeyMsg
	switch key {
	case "enter":
		msg = tea.KeyMsg{Type: tea.KeyEnter}
	case "space":
		msg = tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")}
	case "ctrl+c":
		msg = tea.KeyMsg{Type: tea.KeyCtrlC}
	default:
		msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(key)}
	}
	next, cmd := m.Update(msg)
	m = next.(cardsModel)
	for cmd != nil {
		out := cmd()
		if _, ok := out.(tea.QuitMsg); ok {
			return m, true
		}
		next, cmd = m.Update(out)
		m = next.(cardsModel)
	}
	return m, false
}

func TestCardsFlipRateNext(t *testing.T) {
	m, got := newTestCards(t, nil)
	if v := m.View(); !strings.Contains(v, "Which lock is reentrant?") || strings.Contains(v, "RLock counts") {
		t.Fatalf("front shows the back:\n%s", v)
	}
	m, _ = press(m, "3") // rating before flipping does nothing
	if len(*got) != 0 {
		t.Fatalf("rated before the flip: %v", *got)
	}
	m, _ = press(m, "space")
	v := m.View()
	for _, want := range []string{"Answer: B. RLock", "An RLock counts.", "1 again 1d", "2 hard 2d", "3 good 3d", "4 easy 8d"} {
		if !strings.Contains(v, want) {
			t.Errorf("back does not show %q:\n%s", want, v)
		}
	}
	m, quit := press(m, "g")
	if quit || m.pos != 1 || m.flipped || m.rated != 1 {
		t.Fatalf("after rating: pos %d flipped %v rated %d quit %v", m.pos, m.flipped, m.rated, quit)
	}
	m, _ = press(m, "enter")
	if v := m.View(); !strings.Contains(v, "Global Interpreter Lock") {
		t.Errorf("the bank's own back is not shown:\n%s", v)
	}
	m, quit = press(m, "1")
	if !quit || m.rated != 2 {
		t.Errorf("after the last card: quit %v, rated %d", quit, m.rated)
	}
	want := []rated{{"b/lock", quiz.Good}, {"b/gil", quiz.Again}}
	if len(*got) != 2 || (*got)[0] != want[0] || (*got)[1] != want[1] {
		t.Errorf("ratings: got %v, want %v", *got, want)
	}
}

func TestCardsWaitForSave(t *testing.T) {
	m, _ := newTestCards(t, nil)
	m, _ = press(m, "space")
	next, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("3")})
	m = next.(cardsModel)
	if !m.saving || cmd == nil {
		t.Fatal("rating did not start saving")
	}
	// Keys while saving do nothing: the next card waits.
	next, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("4")})
	m = next.(cardsModel)
	if m.pos != 0 {
		t.Fatalf("moved on before the save: pos %d", m.pos)
	}
	next, _ = m.Update(cmd())
	if m = next.(cardsModel); m.pos != 1 || m.saving {
		t.Errorf("after the save: pos %d saving %v", m.pos, m.saving)
	}
}

func TestCardsSaveErrorStops(t *testing.T) {
	boom := errors.New("disk full")
	m, _ := newTestCards(t, boom)
	m, _ = press(m, "space")
	m, quit := press(m, "e")
	if !quit || !errors.Is(m.err, boom) || m.rated != 0 {
		t.Errorf("got quit %v err %v rated %d, want to stop with the error", quit, m.err, m.rated)
	}
}

func TestCardsQuit(t *testing.T) {
	for _, tt := range []struct {
		key         string
		interrupted bool
	}{{"q", false}, {"ctrl+c", true}} {
		t.Run(tt.key, func(t *testing.T) {
			m, got := newTestCards(t, nil)
			m, quit := press(m, tt.key)
			if !quit || m.interrupted != tt.interrupted || len(*got) != 0 {
				t.Errorf("got quit %v interrupted %v ratings %v", quit, m.interrupted, *got)
			}
		})
	}
}

func TestParseRatingBothLanguages(t *testing.T) {
	tests := []struct {
		in   string
		want quiz.Rating
	}{{"good", quiz.Good}, {"4", quiz.Easy}, {"a", quiz.Again}, {"困难", quiz.Hard}, {"忘了", quiz.Again}, {" 简单 ", quiz.Easy}}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got, err := parseRating(tt.in); err != nil || got != tt.want {
				t.Errorf("got %v, %v, want %v", got, err, tt.want)
			}
		})
	}
	if _, err := parseRating("maybe"); err == nil {
		t.Error("maybe: got no error")
	}
}
