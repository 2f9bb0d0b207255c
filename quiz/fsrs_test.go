package quiz

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fsrsVectors is testdata/fsrs/vectors.json, written by generate.mjs with
// ts-fsrs.
type fsrsVectors struct {
	Package string      `json:"package"`
	W       []float64   `json:"w"`
	Cases   []fsrsCase  `json:"cases"`
	Fuzz    []fuzzRange `json:"fuzz"`
}

type fsrsCase struct {
	Name      string     `json:"name"`
	Retention float64    `json:"retention"`
	Steps     []fsrsStep `json:"steps"`
}

type fsrsStep struct {
	At             time.Time `json:"at"`
	Rating         Rating    `json:"rating"`
	ElapsedDays    int       `json:"elapsed_days"`
	Retrievability float64   `json:"retrievability"`
	Intervals      [4]int    `json:"intervals"`
	Stability      float64   `json:"stability"`
	Difficulty     float64   `json:"difficulty"`
	ScheduledDays  int       `json:"scheduled_days"`
	Due            time.Time `json:"due"`
	Reps           int       `json:"reps"`
	Lapses         int       `json:"lapses"`
}

type fuzzRange struct {
	Interval    int `json:"interval"`
	ElapsedDays int `json:"elapsed_days"`
	Min         int `json:"min"`
	Max         int `json:"max"`
}

func loadVectors(t testing.TB) fsrsVectors {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "fsrs", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v fsrsVectors
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("vectors.json: %v", err)
	}
	return v
}

// fsrsTolerance bounds the difference from ts-fsrs in stability,
// difficulty and retrievability. Both round to 8 decimals; a last-bit
// difference in a transcendental function may move that rounding by one unit.
const fsrsTolerance = 1.5e-8

// TestFSRSMatchesReference replays every schedule ts-fsrs computed and
// compares each step: the intervals of all four ratings, then stability,
// difficulty, interval, due time, reps and lapses after the chosen one.
func TestFSRSMatchesReference(t *testing.T) {
	v := loadVectors(t)
	if len(v.W) != len(DefaultWeights) {
		t.Fatalf("vectors have %d weights, want %d", len(v.W), len(DefaultWeights))
	}
	for i, w := range v.W {
		if w != DefaultWeights[i] {
			t.Errorf("w%d = %v in %s, want %v", i, w, v.Package, DefaultWeights[i])
		}
	}
	var maxS, maxD, maxR float64
	steps := 0
	for _, c := range v.Cases {
		t.Run(c.Name, func(t *testing.T) {
			p := DefaultFSRS()
			p.Retention, p.Fuzz = c.Retention, false
			s := MustScheduler(p)
			var card Card
			for i, st := range c.Steps {
				if !card.IsNew() {
					if got := ElapsedDays(card.LastReview, st.At); got != st.ElapsedDays {
						t.Fatalf("step %d: elapsed days: got %d, want %d", i, got, st.ElapsedDays)
					}
					r := s.forgettingCurve(float64(st.ElapsedDays), card.Stability)
					maxR = max(maxR, math.Abs(r-st.Retrievability))
					if math.Abs(r-st.Retrievability) > fsrsTolerance {
						t.Errorf("step %d: retrievability: got %v, want %v", i, r, st.Retrievability)
					}
				}
				out := s.Repeat(card, st.At, nil)
				var ivl [4]int
				for j := range out {
					ivl[j] = out[j].Interval
				}
				if ivl != st.Intervals {
					t.Fatalf("step %d (%s at %s): intervals: got %v, want %v", i, st.Rating, st.At, ivl, st.Intervals)
				}
				card = out[st.Rating-1]
				dS, dD := math.Abs(card.Stability-st.Stability), math.Abs(card.Difficulty-st.Difficulty)
				maxS, maxD = max(maxS, dS), max(maxD, dD)
				if dS > fsrsTolerance || dD > fsrsTolerance {
					t.Fatalf("step %d (%s): got S=%v D=%v, want S=%v D=%v", i, st.Rating, card.Stability, card.Difficulty, st.Stability, st.Difficulty)
				}
				if card.Interval != st.ScheduledDays || !card.Due.Equal(st.Due) || card.Reps != st.Reps || card.Lapses != st.Lapses {
					t.Fatalf("step %d (%s): got interval %d due %s reps %d lapses %d, want %d %s %d %d", i, st.Rating,
						card.Interval, card.Due, card.Reps, card.Lapses, st.ScheduledDays, st.Due, st.Reps, st.Lapses)
				}
				steps++
			}
		})
	}
	t.Logf("%s: %d cases, %d steps; max |diff|: stability %.3g, difficulty %.3g, retrievability %.3g",
		v.Package, len(v.Cases), steps, maxS, maxD, maxR)
}

