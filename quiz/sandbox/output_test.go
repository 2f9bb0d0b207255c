package sandbox

import (
	"bytes"
	"io"
	"testing"
	"unicode/utf8"
)

func TestPrintable(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "hello, 世界\n", "hello, 世界\n"},
		{"tab", "a\tb", "a\tb"},
		{"invalid", "\xff\xfeok", `\xff\xfeok`},
		{"truncated rune", "ab\xe4\xb8", `ab\xe4\xb8`},
		{"escape sequence", "\x1b[31mred", `\x1b[31mred`},
		{"crlf", "a\r\nb\r\n", "a\nb\n"},
		{"lone cr", "100%\rdone", `100%\x0ddone`},
		{"c1 csi", "\u009b31m", `\u009b31m`},
		{"bidi override", "abc\u202edef", `abc\u202edef`},
		{"nul and del", "a\x00b\x7f", `a\x00b\x7f`},
		{"replacement char kept", "\uFFFD", "\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Printable([]byte(tt.in)); got != tt.want {
				t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPrintableWriter(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		want   string
	}{
		{"whole", []string{"a\r\nb"}, "a\nb"},
		{"split rune", []string{"\xe4", "\xb8\x96!"}, "世!"},
		{"split crlf", []string{"a\r", "\nb"}, "a\nb"},
		{"invalid at end", []string{"a\xff"}, `a\xff`},
		{"incomplete at end", []string{"a\xe4\xb8"}, `a\xe4\xb8`},
		{"cr at end", []string{"a\r"}, `a\x0d`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewPrintableWriter(&buf)
			for _, s := range tt.writes {
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", s, n, err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzPrintable checks that Printable always returns valid UTF-8 free of
// control characters other than newline and tab, and that the writer
// agrees with it however the input is split.
func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"", "a\r\nb", "\xff\x1b[0m", "世界\u202e", "\r"} {
		f.Add([]byte(s), 1)
	}
	f.Fuzz(func(t *testing.T, in []byte, split int) {
		got := Printable(in)
		if !utf8.ValidString(got) {
			t.Fatalf("Printable(%q) = %q, not valid UTF-8", in, got)
		}
		for _, r := range got {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("Printable(%q) = %q holds control character %U", in, got, r)
			}
		}
		var buf bytes.Buffer
		w := NewPrintableWriter(&buf)
		split = max(split, 1)
		for rest := in; len(rest) > 0; {
			n := min(split, len(rest))
			if _, err := w.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if buf.String() != got {
			t.Fatalf("writer split by %d gave %q, Printable %q", split, buf.String(), got)
		}
	})
}

func TestCapture(t *testing.T) {
	c := newCapture(10, nil)
	out, errw := c.Stdout(), c.Stderr()
	for _, w := range []struct {
		w io.Writer
		s string
	}{{out, "12345"}, {errw, "abc"}, {out, "6789"}} {
		if n, err := w.w.Write([]byte(w.s)); n != len(w.s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", w.s, n, err)
		}
	}
	stdout, stderr, truncated := c.result()
	if string(stdout) != "1234567" || string(stderr) != "abc" || !truncated {
		t.Errorf("got %q %q %v, want 1234567 abc true", stdout, stderr, truncated)
	}
	select {
	case <-c.excess:
		t.Error("excess signalled below the kill threshold")
	default:
	}
	_, _ = out.Write(make([]byte, 10*outputKillFactor))
	select {
	case <-c.excess:
	default:
		t.Error("excess not signalled past the kill threshold")
	}
}
