package store

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cram-dev/cram/quiz"
)

var update = flag.Bool("update", false, "rewrite testdata/schema from the migrations")

// rawDB opens a database without the store, as another program would.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// dumpSchema lists a database's tables, indexes and triggers as SQL.
func dumpSchema(t testing.TB, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.TrimSpace(s))
		b.WriteString(";\n\n")
	}
	return b.String()
}

func schemaFile(v int) string { return filepath.Join("testdata", "schema", fmt.Sprintf("v%d.sql", v)) }

// TestSchemaFiles keeps testdata/schema/vN.sql equal to the schema that
// migrations 1..N build. A shipped migration must never change: this test
// fails if one does. Add a migration, then run go test -update to record
// its schema.
func TestSchemaFiles(t *testing.T) {
	for v := 1; v <= SchemaVersion; v++ {
		t.Run(fmt.Sprintf("v%d", v), func(t *testing.T) {
			db := rawDB(t, filepath.Join(t.TempDir(), "db"))
			if _, err := db.Exec(createMigrations); err != nil {
				t.Fatal(err)
			}
			for _, m := range migrations[:v] {
				if _, err := db.Exec(m); err != nil {
					t.Fatal(err)
				}
			}
			got := dumpSchema(t, db)
			if *update {
				if err := os.WriteFile(schemaFile(v), []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(schemaFile(v))
			if err != nil {
				t.Fatalf("%v (run go test -update after adding a migration)", err)
			}
			if got != string(want) {
				t.Errorf("schema %d differs from %s: a migration that shipped was edited?\ngot:\n%s", v, schemaFile(v), got)
			}
		})
	}
}

// seed puts data into a database at schema version v, as that version's cram
// would have written it.
func seed(t *testing.T, db *sql.DB, v int) {
	t.Helper()
	if v >= 1 {
		for i, g := range []int{3, 3, 1} {
			at := t0.AddDate(0, 0, 5*i).UnixMilli()
			if _, err := db.Exec(`INSERT INTO reviews (question_id, content_hash, reviewed_at, response, verdict, rating, duration_ms, mode)
				VALUES ('gil/q', ?, ?, 'B', 'correct', ?, 1500, 'quiz')`, hashOf("gil/q"), at, g); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Exec(`INSERT INTO cards (`+cardColumns+`) VALUES ('gil/q', 2.5, 5, 1, 2, 3, 3, 1, 1, 4, 1, ?)`, hashOf("gil/q")); err != nil {
			t.Fatal(err)
		}
	}
	if v >= 2 {
		if _, err := db.Exec(`INSERT INTO trust VALUES ('mine', 'h1', 1)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO verify_cache VALUES ('k', '{"ok":true}', 1)`); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMigrateFromEveryVersion builds a database at each earlier schema from
// testdata/schema, with data, opens it, and checks that it reaches the
// current schema with the data kept.
func TestMigrateFromEveryVersion(t *testing.T) {
	latest, err := os.ReadFile(schemaFile(SchemaVersion))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for v := 0; v < SchemaVersion; v++ {
		t.Run(fmt.Sprintf("from v%d", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			if v > 0 {
				db := rawDB(t, path)
				ddl, err := os.ReadFile(schemaFile(v))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.Exec(string(ddl)); err != nil {
					t.Fatal(err)
				}
				for i := 1; i <= v; i++ {
					if _, err := db.Exec("INSERT INTO schema_migrations VALUES (?, 0)", i); err != nil {
						t.Fatal(err)
					}
				}
				seed(t, db, v)
				db.Close()
			} else if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err) // an empty file is an empty database
			}
			s := openTest(t, path)
			if got, _ := s.Version(ctx); got != SchemaVersion {
				t.Fatalf("version: got %d, want %d", got, SchemaVersion)
			}
			if got := dumpSchema(t, s.db); got != string(latest) {
				t.Errorf("schema after migrating from v%d:\n%s\nwant:\n%s", v, got, latest)
			}
			if v >= 1 {
				if h, _ := s.History(ctx, "gil/q"); len(h) != 3 {
					t.Errorf("history: got %d reviews, want 3", len(h))
				}
				if c, _ := s.Card(ctx, "gil/q"); c.Fails != 1 || c.Reps != 3 {
					t.Errorf("card: got %+v", c)
				}
			}
			if v >= 2 {
				if ok, _ := s.Trusted(ctx, "mine", "h1"); !ok {
					t.Error("approval lost")
				}
			}
			if err := s.Record(ctx, review("gil/q", t0.AddDate(0, 1, 0), quiz.Good)); err != nil {
				t.Errorf("record after migrating: %v", err)
			}
		})
	}
}

// unchanged asserts that opening path fails with kind and leaves the file
// byte for byte as it was, with no journal beside it.
func unchanged(t *testing.T, path string, kind error, want ...string) {
	t.Helper()
	before := fileSum(t, path)
	info, _ := os.Stat(path)
	_, err := Open(path, Options{})
	if !errors.Is(err, kind) {
		t.Fatalf("got %v, want %v", err, kind)
	}
	t.Logf("%v", err)
	for _, w := range append(want, path) {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message %q does not contain %q", err, w)
		}
	}
	if fileSum(t, path) != before {
		t.Errorf("%s was changed", path)
	}
	if after, _ := os.Stat(path); after.Size() != info.Size() || !after.ModTime().Equal(info.ModTime()) {
		t.Errorf("%s was touched", path)
	}
	for _, suffix := range []string{"-wal", "-journal"} {
		if st, err := os.Stat(path + suffix); err == nil && st.Size() > 0 {
			t.Errorf("%s%s was written", path, suffix)
		}
	}
}

func TestOpenNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s := openTest(t, path)
	if err := s.Record(context.Background(), review("gil/q", t0, quiz.Good)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("INSERT INTO schema_migrations VALUES (?, 0)", SchemaVersion+7); err != nil {
		t.Fatal(err)
	}
	s.Close()
	unchanged(t, path, ErrNewer, fmt.Sprintf("this database was written by a newer cram (schema %d", SchemaVersion+7), "upgrade cram")
}

func TestOpenDamaged(t *testing.T) {
	good := filepath.Join(t.TempDir(), FileName)
	s := openTest(t, good)
	for i := range 200 {
		if err := s.Record(context.Background(), review(fmt.Sprintf("gil/q%d", i), t0, quiz.Good)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	valid, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data func() []byte
		want string
	}{
		{"garbage", func() []byte { return []byte("this is not a database, just some text\n") }, "is not a cram database (not an SQLite file)"},
		{"JSON", func() []byte { return []byte(`{"format":"cram-progress"}`) }, "is not a cram database (not an SQLite file)"},
		{"cut short", func() []byte { return valid[:60] }, "cut short"},
		{"header only", func() []byte { return valid[:4096] }, "malformed"},
		{"schema page overwritten", func() []byte {
			d := append([]byte(nil), valid...)
			for i := 100; i < 4096; i++ {
				d[i] = 0xA5
			}
			return d
		}, "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			if err := os.WriteFile(path, tt.data(), 0o644); err != nil {
				t.Fatal(err)
			}
			unchanged(t, path, ErrDamaged, tt.want, "ove it aside", "mv "+path+" "+path+".")
		})
	}
	t.Run("another program's database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.db")
		db := rawDB(t, path)
		if _, err := db.Exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		unchanged(t, path, ErrDamaged, "another program")
	})
	t.Run("a folder", func(t *testing.T) {
		_, err := Open(t.TempDir(), Options{})
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "folder") {
			t.Errorf("got %v", err)
		}
	})
}
