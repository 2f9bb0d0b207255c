// Package store keeps a learner's progress in a SQLite database: an
// append-only log of every answer, the FSRS scheduling state of every
// question practised, and the approvals and cached results of verification
// programs. It is the only package of cram that uses SQLite (through
// modernc.org/sqlite, which needs no cgo).
//
// # Durability
//
// Each Record is its own transaction, committed with synchronous=FULL in
// WAL mode before it returns: a process killed at any moment loses at most
// the answer it was recording, and the scheduling state is updated in the
// same transaction as the log, so the two never disagree. Writers take the
// lock at BEGIN (BEGIN IMMEDIATE) and wait up to Options.BusyTimeout for one
// another, so several cram processes may share a database.
//
// # What is never done
//
// Open never resets, repairs or converts a database it does not
// understand. A database written by a newer cram (ErrNewer), a file that is
// not a cram database or is damaged (ErrDamaged), a read-only folder or file
// (ErrReadOnly) and a database locked for too long (ErrLocked) each give an
// *Error that names the file and says what to do, and leave the file as it
// was.
//
// # Schema
//
// The schema has a version, recorded in the schema_migrations table;
// migrations run in order, each in its own transaction, and testdata/schema
// keeps the schema of every version so that the tests migrate from each.
package store
