package store

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cram-dev/cram/quiz"
)

func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := openTest(t, filepath.Join(t.TempDir(), FileName))
	rs := []quiz.Review{
		review("gil/a", t0, quiz.Good),
		review("gil/a", t0.Add(72*time.Hour+123*time.Millisecond), quiz.Again),
		review("sync/b", t0.Add(time.Hour), quiz.Hard),
		{ID: "sync/c", Hash: hashOf("c"), At: t0.Add(2 * time.Hour), Rating: quiz.Easy, Mode: quiz.ModeCards},
		{ID: "open/d", Hash: hashOf("d"), At: t0.Add(3 * time.Hour), Response: "threads share | memory\n2nd line", Verdict: "correct", Rating: quiz.Good, Mode: quiz.ModeReview, Overridden: true},
	}
	for _, r := range rs {
		if err := src.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	n, err := src.Export(ctx, &buf, t0.Add(100*time.Hour))
	if err != nil || n != len(rs) {
		t.Fatalf("export: %d, %v", n, err)
	}
	got, err := ReadProgress(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("read export: %v\n%s", err, buf.String())
	}
	if len(got) != len(rs) {
		t.Fatalf("read %d reviews, want %d", len(got), len(rs))
	}

	dst := openTest(t, filepath.Join(t.TempDir(), FileName))
	res, err := dst.Import(ctx, got)
	if err != nil || res != (ImportResult{Added: len(rs)}) {
		t.Fatalf("import: %+v, %v", res, err)
	}
	// Importing again, or back into the source, adds nothing.
	for _, s := range []*Store{dst, src} {
		res, err := s.Import(ctx, got)
		if err != nil || res != (ImportResult{Duplicates: len(rs)}) {
			t.Errorf("import again: %+v, %v", res, err)
		}
	}
	for _, id := range []string{"gil/a", "sync/b", "sync/c", "open/d"} {
		a, _ := src.Card(ctx, id)
		b, _ := dst.Card(ctx, id)
		if a != b {
			t.Errorf("%s: imported schedule %+v, want %+v", id, b, a)
		}
		ha, _ := src.History(ctx, id)
		hb, _ := dst.History(ctx, id)
		for i := range ha {
			if ha[i] != hb[i] {
				t.Errorf("%s review %d: imported %+v, want %+v", id, i, hb[i], ha[i])
			}
		}
	}
}

func TestImportMerges(t *testing.T) {
	ctx := context.Background()
	a := openTest(t, filepath.Join(t.TempDir(), FileName))
	b := openTest(t, filepath.Join(t.TempDir(), FileName))
	// Two machines answered the same question on different days.
	day := 24 * time.Hour
	for _, r := range []quiz.Review{review("gil/q", t0, quiz.Good), review("gil/q", t0.Add(10*day), quiz.Good)} {
		a.Record(ctx, r)
	}
	for _, r := range []quiz.Review{review("gil/q", t0.Add(4*day), quiz.Again), review("gil/q", t0.Add(10*day), quiz.Good)} {
		b.Record(ctx, r)
	}
	var buf bytes.Buffer
	if _, err := b.Export(ctx, &buf, t0); err != nil {
		t.Fatal(err)
	}
	rs, err := ReadProgress(&buf)
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Import(ctx, rs)
	if err != nil || res != (ImportResult{Added: 1, Duplicates: 1}) {
		t.Fatalf("import: %+v, %v", res, err)
	}
	h, _ := a.History(ctx, "gil/q")
	if len(h) != 3 || h[1].Rating != quiz.Again {
		t.Fatalf("merged history: %+v", h)
	}
	want := quiz.Card{}
	sched := testScheduler()
	for _, r := range h {
		want = sched.Next(want, r.Rating, r.At, nil)
	}
	if c, _ := a.Card(ctx, "gil/q"); c.Card != want || c.Fails != 1 {
		t.Errorf("rescheduled from the merged history: got %+v, want %+v", c.Card, want)
	}
}

func TestReadProgressRejects(t *testing.T) {
	const hash = `"0000000000000000000000000000000000000000000000000000000000000000"`
	valid := `{"id":"gil/q","hash":` + hash + `,"at":"2025-01-01T10:00:00Z","rating":3,"mode":"quiz"}`
	file := func(reviews ...string) string {
		return `{"format":"cram-progress","version":1,"reviews":[` + strings.Join(reviews, ",") + `]}`
	}
	if _, err := ReadProgress(strings.NewReader(file(valid))); err != nil {
		t.Fatalf("valid file: %v", err)
	}
	tests := []struct {
		name, data, want string
		notProgress      bool
	}{
		{"empty", "", "the file is empty", true},
		{"not JSON", "id,rating\ngil/q,3\n", "line 1, column 1: invalid character", false},
		{"cut short", file(valid)[:70], "unexpected end of JSON input", false},
		{"syntax error on line 3", "{\n\"format\": \"cram-progress\",\n\"version\": 1,,\n}", "line 3, column 14", false},
		{"a JSON list", `[1, 2]`, `expected a JSON object`, true},
		{"another tool", `{"cards":[{"front":"q","back":"a"}]}`, `is it from another tool?`, true},
		{"another format", `{"format":"anki","reviews":[]}`, `is it from another tool?`, true},
		{"newer version", `{"format":"cram-progress","version":2,"reviews":[]}`, "newer cram (progress format 2", false},
		{"no version", `{"format":"cram-progress","reviews":[]}`, `"version"`, false},
		{"no reviews", `{"format":"cram-progress","version":1}`, `no "reviews"`, false},
		{"unknown field", file(strings.Replace(valid, `"mode"`, `"ease":2.5,"mode"`, 1)), `unknown field "ease"`, false},
		{"missing time", file(strings.Replace(valid, `"at":"2025-01-01T10:00:00Z",`, "", 1)), `review 1: no "at"`, false},
		{"bad time", file(strings.Replace(valid, `2025-01-01T10:00:00Z`, `yesterday`, 1)), `cannot parse "yesterday"`, false},
		{"bad rating", file(valid, strings.Replace(valid, `"rating":3`, `"rating":7`, 1)), "review 2: review of gil/q has rating 0", false},
		{"bad id", file(strings.Replace(valid, `gil/q`, `q`, 1)), `review 1: question id "q"`, false},
		{"bad hash", file(strings.Replace(valid, hash, `"abc"`, 1)), "not a SHA-256", false},
		{"bad mode", file(strings.Replace(valid, `"quiz"`, `"exam"`, 1)), `mode "exam"`, false},
		{"overruled but wrong", file(strings.Replace(valid, `"mode"`, `"overridden":true,"verdict":"wrong","mode"`, 1)), "overruled verdict must be correct", false},
		{"negative duration", file(strings.Replace(valid, `"mode"`, `"duration_ms":-5,"mode"`, 1)), "negative duration", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadProgress(strings.NewReader(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
			if errors.Is(err, ErrNotProgress) != tt.notProgress {
				t.Errorf("matches ErrNotProgress: got %v, want %v", !tt.notProgress, tt.notProgress)
			}
		})
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, filepath.Join(t.TempDir(), FileName))
	bad := review("gil/b", t0, quiz.Good)
	bad.Mode = "exam"
	if _, err := s.Import(ctx, []quiz.Review{review("gil/a", t0, quiz.Good), bad}); err == nil {
		t.Fatal("got no error")
	}
	if n, _, _ := s.Counts(ctx); n != 0 {
		t.Errorf("%d reviews imported, want none", n)
	}
}
