package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxFileSize is the largest bank file the loader accepts.
const MaxFileSize = 32 << 20

// maxProblems stops a hopeless file from producing an endless report.
const maxProblems = 500

// ErrTooLarge is reported (wrapped) when a bank file exceeds MaxFileSize.
var ErrTooLarge = errors.New("file too large")

var blankMarker = regexp.MustCompile(`\{\{(\d+)\}\}`)

// letterRef finds an explanation that names an option by its letter ("B is
// wrong", "option C", "（A 错）"): choices are shuffled when shown, so the
// letter would point at another option.
var letterRef = regexp.MustCompile(`(?i:\b(?:option|choice)s?\s+[A-J]\b)|\b[A-J]\s+(?:is|are|was)\s+(?:wrong|right|correct|incorrect|false|true|tempting)\b|\([A-J]\)|选项\s*[A-J]|(?:^|[^\w])[A-J]\s*(?:项)?\s*(?:错|对|正确|错误|不对)`)

// validID reports whether s matches ^[a-z0-9][a-z0-9._-]*$. Hand-written: the
// loader calls it for every question, where a regexp costs measurably.
func validID(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case i > 0 && (c == '.' || c == '_' || c == '-'):
		default:
			return false
		}
	}
	return s != ""
}

// validLang reports whether s is a language code: ^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$.
func validLang(s string) bool {
	parts := strings.Split(s, "-")
	if n := len(parts[0]); n < 2 || n > 3 {
		return false
	}
	for i, p := range parts {
		if i > 0 && (len(p) < 2 || len(p) > 8) {
			return false
		}
		for j := 0; j < len(p); j++ {
			c := p[j]
			lower := c >= 'a' && c <= 'z'
			if i == 0 && !lower || i > 0 && !(lower || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return true
}

// Parse decodes and validates one bank file. It returns the bank (nil when the
// file could not be decoded at all) and every problem found, sorted by position.
// The bank is usable only when the problems hold no error.
func Parse(file string, data []byte) (*Bank, Problems) {
	d := &decoder{file: file}
	b := d.parse(data)
	d.problems.sort()
	if d.errors >= maxProblems {
		last := d.problems[len(d.problems)-1]
		d.problems = append(d.problems, Problem{File: file, Line: last.Line, Col: last.Col,
			Msg: fmt.Sprintf("too many problems; stopped after %d", maxProblems), Hint: "fix these first"})
	}
	if d.moreWarnings > 0 {
		last := d.problems[len(d.problems)-1]
		d.problems = append(d.problems, Problem{File: file, Line: last.Line, Col: last.Col, Severity: SevWarning,
			Msg: fmt.Sprintf("%d more warnings not shown", d.moreWarnings)})
	}
	if b != nil {
		b.File = file
	}
	return b, d.problems
}

// Load reads and parses the bank called name in fsys. A bank with errors yields
// a *BankError holding every problem.
func Load(fsys fs.FS, name string) (*Bank, Problems, error) {
	data, err := readCapped(fsys, name)
	if err != nil {
		return nil, nil, fmt.Errorf("load bank %s: %w", name, err)
	}
	b, ps := Parse(name, data)
	if ps.HasErrors() {
		return nil, ps, &BankError{File: name, Problems: ps}
	}
	return b, ps, nil
}

func readCapped(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%w: more than %d MiB (split it into several banks)", ErrTooLarge, MaxFileSize>>20)
	}
	return data, nil
}

// decoder walks a yaml.v3 node tree, building a Bank and collecting problems.
type decoder struct {
	file     string
	problems Problems
	// errors and warnings count the problems added, each capped at
	// maxProblems: warnings alone (a large bank without explanations)
	// never make a bank unusable.
	errors, warnings, moreWarnings int
	budget                         int // nodes the walk may still visit, against alias bombs
	langs                          []string
	bankID                         string
}

func (d *decoder) add(sev Severity, n *yaml.Node, hint, format string, args ...any) {
	if sev == SevWarning {
		if d.warnings >= maxProblems {
			d.moreWarnings++
			return
		}
		d.warnings++
	} else {
		if d.errors >= maxProblems {
			return
		}
		d.errors++
	}
	p := Problem{File: d.file, Severity: sev, Msg: fmt.Sprintf(format, args...), Hint: hint}
	if n != nil {
		p.Line, p.Col = n.Line, n.Column
	}
	if p.Line == 0 {
		p.Line, p.Col = 1, 1
	}
	d.problems = append(d.problems, p)
}

func (d *decoder) errorf(n *yaml.Node, hint, format string, args ...any) {
	d.add(SevError, n, hint, format, args...)
}

func (d *decoder) warnf(n *yaml.Node, hint, format string, args ...any) {
	d.add(SevWarning, n, hint, format, args...)
}

var errAliasBomb = errors.New("alias bomb")

// resolve follows aliases and charges the walk for every node it visits.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	d.budget--
	if d.budget < 0 {
		panic(errAliasBomb)
	}
	return n
}

func countNodes(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	c := 1
	for _, k := range n.Content {
		c += countNodes(k)
	}
	return c
}

func (d *decoder) parse(data []byte) (b *Bank) {
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		line, col := lineCol(data, off)
		d.problems = append(d.problems, Problem{File: d.file, Line: line, Col: col,
			Msg: "the file is not valid UTF-8", Hint: "save it as UTF-8"})
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		d.errorf(nil, "a bank needs format, id, title and questions; see cram new", "empty file")
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		d.syntaxError(data, err)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		d.errorf(&extra, "keep one bank per file, or remove the '---' line", "the file holds more than one YAML document")
	} else if !errors.Is(err, io.EOF) {
		d.syntaxError(data, err)
	}
	// An honest file visits each node about once; aliases may repeat small
	// pieces. Anything far beyond that is an expansion attack.
	d.budget = 4*countNodes(&doc) + 10000
	defer func() {
		if r := recover(); r != nil {
			if r != errAliasBomb {
				panic(r)
			}
			// What was found before the walk stopped is noise next to this.
			d.problems = nil
			d.errors, d.warnings, d.moreWarnings = 0, 0, 0
			d.errorf(nil, "remove anchors and aliases (&name, *name) that refer to each other",
				"aliases expand to more than %d nodes", 4*countNodes(&doc)+10000)
			b = nil
		}
	}()
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			d.errorf(nil, "a bank needs format, id, title and questions", "empty document")
			return nil
		}
		root = root.Content[0]
	}
	return d.bank(d.resolve(root))
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a yaml.v3 error into located problems with a hint.
// yaml.v3 reports lines only; the column is that of the line's first character.
func (d *decoder) syntaxError(data []byte, err error) {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, e := range te.Errors {
			d.errorf(nil, "", "%s", e)
		}
		return
	}
	msg := err.Error()
	line := 1
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	text := lineText(data, line)
	col := 1
	for col <= len(text) && (text[col-1] == ' ') {
		col++
	}
	hint := "check the indentation and quoting of this line"
	switch {
	case strings.Contains(text, "\t") || strings.Contains(msg, "tab"):
		col = strings.IndexByte(text, '\t') + 1
		if col == 0 {
			col = 1
		}
		hint = "indent with spaces; YAML does not allow tabs"
	case strings.Contains(msg, "mapping values are not allowed"):
		hint = `a value contains ": "; put the value in quotes`
	case strings.Contains(msg, "cannot start any token"):
		hint = "a value starts with a reserved character such as ` @ or %; put it in quotes"
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-' indicator"):
		hint = "this line is indented differently from its siblings"
	case strings.Contains(msg, "could not find expected ':'"):
		hint = "a key is missing its ':', or a multi-line value needs | or quotes"
	case strings.Contains(msg, "unexpected end of stream"), strings.Contains(msg, "found unexpected end"):
		hint = "a quoted string or a bracket is not closed"
	case strings.Contains(msg, "did not find expected ',' or '}'"), strings.Contains(msg, "did not find expected ',' or ']'"):
		hint = "inside {…} or […], put text that holds '?', ':', ',' or '#' in quotes"
	case strings.Contains(msg, "did not find expected node content"):
		hint = "a value is missing after a '-' or ':'"
	}
	if col > len(text)+1 {
		col = 1
	}
	d.problems = append(d.problems, Problem{File: d.file, Line: line, Col: col, Msg: "syntax error: " + msg, Hint: hint})
}

