package export

import (
	"fmt"
	"strings"
)

// Rect is a rectangle on a page, in millimetres from the top left corner.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether o lies inside r, allowing eps of rounding.
func (r Rect) Contains(o Rect, eps float64) bool {
	return o.X >= r.X-eps && o.Y >= r.Y-eps && o.X+o.W <= r.X+r.W+eps && o.Y+o.H <= r.Y+r.H+eps
}

// Inset returns r shrunk by d on every side.
func (r Rect) Inset(d float64) Rect { return Rect{r.X + d, r.Y + d, r.W - 2*d, r.H - 2*d} }

// Duplex says how a sheet is turned over between its front and back.
type Duplex string

// The duplex modes.
const (
	// LongEdge: the sheet turns over its long edge, the usual duplex setting.
	LongEdge Duplex = "long"
	// ShortEdge: the sheet turns over its short edge ("flip up").
	ShortEdge Duplex = "short"
	// Simplex: no duplex printing; each card's front and back sit side by
	// side on the same page, with a fold line between them.
	Simplex Duplex = "none"
)

// Offset is how far back pages are moved, in millimetres, to make up for a
// printer that does not print the back exactly behind the front.
type Offset struct{ X, Y float64 }

// Paper sizes in millimetres, portrait.
var papers = map[string][2]float64{
	"a4":     {210, 297},
	"letter": {215.9, 279.4},
}

// Index card sizes for the 1x1 layout, landscape: A6 with A4 paper, 3×5
// inches with letter.
var indexCards = map[string][2]float64{
	"a4":     {148, 105},
	"letter": {127, 76.2},
}

// Layout spacing, in millimetres.
const (
	sheetMargin = 10 // the smallest page margin of sheet layouts
	gutter      = 6  // between cards
)

// Geometry places cards on pages. Sheet layouts put Cols × Rows cards on a
// portrait page with gutters between them and margins that are the same on
// opposite sides, so that the grid of the back page lines up with the front
// when the sheet is turned over. The 1x1 layout makes each page one index
// card.
type Geometry struct {
	Paper, Layout string
	Duplex        Duplex
	Offset        Offset // applied to back pages only

	PageW, PageH float64
	Cols, Rows   int // grid cells on a page
	CardW, CardH float64
	Gutter       float64
	// Index is true for the 1x1 layout: the page is the card.
	Index bool
	// Pairs is the number of front-and-back pairs on one row, without duplex.
	Pairs int
	// Left and Top are the grid's distance from the page's edges.
	Left, Top float64
}

// NewGeometry checks the paper, layout and duplex names and computes where
// the cards go.
func NewGeometry(paper, layout string, duplex Duplex, off Offset) (*Geometry, error) {
	p, ok := papers[paper]
	if !ok {
		return nil, fmt.Errorf("unknown paper %q (use a4 or letter)", paper)
	}
	var cols, rows int
	if _, err := fmt.Sscanf(layout, "%dx%d", &cols, &rows); err != nil || !validLayout(layout) {
		return nil, fmt.Errorf("unknown layout %q (use 2x4, 3x3, 2x2 or 1x1)", layout)
	}
	switch duplex {
	case LongEdge, ShortEdge, Simplex:
	default:
		return nil, fmt.Errorf("unknown duplex mode %q (use long, short or none)", duplex)
	}
	if off.X < -20 || off.X > 20 || off.Y < -20 || off.Y > 20 {
		return nil, fmt.Errorf("back offset %g,%g is out of range (-20 to 20 mm)", off.X, off.Y)
	}
	g := &Geometry{Paper: paper, Layout: layout, Duplex: duplex, Offset: off, Cols: cols, Rows: rows}
	if duplex == Simplex {
		g.Offset = Offset{}
	}
	if layout == "1x1" {
		c := indexCards[paper]
		g.Index, g.CardW, g.CardH = true, c[0], c[1]
		g.PageW, g.PageH = c[0], c[1]
		if duplex == Simplex { // front and back side by side: fold in the middle
			g.PageW, g.Cols, g.Pairs = 2*c[0], 2, 1
		}
		return g, nil
	}
	g.PageW, g.PageH, g.Gutter = p[0], p[1], gutter
	g.CardW = (p[0] - 2*sheetMargin - float64(cols-1)*gutter) / float64(cols)
	g.CardH = (p[1] - 2*sheetMargin - float64(rows-1)*gutter) / float64(rows)
	if duplex == Simplex {
		g.Pairs = max(1, cols/2)
		g.Cols = 2 * g.Pairs
	}
	g.Left = (g.PageW - float64(g.Cols)*g.CardW - float64(g.Cols-1)*g.Gutter) / 2
	g.Top = (g.PageH - float64(g.Rows)*g.CardH - float64(g.Rows-1)*g.Gutter) / 2
	return g, nil
}

