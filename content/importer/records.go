package importer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/cram-dev/cram/content"
)

// record is one row of a delimited file: its fields and where it starts.
type record struct {
	line   int
	fields []string
	pos    [][2]int // line and column (in characters) where each field starts
}

// at returns the line and column of field i.
func (r record) at(i int) (int, int) {
	if i >= 0 && i < len(r.pos) {
		return r.pos[i][0], r.pos[i][1]
	}
	return r.line, 1
}

// sepName names a separator in messages.
func sepName(sep string) string {
	switch sep {
	case "\t":
		return "tab"
	case ",":
		return "comma"
	case ";":
		return "semicolon"
	case " ":
		return "space"
	case "|":
		return "pipe"
	case ":":
		return "colon"
	case "\n":
		return "new line"
	}
	return fmt.Sprintf("%q", sep)
}

// readRecords splits text (with \n line endings) into records of fields
// separated by sep, the way spreadsheets and Anki write them: a field that
// starts with a double quote runs to the next lone quote and may hold the
// separator and new lines; "" inside it is one quote. Text after a closing
// quote is kept, as Anki does. Blank lines are skipped, and with comments
// so are lines starting with '#'. line is the number of text's first line.
// A quoted field that never closes is a problem located at its opening
// quote; reading stops there.
func readRecords(name, text string, sep byte, comments bool, line int) ([]record, *content.Problem) {
	var recs []record
	var fields []string
	var pos [][2]int
	var field strings.Builder
	i, n := 0, len(text)
	lineStart := 0 // byte offset of the current line, for columns
	// col returns the column of byte i on the current line, counting
	// characters from the last column asked for, so that a long line of many
	// fields costs linear time.
	lastOff, lastCol := 0, 1
	col := func(i int) int {
		if lastOff < lineStart || lastOff > i {
			lastOff, lastCol = lineStart, 1
		}
		lastCol += utf8.RuneCountInString(text[lastOff:i])
		lastOff = i
		return lastCol
	}
	atRecordStart := true
	recLine := line
	for i <= n {
		if atRecordStart {
			// Skip blank lines and comments between records.
			for i < n && (text[i] == '\n' || (comments && text[i] == '#')) {
				if text[i] == '#' {
					j := strings.IndexByte(text[i:], '\n')
					if j < 0 {
						i = n
						break
					}
					i += j
				}
				i++
				line++
				lineStart = i
			}
			if i >= n {
				break
			}
			atRecordStart = false
			recLine = line
		}
		// One field.
		field.Reset()
		pos = append(pos, [2]int{line, col(i)})
		if i < n && text[i] == '"' {
			openLine, openCol := line, col(i)
			i++
			closed := false
			for i < n {
				c := text[i]
				if c == '"' {
					if i+1 < n && text[i+1] == '"' {
						field.WriteByte('"')
						i += 2
						continue
					}
					i++
					closed = true
					break
				}
				if c == '\n' {
					line++
					lineStart = i + 1
				}
				field.WriteByte(c)
				i++
			}
			if !closed {
				return recs, &content.Problem{File: name, Line: openLine, Col: openCol,
					Msg:  "a quoted field opens here and is never closed",
					Hint: `close it with ", and write a quote inside a quoted field as ""`}
			}
		}
		// Unquoted text, or what follows a closing quote, up to the separator or the end of the line.
		j := i
		for j < n && text[j] != sep && text[j] != '\n' {
			j++
		}
		field.WriteString(text[i:j])
		fields = append(fields, field.String())
		i = j
		if i < n && text[i] == sep {
			i++
			if i == n || text[i] == '\n' {
				// A separator at the end of the line leaves one more, empty field.
				fields = append(fields, "")
				pos = append(pos, [2]int{line, col(i)})
			} else {
				continue
			}
		}
		recs = append(recs, record{line: recLine, fields: fields, pos: pos})
		fields, pos = nil, nil
		atRecordStart = true
		if i < n && text[i] == '\n' {
			i++
			line++
			lineStart = i
			continue
		}
		if i >= n {
			break
		}
	}
	return recs, nil
}

// splitCards splits headerless term–definition text the way Quizlet writes
// it: cards separated by cardSep, term and definition by the first fieldSep.
// There is no quoting. Blank cards are skipped.
func splitCards(text, fieldSep, cardSep string, line int) []pair {
	var out []pair
	for len(text) > 0 {
		chunk := text
		next := ""
		if k := strings.Index(text, cardSep); k >= 0 {
			chunk, next = text[:k], text[k+len(cardSep):]
		} else {
			next = ""
		}
		start := line
		// Leading new lines belong to no card; count them to the card's line.
		trimmed := strings.TrimLeft(chunk, "\n")
		start += len(chunk) - len(trimmed)
		if strings.TrimSpace(trimmed) != "" {
			p := pair{line: start, raw: trimmed}
			if k := strings.Index(trimmed, fieldSep); k >= 0 {
				p.term, p.def, p.ok = trimmed[:k], trimmed[k+len(fieldSep):], true
				p.defLine = start + strings.Count(trimmed[:k+len(fieldSep)], "\n")
			}
			out = append(out, p)
		}
		line += strings.Count(chunk, "\n") + strings.Count(cardSep, "\n")
		text = next
	}
	return out
}

// pair is one card of a Quizlet export.
type pair struct {
	line, defLine int
	raw           string
	term, def     string
	ok            bool // the field separator was found
}
