package export

// Text sizes, in points.
const (
	ptToMM     = 25.4 / 72
	lineFactor = 1.25 // line height over font size
	ascentEm   = 1.0  // baseline below a line's top, in em: room for every font's ascent
	codeScale  = 0.88 // code is set a little smaller than prose
	minBodyPt  = 6.0  // the smallest body size before text continues on another card
	headerPt   = 6.0
	sizeStep   = 0.5
)

// A glyphRun is text in one font on one line, placed relative to the box's
// left edge.
type glyphRun struct {
	face *Face
	text string
	x, w float64 // mm
}

// A textLine is one set line.
type textLine struct {
	runs []glyphRun
	pt   float64 // font size
	gray uint8
	y    float64 // top of the line below the top of its block, mm
	h    float64 // line height, mm
	w    float64 // width of the inked text, from the box's left edge, mm
}

// baseline returns the line's baseline below the top of its block.
func (l textLine) baseline() float64 { return l.y + l.pt*ptToMM*ascentEm }

// layouter sets paragraphs in boxes, reporting characters no font has.
type layouter struct {
	fonts   *Fonts
	missing []rune
	seen    map[rune]bool
	shaped  map[*paragraph][]cell
}

func newLayouter(fs *Fonts) *layouter {
	return &layouter{fonts: fs, seen: map[rune]bool{}, shaped: map[*paragraph][]cell{}}
}

func (l *layouter) miss(r rune) {
	if !l.seen[r] {
		l.seen[r] = true
		l.missing = append(l.missing, r)
	}
}

func (l *layouter) cells(p *paragraph) []cell {
	c, ok := l.shaped[p]
	if !ok {
		c = l.fonts.shape(p.spans, l.miss)
		l.shaped[p] = c
	}
	return c
}

// setParagraph sets p in width mm with body text of bodyPt points; line
// tops start at 0. Without build it only measures: it returns no lines,
// only the height they take.
func (l *layouter) setParagraph(p *paragraph, width, bodyPt float64, build bool) ([]textLine, float64) {
	scale := p.scale
	if scale == 0 {
		scale = 1
	}
	pt := bodyPt * scale
	if p.pre {
		pt *= codeScale
	}
	mm := pt * ptToMM
	widthOf := func(c cell) float64 { return c.em * mm }
	lh := mm * lineFactor

	indent := 0.0
	var labelRuns []glyphRun
	if p.label != "" {
		lc := l.fonts.shape([]span{{text: p.label}}, l.miss)
		if build {
			labelRuns = runsOf(lc, 0, widthOf)
		}
		for _, c := range lc {
			indent += widthOf(c)
		}
		indent += 0.4 * mm
	}
	cs := l.cells(p)
	var out []textLine
	y := 0.0
	emit := func(runs []glyphRun) {
		if !build {
			y += lh
			return
		}
		w := 0.0
		if len(runs) > 0 {
			last := runs[len(runs)-1]
			w = last.x + last.w
		}
		if p.align == alignRight && w < width {
			for i := range runs {
				runs[i].x += width - w
			}
			w = width
		}
		out = append(out, textLine{runs: runs, pt: pt, gray: p.gray, y: y, h: lh, w: w})
		y += lh
	}
	for start := 0; start <= len(cs); {
		end := start
		for end < len(cs) && cs[end].r != '\n' {
			end++
		}
		hard := cs[start:end]
		// Code keeps its indentation on continuation lines, plus two spaces.
		hang := 0.0
		if p.pre {
			for _, c := range hard {
				if !isSpace(c.r) {
					break
				}
				hang += widthOf(c)
			}
			if len(hard) > 0 {
				hang += 2 * widthOf(cell{em: hard[0].face.Advance(' ')})
			}
			hang = min(hang, (width-indent)/2)
		}
		if len(hard) == 0 {
			emit(nil)
		}
		for i, se := range wrapHanging(hard, width-indent, hang, widthOf) {
			if !build {
				emit(nil)
				continue
			}
			x := indent
			if i > 0 {
				x += hang
			}
			runs := runsOf(hard[se[0]:se[1]], x, widthOf)
			if i == 0 && len(out) == 0 && labelRuns != nil {
				runs = append(append([]glyphRun(nil), labelRuns...), runs...)
			}
			emit(runs)
		}
		start = end + 1
	}
	if y == 0 && p.label != "" {
		emit(labelRuns)
	}
	return out, y
}

// wrapHanging wraps like wrap, with lines after the first hang mm narrower.
func wrapHanging(c []cell, width, hang float64, widthOf func(cell) float64) [][2]int {
	if hang == 0 {
		return wrap(c, width, widthOf)
	}
	first := wrap(c, width, widthOf)
	if len(first) <= 1 {
		return first
	}
	rest := first[0][1]
	for rest < len(c) && isSpace(c[rest].r) {
		rest++
	}
	out := [][2]int{first[0]}
	for _, se := range wrap(c[rest:], width-hang, widthOf) {
		out = append(out, [2]int{se[0] + rest, se[1] + rest})
	}
	return out
}

// runsOf groups cells into runs of one font, starting at x.
func runsOf(cs []cell, x float64, widthOf func(cell) float64) []glyphRun {
	var runs []glyphRun
	var b []rune
	var cur *glyphRun
	flush := func() {
		if cur != nil {
			cur.text = string(b)
			runs = append(runs, *cur)
			cur, b = nil, b[:0]
		}
	}
	for _, c := range cs {
		w := widthOf(c)
		if cur == nil || cur.face != c.face {
			flush()
			cur = &glyphRun{face: c.face, x: x}
		}
		b = append(b, c.r)
		cur.w += w
		x += w
	}
	flush()
	return runs
}

// setBlock sets paragraphs one below the other, with their gaps; it
// returns the lines (unless it only measures) and the height they take.
func (l *layouter) setBlock(ps []*paragraph, width, bodyPt float64, build bool) ([]textLine, float64) {
	var out []textLine
	y := 0.0
	bodyLH := bodyPt * ptToMM * lineFactor
	for i, p := range ps {
		if i > 0 {
			y += p.gap * bodyLH
		}
		lines, h := l.setParagraph(p, width, bodyPt, build)
		for _, ln := range lines {
			ln.y += y
			out = append(out, ln)
		}
		y += h
	}
	return out, y
}

// fitted is a side's body set at one size, cut into the parts that go on
// one card each.
type fitted struct {
	pt    float64
	parts [][]textLine // each part's line tops start at 0
}

// fit sets the body paragraphs in a box of width × height at the largest
// size from maxPt down to minBodyPt at which they fit. When they do not fit
// even at the smallest size, it cuts them into parts, each leaving room
// (reserve mm) at the bottom for the "continued" line.
func (l *layouter) fit(ps []*paragraph, width, height, maxPt, reserve float64) fitted {
	for pt := maxPt; pt > minBodyPt; pt -= sizeStep {
		if _, h := l.setBlock(ps, width, pt, false); h <= height {
			lines, _ := l.setBlock(ps, width, pt, true)
			return fitted{pt: pt, parts: [][]textLine{lines}}
		}
	}
	lines, h := l.setBlock(ps, width, minBodyPt, true)
	if h <= height {
		return fitted{pt: minBodyPt, parts: [][]textLine{lines}}
	}
	f := fitted{pt: minBodyPt}
	var part []textLine
	top := 0.0
	for _, ln := range lines {
		if len(part) > 0 && ln.y+ln.h-top > height-reserve {
			f.parts = append(f.parts, part)
			part, top = nil, ln.y
		}
		ln.y -= top
		part = append(part, ln)
	}
	f.parts = append(f.parts, part)
	return f
}
