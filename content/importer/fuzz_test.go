package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cram-dev/cram/content"
)

// FuzzImport feeds the importer arbitrary bytes as each format: it must
// never panic, every problem must have a place, and a bank it returns must
// be one content.Parse accepts.
func FuzzImport(f *testing.F) {
	for _, dir := range []string{"testdata/corpus", "testdata/broken"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, file := range files {
			if strings.HasSuffix(file, ".golden") {
				continue
			}
			if data, err := os.ReadFile(file); err == nil && len(data) < 16<<10 {
				f.Add(data, uint8(0))
			}
		}
	}
	f.Add([]byte("front,back\n\"a\"\"b\",\"c\nd\"\n"), uint8(3))
	f.Add([]byte("#separator:|\n#columns:Text|Back Extra\n{{c1::x::y}}|z\n"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		opts := Options{}
		if format < uint8(len(Formats)) {
			opts.Format = Formats[format]
		}
		b, ps := Import("fuzz.txt", data, opts)
		for _, p := range ps {
			if p.Line < 1 || p.Col < 1 || p.Msg == "" || p.File != "fuzz.txt" {
				t.Fatalf("bad problem %+v", p)
			}
		}
		if b == nil {
			if !ps.HasErrors() {
				t.Fatal("no bank and no error")
			}
			return
		}
		if _, ps := content.Parse("again.yaml", b.Data); ps.HasErrors() {
			t.Fatalf("the bank does not parse: %v", ps.Errors())
		}
	})
}

// TestLang: --lang marks text of no stated language, in the prompt, the
// answer and the key points; without it text is neutral.
func TestLang(t *testing.T) {
	in := []byte("术语\t一个很长的定义，说明了这个术语在并发编程中的含义和用法，以及它为什么重要\n锁\t互斥锁\n")
	for _, tt := range []struct {
		lang, wantLangs, wantPrompt string
	}{
		{"", "en", "术语"},
		{"zh", "zh", "术语"},
	} {
		t.Run("lang="+tt.lang, func(t *testing.T) {
			b, ps := Import("zh.txt", in, Options{Lang: tt.lang})
			if b == nil {
				t.Fatal(ps)
			}
			if got := strings.Join(b.Bank.Languages, ","); got != tt.wantLangs {
				t.Errorf("got languages %s, want %s", got, tt.wantLangs)
			}
			q := b.Bank.Questions[0]
			if s, ok := q.Prompt.Exact(tt.lang); !ok || s != tt.wantPrompt {
				t.Errorf("got prompt %v, want %q in %q", q.Prompt, tt.wantPrompt, tt.lang)
			}
			if q.Type != content.Open || b.Bank.Questions[1].Type != content.Short {
				t.Errorf("got types %s and %s, want open and short", q.Type, b.Bank.Questions[1].Type)
			}
			if tt.lang != "" && len(q.KeyPoints[0][tt.lang]) == 0 {
				t.Errorf("got key points %v, want them in %s", q.KeyPoints, tt.lang)
			}
		})
	}
}