func lineText(data []byte, line int) string {
	for i := 1; i < line; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return ""
		}
		data = data[j+1:]
	}
	if j := bytes.IndexByte(data, '\n'); j >= 0 {
		data = data[:j]
	}
	return strings.TrimRight(string(data), "\r")
}

func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(data)
}

func lineCol(data []byte, off int) (int, int) {
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, utf8.RuneCount(data[start:off]) + 1
}

// field is one key of a mapping, with its nodes.
type field struct {
	key, val *yaml.Node
}

// fields checks that n is a mapping with only known keys and returns them by
// name. Unknown and duplicate keys are reported with a suggestion.
func (d *decoder) fields(n *yaml.Node, what string, known []string) map[string]field {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "", "%s must be a mapping of keys to values, not %s", what, describe(n))
		return nil
	}
	out := make(map[string]field, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.resolve(n.Content[i]), d.resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "", "%s has a key that is not a plain name", what)
			continue
		}
		if prev, dup := out[k.Value]; dup {
			d.errorf(k, fmt.Sprintf("it is already defined at line %d; keep one", prev.key.Line), "duplicate key %q in %s", k.Value, what)
			continue
		}
		if !contains(known, k.Value) {
			hint := "remove it"
			if s := suggest(k.Value, known); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			} else {
				hint = "known keys: " + strings.Join(known, ", ")
			}
			d.errorf(k, hint, "unknown key %q in %s", k.Value, what)
			continue
		}
		out[k.Value] = field{k, v}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// suggest returns the known key closest to s, when it is close enough to be a typo.
