package fonts

import _ "embed"

// Sans is DejaVu Sans, for Latin, Greek and Cyrillic text and symbols.
//
//go:embed DejaVuSans.ttf
var Sans []byte

// Mono is DejaVu Sans Mono, for code.
//
//go:embed DejaVuSansMono.ttf
var Mono []byte

// CJK is Droid Sans Fallback cut down to GB 2312, Big5 level 1 and CJK
// punctuation, for Chinese text.
//
//go:embed DroidSansFallbackSubset.ttf
var CJK []byte
