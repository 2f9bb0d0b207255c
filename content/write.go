package content

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// SchemaURL is the address of the bank format's JSON schema, named on the
// first line of written banks so that editors complete keys as authors type.
const SchemaURL = "https://raw.githubusercontent.com/cram-dev/cram/main/content/schema/bank.schema.json"

// SchemaComment is the comment line by which yaml-language-server finds the schema.
const SchemaComment = "# yaml-language-server: $schema=" + SchemaURL

// ValidID reports whether s may be a bank or question id:
// ^[a-z0-9][a-z0-9._-]*$, at most 64 characters. Such an id is also a safe
// file name: it has no path separator and cannot be "." or "..".
func ValidID(s string) bool { return len(s) <= 64 && validID(s) }

// Write encodes b as a bank file of format 1 that Parse reads back into an
// equal bank (positions aside). Multi-line texts are written as literal
// block scalars (|) so that code and lists stay readable and editable;
// values that YAML would read as another type are quoted. The first line
// names the schema.
func Write(b *Bank) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(SchemaComment + "\n")
	// The bank's keys, then its questions one by one: yaml.v3's emitter
	// keeps every event of a document, so a bank of ten thousand questions
	// written as one node costs seconds; written question by question it
	// costs a fraction of that. Each question is a one-item list, indented
	// under questions:, which leaves block scalars' relative indentation as
	// it was.
	head := BankNode(&Bank{Format: b.Format, ID: b.ID, Title: b.Title, Description: b.Description, Version: b.Version,
		Authors: b.Authors, License: b.License, Tags: b.Tags, Languages: b.Languages})
	head.Content = head.Content[:len(head.Content)-2] // the empty questions list
	if err := encodeNode(&buf, head); err != nil {
		return nil, fmt.Errorf("write bank %s: %w", b.ID, err)
	}
	if len(b.Questions) == 0 {
		buf.WriteString("questions: []\n")
		return buf.Bytes(), nil
	}
	buf.WriteString("questions:\n")
	var one bytes.Buffer
	for _, q := range b.Questions {
		one.Reset()
		item := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{questionNode(b, q)}}
		if err := encodeNode(&one, item); err != nil {
			return nil, fmt.Errorf("write bank %s: question %s: %w", b.ID, q.ID, err)
		}
		for _, line := range bytes.SplitAfter(one.Bytes(), []byte("\n")) {
			if len(line) > 1 {
				buf.WriteString("  ")
			}
			buf.Write(line)
		}
	}
	return buf.Bytes(), nil
}

func encodeNode(w *bytes.Buffer, n *yaml.Node) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return err
	}
	return enc.Close()
}

// BankNode returns b as a YAML mapping node in the key order of the format's
// documentation. Keys holding their default value are left out.
func BankNode(b *Bank) *yaml.Node {
	m := newMap()
	format := b.Format
	if format == 0 {
		format = FormatVersion
	}
	m.add("format", intNode(format))
	m.add("id", strNode(b.ID))
	m.addText("title", b.Title)
	m.addText("description", b.Description)
	if b.Version != "" {
		m.add("version", strNode(b.Version))
	}
	m.addList("authors", b.Authors)
	if b.License != "" {
		m.add("license", strNode(b.License))
	}
	m.addList("tags", b.Tags)
	if len(b.Languages) > 0 {
		m.add("languages", listNode(b.Languages))
	}
	qs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, q := range b.Questions {
		qs.Content = append(qs.Content, questionNode(b, q))
	}
	m.add("questions", qs)
	return m.Node
}

