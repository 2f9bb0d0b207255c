package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cram-dev/cram/quiz"
)

var bench struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// benchDB builds, once per run, a database holding 100,000 reviews of 2,000
// questions over two years: a heavy user's history.
func benchDB(b *testing.B) string {
	b.Helper()
	bench.once.Do(func() {
		bench.dir, bench.err = os.MkdirTemp("", "cram-bench")
		if bench.err != nil {
			return
		}
		bench.path = filepath.Join(bench.dir, FileName)
		s, err := Open(bench.path, Options{Location: time.UTC})
		if err != nil {
			bench.err = err
			return
		}
		defer s.Close()
		reviews := make([]quiz.Review, 0, 100_000)
		start := time.Now().AddDate(-2, 0, 0)
		ratings := [...]quiz.Rating{quiz.Good, quiz.Good, quiz.Again, quiz.Good, quiz.Hard, quiz.Good, quiz.Easy}
		for i := range 100_000 {
			q := i % 2000
			id := fmt.Sprintf("bank%d/q%d", q%7, q)
			at := start.Add(time.Duration(i) * 10 * time.Minute)
			r := review(id, at, ratings[i%len(ratings)])
			reviews = append(reviews, r)
		}
		_, bench.err = s.Import(context.Background(), reviews)
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.path
}

func cleanupBench() {
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
}

// BenchmarkOpenReview100k measures what cram review does before showing its
// first question: open the database (100,000 logged reviews), find what is
// due today and how many new questions were already taken today.
func BenchmarkOpenReview100k(b *testing.B) {
	path := benchDB(b)
	ctx := context.Background()
	now := time.Now()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.Local)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		due, err := s.Due(ctx, day.AddDate(0, 0, 1))
		if err != nil || len(due) == 0 {
			b.Fatalf("due: %d, %v", len(due), err)
		}
		seen, err := s.Cards(ctx)
		if err != nil || len(seen) != 2000 {
			b.Fatalf("cards: %d, %v", len(seen), err)
		}
		if _, err := s.NewSince(ctx, day); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/open")
}

// BenchmarkRecord measures one answer committed to disk (fsync included).
func BenchmarkRecord(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), FileName), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Record(ctx, review(fmt.Sprintf("b/q%d", i%100), t0.Add(time.Duration(i)*time.Hour), quiz.Good)); err != nil {
			b.Fatal(err)
		}
	}
}
