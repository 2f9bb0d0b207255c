package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// shimEnv is the environment variable that marks the re-executed cram
// binary as the sandbox shim; it holds the shimConfig as JSON.
const shimEnv = "CRAM_SANDBOX_SHIM"

// File descriptors the parent passes to the shim.
const (
	fdStatus = 3 // write end of the report pipe
	fdCtrl   = 4 // read end of the control pipe: EOF means "stop now"
	fdExe    = 5 // the executable, when started through /proc/self/fd
)

// shimConfig tells the shim what to run.
type shimConfig struct {
	Argv       []string   `json:"argv"`
	Env        []string   `json:"env"`
	Dir        string     `json:"dir"`
	Namespaces bool       `json:"ns"`
	Writable   []string   `json:"writable"`
	NoPtrace   bool       `json:"noptrace,omitempty"`
	Limits     shimLimits `json:"limits"`
	// Launch marks the second re-execution used when ptrace is not
	// allowed: set the limits on yourself and exec the program.
	Launch bool   `json:"launch,omitempty"`
	Path   string `json:"path,omitempty"`
}

// shimLimits are the resource limits, in the units of setrlimit.
type shimLimits struct {
	CPU    uint64 `json:"cpu"`          // seconds
	Data   uint64 `json:"data"`         // bytes
	AS     uint64 `json:"as,omitempty"` // bytes; 0 leaves RLIMIT_AS alone
	FSize  uint64 `json:"fsize"`        // bytes
	NoFile uint64 `json:"nofile"`
	// Tasks is how many processes and threads the program may add;
	// RLIMIT_NPROC is Tasks plus the tasks already counted against the
	// same user (see nprocBase).
	Tasks int `json:"tasks"`
	// NProc is the computed RLIMIT_NPROC, filled in by the shim for
	// the launcher.
	NProc uint64 `json:"nproc,omitempty"`
}

// shimReport is one line the shim writes on fdStatus. The first says
// which protections are in force once the program runs; the last how it
// ended.
type shimReport struct {
	Protections []string `json:"protections,omitempty"`
	Path        string   `json:"path,omitempty"`
	Missing     bool     `json:"missing,omitempty"`
	Error       string   `json:"error,omitempty"`
	Ended       bool     `json:"ended,omitempty"`
	Code        int      `json:"code,omitempty"`
	Signal      int      `json:"signal,omitempty"`
	Aborted     bool     `json:"aborted,omitempty"`
}

// merge adds a later report to r.
func (r *shimReport) merge(p shimReport) {
	r.Protections = append(r.Protections, p.Protections...)
	if p.Path != "" {
		r.Path = p.Path
	}
	r.Missing = r.Missing || p.Missing
	if p.Error != "" {
		r.Error = p.Error
	}
	if p.Ended {
		r.Ended, r.Code, r.Signal = true, p.Code, p.Signal
	}
	r.Aborted = r.Aborted || p.Aborted
}

// MaybeChild runs the sandbox shim if this process is one, and returns
// the exit code the process must end with and true; in any other process
// it returns false at once. Call it first thing in main (or the CLI's
// Main, or a test's TestMain), before anything else reads the environment
// or starts goroutines that matter:
//
//	if code, ok := sandbox.MaybeChild(); ok {
//		return code
//	}
func MaybeChild() (code int, ok bool) {
	v, ok := os.LookupEnv(shimEnv)
	if !ok {
		return 0, false
	}
	var cfg shimConfig
	if err := json.Unmarshal([]byte(v), &cfg); err != nil || len(cfg.Argv) == 0 {
		fmt.Fprintf(os.Stderr, "cram sandbox: bad configuration in %s: %v\n", shimEnv, err)
		return 125, true
	}
	if cfg.Launch {
		return launch(&cfg), true
	}
	return shim(&cfg), true
}

