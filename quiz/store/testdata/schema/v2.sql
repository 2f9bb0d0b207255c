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

CREATE TABLE schema_migrations (
	version    INTEGER PRIMARY KEY,
	applied_at INTEGER NOT NULL
);

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

CREATE INDEX cards_due ON cards (due);

CREATE INDEX reviews_time ON reviews (reviewed_at);

CREATE TRIGGER reviews_append_only BEFORE UPDATE ON reviews
WHEN NOT (OLD.overridden = 0 AND NEW.overridden = 1 AND NEW.verdict = 'correct' AND NEW.rating = 3
	AND NEW.id = OLD.id AND NEW.question_id = OLD.question_id AND NEW.content_hash = OLD.content_hash
	AND NEW.reviewed_at = OLD.reviewed_at AND NEW.response = OLD.response
	AND NEW.duration_ms = OLD.duration_ms AND NEW.mode = OLD.mode)
BEGIN
	SELECT RAISE(ABORT, 'the review log is append-only; only a verdict may be overruled');
END;

