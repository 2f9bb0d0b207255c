//go:build linux

package sandbox

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestRun covers the ordinary ways a program ends, in each mode.
func TestRun(t *testing.T) {
	tests := []struct {
		name    string
		prog    Program
		want    Status
		code    int
		stdout  string
		stderr  string
		lang    string // interpreter the test needs
		runner  func(*Runner)
		errWant string
	}{
		{name: "exit 0", prog: Program{"sh", "echo ok"}, want: Exited, stdout: "ok\n"},
		{name: "exit 77", prog: Program{"sh", "echo 'not applicable: free-threaded build'; exit 77"}, want: Exited, code: 77, stdout: "not applicable: free-threaded build\n"},
		{name: "stderr", prog: Program{"sh", "echo out; echo err >&2; exit 1"}, want: Exited, code: 1, stdout: "out\n", stderr: "err\n"},
		{name: "invalid utf-8", prog: Program{"sh", `printf '\377\376ok\033[31m\n'`}, want: Exited, stdout: "\xff\xfeok\x1b[31m\n"},
		{name: "stdin closed", prog: Program{"sh", "cat; echo eof"}, want: Exited, stdout: "eof\n"},
		{name: "killed by a signal", prog: Program{"sh", "kill -SEGV $$"}, want: Signaled, code: 128 + 11},
		{name: "python", prog: Program{"python", "import sys\nprint('py', sys.version_info[0])"}, want: Exited, stdout: "py 3\n", lang: "python3"},
		{name: "python exit 77", prog: Program{"python", "raise SystemExit(77)"}, want: Exited, code: 77, lang: "python3"},
		{name: "go", prog: Program{"go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"go ok\")\n}\n"}, want: Exited, stdout: "go ok\n", lang: "go"},
		{
			name:    "missing interpreter",
			prog:    Program{"python", "print(1)"},
			runner:  func(r *Runner) { r.Commands = map[string][]string{"python": {"python3-cram-missing"}} },
			want:    Missing,
			errWant: "python3-cram-missing not found: install Python 3 or set verify.python in the config (for example python3.13)",
		},
		{
			name:    "missing interpreter by path",
			prog:    Program{"sh", "echo"},
			runner:  func(r *Runner) { r.Commands = map[string][]string{"sh": {"/nonexistent/sh"}} },
			want:    Missing,
			errWant: "/nonexistent/sh not found",
		},
		{name: "unknown language", prog: Program{"ruby", "puts 1"}, want: Unsupported, errWant: `unsupported language "ruby"`},
	}
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			r := requireMode(t, m)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					if tt.lang != "" {
						requireCommand(t, tt.lang)
					}
					lim := Limits{}
					rr := r
					if tt.lang == "go" {
						requireGo(t, r)
						lim.Timeout = MaxTimeout
					}
					if tt.runner != nil {
						rr = m.runner()
						tt.runner(rr)
					}
					res := rr.Run(t.Context(), tt.prog, lim, nil)
					if res.Status != tt.want || res.ExitCode != tt.code {
						t.Errorf("got %v exit %d (%v, stderr %q), want %v exit %d", res.Status, res.ExitCode, res.Err, res.Stderr, tt.want, tt.code)
					}
					if tt.want == Exited && (string(res.Stdout) != tt.stdout || string(res.Stderr) != tt.stderr) {
						t.Errorf("got stdout %q stderr %q, want %q and %q", res.Stdout, res.Stderr, tt.stdout, tt.stderr)
					}
					if tt.errWant != "" && (res.Err == nil || !strings.Contains(res.Err.Error(), tt.errWant)) {
						t.Errorf("got error %v, want it to contain %q", res.Err, tt.errWant)
					}
					if tt.want == Missing && !errors.Is(res.Err, ErrMissing) {
						t.Errorf("got error %v, want ErrMissing", res.Err)
					}
					if tt.want == Unsupported && !errors.Is(res.Err, ErrUnsupported) {
						t.Errorf("got error %v, want ErrUnsupported", res.Err)
					}
				})
			}
		})
	}
}

// TestConcurrentRuns runs several programs at once through one Runner.
func TestConcurrentRuns(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			r := requireMode(t, m)
			var wg sync.WaitGroup
			results := make([]Result, 6)
			for i := range results {
				wg.Go(func() {
					src := strings.Repeat("echo line\n", i+1)
					results[i] = r.Run(t.Context(), Program{Lang: "sh", Source: src}, Limits{}, &bytes.Buffer{})
				})
			}
			wg.Wait()
			for i, res := range results {
				if want := strings.Repeat("line\n", i+1); res.Status != Exited || string(res.Stdout) != want {
					t.Errorf("run %d: got %v %q (%v), want exited with %q", i, res.Status, res.Stdout, res.Err, want)
				}
			}
		})
	}
}

// TestVersion checks the interpreter versions used as cache keys.
func TestVersion(t *testing.T) {
	tests := []struct {
		lang, prefix, need string
	}{
		{"python", "Python 3.", "python3"},
		{"go", "go version go1.", "go"},
		{"sh", "", "sh"},
	}
	r := &Runner{}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			requireCommand(t, tt.need)
			v, err := r.Version(t.Context(), tt.lang)
			if err != nil || v == "" || !strings.HasPrefix(v, tt.prefix) {
				t.Errorf("got %q, %v, want a version starting with %q", v, err, tt.prefix)
			}
			t.Logf("%s: %s", tt.lang, v)
		})
	}
	if _, err := r.Version(t.Context(), "ruby"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("ruby: got %v, want ErrUnsupported", err)
	}
	r.Commands = map[string][]string{"python": {"python3-cram-missing"}}
	if _, err := r.Version(t.Context(), "python"); !errors.Is(err, ErrMissing) {
		t.Errorf("missing python: got %v, want ErrMissing", err)
	}
}

