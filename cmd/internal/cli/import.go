package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/content/importer"
)

// Limits on one cram import, on top of the importer's per-file limits.
const (
	maxImportFiles = 1000
	maxImportBytes = 256 << 20
	// maxWarningsShown caps the warnings printed; --json has them all.
	maxWarningsShown = 20
)

// ImportOptions are the inputs of `cram import`.
type ImportOptions struct {
	IO      *IOStreams
	Paths   []string
	As      string
	Replace bool
	DryRun  bool
	JSON    bool
	// Lang is the language of the cards' text, from a --lang given on the
	// command line; the configured interface language does not count.
	Lang              string
	Format            string
	FieldSep, CardSep string

	// Dir is the bank folder imports are stored in.
	Dir     string
	Catalog func() (*content.Catalog, error)
}

// NewCmdImport builds `cram import`.
func NewCmdImport(f *Factory, runF func(*ImportOptions) error) *cobra.Command {
	opts := &ImportOptions{IO: f.IO, Catalog: f.Catalog}
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Add question banks: YAML banks, or exports of Anki, Quizlet and spreadsheets",
		Long: `Import question banks into your bank folder ($data_dir/banks), where quiz,
review, cards, export and verify find them.

PATH is a file or a folder of files. cram reads:
  - cram banks (.yaml, .yml), stored as they are;
  - Anki's "Notes in Plain Text" export (.txt), with its #separator:, #html:,
    #columns:, #tags column: … header lines, HTML fields and tags;
  - Quizlet's export: term and definition per card, a tab or comma between
    them and a new line or semicolon between cards (other separators with
    --field-sep and --card-sep);
  - CSV or TSV with a header row naming its columns: front, back, tags,
    topic, difficulty, explanation, references, id, type (front_zh, back_zh …
    for text in a language).
Files may be UTF-8 (with or without a byte order mark) or UTF-16, with any
line endings. How cards become questions is described in the bank format's
documentation, "Importing from other tools": a short back becomes a typed
answer, a longer one an open question with the back as model answer, Anki
cloze deletions become blanks.

Everything is checked first: when any file has an error, every problem is
printed as file:line:col and nothing is written. A bank id that is already
used is refused: choose another with --as, or replace an imported bank with
--replace. Text from other tools has no language unless --lang names it.
Importing never runs a bank's verification programs; cram trust approves
them.`,
		Example: `  cram import ~/Downloads/Concurrency.txt            # an Anki export
  cram import quizlet.txt --card-sep '\n\n'           # Quizlet, blank line between cards
  cram import cards.csv --as interview --lang zh
  cram import my-banks/                                # every bank in a folder
  cram import gil-notes.yaml --replace                 # a newer version of an imported bank
  cram import deck.txt --dry-run --json`,
		Args: minArgs(1, "at least one file or folder to import"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.Dir = f.ImportedDir()
			if fl := cmd.Flags().Lookup("lang"); fl != nil && fl.Changed {
				opts.Lang = f.Config().Lang
			}
			switch importer.Format(opts.Format) {
			case "", importer.YAML, importer.Anki, importer.Quizlet, importer.CSV:
			default:
				return flagErrorf("--format must be yaml, anki, quizlet or csv, not %q", opts.Format)
			}
			if opts.As != "" && !content.ValidID(opts.As) {
				return flagErrorf("--as %q is not a bank id: use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters", opts.As)
			}
			if runF != nil {
				return runF(opts)
			}
			return importRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.As, "as", "", "store the bank under `ID` instead of its own id (one bank only)")
	fl.BoolVar(&opts.Replace, "replace", false, "replace an imported bank of the same id (your progress is kept)")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "check and report, but write nothing")
	fl.BoolVar(&opts.JSON, "json", false, "print JSON")
	fl.StringVar(&opts.Format, "format", "", "read every file as `FORMAT`: yaml, anki, quizlet or csv (default: detect)")
	fl.StringVar(&opts.FieldSep, "field-sep", "", "Quizlet: the `SEP` between term and definition (\\t for a tab)")
	fl.StringVar(&opts.CardSep, "card-sep", "", "Quizlet: the `SEP` between cards (\\n for a new line)")
	return cmd
}

