package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cram-dev/cram/quiz"
)

// CardState is the scheduling state of one question and what its history
// adds: how often it was failed, when it was first and last rated.
type CardState struct {
	ID string
	quiz.Card
	Fails       int // Again ratings in its whole history, for leeches
	FirstReview time.Time
	LastRating  quiz.Rating
	Hash        string // content hash of the question at its latest review
}

// Store implements quiz.Recorder.
var _ quiz.Recorder = (*Store)(nil)

// Record appends r to the log and reschedules its question, in one
// transaction committed before it returns. Recording the same question at
// the same millisecond again changes nothing, except that a review newly
// marked Overridden overrules the recorded verdict: it becomes correct and
// the question is rescheduled as if it had been. A review older than the
// question's latest (from another process's clock, say) reschedules the
// question from its whole history.
func (s *Store) Record(ctx context.Context, r quiz.Review) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("record answer: %w", err)
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		what, err := s.add(ctx, tx, r)
		if err != nil || what == duplicate {
			return err
		}
		return s.schedule(ctx, tx, r)
	})
	if err != nil {
		return fmt.Errorf("record answer to %s: %w", r.ID, err)
	}
	return nil
}

// addResult says what add did with a review.
type addResult int

const (
	added addResult = iota
	duplicate
	overruled
)

// add records r inside tx; the caller reschedules its question unless it
// was a duplicate.
func (s *Store) add(ctx context.Context, tx *sql.Tx, r quiz.Review) (addResult, error) {
	at := ms(r.At)
	var id int64
	var overridden bool
	err := tx.QueryRowContext(ctx, "SELECT id, overridden FROM reviews WHERE question_id = ? AND reviewed_at = ?", r.ID, at).Scan(&id, &overridden)
	switch {
	case err == nil:
		if !r.Overridden || overridden {
			return duplicate, nil
		}
		_, err := tx.ExecContext(ctx, "UPDATE reviews SET overridden = 1, verdict = 'correct', rating = 3 WHERE id = ?", id)
		return overruled, err
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO reviews (question_id, content_hash, reviewed_at, response, verdict, rating, duration_ms, mode, overridden)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Hash, at, r.Response, r.Verdict, int(r.Rating), r.Duration.Milliseconds(), string(r.Mode), r.Overridden)
	return added, err
}

// schedule updates the card of r's question after add: one step of the
// scheduler for the newest review, a replay of the whole history otherwise
// (a review older than the latest, or an overruled verdict).
func (s *Store) schedule(ctx context.Context, tx *sql.Tx, r quiz.Review) error {
	c, err := s.card(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	at := ms(r.At)
	if r.Overridden || (!c.IsNew() && at <= ms(c.LastReview)) {
		return s.replay(ctx, tx, r.ID)
	}
	return upsertCard(ctx, tx, s.apply(c, r.ID, s.at(at), r.Rating, r.Hash))
}

// apply schedules the card after a review. Fuzz comes from the card's own
// state, so that replaying a history gives the same schedule.
func (s *Store) apply(c CardState, id string, at time.Time, rating quiz.Rating, hash string) CardState {
	out := CardState{
		ID: id, Card: s.sched.Next(c.Card, rating, at, quiz.FuzzRand(id, c.Card)),
		Fails: c.Fails, FirstReview: c.FirstReview, LastRating: rating, Hash: hash,
	}
	if c.IsNew() {
		out.FirstReview = at
	}
	if rating == quiz.Again {
		out.Fails++
	}
	return out
}

// replay recomputes a question's card from its whole history.
func (s *Store) replay(ctx context.Context, tx *sql.Tx, id string) error {
	rows, err := tx.QueryContext(ctx, "SELECT reviewed_at, rating, content_hash FROM reviews WHERE question_id = ? ORDER BY reviewed_at", id)
	if err != nil {
		return err
	}
	c := CardState{ID: id}
	for rows.Next() {
		var at int64
		var rating int
		var hash string
		if err := rows.Scan(&at, &rating, &hash); err != nil {
			rows.Close()
			return err
		}
		c = s.apply(c, id, s.at(at), quiz.Rating(rating), hash)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if c.IsNew() {
		_, err := tx.ExecContext(ctx, "DELETE FROM cards WHERE question_id = ?", id)
		return err
	}
	return upsertCard(ctx, tx, c)
}

const cardColumns = "question_id, stability, difficulty, due, last_review, interval_days, reps, lapses, fails, first_review, last_rating, content_hash"

func upsertCard(ctx context.Context, tx *sql.Tx, c CardState) error {
	_, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO cards ("+cardColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		c.ID, c.Stability, c.Difficulty, ms(c.Due), ms(c.LastReview), c.Interval, c.Reps, c.Lapses, c.Fails,
		ms(c.FirstReview), int(c.LastRating), c.Hash)
	return err
}

type scanner interface{ Scan(dest ...any) error }

func (s *Store) scanCard(sc scanner) (CardState, error) {
	var c CardState
	var due, last, first int64
	var rating int
	err := sc.Scan(&c.ID, &c.Stability, &c.Difficulty, &due, &last, &c.Interval, &c.Reps, &c.Lapses, &c.Fails, &first, &rating, &c.Hash)
	c.Due, c.LastReview, c.FirstReview, c.LastRating = s.at(due), s.at(last), s.at(first), quiz.Rating(rating)
	return c, err
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// card loads one question's card; a question never reviewed has a new one.
func (s *Store) card(ctx context.Context, q queryer, id string) (CardState, error) {
	c, err := s.scanCard(q.QueryRowContext(ctx, "SELECT "+cardColumns+" FROM cards WHERE question_id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return CardState{ID: id}, nil
	}
	return c, err
}

// Card returns the scheduling state of question id; IsNew when it was never
// reviewed.
func (s *Store) Card(ctx context.Context, id string) (CardState, error) {
	c, err := s.card(ctx, s.db, id)
	if err != nil {
		return c, s.classify(fmt.Errorf("load %s: %w", id, err))
	}
	return c, nil
}

// cards runs a query over the cards table.
func (s *Store) cards(ctx context.Context, where string, args ...any) ([]CardState, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+cardColumns+" FROM cards "+where, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []CardState
	for rows.Next() {
		c, err := s.scanCard(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, c)
	}
	return out, s.classify(rows.Err())
}

// Cards returns the state of every question ever reviewed, by id.
func (s *Store) Cards(ctx context.Context) (map[string]CardState, error) {
	cs, err := s.cards(ctx, "")
	if err != nil {
		return nil, err
	}
	out := make(map[string]CardState, len(cs))
	for _, c := range cs {
		out[c.ID] = c
	}
	return out, nil
}

// Due returns the questions due at or before until, the most overdue first.
func (s *Store) Due(ctx context.Context, until time.Time) ([]CardState, error) {
	return s.cards(ctx, "WHERE due <= ? ORDER BY due, question_id", ms(until))
}

// NewSince counts the questions first reviewed at or after since: the new
// questions already taken today, for the daily limit.
func (s *Store) NewSince(ctx context.Context, since time.Time) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM cards WHERE first_review >= ?", ms(since)).Scan(&n)
	return n, s.classify(err)
}

func (s *Store) ids(ctx context.Context, query string, args ...any) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, s.classify(err)
		}
		out[id] = true
	}
	return out, s.classify(rows.Err())
}

