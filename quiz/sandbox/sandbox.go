package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
)

// Defaults and caps applied by Run to the zero fields of Limits.
const (
	DefaultTimeout         = 10 * time.Second
	MaxTimeout             = 60 * time.Second
	DefaultMemory    int64 = 1 << 30
	DefaultFileSize  int64 = 64 << 20
	DefaultOpenFiles       = 256
	DefaultProcesses       = 64
	DefaultOutput          = 64 << 10
)

// outputKillFactor says when a program that keeps writing is stopped: once
// it produced this many times Limits.Output. Below that the excess is only
// dropped, so that a program printing a little too much still ends on its
// own and reports its own exit status.
const outputKillFactor = 64

// Program is one program to run, independent of how its language is run.
type Program struct {
	Lang   string // "python", "go" or "sh"
	Source string
}

// Limits bounds one run. Zero fields take the Default values.
type Limits struct {
	// Timeout is the wall-clock limit; default DefaultTimeout, at most
	// MaxTimeout.
	Timeout time.Duration
	// CPUTime is RLIMIT_CPU, per process. The default never preempts the
	// wall-clock limit (Timeout times the number of CPUs, plus a second):
	// it is a backstop for the case where nobody is left to enforce
	// Timeout.
	CPUTime time.Duration
	// Memory bounds each process's data segment (RLIMIT_DATA), in bytes;
	// default DefaultMemory. See rlimits in sandbox_linux.go for why not
	// RLIMIT_AS alone.
	Memory int64
	// FileSize is RLIMIT_FSIZE, the largest file a program can write;
	// default DefaultFileSize.
	FileSize int64
	// OpenFiles is RLIMIT_NOFILE; default DefaultOpenFiles.
	OpenFiles int
	// Processes bounds the processes and threads the program may have at
	// once; default DefaultProcesses.
	Processes int
	// Output is how many bytes of stdout and stderr together are kept;
	// default DefaultOutput. The excess is dropped and Result.Truncated
	// set; a program that writes 64 times as much is stopped.
	Output int
}

// normalized returns l with defaults filled in and the timeout capped.
func (l Limits) normalized() Limits {
	if l.Timeout <= 0 {
		l.Timeout = DefaultTimeout
	}
	l.Timeout = min(l.Timeout, MaxTimeout)
	if l.CPUTime <= 0 {
		l.CPUTime = l.Timeout*time.Duration(runtime.NumCPU()) + time.Second
	}
	if l.Memory <= 0 {
		l.Memory = DefaultMemory
	}
	if l.FileSize <= 0 {
		l.FileSize = DefaultFileSize
	}
	if l.OpenFiles <= 0 {
		l.OpenFiles = DefaultOpenFiles
	}
	if l.Processes <= 0 {
		l.Processes = DefaultProcesses
	}
	if l.Output <= 0 {
		l.Output = DefaultOutput
	}
	return l
}

// Runner runs programs. The zero value is ready to use; a Runner is safe
// for concurrent use and must not be copied after its first use.
type Runner struct {
	// Commands maps a language to the argv prefix that runs a source
	// file, whose name is appended: for example {"python": {"python3.13"}}.
	// Missing languages use the defaults: python3, go run, sh.
	Commands map[string][]string
	// GoCache is the build cache shared by every `go run`, so that the
	// standard library is not rebuilt on each run. Default: the folder
	// cram/go-build under os.UserCacheDir. When cram runs as root the
	// programs run as an unprivileged user; if that user cannot reach
	// GoCache, a cache of its own in os.TempDir is used instead.
	GoCache string
	// NoNamespaces turns off Linux namespaces and uses the process-group
	// fallback, as if the kernel had refused them. For tests, benchmarks
	// and kernels whose namespaces misbehave.
	NoNamespaces bool

	// noPtrace makes the shim start programs through the launcher, as
	// where ptrace is not allowed; for tests.
	noPtrace bool

	// extraCloneFlags are added to the namespace flags; tests use an
	// invalid combination to see the fallback taken.
	extraCloneFlags uintptr

	// nsRefused remembers that the kernel refused namespaces once, so
	// that later runs do not pay for a failing attempt each time.
	nsRefused atomic.Bool
}

// Status says how a program's process ended. Whether that counts as
// passing is decided by the caller.
type Status int

