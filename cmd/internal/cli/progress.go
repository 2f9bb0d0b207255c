package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz/store"
)

// ProgressOptions are the inputs of `cram progress export` and `import`.
type ProgressOptions struct {
	IO    *IOStreams
	Now   func() time.Time
	File  string // "-": standard output or input
	Force bool

	Catalog func() (*content.Catalog, error)
	Store   func() (*store.Store, error)
}

// NewCmdProgress builds `cram progress` and its export and import commands.
func NewCmdProgress(f *Factory, exportF, importF func(*ProgressOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "progress",
		Short: "Export your answers to a file, or merge a file into them",
		Long: `Carry progress between machines, or keep a copy: export writes every answer
ever given to a JSON file; import merges such a file into this machine's
answers. An answer already there (the same question at the same moment) is
not added twice, so importing the same file again changes nothing, and two
machines can swap files both ways. Schedules are recomputed from the merged
answers. Approvals of verification programs are not carried: approve them
again on each machine with cram trust.`,
		Example: `  cram progress export ~/cram-progress.json
  cram progress import ~/cram-progress.json
  ssh laptop cram progress export - | cram progress import -`,
	}
	cmd.AddCommand(newCmdProgressExport(f, exportF), newCmdProgressImport(f, importF))
	return cmd
}

func newCmdProgressExport(f *Factory, runF func(*ProgressOptions) error) *cobra.Command {
	opts := &ProgressOptions{IO: f.IO, Now: f.Now, Catalog: f.Catalog, Store: f.Store}
	cmd := &cobra.Command{
		Use:   "export FILE",
		Short: "Write every answer to a JSON file (- for standard output)",
		Example: `  cram progress export backup.json
  cram progress export backup.json --force   # replace an earlier backup`,
		Args: exactArgs(1, "a file to write, or - for standard output"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return progressExportRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace FILE if it exists")
	return cmd
}

func newCmdProgressImport(f *Factory, runF func(*ProgressOptions) error) *cobra.Command {
	opts := &ProgressOptions{IO: f.IO, Now: f.Now, Catalog: f.Catalog, Store: f.Store}
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Merge the answers of a file written by cram progress export (- for standard input)",
		Long: `Merge the answers of a file written by cram progress export. The whole file
is checked first: a file that is not valid JSON, was written by another
tool or by a newer cram, or has any invalid answer is refused with the
place of the problem, and nothing is imported.`,
		Example: `  cram progress import backup.json`,
		Args:    exactArgs(1, "a file written by cram progress export, or - for standard input"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return progressImportRun(cmd.Context(), opts)
		},
	}
}

func progressExportRun(ctx context.Context, opts *ProgressOptions) error {
	if opts.File != "-" && !opts.Force {
		if _, err := os.Stat(opts.File); err == nil {
			return fmt.Errorf("%s exists: pass --force to replace it, or name another file", opts.File)
		}
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	defer st.Close()
	if opts.File == "-" {
		_, err := st.Export(ctx, opts.IO.Out, opts.Now())
		return err
	}
	// Write beside the target, then rename: an interrupted export never
	// leaves a half-written file in place of an earlier one.
	tmp, err := os.CreateTemp(filepath.Dir(opts.File), ".cram-progress-*.json")
	if err != nil {
		return fmt.Errorf("export progress: %w", err)
	}
	defer os.Remove(tmp.Name())
	n, err := st.Export(ctx, tmp, opts.Now())
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), opts.File)
	}
	if err != nil {
		return fmt.Errorf("export progress to %s: %w", opts.File, err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "exported %d answer(s) to %s\n", n, opts.File)
	return nil
}

func progressImportRun(ctx context.Context, opts *ProgressOptions) error {
	var r io.Reader = opts.IO.In
	name := "standard input"
	if opts.File != "-" {
		f, err := os.Open(opts.File)
		if err != nil {
			return fmt.Errorf("import progress: %w", err)
		}
		defer f.Close()
		r, name = f, opts.File
	}
	reviews, err := store.ReadProgress(r)
	if err != nil {
		return fmt.Errorf("import %s: %w (nothing was imported)", name, err)
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.Import(ctx, reviews)
	if err != nil {
		return err
	}
	unknown := map[string]bool{}
	if cat, err := opts.Catalog(); err == nil {
		for _, rv := range reviews {
			if _, err := cat.Lookup(rv.ID); err != nil {
				unknown[rv.ID] = true
			}
		}
	}
	fmt.Fprintf(opts.IO.Out, "imported %d new answer(s) from %s; %d were already here", res.Added, name, res.Duplicates)
	if res.Overruled > 0 {
		fmt.Fprintf(opts.IO.Out, "; %d verdict(s) overruled", res.Overruled)
	}
	fmt.Fprintln(opts.IO.Out)
	if len(unknown) > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "note: %d question(s) in the file are not in your banks; their answers are kept for when they are\n", len(unknown))
	}
	return nil
}
