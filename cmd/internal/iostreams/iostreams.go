// Package iostreams carries cram's standard streams and what is known about
// them: whether each is a terminal, and whether colour may be used.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the streams a command reads and writes. Results go to Out;
// prompts, progress and diagnostics go to ErrOut.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	inTTY, outTTY, errTTY bool
	noColor               bool
	width                 int
}

// System returns the process's own streams.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	s.inTTY = term.IsTerminal(int(os.Stdin.Fd()))
	s.outTTY = term.IsTerminal(int(os.Stdout.Fd()))
	s.errTTY = term.IsTerminal(int(os.Stderr.Fd()))
	_, noColor := os.LookupEnv("NO_COLOR")
	s.noColor = noColor || os.Getenv("TERM") == "dumb"
	if s.outTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			s.width = w
		}
	}
	return s
}

// Test returns streams backed by buffers, none of them a terminal.
func Test() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, noColor: true}, in, out, errOut
}

// SetTTY marks the streams as terminals or not, for tests.
func (s *IOStreams) SetTTY(in, out, errOut bool) { s.inTTY, s.outTTY, s.errTTY = in, out, errOut }

// IsInteractive reports whether both standard input and output are terminals,
// the condition for the full-screen interface and for prompts.
func (s *IOStreams) IsInteractive() bool { return s.inTTY && s.outTTY }

// IsStdoutTTY reports whether standard output is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.outTTY }

// IsStderrTTY reports whether standard error is a terminal (for progress bars).
func (s *IOStreams) IsStderrTTY() bool { return s.errTTY }

// IsStdinTTY reports whether standard input is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.inTTY }

// ColorEnabled reports whether Out may carry colour: a terminal, and no NO_COLOR.
func (s *IOStreams) ColorEnabled() bool { return s.outTTY && !s.noColor }

// Width returns the terminal width of Out, or 80 when it is not a terminal.
func (s *IOStreams) Width() int {
	if s.width <= 0 {
		return 80
	}
	return s.width
}

// Colors returns a palette for Out: escape codes on a colour terminal, plain text otherwise.
func (s *IOStreams) Colors() Palette { return Palette{on: s.ColorEnabled()} }

// Palette wraps text in ANSI colours when enabled.
type Palette struct{ on bool }

func (p Palette) wrap(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// Red marks errors and wrong answers.
func (p Palette) Red(s string) string { return p.wrap("31", s) }

// Green marks correct answers.
func (p Palette) Green(s string) string { return p.wrap("32", s) }

// Yellow marks warnings and partial answers.
func (p Palette) Yellow(s string) string { return p.wrap("33", s) }

// Bold marks headings.
func (p Palette) Bold(s string) string { return p.wrap("1", s) }

// Dim marks secondary text.
func (p Palette) Dim(s string) string { return p.wrap("2", s) }
