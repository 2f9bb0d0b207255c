package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cram-dev/cram/cmd/internal/iostreams"
	"github.com/cram-dev/cram/quiz"
)

func TestTodayQueue(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	st := testStore(t)
	for _, r := range []quiz.Review{
		rev("sync/lock", now.AddDate(0, 0, -5), "wrong", quiz.Again), // due 4 days ago
		rev("gil/b", now.AddDate(0, 0, -1), "wrong", quiz.Again),     // due today
		rev("gil/c", now.Add(-time.Hour), "correct", quiz.Good),      // new today, due in 3 days
	} {
		if err := st.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	qs := testCatalog(t).Questions() // gil/a gil/b gil/c sync/lock sync/sem
	ids := func(q []queued) string {
		var out []string
		for _, it := range q {
			kind := "due"
			if it.Card.IsNew() {
				kind = "new"
			}
			out = append(out, it.Q.GlobalID()+":"+kind)
		}
		return strings.Join(out, " ")
	}
	tests := []struct {
		name     string
		dailyNew int
		want     string
	}{
		{"overdue first, then new up to the limit", 3, "sync/lock:due gil/b:due gil/a:new sync/sem:new"},
		{"one new question was taken today already", 2, "sync/lock:due gil/b:due gil/a:new"},
		{"limit used up", 1, "sync/lock:due gil/b:due"},
		{"no new questions", 0, "sync/lock:due gil/b:due"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, cards, err := todayQueue(ctx, st, qs, now, tt.dailyNew)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(q); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			if len(cards) != 3 {
				t.Errorf("cards: got %d, want 3", len(cards))
			}
		})
	}
	t.Run("next review", func(t *testing.T) {
		_, cards, _ := todayQueue(ctx, st, qs, now, 0)
		day, n := nextReview(qs, cards, now)
		if want := time.Date(2025, 3, 13, 0, 0, 0, 0, time.UTC); !day.Equal(want) || n != 1 {
			t.Errorf("got %s, %d, want %s, 1", day, n, want)
		}
		var out bytes.Buffer
		writeNextReview(&out, qs, cards, now, progressUI("en"))
		if got := out.String(); got != "Next review 2025-03-13 (in 3 days): 1 question(s).\n" {
			t.Errorf("got %q", got)
		}
	})
}

func TestPlainReviewSavesEachAnswer(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	cat := testCatalog(t)
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	qs := cat.Questions()[:3]
	sess := quiz.NewSession(qs, quiz.SessionOptions{Lang: "en", Ordered: true}, now)
	ios, in, out, _ := iostreams.Test()
	in.WriteString("true\n:skip\n:quit\n")
	opts := &ReviewOptions{IO: ios, Now: func() time.Time { return now }, Lang: "en"}
	var recorded []string
	record := func(a quiz.Attempt) error {
		rv := quiz.ReviewOf(a, quiz.ModeReview)
		recorded = append(recorded, rv.ID+":"+rv.Verdict)
		return st.Record(ctx, rv)
	}
	kind := map[string]string{}
	sum, err := plainReview(ctx, opts, sess, kind, record, st)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recorded, " "); got != "gil/a:wrong gil/b:skipped" {
		t.Errorf("recorded %s", got)
	}
	if sum.Asked != 2 || !strings.Contains(out.String(), "next review in 1d") || !strings.Contains(out.String(), "score: 0/2") {
		t.Errorf("got %+v:\n%s", sum, out.String())
	}
	if n, _, _ := st.Counts(ctx); n != 2 {
		t.Errorf("store holds %d answers, want 2", n)
	}
}

func TestDays(t *testing.T) {
	p := progressUI("en")
	for _, tt := range []struct {
		days int
		want string
	}{{1, "1d"}, {30, "30d"}, {31, "1mo"}, {45, "1.5mo"}, {364, "12mo"}, {365, "1y"}, {800, "2.2y"}} {
		if got := formatDays(tt.days, p); got != tt.want {
			t.Errorf("formatDays(%d): got %s, want %s", tt.days, got, tt.want)
		}
	}
	if got := formatDays(3, progressUI("zh")); got != "3天" {
		t.Errorf("zh: got %s", got)
	}
	now := time.Date(2025, 3, 10, 23, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		due  time.Time
		want string
	}{
		{now.Add(-50 * time.Hour), "2 days ago"}, {now.Add(-22 * time.Hour), "today"}, {now.Add(2 * time.Hour), "tomorrow"}, {now.Add(49 * time.Hour), "in 3 days"},
	} {
		if got := whenDue(tt.due, now, p); got != tt.want {
			t.Errorf("whenDue(%s): got %s, want %s", tt.due, got, tt.want)
		}
	}
}

func TestEndOfDayAcrossDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database")
	}
	now := time.Date(2025, 3, 9, 12, 0, 0, 0, ny) // a 23-hour day
	if got, want := endOfDay(now, 0), time.Date(2025, 3, 9, 23, 59, 59, 999e6, ny); !got.Equal(want) {
		t.Errorf("got %s, want %s", got, want)
	}
	if got, want := endOfDay(now, 6), time.Date(2025, 3, 15, 23, 59, 59, 999e6, ny); !got.Equal(want) {
		t.Errorf("week: got %s, want %s", got, want)
	}
}
