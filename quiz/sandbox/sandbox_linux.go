package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// nobody is the uid and gid programs run as when cram runs as root:
// "nobody" and "nogroup" on Debian-like systems, "nobody" elsewhere. A
// root process is exempt from RLIMIT_NPROC (the kernel checks for
// INIT_USER), and as uid 0 a program could read and write everything.
const nobody = 65534

// Time allowed, in the fallback without namespaces, for the shim to kill
// the program's processes itself before the whole process group is killed.
const fallbackGrace = 500 * time.Millisecond

// waitDelay bounds how long output pipes may stay open after the shim
// exited. With namespaces nothing can hold them; in the fallback an
// escaped process could.
const waitDelay = 250 * time.Millisecond

// sandboxOwner returns who programs run as.
func sandboxOwner() owner {
	if os.Geteuid() == 0 {
		return owner{uid: nobody, gid: nobody, change: true}
	}
	return owner{uid: os.Getuid(), gid: os.Getgid()}
}

// canReach reports whether the program's user can look up dir: every
// folder on the way must be searchable by it.
func (o owner) canReach(dir string) bool {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		var st unix.Stat_t
		if err := unix.Stat(dir, &st); err != nil {
			return false
		}
		mode := st.Mode
		ok := mode&0o001 != 0 ||
			int(st.Uid) == o.uid && mode&0o100 != 0 ||
			int(st.Gid) == o.gid && mode&0o010 != 0
		if !ok {
			return false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return true
		}
		dir = parent
	}
}

// owns reports whether path belongs to the program's user.
func (o owner) owns(path string) bool {
	var st unix.Stat_t
	return unix.Lstat(path, &st) == nil && int(st.Uid) == o.uid
}

// tempBase returns the folder in which working folders are created: the
// usual temporary folder unless the program's user cannot reach it.
func tempBase(o owner) string {
	if o.change && !o.canReach(os.TempDir()) {
		return "/tmp"
	}
	return ""
}

// privateCache returns a go build cache for the program's user when the
// configured one is out of its reach, such as root's ~/.cache.
func (o owner) privateCache() (string, error) {
	base := tempBase(o)
	if base == "" {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "cram-go-build-"+strconv.Itoa(o.uid))
	var st unix.Stat_t
	err := unix.Lstat(dir, &st)
	if errors.Is(err, unix.ENOENT) {
		if err := os.Mkdir(dir, 0o700); err != nil {
			return "", fmt.Errorf("create go build cache: %w", err)
		}
		return dir, o.chown(dir)
	}
	if err != nil {
		return "", fmt.Errorf("go build cache: %w", err)
	}
	// Refuse anything another user could have planted in a shared
	// temporary folder.
	if st.Mode&unix.S_IFMT != unix.S_IFDIR || int(st.Uid) != o.uid || st.Mode&0o022 != 0 {
		return "", fmt.Errorf("go build cache %s: not a private folder of uid %d", dir, o.uid)
	}
	return dir, nil
}

// execute runs the job in the strongest sandbox the kernel allows.
func (r *Runner) execute(ctx context.Context, j *job) Result {
	if !r.NoNamespaces && !r.nsRefused.Load() {
		res, err := r.attempt(ctx, j, true)
		if err == nil {
			return res
		}
		if !refused(err) {
			return Result{Status: Error, Err: fmt.Errorf("start sandbox: %w", err)}
		}
		res, err2 := r.attempt(ctx, j, false)
		if err2 != nil {
			return Result{Status: Error, Err: fmt.Errorf("start sandbox: %w (with namespaces: %v)", err2, err)}
		}
		// Only now is it clear that namespaces were the problem.
		r.nsRefused.Store(true)
		return res
	}
	res, err := r.attempt(ctx, j, false)
	if err != nil {
		return Result{Status: Error, Err: fmt.Errorf("start sandbox: %w", err)}
	}
	return res
}