func suggest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if dist := editDistance(strings.ToLower(s), k); dist < bestD {
			best, bestD = k, dist
		}
	}
	if bestD > 2 || (bestD == 2 && len(s) < 5) {
		return ""
	}
	return best
}

// editDistance is the optimal-string-alignment distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "empty"
		case "!!bool":
			return "a boolean (" + n.Value + ")"
		case "!!int", "!!float":
			return "a number (" + n.Value + ")"
		}
		return fmt.Sprintf("the string %q", clip(n.Value, 40))
	}
	return "something else"
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// str decodes a scalar string. Numbers and booleans written where a string is
// expected are taken as their text.
func (d *decoder) str(f field, what string) (string, bool) {
	n := f.val
	if n.Kind != yaml.ScalarNode || isNull(n) {
		d.errorf(n, "", "%s must be a string, not %s", what, describe(n))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) strList(f field, what string) []string {
	n := f.val
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "write [a, b] or one item per line starting with '- '", "%s must be a list of strings, not %s", what, describe(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		c = d.resolve(c)
		if c.Kind != yaml.ScalarNode || isNull(c) {
			d.errorf(c, "", "each item of %s must be a string, not %s", what, describe(c))
			continue
		}
		out = append(out, c.Value)
	}
	return out
}

func (d *decoder) integer(f field, what string) (int, bool) {
	n := f.val
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		if v, err := strconv.Atoi(n.Value); err == nil {
			return v, true
		}
	}
	d.errorf(n, "", "%s must be a whole number, not %s", what, describe(n))
	return 0, false
}

func (d *decoder) number(f field, what string) (float64, bool) {
	n := f.val
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float") {
		v, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			return v, true
		}
	}
	d.errorf(n, "write digits only, such as 2000000 or 2e6", "%s must be a finite number, not %s", what, describe(n))
	return 0, false
}

func (d *decoder) boolean(f field, what string) (bool, bool) {
	n := f.val
	if n.Kind == yaml.ScalarNode {
		switch n.Value {
		case "true", "True", "TRUE":
			return true, true
		case "false", "False", "FALSE":
			return false, true
		}
	}
	d.errorf(n, "write true or false", "%s must be true or false, not %s", what, describe(n))
	return false, false
}

// text decodes a string or a map of language code to string.
func (d *decoder) text(f field, what string) Text {
	n := f.val
	switch {
	case n.Kind == yaml.ScalarNode && !isNull(n):
		if strings.TrimSpace(n.Value) == "" {
			d.errorf(n, "write the text, or remove the key", "%s is empty", what)
		}
		return Text{Neutral: joinCJKFolds(n.Value)}
	case n.Kind == yaml.MappingNode:
		t := make(Text, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := d.resolve(n.Content[i]), d.resolve(n.Content[i+1])
			if k.Kind != yaml.ScalarNode || !validLang(k.Value) {
				d.errorf(k, "use a language code such as en or zh", "%s has %s where a language code belongs", what, describe(k))
				continue
			}
			if _, dup := t[k.Value]; dup {
				d.errorf(k, "keep one", "%s gives %s twice", what, k.Value)
				continue
			}
			if v.Kind != yaml.ScalarNode || isNull(v) {
				d.errorf(v, "", "%s.%s must be a string, not %s", what, k.Value, describe(v))
				continue
			}
			if strings.TrimSpace(v.Value) == "" {
				d.errorf(v, "write the text, or remove the language", "%s.%s is empty", what, k.Value)
			}
			t[k.Value] = joinCJKFolds(v.Value)
		}
		if len(t) > 0 {
			var missing []string
			for _, l := range d.langs {
				if _, ok := t[l]; !ok {
					missing = append(missing, l)
				}
			}
			if len(missing) > 0 {
				d.errorf(n, fmt.Sprintf("the bank's languages are %s; add %s", strings.Join(d.langs, ", "), joinEntries(missing)),
					"%s lacks %s", what, strings.Join(missing, " and "))
			}
		}
		return t
	}
	d.errorf(n, "write one string, or a map such as {en: …, zh: …}", "%s must be text, not %s", what, describe(n))
	return nil
}

func joinEntries(langs []string) string {
	parts := make([]string, len(langs))
	for i, l := range langs {
		parts[i] = l + ": …"
	}
	return strings.Join(parts, " and ")
}