// importInput is one file to import.
type importInput struct {
	path string // as found, for opening
	name string // as shown in messages
}

// importedBank is one bank of an import, with where it goes.
type importedBank struct {
	*importer.Bank
	input   importInput
	target  string // the file it is written to
	replace bool   // target holds an imported bank of the same id
}

// importReport is the JSON output of cram import.
type importReport struct {
	DryRun   bool               `json:"dry_run"`
	Banks    []importReportBank `json:"banks"`
	Problems content.Problems   `json:"problems"`
}

type importReportBank struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	File      string `json:"file"`
	Format    string `json:"format"`
	Encoding  string `json:"encoding"`
	Questions int    `json:"questions"`
	Skipped   int    `json:"duplicates_skipped"`
	Programs  int    `json:"programs"`
	Path      string `json:"path"`
	Action    string `json:"action"`
}

func importRun(opts *ImportOptions) error {
	rep := importReport{DryRun: opts.DryRun, Banks: []importReportBank{}, Problems: content.Problems{}}
	inputs, problems, err := expandImportPaths(opts.Paths)
	if err != nil {
		return err
	}
	rep.Problems = append(rep.Problems, problems...)
	var banks []*importedBank
	total := 0
	for _, in := range inputs {
		b, ps := importOne(in, opts, &total)
		rep.Problems = append(rep.Problems, ps...)
		if b != nil {
			banks = append(banks, &importedBank{Bank: b, input: in})
		}
	}
	if !rep.Problems.HasErrors() {
		if opts.As != "" && len(banks) > 1 {
			return flagErrorf("--as names one bank, but %s hold %d banks", strings.Join(opts.Paths, " "), len(banks))
		}
		rep.Problems = append(rep.Problems, placeBanks(banks, opts)...)
	}
	if rep.Problems.HasErrors() {
		return importFailed(opts, &rep)
	}
	if !opts.DryRun {
		if err := writeBanks(opts.Dir, banks); err != nil {
			return err
		}
	}
	for _, b := range banks {
		rep.Banks = append(rep.Banks, reportBank(b, opts.DryRun))
	}
	if opts.JSON {
		return writeJSON(opts.IO, rep)
	}
	printProblems(opts.IO, rep.Problems)
	for _, r := range rep.Banks {
		verb := map[string]string{"added": "imported", "replaced": "replaced", "would add": "would import", "would replace": "would replace"}[r.Action]
		fmt.Fprintf(opts.IO.Out, "%s %s: %s from %s (%s) → %s\n", verb, r.ID, plural(r.Questions, "question"), r.File, formatName(r.Format), r.Path)
		if r.Skipped > 0 {
			fmt.Fprintf(opts.IO.Out, "  %s left out\n", plural(r.Skipped, "duplicate card"))
		}
		if r.Programs > 0 {
			fmt.Fprintf(opts.IO.Out, "  %s not run: cram trust %s shows them for approval\n", plural(r.Programs, "verification program"), r.ID)
		}
	}
	if len(rep.Banks) > 0 && !opts.DryRun {
		fmt.Fprintf(opts.IO.ErrOut, "practise with: cram quiz --bank %s\n", rep.Banks[0].ID)
	}
	return nil
}

func formatName(f string) string { return importer.Format(f).Describe() }

func reportBank(b *importedBank, dry bool) importReportBank {
	action := map[[2]bool]string{{false, false}: "added", {true, false}: "replaced",
		{false, true}: "would add", {true, true}: "would replace"}[[2]bool{b.replace, dry}]
	programs := 0
	for _, q := range b.Bank.Bank.Questions {
		if q.Program() != nil {
			programs++
		}
	}
	return importReportBank{ID: b.Bank.Bank.ID, Title: b.Bank.Bank.Title.Get("en", b.Bank.Bank.Languages), File: b.input.name,
		Format: string(b.Format), Encoding: string(b.Encoding), Questions: len(b.Bank.Bank.Questions), Skipped: b.Skipped,
		Programs: programs, Path: b.target, Action: action}
}

