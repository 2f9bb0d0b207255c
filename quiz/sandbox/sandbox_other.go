//go:build !linux

package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"time"
)

// sandboxOwner returns who programs run as: here always the user running
// cram.
func sandboxOwner() owner { return owner{} }

// canReach is only asked when the owner changes, which it never does here.
func (o owner) canReach(string) bool { return true }

// owns is only asked when the owner changes.
func (o owner) owns(string) bool { return true }

// tempBase returns the folder for working folders: the usual one.
func tempBase(owner) string { return "" }

// privateCache is only needed when the owner changes.
func (o owner) privateCache() (string, error) {
	return "", errors.New("no private go build cache on this system")
}

// MaybeChild reports false: on this system programs are started directly,
// without a shim.
func MaybeChild() (code int, ok bool) { return 0, false }

// execute starts the interpreter directly: a temporary folder, a short
// environment, the wall-clock limit and the output cap, and, where the
// system has them, a process group killed as a whole. There are no
// resource limits and no network isolation.
func (r *Runner) execute(ctx context.Context, j *job) Result {
	path, err := exec.LookPath(j.argv[0])
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return Result{Status: Missing}
		}
		return Result{Status: Error, Err: fmt.Errorf("find %s: %w", j.argv[0], err)}
	}
	cmd := &exec.Cmd{
		Path:      path,
		Args:      j.argv,
		Env:       j.env,
		Dir:       j.work,
		Stdout:    j.out.Stdout(),
		Stderr:    j.out.Stderr(),
		WaitDelay: 250 * time.Millisecond,
	}
	protections := setGroup(cmd)
	if err := cmd.Start(); err != nil {
		return Result{Status: Error, Err: fmt.Errorf("start %s: %w", j.argv[0], err)}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	timer := time.NewTimer(j.lim.Timeout)
	defer timer.Stop()
	cause := Status(-1)
	var werr error
	select {
	case werr = <-done:
	case <-timer.C:
		cause = TimedOut
	case <-ctx.Done():
		cause = Canceled
	case <-j.out.excess:
		cause = OutputLimit
	}
	if cause >= 0 {
		killGroup(cmd)
		werr = <-done
	} else {
		// Whatever the program left in its group goes with it.
		killGroup(cmd)
	}
	res := Result{Protections: protections}
	var exit *exec.ExitError
	switch {
	case cause == Canceled:
		res.Status, res.Err = Canceled, context.Cause(ctx)
	case cause >= 0:
		res.Status = cause
	case werr == nil:
		res.Status = Exited
	case errors.As(werr, &exit) && exit.Exited():
		res.Status, res.ExitCode = Exited, exit.ExitCode()
	case errors.As(werr, &exit):
		res.Status, res.ExitCode = Signaled, 128+signalNumber(exit)
		res.Signal = res.ExitCode - 128
	default:
		res.Status, res.Err = Error, fmt.Errorf("wait for %s: %w", j.argv[0], werr)
	}
	return res
}
