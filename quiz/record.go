package quiz

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cram-dev/cram/content"
)

// Mode is how a question was practised.
type Mode string

// The modes a review is recorded in.
const (
	ModeQuiz   Mode = "quiz"   // cram quiz: answer checked
	ModeReview Mode = "review" // cram review: due questions, answer checked
	ModeCards  Mode = "cards"  // cram cards: flashcard, rated by the learner
)

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool { return m == ModeQuiz || m == ModeReview || m == ModeCards }

// VerdictSkipped is the verdict recorded for a skipped question; a
// self-rated flashcard has no verdict ("").
const VerdictSkipped = "skipped"

// LeechThreshold is how many Again ratings make a question a leech: one the
// learner keeps failing, flagged by cram stats and drilled by cram quiz
// --leeches.
const LeechThreshold = 8

// Review is one answer in the progress log.
type Review struct {
	ID   string // the question's global id, bank/question
	Hash string // ContentHash of the question as it was asked
	At   time.Time
	// Response is what the learner answered: text as typed, choices as
	// letters in the bank's own order, cloze blanks joined by " | ".
	Response string
	// Verdict is "correct", "partial", "wrong", VerdictSkipped, or "" for a
	// flashcard rated by the learner.
	Verdict    string
	Rating     Rating
	Duration   time.Duration
	Mode       Mode
	Overridden bool // the learner overruled the verdict and it counts as correct
}

// Recorder keeps reviews. Record must not return before the review is
// durable: a session shows its next question only after it returns.
// Recording the same question at the same time again is not a second
// review: it overrules the verdict when r.Overridden is newly set, and is
// ignored otherwise.
type Recorder interface {
	Record(ctx context.Context, r Review) error
}

// Validate reports what is wrong with r, if anything.
func (r Review) Validate() error {
	switch {
	case !strings.Contains(r.ID, "/") || strings.HasPrefix(r.ID, "/") || strings.HasSuffix(r.ID, "/"):
		return fmt.Errorf("question id %q is not bank/question", r.ID)
	case len(r.Hash) != 64 || strings.Trim(r.Hash, "0123456789abcdef") != "":
		return fmt.Errorf("content hash %q of %s is not a SHA-256 in hex", r.Hash, r.ID)
	case r.At.IsZero():
		return fmt.Errorf("review of %s has no time", r.ID)
	case !r.Rating.Valid():
		return fmt.Errorf("review of %s has rating %d (use 1 to 4)", r.ID, r.Rating)
	case !r.Mode.Valid():
		return fmt.Errorf("review of %s has mode %q (use quiz, review or cards)", r.ID, r.Mode)
	case r.Duration < 0:
		return fmt.Errorf("review of %s has a negative duration", r.ID)
	}
	switch r.Verdict {
	case "", Correct.String(), Partial.String(), Wrong.String(), VerdictSkipped:
	default:
		return fmt.Errorf("review of %s has verdict %q (use correct, partial, wrong, skipped or none)", r.ID, r.Verdict)
	}
	return nil
}

// Recalled reports whether the review counts as remembered: any rating but
// Again.
func (r Review) Recalled() bool { return r.Rating >= Hard }

// Right reports whether the answer counts as right: a correct verdict, or a
// flashcard rated Good or Easy.
func (r Review) Right() bool {
	if r.Verdict == "" {
		return r.Rating >= Good
	}
	return r.Verdict == Correct.String()
}

// ReviewOf turns a session attempt into the review to record: skipped and
// wrong answers rate Again, partial ones Hard, correct or overruled ones
// Good.
func ReviewOf(a Attempt, mode Mode) Review {
	r := Review{
		ID: a.Item.Q.GlobalID(), Hash: ContentHash(a.Item.Q), At: a.At, Verdict: a.Result.Verdict.String(),
		Rating: RatingFor(a.Result.Verdict), Duration: a.Took, Mode: mode, Overridden: a.Overridden,
	}
	switch {
	case a.Skipped:
		r.Verdict, r.Rating = VerdictSkipped, Again
	case a.Overridden:
		r.Verdict, r.Rating = Correct.String(), Good
	}
	if !a.Skipped {
		r.Response = responseText(a.Response)
	}
	return r
}

func responseText(r Response) string {
	switch {
	case len(r.Picks) > 0:
		letters := make([]string, len(r.Picks))
		for i, p := range r.Picks {
			letters[i] = content.Letter(p)
		}
		return strings.Join(letters, " ")
	case len(r.Blanks) > 0:
		return strings.Join(r.Blanks, " | ")
	}
	return r.Text
}

// ContentHash identifies the content of q that a learner answers: its type,
// prompt, code, choices and answer fields, in every language. Explanations,
// references, tags, difficulty and the model answer may change without
// changing it, so that fixing a typo there keeps the history current. It is
// SHA-256 in hex over a length-prefixed encoding that does not depend on map
// order.
func ContentHash(q *content.Question) string {
	h := contentHasher{h: sha256.New()}
	h.str("cram-content-v1")
	h.str(string(q.Type))
	h.text(q.Prompt)
	if q.Code != nil {
		h.str("code")
		h.str(q.Code.Lang)
		h.str(q.Code.Source)
	} else {
		h.str("")
	}
	h.num(len(q.Choices))
	for _, c := range q.Choices {
		h.text(c)
	}
	switch q.Type {
	case content.Single:
		h.num(q.Choice)
	case content.Multiple, content.Ordering:
		h.ints(q.ChoiceSet)
	case content.TrueFalse:
		h.str(strconv.FormatBool(q.Bool))
	case content.Short:
		h.strs(q.Accepted)
		h.str(q.Pattern)
	case content.Numeric:
		h.str(strconv.FormatFloat(q.Number, 'g', -1, 64))
		h.str(strconv.FormatFloat(q.Tolerance, 'g', -1, 64))
		h.str(q.Unit)
	case content.Output:
		h.str(q.Expected)
	case content.Cloze:
		h.text(q.Passage)
		h.num(len(q.Blanks))
		for _, b := range q.Blanks {
			h.strs(b)
		}
	case content.Open:
		h.num(len(q.KeyPoints))
		for _, kp := range q.KeyPoints {
			langs := make([]string, 0, len(kp))
			for l := range kp {
				langs = append(langs, l)
			}
			sort.Strings(langs)
			h.num(len(langs))
			for _, l := range langs {
				h.str(l)
				h.strs(kp[l])
			}
		}
		h.num(q.Required)
	}
	return hex.EncodeToString(h.h.Sum(nil))
}

type contentHasher struct{ h hash.Hash }

func (c contentHasher) num(n int) {
	var b [binary.MaxVarintLen64]byte
	c.h.Write(b[:binary.PutVarint(b[:], int64(n))])
}

func (c contentHasher) str(s string) {
	c.num(len(s))
	c.h.Write([]byte(s))
}

func (c contentHasher) strs(ss []string) {
	c.num(len(ss))
	for _, s := range ss {
		c.str(s)
	}
}

func (c contentHasher) ints(is []int) {
	c.num(len(is))
	for _, i := range is {
		c.num(i)
	}
}

func (c contentHasher) text(t content.Text) {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	c.num(len(keys))
	for _, k := range keys {
		c.str(k)
		c.str(t[k])
	}
}
