package export

import (
	"fmt"
	"io"
	"sort"
	"time"
)

// canvas is what drawing needs of a PDF: pages, text in a font and lines,
// in millimetres from the top left corner. pdfbackend.go implements it with
// gofpdf; tests record the calls.
type canvas interface {
	AddPage(w, h float64)
	SetFont(f *Face, pt float64)
	SetGray(g uint8) // text and line colour, 0 black … 255 white
	Text(x, baseline float64, s string)
	Line(x1, y1, x2, y2, width float64, dash bool)
	Rect(r Rect, width float64)
}

// pdfDocument is a canvas that can be written out as a PDF file.
type pdfDocument interface {
	canvas
	Write(w io.Writer) error
}

// docInfo is a PDF's metadata.
type docInfo struct {
	Title, Author, Subject, Creator, Keywords string
	Created                                   time.Time
}

// shifted draws on c moved by dx, dy: how back pages get their offset.
type shifted struct {
	canvas
	dx, dy float64
}

func (s shifted) Text(x, y float64, t string) { s.canvas.Text(x+s.dx, y+s.dy, t) }
func (s shifted) Line(x1, y1, x2, y2, w float64, dash bool) {
	s.canvas.Line(x1+s.dx, y1+s.dy, x2+s.dx, y2+s.dy, w, dash)
}
func (s shifted) Rect(r Rect, w float64) {
	s.canvas.Rect(Rect{r.X + s.dx, r.Y + s.dy, r.W, r.H}, w)
}

// Line widths and greys of the page furniture.
const (
	hairline    = 0.15
	outlineGray = 185
	markGray    = 60
	ruleGray    = 215
	markLen     = 5   // cut mark length, mm
	markGap     = 1.5 // between a cut mark and the grid, mm
)

// drawCards draws the printed cards sheet by sheet and returns the number
// of pages. With duplex, each sheet is a front page followed by its back
// page, where every card's back lies behind its front.
func drawCards(c canvas, g *Geometry, fs *Fonts, cards []printedCard, cutMarks bool) int {
	per := g.PerPage()
	sheets := (len(cards) + per - 1) / per
	pages := sheets
	if g.Duplex != Simplex {
		pages *= 2
	}
	page := 0
	for s := 0; s < sheets; s++ {
		batch := cards[s*per : min(len(cards), (s+1)*per)]
		c.AddPage(g.PageW, g.PageH)
		page++
		if cutMarks && !g.Index {
			drawCutMarks(c, g)
		}
		for i, pc := range batch {
			r := g.FrontRect(i)
			if !cutMarks || g.Index {
				drawOutline(c, g, r)
			}
			drawSide(c, pc.front, r, styleFor(g).pad)
			if g.Duplex == Simplex {
				b := g.BackRect(i)
				if !cutMarks || g.Index {
					drawOutline(c, g, b)
				}
				drawSide(c, pc.back, b, styleFor(g).pad)
				drawFold(c, g, r, b)
			}
		}
		drawPageNumber(c, g, fs, page, pages)
		if g.Duplex == Simplex {
			continue
		}
		c.AddPage(g.PageW, g.PageH)
		page++
		back := shifted{c, g.Offset.X, g.Offset.Y}
		for i, pc := range batch {
			r := g.BackRect(i)
			drawSide(c, pc.back, r, styleFor(g).pad)
		}
		drawPageNumber(back, g, fs, page, pages)
	}
	return page
}

// drawSide draws a side's lines in the card at r.
func drawSide(c canvas, s sideLines, r Rect, pad float64) {
	box := r.Inset(pad)
	drawLines(c, s.header, box.X, box.Y)
	if s.rule > 0 {
		c.SetGray(ruleGray)
		c.Line(box.X, box.Y+s.rule, box.X+box.W, box.Y+s.rule, hairline, false)
	}
	drawLines(c, s.body, box.X, box.Y+s.bodyY)
	drawLines(c, s.footer, box.X, box.Y)
}

func drawLines(c canvas, ls []textLine, x, y float64) {
	for _, ln := range ls {
		c.SetGray(ln.gray)
		for _, run := range ln.runs {
			if run.text == "" {
				continue
			}
			c.SetFont(run.face, ln.pt)
			c.Text(x+run.x, y+ln.baseline(), run.text)
		}
	}
}

func drawOutline(c canvas, g *Geometry, r Rect) {
	if g.Index {
		return // the page is the card
	}
	c.SetGray(outlineGray)
	c.Rect(r, hairline)
}

// drawFold draws the dashed fold line between a front and its back.
func drawFold(c canvas, g *Geometry, front, back Rect) {
	x := (front.X + front.W + back.X) / 2
	c.SetGray(markGray)
	c.Line(x, front.Y, x, front.Y+front.H, hairline, true)
}

// drawCutMarks draws short lines in the page margins, in line with every
// card edge: a ruler laid across the page from mark to mark cuts the cards
// out. The gutters stay blank.
func drawCutMarks(c canvas, g *Geometry) {
	c.SetGray(markGray)
	xs, ys := map[float64]bool{}, map[float64]bool{}
	for col := 0; col < g.Cols; col++ {
		r := g.Cell(col, 0)
		xs[r.X], xs[r.X+r.W] = true, true
	}
	for row := 0; row < g.Rows; row++ {
		r := g.Cell(0, row)
		ys[r.Y], ys[r.Y+r.H] = true, true
	}
	top, bottom := g.Top, g.PageH-g.Top
	left, right := g.Left, g.PageW-g.Left
	for _, x := range sortedKeys(xs) {
		c.Line(x, max(0, top-markGap-markLen), x, top-markGap, hairline, false)
		c.Line(x, bottom+markGap, x, min(g.PageH, bottom+markGap+markLen), hairline, false)
	}
	for _, y := range sortedKeys(ys) {
		c.Line(max(0, left-markGap-markLen), y, left-markGap, y, hairline, false)
		c.Line(right+markGap, y, min(g.PageW, right+markGap+markLen), y, hairline, false)
	}
}

func sortedKeys(m map[float64]bool) []float64 {
	out := make([]float64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Float64s(out)
	return out
}

// drawPageNumber writes "n / total" centred in the bottom margin of sheet
// layouts; an index card has no margin to spare.
func drawPageNumber(c canvas, g *Geometry, fs *Fonts, n, total int) {
	if g.Index {
		return
	}
	s := fmt.Sprintf("%d / %d", n, total)
	pt := 7.0
	w := 0.0
	for _, r := range s {
		w += fs.Sans.Advance(r) * pt * ptToMM
	}
	c.SetGray(110)
	c.SetFont(fs.Sans, pt)
	c.Text((g.PageW-w)/2, g.PageH-g.Top/2+pt*ptToMM/3, s)
}
