package export

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cram-dev/cram/export/fonts"
)

func TestParseFaceBuiltins(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		has    string
		hasnt  string
		adv    rune
		advMin float64
	}{
		{"sans", fonts.Sans, "AZaz09ÄéßΩЖ“”…★☆•›�", "线한😀", 'M', 0.8},
		{"mono", fonts.Mono, "AZaz09{}()[]", "线", 'i', 0.6},
		{"cjk", fonts.CJK, "线程锁執行緒，。「」（）：；！？　", "한", '线', 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseFace(tt.name, tt.name, tt.data)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range tt.has {
				if !f.Has(r) {
					t.Errorf("lacks %q", r)
				}
			}
			for _, r := range tt.hasnt {
				if f.Has(r) {
					t.Errorf("has %q", r)
				}
			}
			if a := f.Advance(tt.adv); a < tt.advMin-0.01 || a > 1.01 {
				t.Errorf("advance of %q is %g em", tt.adv, a)
			}
			if f.Ascent <= 0.5 || f.Ascent > 1.1 || f.Descent <= 0 || f.Descent > 0.3 {
				t.Errorf("ascent %g, descent %g", f.Ascent, f.Descent)
			}
		})
	}
}

func TestParseFaceRefuses(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"text", []byte("this is not a font at all"), `not a TrueType font: unknown file signature "this"`},
		{"empty", nil, "not a TrueType font: the file is too short"},
		{"cff", append([]byte("OTTO"), make([]byte, 64)...), "not a TrueType font: it is an OpenType font with PostScript (CFF) outlines; use a .ttf font with TrueType outlines"},
		{"collection", append([]byte("ttcf"), make([]byte, 64)...), "not a TrueType font: it is a font collection (.ttc); use a single .ttf font"},
		{"woff", append([]byte("wOF2"), make([]byte, 64)...), "not a TrueType font: it is a web font (WOFF); use a .ttf font"},
		{"cut short", fonts.Sans[:4096], "not a TrueType font: table"},
		{"no tables", append([]byte{0, 1, 0, 0}, make([]byte, 8)...), `not a TrueType font: it has no "head" table`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFace("x", "x", tt.data)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			if !errors.Is(err, ErrNotTrueType) {
				t.Errorf("got %v, want ErrNotTrueType", err)
			}
		})
	}
}

func TestParseFaceRefusesRestrictedEmbedding(t *testing.T) {
	data := append([]byte(nil), fonts.Mono...)
	tables, err := tableDirectory(data)
	if err != nil {
		t.Fatal(err)
	}
	os2 := tables["OS/2"]
	os2[8], os2[9] = 0, 2 // fsType: restricted licence embedding
	if _, err := ParseFace("x", "x", data); err == nil || !strings.Contains(err.Error(), "forbids embedding") {
		t.Errorf("got %v, want a licence error", err)
	}
}

func FuzzParseFace(f *testing.F) {
	f.Add(fonts.Mono[:2048])
	f.Add(fonts.Mono)
	f.Add([]byte("OTTO"))
	f.Fuzz(func(t *testing.T, data []byte) {
		face, err := ParseFace("x", "x", data)
		if err == nil && face == nil {
			t.Fatal("no face and no error")
		}
	})
}

// TestUserFonts checks that fonts named in the settings come first, and
// that a bad one is an error naming the setting.
func TestUserFonts(t *testing.T) {
	dir := t.TempDir()
	mono := filepath.Join(dir, "mono.ttf")
	if err := os.WriteFile(mono, fonts.Mono, 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.otf")
	if err := os.WriteFile(bad, append([]byte("OTTO"), make([]byte, 64)...), 0o644); err != nil {
		t.Fatal(err)
	}
	fs, err := LoadFonts(mono, "")
	if err != nil {
		t.Fatal(err)
	}
	if f := fs.pick('a', false); f != fs.User {
		t.Errorf("'a' is set in %s, want the user's font", name(f))
	}
	if f := fs.pick('线', false); f != fs.CJK {
		t.Errorf("'线' is set in %s, want the built-in CJK font", name(f))
	}
	if got := len(fs.faces()); got != 4 {
		t.Errorf("got %d fonts to embed, want 4", got)
	}
	for _, tt := range []struct{ text, mono, want string }{
		{bad, "", "setting pdf.font: font " + bad + ": not a TrueType font: it is an OpenType font"},
		{"", bad, "setting pdf.mono_font: font " + bad + ": not a TrueType font"},
		{filepath.Join(dir, "missing.ttf"), "", "setting pdf.font: font " + filepath.Join(dir, "missing.ttf") + ": open"},
	} {
		if _, err := LoadFonts(tt.text, tt.mono); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("got %v, want %q", err, tt.want)
		}
	}
}

// TestFontChoice checks which font sets which character.
func TestFontChoice(t *testing.T) {
	fs, err := BuiltinFonts()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		r    rune
		mono bool
		want *Face
	}{
		{'a', false, fs.Sans},
		{'线', false, fs.CJK},
		{'，', false, fs.CJK},
		{'“', false, fs.Sans},
		{'a', true, fs.Mono},
		{'线', true, fs.CJK}, // Chinese inside code
		{'한', false, nil},
	}
	// A character of DejaVu Sans that DejaVu Sans Mono lacks: code falls
	// back to the proportional font rather than to a box.
	for r := rune(0x2000); r < 0x3000; r++ {
		if fs.Sans.Has(r) && !fs.Mono.Has(r) {
			tests = append(tests, struct {
				r    rune
				mono bool
				want *Face
			}{r, true, fs.Sans})
			break
		}
	}
	for _, tt := range tests {
		if got := fs.pick(tt.r, tt.mono); got != tt.want {
			t.Errorf("%q (mono %v): got %s, want %s", tt.r, tt.mono, name(got), name(tt.want))
		}
	}
}

func name(f *Face) string {
	if f == nil {
		return "no font"
	}
	return f.Source
}