func validLayout(s string) bool {
	switch s {
	case "2x4", "3x3", "2x2", "1x1":
		return true
	}
	return false
}

// PerPage returns how many cards one sheet holds.
func (g *Geometry) PerPage() int {
	if g.Duplex == Simplex {
		return g.Pairs * g.Rows
	}
	return g.Cols * g.Rows
}

// Cell returns the grid cell at col, row, without any offset.
func (g *Geometry) Cell(col, row int) Rect {
	return Rect{
		X: g.Left + float64(col)*(g.CardW+g.Gutter),
		Y: g.Top + float64(row)*(g.CardH+g.Gutter),
		W: g.CardW, H: g.CardH,
	}
}

// mirrorsColumns reports whether turning the sheet over swaps left and
// right (rather than top and bottom). A sheet turned over its long edge
// swaps left and right when the page is portrait.
func (g *Geometry) mirrorsColumns() bool {
	portrait := g.PageW <= g.PageH
	return (g.Duplex == LongEdge) == portrait
}

// FrontSlot returns the grid cell of the i-th card of a sheet on the front
// page, in reading order.
func (g *Geometry) FrontSlot(i int) (col, row int) {
	if g.Duplex == Simplex {
		return 2 * (i % g.Pairs), i / g.Pairs
	}
	return i % g.Cols, i / g.Cols
}

// BackSlot returns the grid cell that lies behind the cell col, row once the
// sheet is turned over: the mirrored column for a long-edge turn of a
// portrait page, the mirrored row for a short-edge turn. Without duplex it
// is the cell right of the front, on the same page.
func (g *Geometry) BackSlot(col, row int) (int, int) {
	switch {
	case g.Duplex == Simplex:
		return col + 1, row
	case g.mirrorsColumns():
		return g.Cols - 1 - col, row
	default:
		return col, g.Rows - 1 - row
	}
}

// FrontRect returns where the i-th card of a sheet goes on its front page.
func (g *Geometry) FrontRect(i int) Rect { return g.Cell(g.FrontSlot(i)) }

// BackRect returns where the back of the i-th card of a sheet goes on the
// back page (on the front page without duplex), with the back offset.
func (g *Geometry) BackRect(i int) Rect {
	r := g.Cell(g.BackSlot(g.FrontSlot(i)))
	r.X += g.Offset.X
	r.Y += g.Offset.Y
	return r
}

// Behind maps a rectangle on the back page to the front page: where it
// lies once the printed sheet is turned over, as a test sees through the
// paper. It is the inverse of the turn, not of the offset.
func (g *Geometry) Behind(r Rect) Rect {
	if g.mirrorsColumns() {
		return Rect{X: g.PageW - r.X - r.W, Y: r.Y, W: r.W, H: r.H}
	}
	return Rect{X: r.X, Y: g.PageH - r.Y - r.H, W: r.W, H: r.H}
}

// FoldX returns, without duplex, the x of the fold line of each pair.
func (g *Geometry) FoldX() []float64 {
	if g.Duplex != Simplex {
		return nil
	}
	var xs []float64
	for p := 0; p < g.Pairs; p++ {
		front := g.Cell(2*p, 0)
		xs = append(xs, front.X+front.W+g.Gutter/2)
	}
	return xs
}

// String describes the geometry for messages and PDF metadata.
func (g *Geometry) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s, %.0f×%.0f mm cards", g.Paper, g.Layout, g.CardW, g.CardH)
	switch g.Duplex {
	case LongEdge:
		b.WriteString(", duplex long edge")
	case ShortEdge:
		b.WriteString(", duplex short edge")
	default:
		b.WriteString(", fold")
	}
	return b.String()
}
