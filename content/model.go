package content

import (
	"regexp"
	"time"
)

// FormatVersion is the bank format this package reads and writes.
const FormatVersion = 1

// Type names a kind of question; its answer is interpreted accordingly.
type Type string

// The question types of bank format v1.
const (
	Single    Type = "single"    // one choice is right
	Multiple  Type = "multiple"  // a set of choices is right
	TrueFalse Type = "truefalse" // a statement is true or false
	Short     Type = "short"     // a short typed answer from an accepted list
	Numeric   Type = "numeric"   // a number within a tolerance
	Ordering  Type = "ordering"  // the choices put in the right order
	Output    Type = "output"    // what the code block prints
	Cloze     Type = "cloze"     // blanks in a passage
	Open      Type = "open"      // free text graded by key points
)

// Types lists every question type in a stable order.
var Types = []Type{Single, Multiple, TrueFalse, Short, Numeric, Ordering, Output, Cloze, Open}

// Valid reports whether t is a known question type.
func (t Type) Valid() bool {
	for _, k := range Types {
		if t == k {
			return true
		}
	}
	return false
}

// HasChoices reports whether questions of type t are answered by choice letters.
func (t Type) HasChoices() bool { return t == Single || t == Multiple || t == Ordering }

// Bank is one question bank: metadata and its questions.
type Bank struct {
	Format      int
	ID          string
	Title       Text
	Description Text
	Version     string
	Authors     []string
	License     string
	Tags        []string
	Languages   []string // in fallback order; never empty after loading
	Questions   []*Question

	// Source says where the bank came from ("builtin", a file path …); set by the loader's caller.
	Source string
	// File is the name the bank was loaded from, for messages.
	File string
}

// Question is one question of a bank.
type Question struct {
	ID         string
	Bank       string // the owning bank's id, filled in by the loader
	Topic      string // defaults to the bank id
	Difficulty int    // 1 to 3
	Tags       []string
	Type       Type
	Prompt     Text
	Code       *Code
	Choices    []Text

	// Answer fields; which ones are set depends on Type.
	Choice    int        // Single: index into Choices
	ChoiceSet []int      // Multiple: sorted indexes; Ordering: indexes in the right order
	Bool      bool       // TrueFalse
	Accepted  []string   // Short: accepted answers, the first shown as expected
	Pattern   string     // Short: optional regular expression over the normalised answer
	Number    float64    // Numeric
	Tolerance float64    // Numeric: absolute tolerance
	Unit      string     // Numeric: shown after the number
	Expected  string     // Output: what the code prints
	Passage   Text       // Cloze: text with {{n}} blanks
	Blanks    [][]string // Cloze: accepted answers per blank
	KeyPoints []KeyPoint // Open
	Required  int        // Open: key points needed for a correct verdict
	Model     Text       // Open: a model answer

	Explanation Text
	References  []string
	Card        *Card
	Verify      *Verify

	// Line is where the question starts in its file, for messages.
	Line int
}

// GlobalID returns the question's id across all banks, "bank/question".
func (q *Question) GlobalID() string { return q.Bank + "/" + q.ID }

// Code is a block of code shown with a prompt.
type Code struct {
	Lang   string
	Source string
}

// KeyPoint is one point an open answer should make, with accepted phrasings per language.
type KeyPoint map[string][]string

// Label returns the point's first phrasing in lang, falling back like Text.
func (k KeyPoint) Label(lang string, fallback []string) string {
	for _, l := range langOrder(lang, fallback, k) {
		if ps := k[l]; len(ps) > 0 {
			return ps[0]
		}
	}
	return ""
}

// Phrasings returns every accepted phrasing in every language.
func (k KeyPoint) Phrasings() []string {
	var out []string
	for _, l := range sortedKeys(k) {
		out = append(out, k[l]...)
	}
	return out
}

// Card overrides the generated sides of a question's flashcard.
type Card struct {
	Front Text
	Back  Text
}

// Verify is a program that proves a question's answer key.
type Verify struct {
	Lang      string
	Source    string
	Output    *string // stdout must equal this, when set
	Match     string  // stdout must match this regular expression, when set
	Timeout   time.Duration
	Exclusive bool
	// Implicit is true when the program was derived from an output question's code.
	Implicit bool
}

// Matcher returns the compiled Match expression, or nil when there is none.
// The loader has validated the expression.
func (v *Verify) Matcher() *regexp.Regexp {
	if v.Match == "" {
		return nil
	}
	return regexp.MustCompile(v.Match)
}

// NotApplicableExit is the exit status by which a verification program says
// its claim does not apply to this interpreter.
const NotApplicableExit = 77

// DefaultTimeout and MaxTimeout bound a verification program's wall-clock time.
const (
	DefaultTimeout = 10 * time.Second
	MaxTimeout     = 60 * time.Second
)

// RunnableLangs are the languages verification programs may be written in.
var RunnableLangs = []string{"python", "go", "sh"}

// Runnable reports whether lang is a language verification programs may use.
func Runnable(lang string) bool {
	for _, l := range RunnableLangs {
		if l == lang {
			return true
		}
	}
	return false
}

// Program returns the question's verification program: its verify block, or,
// for an output question with runnable code, a program derived from the code.
func (q *Question) Program() *Verify {
	if q.Verify != nil {
		return q.Verify
	}
	if q.Type == Output && q.Code != nil && Runnable(q.Code.Lang) {
		exp := q.Expected
		return &Verify{Lang: q.Code.Lang, Source: q.Code.Source, Output: &exp, Timeout: DefaultTimeout, Implicit: true}
	}
	return nil
}

// Letter returns the choice letter for index i: A, B, C …
func Letter(i int) string { return string(rune('A' + i)) }

// MaxChoices is the largest number of choices a question may have.
const MaxChoices = 10
