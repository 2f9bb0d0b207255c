package export

import (
	"bytes"
	"fmt"
	"testing"
)

// TestCalibrationReading simulates printers that shift the back side and
// checks that where the back's cross shows through on the front's scales
// is the correction that puts the back right behind the front.
func TestCalibrationReading(t *testing.T) {
	for _, layout := range []string{"2x4", "1x1"} {
		for _, d := range []Duplex{LongEdge, ShortEdge} {
			for _, tt := range []struct{ current, shift Offset }{
				{Offset{}, Offset{2, -1}},
				{Offset{1, 1}, Offset{-3, 0.5}},
				{Offset{-0.5, 2}, Offset{0, 0}},
			} {
				t.Run(fmt.Sprintf("%s/%s/%v/%v", layout, d, tt.current, tt.shift), func(t *testing.T) {
					g, err := NewGeometry("a4", layout, d, tt.current)
					if err != nil {
						t.Fatal(err)
					}
					cx, cy := g.PageW/2, g.PageH/2
					// The back's cross is drawn at the centre plus the current
					// offset; the printer moves it by shift.
					cross := Rect{cx + tt.current.X + tt.shift.X, cy + tt.current.Y + tt.shift.Y, 0, 0}
					seen := g.Behind(cross)
					sx, sy := calibrationSigns(g)
					readX, readY := sx*(seen.X-cx), sy*(seen.Y-cy)
					// The new offset cancels the printer's shift.
					newX, newY := tt.current.X+readX, tt.current.Y+readY
					if !near(newX+tt.shift.X, 0) || !near(newY+tt.shift.Y, 0) {
						t.Errorf("read %g,%g: new offset %g,%g does not cancel the shift %v", readX, readY, newX, newY, tt.shift)
					}
				})
			}
		}
	}
}

func TestWriteCalibration(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCalibration(&buf, CalibrationOptions{Paper: "a4", Layout: "2x4", Duplex: Simplex}); err != ErrCalibrationSimplex {
		t.Errorf("got %v, want ErrCalibrationSimplex", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes", buf.Len())
	}
	rec := &recorder{}
	g, _ := NewGeometry("letter", "2x4", ShortEdge, Offset{1, 2})
	fs, _ := BuiltinFonts()
	drawCalibration(rec, g, fs, English)
	if len(rec.pages) != 2 {
		t.Fatalf("got %d pages, want 2", len(rec.pages))
	}
	// The back's thick cross is moved by the offset.
	var backCross []lineCall
	for _, l := range rec.lines {
		if l.page == 2 && l.x1 == l.x2 && l.y2-l.y1 == 2*calSpan {
			backCross = append(backCross, l)
		}
	}
	found := false
	for _, l := range backCross {
		if near(l.x1, g.PageW/2+1) && near(l.y1, g.PageH/2+2-calSpan) {
			found = true
		}
	}
	if !found {
		t.Errorf("no vertical line through the moved centre on the back: %v", backCross)
	}
}
