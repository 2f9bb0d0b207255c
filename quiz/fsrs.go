package quiz

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// This file implements FSRS-6, the Free Spaced Repetition Scheduler
// (https://github.com/open-spaced-repetition/fsrs4anki/wiki/The-Algorithm),
// as cram uses it: whole days, no same-day learning steps. A card's memory is
// two numbers, stability S (the interval in days after which recall falls to
// 90%) and difficulty D (1 to 10); the forgetting curve gives the
// retrievability R after t days, and each review moves S and D according to
// the rating. The next interval is the one at which R falls to the desired
// retention.
//
// It follows ts-fsrs, the reference implementation, in its long-term mode
// (enable_short_term off), down to rounding intermediate values to eight
// decimals as ts-fsrs does: the tests compare every step of ts-fsrs's own
// schedules (testdata/fsrs) and agree exactly, and stored values are stable
// across platforms.

// Rating is how well a question was recalled, as FSRS grades it.
type Rating int8

// The four ratings, from forgotten to effortless.
const (
	Again Rating = 1 + iota
	Hard
	Good
	Easy
)

// Ratings lists the ratings in button order.
var Ratings = [4]Rating{Again, Hard, Good, Easy}

// String returns "again", "hard", "good" or "easy".
func (r Rating) String() string {
	switch r {
	case Again:
		return "again"
	case Hard:
		return "hard"
	case Good:
		return "good"
	case Easy:
		return "easy"
	}
	return fmt.Sprintf("Rating(%d)", int(r))
}

// Valid reports whether r is one of the four ratings.
func (r Rating) Valid() bool { return r >= Again && r <= Easy }

// ParseRating reads a rating as a learner types it: its name, its first
// letter or its number 1–4.
func ParseRating(s string) (Rating, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "a", "again":
		return Again, nil
	case "2", "h", "hard":
		return Hard, nil
	case "3", "g", "good":
		return Good, nil
	case "4", "e", "easy":
		return Easy, nil
	}
	return 0, fmt.Errorf("%q is not a rating: type again, hard, good or easy (or 1–4)", s)
}

// RatingFor maps a quiz verdict to the rating FSRS schedules with: a wrong
// (or skipped) answer is Again, a partly right one Hard, a right one Good.
// Easy is left to the learner's own judgement in flashcard mode.
func RatingFor(v Verdict) Rating {
	switch v {
	case Correct:
		return Good
	case Partial:
		return Hard
	}
	return Again
}

// Card is the scheduling state of one question. The zero Card is a question
// never reviewed.
type Card struct {
	Stability  float64   // days until recall falls to 90%
	Difficulty float64   // 1 (easy) to 10 (hard)
	Due        time.Time // when the next review falls due
	LastReview time.Time
	Interval   int // days from the last review to Due
	Reps       int // reviews so far
	Lapses     int // Again ratings after the first review
}

// IsNew reports whether the card was never reviewed.
func (c Card) IsNew() bool { return c.Reps == 0 }

// DefaultWeights are FSRS-6's published default parameters w0…w20, the ones
// ts-fsrs and Anki ship.
var DefaultWeights = [21]float64{
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666,
	0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
}

// DefaultRetention is the share of reviews the schedule aims to have
// recalled.
const DefaultRetention = 0.9

// DefaultMaxInterval caps intervals at a hundred years.
const DefaultMaxInterval = 36500

// FSRSParams configure a Scheduler.
type FSRSParams struct {
	Weights     [21]float64
	Retention   float64 // desired retention, above 0 and below 1
	MaxInterval int     // days
	// Fuzz spreads intervals of 3 days or more over a small range, so that
	// questions learnt together do not stay due together.
	Fuzz bool
}

// DefaultFSRS returns the published defaults with fuzz on.
func DefaultFSRS() FSRSParams {
	return FSRSParams{Weights: DefaultWeights, Retention: DefaultRetention, MaxInterval: DefaultMaxInterval, Fuzz: true}
}

// Bounds of stability, as in ts-fsrs.
const (
	minStability = 0.001
	maxStability = 36500.0
)

// Scheduler computes FSRS-6 schedules. It is immutable and safe for
// concurrent use.
type Scheduler struct {
	p        FSRSParams
	decay    float64 // -w20
	factor   float64 // 0.9^(1/decay) - 1, so that R(S, S) = 0.9
	modifier float64 // interval / stability at the desired retention
	expW8    float64
	initD    [4]float64 // initial difficulty per rating, unclamped
}

