package export

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cram-dev/cram/content"
)

// PDFOptions say how to print flashcards.
type PDFOptions struct {
	Lang       Lang
	Paper      string // a4 or letter
	Layout     string // 2x4, 3x3, 2x2 or 1x1
	Duplex     Duplex
	BackOffset Offset
	CutMarks   bool
	// Fonts are the fonts to draw with; nil means the built-in ones.
	Fonts *Fonts
	// Created is the document's creation date, set in its metadata: a fixed
	// date gives the same bytes for the same cards.
	Created time.Time
	// Title, Author, Subject and Creator fill the document's metadata;
	// empty ones get defaults.
	Title, Author, Subject, Creator string
}

// PDFResult says what WritePDF wrote.
type PDFResult struct {
	Questions int
	Cards     int // printed cards: a question too long for one card takes several
	Pages     int
	// Continued lists the questions that took more than one card.
	Continued []string
	// Missing lists the characters no font has, in order of appearance;
	// they are printed as U+FFFD.
	Missing []rune
	// Size is the body text size of each question's cards, in points, by id.
	Size map[string]float64
}

// Warnings returns what the user should know about the PDF.
func (r *PDFResult) Warnings() []string {
	var out []string
	if len(r.Missing) > 0 {
		var cs []string
		for _, m := range r.Missing {
			cs = append(cs, fmt.Sprintf("%c (U+%04X)", m, m))
		}
		out = append(out, fmt.Sprintf("no font has %d character(s), printed as �: %s (set pdf.font to a TrueType font that has them)",
			len(r.Missing), strings.Join(cs, ", ")))
	}
	if n := len(r.Continued); n > 0 {
		ids := r.Continued
		more := ""
		if n > 5 {
			ids, more = ids[:5], fmt.Sprintf(" and %d more", n-5)
		}
		out = append(out, fmt.Sprintf("%d question(s) too long for one card continue on the next: %s%s (a larger --layout fits more)",
			n, strings.Join(ids, ", "), more))
	}
	return out
}

// style holds the sizes that depend on the layout.
type style struct {
	pad    float64 // card padding, mm
	bodyPt float64 // largest body size
}

func styleFor(g *Geometry) style {
	switch {
	case g.Index:
		return style{pad: 5, bodyPt: 11}
	case g.Layout == "2x2":
		return style{pad: 4.5, bodyPt: 11}
	}
	return style{pad: 3, bodyPt: 9}
}

// printedCard is one printed card: a part of a question's front and the
// matching part of its back, set in the card's box.
type printedCard struct {
	front, back sideLines
}

// sideLines is one side of a printed card, set relative to its box.
type sideLines struct {
	header []textLine
	body   []textLine
	bodyY  float64 // top of the body below the box's top
	footer []textLine
	rule   float64 // y of the rule under the header
}

// WritePDF prints questions as two-sided flashcards to w. fallback gives each
// bank's languages by bank id. Nothing is written when the cards cannot be
// made (no questions, a missing language, a bad option).
func WritePDF(w io.Writer, qs []*content.Question, fallback map[string][]string, opts PDFOptions) (*PDFResult, error) {
	g, err := NewGeometry(opts.Paper, opts.Layout, opts.Duplex, opts.BackOffset)
	if err != nil {
		return nil, err
	}
	cards, err := BuildCards(qs, fallback, opts.Lang)
	if err != nil {
		return nil, err
	}
	fs := opts.Fonts
	if fs == nil {
		if fs, err = BuiltinFonts(); err != nil {
			return nil, err
		}
	}
	printed, res := layOut(cards, g, fs, opts.Lang)
	doc, err := newPDFDocument(docInfoFor(opts, cards), fs.faces())
	if err != nil {
		return nil, err
	}
	res.Pages = drawCards(doc, g, fs, printed, opts.CutMarks)
	if err := doc.Write(w); err != nil {
		return nil, err
	}
	return res, nil
}