var bankKeys = []string{"format", "id", "title", "description", "version", "authors", "license", "tags", "languages", "questions"}

func (d *decoder) bank(n *yaml.Node) *Bank {
	fs := d.fields(n, "the bank", bankKeys)
	if fs == nil {
		return nil
	}
	b := &Bank{}
	if f, ok := fs["format"]; ok {
		if v, ok := d.integer(f, "format"); ok {
			if v != FormatVersion {
				d.errorf(f.val, fmt.Sprintf("this cram reads format %d; upgrade cram or convert the bank", FormatVersion), "unsupported bank format %d", v)
				return nil
			}
			b.Format = v
		}
	} else {
		d.errorf(n, "add format: 1 at the top", "missing key \"format\"")
	}
	if f, ok := fs["id"]; ok {
		if v, ok := d.str(f, "id"); ok {
			d.checkID(f.val, v, "bank id")
			b.ID = v
		}
	} else {
		d.errorf(n, "add id: a short lower-case name such as my-bank", "missing key \"id\"")
	}
	d.bankID = b.ID
	b.Languages = []string{"en"}
	if f, ok := fs["languages"]; ok {
		ls := d.strList(f, "languages")
		seen := map[string]bool{}
		var good []string
		for _, l := range ls {
			if !validLang(l) {
				d.errorf(f.val, "use codes such as en, zh, zh-Hant", "%q is not a language code", l)
			} else if seen[l] {
				d.errorf(f.val, "list each language once", "language %s is listed twice", l)
			} else {
				seen[l] = true
				good = append(good, l)
			}
		}
		if len(good) > 0 {
			b.Languages = good
		} else if len(ls) == 0 {
			d.errorf(f.val, "list at least one, such as [en]", "languages is empty")
		}
	}
	d.langs = b.Languages
	if f, ok := fs["title"]; ok {
		b.Title = d.text(f, "title")
	} else {
		d.errorf(n, "add title: …", "missing key \"title\"")
	}
	if f, ok := fs["description"]; ok {
		b.Description = d.text(f, "description")
	}
	if f, ok := fs["version"]; ok {
		b.Version, _ = d.str(f, "version")
	}
	if f, ok := fs["authors"]; ok {
		b.Authors = d.strList(f, "authors")
	}
	if f, ok := fs["license"]; ok {
		b.License, _ = d.str(f, "license")
	}
	if f, ok := fs["tags"]; ok {
		b.Tags = d.strList(f, "tags")
	}
	f, ok := fs["questions"]
	if !ok {
		d.errorf(n, "add questions: followed by a list of questions", "missing key \"questions\"")
		return b
	}
	if f.val.Kind != yaml.SequenceNode {
		d.errorf(f.val, "start each question with '- '", "questions must be a list, not %s", describe(f.val))
		return b
	}
	if len(f.val.Content) == 0 {
		d.errorf(f.val, "add at least one question", "questions is empty")
	}
	seen := map[string]int{}
	for _, qn := range f.val.Content {
		qn = d.resolve(qn)
		q := d.question(qn)
		if q == nil {
			continue
		}
		if q.ID != "" {
			if line, dup := seen[q.ID]; dup {
				d.errorf(qn, fmt.Sprintf("the first is at line %d; ids must be unique in a bank", line), "duplicate question id %q", q.ID)
				continue
			}
			seen[q.ID] = qn.Line
		}
		b.Questions = append(b.Questions, q)
	}
	return b
}

func (d *decoder) checkID(n *yaml.Node, id, what string) {
	switch {
	case id == "":
		d.errorf(n, "", "%s is empty", what)
	case len(id) > 64:
		d.errorf(n, "shorten it", "%s is longer than 64 characters", what)
	case !validID(id):
		d.errorf(n, "use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit", "%s %q has characters that are not allowed", what, id)
	}
}

var questionKeys = []string{"id", "type", "topic", "difficulty", "tags", "prompt", "code", "choices", "answer",
	"tolerance", "unit", "pattern", "passage", "blanks", "key_points", "required", "explanation", "references", "card", "verify"}

// typeKeys lists the keys only some types may use.
var typeKeys = map[string][]Type{
	"choices":    {Single, Multiple, Ordering},
	"tolerance":  {Numeric},
	"unit":       {Numeric},
	"pattern":    {Short},
	"passage":    {Cloze},
	"blanks":     {Cloze},
	"key_points": {Open},
	"required":   {Open},
}

