package cli

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/cmd/internal/iostreams"
	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/content/importer"
)

// TestNewCmdImportRemoveNew checks how import, remove and new read their
// flags and arguments; ids with paths in them are usage errors.
func TestNewCmdImportRemoveNew(t *testing.T) {
	var got any
	capture := func(o any) error { got = o; return nil }
	imp := func(f *Factory) *cobra.Command {
		return NewCmdImport(f, func(o *ImportOptions) error { return capture(o) })
	}
	rem := func(f *Factory) *cobra.Command {
		return NewCmdRemove(f, func(o *RemoveOptions) error { return capture(o) })
	}
	nw := func(f *Factory) *cobra.Command {
		return NewCmdNew(f, func(o *NewOptions) error { return capture(o) })
	}
	tests := []struct {
		name      string
		build     func(f *Factory) *cobra.Command
		args      []string
		wantUsage bool
		check     func(t *testing.T)
	}{
		{"import needs a path", imp, nil, true, nil},
		{"import --as with a path", imp, []string{"x.csv", "--as", "../evil"}, true, nil},
		{"import --as absolute", imp, []string{"x.csv", "--as", "/tmp/evil"}, true, nil},
		{"import unknown format", imp, []string{"x.csv", "--format", "xlsx"}, true, nil},
		{"import", imp, []string{"a.txt", "dir", "--as", "mine", "--replace", "--dry-run", "--json", "--format", "quizlet",
			"--field-sep", " - ", "--card-sep", `\n\n`}, false, func(t *testing.T) {
			o := got.(*ImportOptions)
			if !slices.Equal(o.Paths, []string{"a.txt", "dir"}) || o.As != "mine" || !o.Replace || !o.DryRun || !o.JSON ||
				o.Format != "quizlet" || o.FieldSep != " - " || o.CardSep != `\n\n` || o.Lang != "" {
				t.Errorf("got %+v", o)
			}
			if !strings.HasSuffix(o.Dir, filepath.Join("cram", "banks")) {
				t.Errorf("got bank folder %s, want $data_dir/banks", o.Dir)
			}
		}},
		{"remove needs an id", rem, nil, true, nil},
		{"remove a path", rem, []string{"../gil"}, true, nil},
		{"remove", rem, []string{"a", "b", "--purge"}, false, func(t *testing.T) {
			if o := got.(*RemoveOptions); !slices.Equal(o.IDs, []string{"a", "b"}) || !o.Purge {
				t.Errorf("got %+v", o)
			}
		}},
		{"new needs an id", nw, nil, true, nil},
		{"new with a path", nw, []string{"a/b"}, true, nil},
		{"new", nw, []string{"my-bank"}, false, func(t *testing.T) {
			if o := got.(*NewOptions); o.ID != "my-bank" || o.Output != "my-bank.yaml" {
				t.Errorf("got %+v", o)
			}
		}},
		{"new -o", nw, []string{"my-bank", "-o", "-"}, false, func(t *testing.T) {
			if o := got.(*NewOptions); o.Output != "-" {
				t.Errorf("got %+v", o)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got = nil
			err := execCmd(t, tt.build, tt.args...)
			var fe *FlagError
			if tt.wantUsage {
				if !errors.As(err, &fe) {
					t.Fatalf("got error %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			tt.check(t)
		})
	}
}

func testBank(t *testing.T, id string) *importedBank {
	t.Helper()
	b, ps := importer.Import(id+".csv", []byte("front,back\nWhat is a lock?,a mutual exclusion primitive\n"), importer.Options{})
	if b == nil {
		t.Fatal(ps)
	}
	return &importedBank{Bank: b, input: importInput{path: id + ".csv", name: id + ".csv"}}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestWriteBanksAllOrNothing stores several banks; when one cannot be
// stored, temporary files are removed and a file already there is left as
// it was.
func TestWriteBanksAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, b := testBank(t, "alpha"), testBank(t, "beta")
	a.target, b.target = filepath.Join(dir, "alpha.yaml"), filepath.Join(dir, "beta.yaml")
	if err := writeBanks(dir, []*importedBank{a, b}); err != nil {
		t.Fatal(err)
	}
	if got, want := listDir(t, dir), []string{"alpha.yaml", "beta.yaml"}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	data, _ := os.ReadFile(a.target)
	if string(data) != string(a.Data) {
		t.Errorf("alpha.yaml holds %q, want the bank", data)
	}

	// A file that appeared under the name meanwhile is never overwritten.
	os.WriteFile(filepath.Join(dir, "gamma.yaml"), []byte("mine"), 0o644)
	c := testBank(t, "gamma")
	c.target = filepath.Join(dir, "gamma.yaml")
	err := writeBanks(dir, []*importedBank{c})
	if err == nil {
		t.Fatal("writeBanks overwrote an existing file")
	}
	if got, _ := os.ReadFile(c.target); string(got) != "mine" {
		t.Errorf("gamma.yaml holds %q, want it untouched", got)
	}
	if got, want := listDir(t, dir), []string{"alpha.yaml", "beta.yaml", "gamma.yaml"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v (no temporary file left)", got, want)
	}

	// --replace swaps the file in one rename.
	a2 := testBank(t, "alpha")
	a2.Data = append([]byte("# new version\n"), a2.Data...)
	a2.target, a2.replace = a.target, true
	if err := writeBanks(dir, []*importedBank{a2}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(a.target); !strings.HasPrefix(string(got), "# new version") {
		t.Errorf("alpha.yaml was not replaced: %q", got)
	}
}

// TestPlaceBanks refuses ids that are taken, with the way out in the hint.
func TestPlaceBanks(t *testing.T) {
	dir := t.TempDir()
	builtin := &content.Bank{ID: "gil", Source: content.SourceBuiltin}
	imported := &content.Bank{ID: "mine", Source: SourceImported, File: filepath.Join(dir, "mine.yaml")}
	folder := &content.Bank{ID: "kept", Source: SourceFolder, File: "/git/banks/kept.yaml"}
	cat, err := content.NewCatalog(builtin, imported, folder)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "stray.yaml"), []byte("not a bank"), 0o644)
	tests := []struct {
		id      string
		replace bool
		want    string // "" for placed
	}{
		{"gil", false, "--as NEWID"},
		{"gil", true, "built-in bank"},
		{"mine", false, "--replace"},
		{"mine", true, ""},
		{"kept", true, "banks.dirs"},
		{"stray", false, "already exists"},
		{"fresh", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			b := testBank(t, "x")
			b.Bank.Bank.ID = tt.id
			ps := placeBanks([]*importedBank{b}, &ImportOptions{Dir: dir, Replace: tt.replace,
				Catalog: func() (*content.Catalog, error) { return cat, nil }})
			if tt.want == "" {
				if len(ps) > 0 {
					t.Fatalf("got %v, want the bank placed", ps)
				}
				if filepath.Dir(b.target) != dir {
					t.Errorf("got target %s, outside %s", b.target, dir)
				}
				return
			}
			if len(ps) != 1 || !strings.Contains(ps[0].String(), tt.want) {
				t.Errorf("got %v, want a problem mentioning %q", ps, tt.want)
			}
		})
	}
}

// TestImportRunReportsAndWritesNothing: a broken file among good ones
// writes nothing and says so.
func TestImportRunReportsAndWritesNothing(t *testing.T) {
	src, dir := t.TempDir(), filepath.Join(t.TempDir(), "banks")
	good, bad := filepath.Join(src, "good.csv"), filepath.Join(src, "bad.csv")
	os.WriteFile(good, []byte("front,back\nWhat?,this\n"), 0o644)
	os.WriteFile(bad, []byte("front,back\n\"What?,this\n"), 0o644)
	ios, _, out, errOut := iostreams.Test()
	cat, _ := content.NewCatalog()
	err := importRun(&ImportOptions{IO: ios, Paths: []string{good, bad}, Dir: dir,
		Catalog: func() (*content.Catalog, error) { return cat, nil }})
	if !errors.Is(err, ErrSilent) {
		t.Fatalf("got %v, want ErrSilent", err)
	}
	if !strings.Contains(errOut.String(), "bad.csv:2:1: a quoted field opens here and is never closed") ||
		!strings.Contains(errOut.String(), "nothing was imported") {
		t.Errorf("got stderr %q", errOut)
	}
	if out.Len() > 0 {
		t.Errorf("got stdout %q, want nothing", out)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the bank folder was created: %v", err)
	}
}
