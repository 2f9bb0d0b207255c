package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cram-dev/cram/quiz"
)

var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

// testScheduler is FSRS without fuzz, so that intervals are exact.
func testScheduler() *quiz.Scheduler {
	p := quiz.DefaultFSRS()
	p.Fuzz = false
	return quiz.MustScheduler(p)
}

func openTest(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(path, Options{Scheduler: testScheduler(), Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return fmt.Sprintf("%x", h)
}

func review(id string, at time.Time, rating quiz.Rating) quiz.Review {
	verdict := map[quiz.Rating]string{quiz.Again: "wrong", quiz.Hard: "partial", quiz.Good: "correct", quiz.Easy: "correct"}[rating]
	return quiz.Review{ID: id, Hash: hashOf(id), At: at, Response: "B", Verdict: verdict, Rating: rating, Duration: 2 * time.Second, Mode: quiz.ModeQuiz}
}

func TestOpenCreates(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s := openTest(t, path)
	ctx := context.Background()
	if v, err := s.Version(ctx); err != nil || v != SchemaVersion {
		t.Fatalf("version: got %d, %v, want %d", v, err, SchemaVersion)
	}
	for _, tt := range []struct{ pragma, want string }{
		{"journal_mode", "wal"}, {"foreign_keys", "1"}, {"busy_timeout", "5000"}, {"synchronous", "2"},
	} {
		var got string
		if err := s.db.QueryRow("PRAGMA " + tt.pragma).Scan(&got); err != nil || got != tt.want {
			t.Errorf("PRAGMA %s: got %q, %v, want %q", tt.pragma, got, err, tt.want)
		}
	}
	s.Close()
	// Opening again migrates nothing and keeps the data.
	s2 := openTest(t, path)
	if v, _ := s2.Version(ctx); v != SchemaVersion {
		t.Errorf("reopened: version %d", v)
	}
}

func TestOpenMissingFolder(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "nope", FileName), Options{})
	if err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("got %v, want a missing folder error", err)
	}
}

func TestRecordSchedules(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), FileName))
	ctx := context.Background()
	sched := testScheduler()
	var want quiz.Card
	at := t0
	for i, g := range []quiz.Rating{quiz.Good, quiz.Good, quiz.Again, quiz.Hard, quiz.Easy} {
		if err := s.Record(ctx, review("gil/q", at, g)); err != nil {
			t.Fatal(err)
		}
		want = sched.Next(want, g, at, nil)
		got, err := s.Card(ctx, "gil/q")
		if err != nil {
			t.Fatal(err)
		}
		if got.Card.Stability != want.Stability || got.Difficulty != want.Difficulty || !got.Due.Equal(want.Due) || got.Reps != want.Reps || got.Lapses != want.Lapses || got.Interval != want.Interval {
			t.Fatalf("step %d: got %+v, want %+v", i, got.Card, want)
		}
		if got.LastRating != g || got.Hash != hashOf("gil/q") || !got.FirstReview.Equal(t0) {
			t.Errorf("step %d: got last rating %s hash %s first %s", i, got.LastRating, got.Hash, got.FirstReview)
		}
		at = want.Due.Add(3 * time.Hour)
	}
	c, _ := s.Card(ctx, "gil/q")
	if c.Fails != 1 {
		t.Errorf("fails: got %d, want 1", c.Fails)
	}
	h, err := s.History(ctx, "gil/q")
	if err != nil || len(h) != 5 {
		t.Fatalf("history: got %d reviews, %v", len(h), err)
	}
	if h[0].Response != "B" || h[0].Duration != 2*time.Second || h[0].Mode != quiz.ModeQuiz || h[2].Verdict != "wrong" || !h[0].At.Equal(t0) {
		t.Errorf("history[0]: got %+v", h[0])
	}
	if c, _ := s.Card(ctx, "gil/other"); !c.IsNew() {
		t.Errorf("a question never answered: got %+v, want a new card", c)
	}
}

