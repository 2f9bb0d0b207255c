package quiz

import (
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/cram-dev/cram/content"
)

// Filter selects questions. Empty fields select everything.
type Filter struct {
	Banks      []string
	Topics     []string
	Types      []content.Type
	Tags       []string
	Difficulty []int
	// IDs, when not nil, keeps only these global ids (missed questions, leeches …).
	IDs map[string]bool
}

// Match reports whether q passes the filter.
func (f Filter) Match(q *content.Question) bool {
	if len(f.Banks) > 0 && !slices.Contains(f.Banks, q.Bank) {
		return false
	}
	if len(f.Topics) > 0 && !slices.Contains(f.Topics, q.Topic) {
		return false
	}
	if len(f.Types) > 0 && !slices.Contains(f.Types, q.Type) {
		return false
	}
	if len(f.Difficulty) > 0 && !slices.Contains(f.Difficulty, q.Difficulty) {
		return false
	}
	if len(f.Tags) > 0 && !slices.ContainsFunc(f.Tags, func(t string) bool { return slices.Contains(q.Tags, t) }) {
		return false
	}
	if f.IDs != nil && !f.IDs[q.GlobalID()] {
		return false
	}
	return true
}

// Select returns the questions that pass f, in their given order.
func Select(qs []*content.Question, f Filter) []*content.Question {
	var out []*content.Question
	for _, q := range qs {
		if f.Match(q) {
			out = append(out, q)
		}
	}
	return out
}

// Item is one question of a session as it is shown.
type Item struct {
	Q    *content.Question
	View View
}

// Attempt is what happened to one item.
type Attempt struct {
	Item     Item
	Response Response
	Result   Result
	Skipped  bool
	// Overridden is set when the learner overruled the verdict ("I was right").
	Overridden bool
	Took       time.Duration
	At         time.Time
}

// Session is one run of questions: which were asked, in which order, and how
// each was answered. It holds no I/O; the interactive and plain front ends
// drive it.
type Session struct {
	Items    []Item
	Attempts []Attempt
	Seed     uint64
	Started  time.Time
	pos      int
}

// SessionOptions shape a new session.
type SessionOptions struct {
	Count int    // at most this many questions; 0 means all
	Seed  uint64 // same seed, same questions, order and choice order
	Lang  string
	// Fallback gives a question's text languages when its bank is unknown;
	// normally the bank's own languages are used.
	Fallback map[string][]string
	// Ordered keeps the given question order instead of shuffling (review
	// queues come ordered by the scheduler).
	Ordered bool
}

// NewSession draws a session from qs. Questions are shuffled with a generator
// seeded by opts.Seed, then interleaved so that consecutive questions come
// from different topics where possible; choices are shuffled too, with the
// answer mapping kept in each item's View.
func NewSession(qs []*content.Question, opts SessionOptions, now time.Time) *Session {
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	picked := slices.Clone(qs)
	if !opts.Ordered {
		rng.Shuffle(len(picked), func(i, j int) { picked[i], picked[j] = picked[j], picked[i] })
		picked = interleave(picked)
	}
	if opts.Count > 0 && len(picked) > opts.Count {
		picked = picked[:opts.Count]
	}
	s := &Session{Seed: opts.Seed, Started: now}
	for _, q := range picked {
		v := View{Lang: opts.Lang, Fallback: opts.Fallback[q.Bank]}
		if n := len(q.Choices); n > 1 && q.Type.HasChoices() {
			v.Perm = shuffledPerm(rng, n, q)
		}
		s.Items = append(s.Items, Item{Q: q, View: v})
	}
	return s
}

// shuffledPerm returns a random order of n choices. An ordering question is
// never shown already in its right order.
func shuffledPerm(rng *rand.Rand, n int, q *content.Question) []int {
	perm := rng.Perm(n)
	if q.Type == content.Ordering && slices.Equal(perm, q.ChoiceSet) {
		perm[0], perm[n-1] = perm[n-1], perm[0]
	}
	return perm
}

// interleave reorders qs so that topics alternate: the topics take turns, each
// giving its next question, in the order they first appear in qs. With qs
// shuffled, the result stays random within each topic.
func interleave(qs []*content.Question) []*content.Question {
	byTopic := map[string][]*content.Question{}
	var order []string
	for _, q := range qs {
		key := q.Bank + "/" + q.Topic
		if _, ok := byTopic[key]; !ok {
			order = append(order, key)
		}
		byTopic[key] = append(byTopic[key], q)
	}
	out := make([]*content.Question, 0, len(qs))
	for len(out) < len(qs) {
		for _, k := range order {
			if rest := byTopic[k]; len(rest) > 0 {
				out = append(out, rest[0])
				byTopic[k] = rest[1:]
			}
		}
	}
	return out
}