// NewScheduler returns a scheduler with p, or an error naming what is out
// of range.
func NewScheduler(p FSRSParams) (*Scheduler, error) {
	if !(p.Retention > 0 && p.Retention < 1) {
		return nil, fmt.Errorf("desired retention %v is out of range (use a value above 0 and below 1, such as 0.9)", p.Retention)
	}
	if p.MaxInterval < 1 {
		return nil, fmt.Errorf("maximum interval %d is out of range (use 1 day or more)", p.MaxInterval)
	}
	for i, w := range p.Weights {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("FSRS weight w%d is %v", i, w)
		}
	}
	if w := p.Weights[20]; w < 0.1 || w > 0.8 {
		return nil, errors.New("FSRS decay w20 must be from 0.1 to 0.8")
	}
	w := p.Weights
	s := &Scheduler{p: p, decay: -w[20]}
	s.factor = round8(math.Exp(math.Log(0.9)/s.decay) - 1)
	s.modifier = round8((math.Pow(p.Retention, 1/s.decay) - 1) / s.factor)
	s.expW8 = math.Exp(w[8])
	for i, g := range Ratings {
		s.initD[i] = round8(w[4] - math.Exp(float64(g-1)*w[5]) + 1)
	}
	return s, nil
}

// MustScheduler is NewScheduler for parameters known to be valid.
func MustScheduler(p FSRSParams) *Scheduler {
	s, err := NewScheduler(p)
	if err != nil {
		panic(err)
	}
	return s
}

// Params returns the scheduler's parameters.
func (s *Scheduler) Params() FSRSParams { return s.p }

// Repeat returns the card after a review at now with each rating, indexed
// by rating-1: the four possible outcomes, whose intervals a flashcard's
// rating buttons show. rng draws the interval fuzz; it is used only when
// fuzz is on, and may then be nil for no fuzz. One value is drawn for all
// four outcomes, so that their intervals keep their order.
func (s *Scheduler) Repeat(c Card, now time.Time, rng *rand.Rand) [4]Card {
	w := &s.p.Weights
	var stab, diff [4]float64
	elapsed := 0
	if c.IsNew() {
		for i := range Ratings {
			stab[i] = max(w[i], 0.1)
			diff[i] = clamp(s.initD[i], 1, 10)
		}
	} else {
		elapsed = ElapsedDays(c.LastReview, now)
		r := s.forgettingCurve(float64(elapsed), c.Stability)
		st, d := c.Stability, c.Difficulty
		// The recall stabilities of Hard, Good and Easy share every factor
		// but the rating's own; the products keep ts-fsrs's order of
		// operations, so the results are the same to the last bit.
		common := float64(float64(float64(s.expW8*(11-d))*math.Pow(st, -w[9])) * (math.Exp((1-r)*w[10]) - 1))
		stab[1] = round8(clamp(st*(1+float64(common*w[15])), minStability, maxStability))
		stab[2] = round8(clamp(st*(1+common), minStability, maxStability))
		stab[3] = round8(clamp(st*(1+float64(common*w[16])), minStability, maxStability))
		forget := round8(clamp(float64(float64(w[11]*math.Pow(d, -w[12]))*(math.Pow(st+1, w[13])-1))*math.Exp((1-r)*w[14]), minStability, maxStability))
		stab[0] = min(max(round8(st), minStability), forget)
		for i, g := range Ratings {
			diff[i] = s.nextDifficulty(d, g)
		}
	}

	fuzz := -1.0
	if s.p.Fuzz && rng != nil {
		fuzz = rng.Float64()
	}
	var ivl [4]int
	for i := range ivl {
		ivl[i] = s.nextInterval(stab[i], elapsed, fuzz)
	}
	// Each button gives a longer interval than the one before it.
	ivl[0] = min(ivl[0], ivl[1])
	ivl[1] = max(ivl[1], ivl[0]+1)
	ivl[2] = max(ivl[2], ivl[1]+1)
	ivl[3] = max(ivl[3], ivl[2]+1)

	var out [4]Card
	for i := range out {
		out[i] = Card{
			Stability:  stab[i],
			Difficulty: diff[i],
			Due:        now.Add(time.Duration(ivl[i]) * 24 * time.Hour),
			LastReview: now,
			Interval:   ivl[i],
			Reps:       c.Reps + 1,
			Lapses:     c.Lapses,
		}
	}
	if !c.IsNew() {
		out[0].Lapses++
	}
	return out
}

