package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/cmd/internal/config"
	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/export"
	"github.com/cram-dev/cram/quiz"
	"github.com/cram-dev/cram/quiz/store"
)

// ExportOptions are the inputs of `cram export FORMAT`.
type ExportOptions struct {
	IO  *IOStreams
	Now func() time.Time

	Format    string // pdf, tsv, md, json or calibrate
	Selection SelectionFlags
	Missed    bool
	Lang      string // en, zh or both; empty: the lang setting
	Output    string // a file, or - for standard output
	CutMarks  bool

	Catalog func() (*content.Catalog, error)
	Config  func() *config.Config
	Store   func() (*store.Store, error)
}

// Export formats.
const (
	formatPDF       = "pdf"
	formatTSV       = "tsv"
	formatMarkdown  = "md"
	formatJSON      = "json"
	formatCalibrate = "calibrate"
)

// NewCmdExport builds `cram export` and its formats.
func NewCmdExport(f *Factory, runF func(*ExportOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export FORMAT",
		Short: "Export questions: printable PDF flashcards, Anki TSV, Markdown, JSON",
		Long: `Export the selected questions (all of them without filters):

  pdf        two-sided flashcards to print and cut out
  tsv        notes for Anki (File › Import, "notes in plain text")
  md         a Markdown study sheet
  json       the cards as JSON, for other tools
  calibrate  a two-sided sheet to measure how far your printer shifts the back

The creation date written into the files is now, or the time in the
environment variable SOURCE_DATE_EPOCH (seconds since 1970) when it is set:
the same questions then give the same bytes.`,
		Example: `  cram export pdf -o cards.pdf
  cram export pdf --bank gil --lang both --layout 3x3 -o gil.pdf
  cram export calibrate -o cal.pdf
  cram export tsv --lang zh -o anki.txt
  cram export md --topic deadlock > deadlock.md`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return flagErrorf("name a format: pdf, tsv, md, json or calibrate")
			}
			return flagErrorf("unknown format %q (use pdf, tsv, md, json or calibrate)", args[0])
		},
		// --lang both is the export's own value: the configuration, which
		// holds the interface language, must not see it.
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			fl := cmd.Flags().Lookup("lang")
			if fl == nil || !fl.Changed {
				return f.loadConfig(cmd)
			}
			lang, err := export.ParseLang(fl.Value.String())
			if err != nil {
				return flagErrorf("--lang: %v", err)
			}
			_ = fl.Value.Set(string(lang))
			if lang != export.Both {
				return f.loadConfig(cmd)
			}
			fl.Changed = false
			defer func() { fl.Changed = true }()
			return f.loadConfig(cmd)
		},
	}
	for _, sub := range []struct {
		format, use, short, long, example string
	}{
		{formatPDF, "pdf", "Print flashcards: a PDF with each card's back behind its front",
			`Write the selected questions as flashcards to print double-sided and cut
out. The front of a card asks (the question, its code and its choices, under
a header with the question id, topic and difficulty), the back answers (the
answer, the key points and the explanation). --lang both shows English and
Chinese together.

Printed double-sided (--duplex long, the usual setting, or short), every
back lands behind its front; with --duplex none each card's front and back
sit side by side, to fold along the dashed line. If your printer shifts the
back side, measure it with cram export calibrate and set --back-offset.

Text that does not fit is set smaller, down to 6 points; what still does not
fit continues on the next card, marked "continued". A character that no font
has is listed in a warning. The settings pdf.font and pdf.mono_font name
TrueType fonts to use before the bundled ones.`,
			`  cram export pdf -o cards.pdf
  cram export pdf --bank gil,sync --difficulty 2,3 --lang both -o cards.pdf
  cram export pdf --layout 1x1 --paper letter -o index-cards.pdf   # 3×5 in cards
  cram export pdf --duplex none --cut-marks -o fold.pdf
  cram export pdf --back-offset 1.5,-0.5 -o cards.pdf`},
		{formatTSV, "tsv", "Anki notes: front, back and tags, tab-separated",
			`Write the selected questions as Anki notes in plain text: a header Anki reads
(tab separator, HTML fields, tags in the third column), then one note a line
with the front, the back and the tags (cram, bank, topic, the question's
tags). In Anki: File › Import, choose the file, note type Basic.`,
			`  cram export tsv -o cram-anki.txt
  cram export tsv --bank gil --lang both -o gil-anki.txt`},
		{formatMarkdown, "md", "A Markdown study sheet: questions with their answers",
			`Write the selected questions as a Markdown study sheet: a section per bank,
and for each question the question, its answer and its explanation.`,
			`  cram export md -o study.md
  cram export md --bank ipc --lang zh > ipc.md`},
		{formatJSON, "json", "The cards as JSON",
			`Write the selected questions as cards in JSON: {"format": 1, "created": …,
"lang": …, "cards": [...]}; texts are objects keyed by language.`,
			`  cram export json --bank gil | jq '.cards[].id'`},
		{formatCalibrate, "calibrate", "Print a sheet that measures your printer's back-side shift",
			`Write a two-sided calibration sheet with the paper, layout and duplex settings
the cards use. Print it double-sided at 100% scale and hold it up to the
light: the thick cross printed on the back falls on the front's scales at
the correction to add to the current back offset. Then print cards with
--back-offset X,Y, or set it once in the config file:

  pdf:
    back_offset: "1.5,-0.5"`,
			`  cram export calibrate -o cal.pdf
  cram export calibrate --paper letter --duplex short -o cal.pdf`},
	} {
		cmd.AddCommand(newExportFormatCmd(f, runF, sub.format, sub.use, sub.short, sub.long, sub.example))
	}
	return cmd
}

