package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// migrations[i] brings the schema from version i to version i+1. Never edit
// one that has shipped: add a new one, and its schema to testdata/schema.
var migrations = []string{
	// 1: the answer log and the scheduling state of each question.
	`
CREATE TABLE reviews (
	id           INTEGER PRIMARY KEY,
	question_id  TEXT    NOT NULL,
	content_hash TEXT    NOT NULL,
	reviewed_at  INTEGER NOT NULL,
	response     TEXT    NOT NULL DEFAULT '',
	verdict      TEXT    NOT NULL DEFAULT '',
	rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
	duration_ms  INTEGER NOT NULL DEFAULT 0,
	mode         TEXT    NOT NULL,
	overridden   INTEGER NOT NULL DEFAULT 0 CHECK (overridden IN (0, 1)),
	UNIQUE (question_id, reviewed_at)
);
CREATE INDEX reviews_time ON reviews (reviewed_at);
CREATE TRIGGER reviews_append_only BEFORE UPDATE ON reviews
WHEN NOT (OLD.overridden = 0 AND NEW.overridden = 1 AND NEW.verdict = 'correct' AND NEW.rating = 3
	AND NEW.id = OLD.id AND NEW.question_id = OLD.question_id AND NEW.content_hash = OLD.content_hash
	AND NEW.reviewed_at = OLD.reviewed_at AND NEW.response = OLD.response
	AND NEW.duration_ms = OLD.duration_ms AND NEW.mode = OLD.mode)
BEGIN
	SELECT RAISE(ABORT, 'the review log is append-only; only a verdict may be overruled');
END;
CREATE TABLE cards (
	question_id   TEXT PRIMARY KEY,
	stability     REAL    NOT NULL,
	difficulty    REAL    NOT NULL,
	due           INTEGER NOT NULL,
	last_review   INTEGER NOT NULL,
	interval_days INTEGER NOT NULL,
	reps          INTEGER NOT NULL,
	lapses        INTEGER NOT NULL,
	fails         INTEGER NOT NULL,
	first_review  INTEGER NOT NULL,
	last_rating   INTEGER NOT NULL,
	content_hash  TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX cards_due ON cards (due);
`,
	// 2: approvals of verification programs and their cached results.
	`
CREATE TABLE trust (
	bank_id      TEXT    NOT NULL,
	program_hash TEXT    NOT NULL,
	approved_at  INTEGER NOT NULL,
	PRIMARY KEY (bank_id, program_hash)
) WITHOUT ROWID;
CREATE TABLE verify_cache (
	key       TEXT    PRIMARY KEY,
	outcome   BLOB    NOT NULL,
	stored_at INTEGER NOT NULL
) WITHOUT ROWID;
`,
}

// SchemaVersion is the schema this cram writes.
var SchemaVersion = len(migrations)

const createMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	applied_at INTEGER NOT NULL
)`

// version returns the database's schema version: 0 for an empty database.
// A database with tables but no schema_migrations is not cram's.
func (s *Store) version(ctx context.Context) (int, error) {
	var tables int
	var hasMigrations bool
	rows, err := s.db.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table'")
	if err != nil {
		return 0, s.classify(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return 0, s.classify(err)
		}
		tables++
		hasMigrations = hasMigrations || name == "schema_migrations"
	}
	if err := rows.Close(); err != nil {
		return 0, s.classify(err)
	}
	if err := rows.Err(); err != nil {
		return 0, s.classify(err)
	}
	if !hasMigrations {
		if tables > 0 {
			return 0, &Error{Path: s.path, Kind: ErrDamaged, Foreign: true, Err: errors.New("an SQLite database of another program: it has no schema_migrations table")}
		}
		return 0, nil
	}
	var v sql.NullInt64
	if err := s.db.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&v); err != nil {
		return 0, s.classify(err)
	}
	return int(v.Int64), nil
}

// migrate applies the missing migrations, each in a transaction that
// records its version. Another process migrating at the same time waits for
// the lock and then finds nothing left to do.
func (s *Store) migrate(ctx context.Context) error {
	for {
		done, err := s.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

func (s *Store) migrateOne(ctx context.Context) (done bool, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, createMigrations); err != nil {
			return err
		}
		var v sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&v); err != nil {
			return err
		}
		cur := int(v.Int64)
		if cur > SchemaVersion {
			return &Error{Path: s.path, Kind: ErrNewer, Schema: cur}
		}
		if cur == SchemaVersion {
			done = true
			return nil
		}
		if _, err := tx.ExecContext(ctx, migrations[cur]); err != nil {
			return fmt.Errorf("migrate to schema %d: %w", cur+1, err)
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", cur+1, time.Now().UnixMilli())
		return err
	})
	return done, err
}

// Version returns the database's schema version.
func (s *Store) Version(ctx context.Context) (int, error) { return s.version(ctx) }