func TestQueue(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), FileName))
	ctx := context.Background()
	day := 24 * time.Hour
	for _, r := range []quiz.Review{
		review("a/1", t0.Add(-10*day), quiz.Good),     // due 3 days later: overdue
		review("a/2", t0.Add(-2*day), quiz.Good),      // due tomorrow
		review("b/1", t0.Add(-1*day), quiz.Again),     // due today
		review("b/2", t0.Add(2*time.Hour), quiz.Hard), // first seen today
	} {
		if err := s.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	endOfDay := t0.Truncate(day).Add(day - time.Millisecond)
	due, err := s.Due(ctx, endOfDay)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range due {
		ids = append(ids, c.ID)
	}
	if got, want := strings.Join(ids, " "), "a/1 b/1"; got != want {
		t.Errorf("due: got %s, want %s", got, want)
	}
	if n, err := s.NewSince(ctx, t0.Truncate(day)); err != nil || n != 1 {
		t.Errorf("new today: got %d, %v, want 1", n, err)
	}
	missed, _ := s.MissedIDs(ctx)
	if len(missed) != 2 || !missed["b/1"] || !missed["b/2"] {
		t.Errorf("missed: got %v, want b/1 and b/2", missed)
	}
	cards, _ := s.Cards(ctx)
	if len(cards) != 4 {
		t.Errorf("cards: got %d, want 4", len(cards))
	}
}

func TestLeeches(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), FileName))
	ctx := context.Background()
	at := t0
	for i := range quiz.LeechThreshold {
		for _, id := range []string{"a/leech", "a/fine"} {
			g := quiz.Again
			if id == "a/fine" && i > 2 {
				g = quiz.Good
			}
			if err := s.Record(ctx, review(id, at, g)); err != nil {
				t.Fatal(err)
			}
		}
		at = at.Add(25 * time.Hour)
	}
	leeches, err := s.LeechIDs(ctx, quiz.LeechThreshold)
	if err != nil || len(leeches) != 1 || !leeches["a/leech"] {
		t.Errorf("leeches: got %v, %v, want a/leech", leeches, err)
	}
	if l, _ := s.LeechIDs(ctx, 3); len(l) != 2 {
		t.Errorf("threshold 3: got %v, want both", l)
	}
}

func TestRecordIsIdempotentAndOverrules(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), FileName))
	ctx := context.Background()
	r := review("open/q", t0, quiz.Again)
	r.Verdict = "wrong"
	for range 2 {
		if err := s.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if n, _, _ := s.Counts(ctx); n != 1 {
		t.Fatalf("recorded twice: %d reviews, want 1", n)
	}
	r.Overridden, r.Verdict, r.Rating = true, "correct", quiz.Good
	if err := s.Record(ctx, r); err != nil {
		t.Fatal(err)
	}
	h, _ := s.History(ctx, "open/q")
	if len(h) != 1 || !h[0].Overridden || h[0].Verdict != "correct" || h[0].Rating != quiz.Good {
		t.Fatalf("after overruling: got %+v", h)
	}
	c, _ := s.Card(ctx, "open/q")
	want := testScheduler().Next(quiz.Card{}, quiz.Good, t0, nil)
	if c.Stability != want.Stability || c.Fails != 0 || c.LastRating != quiz.Good {
		t.Errorf("rescheduled: got %+v, want stability %v, no fails", c, want.Stability)
	}
}

func TestRecordOutOfOrder(t *testing.T) {
	ctx := context.Background()
	var reviews []quiz.Review
	at := t0
	rng := rand.New(rand.NewPCG(1, 2))
	for range 30 {
		reviews = append(reviews, review("a/q", at, quiz.Ratings[rng.IntN(4)]))
		at = at.Add(time.Duration(rng.IntN(200)) * time.Hour)
	}
	inOrder := openTest(t, filepath.Join(t.TempDir(), FileName))
	shuffled := openTest(t, filepath.Join(t.TempDir(), FileName))
	for _, r := range reviews {
		if err := inOrder.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	rng.Shuffle(len(reviews), func(i, j int) { reviews[i], reviews[j] = reviews[j], reviews[i] })
	for _, r := range reviews {
		if err := shuffled.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := inOrder.Card(ctx, "a/q")
	b, _ := shuffled.Card(ctx, "a/q")
	if a != b {
		t.Errorf("got %+v recorded shuffled, want %+v as recorded in order", b, a)
	}
}

// TestFuzzReplays checks that with fuzz on, replaying a history gives the
// schedule recorded step by step.
func TestFuzzReplays(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), FileName), Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := t0
	for range 8 {
		if err := s.Record(ctx, review("a/q", at, quiz.Good)); err != nil {
			t.Fatal(err)
		}
		c, _ := s.Card(ctx, "a/q")
		at = c.Due
	}
	before, _ := s.Card(ctx, "a/q")
	if err := s.write(ctx, func(tx *sql.Tx) error { return s.replay(ctx, tx, "a/q") }); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Card(ctx, "a/q")
	if before != after {
		t.Errorf("replayed: got %+v, want %+v", after, before)
	}
}

