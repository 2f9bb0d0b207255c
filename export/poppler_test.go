package export

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/export/fonts"
)

// These tests read real PDFs back with poppler-utils (pdftotext, pdfinfo,
// pdffonts, pdftoppm), which CI installs.

func needPoppler(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdfinfo", "pdffonts", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install poppler-utils)", tool)
		}
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// writeTestPDF writes questions to a PDF file in a temporary folder.
func writeTestPDF(t *testing.T, qs []*content.Question, fb map[string][]string, opts PDFOptions) (string, *PDFResult) {
	t.Helper()
	if opts.Created.IsZero() {
		opts.Created = testDate
	}
	path := filepath.Join(t.TempDir(), "cards.pdf")
	var res *PDFResult
	err := WriteFile(path, func(w io.Writer) error {
		var err error
		res, err = WritePDF(w, qs, fb, opts)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return path, res
}

func mmToPt(mm float64) float64 { return mm * 72 / 25.4 }

// textIn returns the text pdftotext finds in r on page, without white space.
func textIn(t *testing.T, path string, page int, r Rect) string {
	t.Helper()
	r = r.Inset(0.5)
	p := strconv.Itoa(page)
	out := run(t, "pdftotext", "-f", p, "-l", p,
		"-x", strconv.Itoa(int(math.Floor(mmToPt(r.X)))), "-y", strconv.Itoa(int(math.Floor(mmToPt(r.Y)))),
		"-W", strconv.Itoa(int(mmToPt(r.W))), "-H", strconv.Itoa(int(mmToPt(r.H))),
		"-layout", path, "-")
	return squeeze(out)
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// inOrder reports whether every part occurs in s, one after the other.
func inOrder(s string, parts ...string) (bool, string) {
	at := 0
	for _, p := range parts {
		i := strings.Index(s[at:], p)
		if i < 0 {
			return false, p
		}
		at += i + len(p)
	}
	return true, ""
}

// cardSpan returns the text a card shows, as pdftotext gives it.
func cardSpan(s string) string { return squeeze(strings.ReplaceAll(s, "`", "")) }

// TestPDFTextReadBack writes the every-type bank in both languages on every
// layout and flip edge, and finds each card's front in its slot on the
// front page and its back in the mirrored slot of the back page, with the
// parts in order, Chinese included.
func TestPDFTextReadBack(t *testing.T) {
	needPoppler(t)
	qs, fb := everyType(t)
	for _, paper := range []string{"a4", "letter"} {
		for _, layout := range []string{"2x4", "3x3", "2x2", "1x1"} {
			for _, d := range []Duplex{LongEdge, ShortEdge, Simplex} {
				if paper == "letter" && d == Simplex {
					continue
				}
				t.Run(fmt.Sprintf("%s/%s/%s", paper, layout, d), func(t *testing.T) {
					t.Parallel()
					opts := PDFOptions{Lang: Both, Paper: paper, Layout: layout, Duplex: d}
					path, res := writeTestPDF(t, qs, fb, opts)
					if len(res.Continued) > 0 {
						t.Fatalf("cards continued: %v", res.Continued)
					}
					g, _ := NewGeometry(paper, layout, d, Offset{})
					checkInfo(t, path, res.Pages, g)
					cards, _ := BuildCards(qs, fb, Both)
					per := g.PerPage()
					for i, c := range cards {
						sheet, slot := i/per, i%per
						front, back := sheet+1, sheet+1
						if d != Simplex {
							front, back = 2*sheet+1, 2*sheet+2
						}
						ft := textIn(t, path, front, g.FrontRect(slot))
						want := []string{squeeze(c.Header())}
						for _, p := range c.Prompt.Distinct() {
							want = append(want, cardSpan(p.Text))
						}
						for _, ch := range c.Choices {
							want = append(want, ch.Letter+".")
						}
						if ok, missing := inOrder(ft, want...); !ok {
							t.Errorf("%s: front on page %d lacks %q in order; it reads %q", c.ID, front, missing, ft)
						}
						bt := textIn(t, path, back, g.BackRect(slot))
						want = []string{squeeze(c.Header())}
						for _, e := range c.Explanation.Distinct() {
							want = append(want, cardSpan(e.Text)[:min(len(cardSpan(e.Text)), 12)])
						}
						if ok, missing := inOrder(bt, want...); !ok {
							t.Errorf("%s: back on page %d lacks %q in order; it reads %q", c.ID, back, missing, bt)
						}
					}
				})
			}
		}
	}
}

var pageSize = regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`)

// checkInfo checks the page count and page size pdfinfo reports.
func checkInfo(t *testing.T, path string, pages int, g *Geometry) {
	t.Helper()
	info := run(t, "pdfinfo", path)
	if !strings.Contains(info, fmt.Sprintf("Pages:           %d\n", pages)) {
		t.Errorf("pdfinfo does not report %d pages:\n%s", pages, info)
	}
	m := pageSize.FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo gives no page size:\n%s", info)
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	if math.Abs(w-mmToPt(g.PageW)) > 0.5 || math.Abs(h-mmToPt(g.PageH)) > 0.5 {
		t.Errorf("page size %g×%g pt, want %.2f×%.2f", w, h, mmToPt(g.PageW), mmToPt(g.PageH))
	}
}

// TestPDFInfoAndFonts checks the metadata, that every font is embedded, and
// that the fonts are subsets: the file is far smaller than the fonts.
func TestPDFInfoAndFonts(t *testing.T) {
	needPoppler(t)
	qs, fb := everyType(t)
	path, res := writeTestPDF(t, qs, fb, PDFOptions{Lang: Both, Paper: "a4", Layout: "2x4", Duplex: LongEdge, Creator: "cram test"})
	info := run(t, "pdfinfo", path)
	for _, want := range []string{
		"Title:           cram flashcards: every-type",
		"Subject:         9 concurrency interview questions as flashcards",
		"Author:          cram",
		"Creator:         cram test",
		"CreationDate:    Sat Mar  1 12:00:00 2025 UTC",
		"Pages:           4",
		"Page size:       595.28 x 841.89 pts (A4)",
	} {
		if !strings.Contains(info, want+"\n") {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	if res.Pages != 4 {
		t.Errorf("got %d pages, want 4", res.Pages)
	}
	out := run(t, "pdffonts", path)
	sc := bufio.NewScanner(strings.NewReader(out))
	var names []string
	for i := 0; sc.Scan(); i++ {
		f := strings.Fields(sc.Text())
		if i < 2 || len(f) < 7 {
			continue
		}
		names = append(names, f[0])
		// name type type encoding emb sub uni object ID
		if emb := f[len(f)-5]; emb != "yes" {
			t.Errorf("font %s is not embedded:\n%s", f[0], out)
		}
	}
	if got := strings.Join(names, " "); got != "utf8crammono utf8cramsans utf8cramcjk" {
		t.Errorf("got fonts %q, want the monospace, Latin and Chinese fonts", got)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	whole := len(fonts.Sans) + len(fonts.Mono) + len(fonts.CJK)
	if fi.Size() > int64(whole)/20 {
		t.Errorf("the PDF is %d bytes, more than a twentieth of the fonts (%d bytes): are they subset?", fi.Size(), whole)
	}
}

// TestGuttersStayBlank renders pages and checks that nothing is drawn in the
// gutters between cards: no text crosses a card's edge.
func TestGuttersStayBlank(t *testing.T) {
	needPoppler(t)
	qs, fb := builtinQuestions(t)
	qs = qs[:40]
	for _, tt := range []struct {
		layout   string
		cutMarks bool
		lang     Lang
	}{
		{"2x4", false, Both},
		{"3x3", true, Both},
		{"2x2", false, English},
	} {
		t.Run(fmt.Sprintf("%s/%v/%s", tt.layout, tt.cutMarks, tt.lang), func(t *testing.T) {
			t.Parallel()
			opts := PDFOptions{Lang: tt.lang, Paper: "a4", Layout: tt.layout, Duplex: LongEdge, CutMarks: tt.cutMarks, BackOffset: Offset{0.8, 0.8}}
			path, _ := writeTestPDF(t, qs, fb, opts)
			g, _ := NewGeometry("a4", tt.layout, LongEdge, opts.BackOffset)
			const dpi = 100
			prefix := filepath.Join(t.TempDir(), "page")
			run(t, "pdftoppm", "-gray", "-r", strconv.Itoa(dpi), "-f", "1", "-l", "4", path, prefix)
			files, _ := filepath.Glob(prefix + "-*.pgm") // page-1.pgm, or page-01.pgm …
			if len(files) != 4 {
				t.Fatalf("pdftoppm made %d images, want 4", len(files))
			}
			for i, file := range files {
				page := i + 1
				img := readPGM(t, file)
				dx, dy := 0.0, 0.0
				if page%2 == 0 {
					dx, dy = g.Offset.X, g.Offset.Y
				}
				inked := 0
				for _, gap := range gutters(g) {
					gap = Rect{gap.X + dx, gap.Y + dy, gap.W, gap.H}.Inset(0.6)
					inked += img.dark(gap, dpi)
				}
				if inked > 0 {
					t.Errorf("page %d: %d dark pixels in the gutters", page, inked)
				}
				// And the cards are not blank: the test can see ink.
				if img.dark(g.FrontRect(0).Inset(3), dpi) == 0 {
					t.Errorf("page %d: the first card is blank", page)
				}
			}
		})
	}
}

// gutters returns the strips between columns and between rows of cards.
func gutters(g *Geometry) []Rect {
	var out []Rect
	top, bottom := g.Cell(0, 0), g.Cell(0, g.Rows-1)
	for c := 0; c+1 < g.Cols; c++ {
		r := g.Cell(c, 0)
		out = append(out, Rect{r.X + r.W, top.Y, g.Gutter, bottom.Y + bottom.H - top.Y})
	}
	left, right := g.Cell(0, 0), g.Cell(g.Cols-1, 0)
	for row := 0; row+1 < g.Rows; row++ {
		r := g.Cell(0, row)
		out = append(out, Rect{left.X, r.Y + r.H, right.X + right.W - left.X, g.Gutter})
	}
	return out
}

type pgm struct {
	w, h int
	pix  []byte
}

func readPGM(t *testing.T, path string) *pgm {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var w, h, maxv int
	r := bytes.NewReader(data)
	if _, err := fmt.Fscanf(r, "P5\n%d %d\n%d\n", &w, &h, &maxv); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	pix := data[len(data)-w*h:]
	return &pgm{w, h, pix}
}

// dark counts the pixels in rect (mm) darker than light grey.
func (p *pgm) dark(r Rect, dpi float64) int {
	px := func(mm float64) int { return int(math.Round(mm * dpi / 25.4)) }
	n := 0
	for y := max(0, px(r.Y)); y < min(p.h, px(r.Y+r.H)); y++ {
		for x := max(0, px(r.X)); x < min(p.w, px(r.X+r.W)); x++ {
			if p.pix[y*p.w+x] < 200 {
				n++
			}
		}
	}
	return n
}