// shim is the sandbox's process: PID 1 of the namespaces, or the
// subreaper of the fallback. It always exits 0 once it has reported;
// the program's status travels in the report.
func shim(cfg *shimConfig) int {
	_ = unix.Close(fdExe)
	// Started as /proc/self/fd/5, the shim would be called "5" in ps.
	if name, err := unix.BytePtrFromString("cram-sandbox"); err == nil {
		_ = unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(name)), 0, 0, 0)
	}
	unix.CloseOnExec(fdStatus)
	unix.CloseOnExec(fdCtrl)
	status := os.NewFile(fdStatus, "status")

	var first shimReport
	if cfg.Namespaces {
		if err := privateProc(); err == nil {
			first.Protections = append(first.Protections, ProtectMount)
		}
		if err := loopbackUp(); err == nil {
			first.Protections = append(first.Protections, ProtectLoopback)
		}
	} else if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err == nil {
		first.Protections = append(first.Protections, ProtectSubreaper)
	}

	// Look the interpreter up as the program's user, with its PATH: an
	// interpreter root can see may be out of reach for nobody.
	_ = os.Setenv("PATH", envValue(cfg.Env, "PATH"))
	path, err := exec.LookPath(cfg.Argv[0])
	if err != nil {
		var rep shimReport
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
			rep.Missing = true
		} else {
			rep.Error = err.Error()
		}
		writeReport(status, rep)
		return 0
	}
	first.Path = path

	// The program is started from a thread of its own, which gives up
	// its privileges and enters the Landlock domain first: the program
	// inherits that, while this main thread, which is the process that
	// other processes signal, stays outside the domain, so that a
	// program cannot kill the shim that is to clean up after it. The
	// thread is never released: it is the program's tracer, and the
	// thread whose exit would trigger the program's parent-death signal.
	started := make(chan startResult, 1)
	go startThread(cfg, path, started)
	st := <-started
	if st.err != nil {
		writeReport(status, shimReport{Error: st.err.Error()})
		return 0
	}
	pid := st.pid
	first.Protections = append(first.Protections, st.protections...)
	first.Protections = append(first.Protections, ProtectRlimits)
	writeReport(status, first)

	var last shimReport
	ws, aborted := waitProgram(pid)
	last.Ended, last.Aborted = true, aborted
	switch {
	case ws.Exited():
		last.Code = ws.ExitStatus()
	case ws.Signaled():
		last.Signal = int(ws.Signal())
	}
	if !cfg.Namespaces {
		// No kernel to clean up after us: kill whatever the program
		// left, all of which was reparented to this subreaper.
		killDescendants()
	}
	// In the namespaces, returning is enough: when PID 1 exits the
	// kernel kills everything else in its PID namespace.
	writeReport(status, last)
	return 0
}

// startResult is what startThread reports.
type startResult struct {
	pid         int
	protections []string
	err         error
}

// startThread drops privileges on its own locked thread and starts the
// program from it, then keeps the thread.
func startThread(cfg *shimConfig, path string, started chan<- startResult) {
	runtime.LockOSThread()
	if unix.Gettid() == unix.Getpid() {
		// The thread-group leader is what a kill(2) of the shim
		// is checked against: keep it out of the domain, holding
		// it so that the next goroutine runs on another thread.
		go startThread(cfg, path, started)
		select {}
	}
	var res startResult
	if dropPrivileges(cfg.Namespaces) {
		res.protections = append(res.protections, ProtectNoPrivs)
		// Landlock needs no_new_privs. A kernel that refuses it
		// leaves the protection out of the report, which is how the
		// caller learns about it.
		if prot, err := landlock(cfg.Writable); err == nil {
			res.protections = append(res.protections, prot...)
		}
	}
	nproc, err := nprocBase(cfg.Namespaces)
	if err != nil {
		started <- startResult{err: err}
		return
	}
	cfg.Limits.NProc = uint64(cfg.Limits.Tasks + nproc)
	res.pid, res.err = startProgram(cfg, path)
	started <- res
	if res.err == nil {
		select {} // until the shim exits
	}
}