// Current returns the item to answer next, and false when the session is over.
func (s *Session) Current() (Item, bool) {
	if s.pos >= len(s.Items) {
		return Item{}, false
	}
	return s.Items[s.pos], true
}

// Position returns the 1-based number of the current item and the total.
func (s *Session) Position() (int, int) { return s.pos + 1, len(s.Items) }

// Answer checks r against the current item, records it and moves on.
func (s *Session) Answer(r Response, took time.Duration, at time.Time) Attempt {
	it, ok := s.Current()
	if !ok {
		return Attempt{}
	}
	a := Attempt{Item: it, Response: r, Result: Check(it.Q, r, it.View), Took: took, At: at}
	s.Attempts = append(s.Attempts, a)
	s.pos++
	return a
}

// Skip records the current item as skipped and moves on.
func (s *Session) Skip(took time.Duration, at time.Time) Attempt {
	it, ok := s.Current()
	if !ok {
		return Attempt{}
	}
	a := Attempt{Item: it, Skipped: true, Took: took, At: at,
		Result: Result{Verdict: Wrong, Expected: Check(it.Q, Reference(it.Q), it.View).Expected}}
	s.Attempts = append(s.Attempts, a)
	s.pos++
	return a
}

// CanOverride reports whether the last attempt may be overruled by the
// learner: an answered open question not graded correct.
func (s *Session) CanOverride() bool {
	if len(s.Attempts) == 0 {
		return false
	}
	a := s.Attempts[len(s.Attempts)-1]
	return !a.Skipped && !a.Overridden && a.Item.Q.Type == content.Open && a.Result.Verdict != Correct
}

// Override marks the last attempt correct at the learner's word and returns
// it. The attempt keeps Overridden so that records can tell.
func (s *Session) Override() (Attempt, bool) {
	if !s.CanOverride() {
		return Attempt{}, false
	}
	a := &s.Attempts[len(s.Attempts)-1]
	a.Overridden = true
	a.Result.Verdict = Correct
	a.Result.Score = 1
	return *a, true
}

// Done reports whether every item has been answered or skipped.
func (s *Session) Done() bool { return s.pos >= len(s.Items) }

// TopicScore is the score of one topic in a summary.
type TopicScore struct {
	Topic string  `json:"topic"`
	Score float64 `json:"score"`
	Asked int     `json:"asked"`
	Right int     `json:"correct"`
}

// Summary is the outcome of a session.
type Summary struct {
	Score    float64       `json:"score"` // sum of attempt scores
	Asked    int           `json:"asked"` // answered or skipped
	Right    int           `json:"correct"`
	Partial  int           `json:"partial"`
	Wrong    int           `json:"wrong"`
	Skipped  int           `json:"skipped"`
	Total    int           `json:"total"` // items in the session
	Missed   []string      `json:"missed"`
	ByTopic  []TopicScore  `json:"by_topic"`
	Duration time.Duration `json:"duration_ns"`
}

// Percent returns the score as a percentage of the questions asked.
func (s Summary) Percent() float64 {
	if s.Asked == 0 {
		return 0
	}
	return 100 * s.Score / float64(s.Asked)
}

// Summary totals the attempts so far; end is when the session stopped.
func (s *Session) Summary(end time.Time) Summary {
	sum := Summary{Total: len(s.Items), Missed: []string{}, Duration: end.Sub(s.Started)}
	topics := map[string]*TopicScore{}
	for _, a := range s.Attempts {
		q := a.Item.Q
		key := q.Bank + "/" + q.Topic
		ts, ok := topics[key]
		if !ok {
			ts = &TopicScore{Topic: key}
			topics[key] = ts
		}
		sum.Asked++
		ts.Asked++
		sum.Score += a.Result.Score
		ts.Score += a.Result.Score
		switch {
		case a.Skipped:
			sum.Skipped++
		case a.Result.Verdict == Correct:
			sum.Right++
			ts.Right++
		case a.Result.Verdict == Partial:
			sum.Partial++
		default:
			sum.Wrong++
		}
		if a.Skipped || a.Result.Verdict != Correct {
			sum.Missed = append(sum.Missed, q.GlobalID())
		}
	}
	for _, ts := range topics {
		sum.ByTopic = append(sum.ByTopic, *ts)
	}
	sort.Slice(sum.ByTopic, func(i, j int) bool { return sum.ByTopic[i].Topic < sum.ByTopic[j].Topic })
	return sum
}