// importFailed reports the problems of an import that writes nothing.
func importFailed(opts *ImportOptions, rep *importReport) error {
	if opts.JSON {
		if err := writeJSON(opts.IO, rep); err != nil {
			return err
		}
		return ErrSilent
	}
	printProblems(opts.IO, rep.Problems)
	files := map[string]bool{}
	for _, p := range rep.Problems.Errors() {
		files[p.File] = true
	}
	fmt.Fprintf(opts.IO.ErrOut, "nothing was imported: %s in %s; the bank folder is unchanged\n",
		plural(len(rep.Problems.Errors()), "error"), plural(len(files), "file"))
	return ErrSilent
}

// printProblems prints every error and the first warnings to stderr.
func printProblems(ios *IOStreams, ps content.Problems) {
	cs := ios.Colors()
	warned := 0
	for _, p := range ps {
		if p.Severity == content.SevWarning {
			warned++
			if warned > maxWarningsShown {
				continue
			}
			fmt.Fprintln(ios.ErrOut, cs.Yellow(p.String()))
			continue
		}
		fmt.Fprintln(ios.ErrOut, cs.Red(p.String()))
	}
	if warned > maxWarningsShown {
		fmt.Fprintf(ios.ErrOut, "… and %d more warnings (--json lists them all)\n", warned-maxWarningsShown)
	}
}

// expandImportPaths lists the files to import: each file named, and the
// supported files directly in each folder named. A symbolic link inside a
// folder is skipped with a warning: it could point anywhere, and a bank
// folder from someone else should not make cram read files outside it.
func expandImportPaths(paths []string) ([]importInput, content.Problems, error) {
	var out []importInput
	var ps content.Problems
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("import: %w", unwrapPathErr(err))
		}
		if !st.IsDir() {
			if !st.Mode().IsRegular() {
				return nil, nil, fmt.Errorf("import: %s is not a regular file", p)
			}
			out = append(out, importInput{path: p, name: p})
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, nil, fmt.Errorf("import: %w", unwrapPathErr(err))
		}
		n := len(out)
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") || !importable(name) {
				continue
			}
			full := filepath.Join(p, name)
			if e.Type()&fs.ModeSymlink != 0 {
				ps = append(ps, content.Problem{File: full, Line: 1, Col: 1, Severity: content.SevWarning,
					Msg: "skipped: a symbolic link", Hint: "import the file it points to by naming it"})
				continue
			}
			if !e.Type().IsRegular() {
				continue
			}
			out = append(out, importInput{path: full, name: full})
		}
		if len(out) == n {
			return nil, nil, fmt.Errorf("import: folder %s holds no .yaml, .yml, .txt, .csv or .tsv file", p)
		}
	}
	if len(out) > maxImportFiles {
		return nil, nil, fmt.Errorf("import: %d files is more than %d at once; import them in parts", len(out), maxImportFiles)
	}
	return out, ps, nil
}

func importable(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".txt", ".csv", ".tsv":
		return true
	}
	return false
}

// importOne reads and converts one file; total counts the bytes read so far.
func importOne(in importInput, opts *ImportOptions, total *int) (*importer.Bank, content.Problems) {
	data, err := readFileCapped(in.path, importer.MaxFileSize)
	if err != nil {
		return nil, content.Problems{{File: in.name, Line: 1, Col: 1, Msg: err.Error(), Hint: "split it into several files"}}
	}
	*total += len(data)
	if *total > maxImportBytes {
		return nil, content.Problems{{File: in.name, Line: 1, Col: 1,
			Msg: fmt.Sprintf("the files add up to more than %d MiB", maxImportBytes>>20), Hint: "import them in parts"}}
	}
	return importer.Import(in.name, data, importer.Options{Format: importer.Format(opts.Format), ID: opts.As, Lang: opts.Lang,
		FieldSep: opts.FieldSep, CardSep: opts.CardSep})
}

