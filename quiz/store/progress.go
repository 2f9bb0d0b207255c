package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/cram-dev/cram/quiz"
)

// The progress file: a JSON object naming its format and version, and the
// review log. Approvals of programs are not in it: they are decisions about
// this machine's safety, not progress to carry around.
const (
	ProgressFormat  = "cram-progress"
	ProgressVersion = 1
)

// MaxProgressSize bounds a progress file read by ReadProgress.
const MaxProgressSize = 1 << 30

// ErrNotProgress is matched by errors about a file that is not a cram
// progress file at all.
var ErrNotProgress = errors.New("not a cram progress file")

type progressHeader struct {
	Format   string    `json:"format"`
	Version  int       `json:"version"`
	Exported time.Time `json:"exported"`
	Count    int       `json:"count"`
}

// reviewJSON is one review in a progress file. Pointers mark the fields
// that must be present.
type reviewJSON struct {
	ID         *string    `json:"id"`
	Hash       *string    `json:"hash"`
	At         *time.Time `json:"at"`
	Rating     *int       `json:"rating"`
	Verdict    string     `json:"verdict,omitempty"`
	Response   string     `json:"response,omitempty"`
	DurationMS int64      `json:"duration_ms,omitempty"`
	Mode       *string    `json:"mode"`
	Overridden bool       `json:"overridden,omitempty"`
}

// Export writes the whole review log to w as a progress file, at now, and
// returns how many reviews it wrote.
func (s *Store) Export(ctx context.Context, w io.Writer, now time.Time) (int, error) {
	total, _, err := s.Counts(ctx)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(w)
	head, _ := json.Marshal(progressHeader{Format: ProgressFormat, Version: ProgressVersion, Exported: now.UTC(), Count: total})
	bw.Write(head[:len(head)-1])
	bw.WriteString(`,"reviews":[`)
	n := 0
	err = s.EachReview(ctx, func(r quiz.Review) error {
		id, hash, at, rating, mode := r.ID, r.Hash, r.At.UTC(), int(r.Rating), string(r.Mode)
		line, err := json.Marshal(reviewJSON{ID: &id, Hash: &hash, At: &at, Rating: &rating, Verdict: r.Verdict, Response: r.Response,
			DurationMS: r.Duration.Milliseconds(), Mode: &mode, Overridden: r.Overridden})
		if err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n ")
		bw.Write(line)
		n++
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("export progress: %w", err)
	}
	bw.WriteString("\n]}\n")
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export progress: %w", err)
	}
	return n, nil
}

// ReadProgress reads and checks a whole progress file before anything is
// imported: a file that is not JSON, not a cram progress file, from a newer
// cram, or with any invalid review is an error saying where.
func ReadProgress(r io.Reader) ([]quiz.Review, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxProgressSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxProgressSize {
		return nil, fmt.Errorf("larger than %d MiB: not a progress file cram wrote", MaxProgressSize>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: the file is empty", ErrNotProgress)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := position(data, se.Offset)
			return nil, fmt.Errorf("line %d, column %d: %v (is the file cut short or edited by hand?)", line, col, se)
		}
		return nil, fmt.Errorf("%w: expected a JSON object with \"format\": %q", ErrNotProgress, ProgressFormat)
	}
	var format string
	if raw, ok := top["format"]; !ok || json.Unmarshal(raw, &format) != nil || format != ProgressFormat {
		return nil, fmt.Errorf("%w (no \"format\": %q; is it from another tool?); cram progress export writes one", ErrNotProgress, ProgressFormat)
	}
	var version int
	if err := json.Unmarshal(top["version"], &version); err != nil || version < 1 {
		return nil, fmt.Errorf("\"version\" must be a whole number from 1")
	}
	if version > ProgressVersion {
		return nil, fmt.Errorf("written by a newer cram (progress format %d; this cram reads %d): upgrade cram", version, ProgressVersion)
	}
	raw, ok := top["reviews"]
	if !ok {
		return nil, errors.New(`no "reviews" list`)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var items []reviewJSON
	if err := dec.Decode(&items); err != nil {
		return nil, fmt.Errorf(`"reviews": %v`, err)
	}
	out := make([]quiz.Review, 0, len(items))
	for i, it := range items {
		missing := ""
		switch {
		case it.ID == nil:
			missing = "id"
		case it.Hash == nil:
			missing = "hash"
		case it.At == nil:
			missing = "at"
		case it.Rating == nil:
			missing = "rating"
		case it.Mode == nil:
			missing = "mode"
		}
		if missing != "" {
			return nil, fmt.Errorf("review %d: no %q", i+1, missing)
		}
		if it.DurationMS < 0 {
			return nil, fmt.Errorf("review %d: negative duration_ms", i+1)
		}
		rv := quiz.Review{ID: *it.ID, Hash: *it.Hash, At: *it.At, Rating: quiz.Rating(*it.Rating), Verdict: it.Verdict, Response: it.Response,
			Duration: time.Duration(it.DurationMS) * time.Millisecond, Mode: quiz.Mode(*it.Mode), Overridden: it.Overridden}
		if *it.Rating < 1 || *it.Rating > 4 {
			rv.Rating = 0
		}
		if err := rv.Validate(); err != nil {
			return nil, fmt.Errorf("review %d: %v", i+1, err)
		}
		if rv.Overridden && (rv.Verdict != quiz.Correct.String() || rv.Rating != quiz.Good) {
			return nil, fmt.Errorf("review %d of %s: an overruled verdict must be correct, rated 3", i+1, rv.ID)
		}
		out = append(out, rv)
	}
	return out, nil
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = max(int(off)-bytes.LastIndexByte(before, '\n')-1, 1)
	return line, col
}

// ImportResult says what an import did.
type ImportResult struct {
	Added      int // reviews new to the log
	Duplicates int // reviews already there
	Overruled  int // reviews there whose verdict the file overrules
}

// Import merges reviews into the log in one transaction: a review of the
// same question at the same millisecond is there already and is not added
// again. Questions with new reviews are rescheduled from their whole
// history, once each. On error nothing is imported.
func (s *Store) Import(ctx context.Context, reviews []quiz.Review) (ImportResult, error) {
	var res ImportResult
	for i, r := range reviews {
		if err := r.Validate(); err != nil {
			return res, fmt.Errorf("import review %d: %w", i+1, err)
		}
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		res = ImportResult{}
		touched := map[string]bool{}
		var order []string
		for _, r := range reviews {
			what, err := s.add(ctx, tx, r)
			if err != nil {
				return err
			}
			switch what {
			case added:
				res.Added++
			case duplicate:
				res.Duplicates++
				continue
			case overruled:
				res.Overruled++
			}
			if !touched[r.ID] {
				touched[r.ID] = true
				order = append(order, r.ID)
			}
		}
		for _, id := range order {
			if err := s.replay(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import progress: %w", err)
	}
	return res, nil
}
