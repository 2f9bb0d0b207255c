package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cram-dev/cram/cmd/internal/cli"
	"github.com/cram-dev/cram/quiz/sandbox"
)

func TestMain(m *testing.M) {
	// The sandbox re-executes the running binary to set up a program's
	// limits; under test that binary is this one.
	if code, ok := sandbox.MaybeChild(); ok {
		os.Exit(code)
	}
	testscript.Main(m, map[string]func(){
		"cram": func() { os.Exit(cli.Main()) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: each runs the
// cram binary the way a user does, with HOME and the XDG folders under $WORK.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"screen": cmdScreen,
		},
		Setup: func(env *testscript.Env) error {
			work := env.WorkDir
			env.Setenv("HOME", filepath.Join(work, "home"))
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(work, "home", ".config"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(work, "home", ".local", "share"))
			env.Setenv("XDG_CACHE_HOME", filepath.Join(work, "home", ".cache"))
			env.Setenv("NO_COLOR", "1")
			env.Setenv("TESTDATA", mustAbs(t, "testdata"))
			env.Setenv("CONTENT_TESTDATA", mustAbs(t, filepath.Join("..", "..", "content", "testdata")))
			// A script that drives tmux names its server t.sock; stop it
			// even when the script fails half-way.
			sock := filepath.Join(work, "t.sock")
			env.Defer(func() {
				if _, err := os.Stat(sock); err == nil {
					exec.Command("tmux", "-S", sock, "kill-server").Run()
				}
			})
			return nil
		},
	})
}

// cmdScreen waits until a tmux pane shows text matching a regular
// expression: screen SOCKET TARGET REGEXP. It fails after 20 seconds,
// printing the screen. This drives the terminal UI as a user sees it.
func cmdScreen(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: screen SOCKET TARGET REGEXP")
	}
	re, err := regexp.Compile(args[2])
	ts.Check(err)
	var screen string
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		out, err := exec.Command("tmux", "-S", ts.MkAbs(args[0]), "capture-pane", "-p", "-t", args[1]).Output()
		screen = string(out)
		if err == nil && re.MatchString(screen) != neg {
			ts.Logf("screen:\n%s", screen)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	ts.Fatalf("screen never matched %q (neg=%v); it shows:\n%s", args[2], neg, screen)
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
