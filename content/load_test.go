package content

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files and the built-in snapshot")

// TestBrokenCorpus loads every file of testdata/broken and compares the
// problems with testdata/broken/NAME.golden. Run with -update to regenerate,
// then review the diff like code.
func TestBrokenCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, ps := Parse(filepath.Base(file), data)
			if !ps.HasErrors() {
				t.Fatalf("got no errors for a broken bank; problems: %v", ps)
			}
			var b strings.Builder
			for _, p := range ps {
				if p.Line < 1 || p.Col < 1 {
					t.Errorf("problem without a position: %v", p)
				}
				b.WriteString(p.String() + "\n")
			}
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./content -update)", err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("problems differ from %s\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

func TestValidCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	if len(files) == 0 {
		t.Fatal("no valid corpus")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			b, ps, err := Load(os.DirFS("testdata/valid"), filepath.Base(file))
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != 0 {
				t.Errorf("got problems in a valid bank: %v", ps)
			}
			if len(b.Questions) == 0 {
				t.Error("got no questions")
			}
		})
	}
}

// TestDecodeEveryType checks that each type's answer lands in the right field.
func TestDecodeEveryType(t *testing.T) {
	b, _, err := Load(os.DirFS("testdata/valid"), "every-type.yaml")
	if err != nil {
		t.Fatal(err)
	}
	q := map[string]*Question{}
	for _, x := range b.Questions {
		q[x.ID] = x
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"single answer B is index 1", q["single"].Choice == 1},
		{"single topic", q["single"].Topic == "basics" && q["multiple"].Topic == "every-type"},
		{"difficulty default 2", q["multiple"].Difficulty == 2 && q["single"].Difficulty == 1},
		{"multiple answer A,C", equalInts(q["multiple"].ChoiceSet, []int{0, 2})},
		{"truefalse false", !q["truefalse"].Bool},
		{"short accepted", len(q["short"].Accepted) == 2 && q["short"].Pattern != ""},
		{"numeric", q["numeric"].Number == 5 && q["numeric"].Unit == "ms"},
		{"numeric verify", q["numeric"].Verify != nil && *q["numeric"].Verify.Output == "0.005" && q["numeric"].Verify.Timeout == DefaultTimeout},
		{"ordering", equalInts(q["ordering"].ChoiceSet, []int{1, 2, 0})},
		{"output", q["output"].Expected == "1\n10\n" && q["output"].Code.Lang == "python"},
		{"output implicit program", q["output"].Program() != nil && q["output"].Program().Implicit},
		{"cloze", len(q["cloze"].Blanks) == 2 && q["cloze"].Blanks[1][0] == "lock"},
		{"open", len(q["open"].KeyPoints) == 2 && q["open"].Required == 2 && q["open"].KeyPoints[1].Label("zh", nil) == "线程共享"},
		{"card", q["open"].Card != nil && q["open"].Card.Back.Get("zh", nil) != ""},
		{"global id", q["open"].GlobalID() == "every-type/open"},
		{"neutral choice", q["single"].Choices[1].Get("zh", b.Languages) == "threading.RLock"},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: wrong decoding", c.name)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSuggest(t *testing.T) {
	tests := []struct{ in, want string }{
		{"anwser", "answer"},
		{"explanaton", "explanation"},
		{"promt", "prompt"},
		{"colour", ""},
		{"x", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, questionKeys); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTextGet(t *testing.T) {
	tests := []struct {
		name     string
		text     Text
		lang     string
		fallback []string
		want     string
	}{
		{"exact", Text{"en": "hi", "zh": "你好"}, "zh", nil, "你好"},
		{"fallback order", Text{"fr": "salut", "de": "hallo"}, "zh", []string{"de", "fr"}, "hallo"},
		{"english before others", Text{"fr": "salut", "en": "hi"}, "zh", nil, "hi"},
		{"any other, sorted", Text{"fr": "salut", "de": "hallo"}, "zh", nil, "hallo"},
		{"neutral", Plain("threading.Lock"), "zh", nil, "threading.Lock"},
		{"empty", nil, "en", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.text.Get(tt.lang, tt.fallback); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "big.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, _, err = Load(os.DirFS(dir), "big.yaml")
	if err == nil || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("got %v, want a too-large error", err)
	}
}

func TestValidIDAndLang(t *testing.T) {
	ids := map[string]bool{"gil": true, "a.b_c-d": true, "9x": true, "": false, "-x": false, "Gil": false, "a b": false, "é": false}
	for s, want := range ids {
		if got := validID(s); got != want {
			t.Errorf("validID(%q) = %v, want %v", s, got, want)
		}
	}
	langs := map[string]bool{"en": true, "zh": true, "zh-Hant": true, "yue": true, "e": false, "EN": false, "zh-": false, "english": false, "zh-Hant-TW": true, "": false}
	for s, want := range langs {
		if got := validLang(s); got != want {
			t.Errorf("validLang(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestJoinCJKFolds(t *testing.T) {
	tests := []struct{ in, want string }{
		{"线程， 结果通常", "线程，结果通常"},
		{"之间； 竞态条件", "之间；竞态条件"},
		{"在 CPython 上", "在 CPython 上"},
		{"调用 `dis` 查看", "调用 `dis` 查看"},
		{"plain English, kept", "plain English, kept"},
		{"两个  空格", "两个  空格"}, // only the single spaces folding makes
	}
	for _, tt := range tests {
		if got := joinCJKFolds(tt.in); got != tt.want {
			t.Errorf("joinCJKFolds(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLetterReferences(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"B is wrong because locks are not reentrant.", true},
		{"Option C confuses processes with threads.", true},
		{"The tempting answer (A) confuses the two.", true},
		{"选项 B 描述的是非守护进程。", true},
		{"所以 D 错。", true},
		{"The GIL 错 is not a letter reference.", false},
		{"Use a Lock around the critical section.", false},
		{"An RLock counts acquisitions (see the docs).", false},
	}
	for _, tt := range tests {
		if got := letterRef.MatchString(tt.text); got != tt.want {
			t.Errorf("letterRef(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