func TestRecordRejectsInvalid(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), FileName))
	r := review("noslash", t0, quiz.Good)
	if err := s.Record(context.Background(), r); err == nil || !strings.Contains(err.Error(), "not bank/question") {
		t.Errorf("got %v", err)
	}
	if n, _, _ := s.Counts(context.Background()); n != 0 {
		t.Errorf("got %d reviews, want none", n)
	}
}

func TestReviewLogIsAppendOnly(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), FileName))
	ctx := context.Background()
	if err := s.Record(ctx, review("a/q", t0, quiz.Good)); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"UPDATE reviews SET rating = 4",
		"UPDATE reviews SET response = 'edited'",
		"UPDATE reviews SET overridden = 1, verdict = 'correct', rating = 3, reviewed_at = 5",
	} {
		if _, err := s.db.Exec(stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: got %v, want the append-only error", stmt, err)
		}
	}
}

func TestResetBank(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), FileName))
	ctx := context.Background()
	for i, id := range []string{"gil/a", "gil/b", "gil_2/a", "gil-x/a", "gilx/a", "sync/a"} {
		if err := s.Record(ctx, review(id, t0.Add(time.Duration(i)*time.Minute), quiz.Good)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Record(ctx, review("gil/a", t0.Add(48*time.Hour), quiz.Again)); err != nil {
		t.Fatal(err)
	}
	if r, q, err := s.BankCounts(ctx, "gil"); err != nil || r != 3 || q != 2 {
		t.Errorf("counts: got %d reviews, %d questions, %v; want 3, 2", r, q, err)
	}
	n, err := s.ResetBank(ctx, "gil")
	if err != nil || n != 3 {
		t.Fatalf("reset: got %d, %v, want 3", n, err)
	}
	cards, _ := s.Cards(ctx)
	for _, id := range []string{"gil_2/a", "gil-x/a", "gilx/a", "sync/a"} {
		if _, ok := cards[id]; !ok {
			t.Errorf("%s was reset too", id)
		}
	}
	if len(cards) != 4 {
		t.Errorf("got %d cards left, want 4", len(cards))
	}
	if _, err := s.ResetBank(ctx, ""); err == nil {
		t.Error("reset of no bank: got no error")
	}
}

func TestTrustAndCache(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), FileName))
	ctx := context.Background()
	if ok, err := s.Trusted(ctx, "mine", "h1"); err != nil || ok {
		t.Fatalf("before approval: got %v, %v", ok, err)
	}
	if err := s.Trust(ctx, "mine", []string{"h1", "h2"}, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.Trust(ctx, "mine", []string{"h1"}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		bank, hash string
		want       bool
	}{{"mine", "h1", true}, {"mine", "h2", true}, {"mine", "h3", false}, {"other", "h1", false}} {
		if ok, err := s.Trusted(ctx, tt.bank, tt.hash); err != nil || ok != tt.want {
			t.Errorf("Trusted(%s, %s): got %v, %v, want %v", tt.bank, tt.hash, ok, err, tt.want)
		}
	}
	if _, ok, err := s.CachedVerify(ctx, "k"); err != nil || ok {
		t.Fatalf("empty cache: got %v, %v", ok, err)
	}
	for _, v := range []string{`{"status":"passed"}`, `{"status":"failed"}`} {
		if err := s.PutVerify(ctx, "k", []byte(v), t0); err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.CachedVerify(ctx, "k")
		if err != nil || !ok || string(got) != v {
			t.Errorf("cache: got %q, %v, %v, want %q", got, ok, err, v)
		}
	}
}

func TestErrorsMatchKinds(t *testing.T) {
	for _, kind := range []error{ErrNewer, ErrDamaged, ErrReadOnly, ErrLocked} {
		e := error(&Error{Path: "/x/cram.db", Kind: kind, Schema: 9, Err: errors.New("cause")})
		if !errors.Is(e, kind) {
			t.Errorf("%v does not match its kind", e)
		}
		if !strings.Contains(e.Error(), "/x/cram.db") {
			t.Errorf("%v does not name the file", e)
		}
	}
}

// fileSum returns the SHA-256 of a file's bytes.
func fileSum(t testing.TB, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}
