package export

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cram-dev/cram/content"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// testDate is the creation date of every test document.
var testDate = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// builtinQuestions returns every built-in question and the banks' languages.
func builtinQuestions(t testing.TB) ([]*content.Question, map[string][]string) {
	t.Helper()
	banks, err := content.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var qs []*content.Question
	fb := map[string][]string{}
	for _, b := range banks {
		qs = append(qs, b.Questions...)
		fb[b.ID] = b.Languages
	}
	return qs, fb
}

// everyType returns the test bank with one question of every type.
func everyType(t testing.TB) ([]*content.Question, map[string][]string) {
	t.Helper()
	b, _, err := content.Load(os.DirFS(filepath.Join("..", "content", "testdata", "valid")), "every-type.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b.Questions, map[string][]string{b.ID: b.Languages}
}

// question builds a single-choice question with the given texts.
func question(id string, prompt content.Text, choices ...content.Text) *content.Question {
	q := &content.Question{ID: id, Bank: "t", Topic: "topic", Difficulty: 2, Type: content.Single, Prompt: prompt, Choices: choices}
	if len(choices) == 0 {
		q.Type, q.Bool = content.TrueFalse, true
	}
	return q
}

// textCall is one string drawn on a recorded page.
type textCall struct {
	page    int
	x, y    float64 // start of the baseline
	w       float64
	pt      float64
	face    *Face
	text    string
	ascent  float64
	descent float64
}

// box is the ink box of the text, roughly: from the font's ascent to its descent.
func (c textCall) box() Rect {
	return Rect{X: c.x, Y: c.y - c.ascent, W: c.w, H: c.ascent + c.descent}
}

type lineCall struct {
	page           int
	x1, y1, x2, y2 float64
	dash           bool
}

// recorder is a canvas that remembers what is drawn.
type recorder struct {
	pages [][2]float64
	texts []textCall
	lines []lineCall
	rects []struct {
		page int
		r    Rect
	}
	face *Face
	pt   float64
}

func (r *recorder) AddPage(w, h float64)        { r.pages = append(r.pages, [2]float64{w, h}) }
func (r *recorder) SetFont(f *Face, pt float64) { r.face, r.pt = f, pt }
func (r *recorder) SetGray(uint8)               {}
func (r *recorder) Text(x, y float64, s string) {
	w := 0.0
	for _, c := range s {
		w += r.face.Advance(c) * r.pt * ptToMM
	}
	mm := r.pt * ptToMM
	r.texts = append(r.texts, textCall{page: len(r.pages), x: x, y: y, w: w, pt: r.pt, face: r.face, text: s,
		ascent: r.face.Ascent * mm, descent: r.face.Descent * mm})
}
func (r *recorder) Line(x1, y1, x2, y2, w float64, dash bool) {
	r.lines = append(r.lines, lineCall{len(r.pages), x1, y1, x2, y2, dash})
}
func (r *recorder) Rect(rc Rect, w float64) {
	r.rects = append(r.rects, struct {
		page int
		r    Rect
	}{len(r.pages), rc})
}

// render lays out and draws cards on a recorder.
func render(t testing.TB, qs []*content.Question, fb map[string][]string, opts PDFOptions) (*recorder, *Geometry, []printedCard, *PDFResult) {
	t.Helper()
	g, err := NewGeometry(opts.Paper, opts.Layout, opts.Duplex, opts.BackOffset)
	if err != nil {
		t.Fatal(err)
	}
	cards, err := BuildCards(qs, fb, opts.Lang)
	if err != nil {
		t.Fatal(err)
	}
	fs := opts.Fonts
	if fs == nil {
		if fs, err = BuiltinFonts(); err != nil {
			t.Fatal(err)
		}
	}
	printed, res := layOut(cards, g, fs, opts.Lang)
	rec := &recorder{}
	res.Pages = drawCards(rec, g, fs, printed, opts.CutMarks)
	return rec, g, printed, res
}

// lineTexts joins the strings drawn on one baseline, in order: the runs of
// one set line.
func (r *recorder) lineTexts() []textCall {
	var out []textCall
	for _, tc := range r.texts {
		if n := len(out); n > 0 && out[n-1].page == tc.page && out[n-1].y == tc.y && tc.x >= out[n-1].x {
			out[n-1].text += tc.text
			out[n-1].w = tc.x + tc.w - out[n-1].x
			continue
		}
		out = append(out, tc)
	}
	return out
}
