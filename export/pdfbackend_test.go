package export

import (
	"crypto/sha256"
	"io"
	"math"
	"testing"
)

// TestWidthsAgreeWithWriter checks that the layout's character widths are
// those the PDF writer uses, for every character of every built-in font:
// otherwise set lines could run past the card's edge.
func TestWidthsAgreeWithWriter(t *testing.T) {
	fs, err := BuiltinFonts()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := newPDFDocument(docInfo{}, fs.faces())
	if err != nil {
		t.Fatal(err)
	}
	d := doc.(*gofpdfDoc)
	for _, f := range fs.faces() {
		var s []rune
		for r := rune(0x20); r < 0x10000; r++ {
			if f.Has(r) {
				s = append(s, r)
			}
		}
		for i := 0; i < len(s); i += 97 {
			chunk := string(s[i:min(len(s), i+97)])
			want := 0.0
			for _, r := range chunk {
				want += f.Advance(r) * 10 * ptToMM
			}
			if got := d.stringWidth(f, 10, chunk); math.Abs(got-want) > 1e-6 {
				t.Errorf("%s: gofpdf measures %q as %g mm, the layout as %g", f.Source, chunk, got, want)
				break
			}
		}
	}
}

// TestFontDataUntouched guards against gofpdf writing into the font bytes
// it is given (utf8FontFile.getMetrics appends to a slice of them while it
// subsets): the shared font data must be the same after writing a PDF.
func TestFontDataUntouched(t *testing.T) {
	fs, err := BuiltinFonts()
	if err != nil {
		t.Fatal(err)
	}
	var before [][32]byte
	for _, f := range fs.faces() {
		before = append(before, sha256.Sum256(f.data))
	}
	qs, fb := everyType(t)
	if _, err := WritePDF(io.Discard, qs, fb, PDFOptions{Lang: Both, Paper: "a4", Layout: "2x4", Duplex: LongEdge}); err != nil {
		t.Fatal(err)
	}
	for i, f := range fs.faces() {
		if sha256.Sum256(f.data) != before[i] {
			t.Errorf("%s changed while writing a PDF", f.Source)
		}
	}
}
