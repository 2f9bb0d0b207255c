// Package cli wires cram's commands: it parses flags and configuration, calls
// the content, quiz and export packages, and prints their results.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/cram-dev/cram/cmd/internal/iostreams"
	"github.com/cram-dev/cram/quiz/sandbox"
)

// Exit statuses, documented in `cram help exit-codes`.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

// Main runs cram with the process's arguments and streams and returns its exit
// status. It never calls os.Exit, so tests can run it in-process.
func Main() int {
	// A sandboxed verification program starts as cram itself, re-executed:
	// it must set its limits before anything else runs.
	if code, ok := sandbox.MaybeChild(); ok {
		return code
	}
	return Run(context.Background(), os.Args[1:], iostreams.System())
}

// Run runs cram with args on the given streams and returns the exit status.
// SIGINT and SIGTERM cancel the command's context; a command that stops because
// of them exits 130 after saving what it has.
func Run(ctx context.Context, args []string, ios *iostreams.IOStreams) int {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	f := NewFactory(ios)
	defer f.Close()
	root := NewCmdRoot(f)
	root.SetArgs(args)
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	err := root.ExecuteContext(ctx)
	return exitCode(ctx, err, ios)
}

// FlagError is a mistake in how a command was called; cram prints it with a
// pointer to the command's help and exits 2.
type FlagError struct{ Err error }

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// flagErrorf returns a usage error.
func flagErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

// ErrSilent means the command already printed what went wrong; exit 1.
var ErrSilent = errors.New("silent failure")

// ErrInterrupted means the user stopped the command; exit 130.
var ErrInterrupted = errors.New("interrupted")

// exitCode maps an error to an exit status, printing it when needed. It is the
// only place that decides exit statuses.
func exitCode(ctx context.Context, err error, ios *iostreams.IOStreams) int {
	if err == nil {
		return ExitOK
	}
	cs := iostreams.Palette{}
	var fe *FlagError
	switch {
	case errors.Is(err, ErrSilent):
		return ExitFailure
	case errors.Is(err, ErrInterrupted), errors.Is(err, context.Canceled) && ctx.Err() != nil:
		fmt.Fprintln(ios.ErrOut, "cram: interrupted")
		return ExitInterrupted
	case errors.As(err, &fe) || isCobraUsageError(err):
		fmt.Fprintf(ios.ErrOut, "cram: %s\nRun 'cram --help' for usage.\n", err)
		return ExitUsage
	}
	fmt.Fprintf(ios.ErrOut, "%s %s\n", cs.Red("cram:"), err)
	return ExitFailure
}

// isCobraUsageError recognises the argument errors cobra itself produces.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "if any flags in the group"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
