package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Trusted reports whether the learner approved the program with
// programHash (quiz.ProgramHash) of bank bankID.
func (s *Store) Trusted(ctx context.Context, bankID, programHash string) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, "SELECT 1 FROM trust WHERE bank_id = ? AND program_hash = ?", bankID, programHash).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("check approval of a program of bank %s: %w", bankID, s.classify(err))
	}
	return true, nil
}

// Trust records the learner's approval of the programs with programHashes
// of bank bankID, at the given time. Approving a program again keeps the
// first approval's time.
func (s *Store) Trust(ctx context.Context, bankID string, programHashes []string, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, h := range programHashes {
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO trust (bank_id, program_hash, approved_at) VALUES (?, ?, ?)", bankID, h, ms(at)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("approve programs of bank %s: %w", bankID, err)
	}
	return nil
}

// CachedVerify returns the outcome stored under key, and whether there was
// one.
func (s *Store) CachedVerify(ctx context.Context, key string) ([]byte, bool, error) {
	var out []byte
	err := s.db.QueryRowContext(ctx, "SELECT outcome FROM verify_cache WHERE key = ?", key).Scan(&out)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read cached verification: %w", s.classify(err))
	}
	return out, true, nil
}

// PutVerify stores outcome under key, replacing any earlier one.
func (s *Store) PutVerify(ctx context.Context, key string, outcome []byte, at time.Time) error {
	if outcome == nil {
		outcome = []byte{}
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO verify_cache (key, outcome, stored_at) VALUES (?, ?, ?)", key, outcome, ms(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("cache verification: %w", err)
	}
	return nil
}
