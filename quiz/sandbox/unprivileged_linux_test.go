package sandbox

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestUnprivileged runs the other tests again as an ordinary user, the
// way most people run cram: then the sandbox cannot choose the program's
// uid, and the namespaces are created without privileges. It needs root
// to become that user, and skips the Go programs, whose first build in a
// fresh cache takes long.
func TestUnprivileged(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("already unprivileged: the other tests cover this case")
	}
	if testing.Short() {
		t.Skip("runs the whole suite again")
	}
	// The test binary sits in a folder only root can enter: run it
	// through /proc/self/fd, as the sandbox runs its shim.
	exe, err := os.Open("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	defer exe.Close()
	// Not t.TempDir, whose parent only root may enter.
	home, err := os.MkdirTemp("", "cram-unprivileged-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(home) })
	if err := os.Chown(home, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), "/proc/self/fd/3",
		"-test.run=^(TestRun|TestContainment|TestForkBomb|TestResourceLimits|TestNetwork|TestEnvironment|TestFileSystem|TestLauncher|TestPrivateProc|TestCancel|TestLive|TestVersion)$",
		"-test.skip=//^go$|_in_go$",
		"-test.v")
	cmd.Args[0] = "sandbox.test"
	cmd.ExtraFiles = []*os.File{exe}
	cmd.Dir = home
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TMPDIR=/tmp", "LANG=C.UTF-8",
		"CRAM_TEST_SECRET=" + newMarker(t)}
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: &syscall.Credential{Uid: nobody, Gid: nobody, Groups: []uint32{}},
		Pdeathsig:  syscall.SIGKILL,
	}
	out, err := cmd.CombinedOutput()
	for line := range strings.Lines(string(out)) {
		if strings.Contains(line, "--- FAIL") || strings.Contains(line, "_test.go:") || strings.HasPrefix(line, "panic") {
			t.Log(strings.TrimRight(line, "\n"))
		}
	}
	if err != nil {
		t.Errorf("the suite failed as uid %d: %v\n%s", nobody, err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestContainment/namespaces") {
		t.Errorf("the namespace tests did not run as uid %d:\n%s", nobody, out)
	}
}
