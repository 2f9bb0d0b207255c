package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestContainment runs programs that try to outlive or escape their run,
// in each sandbox mode, and checks how the run ended, that it ended in
// time and that no process was left behind.
func TestContainment(t *testing.T) {
	tests := []struct {
		name    string
		lang    string
		source  string // %[1]s is the marker
		timeout time.Duration
		want    Status
		code    int
		// quick: the program ends by itself at once, so the run must
		// not wait for what it left behind.
		quick bool
		// needs is a protection without which the test cannot pass.
		needs string
	}{
		{
			name:   "kills the shim",
			lang:   "sh",
			source: "export M=%[1]s\nsetsid sleep 1000 >/dev/null 2>&1 &\nkill -9 $PPID\necho $?",
			want:   Exited,
			quick:  true,
			needs:  ProtectLandlockScope,
		},
		{
			name:    "infinite loop",
			lang:    "sh",
			source:  "export M=%[1]s\nwhile :; do :; done",
			timeout: time.Second,
			want:    TimedOut,
		},
		{
			name:    "infinite loop python",
			lang:    "python",
			source:  "M = %[1]q\nwhile True:\n    pass\n",
			timeout: time.Second,
			want:    TimedOut,
		},
		{
			name:   "grandchild sleeper",
			lang:   "sh",
			source: "export M=%[1]s\nsh -c 'sleep 1000 &'\nsleep 1000 &\necho started",
			want:   Exited,
			quick:  true,
		},
		{
			name:   "grandchild holding no pipe",
			lang:   "sh",
			source: "export M=%[1]s\nsleep 1000 >/dev/null 2>&1 &\necho started",
			want:   Exited,
			quick:  true,
		},
		{
			name:   "setsid escapee",
			lang:   "sh",
			source: "export M=%[1]s\nsetsid sleep 1000 >/dev/null 2>&1 </dev/null &\nsetsid -f sleep 1000\necho started",
			want:   Exited,
			quick:  true,
		},
		{
			name:   "setsid escapee python",
			lang:   "python",
			source: "import subprocess\nsubprocess.Popen(['sleep', '1000', %[1]q], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\nprint('started')",
			want:   Exited,
			quick:  true,
		},
		{
			name: "double-forked daemon",
			lang: "python",
			source: pythonMarked("%[1]s", `
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        fd = os.open(os.devnull, os.O_RDWR)
        for i in range(3):
            os.dup2(fd, i)
        import time
        time.sleep(1000)
    os._exit(0)
os.wait()
print("daemonized")
`),
			want:  Exited,
			quick: true,
		},
		{
			name: "multiprocessing workers",
			lang: "python",
			source: pythonMarked("%[1]s", `
import multiprocessing, time
def work(_):
    time.sleep(1000)
if __name__ == "__main__":
    pool = multiprocessing.Pool(4)
    pool.map_async(work, range(4))
    time.sleep(0.5)
    os._exit(3)
`),
			want:  Exited,
			code:  3,
			quick: true,
		},
		{
			name:    "sleeper past the timeout",
			lang:    "sh",
			source:  "export M=%[1]s\nsetsid sleep 1000 &\nsleep 1000",
			timeout: time.Second,
			want:    TimedOut,
		},
		{
			name:    "ignores SIGTERM",
			lang:    "python",
			source:  pythonMarked("%[1]s", "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(1000)\n"),
			timeout: time.Second,
			want:    TimedOut,
		},
	}
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			r := requireMode(t, m)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					requireCommand(t, map[string]string{"sh": "sh", "python": "python3"}[tt.lang])
					if tt.needs != "" && m.name == "fallback" && !slices.Contains(requireModeProtections(t, r), tt.needs) {
						t.Skipf("without %q a program can kill the shim of the fallback", tt.needs)
					}
					marker := newMarker(t)
					lim := Limits{Timeout: tt.timeout}
					if tt.timeout == 0 {
						lim.Timeout = 20 * time.Second
					}
					start := time.Now()
					res := r.Run(t.Context(), Program{Lang: tt.lang, Source: fmt.Sprintf(tt.source, marker)}, lim, nil)
					elapsed := time.Since(start)
					if res.Status != tt.want || res.ExitCode != tt.code {
						t.Errorf("got %v exit %d (err %v, stderr %q), want %v exit %d",
							res.Status, res.ExitCode, res.Err, res.Stderr, tt.want, tt.code)
					}
					if tt.quick {
						// Far below the timeout: what the program left
						// behind must not keep the run going.
						assertWithin(t, elapsed, 2*time.Second)
					} else {
						assertWithin(t, elapsed, lim.Timeout)
					}
					assertNoLeftovers(t, marker)
				})
			}
		})
	}
}

