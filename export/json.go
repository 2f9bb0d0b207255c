package export

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"time"
)

// JSONFormat is the version of the JSON export's layout.
const JSONFormat = 1

// jsonDoc is the JSON export: its format version, when and in which
// languages it was made, and the cards.
type jsonDoc struct {
	Format  int       `json:"format"`
	Created time.Time `json:"created,omitzero"`
	Lang    Lang      `json:"lang"`
	Cards   []*Card   `json:"cards"`
}

// WriteJSON writes cards as one indented JSON document. Texts are objects
// keyed by language code ({"en": …, "zh": …}).
func WriteJSON(w io.Writer, cards []*Card, lang Lang, created time.Time) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(jsonDoc{Format: JSONFormat, Created: created.UTC(), Lang: lang, Cards: cards})
}

// MarshalJSON writes ts as an object keyed by language, in the order shown.
func (ts Texts) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(t.Lang)
		v, err := marshalNoEscape(t.Text)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshalNoEscape(s string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// UnmarshalJSON reads the object MarshalJSON writes, languages in code order.
func (ts *Texts) UnmarshalJSON(data []byte) error {
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*ts = (*ts)[:0]
	for _, l := range []string{"en", "zh"} {
		if s, ok := m[l]; ok {
			*ts = append(*ts, LangText{l, s})
			delete(m, l)
		}
	}
	rest := make([]string, 0, len(m))
	for l := range m {
		rest = append(rest, l)
	}
	sort.Strings(rest)
	for _, l := range rest {
		*ts = append(*ts, LangText{l, m[l]})
	}
	return nil
}