// TestLimitsNormalized checks defaults and the timeout cap.
func TestLimitsNormalized(t *testing.T) {
	tests := []struct {
		name string
		in   Limits
		want time.Duration
	}{
		{"default", Limits{}, DefaultTimeout},
		{"kept", Limits{Timeout: 1500 * time.Millisecond}, 1500 * time.Millisecond},
		{"capped", Limits{Timeout: time.Hour}, MaxTimeout},
		{"negative", Limits{Timeout: -time.Second}, DefaultTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.normalized()
			if got.Timeout != tt.want {
				t.Errorf("got timeout %v, want %v", got.Timeout, tt.want)
			}
			if got.Memory != DefaultMemory || got.FileSize != DefaultFileSize || got.OpenFiles != DefaultOpenFiles ||
				got.Processes != DefaultProcesses || got.Output != DefaultOutput || got.CPUTime < got.Timeout {
				t.Errorf("got %+v, want the defaults and a CPU time of at least the timeout", got)
			}
		})
	}
}

// TestStatusString checks the names of statuses.
func TestStatusString(t *testing.T) {
	tests := []struct {
		s    Status
		want string
	}{
		{Exited, "exited"},
		{TimedOut, "timed out"},
		{Missing, "interpreter missing"},
		{Status(99), "Status(99)"},
		{Status(-1), "Status(-1)"},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("Status(%d).String() = %q, want %q", int(tt.s), got, tt.want)
		}
	}
}

// TestLauncher starts programs the way the shim does where ptrace is
// not allowed: through a second re-execution that sets the limits on
// itself before it execs the interpreter.
func TestLauncher(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			requireMode(t, m)
			r := m.runner()
			r.noPtrace = true
			src := "while read -r line; do case $line in 'Max open files'*|'Max data size'*|'Max processes'*) echo $line;; esac; done </proc/self/limits; exit 77"
			res := r.Run(t.Context(), Program{Lang: "sh", Source: src}, Limits{OpenFiles: 40, Memory: 100 << 20}, nil)
			got := strings.Join(strings.Fields(string(res.Stdout)), " ")
			if res.Status != Exited || res.ExitCode != 77 ||
				!strings.Contains(got, "Max data size 104857600 104857600 bytes") ||
				!strings.Contains(got, "Max open files 40 40 files") ||
				!strings.Contains(got, "Max processes") || strings.Contains(got, "Max processes unlimited") {
				t.Fatalf("got %v exit %d (%v), limits %q, want exit 77 and the limits set", res.Status, res.ExitCode, res.Err, got)
			}
			// The bomb may well stop the shell from forking its own
			// sleep: any exit will do, within the time and leaving
			// nothing behind.
			marker := newMarker(t)
			start := time.Now()
			res = r.Run(t.Context(), Program{Lang: "sh", Source: "export M=" + marker + "\nb() { b | b & }; b; sleep 1"}, Limits{Timeout: 5 * time.Second, Processes: 16}, nil)
			if res.Status != Exited {
				t.Errorf("fork bomb: got %v exit %d (%v)", res.Status, res.ExitCode, res.Err)
			}
			assertWithin(t, time.Since(start), 5*time.Second)
			assertNoLeftovers(t, marker)
			res = r.Run(t.Context(), Program{Lang: "sh", Source: "echo hi"}, Limits{}, nil)
			if res.Status != Exited || string(res.Stdout) != "hi\n" {
				t.Errorf("got %v %q (%v)", res.Status, res.Stdout, res.Err)
			}
			r.Commands = map[string][]string{"sh": {"sh-cram-missing"}}
			if res := r.Run(t.Context(), Program{Lang: "sh", Source: "echo hi"}, Limits{}, nil); res.Status != Missing {
				t.Errorf("missing: got %v (%v)", res.Status, res.Err)
			}
		})
	}
}

// TestNamespacesRefused checks that a kernel refusing namespaces leads to
// the fallback, remembered for later runs.
func TestNamespacesRefused(t *testing.T) {
	// CLONE_FS cannot go with CLONE_NEWUSER: clone fails with EINVAL,
	// as it does where namespaces are not allowed.
	r := &Runner{extraCloneFlags: syscall.CLONE_FS}
	for i := range 2 {
		res := r.Run(t.Context(), Program{Lang: "sh", Source: "echo ok"}, Limits{}, nil)
		if res.Status != Exited || string(res.Stdout) != "ok\n" {
			t.Fatalf("run %d: got %v %q (%v), want exited with ok", i, res.Status, res.Stdout, res.Err)
		}
		if slices.Contains(res.Protections, ProtectUserPID) || !slices.Contains(res.Protections, ProtectSubreaper) {
			t.Errorf("run %d: protections %q, want the fallback's", i, res.Protections)
		}
	}
	if !r.nsRefused.Load() {
		t.Error("the refusal was not remembered")
	}
}

func TestRefused(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&os.PathError{Op: "fork/exec", Path: "/proc/self/fd/5", Err: syscall.EPERM}, true},
		{fmt.Errorf("start: %w", syscall.EINVAL), true},
		{syscall.ENOSPC, true},
		{syscall.ENOENT, false},
		{errors.New("other"), false},
	}
	for _, tt := range tests {
		if got := refused(tt.err); got != tt.want {
			t.Errorf("refused(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