// MissedIDs returns the questions whose latest answer was wrong, skipped or
// partly right (a flashcard rated Again or Hard), for cram quiz --missed.
func (s *Store) MissedIDs(ctx context.Context) (map[string]bool, error) {
	return s.ids(ctx, "SELECT question_id FROM cards WHERE last_rating <= ?", int(quiz.Hard))
}

// LeechIDs returns the questions rated Again at least threshold times, for
// cram quiz --leeches; quiz.LeechThreshold is the usual threshold.
func (s *Store) LeechIDs(ctx context.Context, threshold int) (map[string]bool, error) {
	return s.ids(ctx, "SELECT question_id FROM cards WHERE fails >= ?", max(threshold, 1))
}

const reviewColumns = "question_id, content_hash, reviewed_at, response, verdict, rating, duration_ms, mode, overridden"

func (s *Store) scanReview(sc scanner) (quiz.Review, error) {
	var r quiz.Review
	var at, dur int64
	var rating int
	var mode string
	err := sc.Scan(&r.ID, &r.Hash, &at, &r.Response, &r.Verdict, &rating, &dur, &mode, &r.Overridden)
	r.At, r.Rating, r.Duration, r.Mode = s.at(at), quiz.Rating(rating), time.Duration(dur)*time.Millisecond, quiz.Mode(mode)
	return r, err
}

// History returns every answer to question id, oldest first.
func (s *Store) History(ctx context.Context, id string) ([]quiz.Review, error) {
	var out []quiz.Review
	err := s.eachReview(ctx, "WHERE question_id = ? ORDER BY reviewed_at", []any{id}, func(r quiz.Review) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// EachReview calls fn with every review in the log, oldest first, and stops
// at fn's first error. fn must not call the store: the connection is busy
// reading.
func (s *Store) EachReview(ctx context.Context, fn func(quiz.Review) error) error {
	return s.eachReview(ctx, "ORDER BY reviewed_at, question_id", nil, fn)
}

func (s *Store) eachReview(ctx context.Context, where string, args []any, fn func(quiz.Review) error) error {
	rows, err := s.db.QueryContext(ctx, "SELECT "+reviewColumns+" FROM reviews "+where, args...)
	if err != nil {
		return s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := s.scanReview(rows)
		if err != nil {
			return s.classify(err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return s.classify(rows.Err())
}

// Counts returns how many reviews the log holds and how many questions
// they cover.
func (s *Store) Counts(ctx context.Context) (reviews, questions int, err error) {
	err = s.db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM reviews), (SELECT count(*) FROM cards)").Scan(&reviews, &questions)
	return reviews, questions, s.classify(err)
}

// bankRange gives the bounds of the ids of bank's questions: "bank/" up to
// "bank0", '0' following '/'. A range, unlike LIKE, needs no escaping of
// '_' and '%' and uses the indexes.
func bankRange(bank string) (lo, hi string) { return bank + "/", bank + "0" }

// BankCounts returns how many reviews and questions of bank the log holds.
func (s *Store) BankCounts(ctx context.Context, bank string) (reviews, questions int, err error) {
	lo, hi := bankRange(bank)
	err = s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM reviews WHERE question_id >= ? AND question_id < ?),
		(SELECT count(*) FROM cards WHERE question_id >= ? AND question_id < ?)`, lo, hi, lo, hi).Scan(&reviews, &questions)
	return reviews, questions, s.classify(err)
}

// ResetBank deletes every review and schedule of bank's questions: the
// only way reviews leave the log. It returns how many reviews it deleted.
func (s *Store) ResetBank(ctx context.Context, bank string) (int, error) {
	if bank == "" {
		return 0, errors.New("reset: no bank named")
	}
	lo, hi := bankRange(bank)
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM reviews WHERE question_id >= ? AND question_id < ?", lo, hi)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, "DELETE FROM cards WHERE question_id >= ? AND question_id < ?", lo, hi)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("reset bank %s: %w", bank, err)
	}
	return int(n), nil
}
