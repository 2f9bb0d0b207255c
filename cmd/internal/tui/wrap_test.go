package tui

import (
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

func TestWrapText(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width int
		want  []string
	}{
		{"latin words", "the quick brown fox jumps", 10, []string{"the quick", "brown fox", "jumps"}},
		{"chinese breaks between characters", "解释器只在特定位置切换线程", 10, []string{"解释器只在", "特定位置切", "换线程"}},
		{"no line starts with closing punctuation", "读取和写回之间；竞态", 14, []string{"读取和写回之", "间；竞态"}},
		{"no line ends with opening punctuation", "一二三四（五六", 10, []string{"一二三四", "（五六"}},
		{"latin word kept whole beside chinese", "写回GIL解释器", 8, []string{"写回GIL", "解释器"}},
		{"long word is cut", "abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		{"newlines kept", "a\nb", 5, []string{"a", "b"}},
		{"indent kept as a hanging indent", "  错选：B 和 C", 8, []string{"  错选：", "  B 和 C"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Split(Wrap(tt.in, tt.width), "\n")
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			for _, l := range got {
				if w := runewidth.StringWidth(l); w > tt.width {
					t.Errorf("line %q is %d wide, over %d", l, w, tt.width)
				}
			}
		})
	}
}

// TestWrapKeepsText checks that wrapping loses nothing but the spaces it breaks at.
func TestWrapKeepsText(t *testing.T) {
	in := "在 CPython 3.12（默认构建）上，四个线程不加锁地执行 `for _ in range(100_000): counter += 1`，结果通常恰好是 400000。"
	for width := 4; width <= 80; width += 7 {
		got := Wrap(in, width)
		if strings.ReplaceAll(strings.ReplaceAll(got, "\n", ""), " ", "") != strings.ReplaceAll(in, " ", "") {
			t.Fatalf("width %d lost text: %q", width, got)
		}
	}
}
