package importer

import (
	"slices"
	"strings"
	"testing"
)

func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name, in, want string
		dropped        []string
	}{
		{"plain", "no markup", "no markup", nil},
		{"br", "one<br>two<br/>three<BR />four", "one\ntwo\nthree\nfour", nil},
		{"divs", "<div>first</div><div>second</div>", "first\nsecond", nil},
		{"blank line", "<div>a</div><div><br></div><div>b</div>", "a\n\nb", nil},
		{"inline", "a <b>bold</b> and <i>italic</i> <span style=\"color:red\">word</span>", "a bold and italic word", nil},
		{"entities", "a&nbsp;&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; &#x4e2d;", "a <b> & \"c\" 'd' 中", nil},
		{"not a tag", "a < b and List<T> and x<-ch", "a < b and List<T> and x<-ch", nil},
		{"code", "call <code>lock.acquire()</code> first", "call `lock.acquire()` first", nil},
		{"pre", "<pre>for x in y:\n    print(x)</pre>after", "for x in y:\n    print(x)\nafter", nil},
		{"list", "Reasons:<ul><li>one</li><li>two</li></ul>", "Reasons:\n- one\n- two", nil},
		{"image", "see <img src=\"/etc/passwd\"> here", "see here", []string{"an image"}},
		{"sound", "word[sound:word.mp3]", "word", []string{"a sound"}},
		{"style", "<style>.x{color:red}</style>text", "text", nil},
		{"spaces", "  lots   of\tspace  ", "lots of space", nil},
		{"nbsp runs", "a&nbsp;&nbsp;&nbsp;b", "a b", nil},
		{"chinese", "<b>全局解释器锁</b>（GIL）", "全局解释器锁（GIL）", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := htmlToText(tt.in)
			if got.text != tt.want {
				t.Errorf("got %q, want %q", got.text, tt.want)
			}
			if !slices.Equal(got.dropped, tt.dropped) {
				t.Errorf("got dropped %v, want %v", got.dropped, tt.dropped)
			}
		})
	}
}

func TestParseCloze(t *testing.T) {
	tests := []struct {
		name, in, passage, full, err string
		answers                      []string
	}{
		{name: "one", in: "{{c1::GIL}} stands for global interpreter lock", passage: "{{1}} stands for global interpreter lock",
			full: "GIL stands for global interpreter lock", answers: []string{"GIL"}},
		{name: "hint", in: "Use {{c1::threading.Lock::a class}} and {{c2::with}}", passage: "Use {{1}} (a class) and {{2}}",
			full: "Use threading.Lock and with", answers: []string{"threading.Lock", "with"}},
		{name: "same number twice", in: "{{c1::a}} {{c1::b}}", passage: "{{1}} {{2}}", full: "a b", answers: []string{"a", "b"}},
		{name: "unclosed", in: "{{c1::oops", err: "never closed"},
		{name: "nested", in: "{{c1::a {{c2::b}} }}", err: "nested"},
		{name: "empty", in: "x {{c1::}}", err: "empty"},
		{name: "blank marker in text", in: "{{1}} {{c1::x}}", err: "would read as a blank"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCloze(tt.in)
			if err != tt.err && (tt.err == "" || !strings.Contains(err, tt.err)) {
				t.Fatalf("got error %q, want %q", err, tt.err)
			}
			if tt.err != "" {
				return
			}
			if got.passage != tt.passage || got.full != tt.full || !slices.Equal(got.answers, tt.answers) {
				t.Errorf("got %+v, want passage %q, full %q, answers %q", got, tt.passage, tt.full, tt.answers)
			}
		})
	}
}