func newExportFormatCmd(f *Factory, runF func(*ExportOptions) error, format, use, short, long, example string) *cobra.Command {
	opts := &ExportOptions{IO: f.IO, Now: f.Now, Format: format, Catalog: f.Catalog, Config: f.Config, Store: f.Store}
	cmd := &cobra.Command{
		Use:     use,
		Short:   short,
		Long:    long,
		Example: example,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Lang == "" {
				opts.Lang = f.Config().Lang
			}
			lang, err := export.ParseLang(opts.Lang)
			if err != nil {
				return flagErrorf("--lang: %v", err)
			}
			opts.Lang = string(lang)
			if format == formatCalibrate && opts.Lang == string(export.Both) {
				return flagErrorf("--lang: the calibration sheet is in en or zh")
			}
			if (format == formatPDF || format == formatCalibrate) && opts.Output == "" {
				return flagErrorf("name the output file with -o, for example -o %s (-o - writes to standard output)", map[string]string{formatPDF: "cards.pdf", formatCalibrate: "cal.pdf"}[format])
			}
			if runF != nil {
				return runF(opts)
			}
			return exportRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	out := "write to `FILE` (default: standard output)"
	if format == formatPDF || format == formatCalibrate {
		out = "write the PDF to `FILE` (- for standard output)"
	}
	fl.StringVarP(&opts.Output, "output", "o", "", out)
	langs := "language of the cards: en, zh or both (default: the lang setting)"
	if format == formatCalibrate {
		langs = "language of the instructions: en or zh"
	}
	fl.StringVar(&opts.Lang, "lang", "", langs)
	if format != formatCalibrate {
		opts.Selection.register(cmd)
		fl.BoolVar(&opts.Missed, "missed", false, "only questions whose last answer was wrong or partly right")
	}
	if format == formatPDF || format == formatCalibrate {
		fl.String("paper", "", "paper size: a4 or letter (setting: pdf.paper)")
		fl.String("layout", "", "cards per page: 2x4, 3x3, 2x2, or 1x1 for one index card a page, A6 or 3×5 in (setting: pdf.layout)")
		fl.String("duplex", "", "double-sided printing: long (edge), short (edge) or none (fold) (setting: pdf.duplex)")
		fl.String("back-offset", "", "move back pages by `X,Y` millimetres (setting: pdf.back_offset)")
	}
	if format == formatPDF {
		fl.BoolVar(&opts.CutMarks, "cut-marks", false, "print cut marks in the margins instead of card outlines")
	}
	return cmd
}

func exportRun(ctx context.Context, opts *ExportOptions) error {
	lang, _ := export.ParseLang(opts.Lang)
	created, err := creationDate(opts.Now)
	if err != nil {
		return err
	}
	cfg := opts.Config()
	if opts.Format == formatCalibrate {
		return exportCalibration(opts, cfg, lang, created)
	}
	if opts.Output == "-" && opts.Format == formatPDF && opts.IO.IsStdoutTTY() {
		return flagErrorf("not writing a PDF to the terminal: name a file with -o")
	}
	cat, err := opts.Catalog()
	if err != nil {
		return err
	}
	qs, err := opts.selectQuestions(ctx, cat)
	if err != nil {
		return err
	}
	fallback := bankLanguages(cat)
	write := func(fn func(io.Writer) error) error {
		if opts.Output == "" || opts.Output == "-" {
			return fn(opts.IO.Out)
		}
		return export.WriteFile(opts.Output, fn)
	}
	if opts.Format == formatPDF {
		return exportPDF(opts, cfg, qs, fallback, lang, created, write)
	}
	cards, err := export.BuildCards(qs, fallback, lang)
	if err != nil {
		return err
	}
	switch opts.Format {
	case formatTSV:
		err = write(func(w io.Writer) error { return export.WriteTSV(w, cards, lang) })
	case formatMarkdown:
		titles := map[string]string{}
		for _, b := range cat.Banks() {
			titles[b.ID] = bankTitle(b, lang)
		}
		err = write(func(w io.Writer) error {
			return export.WriteMarkdown(w, cards, export.MarkdownOptions{Lang: lang, Created: created, BankTitles: titles})
		})
	case formatJSON:
		err = write(func(w io.Writer) error { return export.WriteJSON(w, cards, lang, created) })
	}
	if err != nil {
		return err
	}
	opts.wrote(fmt.Sprintf(exportText(opts.Lang).WroteCards, len(cards)))
	return nil
}

// selectQuestions applies the filters and --missed.
func (opts *ExportOptions) selectQuestions(ctx context.Context, cat *content.Catalog) ([]*content.Question, error) {
	filter, err := opts.Selection.filter(cat)
	if err != nil {
		return nil, err
	}
	if opts.Missed {
		st, err := opts.Store()
		if err != nil {
			return nil, err
		}
		defer st.Close()
		ids, err := st.MissedIDs(ctx)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, errors.New("no missed questions yet: answers are remembered as you practise")
		}
		filter.IDs = ids
	}
	qs := quiz.Select(cat.Questions(), filter)
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: nothing to export (try fewer filters; cram banks lists what there is)", ui(opts.Lang).NoQuestions)
	}
	return qs, nil
}