// The ways a run can end.
const (
	// Error: the program could not be run (see Result.Err).
	Error Status = iota
	// Exited: the program exited by itself; see Result.ExitCode.
	Exited
	// Signaled: the program was killed by a signal it did not get from
	// the sandbox (a crash, RLIMIT_CPU, its own kill); see Result.Signal.
	Signaled
	// TimedOut: the program was killed at the wall-clock limit.
	TimedOut
	// OutputLimit: the program was killed for writing far more than the
	// output cap.
	OutputLimit
	// Canceled: the caller's context ended before the program did.
	Canceled
	// Missing: the interpreter was not found; Result.Err says how to
	// install it or which config key to set.
	Missing
	// Unsupported: the language is not one the sandbox knows.
	Unsupported
)

var statusNames = [...]string{
	Error:       "error",
	Exited:      "exited",
	Signaled:    "killed by signal",
	TimedOut:    "timed out",
	OutputLimit: "output limit exceeded",
	Canceled:    "canceled",
	Missing:     "interpreter missing",
	Unsupported: "unsupported language",
}

// String returns a short lower-case description such as "timed out".
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Result tells how one run ended.
type Result struct {
	Status Status
	// ExitCode is the exit status when Status is Exited, and 128 plus
	// the signal number when it is Signaled (the shell's convention).
	ExitCode int
	// Signal is the signal number when Status is Signaled.
	Signal int
	// Stdout and Stderr are the program's output, capped together at
	// Limits.Output. They are raw bytes and may hold invalid UTF-8 or
	// terminal escapes: render them with Printable.
	Stdout, Stderr []byte
	// Truncated reports that output beyond the cap was dropped.
	Truncated bool
	// Duration is the wall-clock time of the run, sandbox included.
	Duration time.Duration
	// Protections lists the protections that were in force, such as
	// "user+pid namespace", "network namespace" or "rlimits".
	Protections []string
	// Err explains Error, Missing and Unsupported, and carries the
	// context's error for Canceled.
	Err error
}

// The names used in Result.Protections.
const (
	ProtectTempDir       = "temporary folder"
	ProtectEnv           = "short environment"
	ProtectTimeout       = "wall-clock limit"
	ProtectOutput        = "output cap"
	ProtectUserPID       = "user+pid namespace"
	ProtectNetwork       = "network namespace"
	ProtectLoopback      = "loopback up"
	ProtectMount         = "mount namespace with private /proc"
	ProtectIPC           = "ipc namespace"
	ProtectRlimits       = "rlimits"
	ProtectNoPrivs       = "no capabilities, no_new_privs"
	ProtectUnprivileged  = "unprivileged uid"
	ProtectSubreaper     = "subreaper"
	ProtectGroup         = "process group"
	ProtectDeathSig      = "parent-death signal"
	ProtectSession       = "own session, no terminal"
	ProtectLandlockFS    = "landlock: writes only in the working folder"
	ProtectLandlockScope = "landlock: no signals or abstract sockets outside"
)

// ErrMissing is wrapped by Result.Err when the interpreter is not found.
var ErrMissing = errors.New("interpreter not found")

// ErrUnsupported is wrapped by Result.Err for an unknown language.
var ErrUnsupported = errors.New("unsupported language")

// language describes how a language is run.
type language struct {
	file    string   // name of the source file in the working folder
	command []string // default argv prefix
	version []string // arguments to the command's first word printing its version
	install string   // how to get the interpreter, for the Missing message
	example string   // an example value for the verify.<lang> key
	// extraTasks is added to Limits.Processes, for tools that need
	// threads of their own: `go run` keeps the go command (one thread per
	// CPU and a few) alive beside the program, whose runtime wants as many.
	extraTasks func() int
	// addressSpace also sets RLIMIT_AS (to 4 times Limits.Memory).
	addressSpace bool
}

// languages is read-only.
var languages = map[string]language{
	"python": {
		file:         "main.py",
		command:      []string{"python3"},
		version:      []string{"--version"},
		install:      "install Python 3",
		example:      "python3.13",
		addressSpace: true,
	},
	"go": {
		file:       "main.go",
		command:    []string{"go", "run"},
		version:    []string{"version"},
		install:    "install Go from https://go.dev/dl/",
		example:    "/usr/local/go/bin/go",
		extraTasks: func() int { return 2*runtime.NumCPU() + 32 },
	},
	"sh": {
		file:         "main.sh",
		command:      []string{"sh"},
		install:      "install a POSIX shell",
		example:      "bash",
		addressSpace: true,
	},
}

// command returns the argv prefix for lang.
func (r *Runner) command(lang string, l language) []string {
	if c := r.Commands[lang]; len(c) > 0 && c[0] != "" {
		return c
	}
	return l.command
}

