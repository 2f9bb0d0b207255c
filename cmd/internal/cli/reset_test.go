package cli

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/cmd/internal/iostreams"
)

// execCmd runs a command built by build with args, after loading the
// configuration as the root command would.
func execCmd(t *testing.T, build func(f *Factory) *cobra.Command, args ...string) error {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	ios, _, _, _ := iostreams.Test()
	f := NewFactory(ios)
	cmd := build(f)
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &FlagError{Err: err} })
	cmd.PreRunE = func(c *cobra.Command, _ []string) error { return f.loadConfig(c) }
	return cmd.ExecuteContext(context.Background())
}

// TestNewCmdProgressCommands checks how the progress commands read their
// flags and arguments.
func TestNewCmdProgressCommands(t *testing.T) {
	var got any
	capture := func(o any) error { got = o; return nil }
	tests := []struct {
		name      string
		build     func(f *Factory) *cobra.Command
		args      []string
		wantUsage bool
		check     func(t *testing.T)
	}{
		{"reset needs a bank", func(f *Factory) *cobra.Command {
			return NewCmdReset(f, func(o *ResetOptions) error { return capture(o) })
		}, nil, true, nil},
		{"reset", func(f *Factory) *cobra.Command {
			return NewCmdReset(f, func(o *ResetOptions) error { return capture(o) })
		}, []string{"--bank", "gil", "-y"}, false,
			func(t *testing.T) {
				if o := got.(*ResetOptions); o.Bank != "gil" || !o.Yes {
					t.Errorf("got %+v", o)
				}
			}},
		{"stats days out of range", func(f *Factory) *cobra.Command {
			return NewCmdStats(f, func(o *StatsOptions) error { return capture(o) })
		}, []string{"--days", "0"}, true, nil},
		{"stats", func(f *Factory) *cobra.Command {
			return NewCmdStats(f, func(o *StatsOptions) error { return capture(o) })
		}, []string{"--json", "--days", "30"}, false,
			func(t *testing.T) {
				if o := got.(*StatsOptions); !o.JSON || o.Days != 30 || o.Lang != "en" {
					t.Errorf("got %+v", o)
				}
			}},
		{"review negative count", func(f *Factory) *cobra.Command {
			return NewCmdReview(f, func(o *ReviewOptions) error { return capture(o) })
		}, []string{"-n", "-1"}, true, nil},
		{"review", func(f *Factory) *cobra.Command {
			return NewCmdReview(f, func(o *ReviewOptions) error { return capture(o) })
		}, []string{"--bank", "gil", "--type", "single", "-n", "5", "--plain"}, false,
			func(t *testing.T) {
				if o := got.(*ReviewOptions); o.Count != 5 || !o.Plain || o.Selection.Banks[0] != "gil" || o.Selection.Types[0] != "single" {
					t.Errorf("got %+v", o)
				}
			}},
		{"review takes no arguments", func(f *Factory) *cobra.Command {
			return NewCmdReview(f, func(o *ReviewOptions) error { return capture(o) })
		}, []string{"gil"}, true, nil},
		{"cards", func(f *Factory) *cobra.Command {
			return NewCmdCards(f, func(o *CardsOptions) error { return capture(o) })
		}, []string{"--all", "--topic", "gil"}, false,
			func(t *testing.T) {
				if o := got.(*CardsOptions); !o.All || o.Selection.Topics[0] != "gil" {
					t.Errorf("got %+v", o)
				}
			}},
		{"history needs an id", func(f *Factory) *cobra.Command {
			return NewCmdHistory(f, func(o *HistoryOptions) error { return capture(o) })
		}, nil, true, nil},
		{"history", func(f *Factory) *cobra.Command {
			return NewCmdHistory(f, func(o *HistoryOptions) error { return capture(o) })
		}, []string{"gil/q", "--json"}, false,
			func(t *testing.T) {
				if o := got.(*HistoryOptions); o.ID != "gil/q" || !o.JSON {
					t.Errorf("got %+v", o)
				}
			}},
		{"export", func(f *Factory) *cobra.Command {
			return NewCmdProgress(f, func(o *ProgressOptions) error { return capture(o) }, nil)
		}, []string{"export", "out.json", "--force"}, false,
			func(t *testing.T) {
				if o := got.(*ProgressOptions); o.File != "out.json" || !o.Force {
					t.Errorf("got %+v", o)
				}
			}},
		{"import needs a file", func(f *Factory) *cobra.Command {
			return NewCmdProgress(f, nil, func(o *ProgressOptions) error { return capture(o) })
		}, []string{"import"}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got = nil
			err := execCmd(t, tt.build, tt.args...)
			var fe *FlagError
			if usage := errors.As(err, &fe) || (err != nil && isCobraUsageError(err)); usage != tt.wantUsage {
				t.Fatalf("got %v, want a usage error: %v", err, tt.wantUsage)
			}
			if !tt.wantUsage && err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t)
			}
		})
	}
}

func TestResetRefusesWithoutATerminal(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	// A nil Store would panic if it were opened.
	err := resetRun(context.Background(), &ResetOptions{IO: ios, Bank: "gil", Store: nil})
	var fe *FlagError
	if !errors.As(err, &fe) {
		t.Errorf("got %v, want a usage error before the store is opened", err)
	}
}