func questionNode(b *Bank, q *Question) *yaml.Node {
	m := newMap()
	m.add("id", strNode(q.ID))
	if q.Topic != "" && q.Topic != b.ID {
		m.add("topic", strNode(q.Topic))
	}
	if q.Difficulty != 0 && q.Difficulty != 2 {
		m.add("difficulty", intNode(q.Difficulty))
	}
	m.addList("tags", q.Tags)
	m.add("type", strNode(string(q.Type)))
	m.addText("prompt", q.Prompt)
	if q.Code != nil {
		c := newMap()
		c.add("lang", strNode(q.Code.Lang))
		c.add("source", strNode(q.Code.Source))
		m.add("code", c.Node)
	}
	if q.Type.HasChoices() || len(q.Choices) > 0 {
		cs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, c := range q.Choices {
			cs.Content = append(cs.Content, textNode(c))
		}
		if isFlowable(cs) {
			cs.Style = yaml.FlowStyle
		}
		m.add("choices", cs)
	}
	switch q.Type {
	case Single:
		m.add("answer", strNode(Letter(q.Choice)))
	case Multiple, Ordering:
		ls := make([]string, len(q.ChoiceSet))
		for i, c := range q.ChoiceSet {
			ls[i] = Letter(c)
		}
		m.add("answer", listNode(ls))
	case TrueFalse:
		m.add("answer", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(q.Bool)})
	case Short:
		m.add("answer", listNode(q.Accepted))
		if q.Pattern != "" {
			m.add("pattern", strNode(q.Pattern))
		}
	case Numeric:
		m.add("answer", numberNode(q.Number))
		if q.Tolerance != 0 {
			m.add("tolerance", numberNode(q.Tolerance))
		}
		if q.Unit != "" {
			m.add("unit", strNode(q.Unit))
		}
	case Output:
		m.add("answer", strNode(q.Expected))
	case Cloze:
		m.addText("passage", q.Passage)
		bs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, acc := range q.Blanks {
			bs.Content = append(bs.Content, listNode(acc))
		}
		if isFlowable(bs) {
			bs.Style = yaml.FlowStyle
		}
		m.add("blanks", bs)
	case Open:
		m.addText("answer", q.Model)
		kps := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, kp := range q.KeyPoints {
			k := newMap()
			for _, l := range sortedKeys(kp) {
				k.add(l, listNode(kp[l]))
			}
			if isFlowable(k.Node) {
				k.Style = yaml.FlowStyle
			}
			kps.Content = append(kps.Content, k.Node)
		}
		m.add("key_points", kps)
		if q.Required != 0 && q.Required != len(q.KeyPoints) {
			m.add("required", intNode(q.Required))
		}
	}
	m.addText("explanation", q.Explanation)
	if q.References != nil {
		m.add("references", listNode(q.References))
	}
	if q.Card != nil {
		c := newMap()
		c.addText("front", q.Card.Front)
		c.addText("back", q.Card.Back)
		m.add("card", c.Node)
	}
	if v := q.Verify; v != nil && !v.Implicit {
		vm := newMap()
		vm.add("lang", strNode(v.Lang))
		if v.Timeout != 0 && v.Timeout != DefaultTimeout {
			vm.add("timeout", strNode(v.Timeout.String()))
		}
		if v.Exclusive {
			vm.add("exclusive", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
		}
		if v.Output != nil {
			vm.add("output", strNode(*v.Output))
		}
		if v.Match != "" {
			vm.add("match", strNode(v.Match))
		}
		vm.add("source", strNode(v.Source))
		m.add("verify", vm.Node)
	}
	return m.Node
}

// mapNode builds a block mapping key by key.
type mapNode struct{ *yaml.Node }

func newMap() mapNode { return mapNode{&yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}} }

func (m mapNode) add(key string, val *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, val)
}

// addText adds a text unless it is empty.
func (m mapNode) addText(key string, t Text) {
	if len(t) > 0 {
		m.add(key, textNode(t))
	}
}

// addList adds a list of strings unless it is nil; an empty list is kept, so
// that Parse gives back an empty list rather than none.
func (m mapNode) addList(key string, l []string) {
	if l != nil {
		m.add(key, listNode(l))
	}
}

// textNode writes a neutral text as one string, otherwise a map of languages.
func textNode(t Text) *yaml.Node {
	if s, ok := t[Neutral]; ok && len(t) == 1 {
		return strNode(s)
	}
	m := newMap()
	for _, l := range sortedKeys(t) {
		m.add(l, strNode(t[l]))
	}
	if isFlowable(m.Node) {
		m.Style = yaml.FlowStyle
	}
	return m.Node
}

