package importer

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cram-dev/cram/content"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("got:\n%s\nwant (%s):\n%s", got, file, want)
	}
}

func problemLines(ps content.Problems) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// corpusOptions are the options a realistic export needs: Quizlet's custom
// separators cannot be guessed, and --lang marks text of no stated language.
var corpusOptions = map[string]Options{
	"quizlet-custom.txt": {FieldSep: " - ", CardSep: `\n\n`},
}

// corpusFormats is the format each file of the corpus must be read as.
var corpusFormats = map[string]Format{
	"anki-notes.txt": Anki, "anki-columns-crlf.txt": Anki, "duplicates.txt": Anki,
	"quizlet-default.txt": Quizlet, "quizlet-custom.txt": Quizlet, "quizlet-semicolon.txt": Quizlet,
	"generic.csv": CSV, "bilingual.tsv": CSV, "utf16le-bom.txt": CSV, "bank.yaml": YAML,
}

// TestCorpus imports realistic exports of other tools: each must import
// without error, as the format it is, and give the bank in its golden file
// (the problems, then the YAML written).
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*")
	n := 0
	for _, file := range files {
		if strings.HasSuffix(file, ".golden") {
			continue
		}
		n++
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			b, ps := Import(name, data, corpusOptions[name])
			if ps.HasErrors() || b == nil {
				t.Fatalf("got errors:\n%s", problemLines(ps))
			}
			if want := corpusFormats[name]; b.Format != want {
				t.Errorf("read as %s, want %s", b.Format, want)
			}
			again, ps2 := content.Parse(name, b.Data)
			if ps2.HasErrors() || len(again.Questions) != len(b.Bank.Questions) {
				t.Errorf("the written bank does not parse back: %v", ps2)
			}
			golden(t, file+".golden", problemLines(ps)+"---\n"+string(b.Data))
		})
	}
	if n < 8 {
		t.Fatalf("got %d corpus files, want the whole corpus", n)
	}
}

// TestBroken imports broken files: each must fail with located problems
// that name the file, as in its golden file.
func TestBroken(t *testing.T) {
	files, _ := filepath.Glob("testdata/broken/*")
	for _, file := range files {
		if strings.HasSuffix(file, ".golden") {
			continue
		}
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			b, ps := Import(name, data, Options{})
			if b != nil || !ps.HasErrors() {
				t.Fatalf("got a bank and problems %v, want errors", ps)
			}
			for _, p := range ps {
				if p.File != name || p.Line < 1 || p.Col < 1 || p.Msg == "" {
					t.Errorf("problem without a place: %+v", p)
				}
			}
			golden(t, file+".golden", problemLines(ps))
		})
	}
}