// missingError builds the message for an interpreter that was not found.
func missingError(lang string, l language, name string) error {
	return fmt.Errorf("%s not found: %s or set verify.%s in the config (for example %s): %w",
		name, l.install, lang, l.example, ErrMissing)
}

// job is everything a platform needs to run one program.
type job struct {
	lang  string
	argv  []string // argv[0] is not resolved yet
	root  string   // temporary folder holding work, home and tmp
	work  string   // the working folder
	env   []string
	lim   Limits
	out   *capture
	tasks int // Limits.Processes plus the language's headroom
	useAS bool
	owner owner // who the program runs as
	// writable lists the folders the program may write beneath: its
	// temporary folder and, for go, the build cache.
	writable []string
	version  bool // a Version probe: no source file
}

// Run runs p within lim and reports how it ended. Output is copied to live
// (which may be nil) as it is produced, up to the output cap; cancelling
// ctx kills the program and everything it started.
func (r *Runner) Run(ctx context.Context, p Program, lim Limits, live io.Writer) Result {
	l, ok := languages[p.Lang]
	if !ok {
		return Result{Status: Unsupported, Err: fmt.Errorf("%w %q: want python, go or sh", ErrUnsupported, p.Lang)}
	}
	argv := append(append([]string(nil), r.command(p.Lang, l)...), l.file)
	return r.run(ctx, p.Lang, l, argv, map[string]string{l.file: p.Source}, lim, live, false)
}

// Version returns the version of the interpreter that runs lang, as the
// sandbox sees it, for example "Python 3.11.7" or
// "go version go1.26.8 linux/amd64". For sh, which has no version flag,
// it is the path of the shell with symbolic links resolved.
func (r *Runner) Version(ctx context.Context, lang string) (string, error) {
	l, ok := languages[lang]
	if !ok {
		return "", fmt.Errorf("version of %q: %w", lang, ErrUnsupported)
	}
	name := r.command(lang, l)[0]
	args := l.version
	if args == nil {
		args = []string{"--version"}
	}
	argv := append([]string{name}, args...)
	res := r.run(ctx, lang, l, argv, nil, Limits{Timeout: 20 * time.Second}, nil, true)
	switch {
	case res.Status == Exited && res.ExitCode == 0:
		out := strings.TrimSpace(string(res.Stdout))
		if out == "" {
			out = strings.TrimSpace(string(res.Stderr))
		}
		if first, _, _ := strings.Cut(out, "\n"); first != "" {
			return Printable([]byte(first)), nil
		}
	case res.Status == Missing || res.Status == Error || res.Status == Canceled:
		return "", fmt.Errorf("version of %s: %w", lang, res.Err)
	}
	if l.version == nil {
		// dash and other plain shells reject --version; name the
		// binary instead, which changes when the shell does.
		if path, err := resolveCommand(name); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("version of %s: %s %s: %s", lang, name, strings.Join(args, " "), res.Status)
}

// resolveCommand finds name on PATH and resolves symbolic links.
func resolveCommand(name string) (string, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return path, nil
	}
	return real, nil
}

// run prepares the temporary folder and hands the job to the platform.
func (r *Runner) run(ctx context.Context, lang string, l language, argv []string, files map[string]string, lim Limits, live io.Writer, version bool) Result {
	start := time.Now()
	lim = lim.normalized()
	j := &job{
		lang:    lang,
		argv:    argv,
		lim:     lim,
		out:     newCapture(lim.Output, live),
		tasks:   lim.Processes,
		useAS:   l.addressSpace,
		owner:   sandboxOwner(),
		version: version,
	}
	if l.extraTasks != nil {
		j.tasks += l.extraTasks()
	}
	if err := ctx.Err(); err != nil {
		return Result{Status: Canceled, Err: err}
	}
	if err := r.prepare(j, l, files); err != nil {
		if j.root != "" {
			_ = removeAll(j.root)
		}
		return Result{Status: Error, Err: err, Duration: time.Since(start)}
	}
	res := r.execute(ctx, j)
	if err := removeAll(j.root); err != nil && res.Err == nil && res.Status != Error {
		// The run itself is fine; a folder left in TMPDIR is worth
		// knowing about but not worth failing the program for.
		res.Err = fmt.Errorf("remove working folder: %w", err)
	}
	res.Stdout, res.Stderr, res.Truncated = j.out.result()
	res.Duration = time.Since(start)
	res.Protections = append([]string{ProtectTempDir, ProtectEnv, ProtectTimeout, ProtectOutput}, res.Protections...)
	if res.Status == Missing && res.Err == nil {
		res.Err = missingError(lang, l, argv[0])
	}
	return res
}

