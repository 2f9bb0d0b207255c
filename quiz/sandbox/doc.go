// Package sandbox runs one untrusted verification program (Python, Go or
// sh) and reports how its process ended.
//
// It does not decide whether a program passed: that is the caller's job
// (exit status 0 confirms, 77 means "not applicable", see the
// "Verification programs" section of content/README.md). It only makes
// sure that a program runs in a fresh temporary folder with a short
// environment, cannot outlive its time limit, cannot leave processes
// behind, cannot reach the network and cannot exhaust the machine.
//
// # How a program is started
//
// Go cannot run code between fork and exec, so the sandbox re-executes the
// current binary (os.Executable) with a marker in its environment. The
// re-executed process, the shim, must recognise the marker first thing:
//
//	func Main() int {
//		if code, ok := sandbox.MaybeChild(); ok {
//			return code
//		}
//		...
//	}
//
// On Linux the shim is started in a session of its own and in new user,
// PID, network, mount and IPC namespaces. It is PID 1 of its PID
// namespace: it mounts a private /proc, brings the loopback interface up,
// gives up its capabilities, restricts writes to the program's folders
// with Landlock, starts the interpreter as its only child under ptrace so
// that the resource limits are set before its first instruction runs,
// reaps orphans, and reports how the interpreter ended through a pipe.
// When the shim exits, or is killed on a timeout, the kernel kills
// everything left in the namespace.
//
// When cram runs as root, programs run as uid and gid 65534 (nobody):
// root is exempt from RLIMIT_NPROC, and could write anywhere. Such a
// program cannot reach interpreters installed under /root (pyenv, for
// one); it finds the system's on PATH instead, and Version reports that
// one.
//
// When the kernel refuses namespaces (containers with a seccomp filter,
// distributions that disable unprivileged user namespaces) the sandbox
// falls back to a process group and a child subreaper: the shim collects
// every orphaned descendant and kills them all when the program ends or
// when the parent asks it to. The fallback has no network isolation and
// no private /proc, and its process limit counts all of the user's
// processes. Result.Protections tells what was in force.
//
// On other systems the interpreter is started directly, in its own process
// group where the system has them, with the wall-clock limit, the output
// cap, the temporary folder and the short environment, but without
// resource limits or network isolation.
package sandbox