func TestFuzzRangeMatchesReference(t *testing.T) {
	for _, f := range loadVectors(t).Fuzz {
		lo, hi := FuzzRange(f.Interval, f.ElapsedDays, DefaultMaxInterval)
		if lo != f.Min || hi != f.Max {
			t.Errorf("FuzzRange(%d, %d): got [%d, %d], want [%d, %d]", f.Interval, f.ElapsedDays, lo, hi, f.Min, f.Max)
		}
	}
}

func TestFuzz(t *testing.T) {
	noFuzz := DefaultFSRS()
	noFuzz.Fuzz = false
	plain, fuzzed := MustScheduler(noFuzz), MustScheduler(DefaultFSRS())
	start := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	card := plain.Next(Card{}, Good, start, nil)
	for range 4 {
		card = plain.Next(card, Good, card.Due, nil)
	}
	want := plain.Repeat(card, card.Due, nil)
	seen := map[int]bool{}
	for seed := range uint64(200) {
		got := fuzzed.Repeat(card, card.Due, rand.New(rand.NewPCG(seed, 1)))
		for i := range got {
			lo, hi := FuzzRange(want[i].Interval, ElapsedDays(card.LastReview, card.Due), DefaultMaxInterval)
			if want[i].Interval >= 3 && (got[i].Interval < lo || got[i].Interval > hi) {
				t.Fatalf("seed %d, %s: fuzzed interval %d outside [%d, %d]", seed, Ratings[i], got[i].Interval, lo, hi)
			}
			if i > 0 && got[i].Interval <= got[i-1].Interval {
				t.Fatalf("seed %d: intervals %d (%s) <= %d (%s)", seed, got[i].Interval, Ratings[i], got[i-1].Interval, Ratings[i-1])
			}
		}
		seen[got[2].Interval] = true
	}
	if len(seen) < 3 {
		t.Errorf("fuzz gave only %d distinct Good intervals over 200 seeds, want a spread", len(seen))
	}
	t.Run("same state same fuzz", func(t *testing.T) {
		a := fuzzed.Repeat(card, card.Due, FuzzRand("gil/x", card))
		b := fuzzed.Repeat(card, card.Due, FuzzRand("gil/x", card))
		if a != b {
			t.Errorf("got %v and %v for the same card", a, b)
		}
	})
	t.Run("nil rng", func(t *testing.T) {
		if got := fuzzed.Repeat(card, card.Due, nil); got != want {
			t.Errorf("got %v, want the unfuzzed %v", got, want)
		}
	})
}