// strNode is a string scalar: a literal block when it spans lines, plain or
// quoted otherwise (the encoder quotes what would read as another type).
func strNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(strings.TrimRight(s, "\n"), "\n") || (strings.HasSuffix(s, "\n") && len(s) > 1) {
		n.Style = yaml.LiteralStyle
	}
	return n
}

func listNode(l []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, s := range l {
		n.Content = append(n.Content, strNode(s))
	}
	if isFlowable(n) {
		n.Style = yaml.FlowStyle
	}
	return n
}

func intNode(v int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(v)}
}

// numberNode writes integers as digits and other numbers in the shortest
// form that reads back to the same float64.
func numberNode(v float64) *yaml.Node {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatFloat(v, 'f', -1, 64)}
	}
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: s}
}

// flowLimit is the widest collection written on one line, in characters.
const flowLimit = 72

// isFlowable reports whether a collection of scalars (or of such
// collections) is short enough to write on one line, as [a, b] or {en: …}.
// Block scalars cannot appear inside flow collections.
func isFlowable(n *yaml.Node) bool {
	width := 0
	var walk func(*yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		switch n.Kind {
		case yaml.ScalarNode:
			if n.Style == yaml.LiteralStyle || strings.ContainsAny(n.Value, "\n\t") {
				return false
			}
			width += utf8.RuneCountInString(n.Value) + 2
		default:
			width += 2
			for _, c := range n.Content {
				if !walk(c) {
					return false
				}
			}
		}
		return width <= flowLimit
	}
	return walk(n)
}

// SetID returns the bank file data with its top-level id replaced by id,
// leaving every other byte, comment and layout as it was. It fails when the
// file has no plain top-level id to replace.
func SetID(data []byte, id string) ([]byte, error) {
	if !ValidID(id) {
		return nil, fmt.Errorf("%q is not a valid bank id (lower-case letters, digits, '-', '_' and '.', starting with a letter or digit)", id)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("set bank id: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("set bank id: the file is not a mapping of keys to values")
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "id" {
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return nil, fmt.Errorf("set bank id: line %d: the id is not a one-line string", v.Line)
		}
		return replaceScalar(data, v, id)
	}
	return nil, fmt.Errorf("set bank id: the file has no id")
}

// replaceScalar replaces the one-line scalar n in data with the plain value s.
func replaceScalar(data []byte, n *yaml.Node, s string) ([]byte, error) {
	start := 0
	for line := 1; line < n.Line; line++ {
		j := bytes.IndexByte(data[start:], '\n')
		if j < 0 {
			return nil, fmt.Errorf("set bank id: line %d is past the end", n.Line)
		}
		start += j + 1
	}
	end := bytes.IndexByte(data[start:], '\n')
	if end < 0 {
		end = len(data) - start
	}
	line := data[start : start+end]
	// The column counts characters; convert it to a byte offset.
	col := 0
	for c := 1; c < n.Column && col < len(line); c++ {
		_, size := utf8.DecodeRune(line[col:])
		col += size
	}
	rest := line[col:]
	var tokLen int
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		tokLen = quotedLen(rest, '"')
	case n.Style&yaml.SingleQuotedStyle != 0:
		tokLen = quotedLen(rest, '\'')
	default:
		// A one-line plain scalar is written exactly as its value.
		if bytes.HasPrefix(rest, []byte(n.Value)) {
			tokLen = len(n.Value)
		}
	}
	if tokLen <= 0 {
		return nil, fmt.Errorf("set bank id: line %d: cannot find the id's text", n.Line)
	}
	out := make([]byte, 0, len(data)+len(s))
	out = append(out, data[:start+col]...)
	out = append(out, s...)
	out = append(out, data[start+col+tokLen:]...)
	return out, nil
}

// quotedLen is the length of the quoted scalar at the start of b, quotes included.
func quotedLen(b []byte, q byte) int {
	for i := 1; i < len(b); i++ {
		switch {
		case q == '"' && b[i] == '\\':
			i++
		case b[i] == q && q == '\'' && i+1 < len(b) && b[i+1] == '\'':
			i++
		case b[i] == q:
			return i + 1
		}
	}
	return -1
}