func (d *decoder) question(n *yaml.Node) *Question {
	fs := d.fields(n, "a question", questionKeys)
	if fs == nil {
		return nil
	}
	q := &Question{Bank: d.bankID, Topic: d.bankID, Difficulty: 2, Line: n.Line}
	what := "this question"
	if f, ok := fs["id"]; ok {
		if v, ok := d.str(f, "id"); ok {
			d.checkID(f.val, v, "question id")
			q.ID = v
			what = fmt.Sprintf("question %q", v)
		}
	} else {
		d.errorf(n, "add id: a short lower-case name unique in the bank", "question has no id")
	}
	if f, ok := fs["type"]; ok {
		if v, ok := d.str(f, what+": type"); ok {
			q.Type = Type(v)
			if !q.Type.Valid() {
				hint := "use one of " + typeList()
				if s := suggest(v, typeNames()); s != "" {
					hint = fmt.Sprintf("did you mean %q? types: %s", s, typeList())
				}
				d.errorf(f.val, hint, "%s: unknown question type %q", what, v)
				q.Type = ""
			}
		}
	} else {
		d.errorf(n, "add type: one of "+typeList(), "%s has no type", what)
	}
	for key, types := range typeKeys {
		if f, ok := fs[key]; ok && q.Type != "" && !typeIn(q.Type, types) {
			d.errorf(f.key, "remove it, or change the type", "%s: %s is only used by %s questions, not %s", what, key, strings.Join(typeNames(types...), ", "), q.Type)
			delete(fs, key)
		}
	}
	if f, ok := fs["topic"]; ok {
		if v, ok := d.str(f, what+": topic"); ok {
			d.checkID(f.val, v, what+": topic")
			q.Topic = v
		}
	}
	if f, ok := fs["difficulty"]; ok {
		if v, ok := d.integer(f, what+": difficulty"); ok {
			if v < 1 || v > 3 {
				d.errorf(f.val, "use 1 (basic), 2 or 3 (hard)", "%s: difficulty %d is out of range", what, v)
			}
			q.Difficulty = v
		}
	}
	if f, ok := fs["tags"]; ok {
		q.Tags = d.strList(f, what+": tags")
	}
	if f, ok := fs["prompt"]; ok {
		q.Prompt = d.text(f, what+": prompt")
		d.warnNeutral(f, q.Prompt, what+": prompt")
	} else {
		d.errorf(n, "add prompt: the question text", "%s has no prompt", what)
	}
	if f, ok := fs["code"]; ok {
		q.Code = d.code(f, what)
	}
	if f, ok := fs["choices"]; ok {
		q.Choices = d.choices(f, what)
	} else if q.Type.HasChoices() {
		d.errorf(n, "add choices: a list of 2 to 10 options", "%s: a %s question needs choices", what, q.Type)
	}
	d.answer(n, fs, q, what)
	if f, ok := fs["explanation"]; ok {
		q.Explanation = d.text(f, what+": explanation")
		d.warnNeutral(f, q.Explanation, what+": explanation")
		if q.Type.HasChoices() {
			for _, lang := range sortedKeys(q.Explanation) {
				if m := letterRef.FindString(q.Explanation[lang]); m != "" {
					d.warnf(f.val, "choices are shuffled when shown; name the option by its content",
						"%s: explanation%s refers to an option by letter (%q)", what, langSuffix(lang), strings.TrimSpace(m))
					break
				}
			}
		}
	} else {
		d.warnf(n, "add explanation: why the answer is right and the tempting ones wrong", "%s has no explanation", what)
	}
	if f, ok := fs["references"]; ok {
		q.References = d.strList(f, what+": references")
		for _, r := range q.References {
			if u, err := url.Parse(r); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				d.errorf(f.val, "write a full address starting with https://", "%s: reference %q is not a web address", what, clip(r, 60))
			}
		}
	}
	if len(q.References) == 0 {
		d.warnf(n, "add references: with a link to the documentation", "%s has no reference", what)
	}
	if f, ok := fs["card"]; ok {
		cf := d.fields(f.val, what+": card", []string{"front", "back"})
		if cf != nil {
			q.Card = &Card{}
			if g, ok := cf["front"]; ok {
				q.Card.Front = d.text(g, what+": card.front")
			}
			if g, ok := cf["back"]; ok {
				q.Card.Back = d.text(g, what+": card.back")
			}
		}
	}
	if f, ok := fs["verify"]; ok {
		q.Verify = d.verify(f, what)
	}
	return q
}

func (d *decoder) warnNeutral(f field, t Text, what string) {
	if len(d.langs) > 1 && len(t) == 1 && t[Neutral] != "" {
		d.warnf(f.val, "write it as a map with one entry per language", "%s is one string, but the bank provides %s", what, strings.Join(d.langs, " and "))
	}
}

func typeIn(t Type, ts []Type) bool {
	for _, k := range ts {
		if k == t {
			return true
		}
	}
	return false
}