// startProgram starts the interpreter with the limits in force before its
// first instruction: it is started under ptrace, so it stops right after
// exec, gets its limits with prlimit and is let go. Where ptrace is not
// allowed, the shim starts itself once more as a launcher that sets the
// limits on itself and execs the interpreter.
func startProgram(cfg *shimConfig, path string) (int, error) {
	attr := &syscall.ProcAttr{
		Dir:   cfg.Dir,
		Env:   cfg.Env,
		Files: []uintptr{0, 1, 2},
		Sys: &syscall.SysProcAttr{
			Ptrace:    true,
			Pdeathsig: syscall.SIGKILL,
		},
	}
	pid, err := 0, error(unix.EPERM)
	if !cfg.NoPtrace {
		pid, err = syscall.ForkExec(path, cfg.Argv, attr)
	}
	if err == nil {
		var ws unix.WaitStatus
		for {
			_, err = unix.Wait4(pid, &ws, unix.WALL, nil)
			if err != unix.EINTR {
				break
			}
		}
		if err != nil {
			return 0, fmt.Errorf("wait for %s to start: %w", cfg.Argv[0], err)
		}
		if !ws.Stopped() {
			return 0, fmt.Errorf("start %s: it ended before its first instruction (status %#x)", cfg.Argv[0], uint32(ws))
		}
		if err := setLimits(pid, cfg.Limits); err != nil {
			_ = unix.Kill(pid, unix.SIGKILL)
			_ = unix.PtraceDetach(pid)
			return 0, err
		}
		if err := unix.PtraceDetach(pid); err != nil {
			_ = unix.Kill(pid, unix.SIGKILL)
			return 0, fmt.Errorf("release %s: %w", cfg.Argv[0], err)
		}
		return pid, nil
	}
	if !errors.Is(err, unix.EPERM) && !errors.Is(err, unix.EACCES) && !errors.Is(err, unix.ENOSYS) {
		return 0, fmt.Errorf("start %s: %w", cfg.Argv[0], err)
	}

	launch := *cfg
	launch.Launch = true
	launch.Path = path
	data, err := json.Marshal(launch)
	if err != nil {
		return 0, fmt.Errorf("encode launcher configuration: %w", err)
	}
	attr.Env = []string{shimEnv + "=" + string(data)}
	attr.Sys.Ptrace = false
	pid, err = syscall.ForkExec("/proc/self/exe", []string{"cram-sandbox-launch"}, attr)
	if err != nil {
		return 0, fmt.Errorf("start %s: %w", cfg.Argv[0], err)
	}
	return pid, nil
}

// launch is the launcher: it sets the limits on itself and becomes the
// program. Nothing in between may need a new thread.
func launch(cfg *shimConfig) int {
	if err := setLimits(0, cfg.Limits); err != nil {
		fmt.Fprintf(os.Stderr, "cram sandbox: %v\n", err)
		return 126
	}
	err := syscall.Exec(cfg.Path, cfg.Argv, cfg.Env)
	fmt.Fprintf(os.Stderr, "cram sandbox: exec %s: %v\n", cfg.Argv[0], err)
	return 127
}

