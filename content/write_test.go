package content

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// positionless returns a copy of b without the fields that say where it was
// read from, which a round trip through Write rightly changes.
func positionless(b *Bank) *Bank {
	c := *b
	c.File, c.Source = "", ""
	c.Questions = make([]*Question, len(b.Questions))
	for i, q := range b.Questions {
		qc := *q
		qc.Line = 0
		c.Questions[i] = &qc
	}
	return &c
}

// roundTrip writes b, parses the result and fails unless it gives b back.
func roundTrip(t *testing.T, b *Bank) []byte {
	t.Helper()
	data, err := Write(b)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	got, ps := Parse(b.ID+".yaml", data)
	if ps.HasErrors() {
		t.Fatalf("Parse(Write(b)) has errors: %v\n%s", ps.Errors(), data)
	}
	if want := positionless(b); !reflect.DeepEqual(positionless(got), want) {
		for i := range want.Questions {
			if i < len(got.Questions) && !reflect.DeepEqual(positionless(got).Questions[i], want.Questions[i]) {
				t.Errorf("question %s: got %+v, want %+v", want.Questions[i].ID, *positionless(got).Questions[i], *want.Questions[i])
			}
		}
		t.Fatalf("Parse(Write(b)) differs from b\n%s", data)
	}
	again, err := Write(got)
	if err != nil {
		t.Fatalf("Write again: %v", err)
	}
	if !bytes.Equal(again, data) {
		t.Errorf("Write(Parse(Write(b))) differs from Write(b):\n%s\n---\n%s", again, data)
	}
	return data
}

// TestWriteRoundTrip writes every built-in bank and every valid test bank and
// reads it back: the bank must come back deep-equal.
func TestWriteRoundTrip(t *testing.T) {
	banks, err := loadBuiltinYAML(BuiltinFS())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b, ps := Parse(f, data)
		if ps.HasErrors() {
			t.Fatalf("%s: %v", f, ps.Errors())
		}
		banks = append(banks, b)
	}
	if len(banks) < 2 {
		t.Fatalf("got %d banks to write, want the built-in ones and testdata/valid", len(banks))
	}
	for _, b := range banks {
		t.Run(b.ID, func(t *testing.T) { roundTrip(t, b) })
	}
}

// TestWriteEdgeCases round-trips values that YAML would misread unquoted
// and texts whose layout a block scalar must keep.
func TestWriteEdgeCases(t *testing.T) {
	out := "  indented first line\nsecond\n"
	b := &Bank{Format: 1, ID: "edge", Title: Plain("yes"), Version: "1.10", Languages: []string{"en"},
		Tags: []string{}, License: "null",
		Questions: []*Question{
			{ID: "s", Bank: "edge", Topic: "edge", Difficulty: 2, Type: Short, Prompt: Plain("true"),
				Accepted: []string{"0x10", "- dash", "#hash", "a: b", "~", "'quoted'", " lead"}},
			{ID: "n", Bank: "edge", Topic: "other", Difficulty: 3, Type: Numeric, Prompt: Plain("n?"),
				Number: 1e20, Tolerance: 0.125, Unit: "ms"},
			{ID: "neg", Bank: "edge", Topic: "edge", Difficulty: 1, Type: Numeric, Prompt: Plain("n?"), Number: -3.5},
			{ID: "o", Bank: "edge", Topic: "edge", Difficulty: 2, Type: Output, Prompt: Plain("p"),
				Code: &Code{Lang: "python", Source: "print('a')\n\n\nprint('b')   \n"}, Expected: "a\n\n\nb\n",
				Verify: &Verify{Lang: "python", Source: "x", Output: &out, Timeout: 1500 * time.Millisecond, Exclusive: true}},
			{ID: "c", Bank: "edge", Topic: "edge", Difficulty: 2, Type: Cloze, Prompt: Plain("Fill in the blanks."),
				Passage: Plain("line one {{1}}\n\tline two {{2}}\n"), Blanks: [][]string{{"a"}, {"b", "B"}}},
			{ID: "op", Bank: "edge", Topic: "edge", Difficulty: 2, Type: Open, Prompt: Plain("why?"),
				Model:     Plain("first line\nsecond line"),
				KeyPoints: []KeyPoint{{"en": {"first line"}}}, Required: 1,
				Card: &Card{Back: Plain("back")}},
			{ID: "tf", Bank: "edge", Topic: "edge", Difficulty: 2, Type: TrueFalse, Prompt: Plain("t?"), Bool: true,
				Explanation: Plain("trailing spaces   \nand a tab\there"), References: []string{}},
		}}
	data := roundTrip(t, b)
	for _, want := range []string{SchemaComment + "\n", "version: \"1.10\"", "prompt: \"true\"", "passage: |", "answer: 1e+20"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("written bank lacks %q:\n%s", want, data)
		}
	}
}

