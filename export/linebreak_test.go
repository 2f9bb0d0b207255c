package export

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// setLines sets text at 10 pt in width mm and returns each line's text.
func setLines(t *testing.T, text string, width float64, pre bool) []string {
	var out []string
	for _, ln := range setText(t, text, width, pre) {
		out = append(out, lineText(ln))
	}
	return out
}

// setText sets text at 10 pt in width mm.
func setText(t *testing.T, text string, width float64, pre bool) []textLine {
	t.Helper()
	fs, err := BuiltinFonts()
	if err != nil {
		t.Fatal(err)
	}
	l := newLayouter(fs)
	p := &paragraph{spans: proseSpans(text), pre: pre}
	if pre {
		p.spans = []span{{text: text, mono: true}}
	}
	lines, _ := l.setParagraph(p, width, 10, true)
	for _, ln := range lines {
		if ln.w > width+1e-9 && !pre {
			t.Errorf("line %q is %.2f mm wide, more than %.2f", lineText(ln), ln.w, width)
		}
	}
	return lines
}

func lineText(ln textLine) string {
	var b strings.Builder
	for _, r := range ln.runs {
		b.WriteString(r.text)
	}
	return b.String()
}

func TestLineBreaking(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"latin words stay whole", "The global interpreter lock serialises bytecode", 40,
			[]string{"The global interpreter", "lock serialises", "bytecode"}},
		{"a word longer than the line is cut", "supercalifragilisticexpialidocious", 25,
			[]string{"supercalifragi", "listicexpialido", "cious"}},
		// Droid Sans Fallback's Han characters are 1 em wide: 3.53 mm at
		// 10 pt, so 9 fit in 32 mm.
		{"chinese breaks between characters", "线程必须持有全局解释器锁才能执行字节码", 32,
			[]string{"线程必须持有全局解", "释器锁才能执行字节", "码"}},
		{"no line starts with closing punctuation", "线程必须持有全局解，释器锁才能执行字节码", 32,
			[]string{"线程必须持有全局", "解，释器锁才能执行", "字节码"}},
		{"no line ends with opening punctuation", "线程必须持有全局「解释器锁」才能执行", 32,
			[]string{"线程必须持有全局", "「解释器锁」才能执", "行"}},
		{"a latin word inside chinese stays whole", "线程必须持有全局解threading释器锁", 32,
			[]string{"线程必须持有全局解", "threading释器锁"}},
		{"no line starts with latin closing punctuation", "wait for it ... was the answer", 20,
			[]string{"wait for", "it ... was", "the answer"}},
		{"inline code loses its backticks", "call `sys.getswitchinterval()` now", 200,
			[]string{"call sys.getswitchinterval() now"}},
		{"line ends are kept", "one\ntwo", 100, []string{"one", "two"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := setLines(t, tt.text, tt.width, false)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLineBreakRules sets long bilingual texts at many widths and checks
// the rules on every line, and that no character is lost.
func TestLineBreakRules(t *testing.T) {
	qs, _ := builtinQuestions(t)
	var texts []string
	for _, q := range qs[:60] {
		for _, l := range []string{"en", "zh"} {
			if s, ok := q.Explanation.Exact(l); ok {
				texts = append(texts, clean(s))
			}
		}
	}
	for _, width := range []float64{22, 37, 55, 81} {
		for _, text := range texts {
			set := setText(t, text, width, false)
			var lines []string
			for _, ln := range set {
				lines = append(lines, lineText(ln))
			}
			orig := strings.ReplaceAll(text, "`", "")
			pos := 0
			for i, ln := range lines {
				if !strings.HasPrefix(orig[pos:], ln) {
					t.Fatalf("width %g: line %q is not the text at %q", width, ln, orig[pos:])
				}
				pos += len(ln)
				if i == len(lines)-1 {
					if pos != len(orig) {
						t.Errorf("width %g: text lost after %q: %q", width, ln, orig[pos:])
					}
					break
				}
				next := lines[i+1]
				first, _ := utf8.DecodeRuneInString(next)
				last, _ := utf8.DecodeLastRuneInString(ln)
				// (A Latin "..." may start a line when the words before it
				// are too long to share one.)
				if noStart[first] && isCJK(first) {
					t.Errorf("width %g: line %q starts with closing punctuation", width, next)
				}
				if noEnd[last] {
					t.Errorf("width %g: line %q ends with opening punctuation", width, ln)
				}
				if orig[pos] == ' ' || orig[pos] == '\n' {
					pos++
					for pos < len(orig) && orig[pos] == ' ' {
						pos++
					}
					continue
				}
				// A break without a space: only next to CJK, or inside a word
				// too long for any line.
				if !isCJK(first) && !isCJK(last) && !longWord(set[i], orig, pos, width) {
					t.Errorf("width %g: a word is split between %q and %q", width, ln, next)
				}
			}
		}
	}
}

// longWord reports whether the word around orig[pos] is wider than a
// line, in the font of line's last run: then it has to be cut.
func longWord(line textLine, orig string, pos int, width float64) bool {
	run := line.runs[len(line.runs)-1]
	// A word takes the punctuation it may not be parted from.
	inWord := func(r rune) bool {
		return !isSpace(r) && r != '\n' && (!isCJK(r) || noStart[r] || noEnd[r])
	}
	start, end := pos, pos
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(orig[:start])
		if !inWord(r) {
			break
		}
		start -= n
	}
	for end < len(orig) {
		r, n := utf8.DecodeRuneInString(orig[end:])
		if !inWord(r) {
			break
		}
		end += n
	}
	w := 0.0
	fs, _ := BuiltinFonts()
	for _, r := range orig[start:end] {
		w += fs.pick(r, run.face == fs.Mono).Advance(r) * line.pt * ptToMM
	}
	return w > width
}

func TestCodeKeepsIndentation(t *testing.T) {
	fs, _ := BuiltinFonts()
	l := newLayouter(fs)
	code := "def f():\n    result = compute(alpha, beta, gamma, delta)\n\nprint(f())"
	// DejaVu Sans Mono is 0.602 em wide: at 10 × 0.88 pt, 30 characters
	// fill 56.1 mm.
	char := 0.6021 * 10 * codeScale * ptToMM
	lines, _ := l.setParagraph(&paragraph{spans: []span{{text: code, mono: true}}, pre: true}, 30.05*char, 10, true)
	want := []struct {
		text string
		x    float64 // in characters
	}{
		{"def f():", 0},
		{"    result = compute(alpha,", 0},
		{"beta, gamma, delta)", 6}, // the indentation plus two
		{"", 0},
		{"print(f())", 0},
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d", len(lines), len(want))
	}
	for i, w := range want {
		got := lineText(lines[i])
		x := 0.0
		if len(lines[i].runs) > 0 {
			x = lines[i].runs[0].x / char
		}
		if got != w.text || math.Abs(x-w.x) > 0.01 {
			t.Errorf("line %d: got %q at %.2f characters, want %q at %g", i, got, x, w.text, w.x)
		}
	}
}