func docInfoFor(opts PDFOptions, cards []*Card) docInfo {
	info := docInfo{Title: opts.Title, Author: opts.Author, Subject: opts.Subject, Creator: opts.Creator, Created: opts.Created}
	var banks []string
	seen := map[string]bool{}
	for _, c := range cards {
		if !seen[c.Bank] {
			seen[c.Bank] = true
			banks = append(banks, c.Bank)
		}
	}
	if info.Title == "" {
		info.Title = "cram flashcards: " + strings.Join(banks, ", ")
	}
	if info.Author == "" {
		info.Author = "cram"
	}
	if info.Subject == "" {
		info.Subject = fmt.Sprintf("%d concurrency interview questions as flashcards", len(cards))
	}
	if info.Creator == "" {
		info.Creator = "cram"
	}
	info.Keywords = strings.Join(banks, " ")
	return info
}

// layOut sets every card's sides, cutting those too long for one card.
func layOut(cards []*Card, g *Geometry, fs *Fonts, lang Lang) ([]printedCard, *PDFResult) {
	st := styleFor(g)
	l := newLayouter(fs)
	res := &PDFResult{Questions: len(cards), Size: map[string]float64{}}
	box := Rect{0, 0, g.CardW, g.CardH}.Inset(st.pad)
	var out []printedCard
	for _, c := range cards {
		front := l.fitSide(c.Header(), frontParagraphs(c), box, st.bodyPt, lang)
		back := l.fitSide(c.Header(), backParagraphs(c, lang), box, st.bodyPt, lang)
		res.Size[c.ID] = min(front.pt, back.pt)
		n := max(len(front.parts), len(back.parts))
		if n > 1 {
			res.Continued = append(res.Continued, c.ID)
		}
		for k := 0; k < n; k++ {
			out = append(out, printedCard{
				front: l.side(c.Header(), front, k, n, box, lang),
				back:  l.side(c.Header(), back, k, n, box, lang),
			})
		}
		clear(l.shaped) // the card is set: keep only its lines
	}
	res.Cards = len(out)
	res.Missing = l.missing
	return out, res
}

// sideFit is one side's body, fitted under the header.
type sideFit struct {
	fitted
	bodyY float64
}

const headerGap = 1.6 // mm between the header and the body

func headerPara(s string) *paragraph {
	return &paragraph{spans: []span{{text: s}}, gray: 110}
}

// continuedHeader is the header of part k (from 0) of n.
func continuedHeader(header string, k, n int, lang Lang) string {
	if k == 0 {
		return header
	}
	return header + fmt.Sprintf(" · %s %d/%d", label(lang, "continued"), k+1, n)
}

// fitSide fits a side's body under its header, leaving room at the bottom
// of every part but the last for the "continued" line.
func (l *layouter) fitSide(header string, ps []*paragraph, box Rect, maxPt float64, lang Lang) sideFit {
	// The header of a continued card is longer: make room for the longest.
	_, h1 := l.setBlock([]*paragraph{headerPara(header)}, box.W, headerPt, false)
	_, h2 := l.setBlock([]*paragraph{headerPara(continuedHeader(header, 98, 99, lang))}, box.W, headerPt, false)
	hh := max(h1, h2) + headerGap
	reserve := headerPt * ptToMM * lineFactor
	return sideFit{fitted: l.fit(ps, box.W, box.H-hh, maxPt, reserve), bodyY: hh}
}

// side sets part k of n of a side: header, body and, unless it is the last
// part of the side, the "continued" line.
func (l *layouter) side(header string, f sideFit, k, n int, box Rect, lang Lang) sideLines {
	hl, hh := l.setBlock([]*paragraph{headerPara(continuedHeader(header, k, n, lang))}, box.W, headerPt, true)
	s := sideLines{header: hl, bodyY: f.bodyY, rule: hh + headerGap/2}
	if k < len(f.parts) {
		s.body = f.parts[k]
	}
	if k < len(f.parts)-1 {
		fl, fh := l.setBlock([]*paragraph{{spans: []span{{text: label(lang, "next") + " ›"}}, gray: 110, align: alignRight}}, box.W, headerPt, true)
		for i := range fl {
			fl[i].y += box.H - fh
		}
		s.footer = fl
	}
	return s
}