// refused reports whether a start failed because the kernel (or a
// container's seccomp filter, or an LSM) refused to create namespaces.
func refused(err error) bool {
	for _, e := range []error{unix.EPERM, unix.EINVAL, unix.ENOSPC, unix.EUSERS, unix.EACCES, unix.ENOSYS} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// noCause marks a run that ended without the sandbox stepping in.
const noCause Status = -1

// attempt starts the shim and waits for it. It returns an error only if
// the shim could not be started.
func (r *Runner) attempt(ctx context.Context, j *job, useNS bool) (Result, error) {
	// The parent-death signal fires when the thread that started the
	// shim exits, not the process: keep that thread for this goroutine
	// until the shim is gone (https://go.dev/issue/27505).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	lim := j.lim
	cfg := shimConfig{
		Argv:       j.argv,
		Env:        j.env,
		Dir:        j.work,
		Namespaces: useNS,
		Writable:   j.writable,
		NoPtrace:   r.noPtrace,
		Limits: shimLimits{
			CPU:    uint64((lim.CPUTime + time.Second - 1) / time.Second),
			Data:   uint64(lim.Memory),
			FSize:  uint64(lim.FileSize),
			NoFile: uint64(lim.OpenFiles),
			Tasks:  j.tasks,
		},
	}
	if j.useAS {
		cfg.Limits.AS = 4 * uint64(lim.Memory)
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		return Result{}, fmt.Errorf("encode sandbox configuration: %w", err)
	}

	statusR, statusW, err := os.Pipe()
	if err != nil {
		return Result{}, fmt.Errorf("status pipe: %w", err)
	}
	defer statusR.Close()
	ctrlR, ctrlW, err := os.Pipe()
	if err != nil {
		statusW.Close()
		return Result{}, fmt.Errorf("control pipe: %w", err)
	}
	defer ctrlW.Close()

	cmd := &exec.Cmd{
		Args: []string{"cram-sandbox"},
		// GORACE: a binary built with -race (the tests) would
		// otherwise sleep a second on exit.
		Env:        []string{shimEnv + "=" + string(data), "GORACE=atexit_sleep_ms=0"},
		Dir:        j.work,
		ExtraFiles: []*os.File{statusW, ctrlR}, // fds 3 and 4
	}
	attr := &syscall.SysProcAttr{
		// A session of its own, without a controlling terminal: a
		// Ctrl-C on cram's terminal goes to cram alone, which then
		// ends the run in order; the program cannot open /dev/tty to
		// read the keyboard or write behind cram's back; and in the
		// fallback the session's process group is what the parent
		// can kill.
		Setsid:    true,
		Pdeathsig: syscall.SIGKILL,
	}
	if useNS {
		attr.Cloneflags = unix.CLONE_NEWUSER | unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWNS | unix.CLONE_NEWIPC | r.extraCloneFlags
		// The shim is root of its user namespace, which gives it the
		// capabilities it needs there (loopback, /proc) and nothing
		// outside; it removes them before starting the program. Only
		// one uid can be mapped without privileges: our own. As root
		// we map the unprivileged one instead, and the explicit
		// setuid(0) in the namespace makes the mapping the process's
		// real identity (without it the child would keep kuid 0).
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: j.owner.uid, Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: j.owner.gid, Size: 1}}
		attr.Credential = &syscall.Credential{Uid: 0, Gid: 0}
		if j.owner.changes() {
			// Drop root's supplementary groups, which would
			// otherwise still grant group access on the host.
			attr.GidMappingsEnableSetgroups = true
			attr.Credential.Groups = []uint32{}
		} else {
			attr.Credential.NoSetGroups = true
		}
	} else if j.owner.changes() {
		attr.Credential = &syscall.Credential{Uid: uint32(j.owner.uid), Gid: uint32(j.owner.gid), Groups: []uint32{}}
	}
	cmd.SysProcAttr = attr
	// Execute the very binary that is running, through /proc/self/fd:
	// the program's user may not be allowed to reach its path (a test
	// binary in a private go-build folder, cram in /root/go/bin), and
	// the file at that path may have been replaced by an upgrade since
	// cram started. /proc/self/fd checks only the file's own permission.
	exe, err := os.Open("/proc/self/exe")
	if err != nil {
		statusW.Close()
		ctrlR.Close()
		return Result{}, fmt.Errorf("open own executable: %w", err)
	}
	defer exe.Close()
	cmd.ExtraFiles = append(cmd.ExtraFiles, exe) // fd 5
	cmd.Path = "/proc/self/fd/5"

	outputs, err := newOutputPipes(j)
	if err != nil {
		statusW.Close()
		ctrlR.Close()
		return Result{}, err
	}
	cmd.Stdout, cmd.Stderr = outputs.writers()

	err = cmd.Start()
	statusW.Close()
	ctrlR.Close()
	outputs.closeWriters()
	if err != nil {
		outputs.abandon()
		return Result{}, err
	}
	outputs.start(j.out)
	pid := cmd.Process.Pid

	exited := make(chan struct{})
	go func() {
		waitNoReap(pid)
		close(exited)
	}()
	reports := make(chan shimReport, 1)
	go func() { reports <- readReports(statusR) }()

	timer := time.NewTimer(lim.Timeout)
	defer timer.Stop()
	cause := noCause
	select {
	case <-exited:
	case <-timer.C:
		cause = TimedOut
	case <-ctx.Done():
		cause = Canceled
	case <-j.out.excess:
		cause = OutputLimit
	}
	if cause != noCause {
		if useNS {
			// PID 1 of the namespace: when it dies the kernel
			// kills every process left in the namespace before
			// the shim can be reaped.
			_ = cmd.Process.Kill()
		} else {
			ctrlW.Close()
			select {
			case <-exited:
			case <-time.After(fallbackGrace):
				_ = syscall.Kill(-pid, syscall.SIGKILL)
				_ = cmd.Process.Kill()
			}
		}
		<-exited
	}
	if !useNS {
		// The shim is a zombie until Wait, so its pid, which is the
		// group's id, cannot have been reused yet.
		_ = syscall.Kill(-pid, syscall.SIGKILL)
	}
	ctrlW.Close()
	werr := cmd.Wait()
	outputs.wait(waitDelay)

	var rep shimReport
	select {
	case rep = <-reports:
	case <-time.After(time.Second):
		rep.Error = "no report from the sandbox"
	}

	res := Result{Protections: []string{ProtectSession, ProtectGroup, ProtectDeathSig}}
	if useNS {
		res.Protections = append(res.Protections, ProtectUserPID, ProtectNetwork, ProtectIPC)
	}
	if j.owner.changes() {
		res.Protections = append(res.Protections, ProtectUnprivileged)
	}
	res.Protections = append(res.Protections, rep.Protections...)
	switch {
	case rep.Missing:
		res.Status = Missing
	case rep.Error != "" && !rep.Ended:
		res.Status = Error
		res.Err = fmt.Errorf("sandbox: %s", rep.Error)
	case rep.Ended && !rep.Aborted:
		if rep.Signal != 0 {
			res.Status = Signaled
			res.Signal = rep.Signal
			res.ExitCode = 128 + rep.Signal
		} else {
			res.Status = Exited
			res.ExitCode = rep.Code
		}
	case cause == Canceled:
		res.Status = Canceled
		res.Err = context.Cause(ctx)
	case cause != noCause:
		res.Status = cause
	default:
		res.Status = Error
		res.Err = fmt.Errorf("sandbox ended without a report: %v", werr)
	}
	return res, nil
}

