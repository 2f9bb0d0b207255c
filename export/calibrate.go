package export

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// CalibrationOptions say how to print the calibration sheet: with the paper,
// layout, duplex mode and back offset the cards will be printed with.
type CalibrationOptions struct {
	Paper, Layout string
	Duplex        Duplex
	BackOffset    Offset
	Lang          Lang // of the instructions: en or zh (both: en)
	Created       time.Time
	Creator       string
}

// Calibration sheet sizes, in millimetres.
const (
	calRange = 10 // the scales read from -calRange to +calRange
	calGrid  = 5  // grid spacing
	calSpan  = 25 // the grid reaches this far from the centre
)

// ErrCalibrationSimplex is returned when asked to calibrate without duplex.
var ErrCalibrationSimplex = errors.New("calibration needs double-sided printing: use --duplex long or short")

// calibrationSigns returns how a distance on the front (right and down,
// from the centre) turns into a correction of the back offset. Seen through
// the paper, the back is mirrored: across columns when the sheet turns over
// its long edge (portrait), across rows when it turns over its short edge.
func calibrationSigns(g *Geometry) (sx, sy float64) {
	if g.mirrorsColumns() {
		return 1, -1
	}
	return -1, 1
}

// WriteCalibration writes a two-sided calibration sheet. Both sides carry
// the same grid and a cross at the centre; the front also has two scales.
// Printed double-sided and held up to the light, the back's cross falls on
// the front's scales at the correction to add to the back offset.
func WriteCalibration(w io.Writer, opts CalibrationOptions) error {
	if opts.Duplex == Simplex {
		return ErrCalibrationSimplex
	}
	g, err := NewGeometry(opts.Paper, opts.Layout, opts.Duplex, opts.BackOffset)
	if err != nil {
		return err
	}
	fs, err := BuiltinFonts()
	if err != nil {
		return err
	}
	doc, err := newPDFDocument(docInfo{
		Title: "cram duplex calibration", Author: "cram", Creator: orDefault(opts.Creator, "cram"),
		Subject: "back offset calibration: " + g.String(), Created: opts.Created,
	}, fs.faces())
	if err != nil {
		return err
	}
	drawCalibration(doc, g, fs, opts.Lang)
	return doc.Write(w)
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

var calText = map[string][]string{
	"en": {
		"cram duplex calibration — front",
		"Print both sides at 100%% scale, %s. Hold the sheet up to the light:",
		"the thick cross printed on the back falls on these scales at X (across)",
		"and Y (up/down). Your back offset is %s plus X,Y:",
		"cram export pdf --back-offset X,Y  (or the setting pdf.back_offset)",
		"long-edge flip", "short-edge flip",
		"cram duplex calibration — back",
	},
	"zh": {
		"cram 双面校准 —— 正面",
		"以 100%% 比例双面打印（%s）。把纸对着光：",
		"背面的粗十字落在这两把刻度尺上的读数为 X（横向）和 Y（纵向）。",
		"背面偏移量 = 当前值 %s 加上 X,Y：",
		"cram export pdf --back-offset X,Y（或设置 pdf.back_offset）",
		"长边翻转", "短边翻转",
		"cram 双面校准 —— 背面",
	},
}

// drawCalibration draws the sheet's two pages.
func drawCalibration(c canvas, g *Geometry, fs *Fonts, lang Lang) {
	t := calText["en"]
	if lang == Chinese {
		t = calText["zh"]
	}
	cx, cy := g.PageW/2, g.PageH/2
	size := min(9.0, g.PageW/20)
	text := func(cv canvas, x, y float64, s string, pt float64) {
		l := newLayouter(fs)
		lines, _ := l.setParagraph(&paragraph{spans: []span{{text: s}}}, g.PageW, pt, true)
		for _, ln := range lines {
			for _, r := range ln.runs {
				cv.SetFont(r.face, pt)
				cv.Text(x+r.x, y, r.text)
			}
		}
	}
	textWidth := func(s string, pt float64) float64 {
		w := 0.0
		for _, c := range newLayouter(fs).cells(&paragraph{spans: []span{{text: s}}}) {
			w += c.em * pt * ptToMM
		}
		return w
	}
	flip := t[5]
	if g.Duplex == ShortEdge {
		flip = t[6]
	}

	// Front.
	c.AddPage(g.PageW, g.PageH)
	drawCalGrid(c, cx, cy)
	c.SetGray(0)
	c.Line(cx-calSpan, cy, cx+calSpan, cy, 0.1, false)
	c.Line(cx, cy-calSpan, cx, cy+calSpan, 0.1, false)
	sx, sy := calibrationSigns(g)
	labelPt := min(6.0, size*0.7)
	for d := -calRange; d <= calRange; d++ {
		tick := 1.2
		if d%5 == 0 {
			tick = 3
		}
		x, y := cx+float64(d), cy+float64(d)
		c.Line(x, cy-tick, x, cy+tick, 0.1, false)
		c.Line(cx-tick, y, cx+tick, y, 0.1, false)
		// Only the ends are labelled: labels at ±5 of both scales would
		// collide near the centre, and the long ticks mark every 5 mm.
		if d == -calRange || d == calRange {
			lx := signed(sx * float64(d))
			text(c, x-textWidth(lx, labelPt)/2, cy-4, lx, labelPt)
			ly := signed(sy * float64(d))
			text(c, cx+4, y+labelPt*ptToMM/3, ly, labelPt)
		}
	}
	text(c, cx+calRange+2, cy+labelPt*ptToMM/3, "X", labelPt)
	text(c, cx+1.5, cy-calRange-2.5, "Y", labelPt)
	margin := min(10.0, g.PageW/15)
	y := margin + size*ptToMM
	lines := []string{
		t[0],
		fmt.Sprintf(t[1], flip),
		t[2],
		fmt.Sprintf(t[3], fmt.Sprintf("%s,%s", trimNum(g.Offset.X), trimNum(g.Offset.Y))),
		t[4],
	}
	for i, s := range lines {
		pt := size * 0.8
		if i == 0 {
			pt = size
		}
		text(c, margin, y, s, pt)
		y += pt * ptToMM * 1.5
		if g.Index && i == 0 {
			break // an index card has no room for instructions under the title
		}
	}

	// Back: the same grid, a thick cross and a circle, moved by the offset.
	c.AddPage(g.PageW, g.PageH)
	back := shifted{c, g.Offset.X, g.Offset.Y}
	drawCalGrid(back, cx, cy)
	back.SetGray(0)
	back.Line(cx-calSpan, cy, cx+calSpan, cy, 0.6, false)
	back.Line(cx, cy-calSpan, cx, cy+calSpan, 0.6, false)
	back.Rect(Rect{cx - 2, cy - 2, 4, 4}, 0.3)
	text(back, margin, margin+size*ptToMM, t[7], size)
}

// drawCalGrid draws the light grid both sides share.
func drawCalGrid(c canvas, cx, cy float64) {
	c.SetGray(200)
	for d := -calSpan; d <= calSpan; d += calGrid {
		c.Line(cx+float64(d), cy-calSpan, cx+float64(d), cy+calSpan, 0.1, false)
		c.Line(cx-calSpan, cy+float64(d), cx+calSpan, cy+float64(d), 0.1, false)
	}
}

func signed(v float64) string {
	if v > 0 {
		return "+" + trimNum(v)
	}
	return trimNum(v)
}

func trimNum(v float64) string { return fmt.Sprintf("%g", v) }
