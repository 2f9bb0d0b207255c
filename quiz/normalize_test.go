package quiz

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii unchanged", "lock", "lock"},
		{"case folded", "Threading.Lock", "threading.lock"},
		{"full-width letters", "ＧＩＬ", "gil"},
		{"full-width digits", "２０００", "2000"},
		{"ideographic space collapsed", "全局　解释器", "全局 解释器"},
		{"white space collapsed", "  global \t interpreter\n\nlock  ", "global interpreter lock"},
		{"sentence period", "semaphore.", "semaphore"},
		{"CJK full stop", "信号量。", "信号量"},
		{"CJK quotes", "“死锁”", "死锁"},
		{"CJK brackets", "《锁》", "锁"},
		{"lenticular brackets", "【GIL】", "gil"},
		{"full-width parentheses", "（GIL）", "gil"},
		{"full-width question mark", "死锁？", "死锁"},
		{"ascii quotes", `"lock"`, "lock"},
		{"backticks", "`threading.Lock`", "threading.lock"},
		{"enclosing parentheses", "(GIL)", "gil"},
		{"call keeps parentheses", "os.fork()", "os.fork()"},
		{"call in sentence", "os.fork().", "os.fork()"},
		{"unbalanced closer", "lock)", "lock"},
		{"unbalanced opener", "(lock", "lock"},
		{"two groups kept", "(a)(b)", "(a)(b)"},
		{"inner punctuation kept", "copy-on-write", "copy-on-write"},
		{"leading minus kept", "-1", "-1"},
		{"hash kept", "C#", "c#"},
		{"underscores kept", "__init__", "__init__"},
		{"plus kept", "C++", "c++"},
		{"pointer kept", "*args", "*args"},
		{"control characters stripped", "lo\x00ck\x07", "lock"},
		{"zero-width space stripped", "lo\u200bck", "lock"},
		{"BOM stripped", "\ufefflock", "lock"},
		{"invalid UTF-8 dropped", "lo\xffck", "lock"},
		{"sharp s folded", "Straße", "strasse"},
		{"final sigma folded", "ΣΊΣΥΦΟΣ", "σίσυφοσ"},
		{"composed", "e\u0301", "é"},
		{"ligature decomposed", "ﬁle", "file"},
		{"circled digit", "①", "1"},
		{"only punctuation", "?!。", ""},
		{"mixed scripts", " GIL（全局解释器锁）! ", "gil(全局解释器锁)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestNormalizeHostile feeds Normalize inputs that an algorithm quadratic in
// the length would take minutes on; it must stay linear.
func TestNormalizeHostile(t *testing.T) {
	const n = 1 << 17
	tests := []struct {
		name, in, want string
	}{
		{"unmatched openers", strings.Repeat("(", n) + "x", "x"},
		{"unmatched closers", "x" + strings.Repeat("】", n), "x"},
		{"nested pairs", strings.Repeat("(", n) + "x" + strings.Repeat(")", n), "x"},
		{"nested mixed pairs", strings.Repeat("(【", n) + "x" + strings.Repeat("】)", n), "x"},
		{"pairs side by side", strings.Repeat("()", n), strings.Repeat("()", n)},
		{"punctuation", strings.Repeat("。", n) + "x" + strings.Repeat("!", n), "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize: got %d bytes, want %q", len(got), tt.want)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		max  int
		want int
	}{
		{"equal", "lock", "lock", 2, 0},
		{"deletion", "semaphor", "semaphore", 2, 1},
		{"insertion", "semaphorre", "semaphore", 2, 1},
		{"substitution", "semaphire", "semaphore", 2, 1},
		{"transposition is one edit", "semahpore", "semaphore", 2, 1},
		{"two edits", "smaphor", "semaphore", 2, 2},
		{"beyond max", "mutex", "semaphore", 2, 3},
		{"length gap beyond max", "sem", "semaphore", 2, 3},
		{"empty", "", "ab", 2, 2},
		{"chinese", "全局解析器锁", "全局解释器锁", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := editDistance([]rune(tt.a), []rune(tt.b), tt.max); got != tt.want {
				t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
			}
		})
	}
}

func TestSameWord(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"lock", "lock", true},
		{"locks", "lock", true},
		{"lock", "locked", true},
		{"locking", "lock", true},
		{"processes", "process", true},
		{"released", "release", true},
		{"releasing", "release", true},
		{"releases", "release", true},
		{"copies", "copy", true},
		{"copied", "copy", true},
		{"stopped", "stop", true},
		{"stopping", "stop", true},
		{"amdahl's", "amdahl", true},
		{"block", "lock", false},
		{"unlock", "lock", false},
		{"thread", "three", false},
		{"as", "a", false},
		{"is", "i", false},
		{"days", "day", true},
		{"dies", "dy", false},
		{"locker", "lock", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"~"+tt.b, func(t *testing.T) {
			if got := sameWord(tt.a, tt.b); got != tt.want {
				t.Errorf("sameWord(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in, want string // want: tokens joined by "|"
	}{
		{"words", "use a lock", "use|a|lock"},
		{"hyphen separates", "copy-on-write", "copy|on|write"},
		{"punctuation is a token", "os.fork() returns 0", "os|.|fork|(|)|returns|0"},
		{"apostrophe inside word", "amdahl's law", "amdahl's|law"},
		{"CJK characters one by one", "用lock保护", "用|lock|保|护"},
		{"underscore in word", "__init__ runs", "__init__|runs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tok := range tokenize(tt.in) {
				got = append(got, tok.text)
			}
			if g := strings.Join(got, "|"); g != tt.want {
				t.Errorf("tokenize(%q) = %q, want %q", tt.in, g, tt.want)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	long := strings.Repeat("锁", MaxAnswerBytes) // 3 bytes each
	got := truncate(long)
	if len(got) > MaxAnswerBytes || !utf8.ValidString(got) {
		t.Errorf("truncate: got %d bytes, valid %v; want at most %d valid bytes", len(got), utf8.ValidString(got), MaxAnswerBytes)
	}
	if got := truncate("short"); got != "short" {
		t.Errorf("truncate(short) = %q, want %q", got, "short")
	}
}

// FuzzNormalize guards the properties every checker relies on: Normalize
// never panics, returns valid UTF-8 and is idempotent.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"", "GIL", "ＧＩＬ", "  a  b  ", "“死锁”", "os.fork()", "(a)(b)", "lo\x00ck",
		"\xff\xfe", "e\u0301", "Straße", "ΣΊΣΥΦΟΣ", "\u0345", "ﷺ", "İ", "ǅ", "(\u0301", " \u0301x",
		"\u00a0\u0301", "【（《a》）】", "《》", "\u200b", "ᾼ", "ﬃ", "㍿", "Ꮗ", "ꮗ", "ẞ", "ſ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", s, n)
		}
		if nn := Normalize(n); nn != n {
			t.Fatalf("Normalize not idempotent on %q: once %q, twice %q", s, n, nn)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	s := strings.Repeat("The GIL（全局解释器锁）serialises bytecode. ", 50)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Normalize(s)
	}
}