func typeNames(ts ...Type) []string {
	if len(ts) == 0 {
		ts = Types
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

func typeList() string { return strings.Join(typeNames(), ", ") }

func (d *decoder) code(f field, what string) *Code {
	cf := d.fields(f.val, what+": code", []string{"lang", "source"})
	if cf == nil {
		return nil
	}
	c := &Code{}
	if g, ok := cf["lang"]; ok {
		c.Lang, _ = d.str(g, what+": code.lang")
	} else {
		d.errorf(f.val, "add lang: python (or go, sh, text …)", "%s: code has no lang", what)
	}
	if g, ok := cf["source"]; ok {
		c.Source, _ = d.str(g, what+": code.source")
		if strings.TrimSpace(c.Source) == "" {
			d.errorf(g.val, "write the code after source: |", "%s: code.source is empty", what)
		}
	} else {
		d.errorf(f.val, "add source: | followed by the code", "%s: code has no source", what)
	}
	return c
}

func (d *decoder) choices(f field, what string) []Text {
	n := f.val
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "start each choice with '- '", "%s: choices must be a list, not %s", what, describe(n))
		return nil
	}
	if len(n.Content) < 2 || len(n.Content) > MaxChoices {
		d.errorf(n, fmt.Sprintf("give 2 to %d choices", MaxChoices), "%s has %d choices", what, len(n.Content))
	}
	out := make([]Text, 0, len(n.Content))
	for i, c := range n.Content {
		c = d.resolve(c)
		out = append(out, d.text(field{c, c}, fmt.Sprintf("%s: choice %s", what, Letter(i))))
	}
	return out
}

// letter decodes a choice letter node to its index.
func (d *decoder) letter(n *yaml.Node, nChoices int, what string) (int, bool) {
	if n.Kind == yaml.ScalarNode && len(n.Value) == 1 {
		c := n.Value[0] &^ 0x20 // upper case
		if c >= 'A' && c <= 'Z' {
			i := int(c - 'A')
			if nChoices > 0 && i >= nChoices {
				d.errorf(n, fmt.Sprintf("there are %d choices, A to %s", nChoices, Letter(nChoices-1)), "%s: answer %s is not one of the choices", what, n.Value)
				return 0, false
			}
			return i, true
		}
	}
	d.errorf(n, "write a choice letter such as B", "%s: answer must be a choice letter, not %s", what, describe(n))
	return 0, false
}

