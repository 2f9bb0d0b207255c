package quiz

import (
	"testing"

	"github.com/cram-dev/cram/content"
)

// TestBuiltinAnswerKeys is the content guard: every built-in question's own
// answer key passes its checker, in every language the bank provides.
func TestBuiltinAnswerKeys(t *testing.T) {
	banks, err := content.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, b := range banks {
		for _, q := range b.Questions {
			for _, lang := range b.Languages {
				v := View{Lang: lang, Fallback: b.Languages}
				if r := Check(q, Reference(q), v); r.Verdict != Correct {
					t.Errorf("%s [%s]: reference answer graded %s: %v", q.GlobalID(), lang, r.Verdict, r.Feedback)
				}
			}
			n++
		}
	}
	if n < 200 {
		t.Errorf("got %d built-in questions, want at least 200", n)
	}
}
