package export

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
)

// Face is a TrueType font as the layout sees it: which characters it has and
// how wide they are. Only characters of the Basic Multilingual Plane count:
// the PDF writer encodes text as 16-bit codes.
type Face struct {
	// Name is the family the font is registered under in the PDF.
	Name string
	// Source names the font in messages: a file path or "built-in DejaVu Sans".
	Source string
	// Ascent and Descent are the font's extent above and below the baseline,
	// in em (Descent is positive).
	Ascent, Descent float64

	data []byte
	adv  []uint16 // advance width per BMP code point, in 1/1000 em
	has  []uint64 // bit set of the code points with a glyph
}

// Has reports whether f has a glyph for r.
func (f *Face) Has(r rune) bool {
	return r >= 0 && r < 0x10000 && f.has[r>>6]&(1<<(uint(r)&63)) != 0
}

// Advance returns r's advance width in em (0 when f lacks r).
func (f *Face) Advance(r rune) float64 {
	if !f.Has(r) {
		return 0
	}
	return float64(f.adv[r]) / 1000
}

// ErrNotTrueType is returned, wrapped with the reason, for a font file cram
// cannot embed.
var ErrNotTrueType = errors.New("not a TrueType font")

// LoadFace reads and checks a TrueType font file.
func LoadFace(name, path string) (*Face, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	f, err := ParseFace(name, path, data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	return f, nil
}

// ParseFace checks that data is a TrueType font the PDF writer can embed and
// reads its character map and widths. It checks every table the writer
// reads, so that a broken or unsuitable file gives an error here rather than
// a broken PDF.
func ParseFace(name, source string, data []byte) (*Face, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("%w: the file is too short", ErrNotTrueType)
	}
	switch tag := string(data[:4]); tag {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		return nil, fmt.Errorf("%w: it is an OpenType font with PostScript (CFF) outlines; use a .ttf font with TrueType outlines", ErrNotTrueType)
	case "ttcf":
		return nil, fmt.Errorf("%w: it is a font collection (.ttc); use a single .ttf font", ErrNotTrueType)
	case "wOFF", "wOF2":
		return nil, fmt.Errorf("%w: it is a web font (WOFF); use a .ttf font", ErrNotTrueType)
	default:
		return nil, fmt.Errorf("%w: unknown file signature %q", ErrNotTrueType, tag)
	}
	tables, err := tableDirectory(data)
	if err != nil {
		return nil, err
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "cmap", "loca", "glyf", "name", "post"} {
		if _, ok := tables[t]; !ok {
			return nil, fmt.Errorf("%w: it has no %q table", ErrNotTrueType, t)
		}
	}
	head, hhea, maxp := tables["head"], tables["hhea"], tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || len(tables["post"]) < 32 {
		return nil, fmt.Errorf("%w: a table is too short", ErrNotTrueType)
	}
	upem := int(u16(head, 18))
	if upem < 16 || upem > 16384 {
		return nil, fmt.Errorf("%w: units per em %d out of range", ErrNotTrueType, upem)
	}
	locaFormat := u16(head, 50)
	if locaFormat > 1 || u16(head, 52) != 0 {
		return nil, fmt.Errorf("%w: unknown glyph data format", ErrNotTrueType)
	}
	if u16(hhea, 32) != 0 {
		return nil, fmt.Errorf("%w: unknown metrics format", ErrNotTrueType)
	}
	nhm, numGlyphs := int(u16(hhea, 34)), int(u16(maxp, 4))
	if nhm == 0 || nhm > numGlyphs {
		return nil, fmt.Errorf("%w: %d horizontal metrics for %d glyphs", ErrNotTrueType, nhm, numGlyphs)
	}
	hmtx := tables["hmtx"]
	if len(hmtx) < 4*nhm {
		return nil, fmt.Errorf("%w: the hmtx table is too short", ErrNotTrueType)
	}
	locaEntry := 2 + 2*int(locaFormat)
	if len(tables["loca"]) < (numGlyphs+1)*locaEntry {
		return nil, fmt.Errorf("%w: the loca table is too short", ErrNotTrueType)
	}
	if err := checkNames(tables["name"]); err != nil {
		return nil, err
	}
	if os2 := tables["OS/2"]; len(os2) >= 10 {
		if fs := u16(os2, 8); fs == 2 || fs&0x0300 != 0 {
			return nil, errors.New("the font's licence forbids embedding it in documents (OS/2 fsType); choose another font")
		}
	}
	glyphs, err := cmap4(tables["cmap"])
	if err != nil {
		return nil, err
	}

	f := &Face{Name: name, Source: source, data: data, adv: make([]uint16, 0x10000), has: make([]uint64, 0x10000/64)}
	scale := 1000 / float64(upem)
	lastAdv := int(u16(hmtx, 4*(nhm-1)))
	for r, g := range glyphs {
		if g == 0 || g >= numGlyphs {
			continue
		}
		a := lastAdv
		if g < nhm {
			a = int(u16(hmtx, 4*g))
		}
		if a >= 1<<15 {
			a = 0
		}
		f.adv[r] = uint16(math.Round(scale * float64(a)))
		f.has[r>>6] |= 1 << (uint(r) & 63)
	}
	f.Ascent = float64(int16(u16(hhea, 4))) / float64(upem)
	f.Descent = -float64(int16(u16(hhea, 6))) / float64(upem)
	if f.Ascent <= 0 || f.Ascent > 2 {
		f.Ascent = 0.9
	}
	if f.Descent < 0 || f.Descent > 1 {
		f.Descent = 0.25
	}
	return f, nil
}

