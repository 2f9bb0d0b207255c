package importer

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"

	"github.com/cram-dev/cram/content"
)

// Encoding names the encoding a file was read in, for messages.
type Encoding string

// The encodings the importer reads.
const (
	UTF8       Encoding = "UTF-8"
	UTF8BOM    Encoding = "UTF-8 with BOM"
	UTF16LE    Encoding = "UTF-16 LE"
	UTF16BE    Encoding = "UTF-16 BE"
	UTF16LEBOM Encoding = "UTF-16 LE with BOM"
	UTF16BEBOM Encoding = "UTF-16 BE with BOM"
)

// magic numbers of files people may try to import by mistake, with what to do instead.
var binaryKinds = []struct {
	magic []byte
	what  string
	hint  string
}{
	{[]byte("PK\x03\x04"), "a zip archive (an Anki .apkg or .colpkg package, or a spreadsheet)",
		"in Anki use File > Export > Notes in Plain Text; from a spreadsheet save as CSV UTF-8"},
	{[]byte("SQLite format 3\x00"), "an SQLite database", "export the cards as text or CSV first"},
	{[]byte("%PDF-"), "a PDF document", "export the cards as text or CSV first"},
	{[]byte("\xd0\xcf\x11\xe0"), "an old Microsoft Office document", "save it as CSV UTF-8"},
	{[]byte("\x1f\x8b"), "a gzip archive", "unpack it first"},
	{[]byte("\x00\x00\xfe\xff"), "UTF-32 text", "save it as UTF-8"},
	{[]byte("\xff\xfe\x00\x00"), "UTF-32 text", "save it as UTF-8"},
}

// decodeText returns data as UTF-8 without a byte order mark. Line endings
// are left as they are. A binary file, a file that is not valid UTF-8 or
// UTF-16, or one holding NUL characters, is a located problem.
func decodeText(name string, data []byte) ([]byte, Encoding, *content.Problem) {
	for _, k := range binaryKinds {
		if bytes.HasPrefix(data, k.magic) {
			return nil, "", &content.Problem{File: name, Line: 1, Col: 1, Msg: "this is " + k.what + ", not a text export", Hint: k.hint}
		}
	}
	var enc Encoding
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data, enc = data[3:], UTF8BOM
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		enc = UTF16LEBOM
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		enc = UTF16BEBOM
	default:
		enc = guessUTF16(data)
	}
	if enc != UTF8 && enc != UTF8BOM {
		e := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
		if enc == UTF16BE || enc == UTF16BEBOM {
			e = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
		}
		if len(data)%2 != 0 {
			return nil, "", &content.Problem{File: name, Line: 1, Col: 1,
				Msg: "the file looks like " + string(enc) + " but has an odd number of bytes", Hint: "save it again as UTF-8"}
		}
		out, err := e.NewDecoder().Bytes(data)
		if err != nil {
			return nil, "", &content.Problem{File: name, Line: 1, Col: 1, Msg: "cannot decode " + string(enc) + ": " + err.Error(), Hint: "save it as UTF-8"}
		}
		data = out
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, col := position(data, i)
		return nil, "", &content.Problem{File: name, Line: line, Col: col, Msg: "the file holds NUL bytes: it is binary, not a text export",
			Hint: "import a YAML bank, an Anki plain-text export, a Quizlet export or a CSV file"}
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		line, col := position(data, off)
		return nil, "", &content.Problem{File: name, Line: line, Col: col,
			Msg: "the file is not valid UTF-8 (perhaps Windows-1252 or Latin-1)", Hint: "save it as UTF-8 (in a spreadsheet: CSV UTF-8)"}
	}
	return data, enc, nil
}

// guessUTF16 recognises UTF-16 without a byte order mark by its zero bytes:
// text that is mostly ASCII has a zero in every other byte.
func guessUTF16(data []byte) Encoding {
	n := min(len(data), 4096) &^ 1
	if n < 4 {
		return UTF8
	}
	var evenZero, oddZero int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			evenZero++
		}
		if data[i+1] == 0 {
			oddZero++
		}
	}
	half := n / 2
	switch {
	case oddZero*10 >= half*7 && evenZero*10 < half:
		return UTF16LE
	case evenZero*10 >= half*7 && oddZero*10 < half:
		return UTF16BE
	}
	return UTF8
}

// position returns the 1-based line and column (in characters) of byte off.
func position(data []byte, off int) (int, int) {
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, utf8.RuneCount(data[start:off]) + 1
}

// normalizeNewlines turns CRLF and lone CR line endings into LF.
func normalizeNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\r' {
			b = append(b, '\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}