func (d *decoder) answer(n *yaml.Node, fs map[string]field, q *Question, what string) {
	f, has := fs["answer"]
	if q.Type != Cloze && q.Type != Open && q.Type != "" && !has {
		d.errorf(n, "add answer: …; see the types table in content/README.md", "%s has no answer", what)
	}
	nc := len(q.Choices)
	switch q.Type {
	case Single:
		if !has {
			return
		}
		if f.val.Kind == yaml.SequenceNode {
			if len(f.val.Content) == 1 {
				q.Choice, _ = d.letter(d.resolve(f.val.Content[0]), nc, what)
				return
			}
			d.errorf(f.val, "use type: multiple for several right choices", "%s: a single-choice question has %d answers", what, len(f.val.Content))
			return
		}
		q.Choice, _ = d.letter(f.val, nc, what)
	case Multiple, Ordering:
		if !has {
			return
		}
		items := []*yaml.Node{f.val}
		if f.val.Kind == yaml.SequenceNode {
			items = f.val.Content
		}
		seen := map[int]bool{}
		for _, it := range items {
			it = d.resolve(it)
			i, ok := d.letter(it, nc, what)
			if !ok {
				continue
			}
			if seen[i] {
				d.errorf(it, "list each letter once", "%s: answer names %s twice", what, Letter(i))
				continue
			}
			seen[i] = true
			q.ChoiceSet = append(q.ChoiceSet, i)
		}
		if q.Type == Multiple {
			sortInts(q.ChoiceSet)
			if len(items) == 0 {
				d.errorf(f.val, "list the right letters, such as [A, C]", "%s: answer is empty", what)
			}
		} else if len(q.ChoiceSet) != nc && nc > 0 && len(seen) == len(items) {
			d.errorf(f.val, fmt.Sprintf("list all %d letters in the right order", nc), "%s: the order names %d of %d choices", what, len(q.ChoiceSet), nc)
		}
	case TrueFalse:
		if has {
			q.Bool, _ = d.boolean(f, what+": answer")
		}
	case Short:
		if has {
			q.Accepted = d.strList(f, what+": answer")
			for _, a := range q.Accepted {
				if strings.TrimSpace(a) == "" {
					d.errorf(f.val, "remove the empty entry", "%s: an accepted answer is empty", what)
				}
			}
			if len(q.Accepted) == 0 && f.val.Kind == yaml.SequenceNode {
				d.errorf(f.val, "list at least one accepted answer", "%s: answer is empty", what)
			}
		}
		if g, ok := fs["pattern"]; ok {
			if p, ok := d.str(g, what+": pattern"); ok {
				if _, err := regexp.Compile(p); err != nil {
					d.errorf(g.val, "Go RE2 syntax: no look-around or back-references", "%s: invalid pattern: %v", what, err)
				}
				q.Pattern = p
			}
		}
	case Numeric:
		if has {
			q.Number, _ = d.number(f, what+": answer")
		}
		if g, ok := fs["tolerance"]; ok {
			if v, ok := d.number(g, what+": tolerance"); ok {
				if v < 0 {
					d.errorf(g.val, "tolerance is absolute; write a positive number", "%s: tolerance is negative", what)
				}
				q.Tolerance = v
			}
		}
		if g, ok := fs["unit"]; ok {
			q.Unit, _ = d.str(g, what+": unit")
		}
	case Output:
		if q.Code == nil {
			d.errorf(n, "add code: with lang and source; the answer is what it prints", "%s: an output question needs code", what)
		}
		if has {
			q.Expected, _ = d.str(f, what+": answer")
		}
	case Cloze:
		if has {
			d.errorf(f.key, "the blanks are the answer; remove answer:", "%s: a cloze question takes no answer", what)
		}
		d.cloze(n, fs, q, what)
	case Open:
		if has {
			q.Model = d.text(f, what+": answer")
		}
		d.keyPoints(n, fs, q, what)
	}
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func (d *decoder) cloze(n *yaml.Node, fs map[string]field, q *Question, what string) {
	pf, ok := fs["passage"]
	if !ok {
		d.errorf(n, "add passage: text with blanks written {{1}}, {{2}} …", "%s: a cloze question needs a passage", what)
	} else {
		q.Passage = d.text(pf, what+": passage")
	}
	bf, ok := fs["blanks"]
	if !ok {
		d.errorf(n, "add blanks: one list of accepted answers per blank", "%s: a cloze question needs blanks", what)
		return
	}
	if bf.val.Kind != yaml.SequenceNode || len(bf.val.Content) == 0 {
		d.errorf(bf.val, "write one item per blank, each a list of accepted answers", "%s: blanks must be a non-empty list, not %s", what, describe(bf.val))
		return
	}
	for i, c := range bf.val.Content {
		c = d.resolve(c)
		acc := d.strList(field{c, c}, fmt.Sprintf("%s: blank %d", what, i+1))
		if len(acc) == 0 && c.Kind == yaml.SequenceNode {
			d.errorf(c, "list at least one accepted answer", "%s: blank %d accepts nothing", what, i+1)
		}
		q.Blanks = append(q.Blanks, acc)
	}
	if pf.val == nil {
		return
	}
	for lang, s := range q.Passage {
		marks := blankMarker.FindAllStringSubmatch(s, -1)
		seen := map[int]bool{}
		for _, m := range marks {
			k, _ := strconv.Atoi(m[1])
			if k < 1 || k > len(q.Blanks) {
				d.errorf(pf.val, fmt.Sprintf("there are %d blanks; number them from {{1}}", len(q.Blanks)), "%s: passage%s has blank {{%d}} but no such item in blanks", what, langSuffix(lang), k)
			}
			seen[k] = true
		}
		for k := 1; k <= len(q.Blanks); k++ {
			if !seen[k] {
				d.errorf(pf.val, fmt.Sprintf("write {{%d}} where the blank goes", k), "%s: passage%s has no blank {{%d}}", what, langSuffix(lang), k)
			}
		}
	}
}

func langSuffix(lang string) string {
	if lang == Neutral {
		return ""
	}
	return "." + lang
}

func (d *decoder) keyPoints(n *yaml.Node, fs map[string]field, q *Question, what string) {
	kf, ok := fs["key_points"]
	if !ok {
		d.errorf(n, "add key_points: a list of points, each {en: [phrasings], zh: [phrasings]}", "%s: an open question needs key_points", what)
		return
	}
	if kf.val.Kind != yaml.SequenceNode || len(kf.val.Content) == 0 {
		d.errorf(kf.val, "write one item per key point", "%s: key_points must be a non-empty list, not %s", what, describe(kf.val))
		return
	}
	for i, c := range kf.val.Content {
		c = d.resolve(c)
		label := fmt.Sprintf("%s: key point %d", what, i+1)
		if c.Kind != yaml.MappingNode {
			d.errorf(c, "write {en: [phrasing, …], zh: [phrasing, …]}", "%s must map languages to phrasings, not %s", label, describe(c))
			continue
		}
		kp := KeyPoint{}
		for j := 0; j+1 < len(c.Content); j += 2 {
			k, v := d.resolve(c.Content[j]), d.resolve(c.Content[j+1])
			if k.Kind != yaml.ScalarNode || !validLang(k.Value) {
				d.errorf(k, "use a language code such as en or zh", "%s has %s where a language code belongs", label, describe(k))
				continue
			}
			ps := d.strList(field{k, v}, label+"."+k.Value)
			for _, p := range ps {
				if strings.TrimSpace(p) == "" {
					d.errorf(v, "remove the empty phrasing", "%s.%s has an empty phrasing", label, k.Value)
				}
			}
			if len(ps) == 0 {
				d.errorf(v, "list at least one phrasing", "%s.%s is empty", label, k.Value)
			}
			kp[k.Value] = ps
		}
		var missing []string
		for _, l := range d.langs {
			if _, ok := kp[l]; !ok {
				missing = append(missing, l)
			}
		}
		if len(missing) > 0 {
			d.errorf(c, fmt.Sprintf("add %s", joinEntries(missing)), "%s lacks %s", label, strings.Join(missing, " and "))
		}
		q.KeyPoints = append(q.KeyPoints, kp)
	}
	q.Required = len(q.KeyPoints)
	if rf, ok := fs["required"]; ok {
		if v, ok := d.integer(rf, what+": required"); ok {
			if v < 1 || v > len(q.KeyPoints) {
				d.errorf(rf.val, fmt.Sprintf("use 1 to %d", len(q.KeyPoints)), "%s: required is %d but there %s", what, v, isAre(len(q.KeyPoints), "key point"))
			} else {
				q.Required = v
			}
		}
	}
}

var verifyKeys = []string{"lang", "source", "output", "match", "timeout", "exclusive"}

func (d *decoder) verify(f field, what string) *Verify {
	vf := d.fields(f.val, what+": verify", verifyKeys)
	if vf == nil {
		return nil
	}
	v := &Verify{Timeout: DefaultTimeout}
	if g, ok := vf["lang"]; ok {
		if s, ok := d.str(g, what+": verify.lang"); ok {
			if !Runnable(s) {
				d.errorf(g.val, "use python, go or sh", "%s: verification programs cannot be written in %q", what, s)
			}
			v.Lang = s
		}
	} else {
		d.errorf(f.val, "add lang: python (or go, sh)", "%s: verify has no lang", what)
	}
	if g, ok := vf["source"]; ok {
		v.Source, _ = d.str(g, what+": verify.source")
		if strings.TrimSpace(v.Source) == "" {
			d.errorf(g.val, "write the program after source: |", "%s: verify.source is empty", what)
		}
	} else {
		d.errorf(f.val, "add source: | followed by the program", "%s: verify has no source", what)
	}
	if g, ok := vf["output"]; ok {
		if s, ok := d.str(g, what+": verify.output"); ok {
			v.Output = &s
		}
	}
	if g, ok := vf["match"]; ok {
		if s, ok := d.str(g, what+": verify.match"); ok {
			if _, err := regexp.Compile(s); err != nil {
				d.errorf(g.val, "Go RE2 syntax: no look-around or back-references", "%s: invalid verify.match: %v", what, err)
			} else {
				v.Match = s
			}
		}
		if v.Output != nil {
			d.errorf(g.key, "keep output or match, not both", "%s: verify has both output and match", what)
		}
	}
	if g, ok := vf["timeout"]; ok {
		if t, ok := d.duration(g, what+": verify.timeout"); ok {
			v.Timeout = t
		}
	}
	if g, ok := vf["exclusive"]; ok {
		v.Exclusive, _ = d.boolean(g, what+": verify.exclusive")
	}
	return v
}

func (d *decoder) duration(f field, what string) (time.Duration, bool) {
	n := f.val
	var t time.Duration
	var err error
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float") {
		var secs float64
		secs, err = strconv.ParseFloat(n.Value, 64)
		t = time.Duration(secs * float64(time.Second))
	} else if n.Kind == yaml.ScalarNode {
		t, err = time.ParseDuration(n.Value)
	} else {
		err = errors.New("not a scalar")
	}
	if err != nil {
		d.errorf(n, "write a duration such as 5s or 1500ms", "%s must be a duration, not %s", what, describe(n))
		return 0, false
	}
	if t <= 0 || t > MaxTimeout {
		d.errorf(n, fmt.Sprintf("use more than 0 and at most %s", MaxTimeout), "%s %s is out of range", what, t)
		return 0, false
	}
	return t, true
}

// Suggest returns the candidate closest to s when it is close enough to be a
// typo of it, or "".
func Suggest(s string, candidates []string) string { return suggest(s, candidates) }

func isAre(n int, word string) string {
	if n == 1 {
		return "is 1 " + word
	}
	return fmt.Sprintf("are %d %ss", n, word)
}