// placeBanks decides where each bank goes, refusing ids that are taken.
func placeBanks(banks []*importedBank, opts *ImportOptions) content.Problems {
	cat, err := opts.Catalog()
	if err != nil {
		return content.Problems{{File: opts.Dir, Line: 1, Col: 1, Msg: err.Error()}}
	}
	var ps content.Problems
	refuse := func(b *importedBank, hint, format string, args ...any) {
		ps = append(ps, content.Problem{File: b.input.name, Line: 1, Col: 1, Msg: fmt.Sprintf(format, args...), Hint: hint})
	}
	dir := filepath.Clean(opts.Dir)
	seen := map[string]*importedBank{}
	for _, b := range banks {
		id := b.Bank.Bank.ID
		if !content.ValidID(id) { // content.Parse has checked it; a bank id is a file name here
			refuse(b, "", "bank id %q cannot be a file name", id)
			continue
		}
		if prev, dup := seen[id]; dup {
			refuse(b, "import one of them with --as NEWID", "bank id %q is also the id of the bank in %s", id, prev.input.name)
			continue
		}
		seen[id] = b
		b.target = filepath.Join(dir, id+".yaml")
		if filepath.Dir(b.target) != dir {
			refuse(b, "", "bank id %q would be stored outside the bank folder", id)
			continue
		}
		if old := cat.Bank(id); old != nil {
			switch old.Source {
			case content.SourceBuiltin:
				refuse(b, "import it under another id with --as NEWID", "bank id %q is the id of a built-in bank", id)
				continue
			case SourceImported:
				if !opts.Replace {
					refuse(b, "replace it with --replace, which keeps your progress, or import under another id with --as NEWID",
						"bank %q is already imported (%s)", id, old.File)
					continue
				}
				if filepath.Dir(filepath.Clean(old.File)) != dir {
					refuse(b, "", "bank %q is in %s, outside the bank folder", id, old.File)
					continue
				}
				b.target, b.replace = filepath.Clean(old.File), true
				continue
			default:
				refuse(b, "import it under another id with --as NEWID",
					"bank id %q is used by %s, read in place from a folder in banks.dirs", id, old.File)
				continue
			}
		}
		if _, err := os.Lstat(b.target); err == nil {
			refuse(b, "move that file away, or import under another id with --as NEWID",
				"%s already exists and does not hold a bank %q that loads", b.target, id)
		}
	}
	return ps
}

// writeBanks stores every bank or none: each is written to a temporary file
// in the bank folder and synced, and only when all are written are they
// moved into place, a new bank by a hard link that fails if the name was
// taken meanwhile, a replaced one by an atomic rename.
func writeBanks(dir string, banks []*importedBank) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create the bank folder %s: %w (choose another data folder with --data-dir)", dir, err)
	}
	tmps := make([]string, len(banks))
	cleanup := func() {
		for _, t := range tmps {
			if t != "" {
				os.Remove(t)
			}
		}
	}
	for i, b := range banks {
		f, err := os.CreateTemp(dir, ".import-*.tmp")
		if err != nil {
			cleanup()
			return fmt.Errorf("write to the bank folder %s: %w", dir, err)
		}
		tmps[i] = f.Name()
		_, err = f.Write(b.Data)
		if err == nil {
			err = f.Chmod(0o644)
		}
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", b.target, err)
		}
	}
	for i, b := range banks {
		var err error
		if b.replace {
			err = os.Rename(tmps[i], b.target)
		} else {
			err = os.Link(tmps[i], b.target)
			if err != nil && !errors.Is(err, fs.ErrExist) {
				// A file system without hard links: rename, having checked the name is free.
				if _, lerr := os.Lstat(b.target); errors.Is(lerr, fs.ErrNotExist) {
					err = os.Rename(tmps[i], b.target)
				}
			}
			if err == nil {
				os.Remove(tmps[i])
			}
		}
		if err != nil {
			cleanup()
			done := make([]string, 0, i)
			for _, d := range banks[:i] {
				done = append(done, d.Bank.Bank.ID)
			}
			if len(done) > 0 {
				return fmt.Errorf("store %s: %w (already stored: %s)", b.target, err, strings.Join(done, ", "))
			}
			return fmt.Errorf("store %s: %w", b.target, err)
		}
		tmps[i] = ""
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
