package sandbox

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkRunOverhead measures a run of the trivial sh program "true":
// "direct" runs it without any sandbox (the program itself), the others
// through the sandbox; the difference is the sandbox's overhead.
func BenchmarkRunOverhead(b *testing.B) {
	b.Run("direct", func(b *testing.B) {
		dir := b.TempDir()
		src := filepath.Join(dir, "main.sh")
		if err := os.WriteFile(src, []byte("true"), 0o600); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			cmd := exec.Command("sh", src)
			cmd.Dir = dir
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
		}
	})
	cases := []struct {
		name   string
		runner *Runner
	}{
		{"namespaces", &Runner{}},
		{"namespaces-launcher", &Runner{noPtrace: true}},
		{"fallback", &Runner{NoNamespaces: true}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			p := Program{Lang: "sh", Source: "true"}
			for b.Loop() {
				if res := c.runner.Run(b.Context(), p, Limits{}, nil); res.Status != Exited || res.ExitCode != 0 {
					b.Fatalf("got %v exit %d (%v)", res.Status, res.ExitCode, res.Err)
				}
			}
		})
	}
}
