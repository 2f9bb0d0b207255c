package sandbox

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// capture keeps the first limit bytes of a program's stdout and stderr
// together, copies them to a live writer as they arrive, counts the rest
// without keeping it, and closes excess once the program has written
// killAt bytes in all.
type capture struct {
	mu        sync.Mutex
	limit     int
	killAt    int64
	kept      int
	total     int64
	stdout    []byte
	stderr    []byte
	truncated bool
	live      io.Writer

	excess     chan struct{}
	excessOnce sync.Once
}

// newCapture returns a capture keeping limit bytes and copying them to
// live, which may be nil.
func newCapture(limit int, live io.Writer) *capture {
	return &capture{
		limit:  limit,
		killAt: int64(limit) * outputKillFactor,
		live:   live,
		excess: make(chan struct{}),
	}
}

// stream is the io.Writer for one of the two streams.
type stream struct {
	c      *capture
	stderr bool
}

// Stdout returns the writer for standard output.
func (c *capture) Stdout() io.Writer { return stream{c, false} }

// Stderr returns the writer for standard error.
func (c *capture) Stderr() io.Writer { return stream{c, true} }

// Write keeps what fits and never fails, so that the pipe is drained
// whatever the program writes.
func (s stream) Write(p []byte) (int, error) {
	c := s.c
	c.mu.Lock()
	c.total += int64(len(p))
	keep := p[:min(len(p), max(c.limit-c.kept, 0))]
	if len(keep) < len(p) {
		c.truncated = true
	}
	if len(keep) > 0 {
		c.kept += len(keep)
		if s.stderr {
			c.stderr = append(c.stderr, keep...)
		} else {
			c.stdout = append(c.stdout, keep...)
		}
		if c.live != nil {
			// A live viewer that went away must not fail the run.
			_, _ = c.live.Write(keep)
		}
	}
	over := c.total > c.killAt
	c.mu.Unlock()
	if over {
		c.excessOnce.Do(func() { close(c.excess) })
	}
	return len(p), nil
}

// result returns what was kept.
func (c *capture) result() (stdout, stderr []byte, truncated bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stdout, c.stderr, c.truncated
}

// Printable renders program output for a terminal or a report: valid
// UTF-8 is kept, line feeds and tabs too, CR LF becomes LF; invalid bytes,
// other control characters (such as the escape that starts terminal
// sequences) and bidirectional overrides are shown as Go escapes like
// \x1b or \u202e. It never fails, whatever the bytes.
func Printable(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&sb, `\x%02x`, b[0])
		case r == '\r' && len(b) > 1 && b[1] == '\n':
			// Dropped: the LF that follows ends the line.
		default:
			writeRune(&sb, r)
		}
		b = b[size:]
	}
	return sb.String()
}

// writeRune writes r, escaped if it could disturb a terminal.
func writeRune(sb *strings.Builder, r rune) {
	switch {
	case r == '\n' || r == '\t':
		sb.WriteRune(r)
	case r < 0x20 || r == 0x7f:
		fmt.Fprintf(sb, `\x%02x`, r)
	case r >= 0x80 && r < 0xa0, // C1 controls, CSI among them
		r >= 0x202a && r <= 0x202e, // bidirectional embeddings and overrides
		r >= 0x2066 && r <= 0x2069: // bidirectional isolates
		fmt.Fprintf(sb, `\u%04x`, r)
	default:
		sb.WriteRune(r)
	}
}

// PrintableWriter passes what is written through Printable on its way to
// w, so that `cram run` can stream a program's output to a terminal. A
// character or CR LF split across two writes is held back until the next
// write or Flush.
type PrintableWriter struct {
	w       io.Writer
	pending []byte
}

// NewPrintableWriter returns a PrintableWriter writing to w.
func NewPrintableWriter(w io.Writer) *PrintableWriter {
	return &PrintableWriter{w: w}
}

// Write renders p and writes it; it reports len(p) unless w fails.
func (pw *PrintableWriter) Write(p []byte) (int, error) {
	buf := append(pw.pending, p...)
	cut := len(buf)
	// Hold back an incomplete character at the end, and a CR that may
	// be the first half of CR LF.
	for i := max(len(buf)-utf8.UTFMax+1, 0); i < len(buf); i++ {
		if utf8.RuneStart(buf[i]) && !utf8.FullRune(buf[i:]) {
			cut = i
			break
		}
	}
	if cut > 0 && cut == len(buf) && buf[cut-1] == '\r' {
		cut--
	}
	pw.pending = append([]byte(nil), buf[cut:]...)
	if cut == 0 {
		return len(p), nil
	}
	if _, err := io.WriteString(pw.w, Printable(buf[:cut])); err != nil {
		return 0, fmt.Errorf("write output: %w", err)
	}
	return len(p), nil
}

// Flush writes what Write held back.
func (pw *PrintableWriter) Flush() error {
	if len(pw.pending) == 0 {
		return nil
	}
	s := Printable(pw.pending)
	pw.pending = nil
	if _, err := io.WriteString(pw.w, s); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