// TestForkBomb first checks that the process limit holds, then lets a
// fork bomb loose against it.
func TestForkBomb(t *testing.T) {
	requireCommand(t, "python3")
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			r := requireMode(t, m)
			const processes = 24
			// In its own user namespace the program gets exactly
			// Processes. Without, RLIMIT_NPROC counts every task of
			// the user on the machine, and the sandbox sets it to the
			// count when the program starts plus Processes: other
			// programs of the same user that end during the run (a
			// parallel test run's, cram verify's other programs)
			// leave the program their room. There the invariant to
			// check is that the user's tasks stay within the limit.
			uid := sandboxOwner().uid
			exact := m.name == "namespaces"

			// Each child sleeps, so all are alive at once; the
			// program reports how many forks succeeded, and its limit.
			marker := newMarker(t)
			src := pythonMarked(marker, `
import resource, time
n = 0
for i in range(300):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(1000)
        os._exit(0)
    n += 1
print(n, resource.getrlimit(resource.RLIMIT_NPROC)[0])
`)
			res := r.Run(t.Context(), Program{Lang: "python", Source: src}, Limits{Timeout: 20 * time.Second, Processes: processes}, nil)
			assertNoLeftovers(t, marker)
			if res.Status != Exited || res.ExitCode != 0 {
				t.Fatalf("limit check: got %v exit %d (%v, stderr %q), want exited 0", res.Status, res.ExitCode, res.Err, res.Stderr)
			}
			var n, limit int
			if _, err := fmt.Sscan(string(res.Stdout), &n, &limit); err != nil {
				t.Fatalf("limit check: output %q: %v", res.Stdout, err)
			}
			if limit < processes || limit > processes+1000 {
				t.Fatalf("limit check: RLIMIT_NPROC %d with Processes %d", limit, processes)
			}
			if n < 1 || exact && n >= processes || n >= limit {
				t.Fatalf("limit check: %d forks succeeded with Processes %d and RLIMIT_NPROC %d", n, processes, limit)
			}
			t.Logf("%d forks succeeded with Processes %d, RLIMIT_NPROC %d", n, processes, limit)

			// The bomb: every process forks as fast as it can and
			// keeps trying when the limit stops it.
			marker = newMarker(t)
			src = pythonMarked(marker, `
import time
while True:
    try:
        os.fork()
    except OSError:
        time.sleep(0.01)
`)
			const timeout = 3 * time.Second
			var peak, peakUser, bombLimit int
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					case <-time.After(100 * time.Millisecond):
						ms := marked(marker)
						peak = max(peak, len(ms))
						if bombLimit == 0 && len(ms) > 0 {
							bombLimit = processLimit(ms[0])
						}
						if n, err := countUserTasks(uid); err == nil {
							peakUser = max(peakUser, n)
						}
					}
				}
			})
			start := time.Now()
			res = r.Run(t.Context(), Program{Lang: "python", Source: src}, Limits{Timeout: timeout, Processes: processes}, nil)
			elapsed := time.Since(start)
			close(stop)
			wg.Wait()
			if res.Status != TimedOut {
				t.Errorf("bomb: got %v (%v, stderr %q), want timed out", res.Status, res.Err, res.Stderr)
			}
			assertWithin(t, elapsed, timeout)
			assertNoLeftovers(t, marker)
			switch {
			case peak == 0:
				t.Error("bomb: never saw its processes")
			case exact && peak > processes:
				t.Errorf("bomb: %d processes at once, want at most %d", peak, processes)
			case !exact && (bombLimit <= 0 || peak > bombLimit):
				t.Errorf("bomb: %d processes at once, want at most RLIMIT_NPROC %d", peak, bombLimit)
			}
			t.Logf("bomb: at most %d processes seen, %d tasks of uid %d, RLIMIT_NPROC %d", peak, peakUser, uid, bombLimit)
		})
	}
}

