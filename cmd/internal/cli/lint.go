package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/content"
)

// LintOptions are the inputs of `cram lint`.
type LintOptions struct {
	IO     *IOStreams
	Paths  []string
	JSON   bool
	Strict bool
}

// NewCmdLint builds `cram lint`.
func NewCmdLint(f *Factory, runF func(*LintOptions) error) *cobra.Command {
	opts := &LintOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "lint FILE|FOLDER...",
		Short: "Check bank files and report every problem with its line and column",
		Long: `Check bank files against the bank format and report every problem at once,
each as file:line:col: what is wrong (how to fix it). A folder checks every
.yaml and .yml file in it.

Exit status: 0 when no file has errors (with --strict: nor warnings), 1 when
problems were found, 2 on a usage error.`,
		Example: `  cram lint mybank.yaml
  cram lint --strict banks/
  cram lint --json mybank.yaml | jq '.problems[].message'`,
		Args: minArgs(1, "at least one bank file or folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return lintRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "treat warnings as errors")
	return cmd
}

type lintReport struct {
	Files    []string         `json:"files"`
	Errors   int              `json:"errors"`
	Warnings int              `json:"warnings"`
	Problems content.Problems `json:"problems"`
}

func lintRun(opts *LintOptions) error {
	var files []string
	for _, p := range opts.Paths {
		st, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("lint: %w", unwrapPathErr(err))
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return fmt.Errorf("lint: %w", err)
		}
		n := len(files)
		for _, e := range entries {
			if e.Type().IsRegular() && content.IsBankFile(e.Name()) {
				files = append(files, filepath.Join(p, e.Name()))
			}
		}
		if len(files) == n {
			return fmt.Errorf("lint: folder %s holds no .yaml or .yml file", p)
		}
	}
	rep := lintReport{Files: files, Problems: content.Problems{}}
	for _, file := range files {
		data, err := readFileCapped(file, content.MaxFileSize)
		if err != nil {
			rep.Problems = append(rep.Problems, content.Problem{File: file, Line: 1, Col: 1, Msg: err.Error()})
			continue
		}
		_, ps := content.Parse(file, data)
		rep.Problems = append(rep.Problems, ps...)
	}
	rep.Errors = len(rep.Problems.Errors())
	rep.Warnings = len(rep.Problems.Warnings())
	if opts.JSON {
		if err := writeJSON(opts.IO, rep); err != nil {
			return err
		}
	} else {
		cs := opts.IO.Colors()
		for _, p := range rep.Problems {
			line := p.String()
			if p.Severity == content.SevError {
				line = cs.Red(line)
			} else {
				line = cs.Yellow(line)
			}
			fmt.Fprintln(opts.IO.Out, line)
		}
		fmt.Fprintf(opts.IO.ErrOut, "%s in %s\n", plural(rep.Errors, "error")+", "+plural(rep.Warnings, "warning"), plural(len(files), "file"))
	}
	if rep.Errors > 0 || (opts.Strict && rep.Warnings > 0) {
		return ErrSilent
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// readFileCapped reads a file, refusing one larger than max bytes.
func readFileCapped(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, unwrapPathErr(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: more than %d MiB", content.ErrTooLarge, max>>20)
	}
	return data, nil
}
