package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/content"
)

// NewOptions are the inputs of `cram new`.
type NewOptions struct {
	IO     *IOStreams
	ID     string
	Output string
}

// NewCmdNew builds `cram new`.
func NewCmdNew(f *Factory, runF func(*NewOptions) error) *cobra.Command {
	opts := &NewOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "new BANK-ID",
		Short: "Start a question bank: a commented file with one question of every type",
		Long: `Write a starter bank to BANK-ID.yaml (or the file named with -o): one question
of every type, each with its keys commented, and the line that lets editors
using yaml-language-server check the file as you type. It passes
cram lint --strict as written. cram new never overwrites a file; -o - writes
to standard output.`,
		Example: `  cram new my-bank && $EDITOR my-bank.yaml
  cram lint --strict my-bank.yaml && cram import my-bank.yaml
  cram new interview -o banks/interview.yaml`,
		Args: exactArgs(1, "the new bank's id, such as my-bank"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if !content.ValidID(opts.ID) {
				return flagErrorf("%q is not a bank id: use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters", opts.ID)
			}
			if opts.Output == "" {
				opts.Output = opts.ID + ".yaml"
			}
			if runF != nil {
				return runF(opts)
			}
			return newRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to `FILE` (default BANK-ID.yaml; - for standard output)")
	return cmd
}

func newRun(opts *NewOptions) error {
	data, err := content.Starter(opts.ID)
	if err != nil {
		return err
	}
	if opts.Output == "-" {
		_, err := opts.IO.Out.Write(data)
		return err
	}
	f, err := os.OpenFile(opts.Output, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; cram new never overwrites a file (name another with -o)", opts.Output)
	}
	if err != nil {
		return fmt.Errorf("new bank: %w", unwrapPathErr(err))
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", opts.Output, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", opts.Output, err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "wrote %s: edit it, check it with cram lint --strict %s, then cram import %s\n", opts.Output, opts.Output, opts.Output)
	return nil
}
