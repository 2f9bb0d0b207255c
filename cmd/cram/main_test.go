package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cram-dev/cram/cmd/internal/cli"
)

func TestMain(m *testing.M) {
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
		Setup: func(env *testscript.Env) error {
			work := env.WorkDir
			env.Setenv("HOME", filepath.Join(work, "home"))
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(work, "home", ".config"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(work, "home", ".local", "share"))
			env.Setenv("XDG_CACHE_HOME", filepath.Join(work, "home", ".cache"))
			env.Setenv("NO_COLOR", "1")
			env.Setenv("TESTDATA", mustAbs(t, "testdata"))
			env.Setenv("CONTENT_TESTDATA", mustAbs(t, filepath.Join("..", "..", "content", "testdata")))
			return nil
		},
	})
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