func TestRatingFor(t *testing.T) {
	tests := []struct {
		v    Verdict
		want Rating
	}{{Wrong, Again}, {Partial, Hard}, {Correct, Good}, {Verdict(9), Again}}
	for _, tt := range tests {
		t.Run(tt.v.String(), func(t *testing.T) {
			if got := RatingFor(tt.v); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseRating(t *testing.T) {
	tests := []struct {
		in   string
		want Rating
		ok   bool
	}{
		{"1", Again, true}, {"again", Again, true}, {" A ", Again, true},
		{"2", Hard, true}, {"h", Hard, true}, {"Good", Good, true}, {"3", Good, true},
		{"e", Easy, true}, {"4", Easy, true}, {"5", 0, false}, {"", 0, false}, {"goodish", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRating(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("got %v, %v; want %v, ok=%v", got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestElapsedDays(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database")
	}
	tests := []struct {
		name      string
		last, now time.Time
		want      int
	}{
		{"same day", time.Date(2025, 1, 1, 0, 1, 0, 0, time.UTC), time.Date(2025, 1, 1, 23, 59, 0, 0, time.UTC), 0},
		{"just past midnight", time.Date(2025, 1, 1, 23, 59, 0, 0, time.UTC), time.Date(2025, 1, 2, 0, 1, 0, 0, time.UTC), 1},
		{"in the learner's zone", time.Date(2025, 1, 1, 15, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 17, 0, 0, 0, time.UTC).In(shanghai), 1},
		{"across a DST change", time.Date(2025, 3, 8, 12, 0, 0, 0, ny), time.Date(2025, 3, 10, 0, 30, 0, 0, ny), 2},
		{"leap year", time.Date(2024, 2, 28, 12, 0, 0, 0, time.UTC), time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC), 2},
		{"years", time.Date(1999, 12, 31, 12, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 12, 0, 0, 0, time.UTC), 36526},
		{"clock went back", time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ElapsedDays(tt.last, tt.now); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestRetentionShapesIntervals(t *testing.T) {
	start := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	interval := func(retention float64) int {
		p := DefaultFSRS()
		p.Retention, p.Fuzz = retention, false
		s := MustScheduler(p)
		c := s.Next(Card{}, Good, start, nil)
		c = s.Next(c, Good, c.Due, nil)
		return s.Next(c, Good, c.Due, nil).Interval
	}
	lo, mid, hi := interval(0.8), interval(0.9), interval(0.97)
	if !(lo > mid && mid > hi) {
		t.Errorf("intervals at retention 0.8, 0.9, 0.97: got %d, %d, %d, want decreasing", lo, mid, hi)
	}
}

func TestRetrievability(t *testing.T) {
	s := MustScheduler(DefaultFSRS())
	start := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	c := s.Next(Card{}, Good, start, nil)
	if got := s.Retrievability(Card{}, start); got != 0 {
		t.Errorf("new card: got %v, want 0", got)
	}
	if got := s.Retrievability(c, start); got != 1 {
		t.Errorf("just reviewed: got %v, want 1", got)
	}
	at := start.Add(time.Duration(c.Stability * 24 * float64(time.Hour)))
	if got := s.Retrievability(c, at); math.Abs(got-0.9) > 1e-6 {
		t.Errorf("after S days: got %v, want 0.9", got)
	}
}

func TestNewSchedulerRejects(t *testing.T) {
	tests := []struct {
		name string
		edit func(*FSRSParams)
	}{
		{"retention 1", func(p *FSRSParams) { p.Retention = 1 }},
		{"retention 0", func(p *FSRSParams) { p.Retention = 0 }},
		{"retention NaN", func(p *FSRSParams) { p.Retention = math.NaN() }},
		{"max interval 0", func(p *FSRSParams) { p.MaxInterval = 0 }},
		{"weight NaN", func(p *FSRSParams) { p.Weights[3] = math.NaN() }},
		{"decay 0", func(p *FSRSParams) { p.Weights[20] = 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultFSRS()
			tt.edit(&p)
			if _, err := NewScheduler(p); err == nil {
				t.Errorf("got no error")
			}
		})
	}
}

// BenchmarkSchedule measures reviews scheduled per second: each review
// computes all four outcomes, as a rating screen does, and keeps one.
func BenchmarkSchedule(b *testing.B) {
	s := MustScheduler(DefaultFSRS())
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	ratings := [...]Rating{Good, Good, Hard, Good, Again, Good, Easy, Good}
	var c Card
	now := start
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%64 == 0 {
			c, now = Card{}, start
		}
		c = s.Next(c, ratings[i%len(ratings)], now, rng)
		now = c.Due
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reviews/s")
}
