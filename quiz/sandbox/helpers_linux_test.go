package sandbox

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mode is one way of sandboxing that the tests run through.
type mode struct {
	name   string
	runner func() *Runner
}

// modes returns the namespace sandbox and the fallback.
func modes() []mode {
	return []mode{
		{"namespaces", func() *Runner { return &Runner{} }},
		{"fallback", func() *Runner { return &Runner{NoNamespaces: true} }},
	}
}

// requireMode skips the namespace mode where the kernel refuses
// namespaces, which the sandbox then reports by not listing them.
func requireMode(t *testing.T, m mode) *Runner {
	t.Helper()
	r := m.runner()
	if m.name != "namespaces" {
		return r
	}
	res := r.Run(t.Context(), Program{Lang: "sh", Source: "exit 0"}, Limits{}, nil)
	if res.Status != Exited {
		t.Fatalf("probe: got %v (%v), want exited", res.Status, res.Err)
	}
	if !slices.Contains(res.Protections, ProtectUserPID) {
		t.Skipf("the kernel refuses user and PID namespaces here (protections %q)", res.Protections)
	}
	return r
}

// requireCommand skips a test whose interpreter (python3, go or sh) is
// not installed, or is out of reach for the user the sandbox runs
// programs as (when root, interpreters under /root are).
func requireCommand(t *testing.T, name string) {
	t.Helper()
	lang := map[string]string{"python3": "python", "go": "go", "sh": "sh"}[name]
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed", name)
	}
	if _, err := (&Runner{}).Version(t.Context(), lang); errors.Is(err, ErrMissing) {
		t.Skipf("%s is not reachable for uid %d: %v", name, sandboxOwner().uid, err)
	}
}

// newMarker returns a string unique to one test, put by its program into
// the command line or the environment of every process it starts.
func newMarker(t *testing.T) string {
	t.Helper()
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "cramtest" + hex.EncodeToString(b)
}

// marked returns the processes whose command line or environment
// contains marker.
func marked(marker string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		for _, f := range []string{"cmdline", "environ"} {
			data, err := os.ReadFile("/proc/" + e.Name() + "/" + f)
			if err == nil && bytes.Contains(data, []byte(marker)) {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids
}

// assertNoLeftovers fails if any process carrying marker is still alive,
// and kills it so that it does not disturb later tests.
func assertNoLeftovers(t *testing.T, marker string) {
	t.Helper()
	pids := marked(marker)
	if len(pids) == 0 {
		return
	}
	var desc []string
	for _, pid := range pids {
		cmd, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
		desc = append(desc, strconv.Itoa(pid)+" "+strings.ReplaceAll(string(cmd), "\x00", " "))
	}
	time.Sleep(time.Second)
	late := marked(marker)
	for _, pid := range late {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	t.Errorf("processes left behind after Run returned: %q (still there a second later: %d)", desc, len(late))
}

// assertWithin fails if a run took longer than limit plus one second.
func assertWithin(t *testing.T, elapsed, limit time.Duration) {
	t.Helper()
	if max := limit + time.Second; elapsed > max {
		t.Errorf("run took %v, want at most %v", elapsed, max)
	}
}

// pythonMarked is Python code that puts marker into the command line of
// the program and of every process it forks, by re-executing itself with
// marker as an argument.
func pythonMarked(marker, body string) string {
	return "import os, sys\n" +
		"M = " + strconv.Quote(marker) + "\n" +
		"if M not in sys.argv:\n" +
		"    os.execv(sys.executable, [sys.executable, sys.argv[0], M])\n" +
		body
}