func exportPDF(opts *ExportOptions, cfg *config.Config, qs []*content.Question, fallback map[string][]string, lang export.Lang, created time.Time, write func(func(io.Writer) error) error) error {
	fonts, err := export.LoadFonts(cfg.PDF.Font, cfg.PDF.MonoFont)
	if err != nil {
		return err
	}
	off, err := backOffset(cfg)
	if err != nil {
		return err
	}
	po := export.PDFOptions{
		Lang: lang, Paper: cfg.PDF.Paper, Layout: cfg.PDF.Layout, Duplex: export.Duplex(cfg.PDF.Duplex),
		BackOffset: off, CutMarks: opts.CutMarks, Fonts: fonts, Created: created,
		Creator: "cram " + Version(),
	}
	var res *export.PDFResult
	err = write(func(w io.Writer) error {
		var err error
		res, err = export.WritePDF(w, qs, fallback, po)
		return err
	})
	if err != nil {
		return err
	}
	for _, w := range res.Warnings() {
		fmt.Fprintf(opts.IO.ErrOut, "cram: warning: %s\n", w)
	}
	opts.wrote(fmt.Sprintf(exportText(opts.Lang).WrotePDF, res.Cards, res.Pages, res.Questions))
	return nil
}

func exportCalibration(opts *ExportOptions, cfg *config.Config, lang export.Lang, created time.Time) error {
	if opts.Output == "-" && opts.IO.IsStdoutTTY() {
		return flagErrorf("not writing a PDF to the terminal: name a file with -o")
	}
	off, err := backOffset(cfg)
	if err != nil {
		return err
	}
	co := export.CalibrationOptions{
		Paper: cfg.PDF.Paper, Layout: cfg.PDF.Layout, Duplex: export.Duplex(cfg.PDF.Duplex),
		BackOffset: off, Lang: lang, Created: created, Creator: "cram " + Version(),
	}
	if co.Duplex == export.Simplex {
		return flagErrorf("%v", export.ErrCalibrationSimplex)
	}
	fn := func(w io.Writer) error { return export.WriteCalibration(w, co) }
	if opts.Output == "-" {
		err = fn(opts.IO.Out)
	} else {
		err = export.WriteFile(opts.Output, fn)
	}
	if err != nil {
		return err
	}
	opts.wrote(exportText(opts.Lang).WroteCalibration)
	return nil
}

// wrote tells the user, on standard error, what was written where.
func (opts *ExportOptions) wrote(what string) {
	if opts.Output == "" || opts.Output == "-" {
		return // the export itself is on standard output
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s: %s\n", opts.Output, what)
}

func backOffset(cfg *config.Config) (export.Offset, error) {
	x, y, err := config.ParseOffset(cfg.PDF.BackOffset)
	if err != nil {
		return export.Offset{}, flagErrorf("--back-offset %s: %v", cfg.PDF.BackOffset, err)
	}
	return export.Offset{X: x, Y: y}, nil
}

// creationDate is now, or SOURCE_DATE_EPOCH when set, for reproducible files.
func creationDate(now func() time.Time) (time.Time, error) {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || sec < 0 {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970 (unset it or fix it)", s)
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	return now().Truncate(time.Second), nil
}

func bankTitle(b *content.Bank, lang export.Lang) string {
	if lang != export.Both {
		return b.Title.Get(string(lang), b.Languages)
	}
	var ts []string
	for _, l := range []string{"en", "zh"} {
		if s, ok := b.Title.Exact(l); ok && (len(ts) == 0 || ts[0] != s) {
			ts = append(ts, s)
		}
	}
	if len(ts) == 0 {
		return b.Title.Get("en", b.Languages)
	}
	return strings.Join(ts, " · ")
}

// exportStrings are the interface strings of cram export.
type exportStrings struct {
	WrotePDF         string // cards, pages, questions
	WroteCards       string // cards
	WroteCalibration string
}

var exportEnglish = exportStrings{
	WrotePDF:         "%d cards on %d pages (%d questions)",
	WroteCards:       "%d cards",
	WroteCalibration: "calibration sheet, 2 pages: print it double-sided at 100% scale",
}

var exportChinese = exportStrings{
	WrotePDF:         "%d 张卡片，共 %d 页（%d 道题）",
	WroteCards:       "%d 张卡片",
	WroteCalibration: "校准页，共 2 页：请以 100% 比例双面打印",
}

func exportText(lang string) *exportStrings {
	if lang == "zh" {
		return &exportChinese
	}
	return &exportEnglish
}
