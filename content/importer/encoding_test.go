package importer

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf16"
)

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var b bytes.Buffer
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xfeff}, units...)
	}
	for _, u := range units {
		if bigEndian {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		} else {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
	}
	return b.Bytes()
}

// TestDecodeText reads every encoding other tools write, and refuses what
// is not text with a located problem.
func TestDecodeText(t *testing.T) {
	text := "front\tback\r\nWhat is a lock?\t互斥锁\r\n"
	tests := []struct {
		name    string
		in      []byte
		want    Encoding
		problem string
	}{
		{"utf-8", []byte(text), UTF8, ""},
		{"utf-8 bom", append([]byte("\xef\xbb\xbf"), text...), UTF8BOM, ""},
		{"utf-16 le bom", utf16Bytes(text, false, true), UTF16LEBOM, ""},
		{"utf-16 be bom", utf16Bytes(text, true, true), UTF16BEBOM, ""},
		{"utf-16 le without bom", utf16Bytes(text, false, false), UTF16LE, ""},
		{"utf-16 be without bom", utf16Bytes(text, true, false), UTF16BE, ""},
		{"odd utf-16", append(utf16Bytes(text, false, true), 'x'), "", "odd number of bytes"},
		{"utf-32", []byte("\xff\xfe\x00\x00f\x00\x00\x00"), "", "UTF-32"},
		{"zip", []byte("PK\x03\x04rest"), "", "zip archive"},
		{"nul", []byte("a\tb\nc\x00d"), "", "NUL"},
		{"latin-1", []byte("front,back\ncaf\xe9,x\n"), "", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, p := decodeText("f.txt", tt.in)
			if tt.problem != "" {
				if p == nil || !strings.Contains(p.Msg, tt.problem) {
					t.Fatalf("got problem %v, want one about %q", p, tt.problem)
				}
				return
			}
			if p != nil {
				t.Fatalf("got problem %v", p)
			}
			if enc != tt.want || string(got) != text {
				t.Errorf("got %q as %s, want %q as %s", got, enc, text, tt.want)
			}
		})
	}
	if got := normalizeNewlines("a\r\nb\rc\n"); got != "a\nb\nc\n" {
		t.Errorf("got %q, want every line ending as LF", got)
	}
}

// TestReadRecordsLongLine: a line of many fields is read in linear time
// and every field is located.
func TestReadRecordsLongLine(t *testing.T) {
	line := strings.Repeat("é,", 200_000) + "end"
	recs, p := readRecords("f.csv", line, ',', false, 1)
	if p != nil || len(recs) != 1 || len(recs[0].fields) != 200_001 {
		t.Fatalf("got %d records, problem %v", len(recs), p)
	}
	if l, c := recs[0].at(200_000); l != 1 || c != 400_001 {
		t.Errorf("got the last field at %d:%d, want 1:400001", l, c)
	}
}