// TestResourceLimits checks output, memory, file size and CPU limits.
func TestResourceLimits(t *testing.T) {
	requireCommand(t, "python3")
	tests := []struct {
		name    string
		lang    string
		source  string
		lim     Limits
		within  time.Duration // the run must end this soon
		want    Status
		check   func(t *testing.T, res Result)
		needsGo bool
	}{
		{
			name:   "1 GB to stdout",
			lang:   "sh",
			source: "head -c 1073741824 /dev/zero; echo finished >&2",
			lim:    Limits{Timeout: 30 * time.Second},
			within: 10 * time.Second,
			want:   OutputLimit,
			check: func(t *testing.T, res Result) {
				if !res.Truncated || len(res.Stdout)+len(res.Stderr) != DefaultOutput {
					t.Errorf("got truncated %v with %d+%d bytes, want truncated with %d", res.Truncated, len(res.Stdout), len(res.Stderr), DefaultOutput)
				}
			},
		},
		{
			name:   "1 GB to stdout python",
			lang:   "python",
			source: "import sys\nb = b'x' * (1 << 20)\nfor i in range(1024):\n    sys.stdout.buffer.write(b)\n",
			lim:    Limits{Timeout: 30 * time.Second},
			within: 10 * time.Second,
			want:   OutputLimit,
		},
		{
			name:   "a little too much output",
			lang:   "python",
			source: "import sys\nsys.stdout.write('o' * 100000)\nsys.stderr.write('e' * 100)\n",
			lim:    Limits{Timeout: 20 * time.Second},
			within: 20 * time.Second,
			want:   Exited,
			check: func(t *testing.T, res Result) {
				// The cap holds stdout and stderr together. The two pipes
				// are drained by separate readers, so stderr's 100 bytes
				// may be read before the last of stdout: the split varies,
				// the total does not.
				if !res.Truncated || len(res.Stdout)+len(res.Stderr) != DefaultOutput || len(res.Stdout) < DefaultOutput-100 {
					t.Errorf("got truncated %v with %d+%d bytes, want truncated with %d in all, at least %d of it stdout", res.Truncated, len(res.Stdout), len(res.Stderr), DefaultOutput, DefaultOutput-100)
				}
			},
		},
		{
			name:   "4 GB allocation",
			lang:   "python",
			source: "try:\n    b = bytearray(4 << 30)\nexcept MemoryError:\n    print('MemoryError')\n    raise SystemExit(1)\nprint('allocated')\n",
			lim:    Limits{Timeout: 20 * time.Second},
			within: 20 * time.Second,
			want:   Exited,
			check: func(t *testing.T, res Result) {
				if res.ExitCode != 1 || !bytes.Contains(res.Stdout, []byte("MemoryError")) {
					t.Errorf("got exit %d, stdout %q, want 1 and MemoryError", res.ExitCode, res.Stdout)
				}
			},
		},
		{
			name:   "4 GB touched piecemeal",
			lang:   "python",
			source: "chunks = []\ntry:\n    for i in range(4096):\n        chunks.append(bytearray(1 << 20))\nexcept MemoryError:\n    print('MemoryError after', len(chunks), 'MiB')\n    raise SystemExit(1)\n",
			lim:    Limits{Timeout: 20 * time.Second, Memory: 256 << 20},
			within: 20 * time.Second,
			want:   Exited,
			check: func(t *testing.T, res Result) {
				if res.ExitCode != 1 || !bytes.Contains(res.Stdout, []byte("MemoryError")) {
					t.Errorf("got exit %d, stdout %q, want 1 and MemoryError", res.ExitCode, res.Stdout)
				}
			},
		},
		{
			name:    "4 GB allocation in go",
			lang:    "go",
			source:  "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tb := make([]byte, 4<<30)\n\tfor i := range b {\n\t\tb[i] = 1\n\t}\n\tfmt.Println(len(b))\n}\n",
			lim:     Limits{Timeout: MaxTimeout},
			within:  MaxTimeout,
			want:    Exited,
			needsGo: true,
			check: func(t *testing.T, res Result) {
				if res.ExitCode == 0 || !bytes.Contains(res.Stderr, []byte("out of memory")) {
					t.Errorf("got exit %d, stderr %q, want a failure and out of memory", res.ExitCode, res.Stderr)
				}
			},
		},
		{
			name:   "file size",
			lang:   "python",
			source: "try:\n    with open('big', 'wb') as f:\n        f.write(b'x' * (2 << 20))\nexcept OSError as e:\n    print(e.errno)\n    raise SystemExit(1)\n",
			lim:    Limits{Timeout: 20 * time.Second, FileSize: 1 << 20},
			within: 20 * time.Second,
			want:   Exited,
			check: func(t *testing.T, res Result) {
				if res.ExitCode != 1 || strings.TrimSpace(string(res.Stdout)) != "27" { // EFBIG
					t.Errorf("got exit %d, stdout %q, want 1 and errno 27", res.ExitCode, res.Stdout)
				}
			},
		},
		{
			name:   "open files",
			lang:   "python",
			source: "fs = []\ntry:\n    for i in range(1000):\n        fs.append(open('/dev/null'))\nexcept OSError:\n    print(len(fs))\n",
			lim:    Limits{Timeout: 20 * time.Second, OpenFiles: 32},
			within: 20 * time.Second,
			want:   Exited,
			check: func(t *testing.T, res Result) {
				if n, err := strconv.Atoi(strings.TrimSpace(string(res.Stdout))); err != nil || n >= 32 {
					t.Errorf("got %q files open, want fewer than 32", res.Stdout)
				}
			},
		},
		{
			name:   "cpu time",
			lang:   "sh",
			source: "while :; do :; done",
			lim:    Limits{Timeout: 30 * time.Second, CPUTime: time.Second},
			within: 15 * time.Second,
			want:   Signaled,
			check: func(t *testing.T, res Result) {
				if res.Signal != 24 && res.Signal != 9 { // SIGXCPU, then SIGKILL
					t.Errorf("got signal %d, want SIGXCPU or SIGKILL", res.Signal)
				}
			},
		},
	}
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			r := requireMode(t, m)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					if tt.needsGo {
						requireGo(t, r)
					}
					start := time.Now()
					res := r.Run(t.Context(), Program{Lang: tt.lang, Source: tt.source}, tt.lim, nil)
					elapsed := time.Since(start)
					if res.Status != tt.want {
						t.Errorf("got %v exit %d (%v, stderr %.300q), want %v", res.Status, res.ExitCode, res.Err, res.Stderr, tt.want)
					}
					assertWithin(t, elapsed, tt.within)
					if tt.check != nil {
						tt.check(t, res)
					}
				})
			}
		})
	}
}

