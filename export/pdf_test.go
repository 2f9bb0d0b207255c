package export

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/cram-dev/cram/content"
)

var pageNumber = regexp.MustCompile(`^\d+ / \d+$`)

// cardRects returns the rectangles cards take on each page of a recorded
// document, by page number (from 1), with the index of the printed card.
func cardRects(g *Geometry, n int) map[int][]struct {
	r    Rect
	card int
	back bool
} {
	out := map[int][]struct {
		r    Rect
		card int
		back bool
	}{}
	per := g.PerPage()
	for i := 0; i < n; i++ {
		sheet, slot := i/per, i%per
		front := sheet + 1
		back := front
		if g.Duplex != Simplex {
			front, back = 2*sheet+1, 2*sheet+2
		}
		out[front] = append(out[front], struct {
			r    Rect
			card int
			back bool
		}{g.FrontRect(slot), i, false})
		out[back] = append(out[back], struct {
			r    Rect
			card int
			back bool
		}{g.BackRect(slot), i, true})
	}
	return out
}

// TestTextStaysInCards draws every built-in question on every layout and
// checks that each string lies inside the padded box of one card, or is a
// page number in the bottom margin.
func TestTextStaysInCards(t *testing.T) {
	qs, fb := builtinQuestions(t)
	tests := []struct {
		layout string
		d      Duplex
		lang   Lang
	}{
		{"2x4", LongEdge, Both},
		{"2x4", ShortEdge, English},
		{"3x3", LongEdge, Both},
		{"3x3", Simplex, Chinese},
		{"2x2", ShortEdge, Both},
		{"1x1", LongEdge, Both},
		{"1x1", Simplex, English},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/%s", tt.layout, tt.d, tt.lang), func(t *testing.T) {
			rec, g, printed, _ := render(t, qs, fb, PDFOptions{Lang: tt.lang, Paper: "a4", Layout: tt.layout, Duplex: tt.d, BackOffset: Offset{1, -1}})
			rects := cardRects(g, len(printed))
			pad := styleFor(g).pad
			page := Rect{0, 0, g.PageW, g.PageH}
			for _, tc := range rec.texts {
				box := tc.box()
				if !page.Contains(box, 0) {
					t.Fatalf("page %d: %q at %v is off the page", tc.page, tc.text, box)
				}
				in := 0
				for _, cr := range rects[tc.page] {
					if cr.r.Inset(pad-0.5).Contains(box, 1e-6) {
						in++
					}
				}
				if in == 0 && pageNumber.MatchString(tc.text) {
					if box.Y < g.PageH-g.Top-1 {
						t.Errorf("page %d: page number %q at %v is not in the bottom margin", tc.page, tc.text, box)
					}
					continue
				}
				if in != 1 {
					t.Errorf("page %d: %q at %v lies in %d card boxes, want 1", tc.page, tc.text, box, in)
				}
			}
		})
	}
}

// TestBackOfEachFront checks on drawn pages that the back of every card
// carries the same header as its front and lies behind it.
func TestBackOfEachFront(t *testing.T) {
	qs, fb := everyType(t)
	for _, layout := range []string{"2x4", "3x3", "2x2", "1x1"} {
		for _, d := range []Duplex{LongEdge, ShortEdge} {
			t.Run(layout+"/"+string(d), func(t *testing.T) {
				rec, g, printed, _ := render(t, qs, fb, PDFOptions{Lang: English, Paper: "letter", Layout: layout, Duplex: d})
				rects := cardRects(g, len(printed))
				headers := map[string]Rect{} // the card a header opens, on a front page
				for _, tc := range rec.texts {
					if !strings.Contains(tc.text, " · ") || pageNumber.MatchString(tc.text) {
						continue
					}
					for _, cr := range rects[tc.page] {
						if !cr.r.Contains(tc.box(), 0) {
							continue
						}
						key := fmt.Sprintf("%d:%s", cr.card, tc.text)
						if !cr.back {
							headers[key] = cr.r
							continue
						}
						front, ok := headers[key]
						if !ok {
							t.Errorf("page %d: back header %q has no front", tc.page, tc.text)
						} else if got := g.Behind(cr.r); !sameRect(got, front) {
							t.Errorf("page %d: back of %q lies behind %v, want %v", tc.page, tc.text, got, front)
						}
						delete(headers, key)
					}
				}
				if len(headers) != 0 {
					t.Errorf("fronts without a back: %v", headers)
				}
			})
		}
	}
}

