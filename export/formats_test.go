package export

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFormatsGolden writes the every-type bank as TSV, Markdown and JSON and
// compares with testdata/*.golden (go test -update rewrites them).
func TestFormatsGolden(t *testing.T) {
	qs, fb := everyType(t)
	tests := []struct {
		file  string
		lang  Lang
		write func(*bytes.Buffer, []*Card, Lang) error
	}{
		{"every-type.en.tsv", English, func(b *bytes.Buffer, c []*Card, l Lang) error { return WriteTSV(b, c, l) }},
		{"every-type.both.tsv", Both, func(b *bytes.Buffer, c []*Card, l Lang) error { return WriteTSV(b, c, l) }},
		{"every-type.both.md", Both, func(b *bytes.Buffer, c []*Card, l Lang) error {
			return WriteMarkdown(b, c, MarkdownOptions{Lang: l, Created: testDate, BankTitles: map[string]string{"every-type": "One question of every type"}})
		}},
		{"every-type.zh.md", Chinese, func(b *bytes.Buffer, c []*Card, l Lang) error {
			return WriteMarkdown(b, c, MarkdownOptions{Lang: l, Title: "复习单"})
		}},
		{"every-type.both.json", Both, func(b *bytes.Buffer, c []*Card, l Lang) error { return WriteJSON(b, c, l, testDate) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			cards, err := BuildCards(qs, fb, tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := tt.write(&buf, cards, tt.lang); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tt.file+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("%s differs (go test -update rewrites it):\n got %s\nwant %s", golden, got, want)
			}
		})
	}
}

// TestTSVShape checks what Anki needs: three header lines, then exactly
// three tab-separated fields a line, no stray quotes.
func TestTSVShape(t *testing.T) {
	qs, fb := builtinQuestions(t)
	cards, err := BuildCards(qs, fb, Both)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteTSV(&buf, cards, Both); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if got := strings.Join(lines[:3], "\n"); got != "#separator:tab\n#html:true\n#tags column:3" {
		t.Errorf("got header %q", got)
	}
	if len(lines)-3 != len(cards) {
		t.Fatalf("got %d notes, want %d", len(lines)-3, len(cards))
	}
	for i, ln := range lines[3:] {
		f := strings.Split(ln, "\t")
		if len(f) != 3 || f[0] == "" || f[1] == "" || !strings.HasPrefix(f[2], "cram "+cards[i].Bank+" ") {
			t.Errorf("note %d: %d fields: %q", i, len(f), ln)
		}
		if strings.Contains(ln, `"`) {
			t.Errorf("note %d has a raw quote, which Anki takes for CSV quoting: %q", i, ln)
		}
	}
}

// TestJSONRoundTrip reads the JSON export back.
func TestJSONRoundTrip(t *testing.T) {
	qs, fb := everyType(t)
	cards, _ := BuildCards(qs, fb, Both)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, cards, Both, testDate); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Format int
		Lang   Lang
		Cards  []*Card
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != JSONFormat || doc.Lang != Both || len(doc.Cards) != len(cards) {
		t.Fatalf("got format %d, lang %q, %d cards", doc.Format, doc.Lang, len(doc.Cards))
	}
	if got, want := doc.Cards[0].Prompt, cards[0].Prompt; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got prompt %v, want %v", got, want)
	}
}