// requireGo skips a test when go is missing and fills the build cache,
// whose first use compiles the standard library, under a long timeout.
func requireGo(t *testing.T, r *Runner) {
	t.Helper()
	requireCommand(t, "go")
	res := r.Run(t.Context(), Program{Lang: "go", Source: "package main\n\nfunc main() {}\n"}, Limits{Timeout: MaxTimeout}, nil)
	if res.Status != Exited || res.ExitCode != 0 {
		t.Fatalf("warming the go build cache: got %v exit %d (%v, stderr %q)", res.Status, res.ExitCode, res.Err, res.Stderr)
	}
}

// TestNetwork checks that a program reaches neither the host's loopback
// nor DNS, but can talk to itself over 127.0.0.1.
func TestNetwork(t *testing.T) {
	requireCommand(t, "python3")
	r := requireMode(t, modes()[0])

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan struct{}, 1)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
			accepted <- struct{}{}
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port

	tests := []struct {
		name   string
		source string
	}{
		{"host loopback", fmt.Sprintf(`
import socket
try:
    socket.create_connection(("127.0.0.1", %d), timeout=3).close()
except OSError as e:
    print("refused:", e)
    raise SystemExit(0)
print("connected to the host")
raise SystemExit(1)
`, port)},
		{"dns", `
import socket
for name in ("example.com", "dns.google", "localhost.cram-test.invalid"):
    try:
        print("resolved", name, socket.getaddrinfo(name, 80))
        raise SystemExit(1)
    except socket.gaierror as e:
        print("no dns for", name, e)
`},
		{"outside address", `
import socket
try:
    socket.create_connection(("1.1.1.1", 53), timeout=3).close()
except OSError as e:
    print("unreachable:", e)
    raise SystemExit(0)
raise SystemExit(1)
`},
		{"own loopback", `
import socket, threading
srv = socket.create_server(("127.0.0.1", 0))
def serve():
    c, _ = srv.accept()
    c.sendall(b"pong")
    c.close()
threading.Thread(target=serve).start()
c = socket.create_connection(srv.getsockname(), timeout=3)
print(c.recv(4).decode())
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := r.Run(t.Context(), Program{Lang: "python", Source: tt.source}, Limits{Timeout: 20 * time.Second}, nil)
			if res.Status != Exited || res.ExitCode != 0 {
				t.Errorf("got %v exit %d (%v), stdout %q, stderr %q, want exited 0", res.Status, res.ExitCode, res.Err, res.Stdout, res.Stderr)
			}
			t.Logf("stdout: %s", Printable(res.Stdout))
		})
	}
	select {
	case <-accepted:
		t.Error("the host's listener accepted a connection from the sandbox")
	default:
	}
	if !slices.Contains(requireModeProtections(t, r), ProtectLoopback) {
		t.Error("loopback not reported up")
	}
}

// requireModeProtections returns the protections of a trivial run.
func requireModeProtections(t *testing.T, r *Runner) []string {
	t.Helper()
	return r.Run(t.Context(), Program{Lang: "sh", Source: "exit 0"}, Limits{}, nil).Protections
}

// TestEnvironment checks what a program can learn about cram's
// environment and privileges.
func TestEnvironment(t *testing.T) {
	requireCommand(t, "python3")
	// TestUnprivileged passes a secret in the environment the test
	// binary starts with, where /proc/<pid>/environ shows it to other
	// processes of the same user; t.Setenv alone only changes the
	// environment Go hands to children.
	secret := os.Getenv("CRAM_TEST_SECRET")
	if secret == "" {
		secret = newMarker(t)
		t.Setenv("CRAM_TEST_SECRET", secret)
	}
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			r := requireMode(t, m)
			src := `
import os, glob, sys
seen = []
if "CRAM_TEST_SECRET" in os.environ:
    seen.append("os.environ")
for p in glob.glob("/proc/[0-9]*/environ") + glob.glob("/proc/[0-9]*/cmdline"):
    try:
        with open(p, "rb") as f:
            if SECRET in f.read():
                seen.append(p)
    except OSError:
        pass
print("seen:", seen)
print("keys:", " ".join(sorted(os.environ)))
status = open("/proc/self/status").read()
print([l for l in status.splitlines() if l.startswith(("CapEff", "CapPrm", "NoNewPrivs"))])
print("cwd:", sorted(os.listdir(".")))
sys.exit(1 if seen else 0)
`
			src = "SECRET = " + strconv.Quote(secret) + ".encode()\n" + src
			res := r.Run(t.Context(), Program{Lang: "python", Source: src}, Limits{Timeout: 20 * time.Second}, nil)
			out := string(res.Stdout)
			if res.Status != Exited || res.ExitCode != 0 {
				t.Errorf("got %v exit %d (%v): the program saw the secret?\n%s%s", res.Status, res.ExitCode, res.Err, out, res.Stderr)
			}
			allowed := map[string]bool{"PATH": true, "LANG": true, "HOME": true, "TMPDIR": true,
				"PYTHONUNBUFFERED": true, "PYTHONDONTWRITEBYTECODE": true, "LC_CTYPE": true}
			for line := range strings.Lines(out) {
				if keys, ok := strings.CutPrefix(line, "keys: "); ok {
					for _, k := range strings.Fields(keys) {
						if !allowed[k] {
							t.Errorf("environment variable %s passed to the program", k)
						}
					}
				}
			}
			if !strings.Contains(out, "'CapEff:\\t0000000000000000'") || !strings.Contains(out, "'NoNewPrivs:\\t1'") {
				t.Errorf("the program has capabilities or may gain privileges:\n%s", out)
			}
			if !strings.Contains(out, "cwd: ['main.py']") {
				t.Errorf("working folder not empty but for the program:\n%s", out)
			}
		})
	}
}

// TestPrivateProc checks that a program in the namespaces sees only its
// own processes.
func TestPrivateProc(t *testing.T) {
	r := requireMode(t, modes()[0])
	res := r.Run(t.Context(), Program{Lang: "sh", Source: "ls /proc | grep -c '^[0-9]'"}, Limits{}, nil)
	if !slices.Contains(res.Protections, ProtectMount) {
		t.Skip("the kernel refused to mount a private /proc here")
	}
	// The shim, sh, ls and grep.
	if n, err := strconv.Atoi(strings.TrimSpace(string(res.Stdout))); err != nil || n > 4 {
		t.Errorf("got %q processes visible, want at most 4", res.Stdout)
	}
}

// TestCancel checks that cancelling the context ends the run at once and
// kills everything.
func TestCancel(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			r := requireMode(t, m)
			marker := newMarker(t)
			ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
			defer cancel()
			start := time.Now()
			res := r.Run(ctx, Program{Lang: "sh", Source: "export M=" + marker + "\nsetsid sleep 1000 &\nsleep 1000"}, Limits{Timeout: 30 * time.Second}, nil)
			assertWithin(t, time.Since(start), 500*time.Millisecond)
			if res.Status != Canceled || res.Err != context.DeadlineExceeded {
				t.Errorf("got %v (%v), want canceled with the context's error", res.Status, res.Err)
			}
			assertNoLeftovers(t, marker)
		})
	}
}

// TestLive checks that output reaches the live writer while the program
// runs.
func TestLive(t *testing.T) {
	requireCommand(t, "python3")
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			r := requireMode(t, m)
			live := &stampWriter{}
			src := "import time\nprint('first')\ntime.sleep(2)\nprint('second')\n"
			res := r.Run(t.Context(), Program{Lang: "python", Source: src}, Limits{}, live)
			end := time.Now()
			if res.Status != Exited || res.ExitCode != 0 {
				t.Fatalf("got %v exit %d (%v, %q)", res.Status, res.ExitCode, res.Err, res.Stderr)
			}
			first, ok := live.when("first")
			if !ok {
				t.Fatalf("live writer got %q, want first", live.String())
			}
			if early := end.Sub(first); early < time.Second {
				t.Errorf("first line reached the live writer %v before the end, want it about 2s before", early)
			}
			if got := live.String(); got != "first\nsecond\n" || string(res.Stdout) != got {
				t.Errorf("live got %q, stdout %q, want both first and second", got, res.Stdout)
			}
		})
	}
}

// stampWriter records when each write arrived.
type stampWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	stamps []stamp
}

type stamp struct {
	at   time.Time
	data string
}

func (w *stampWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stamps = append(w.stamps, stamp{time.Now(), string(p)})
	return w.buf.Write(p)
}

func (w *stampWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// when returns when s first appeared in a write.
func (w *stampWriter) when(s string) (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, st := range w.stamps {
		if strings.Contains(st.data, s) {
			return st.at, true
		}
	}
	return time.Time{}, false
}

// TestFileSystem checks that a program writes only in its own folders,
// and signals nobody outside the sandbox.
func TestFileSystem(t *testing.T) {
	outside := t.TempDir()
	if err := os.Chmod(outside, 0o777); err != nil {
		t.Fatal(err)
	}
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			r := requireMode(t, m)
			if !slices.Contains(requireModeProtections(t, r), ProtectLandlockFS) {
				t.Skip("the kernel has no Landlock: programs may write wherever their user can")
			}
			victim := filepath.Join(outside, "victim")
			if err := os.WriteFile(victim, []byte("keep me"), 0o666); err != nil {
				t.Fatal(err)
			}
			src := fmt.Sprintf(`
fail=0
echo inside > inside.txt && cat inside.txt || fail=1
echo home > "$HOME/h" && echo tmp > "$TMPDIR/t" || fail=1
echo to stdout > /dev/stdout || fail=1
echo to stderr > /dev/stderr || fail=1
echo gone > /dev/null || fail=1
if echo planted > %[1]s/planted 2>/dev/null; then echo "wrote outside"; fail=1; fi
if rm -f %[1]s/victim 2>/dev/null && [ ! -e %[1]s/victim ]; then echo "removed outside"; fail=1; fi
if echo x >> %[1]s/victim 2>/dev/null; then echo "appended outside"; fail=1; fi
if kill -0 %[2]d 2>/dev/null; then echo "signalled cram"; fail=1; fi
exit $fail
`, outside, os.Getpid())
			res := r.Run(t.Context(), Program{Lang: "sh", Source: src}, Limits{}, nil)
			if res.Status != Exited || res.ExitCode != 0 {
				t.Errorf("got %v exit %d (%v)\nstdout %s\nstderr %s", res.Status, res.ExitCode, res.Err, res.Stdout, res.Stderr)
			}
			if data, err := os.ReadFile(victim); err != nil || string(data) != "keep me" {
				t.Errorf("victim file: %q, %v", data, err)
			}
			if _, err := os.Stat(filepath.Join(outside, "planted")); err == nil {
				t.Error("the program planted a file outside its folder")
			}
		})
	}
}

// processLimit returns the soft RLIMIT_NPROC of process pid, or -1.
func processLimit(pid int) int {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/limits")
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "Max processes"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				if n, err := strconv.Atoi(f[0]); err == nil {
					return n
				}
			}
		}
	}
	return -1
}
