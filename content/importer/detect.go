package importer

import (
	"path"
	"strings"
)

// ankiHeaderKeys are the keys of Anki's #key:value file headers.
var ankiHeaderKeys = []string{"separator", "html", "tags", "columns", "notetype", "deck",
	"notetype column", "deck column", "tags column", "guid column"}

// detect tells the format of text from its name and content, or returns ""
// when it is none of them. A .yaml or .yml name is a cram bank; a first line
// that is an Anki header (#separator:tab, tags:…) is Anki's export; a first
// row naming a front and a back column is CSV; text whose lines mostly hold
// a tab (or, nearly all, a comma) is a Quizlet export.
func detect(name, text string) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml":
		return YAML
	}
	first, _, _ := strings.Cut(strings.TrimLeft(text, "\r\n"), "\n")
	first = strings.TrimRight(first, "\r")
	if isAnkiHeader(first) {
		return Anki
	}
	if looksYAML(text) {
		return YAML
	}
	if _, ok := csvDelimiter(first); ok {
		return CSV
	}
	if _, _, ok := quizletSeps(normalizeNewlines(text)); ok {
		return Quizlet
	}
	return ""
}

// isAnkiHeader reports whether line is one of Anki's file header lines.
func isAnkiHeader(line string) bool {
	if strings.HasPrefix(line, "tags:") {
		return true
	}
	rest, ok := strings.CutPrefix(line, "#")
	if !ok {
		return false
	}
	key, _, ok := strings.Cut(rest, ":")
	if !ok {
		return false
	}
	key = strings.ToLower(strings.TrimSpace(key))
	for _, k := range ankiHeaderKeys {
		if key == k {
			return true
		}
	}
	return false
}

// looksYAML reports whether text reads like a cram bank: its first key is
// one of a bank's, and it has a questions: key.
func looksYAML(text string) bool {
	firstKey := ""
	hasQuestions := false
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") || line == "---" {
			continue
		}
		if firstKey == "" {
			k, _, ok := strings.Cut(line, ":")
			if !ok {
				return false
			}
			firstKey = k
		}
		if strings.HasPrefix(line, "questions:") {
			hasQuestions = true
			break
		}
	}
	switch firstKey {
	case "format", "id", "title":
		return hasQuestions
	}
	return false
}
