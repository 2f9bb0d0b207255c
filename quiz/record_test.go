package quiz

import (
	"strings"
	"testing"
	"time"

	"github.com/cram-dev/cram/content"
)

func hashQuestion() *content.Question {
	return &content.Question{
		ID: "q", Bank: "b", Topic: "t", Difficulty: 2, Type: content.Single, Tags: []string{"x"},
		Prompt:      content.Text{"en": "Which lock is reentrant?", "zh": "哪种锁可重入？"},
		Choices:     []content.Text{content.Plain("Lock"), content.Plain("RLock")},
		Choice:      1,
		Explanation: content.Plain("An RLock counts."),
	}
}

// TestContentHashStable pins the hash of one question: a change to the
// encoding would mark every recorded answer as belonging to an earlier
// version, so it must be deliberate (bump "cram-content-v1").
func TestContentHashStable(t *testing.T) {
	const want = "d143207f47799975b05ce27214c08c4b986fa14d3738b5752db0a00d6ea3527a"
	if got := ContentHash(hashQuestion()); got != want {
		t.Errorf("got %s, want %s (see the comment before changing it)", got, want)
	}
}

func TestContentHashChanges(t *testing.T) {
	base := ContentHash(hashQuestion())
	tests := []struct {
		name    string
		edit    func(q *content.Question)
		changes bool
	}{
		{"prompt", func(q *content.Question) { q.Prompt["en"] = "Which lock may be re-acquired?" }, true},
		{"prompt language added", func(q *content.Question) { q.Prompt["ja"] = "?" }, true},
		{"choice", func(q *content.Question) { q.Choices[0] = content.Plain("Semaphore") }, true},
		{"answer", func(q *content.Question) { q.Choice = 0 }, true},
		{"code", func(q *content.Question) { q.Code = &content.Code{Lang: "python", Source: "pass"} }, true},
		{"type", func(q *content.Question) { q.Type = content.Multiple; q.ChoiceSet = []int{1} }, true},
		{"explanation", func(q *content.Question) { q.Explanation = content.Plain("typo fixed") }, false},
		{"tags and difficulty", func(q *content.Question) { q.Tags = nil; q.Difficulty = 3 }, false},
		{"references", func(q *content.Question) { q.References = []string{"https://example.org"} }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := hashQuestion()
			tt.edit(q)
			if got := ContentHash(q) != base; got != tt.changes {
				t.Errorf("hash changed: got %v, want %v", got, tt.changes)
			}
		})
	}
	t.Run("field boundaries", func(t *testing.T) {
		a, b := hashQuestion(), hashQuestion()
		a.Type, b.Type = content.Short, content.Short
		a.Accepted, b.Accepted = []string{"ab", "c"}, []string{"a", "bc"}
		if ContentHash(a) == ContentHash(b) {
			t.Error("answers [ab c] and [a bc] hash the same")
		}
	})
}

func TestReviewOf(t *testing.T) {
	q := hashQuestion()
	at := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	item := Item{Q: q}
	tests := []struct {
		name        string
		a           Attempt
		verdict     string
		rating      Rating
		response    string
		overridden  bool
		wantRight   bool
		wantRecalls bool
	}{
		{"correct", Attempt{Item: item, Response: Response{Picks: []int{1}}, Result: Result{Verdict: Correct}}, "correct", Good, "B", false, true, true},
		{"partial", Attempt{Item: item, Response: Response{Text: "x"}, Result: Result{Verdict: Partial}}, "partial", Hard, "x", false, false, true},
		{"wrong", Attempt{Item: item, Response: Response{Picks: []int{0}}, Result: Result{Verdict: Wrong}}, "wrong", Again, "A", false, false, false},
		{"skipped", Attempt{Item: item, Skipped: true, Result: Result{Verdict: Wrong}}, "skipped", Again, "", false, false, false},
		{"overridden", Attempt{Item: item, Response: Response{Text: "mine"}, Overridden: true, Result: Result{Verdict: Correct}}, "correct", Good, "mine", true, true, true},
		{"cloze", Attempt{Item: item, Response: Response{Blanks: []string{"Lock", "lock"}}, Result: Result{Verdict: Correct}}, "correct", Good, "Lock | lock", false, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.a.At, tt.a.Took = at, 3*time.Second
			r := ReviewOf(tt.a, ModeReview)
			if r.Verdict != tt.verdict || r.Rating != tt.rating || r.Response != tt.response || r.Overridden != tt.overridden {
				t.Errorf("got verdict %q rating %s response %q overridden %v, want %q %s %q %v", r.Verdict, r.Rating, r.Response, r.Overridden, tt.verdict, tt.rating, tt.response, tt.overridden)
			}
			if r.ID != "b/q" || r.Hash != ContentHash(q) || !r.At.Equal(at) || r.Duration != 3*time.Second || r.Mode != ModeReview {
				t.Errorf("got %+v", r)
			}
			if err := r.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
			if r.Right() != tt.wantRight || r.Recalled() != tt.wantRecalls {
				t.Errorf("Right, Recalled: got %v, %v, want %v, %v", r.Right(), r.Recalled(), tt.wantRight, tt.wantRecalls)
			}
		})
	}
}

func TestReviewValidate(t *testing.T) {
	good := Review{ID: "b/q", Hash: strings.Repeat("a", 64), At: time.Unix(1, 0), Rating: Good, Mode: ModeCards}
	if err := good.Validate(); err != nil {
		t.Fatalf("valid review: %v", err)
	}
	tests := []struct {
		name string
		edit func(r *Review)
		want string
	}{
		{"no bank", func(r *Review) { r.ID = "q" }, "not bank/question"},
		{"empty question", func(r *Review) { r.ID = "b/" }, "not bank/question"},
		{"short hash", func(r *Review) { r.Hash = "abc" }, "not a SHA-256"},
		{"upper-case hash", func(r *Review) { r.Hash = strings.Repeat("A", 64) }, "not a SHA-256"},
		{"no time", func(r *Review) { r.At = time.Time{} }, "no time"},
		{"rating 0", func(r *Review) { r.Rating = 0 }, "rating 0"},
		{"rating 5", func(r *Review) { r.Rating = 5 }, "rating 5"},
		{"mode", func(r *Review) { r.Mode = "exam" }, `mode "exam"`},
		{"verdict", func(r *Review) { r.Verdict = "maybe" }, `verdict "maybe"`},
		{"duration", func(r *Review) { r.Duration = -1 }, "negative duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			tt.edit(&r)
			err := r.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
