package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/cram-dev/cram/quiz"
)

// FileName is the database's name inside cram's data folder.
const FileName = "cram.db"

// DefaultBusyTimeout is how long a write waits for another process's.
const DefaultBusyTimeout = 5 * time.Second

// Options configure a Store.
type Options struct {
	// Scheduler computes the next review of a question after each answer;
	// nil means FSRS-6 defaults with fuzz.
	Scheduler *quiz.Scheduler
	// Location is the learner's time zone, where days begin and end; nil
	// means time.Local.
	Location *time.Location
	// BusyTimeout is how long to wait for another process holding the
	// write lock; 0 means DefaultBusyTimeout.
	BusyTimeout time.Duration
}

// Store is an open progress database. Its methods are safe for concurrent
// use; they run one at a time on a single connection.
type Store struct {
	db    *sql.DB
	path  string
	sched *quiz.Scheduler
	loc   *time.Location
	busy  time.Duration
}

// Sentinel errors an *Error matches with errors.Is.
var (
	ErrNewer    = errors.New("database written by a newer cram")
	ErrDamaged  = errors.New("database damaged or not cram's")
	ErrReadOnly = errors.New("database cannot be written")
	ErrLocked   = errors.New("database locked")
)

// Error is a problem with the database file itself, with what to do about
// it. It matches its Kind with errors.Is.
type Error struct {
	Path   string
	Kind   error // ErrNewer, ErrDamaged, ErrReadOnly or ErrLocked
	Schema int   // the database's schema version, for ErrNewer
	// Foreign marks an ErrDamaged file that is intact but not a cram
	// database at all.
	Foreign bool
	Err     error // the underlying error, if any
}

func (e *Error) Error() string {
	dir := filepath.Dir(e.Path)
	switch e.Kind {
	case ErrNewer:
		return fmt.Sprintf("%s: this database was written by a newer cram (schema %d; this cram knows schema %d); upgrade cram. The file was not changed.", e.Path, e.Schema, SchemaVersion)
	case ErrDamaged:
		if e.Foreign {
			return fmt.Sprintf("%s is not a cram database (%v). cram has not changed it. If the file is another program's, point cram elsewhere with --data-dir or CRAM_DATA_DIR; if not, move it aside (mv %s %s.old) and cram will start a new one.", e.Path, e.cause(), e.Path, e.Path)
		}
		return fmt.Sprintf("%s is damaged or is not a cram database (%v). cram has not changed it. Move it aside (mv %s %s.damaged) and cram will start a new one; keep the old file to recover from.", e.Path, e.cause(), e.Path, e.Path)
	case ErrReadOnly:
		return fmt.Sprintf("cannot write progress to %s (%v): make the file and its folder %s writable, or choose another folder with --data-dir or CRAM_DATA_DIR. Nothing was changed.", e.Path, e.cause(), dir)
	case ErrLocked:
		return fmt.Sprintf("%s is locked by another program (another cram, or an sqlite3 shell?) and stayed locked; close it and try again. Nothing was changed.", e.Path)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.cause())
}

func (e *Error) cause() string {
	if e.Err == nil {
		return "unknown cause"
	}
	return e.Err.Error()
}

// Is reports whether target is e's kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// Open opens the progress database at path, creating it when it does not
// exist (its folder must), and migrates it to the current schema. It
// changes nothing when it returns an error.
func Open(path string, opts Options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open progress database %s: %w", path, err)
	}
	s := &Store{path: abs, sched: opts.Scheduler, loc: opts.Location, busy: opts.BusyTimeout}
	if s.sched == nil {
		s.sched = quiz.MustScheduler(quiz.DefaultFSRS())
	}
	if s.loc == nil {
		s.loc = time.Local
	}
	if s.busy <= 0 {
		s.busy = DefaultBusyTimeout
	}
	exists, err := s.preflight()
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", s.busy.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Set("_txlock", "immediate")
	if exists {
		q.Set("mode", "rw") // a file that vanished meanwhile is not recreated empty
	}
	dsn := (&url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, s.classify(err)
	}
	// One connection: cram is one learner at a time, and a single
	// connection keeps writes from one process in order.
	db.SetMaxOpenConns(1)
	s.db = db
	if err := s.init(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// init checks the schema version before writing anything, then switches to
// WAL and migrates.
func (s *Store) init() error {
	ctx := context.Background()
	v, err := s.version(ctx)
	if err != nil {
		return err
	}
	if v > SchemaVersion {
		return &Error{Path: s.path, Kind: ErrNewer, Schema: v}
	}
	if err := s.setWAL(ctx); err != nil {
		return err
	}
	if v == SchemaVersion {
		return nil
	}
	return s.migrate(ctx)
}

// setWAL puts the database in WAL mode, once for good. Switching takes an
// exclusive lock, and SQLite does not wait for it (the busy timeout does not
// apply): when another process holds the database, as when two start on a
// new one together, try again until the busy timeout has passed.
func (s *Store) setWAL(ctx context.Context) error {
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err == nil && strings.EqualFold(mode, "wal") {
		return nil
	}
	deadline := time.Now().Add(s.busy)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode)
		if err == nil {
			if !strings.EqualFold(mode, "wal") {
				return &Error{Path: s.path, Kind: ErrReadOnly, Err: fmt.Errorf("journal mode stayed %q", mode)}
			}
			return nil
		}
		err = s.classify(fmt.Errorf("set WAL mode: %w", err))
		if !errors.Is(err, ErrLocked) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
	}
}

