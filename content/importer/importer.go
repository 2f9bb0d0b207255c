package importer

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/cram-dev/cram/content"
)

// Format is a kind of input file.
type Format string

// The formats the importer reads.
const (
	YAML    Format = "yaml"    // a cram bank
	Anki    Format = "anki"    // Anki's notes in plain text, with #key:value headers
	Quizlet Format = "quizlet" // term and definition per card, no header (Quizlet's export)
	CSV     Format = "csv"     // comma-, semicolon- or tab-separated, with a header row
)

// Formats lists the formats in the order detection tries them.
var Formats = []Format{YAML, Anki, CSV, Quizlet}

// Describe names the format for people.
func (f Format) Describe() string {
	switch f {
	case YAML:
		return "cram bank (YAML)"
	case Anki:
		return "Anki notes in plain text"
	case Quizlet:
		return "Quizlet export (term and definition)"
	case CSV:
		return "CSV with a header row"
	}
	return string(f)
}

// Size limits on what one file may hold. Beyond them a file is refused with
// a located problem rather than read.
const (
	MaxFileSize  = content.MaxFileSize // bytes in one input file
	MaxCards     = 100_000             // cards in one file
	MaxFieldSize = 64 << 10            // bytes in one field
	maxProblems  = 200                 // problems reported per file before giving up
)

// Options tune an import. The zero value detects everything.
type Options struct {
	// Format forces the input format; empty detects it.
	Format Format
	// ID is the bank id to give the bank (cram import --as); empty takes the
	// id of a YAML bank, or derives one from the file name.
	ID string
	// Lang is the language of cards from other tools ("en", "zh"); empty
	// leaves their text language-neutral. It does not apply to YAML banks,
	// nor to CSV columns that name their language (front_zh).
	Lang string
	// FieldSep and CardSep are the separators of a Quizlet export: between
	// term and definition, and between cards. Empty detects them (a tab or a
	// comma; a new line or a semicolon).
	FieldSep, CardSep string
}

// Bank is one imported bank, ready to store.
type Bank struct {
	// Bank is the bank as content.Parse reads Data.
	Bank *content.Bank
	// Data is the bank file to store: a YAML bank's own bytes (as UTF-8,
	// with the id replaced when Options.ID asked for it), or the YAML
	// written for cards from another tool.
	Data []byte
	// Format is the format the input was read as; Encoding its encoding.
	Format   Format
	Encoding Encoding
	// Cards counts the cards read from another tool's export, Skipped the
	// duplicates left out.
	Cards, Skipped int
}

// Read imports the file called name from r, reading at most MaxFileSize
// bytes; see Import.
func Read(name string, r io.Reader, opts Options) (*Bank, content.Problems) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, content.Problems{{File: name, Line: 1, Col: 1, Msg: "read: " + err.Error()}}
	}
	return Import(name, data, opts)
}

// Import reads one file, of any supported format, and returns the bank it
// holds with every problem found, located in the file. The bank is nil
// when any problem is an error. name is used in messages and, when opts.ID
// is empty and the file is not a YAML bank, to derive the bank id.
func Import(name string, data []byte, opts Options) (*Bank, content.Problems) {
	im := &importer{name: name, opts: opts}
	b := im.run(data)
	sort.SliceStable(im.problems, func(i, j int) bool {
		a, c := im.problems[i], im.problems[j]
		if a.Line != c.Line {
			return a.Line < c.Line
		}
		return a.Col < c.Col
	})
	if im.problems.HasErrors() {
		return nil, im.problems
	}
	return b, im.problems
}

// importer holds the state of one file's import.
type importer struct {
	name     string
	opts     Options
	problems content.Problems
	stopped  bool
}

func (im *importer) add(sev content.Severity, line, col int, hint, format string, args ...any) {
	if im.stopped {
		return
	}
	if len(im.problems) >= maxProblems {
		im.problems = append(im.problems, content.Problem{File: im.name, Line: line, Col: max(col, 1),
			Msg: fmt.Sprintf("too many problems; stopped after %d", maxProblems), Hint: "fix these first"})
		im.stopped = true
		return
	}
	im.problems = append(im.problems, content.Problem{File: im.name, Line: max(line, 1), Col: max(col, 1), Severity: sev,
		Msg: fmt.Sprintf(format, args...), Hint: hint})
}

func (im *importer) errorf(line, col int, hint, format string, args ...any) {
	im.add(content.SevError, line, col, hint, format, args...)
}

func (im *importer) warnf(line, col int, hint, format string, args ...any) {
	im.add(content.SevWarning, line, col, hint, format, args...)
}

func (im *importer) run(data []byte) *Bank {
	if len(data) > MaxFileSize {
		im.errorf(1, 1, "split it into several files", "the file is larger than %d MiB", MaxFileSize>>20)
		return nil
	}
	text, enc, p := decodeText(im.name, data)
	if p != nil {
		im.problems = append(im.problems, *p)
		return nil
	}
	if len(bytes.TrimSpace(text)) == 0 {
		im.errorf(1, 1, "export the cards again, or check that this is the right file", "the file is empty")
		return nil
	}
	if im.opts.ID != "" && !content.ValidID(im.opts.ID) {
		im.errorf(1, 1, "use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters",
			"%q is not a valid bank id", im.opts.ID)
		return nil
	}
	format := im.opts.Format
	if format == "" && (im.opts.FieldSep != "" || im.opts.CardSep != "") {
		format = Quizlet // only Quizlet's export has chosen separators
	}
	if format == "" {
		format = detect(im.name, string(text))
	}
	var b *Bank
	switch format {
	case YAML:
		b = im.yamlBank(text)
	case Anki, CSV, Quizlet:
		b = im.foreign(format, normalizeNewlines(string(text)))
	case "":
		im.errorf(1, 1, "cram imports YAML banks, Anki's notes in plain text (.txt), Quizlet exports and CSV/TSV files with a header row such as front,back,tags; name the format with --format",
			"cannot tell the format of this file")
		return nil
	default:
		im.errorf(1, 1, "use yaml, anki, quizlet or csv", "unknown format %q", format)
		return nil
	}
	if b != nil {
		b.Format, b.Encoding = format, enc
	}
	return b
}

// yamlBank validates a cram bank and keeps its bytes.
func (im *importer) yamlBank(data []byte) *Bank {
	if im.opts.Lang != "" {
		im.warnf(1, 1, "a cram bank names its languages itself (languages: [...])", "the language %s given is not used for a cram bank", im.opts.Lang)
	}
	if im.opts.ID != "" {
		if b, ps := content.Parse(im.name, data); b != nil && !ps.HasErrors() && b.ID != im.opts.ID {
			out, err := content.SetID(data, im.opts.ID)
			if err != nil {
				im.errorf(1, 1, "", "%v", err)
				return nil
			}
			data = out
		}
	}
	b, ps := content.Parse(im.name, data)
	im.problems = append(im.problems, ps...)
	if ps.HasErrors() || b == nil {
		return nil
	}
	return &Bank{Bank: b, Data: data}
}

// baseName is the file name without folders and extension.
func baseName(name string) string {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if ext := path.Ext(base); ext != "" && len(ext) <= 5 {
		base = strings.TrimSuffix(base, ext)
	}
	return strings.TrimSpace(base)
}