// setLimits sets the resource limits of process pid (0: this process).
// Soft and hard limits are equal, so that the program cannot raise them,
// except for RLIMIT_CPU whose hard limit is a second later: SIGXCPU
// first, then SIGKILL for a program that ignores it.
//
// Memory is bounded by RLIMIT_DATA (private writable mappings: the heap,
// anonymous mmap, thread stacks), which is what a program really
// allocates. RLIMIT_AS counts reserved address space too, which Go
// reserves generously (the go command, the compiler and Go programs would
// fail under any small RLIMIT_AS, and the race detector's shadow memory
// under any RLIMIT_AS at all), so Go gets RLIMIT_DATA only. Python and sh
// also get RLIMIT_AS at four times the memory limit, a backstop for
// mappings RLIMIT_DATA does not count (shared anonymous memory); it is
// that large because glibc reserves 64 MiB of address space for each
// thread's malloc arena.
func setLimits(pid int, l shimLimits) error {
	type limit struct {
		name     string
		resource int
		cur, max uint64
	}
	limits := []limit{
		{"RLIMIT_CPU", unix.RLIMIT_CPU, l.CPU, l.CPU + 1},
		{"RLIMIT_DATA", unix.RLIMIT_DATA, l.Data, l.Data},
		{"RLIMIT_FSIZE", unix.RLIMIT_FSIZE, l.FSize, l.FSize},
		{"RLIMIT_NOFILE", unix.RLIMIT_NOFILE, l.NoFile, l.NoFile},
		{"RLIMIT_NPROC", unix.RLIMIT_NPROC, l.NProc, l.NProc},
		{"RLIMIT_CORE", unix.RLIMIT_CORE, 0, 0},
	}
	if l.AS != 0 {
		limits = append(limits, limit{"RLIMIT_AS", unix.RLIMIT_AS, l.AS, l.AS})
	}
	for _, lim := range limits {
		var old unix.Rlimit
		if err := unix.Prlimit(pid, lim.resource, nil, &old); err != nil {
			return fmt.Errorf("get %s: %w", lim.name, err)
		}
		// Never above what we were given: raising a hard limit
		// needs a privilege we do not have.
		rl := unix.Rlimit{Cur: min(lim.cur, old.Max), Max: min(lim.max, old.Max)}
		var err error
		if pid == 0 {
			// Through syscall.Setrlimit, which also tells the Go
			// runtime not to restore its own RLIMIT_NOFILE on exec.
			err = unix.Setrlimit(lim.resource, &rl)
		} else {
			err = unix.Prlimit(pid, lim.resource, &rl, nil)
		}
		if err != nil {
			return fmt.Errorf("set %s: %w", lim.name, err)
		}
	}
	return nil
}

// nprocBase returns how many tasks already count against RLIMIT_NPROC
// for the program's user, so that the program may add Limits.Processes.
//
// The kernel counts RLIMIT_NPROC per user and per user namespace (since
// Linux 5.14): in our own user namespace only the shim's threads and the
// program's tasks count, so the program gets exactly its share however
// busy the user is elsewhere. Without namespaces the count is the
// user's processes and threads on the whole machine, read from /proc
// now; they may grow during the run and eat into the program's share,
// which errs on the safe side. The shim itself is never limited: the
// limit is set on the program only, so that the Go runtime of the shim
// can always create a thread.
func nprocBase(namespaces bool) (int, error) {
	if namespaces {
		entries, err := os.ReadDir("/proc/self/task")
		if err != nil {
			return 0, fmt.Errorf("count own threads: %w", err)
		}
		return len(entries), nil
	}
	n, err := countUserTasks(os.Getuid())
	if err != nil {
		return 0, fmt.Errorf("count processes of uid %d: %w", os.Getuid(), err)
	}
	return n, nil
}

// privateProc mounts a /proc that shows only the namespace's processes:
// the program cannot read the command lines or environments of the
// user's other processes, cram's among them.
func privateProc() error {
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make mounts private: %w", err)
	}
	if err := unix.Mount("proc", "/proc", "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		return fmt.Errorf("mount /proc: %w", err)
	}
	return nil
}

// loopbackUp brings up lo in the new network namespace, so that a program
// can talk to its own processes over 127.0.0.1.
func loopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("socket: %w", err)
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return fmt.Errorf("lo: %w", err)
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fmt.Errorf("get lo flags: %w", err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		return fmt.Errorf("bring lo up: %w", err)
	}
	return nil
}

// Secure bits (linux/securebits.h): root gets no capabilities on exec,
// and the program cannot change that.
const (
	secbitNoroot             = 1 << 0
	secbitNorootLocked       = 1 << 1
	secbitNoSetuidFixup      = 1 << 2
	secbitNoSetuidFixupLock  = 1 << 3
	secbitKeepCapsLocked     = 1 << 5
	secbitNoCapAmbientRaise  = 1 << 6
	secbitNoCapAmbientLocked = 1 << 7
)