// preflight checks what can be checked without SQLite: that a file which
// exists looks like a database, and that the folder and file are writable.
// It reports whether the file exists.
func (s *Store) preflight() (bool, error) {
	dir := filepath.Dir(s.path)
	st, err := os.Stat(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, err := os.Stat(dir); err != nil {
			return false, fmt.Errorf("open progress database %s: %w", s.path, err)
		}
		if err := writable(dir); err != nil {
			return false, &Error{Path: s.path, Kind: ErrReadOnly, Err: fmt.Errorf("folder %s: %w", dir, err)}
		}
		return false, nil
	case err != nil:
		return false, fmt.Errorf("open progress database %s: %w", s.path, err)
	case st.IsDir():
		return false, &Error{Path: s.path, Kind: ErrDamaged, Err: errors.New("it is a folder")}
	}
	if st.Size() > 0 {
		f, err := os.Open(s.path)
		if err != nil {
			return true, s.classify(err)
		}
		head := make([]byte, 100)
		n, err := io.ReadFull(f, head)
		f.Close()
		switch {
		case n < len(sqliteMagic) || !bytes.Equal(head[:len(sqliteMagic)], sqliteMagic):
			return true, &Error{Path: s.path, Kind: ErrDamaged, Foreign: true, Err: errors.New("not an SQLite file")}
		case err != nil:
			return true, &Error{Path: s.path, Kind: ErrDamaged, Err: errors.New("the file is cut short")}
		}
	}
	if err := writable(dir); err != nil {
		return true, &Error{Path: s.path, Kind: ErrReadOnly, Err: fmt.Errorf("folder %s: %w", dir, err)}
	}
	if err := writable(s.path); err != nil {
		return true, &Error{Path: s.path, Kind: ErrReadOnly, Err: err}
	}
	return true, nil
}

// classify turns SQLite's errors about the file into an *Error; others are
// returned wrapped with the path.
func (s *Store) classify(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return &Error{Path: s.path, Kind: ErrDamaged, Err: err}
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN:
			return &Error{Path: s.path, Kind: ErrReadOnly, Err: err}
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return &Error{Path: s.path, Kind: ErrLocked, Err: err}
		}
	}
	if errors.Is(err, fs.ErrPermission) {
		return &Error{Path: s.path, Kind: ErrReadOnly, Err: err}
	}
	return fmt.Errorf("progress database %s: %w", s.path, err)
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Scheduler returns the scheduler the store computes reviews with.
func (s *Store) Scheduler() *quiz.Scheduler { return s.sched }

// Location returns the time zone the store's days are counted in.
func (s *Store) Location() *time.Location { return s.loc }

// Close closes the database; every recorded answer is already durable.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	return err
}

// write runs fn in a transaction that holds the write lock from its start,
// and commits. The work is done even when ctx is canceled meanwhile (an
// answer the learner gave is saved though Ctrl-C follows it); only waiting
// for the lock is bounded, by the busy timeout.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	ctx = context.WithoutCancel(ctx)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.classify(err)
	}
	return s.classify(tx.Commit())
}

// ms converts a time to the integer milliseconds stored.
func ms(t time.Time) int64 { return t.UnixMilli() }

// at converts stored milliseconds back to a time in the learner's zone.
func (s *Store) at(v int64) time.Time { return time.UnixMilli(v).In(s.loc) }
