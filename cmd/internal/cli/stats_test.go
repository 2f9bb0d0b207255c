package cli

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cram-dev/cram/cmd/internal/iostreams"
	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
	"github.com/cram-dev/cram/quiz/store"
)

func testCatalog(t *testing.T) *content.Catalog {
	t.Helper()
	mk := func(bank, id, topic string) *content.Question {
		return &content.Question{ID: id, Bank: bank, Topic: topic, Difficulty: 1, Type: content.TrueFalse, Prompt: content.Plain(id)}
	}
	cat, err := content.NewCatalog(
		&content.Bank{ID: "gil", Languages: []string{"en"}, Questions: []*content.Question{mk("gil", "a", "basics"), mk("gil", "b", "basics"), mk("gil", "c", "switching")}},
		&content.Bank{ID: "sync", Languages: []string{"en"}, Questions: []*content.Question{mk("sync", "lock", "locks"), mk("sync", "sem", "locks")}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func testStore(t *testing.T) *store.Store {
	t.Helper()
	p := quiz.DefaultFSRS()
	p.Fuzz = false
	st, err := store.Open(filepath.Join(t.TempDir(), store.FileName), store.Options{Scheduler: quiz.MustScheduler(p), Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func rev(id string, at time.Time, verdict string, r quiz.Rating) quiz.Review {
	return quiz.Review{ID: id, Hash: strings.Repeat("ab", 32), At: at, Verdict: verdict, Rating: r, Mode: quiz.ModeQuiz}
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 3, 10, 20, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return now.AddDate(0, 0, -n) }
	st := testStore(t)
	for _, r := range []quiz.Review{
		rev("gil/a", day(3), "correct", quiz.Good),
		rev("gil/a", day(2), "wrong", quiz.Again),  // a repeat, forgotten
		rev("gil/a", day(1), "partial", quiz.Hard), // a repeat, recalled
		rev("gil/b", day(1), "correct", quiz.Good),
		rev("gil/c", day(0), "", quiz.Easy), // a flashcard: right
		rev("sync/lock", day(9), "skipped", quiz.Again),
		rev("gone/q", day(0), "correct", quiz.Good), // a bank since removed
	} {
		if err := st.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for i := range quiz.LeechThreshold {
		if err := st.Record(ctx, rev("sync/sem", day(40-i), "wrong", quiz.Again)); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := buildStats(ctx, st, testCatalog(t), now, 7)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*groupStats{"all": rep.Total}
	for _, b := range rep.Banks {
		byName[b.Name] = b
		for _, tp := range b.Topics {
			byName[tp.Name] = tp
		}
	}
	pct := func(x *float64) string { return percent(x) }
	tests := []struct {
		name                                 string
		answered, right, dueToday, streak    int
		accuracy, retention                  string
		questions, practised, leeches, dueWk int
	}{
		// Due today: sync/lock and sync/sem (failed); gil/a (hard, two days)
		// and gil/b (good, three days) fall due this week, gil/c (easy) later.
		{"all", 15, 4, 2, 4, "27%", "11%", 5, 6, 1, 4},
		{"gil", 5, 3, 0, 4, "60%", "50%", 3, 3, 0, 2},
		{"gil/basics", 4, 2, 0, 3, "50%", "50%", 2, 2, 0, 2},
		{"gil/switching", 1, 1, 0, 1, "100%", "–", 1, 1, 0, 0},
		{"sync", 9, 0, 2, 0, "0%", "0%", 2, 2, 1, 2},
		{"gone", 1, 1, 0, 1, "100%", "–", 0, 1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := byName[tt.name]
			if g == nil {
				t.Fatalf("no group %s in %v", tt.name, byName)
			}
			got := fmt.Sprintf("%d %d %d %d %s %s %d %d %d %d", g.Answered, g.Right, g.DueToday, g.Streak, pct(g.Accuracy), pct(g.Retention), g.Questions, g.Practised, g.Leeches, g.DueWeek)
			want := fmt.Sprintf("%d %d %d %d %s %s %d %d %d %d", tt.answered, tt.right, tt.dueToday, tt.streak, tt.accuracy, tt.retention, tt.questions, tt.practised, tt.leeches, tt.dueWk)
			if got != want {
				t.Errorf("answered right dueToday streak accuracy retention questions practised leeches dueWeek:\ngot  %s\nwant %s", got, want)
			}
		})
	}
	if len(rep.Leeches) != 1 || rep.Leeches[0] != (leechStat{ID: "sync/sem", Fails: quiz.LeechThreshold}) {
		t.Errorf("leeches: got %v", rep.Leeches)
	}
	if len(rep.Days) != 7 || rep.Days[6] != (dayStat{"2025-03-10", 2}) || rep.Days[5] != (dayStat{"2025-03-09", 2}) || rep.Days[0] != (dayStat{"2025-03-04", 0}) {
		t.Errorf("days: got %v", rep.Days)
	}

	var out bytes.Buffer
	writeStats(&out, rep, iostreams.Palette{}, "en")
	for _, want := range []string{"Progress (2025-03-10)", "answered  accuracy  retention", "  basics ", "Leeches (failed 8 times or more", "8×  sync/sem", "03-10 Mon ████████████████████████████████████████ 2"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestStatsStreakKeepsUntilADayIsMissed(t *testing.T) {
	now := time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		days []int // days ago with an answer
		want int
	}{
		{"none", nil, 0},
		{"today only", []int{0}, 1},
		{"yesterday, not yet today", []int{1, 2, 3}, 3},
		{"broken", []int{0, 1, 3, 4}, 2},
		{"the day before yesterday", []int{2, 3}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newStatsBuilder(testCatalog(t), now)
			for _, d := range tt.days {
				b.add(rev("gil/a", now.AddDate(0, 0, -d), "correct", quiz.Good))
			}
			if got := b.finish(nil, 7).Total.Streak; got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestStatsEmpty(t *testing.T) {
	st := testStore(t)
	rep, err := buildStats(context.Background(), st, testCatalog(t), time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC), 14)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	writeStats(&out, rep, iostreams.Palette{}, "zh")
	if !strings.Contains(out.String(), "还没有作答记录") {
		t.Errorf("got:\n%s", out.String())
	}
	if rep.Total.Accuracy != nil || rep.Total.Retention != nil || len(rep.Days) != 14 {
		t.Errorf("got %+v", rep.Total)
	}
}