func TestSetID(t *testing.T) {
	tests := []struct {
		name, in, id, want, err string
	}{
		{name: "plain", in: "format: 1\nid: old  # comment\ntitle: t\n", id: "new", want: "format: 1\nid: new  # comment\ntitle: t\n"},
		{name: "double quoted", in: "id: \"old\"\n", id: "new-2", want: "id: new-2\n"},
		{name: "single quoted", in: "id: 'o''ld' # c\n", id: "x", want: "id: x # c\n"},
		{name: "crlf", in: "format: 1\r\nid: old\r\ntitle: t\r\n", id: "n", want: "format: 1\r\nid: n\r\ntitle: t\r\n"},
		{name: "nested id untouched", in: "questions:\n  - id: q\nid: top\n", id: "n", want: "questions:\n  - id: q\nid: n\n"},
		{name: "flow mapping", in: "{format: 1, id: old, title: t}\n", id: "n", want: "{format: 1, id: n, title: t}\n"},
		{name: "traversal refused", in: "id: old\n", id: "../evil", err: "not a valid bank id"},
		{name: "no id", in: "format: 1\n", id: "n", err: "has no id"},
		{name: "not a mapping", in: "- a\n", id: "n", err: "not a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SetID([]byte(tt.in), tt.id)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzWriteRoundTrip checks the writer against the loader on arbitrary
// input: whatever Parse accepts, Write must write so that Parse gives the
// same bank back.
func FuzzWriteRoundTrip(f *testing.F) {
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	banks, _ := filepath.Glob("banks/*.yaml")
	for _, file := range append(files, banks...) {
		if data, err := os.ReadFile(file); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte("format: 1\nid: a\ntitle: \"0o17\"\nquestions: [{id: q, type: short, prompt: 'x: y', answer: [' a', 'b ']}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, ps := Parse("fuzz.yaml", data)
		if ps.HasErrors() || b == nil {
			return
		}
		roundTrip(t, b)
	})
}

// TestWriteLargeBankLoads writes a bank of many questions without
// explanations or references, as imports from other tools are: the
// warnings about them are capped, and never make the bank unusable.
func TestWriteLargeBankLoads(t *testing.T) {
	b := &Bank{Format: 1, ID: "large", Title: Plain("Large"), Languages: []string{"en"}}
	for i := range 2000 {
		id := "q" + strconv.Itoa(i)
		b.Questions = append(b.Questions, &Question{ID: id, Bank: "large", Topic: "large", Difficulty: 2,
			Type: Short, Prompt: Plain("Question " + id + "?"), Accepted: []string{"answer " + id}})
	}
	data := roundTrip(t, b)
	_, ps := Parse("large.yaml", data)
	if ps.HasErrors() {
		t.Fatalf("got errors %v", ps.Errors())
	}
	if got := len(ps.Warnings()); got != maxProblems+1 {
		t.Errorf("got %d warnings, want %d and a count of the rest", got, maxProblems+1)
	}
	if last := ps[len(ps)-1]; !strings.Contains(last.Msg, "3500 more warnings") {
		t.Errorf("got last problem %q, want the count of warnings not shown", last)
	}
}
