package content

import "sort"

// Neutral is the Text key of a language-neutral string.
const Neutral = ""

// Text is a string in one or more languages, keyed by language code. A text
// written in a bank as one plain string is language-neutral: its only key is
// Neutral.
type Text map[string]string

// Plain returns a language-neutral text.
func Plain(s string) Text { return Text{Neutral: s} }

// IsZero reports whether t holds no text at all.
func (t Text) IsZero() bool {
	for _, v := range t {
		if v != "" {
			return false
		}
	}
	return true
}

// Has reports whether t provides language lang, either directly or by being neutral.
func (t Text) Has(lang string) bool {
	if _, ok := t[Neutral]; ok {
		return true
	}
	_, ok := t[lang]
	return ok
}

// Get returns t in lang. When lang is missing it falls back to the languages in
// fallback, in order, then English, then any other language in code order.
func (t Text) Get(lang string, fallback []string) string {
	if len(t) == 0 {
		return ""
	}
	if s, ok := t[Neutral]; ok {
		return s
	}
	for _, l := range langOrder(lang, fallback, t) {
		if s, ok := t[l]; ok {
			return s
		}
	}
	return ""
}

// Exact returns t in lang only: the neutral text or that language, and whether there was one.
func (t Text) Exact(lang string) (string, bool) {
	if s, ok := t[Neutral]; ok {
		return s, true
	}
	s, ok := t[lang]
	return s, ok
}

// Langs returns the languages t provides, sorted; a neutral text returns nil.
func (t Text) Langs() []string {
	var out []string
	for _, k := range sortedKeys(t) {
		if k != Neutral {
			out = append(out, k)
		}
	}
	return out
}

// langOrder lists the keys of m in the order a lookup for lang should try them.
func langOrder[V any](lang string, fallback []string, m map[string]V) []string {
	order := make([]string, 0, len(m)+len(fallback)+2)
	seen := make(map[string]bool, cap(order))
	add := func(l string) {
		if !seen[l] {
			seen[l] = true
			order = append(order, l)
		}
	}
	add(lang)
	for _, l := range fallback {
		add(l)
	}
	add("en")
	for _, l := range sortedKeys(m) {
		add(l)
	}
	return order
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
