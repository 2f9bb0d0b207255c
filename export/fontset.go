package export

import (
	"fmt"
	"sync"
	"unicode"

	"github.com/cram-dev/cram/export/fonts"
)

// Fonts are the fonts a PDF draws with, in order of preference: for each
// character, the first font that has it. Chinese characters and CJK
// punctuation prefer the CJK font, code prefers the monospace font.
type Fonts struct {
	Sans *Face // Latin text
	Mono *Face // code
	CJK  *Face // Han characters and CJK punctuation
	// User and UserMono are fonts named in the settings pdf.font and
	// pdf.mono_font; they come before the built-in ones. Nil when unset.
	User, UserMono *Face

	text, textCJK, mono, monoCJK []*Face
}

var (
	builtinOnce  sync.Once
	builtinFaces [3]*Face
	builtinErr   error
)

// BuiltinFonts returns the embedded fonts: DejaVu Sans, DejaVu Sans Mono and
// the Droid Sans Fallback subset.
func BuiltinFonts() (*Fonts, error) {
	builtinOnce.Do(func() {
		for i, src := range []struct {
			name, source string
			data         []byte
		}{
			{"cramsans", "built-in DejaVu Sans", fonts.Sans},
			{"crammono", "built-in DejaVu Sans Mono", fonts.Mono},
			{"cramcjk", "built-in Droid Sans Fallback", fonts.CJK},
		} {
			f, err := ParseFace(src.name, src.source, src.data)
			if err != nil {
				builtinErr = fmt.Errorf("%s: %w", src.source, err)
				return
			}
			builtinFaces[i] = f
		}
	})
	if builtinErr != nil {
		return nil, builtinErr
	}
	return newFonts(builtinFaces[0], builtinFaces[1], builtinFaces[2], nil, nil), nil
}

// LoadFonts returns the built-in fonts preceded by the TrueType files at
// textPath and monoPath (either may be empty).
func LoadFonts(textPath, monoPath string) (*Fonts, error) {
	b, err := BuiltinFonts()
	if err != nil {
		return nil, err
	}
	var user, userMono *Face
	if textPath != "" {
		if user, err = LoadFace("userfont", textPath); err != nil {
			return nil, fmt.Errorf("setting pdf.font: %w", err)
		}
	}
	if monoPath != "" {
		if userMono, err = LoadFace("usermono", monoPath); err != nil {
			return nil, fmt.Errorf("setting pdf.mono_font: %w", err)
		}
	}
	return newFonts(b.Sans, b.Mono, b.CJK, user, userMono), nil
}

func newFonts(sans, mono, cjk, user, userMono *Face) *Fonts {
	fs := &Fonts{Sans: sans, Mono: mono, CJK: cjk, User: user, UserMono: userMono}
	chain := func(faces ...*Face) []*Face {
		var out []*Face
		for _, f := range faces {
			if f != nil {
				out = append(out, f)
			}
		}
		return out
	}
	fs.text = chain(user, sans, cjk, mono)
	fs.textCJK = chain(user, cjk, sans, mono)
	fs.mono = chain(userMono, mono, sans, cjk)
	fs.monoCJK = chain(userMono, cjk, mono, sans)
	return fs
}

// faces returns every distinct font, in a stable order.
func (fs *Fonts) faces() []*Face {
	var out []*Face
	for _, f := range []*Face{fs.Sans, fs.Mono, fs.CJK, fs.User, fs.UserMono} {
		if f != nil {
			out = append(out, f)
		}
	}
	return out
}

// pick returns the font to draw r with, or nil when no font has it.
func (fs *Fonts) pick(r rune, mono bool) *Face {
	var chain []*Face
	switch cjk := isCJK(r); {
	case mono && cjk:
		chain = fs.monoCJK
	case mono:
		chain = fs.mono
	case cjk:
		chain = fs.textCJK
	default:
		chain = fs.text
	}
	for _, f := range chain {
		if f.Has(r) {
			return f
		}
	}
	return nil
}

// isCJK reports Han characters, kana, Hangul, and CJK or full-width
// punctuation: the characters set in the CJK font and between which a line
// may break.
func isCJK(r rune) bool {
	switch {
	case r < 0x2E80:
		return false
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF, r >= 0xFE30 && r <= 0xFE4F:
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}