// dropPrivileges makes sure the program starts without privileges: no
// setuid or file capabilities on exec (no_new_privs), and, in the
// namespaces where the shim is root, an empty capability bounding set and
// secure bits so that the program, though uid 0 there, holds no
// capability. It reports whether that holds.
func dropPrivileges(namespaces bool) bool {
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return false
	}
	if !namespaces {
		// The shim runs as an ordinary user: nothing to drop.
		return os.Getuid() != 0
	}
	for c := 0; ; c++ {
		err := unix.Prctl(unix.PR_CAPBSET_DROP, uintptr(c), 0, 0, 0)
		if err == unix.EINVAL {
			break // past the last capability the kernel knows
		}
		if err != nil {
			return false
		}
	}
	bits := secbitNoroot | secbitNorootLocked | secbitNoSetuidFixup | secbitNoSetuidFixupLock |
		secbitKeepCapsLocked | secbitNoCapAmbientRaise | secbitNoCapAmbientLocked
	return unix.Prctl(unix.PR_SET_SECUREBITS, uintptr(bits), 0, 0, 0) == nil
}

// waitProgram waits, on this one thread, until the program ends or the
// parent closes the control pipe, reaping orphans on the way (PID 1 of a
// namespace inherits them all, and zombies count against the process
// limit). It reports the program's status and whether the shim killed it.
// No goroutines: every hand-off between threads costs a wake-up, which
// on a loaded machine is what a short run mostly waits for.
func waitProgram(pid int) (unix.WaitStatus, bool) {
	pidfd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		pidfd = -1 // before Linux 5.3: poll with a short timeout
	} else {
		defer unix.Close(pidfd)
	}
	for {
		if ws, done := reapAll(pid); done {
			return ws, false
		}
		fds := []unix.PollFd{{Fd: fdCtrl, Events: unix.POLLIN}}
		timeout := 10
		if pidfd >= 0 {
			fds = append(fds, unix.PollFd{Fd: int32(pidfd), Events: unix.POLLIN})
			// Wake up now and then for orphans that became zombies.
			timeout = 100
		}
		if _, err := unix.Poll(fds, timeout); err != nil && err != unix.EINTR {
			time.Sleep(time.Millisecond)
		}
		if fds[0].Revents != 0 {
			// The parent wants the run over (or is gone).
			_ = unix.Kill(pid, unix.SIGKILL)
			for {
				var ws unix.WaitStatus
				got, err := unix.Wait4(pid, &ws, 0, nil)
				if err == unix.EINTR {
					continue
				}
				if got == pid || err != nil {
					return ws, true
				}
			}
		}
	}
}

// reapAll reaps every child that has ended, and reports the status of
// main once main is among them.
func reapAll(main int) (ws unix.WaitStatus, done bool) {
	for {
		var st unix.WaitStatus
		got, err := unix.Wait4(-1, &st, unix.WNOHANG, nil)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil || got <= 0:
			return ws, done
		case got == main:
			ws, done = st, true
		}
	}
}

// killDescendants kills every descendant of the shim until none is left.
// A descendant that forks while we look is caught on the next round; the
// process limit bounds how many rounds a fork bomb can force.
func killDescendants() {
	self := os.Getpid()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		// Reap; no child at all means no descendant at all, since
		// orphans come to this subreaper: the usual case, decided
		// without reading /proc.
		for {
			var ws unix.WaitStatus
			got, err := unix.Wait4(-1, &ws, unix.WNOHANG, nil)
			if err == unix.EINTR || got > 0 {
				continue
			}
			if err == unix.ECHILD {
				return
			}
			break
		}
		for _, pid := range descendants(self) {
			_ = unix.Kill(pid, unix.SIGKILL)
		}
		time.Sleep(time.Millisecond)
	}
}

// writeReport writes one report line. The pipe is never full: the parent
// reads it all along, and reports are far smaller than PIPE_BUF.
func writeReport(f *os.File, rep shimReport) {
	data, err := json.Marshal(rep)
	if err != nil {
		return
	}
	_, _ = f.Write(append(data, '\n'))
}

// envValue returns the value of key in env.
func envValue(env []string, key string) string {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}