// prepare creates the temporary folder, writes the source file and builds
// the environment.
func (r *Runner) prepare(j *job, l language, files map[string]string) error {
	root, err := os.MkdirTemp(tempBase(j.owner), "cram-run-")
	if err != nil {
		return fmt.Errorf("create working folder: %w", err)
	}
	j.root = root
	j.writable = []string{root}
	j.work = filepath.Join(root, "work")
	home := filepath.Join(root, "home")
	tmp := filepath.Join(root, "tmp")
	for _, d := range []string{j.work, home, tmp} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return fmt.Errorf("create working folder: %w", err)
		}
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(j.work, name), []byte(src), 0o600); err != nil {
			return fmt.Errorf("write program: %w", err)
		}
	}
	if err := j.owner.chownTree(root); err != nil {
		return fmt.Errorf("hand working folder to uid %d: %w", j.owner.uid, err)
	}

	path := os.Getenv("PATH")
	if path == "" {
		path = "/usr/local/bin:/usr/bin:/bin"
	}
	lang := os.Getenv("LANG")
	if lang == "" {
		lang = "C.UTF-8"
	}
	j.env = []string{"PATH=" + path, "LANG=" + lang, "HOME=" + home, "TMPDIR=" + tmp}
	switch j.lang {
	case "python":
		// Unbuffered so that `cram run` shows output as it comes;
		// no .pyc files in a folder that is about to be removed.
		j.env = append(j.env, "PYTHONUNBUFFERED=1", "PYTHONDONTWRITEBYTECODE=1")
	case "go":
		cache, err := r.goCache(j.owner)
		if err != nil {
			// A private cache works, only slowly: the standard
			// library is compiled again for this run.
			cache = filepath.Join(root, "go-build")
			if err := os.Mkdir(cache, 0o700); err != nil {
				return fmt.Errorf("create go build cache: %w", err)
			}
			if err := j.owner.chown(cache); err != nil {
				return fmt.Errorf("create go build cache: %w", err)
			}
		}
		j.writable = append(j.writable, cache)
		// Offline, with the installed toolchain, no cgo (no C compiler
		// needed, and a stdlib-only program does not use it), and no
		// go env file from the user's configuration.
		j.env = append(j.env,
			"GOCACHE="+cache,
			"GOTOOLCHAIN=local",
			"GOPROXY=off",
			"GOFLAGS=-mod=mod",
			"GO111MODULE=on",
			"GOENV=off",
			"CGO_ENABLED=0",
		)
	}
	return nil
}

// goCache returns the build cache folder for `go run`, creating it.
func (r *Runner) goCache(o owner) (string, error) {
	dir := r.GoCache
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			if o.changes() {
				return o.privateCache()
			}
			return "", fmt.Errorf("find go build cache: %w", err)
		}
		dir = filepath.Join(base, "cram", "go-build")
	}
	if !o.changes() {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", fmt.Errorf("create go build cache: %w", err)
		}
		return dir, nil
	}
	// The program's user must reach the folder and own it; root's own
	// cache folders usually fail the first test (~ is private) and
	// would fail the second.
	if o.ownsOrCanCreate(dir) {
		return dir, nil
	}
	return o.privateCache()
}

// ownsOrCanCreate reports whether dir is reachable for the program's
// user and owned by it, creating it (with searchable parents) if needed.
func (o owner) ownsOrCanCreate(dir string) bool {
	ancestor := filepath.Dir(dir)
	for {
		if _, err := os.Stat(ancestor); err == nil {
			break
		}
		parent := filepath.Dir(ancestor)
		if parent == ancestor {
			return false
		}
		ancestor = parent
	}
	if !o.canReach(ancestor) {
		return false
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return false
	}
	if err := os.Mkdir(dir, 0o700); err == nil {
		return o.chown(dir) == nil
	}
	return o.canReach(dir) && o.owns(dir)
}

// removeAll removes a working folder even if the program took the
// permissions away from parts of it.
func removeAll(dir string) error {
	err := os.RemoveAll(dir)
	if err == nil {
		return nil
	}
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if d != nil && d.IsDir() {
			_ = os.Chmod(path, 0o700)
		}
		return nil
	})
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("remove %s: %w", dir, err)
	}
	return nil
}
