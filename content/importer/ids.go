package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// slug turns s into an id: lower-case ASCII letters and digits, other runs
// of characters made one '-', at most max bytes, cut at a '-' when it can.
func slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); i >= max/2 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}

// minSlug is the shortest slug taken as an id on its own; shorter ones
// (and Chinese fronts, whose slug is empty) get a hash of the front.
const minSlug = 3

// questionID derives a question id from the text of a card's front: a slug
// of its first line, with a short hash of the whole front when the slug is
// too short to tell cards apart. The same front always gives the same id, so
// re-importing an updated export keeps the progress of unchanged cards.
func questionID(front string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(front), "\n")
	s := slug(line, 40)
	if len(s) >= minSlug {
		return s
	}
	sum := sha256.Sum256([]byte(front))
	h := hex.EncodeToString(sum[:4])
	if s == "" {
		return "card-" + h
	}
	return s + "-" + h
}

// topicID turns an Anki deck name or a topic cell into a topic id: the last
// part of a deck path (Concurrency::GIL gives gil).
func topicID(s string) string {
	if i := strings.LastIndex(s, "::"); i >= 0 {
		s = s[i+2:]
	}
	return slug(s, 64)
}