// outputPipes carry the program's stdout and stderr to the capture. The
// sandbox makes them itself, rather than letting os/exec do it, so that
// it can hand them to the program's user: a pipe belongs to whoever
// created it, and `echo error > /dev/stderr` reopens it through
// /proc/self/fd, which a program running as nobody could not do with
// root's pipes.
type outputPipes struct {
	r, w [2]*os.File
	done chan struct{}
}

// newOutputPipes creates the pipes, owned by the program's user.
func newOutputPipes(j *job) (*outputPipes, error) {
	p := &outputPipes{done: make(chan struct{}, 2)}
	for i := range 2 {
		r, w, err := os.Pipe()
		if err != nil {
			p.closeWriters()
			p.abandon()
			return nil, fmt.Errorf("output pipe: %w", err)
		}
		p.r[i], p.w[i] = r, w
		if j.owner.changes() {
			if err := w.Chown(j.owner.uid, j.owner.gid); err != nil {
				p.closeWriters()
				p.abandon()
				return nil, fmt.Errorf("output pipe: %w", err)
			}
		}
	}
	return p, nil
}

// writers returns the ends given to the shim.
func (p *outputPipes) writers() (stdout, stderr *os.File) { return p.w[0], p.w[1] }

// closeWriters closes our copies of the ends given to the shim.
func (p *outputPipes) closeWriters() {
	for _, w := range p.w {
		if w != nil {
			w.Close()
		}
	}
}

// abandon closes the read ends when nothing was started.
func (p *outputPipes) abandon() {
	for _, r := range p.r {
		if r != nil {
			r.Close()
		}
	}
}

// start copies both pipes into c until they close.
func (p *outputPipes) start(c *capture) {
	for i, w := range []io.Writer{c.Stdout(), c.Stderr()} {
		go func() {
			// capture never fails, so the copy ends only when the
			// pipe does, or when wait gives up on it.
			_, _ = io.Copy(w, p.r[i])
			p.done <- struct{}{}
		}()
	}
}

// wait waits for the copies to finish, at most delay once the shim is
// gone: with namespaces every writer is dead by then; in the fallback an
// escaped process might still hold a pipe.
func (p *outputPipes) wait(delay time.Duration) {
	timer := time.NewTimer(delay)
	defer timer.Stop()
	for n := 0; n < 2; {
		select {
		case <-p.done:
			n++
		case <-timer.C:
			for _, r := range p.r {
				_ = r.SetReadDeadline(time.Now())
			}
		}
	}
	p.abandon()
}

// waitNoReap waits until pid has exited without reaping it.
func waitNoReap(pid int) {
	for {
		var info unix.Siginfo
		err := unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if err != unix.EINTR {
			return
		}
	}
}

// readReports reads the shim's reports, newline-separated JSON objects,
// until the shim is gone, and merges them.
func readReports(r io.Reader) shimReport {
	var rep shimReport
	data, _ := io.ReadAll(r)
	for line := range bytes.Lines(data) {
		var part shimReport
		if err := json.Unmarshal(line, &part); err != nil {
			continue
		}
		rep.merge(part)
	}
	return rep
}