func u16(b []byte, off int) uint16 { return binary.BigEndian.Uint16(b[off:]) }
func u32(b []byte, off int) uint32 { return binary.BigEndian.Uint32(b[off:]) }

// tableDirectory returns the font's tables by tag, each checked to lie
// inside the file.
func tableDirectory(data []byte) (map[string][]byte, error) {
	n := int(u16(data, 4))
	if len(data) < 12+16*n {
		return nil, fmt.Errorf("%w: the table directory is cut short", ErrNotTrueType)
	}
	tables := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		off, size := uint64(u32(rec, 8)), uint64(u32(rec, 12))
		if off+size > uint64(len(data)) {
			return nil, fmt.Errorf("%w: table %q lies outside the file", ErrNotTrueType, rec[:4])
		}
		tables[string(rec[:4])] = data[off : off+size]
	}
	return tables, nil
}

// cmap4 reads the first Unicode character map of format 4, the one the PDF
// writer uses, and returns the glyph of every code point it maps.
func cmap4(cm []byte) (map[rune]int, error) {
	bad := fmt.Errorf("%w: its character map is damaged", ErrNotTrueType)
	if len(cm) < 4 {
		return nil, bad
	}
	n := int(u16(cm, 2))
	if len(cm) < 4+8*n {
		return nil, bad
	}
	sub := -1
	for i := 0; i < n; i++ {
		rec := cm[4+8*i:]
		platform, encoding, off := u16(rec, 0), u16(rec, 2), int(u32(rec, 4))
		if (platform == 3 && encoding == 1) || platform == 0 {
			if off+2 <= len(cm) && u16(cm, off) == 4 {
				sub = off
				break
			}
		}
	}
	if sub < 0 {
		return nil, fmt.Errorf("%w: it has no Unicode character map of format 4", ErrNotTrueType)
	}
	t := cm[sub:]
	if len(t) < 14 {
		return nil, bad
	}
	segs := int(u16(t, 6)) / 2
	if segs == 0 || len(t) < 16+8*segs {
		return nil, bad
	}
	ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
	out := make(map[rune]int)
	for s := 0; s < segs; s++ {
		end, start := int(u16(t, ends+2*s)), int(u16(t, starts+2*s))
		delta, ro := int(u16(t, deltas+2*s)), int(u16(t, ranges+2*s))
		if start > end {
			continue
		}
		for c := start; c <= end && c < 0xFFFF; c++ {
			var g int
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else {
				pos := ranges + 2*s + ro + 2*(c-start)
				if pos+2 > len(t) {
					return nil, bad
				}
				if g = int(u16(t, pos)); g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g != 0 {
				out[rune(c)] = g
			}
		}
	}
	return out, nil
}

// checkNames checks the name table as the PDF writer reads it: format 0,
// records inside the table, Windows names in UTF-16.
func checkNames(nt []byte) error {
	bad := fmt.Errorf("%w: unsupported name table", ErrNotTrueType)
	if len(nt) < 6 || u16(nt, 0) != 0 {
		return bad
	}
	n, strings := int(u16(nt, 2)), int(u16(nt, 4))
	if len(nt) < 6+12*n {
		return bad
	}
	for i := 0; i < n; i++ {
		rec := nt[6+12*i:]
		platform, encoding, size, off := u16(rec, 0), u16(rec, 2), int(u16(rec, 8)), int(u16(rec, 10))
		if strings+off+size > len(nt) {
			return bad
		}
		if platform == 3 && encoding == 1 && size%2 != 0 {
			return bad
		}
	}
	return nil
}
