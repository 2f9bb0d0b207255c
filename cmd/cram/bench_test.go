package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildCram builds the real binary once for a benchmark.
func buildCram(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "cram")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func benchEnv(b *testing.B) []string {
	home := b.TempDir()
	return append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "XDG_DATA_HOME="+home, "XDG_CACHE_HOME="+home, "NO_COLOR=1")
}

// BenchmarkBanksCommand is the wall time of `cram banks` over every built-in
// bank, process start included (target: 20 ms).
func BenchmarkBanksCommand(b *testing.B) {
	bin := buildCram(b)
	env := benchEnv(b)
	for b.Loop() {
		cmd := exec.Command(bin, "banks")
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil || !bytes.Contains(out, []byte("gil")) {
			b.Fatalf("cram banks: %v\n%s", err, out)
		}
	}
}

// BenchmarkQuizFirstQuestion is the time from starting `cram quiz` until the
// first question has been printed (plain mode, stdin closed right away;
// target: 50 ms).
func BenchmarkQuizFirstQuestion(b *testing.B) {
	bin := buildCram(b)
	env := benchEnv(b)
	for b.Loop() {
		cmd := exec.Command(bin, "quiz", "--plain", "-n", "1")
		cmd.Env = env
		cmd.Stdin = strings.NewReader("")
		out, err := cmd.Output()
		if err != nil || !bytes.Contains(out, []byte("[1/1]")) {
			b.Fatalf("cram quiz: %v\n%s", err, out)
		}
	}
}
