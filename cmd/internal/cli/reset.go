package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/quiz/store"
)

// ResetOptions are the inputs of `cram reset`.
type ResetOptions struct {
	IO   *IOStreams
	Bank string
	Yes  bool

	Store func() (*store.Store, error)
}

// NewCmdReset builds `cram reset`.
func NewCmdReset(f *Factory, runF func(*ResetOptions) error) *cobra.Command {
	opts := &ResetOptions{IO: f.IO, Store: f.Store}
	cmd := &cobra.Command{
		Use:   "reset --bank ID",
		Short: "Forget every answer to one bank's questions",
		Long: `Delete every answer given to the questions of one bank, and their
schedules: they become new questions again. This cannot be undone; cram
progress export keeps a copy first. On a terminal cram asks before deleting;
elsewhere it deletes nothing unless given --yes.`,
		Example: `  cram progress export before-reset.json && cram reset --bank gil
  cram reset --bank mybank --yes`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Bank == "" {
				return flagErrorf("name the bank to reset with --bank ID")
			}
			if runF != nil {
				return runF(opts)
			}
			return resetRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Bank, "bank", "", "the `ID` of the bank whose answers to forget")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask; needed when not on a terminal")
	return cmd
}

func resetRun(ctx context.Context, opts *ResetOptions) error {
	if !opts.Yes && !opts.IO.IsInteractive() {
		return flagErrorf("cram reset deletes answers: pass --yes to confirm when not on a terminal")
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	defer st.Close()
	reviews, questions, err := st.BankCounts(ctx, opts.Bank)
	if err != nil {
		return err
	}
	if reviews == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "no answers to bank %q: nothing to reset\n", opts.Bank)
		return nil
	}
	if !opts.Yes {
		ok, err := confirm(opts.IO, fmt.Sprintf("Delete %d answer(s) to %d question(s) of bank %q, and their schedules? This cannot be undone (cram progress export keeps a copy).", reviews, questions, opts.Bank))
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(opts.IO.ErrOut, "nothing was deleted")
			return ErrSilent
		}
	}
	n, err := st.ResetBank(ctx, opts.Bank)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "deleted %d answer(s) to bank %s\n", n, opts.Bank)
	return nil
}
