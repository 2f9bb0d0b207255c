package export

import (
	"fmt"
	"math"
	"testing"
)

const eps = 1e-9

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func sameRect(a, b Rect) bool {
	return near(a.X, b.X) && near(a.Y, b.Y) && near(a.W, b.W) && near(a.H, b.H)
}

// TestBackBehindFront checks, for every paper, layout and flip edge, that
// each card's back lands exactly behind its front once the sheet is turned
// over, and that the slot it takes is the mirrored column (long edge of a
// portrait page) or the mirrored row (short edge).
func TestBackBehindFront(t *testing.T) {
	for _, paper := range []string{"a4", "letter"} {
		for _, layout := range []string{"2x4", "3x3", "2x2", "1x1"} {
			for _, d := range []Duplex{LongEdge, ShortEdge} {
				t.Run(fmt.Sprintf("%s/%s/%s", paper, layout, d), func(t *testing.T) {
					g, err := NewGeometry(paper, layout, d, Offset{})
					if err != nil {
						t.Fatal(err)
					}
					if got, want := g.PerPage(), g.Cols*g.Rows; got != want {
						t.Fatalf("got %d cards a page, want %d", got, want)
					}
					page := Rect{0, 0, g.PageW, g.PageH}
					for i := 0; i < g.PerPage(); i++ {
						front, back := g.FrontRect(i), g.BackRect(i)
						if !page.Contains(front, eps) || !page.Contains(back, eps) {
							t.Fatalf("card %d: %v / %v outside the page", i, front, back)
						}
						if got := g.Behind(back); !sameRect(got, front) {
							t.Errorf("card %d: back at %v lies behind %v, want the front %v", i, back, got, front)
						}
						col, row := g.FrontSlot(i)
						bc, br := g.BackSlot(col, row)
						// A portrait sheet turned over its long edge swaps
						// columns; an index card is landscape, so its long edge
						// is the top one and turning over it swaps rows.
						mirrorCols := d == LongEdge
						if g.Index {
							mirrorCols = !mirrorCols
						}
						wantC, wantR := col, g.Rows-1-row
						if mirrorCols {
							wantC, wantR = g.Cols-1-col, row
						}
						if bc != wantC || br != wantR {
							t.Errorf("card %d at (%d,%d): back slot (%d,%d), want (%d,%d)", i, col, row, bc, br, wantC, wantR)
						}
					}
				})
			}
		}
	}
}

func TestBackOffsetMovesBacksOnly(t *testing.T) {
	off := Offset{1.5, -0.75}
	for _, layout := range []string{"2x4", "3x3", "2x2", "1x1"} {
		for _, d := range []Duplex{LongEdge, ShortEdge} {
			t.Run(layout+"/"+string(d), func(t *testing.T) {
				g0, _ := NewGeometry("a4", layout, d, Offset{})
				g, _ := NewGeometry("a4", layout, d, off)
				for i := 0; i < g.PerPage(); i++ {
					if !sameRect(g.FrontRect(i), g0.FrontRect(i)) {
						t.Errorf("card %d: the offset moved the front", i)
					}
					b, b0 := g.BackRect(i), g0.BackRect(i)
					if !near(b.X-b0.X, off.X) || !near(b.Y-b0.Y, off.Y) {
						t.Errorf("card %d: back moved by %g,%g, want %g,%g", i, b.X-b0.X, b.Y-b0.Y, off.X, off.Y)
					}
				}
			})
		}
	}
}

// TestSimplexPairs checks that without duplex each card's front and back
// sit side by side, mirror images across the fold line.
func TestSimplexPairs(t *testing.T) {
	for _, paper := range []string{"a4", "letter"} {
		for _, layout := range []string{"2x4", "3x3", "2x2", "1x1"} {
			t.Run(paper+"/"+layout, func(t *testing.T) {
				g, err := NewGeometry(paper, layout, Simplex, Offset{3, 3})
				if err != nil {
					t.Fatal(err)
				}
				page := Rect{0, 0, g.PageW, g.PageH}
				folds := g.FoldX()
				if len(folds) != g.Pairs {
					t.Fatalf("got %d fold lines, want %d", len(folds), g.Pairs)
				}
				for i := 0; i < g.PerPage(); i++ {
					f, b := g.FrontRect(i), g.BackRect(i)
					if !page.Contains(f, eps) || !page.Contains(b, eps) {
						t.Fatalf("card %d: %v / %v outside the page", i, f, b)
					}
					if !near(f.Y, b.Y) || !near(f.W, b.W) || !near(f.H, b.H) {
						t.Errorf("card %d: front %v and back %v are not side by side", i, f, b)
					}
					fold := folds[i%g.Pairs]
					if !near(fold-(f.X+f.W), b.X-fold) || b.X < fold {
						t.Errorf("card %d: fold at %g is not midway between front %v and back %v", i, fold, f, b)
					}
				}
				// The page is symmetric: the same margins left and right.
				last := g.Cell(g.Cols-1, g.Rows-1)
				if !near(g.Left, g.PageW-last.X-last.W) || !near(g.Top, g.PageH-last.Y-last.H) {
					t.Errorf("margins %g,%g and %g,%g differ", g.Left, g.Top, g.PageW-last.X-last.W, g.PageH-last.Y-last.H)
				}
			})
		}
	}
}

func TestGeometrySizes(t *testing.T) {
	tests := []struct {
		paper, layout string
		d             Duplex
		pageW, pageH  float64
		perPage       int
	}{
		{"a4", "2x4", LongEdge, 210, 297, 8},
		{"letter", "3x3", ShortEdge, 215.9, 279.4, 9},
		{"a4", "2x2", LongEdge, 210, 297, 4},
		{"a4", "1x1", LongEdge, 148, 105, 1},       // A6
		{"letter", "1x1", ShortEdge, 127, 76.2, 1}, // 3×5 in
		{"a4", "1x1", Simplex, 296, 105, 1},
		{"a4", "2x4", Simplex, 210, 297, 4},
		{"a4", "3x3", Simplex, 210, 297, 3},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/%s", tt.paper, tt.layout, tt.d), func(t *testing.T) {
			g, err := NewGeometry(tt.paper, tt.layout, tt.d, Offset{})
			if err != nil {
				t.Fatal(err)
			}
			if !near(g.PageW, tt.pageW) || !near(g.PageH, tt.pageH) || g.PerPage() != tt.perPage {
				t.Errorf("got %g×%g mm with %d cards, want %g×%g with %d", g.PageW, g.PageH, g.PerPage(), tt.pageW, tt.pageH, tt.perPage)
			}
		})
	}
}

func TestGeometryErrors(t *testing.T) {
	tests := []struct {
		paper, layout string
		d             Duplex
		off           Offset
		want          string
	}{
		{"a5", "2x4", LongEdge, Offset{}, `unknown paper "a5" (use a4 or letter)`},
		{"a4", "4x4", LongEdge, Offset{}, `unknown layout "4x4" (use 2x4, 3x3, 2x2 or 1x1)`},
		{"a4", "2x4", "both", Offset{}, `unknown duplex mode "both" (use long, short or none)`},
		{"a4", "2x4", LongEdge, Offset{25, 0}, "back offset 25,0 is out of range (-20 to 20 mm)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := NewGeometry(tt.paper, tt.layout, tt.d, tt.off)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