// frontParagraphs is what the front of c shows.
func frontParagraphs(c *Card) []*paragraph {
	var ps []*paragraph
	prose := func(ts Texts, gap float64) {
		for i, t := range ts.Distinct() {
			g := gap
			if i > 0 {
				g = 0.45
			}
			ps = append(ps, &paragraph{spans: proseSpans(t.Text), gap: g})
		}
	}
	if !c.Front.IsZero() {
		prose(c.Front, 0)
		return ps
	}
	prose(c.Prompt, 0)
	if c.Code != nil {
		ps = append(ps, &paragraph{spans: []span{{text: c.Code.Source, mono: true}}, pre: true, gap: 0.5})
	}
	for i, t := range c.Passage.Distinct() {
		g := 0.5
		if i > 0 {
			g = 0.45
		}
		ps = append(ps, &paragraph{spans: []span{{text: t.Text, mono: true}}, pre: true, gap: g})
	}
	for i, ch := range c.Choices {
		g := 0.25
		if i == 0 {
			g = 0.5
		}
		ps = append(ps, &paragraph{spans: joinedSpans(ch.Text), label: ch.Letter + ".", gap: g})
	}
	if hs := c.Hint.Distinct(); len(hs) > 0 {
		var parts []string
		for _, h := range hs {
			parts = append(parts, h.Text)
		}
		ps = append(ps, &paragraph{spans: proseSpans(strings.Join(parts, " · ")), gray: 90, scale: 0.85, gap: 0.5})
	}
	return ps
}

// joinedSpans sets the languages of a text one per line.
func joinedSpans(ts Texts) []span {
	var out []span
	for i, t := range ts.Distinct() {
		if i > 0 {
			out = append(out, span{text: "\n"})
		}
		out = append(out, proseSpans(t.Text)...)
	}
	return out
}

// backParagraphs is what the back of c shows.
func backParagraphs(c *Card, lang Lang) []*paragraph {
	var ps []*paragraph
	heading := func(key string) {
		g := 0.6
		if len(ps) == 0 {
			g = 0
		}
		ps = append(ps, &paragraph{spans: []span{{text: label(lang, key)}}, gray: 110, scale: 0.8, gap: g})
	}
	prose := func(ts Texts) {
		for i, t := range ts.Distinct() {
			g := 0.1
			if i > 0 {
				g = 0.4
			}
			ps = append(ps, &paragraph{spans: proseSpans(t.Text), gap: g})
		}
	}
	switch {
	case !c.Back.IsZero():
		prose(c.Back)
	case c.Output != "":
		heading("output")
		ps = append(ps, &paragraph{spans: []span{{text: c.Output, mono: true}}, pre: true, gap: 0.1})
	case len(c.Blanks) > 0:
		heading("answer")
		for i, b := range c.Blanks {
			ps = append(ps, &paragraph{spans: []span{{text: b, mono: true}}, label: fmt.Sprintf("%d.", i+1), gap: 0.1})
		}
	case len(c.KeyPoints) > 0:
		heading("keypoints")
		for _, k := range c.KeyPoints {
			ps = append(ps, &paragraph{spans: joinedSpans(k), label: "•", gap: 0.1})
		}
		if !c.Model.IsZero() {
			heading("model")
			prose(c.Model)
		}
	case !c.Answer.IsZero():
		heading("answer")
		prose(c.Answer)
	}
	if !c.Explanation.IsZero() {
		heading("explanation")
		prose(c.Explanation)
	}
	return ps
}
