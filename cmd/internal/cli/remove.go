package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz/store"
)

// RemoveOptions are the inputs of `cram remove`.
type RemoveOptions struct {
	IO    *IOStreams
	IDs   []string
	Purge bool

	// Dir is the bank folder of imported banks.
	Dir     string
	Catalog func() (*content.Catalog, error)
	Store   func() (*store.Store, error)
}

// NewCmdRemove builds `cram remove`.
func NewCmdRemove(f *Factory, runF func(*RemoveOptions) error) *cobra.Command {
	opts := &RemoveOptions{IO: f.IO, Catalog: f.Catalog, Store: f.Store}
	cmd := &cobra.Command{
		Use:   "remove ID...",
		Short: "Remove an imported bank (your answers to it are kept unless --purge)",
		Long: `Remove banks added with cram import from the bank folder. Your answers to
their questions and their review schedules are kept, so importing the bank
again brings them back; --purge deletes them too, which cannot be undone
(cram progress export keeps a copy first).

Built-in banks cannot be removed, and banks read in place from a folder named
in banks.dirs are yours to delete there.`,
		Example: `  cram remove my-notes
  cram remove old-deck --purge`,
		Args: minArgs(1, "the id of an imported bank (cram banks lists them)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, id := range args {
				if !content.ValidID(id) {
					return flagErrorf("%q is not a bank id (cram banks lists them)", id)
				}
			}
			opts.IDs = args
			opts.Dir = f.ImportedDir()
			if runF != nil {
				return runF(opts)
			}
			return removeRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Purge, "purge", false, "also delete your answers to the bank's questions and their schedules")
	return cmd
}

func removeRun(ctx context.Context, opts *RemoveOptions) error {
	cat, err := opts.Catalog()
	if err != nil {
		return err
	}
	dir := filepath.Clean(opts.Dir)
	// Check every id before removing any.
	files := make([]string, len(opts.IDs))
	for i, id := range opts.IDs {
		b := cat.Bank(id)
		switch {
		case b == nil:
			// A bank file that no longer loads is still removable by its name.
			file := filepath.Join(dir, id+".yaml")
			if st, err := os.Lstat(file); err == nil && st.Mode().IsRegular() {
				files[i] = file
				continue
			}
			hint := "cram banks lists them"
			var ids []string
			for _, b := range cat.Banks() {
				ids = append(ids, b.ID)
			}
			if s := content.Suggest(id, ids); s != "" {
				hint = fmt.Sprintf("did you mean %s?", s)
			}
			return fmt.Errorf("no bank %q (%s)", id, hint)
		case b.Source == content.SourceBuiltin:
			return fmt.Errorf("bank %q is built in and cannot be removed (cram quiz --bank chooses the banks you practise)", id)
		case b.Source != SourceImported:
			return fmt.Errorf("bank %q is read in place from %s (a folder in banks.dirs): delete or move the file there", id, b.File)
		}
		file := filepath.Clean(b.File)
		if filepath.Dir(file) != dir {
			return fmt.Errorf("bank %q is in %s, outside the bank folder %s; not removing it", id, file, dir)
		}
		if st, err := os.Lstat(file); err != nil || !st.Mode().IsRegular() {
			return fmt.Errorf("bank %q: %s is not a regular file; not removing it", id, file)
		}
		files[i] = file
	}
	var st *store.Store
	if opts.Purge {
		if st, err = opts.Store(); err != nil {
			return err
		}
		defer st.Close()
	}
	for i, id := range opts.IDs {
		if err := os.Remove(files[i]); err != nil {
			return fmt.Errorf("remove bank %s: %w", id, err)
		}
		fmt.Fprintf(opts.IO.Out, "removed bank %s (%s)\n", id, files[i])
		if st != nil {
			n, err := st.ResetBank(ctx, id)
			if err != nil {
				return fmt.Errorf("purge the answers to bank %s: %w", id, err)
			}
			fmt.Fprintf(opts.IO.Out, "deleted %d answer(s) to bank %s\n", n, id)
		}
	}
	if !opts.Purge {
		fmt.Fprintln(opts.IO.ErrOut, "your answers are kept: importing the bank again brings them back (cram remove --purge deletes them)")
	}
	return nil
}
