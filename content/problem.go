package content

import (
	"fmt"
	"sort"
	"strings"
)

// Severity tells errors, which make a bank unusable, from warnings.
type Severity int

// The severities of a Problem.
const (
	SevError Severity = iota
	SevWarning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SevWarning {
		return "warning"
	}
	return "error"
}

// MarshalText encodes the severity for JSON output.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Problem is one located mistake in a bank file.
type Problem struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Msg      string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
}

// String formats the problem as "file:line:col: message (hint)"; warnings say so.
func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: ", p.File, p.Line, p.Col)
	if p.Severity == SevWarning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Msg)
	if p.Hint != "" {
		fmt.Fprintf(&b, " (%s)", p.Hint)
	}
	return b.String()
}

// Problems is a list of problems in file order.
type Problems []Problem

// Errors returns only the problems that are errors.
func (ps Problems) Errors() Problems { return ps.filter(SevError) }

// Warnings returns only the problems that are warnings.
func (ps Problems) Warnings() Problems { return ps.filter(SevWarning) }

func (ps Problems) filter(s Severity) Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// HasErrors reports whether any problem is an error.
func (ps Problems) HasErrors() bool {
	for _, p := range ps {
		if p.Severity == SevError {
			return true
		}
	}
	return false
}

func (ps Problems) sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Col < ps[j].Col
	})
}

// BankError reports that a bank file could not be used; Problems holds every
// error (and warning) found in it.
type BankError struct {
	File     string
	Problems Problems
}

// Error summarises the first error and how many more there are.
func (e *BankError) Error() string {
	errs := e.Problems.Errors()
	switch len(errs) {
	case 0:
		return fmt.Sprintf("bank %s: invalid", e.File)
	case 1:
		return errs[0].String()
	default:
		more := "1 more error"
		if len(errs) > 2 {
			more = fmt.Sprintf("%d more errors", len(errs)-1)
		}
		return fmt.Sprintf("%s (and %s; run cram lint %s)", errs[0], more, e.File)
	}
}
