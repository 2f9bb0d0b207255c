package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds the loader arbitrary bytes: it must never panic, and every
// problem it reports must have a position.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/broken/*.yaml", "testdata/valid/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil && len(data) < 64<<10 {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("format: 1\nid: a\ntitle: b\nquestions: [{id: q, type: cloze, passage: '{{1}} {{99999999999999999999}}', blanks: [[x]]}]"))
	f.Add([]byte("a: &a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, ps := Parse("fuzz.yaml", data)
		for _, p := range ps {
			if p.Line < 1 || p.Col < 1 || p.Msg == "" {
				t.Fatalf("bad problem %+v", p)
			}
			if strings.Contains(p.Msg, "\x00") {
				t.Fatalf("message holds NUL: %q", p.Msg)
			}
		}
		if !ps.HasErrors() && b == nil {
			t.Fatal("no errors but no bank")
		}
	})
}