// Next returns the card after a review at now rated r. An invalid rating
// counts as Again.
func (s *Scheduler) Next(c Card, r Rating, now time.Time, rng *rand.Rand) Card {
	if !r.Valid() {
		r = Again
	}
	return s.Repeat(c, now, rng)[r-1]
}

// Retrievability returns the probability that c is recalled at now, from 0
// to 1; 0 for a new card. Unlike scheduling, which counts whole days, it
// counts the fraction of a day too, for display.
func (s *Scheduler) Retrievability(c Card, now time.Time) float64 {
	if c.IsNew() {
		return 0
	}
	t := max(now.Sub(c.LastReview).Hours()/24, 0)
	return s.forgettingCurve(t, c.Stability)
}

// forgettingCurve is R(t, S) = (1 + factor·t/S)^decay.
func (s *Scheduler) forgettingCurve(t, stability float64) float64 {
	return round8(math.Pow(1+float64(s.factor*t)/stability, s.decay))
}

// nextDifficulty moves d by the rating, damped as d nears 10, then reverts
// it slightly towards the initial difficulty of an Easy rating.
func (s *Scheduler) nextDifficulty(d float64, g Rating) float64 {
	w := &s.p.Weights
	delta := -w[6] * float64(g-3)
	next := d + round8(float64(delta*(10-d))/9)
	return clamp(round8(float64(w[7]*s.initD[3])+float64((1-w[7])*next)), 1, 10)
}

// nextInterval turns a stability into whole days at the desired retention,
// fuzzed when fuzz is from 0 to 1.
func (s *Scheduler) nextInterval(stability float64, elapsed int, fuzz float64) int {
	ivl := min(max(1, int(jsRound(stability*s.modifier))), s.p.MaxInterval)
	if fuzz < 0 || ivl < 3 {
		return ivl
	}
	lo, hi := FuzzRange(ivl, elapsed, s.p.MaxInterval)
	return int(math.Floor(fuzz*float64(hi-lo+1) + float64(lo)))
}

// FuzzRange returns the days an interval may be fuzzed to: about ±15% of
// short intervals, narrowing to ±5% of long ones, never earlier than the day
// after the days already elapsed.
func FuzzRange(interval, elapsed, maxInterval int) (lo, hi int) {
	ivl := float64(interval)
	delta := 1.0
	for _, r := range [...]struct{ start, end, factor float64 }{{2.5, 7, 0.15}, {7, 20, 0.1}, {20, math.Inf(1), 0.05}} {
		delta += r.factor * max(min(ivl, r.end)-r.start, 0)
	}
	ivl = min(ivl, float64(maxInterval))
	lo = max(2, int(jsRound(ivl-delta)))
	hi = min(int(jsRound(ivl+delta)), maxInterval)
	if ivl > float64(elapsed) {
		lo = max(lo, elapsed+1)
	}
	return min(lo, hi), hi
}

// ElapsedDays counts the calendar days from last to now in now's time zone:
// a review the evening before counts as one day ago. Never negative.
func ElapsedDays(last, now time.Time) int {
	ly, lm, ld := last.In(now.Location()).Date()
	ny, nm, nd := now.Date()
	return max(int(civilDays(ny, nm, nd)-civilDays(ly, lm, ld)), 0)
}

// civilDays numbers the days of the proleptic Gregorian calendar (Howard
// Hinnant's days_from_civil); cheaper than building time.Time values.
func civilDays(y int, m time.Month, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era--
	}
	yoe := yy - era*400
	mp := (int64(m) + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe
}

// FuzzRand returns the generator for the fuzz of the next review of card c
// of question id. It depends on the card's state only, so the intervals shown
// on rating buttons are the ones recorded, and replaying a history gives the
// same schedule.
func FuzzRand(id string, c Card) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(id))
	var last uint64
	if !c.LastReview.IsZero() {
		last = uint64(c.LastReview.UnixMilli())
	}
	return rand.New(rand.NewPCG(h.Sum64(), last^uint64(c.Reps)<<48))
}

func clamp(x, lo, hi float64) float64 { return min(max(x, lo), hi) }

// jsRound rounds halves up, as JavaScript's Math.round does.
func jsRound(x float64) float64 { return math.Floor(x + 0.5) }

// round8 rounds x to eight decimals the way ts-fsrs does.
func round8(x float64) float64 { return jsRound(x*1e8) / 1e8 }