// TestFitting checks that a long text is set smaller, and that a text too
// long for one card continues on more cards with nothing lost.
func TestFitting(t *testing.T) {
	sentence := "A thread must hold the global interpreter lock to run Python bytecode. "
	zh := "线程必须持有全局解释器锁才能执行 Python 字节码。"
	tests := []struct {
		name      string
		repeat    int
		wantParts int
		small     bool // set below the largest size
	}{
		{"short", 1, 1, false},
		{"long", 8, 1, true},
		{"too long", 16, 2, true},
		{"far too long", 40, 4, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			en := strings.TrimSpace(strings.Repeat(sentence, tt.repeat))
			cn := strings.Repeat(zh, tt.repeat)
			q := question("long", content.Text{"en": en, "zh": cn})
			rec, g, printed, res := render(t, []*content.Question{q}, nil, PDFOptions{Lang: Both, Paper: "a4", Layout: "2x4", Duplex: LongEdge})
			if len(printed) != tt.wantParts {
				t.Fatalf("got %d cards, want %d", len(printed), tt.wantParts)
			}
			if size := res.Size[q.GlobalID()]; (size < styleFor(g).bodyPt) != tt.small || size < minBodyPt {
				t.Errorf("got %g pt", size)
			}
			// Every character of the prompt is drawn, in order, on the fronts.
			var drawn strings.Builder
			var headers, footers []string
			for _, ln := range rec.lineTexts() {
				switch {
				case strings.Contains(ln.text, "t/long"):
					headers = append(headers, ln.text)
				case strings.Contains(ln.text, "continued on the next card"):
					footers = append(footers, ln.text)
				case strings.Contains(ln.text, "True or false"), pageNumber.MatchString(ln.text):
				case (ln.page-1)%2 == 0: // front pages
					drawn.WriteString(ln.text)
				}
			}
			want := strings.Join(strings.Fields(en+cn), "")
			if got := strings.Join(strings.Fields(drawn.String()), ""); got != want {
				t.Errorf("drawn text differs:\n got %q\nwant %q", got, want)
			}
			if tt.wantParts > 1 {
				if want := fmt.Sprintf("continued · 续 %d/%d", tt.wantParts, tt.wantParts); !strings.Contains(strings.Join(headers, "\n"), want) {
					t.Errorf("headers %q do not mark %q", headers, want)
				}
				if len(footers) != tt.wantParts-1 {
					t.Errorf("got %d continued lines, want %d", len(footers), tt.wantParts-1)
				}
				if len(res.Continued) != 1 || len(res.Warnings()) != 1 {
					t.Errorf("got warnings %q", res.Warnings())
				}
			}
		})
	}
}

func TestMissingGlyphs(t *testing.T) {
	q := question("glyphs", content.Text{"en": "Hangul 한글, an emoji 😀, and 한 again"})
	var buf bytes.Buffer
	res, err := WritePDF(&buf, []*content.Question{q}, nil, PDFOptions{Lang: English, Paper: "a4", Layout: "2x4", Duplex: LongEdge, Created: testDate})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(res.Missing), "한글😀"; got != want {
		t.Errorf("got missing %q, want %q", got, want)
	}
	w := strings.Join(res.Warnings(), "\n")
	for _, s := range []string{"no font has 3 character(s)", "한 (U+D55C)", "글 (U+AE00)", "😀 (U+1F600)", "pdf.font"} {
		if !strings.Contains(w, s) {
			t.Errorf("warning %q does not say %q", w, s)
		}
	}
}

func TestWritePDFErrors(t *testing.T) {
	zhOnly := question("zh-only", content.Text{"zh": "只有中文的题目"})
	both := question("both", content.Text{"en": "English", "zh": "中文"})
	ok := PDFOptions{Lang: English, Paper: "a4", Layout: "2x4", Duplex: LongEdge}
	tests := []struct {
		name string
		qs   []*content.Question
		opts PDFOptions
		want string
		is   error
	}{
		{"no questions", nil, ok, "no questions to export", ErrEmpty},
		{"chinese only asked in english", []*content.Question{both, zhOnly}, ok,
			"1 selected question(s) have no English text: t/zh-only (use --lang zh or --lang both, or leave them out with --bank or --topic)", nil},
		{"bad layout", []*content.Question{both}, PDFOptions{Lang: English, Paper: "a4", Layout: "5x5", Duplex: LongEdge},
			`unknown layout "5x5" (use 2x4, 3x3, 2x2 or 1x1)`, nil},
		{"bad language", []*content.Question{both}, PDFOptions{Lang: "fr", Paper: "a4", Layout: "2x4", Duplex: LongEdge},
			`unknown language "fr" (use en, zh or both)`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			_, err := WritePDF(&buf, tt.qs, nil, tt.opts)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("got %v, want errors.Is %v", err, tt.is)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", buf.Len())
			}
		})
	}
	t.Run("chinese only with both", func(t *testing.T) {
		var buf bytes.Buffer
		if _, err := WritePDF(&buf, []*content.Question{zhOnly}, nil, PDFOptions{Lang: Both, Paper: "a4", Layout: "2x4", Duplex: LongEdge}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestPDFIsReproducible: the same cards and options give the same bytes.
func TestPDFIsReproducible(t *testing.T) {
	qs, fb := everyType(t)
	opts := PDFOptions{Lang: Both, Paper: "a4", Layout: "3x3", Duplex: ShortEdge, Created: testDate, CutMarks: true}
	var a, b bytes.Buffer
	if _, err := WritePDF(&a, qs, fb, opts); err != nil {
		t.Fatal(err)
	}
	if _, err := WritePDF(&b, qs, fb, opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two runs gave different PDFs")
	}
}
