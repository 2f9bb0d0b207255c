package export

// This file is the only one that imports gofpdf. Its upstream is archived:
// moving to a maintained fork (github.com/go-pdf/fpdf has the same API)
// changes the import line below and nothing else.

import (
	"fmt"
	"io"

	gofpdf "github.com/jung-kurt/gofpdf"
)

// gofpdfDoc is a pdfDocument written with gofpdf, in millimetres.
type gofpdfDoc struct {
	pdf  *gofpdf.Fpdf
	font *Face
	pt   float64
	gray int
}

// newPDFDocument starts a PDF with the given metadata and fonts. gofpdf
// embeds each font as a subset of the glyphs the document uses.
func newPDFDocument(info docInfo, faces []*Face) (doc pdfDocument, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("pdf: load fonts: %v", r)
		}
	}()
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: 210, Ht: 297}})
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true) // a stable object order: the same cards give the same bytes
	if !info.Created.IsZero() {
		pdf.SetCreationDate(info.Created)
		pdf.SetModificationDate(info.Created)
	}
	pdf.SetTitle(info.Title, true)
	pdf.SetAuthor(info.Author, true)
	pdf.SetSubject(info.Subject, true)
	pdf.SetCreator(info.Creator, true)
	pdf.SetProducer("cram (gofpdf)", true)
	if info.Keywords != "" {
		pdf.SetKeywords(info.Keywords, true)
	}
	for _, f := range faces {
		// gofpdf writes into the bytes it is given while it subsets a font
		// (utf8FontFile.getMetrics appends to a slice of them): give each
		// document its own copy, so that the shared font data stays intact
		// and documents can be written concurrently.
		pdf.AddUTF8FontFromBytes(f.Name, "", append([]byte(nil), f.data...))
		if err := pdf.Error(); err != nil {
			return nil, fmt.Errorf("pdf: font %s: %w", f.Source, err)
		}
	}
	return &gofpdfDoc{pdf: pdf, gray: -1}, nil
}

func (d *gofpdfDoc) AddPage(w, h float64) {
	d.pdf.AddPageFormat("P", gofpdf.SizeType{Wd: w, Ht: h})
	d.font, d.gray = nil, -1 // a new page starts without a font
	d.pdf.SetLineCapStyle("butt")
}

func (d *gofpdfDoc) SetFont(f *Face, pt float64) {
	if d.font == f && d.pt == pt {
		return
	}
	d.font, d.pt = f, pt
	d.pdf.SetFont(f.Name, "", pt)
}

func (d *gofpdfDoc) SetGray(g uint8) {
	if d.gray == int(g) {
		return
	}
	d.gray = int(g)
	d.pdf.SetTextColor(int(g), int(g), int(g))
	d.pdf.SetDrawColor(int(g), int(g), int(g))
}

func (d *gofpdfDoc) Text(x, y float64, s string) { d.pdf.Text(x, y, s) }

func (d *gofpdfDoc) Line(x1, y1, x2, y2, width float64, dash bool) {
	d.pdf.SetLineWidth(width)
	if dash {
		d.pdf.SetDashPattern([]float64{1.2, 1.2}, 0)
	}
	d.pdf.Line(x1, y1, x2, y2)
	if dash {
		d.pdf.SetDashPattern(nil, 0)
	}
}

func (d *gofpdfDoc) Rect(r Rect, width float64) {
	d.pdf.SetLineWidth(width)
	d.pdf.Rect(r.X, r.Y, r.W, r.H, "D")
}

// Write renders the document to w.
func (d *gofpdfDoc) Write(w io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdf: %v", r)
		}
	}()
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// stringWidth is gofpdf's own width of s in mm, for the test that checks
// the layout measures text as the PDF writer does.
func (d *gofpdfDoc) stringWidth(f *Face, pt float64, s string) float64 {
	d.SetFont(f, pt)
	return d.pdf.GetStringWidth(s)
}
