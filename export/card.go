package export

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
)

// Lang says which languages a card shows: "en", "zh", or "both" (English
// and Chinese together).
type Lang string

// The card languages.
const (
	English Lang = "en"
	Chinese Lang = "zh"
	Both    Lang = "both"
)

// ParseLang checks a --lang value.
func ParseLang(s string) (Lang, error) {
	switch l := Lang(strings.ToLower(strings.TrimSpace(s))); l {
	case English, Chinese, Both:
		return l, nil
	}
	return "", fmt.Errorf("unknown language %q (use en, zh or both)", s)
}

// codes returns the language codes the cards show, in order.
func (l Lang) codes() []string {
	if l == Both {
		return []string{"en", "zh"}
	}
	return []string{string(l)}
}

// Texts is one text in the languages a card shows, in the order shown.
type Texts []LangText

// LangText is a text in one language.
type LangText struct {
	Lang string `json:"lang"`
	Text string `json:"text"`
}

// Distinct returns the texts without repeats: a language-neutral text is
// shown once, not once per language.
func (ts Texts) Distinct() Texts {
	var out Texts
	for _, t := range ts {
		dup := false
		for _, o := range out {
			if o.Text == t.Text {
				dup = true
				break
			}
		}
		if !dup && t.Text != "" {
			out = append(out, t)
		}
	}
	return out
}

// IsZero reports whether ts holds no text.
func (ts Texts) IsZero() bool { return len(ts.Distinct()) == 0 }

// Code is a card's code block.
type Code struct {
	Lang   string `json:"lang"`
	Source string `json:"source"`
}

// Choice is one lettered choice of a card.
type Choice struct {
	Letter string `json:"letter"`
	Text   Texts  `json:"text"`
}

// Card is one question as a two-sided flashcard, in the chosen languages:
// the front asks, the back answers. The exporters render it; nothing in it
// depends on the output format.
type Card struct {
	ID         string       `json:"id"`
	Bank       string       `json:"bank"`
	Topic      string       `json:"topic"`
	Difficulty int          `json:"difficulty"`
	Type       content.Type `json:"type"`
	Tags       []string     `json:"tags,omitempty"`

	// Front: the bank's own front when it has one (then the fields after it
	// are empty), else the prompt, the code, the cloze passage with its
	// blanks, the choices and a hint on how to answer.
	Front   Texts    `json:"front,omitempty"`
	Prompt  Texts    `json:"prompt,omitempty"`
	Code    *Code    `json:"code,omitempty"`
	Passage Texts    `json:"passage,omitempty"`
	Choices []Choice `json:"choices,omitempty"`
	Hint    Texts    `json:"hint,omitempty"`

	// Back: the bank's own back when it has one, else the expected answer
	// (Output holds an output question's expected output, Blanks the answers
	// of a cloze), the key points of an open question and its model answer;
	// then the explanation.
	Back        Texts    `json:"back,omitempty"`
	Answer      Texts    `json:"answer,omitempty"`
	Output      string   `json:"output,omitempty"`
	Blanks      []string `json:"blanks,omitempty"`
	KeyPoints   []Texts  `json:"key_points,omitempty"`
	Model       Texts    `json:"model,omitempty"`
	Explanation Texts    `json:"explanation,omitempty"`
}

// Header is the line at the top of both sides: the question id, its topic
// and its difficulty as stars.
func (c *Card) Header() string {
	d := min(max(c.Difficulty, 0), 3)
	return c.ID + " · " + c.Topic + " · " + strings.Repeat("★", d) + strings.Repeat("☆", 3-d)
}

// ErrEmpty is returned when there is nothing to export.
var ErrEmpty = errors.New("no questions to export")

// MissingLangError lists the questions that lack the language asked for.
type MissingLangError struct {
	Lang string
	IDs  []string // global ids, in the order given
}

func (e *MissingLangError) Error() string {
	name := map[string]string{"en": "English", "zh": "Chinese"}[e.Lang]
	other := map[string]string{"en": "zh", "zh": "en"}[e.Lang]
	ids := e.IDs
	more := ""
	if len(ids) > 5 {
		ids, more = ids[:5], fmt.Sprintf(" and %d more", len(e.IDs)-5)
	}
	return fmt.Sprintf("%d selected question(s) have no %s text: %s%s (use --lang %s or --lang both, or leave them out with --bank or --topic)",
		len(e.IDs), name, strings.Join(ids, ", "), more, other)
}

// BuildCards turns questions into cards in the languages of lang. fallback
// gives each bank's languages (content.Bank.Languages) by bank id. With en
// or zh, a question lacking that language in any of its texts is an error
// (*MissingLangError) rather than a card that silently mixes languages; with
// both, each text shows the languages it has.
func BuildCards(qs []*content.Question, fallback map[string][]string, lang Lang) ([]*Card, error) {
	if len(qs) == 0 {
		return nil, ErrEmpty
	}
	if _, err := ParseLang(string(lang)); err != nil {
		return nil, err
	}
	cards := make([]*Card, 0, len(qs))
	var missing []string
	for _, q := range qs {
		b := cardBuilder{q: q, fb: fallback[q.Bank], langs: lang.codes()}
		c := b.build()
		if b.missing {
			missing = append(missing, q.GlobalID())
			continue
		}
		cards = append(cards, c)
	}
	if len(missing) > 0 {
		return nil, &MissingLangError{Lang: string(lang), IDs: missing}
	}
	return cards, nil
}

type cardBuilder struct {
	q       *content.Question
	fb      []string
	langs   []string
	missing bool
}

// texts returns t in the card's languages. A text that lacks one of them
// marks the card as missing a language when only one language is asked for.
func (b *cardBuilder) texts(t content.Text) Texts {
	if t.IsZero() {
		return nil
	}
	var out Texts
	for _, l := range b.langs {
		if s, ok := t.Exact(l); ok {
			out = append(out, LangText{l, clean(s)})
		}
	}
	if len(out) == 0 {
		if len(b.langs) == 1 {
			b.missing = true
		}
		l := b.langs[0]
		out = Texts{{l, clean(t.Get(l, b.fb))}}
	}
	return out
}

// perLang builds one text per language with fn.
func (b *cardBuilder) perLang(fn func(lang string) string) Texts {
	var out Texts
	for _, l := range b.langs {
		out = append(out, LangText{l, clean(fn(l))})
	}
	return out
}

var blankRef = regexp.MustCompile(`\{\{(\d+)\}\}`)

func (b *cardBuilder) build() *Card {
	q := b.q
	c := &Card{ID: q.GlobalID(), Bank: q.Bank, Topic: q.Topic, Difficulty: q.Difficulty, Type: q.Type, Tags: q.Tags}
	if q.Card != nil && !q.Card.Front.IsZero() {
		c.Front = b.texts(q.Card.Front)
	} else {
		c.Prompt = b.texts(q.Prompt)
		if q.Code != nil && strings.TrimSpace(q.Code.Source) != "" {
			c.Code = &Code{Lang: q.Code.Lang, Source: cleanCode(q.Code.Source)}
		}
		if q.Type == content.Cloze {
			c.Passage = b.texts(q.Passage)
			for i := range c.Passage {
				c.Passage[i].Text = blankRef.ReplaceAllString(c.Passage[i].Text, "[$1 ____]")
			}
		}
		if q.Type.HasChoices() {
			for i, ch := range q.Choices {
				c.Choices = append(c.Choices, Choice{Letter: content.Letter(i), Text: b.texts(ch)})
			}
		}
		c.Hint = b.hint()
	}
	if q.Card != nil && !q.Card.Back.IsZero() {
		c.Back = b.texts(q.Card.Back)
	} else {
		switch q.Type {
		case content.Output:
			c.Output = cleanCode(q.Expected)
		case content.Cloze:
			for _, acc := range q.Blanks {
				if len(acc) > 0 {
					c.Blanks = append(c.Blanks, clean(acc[0]))
				} else {
					c.Blanks = append(c.Blanks, "")
				}
			}
		case content.Open:
			for _, k := range q.KeyPoints {
				kt := content.Text{}
				for l, ps := range k {
					if len(ps) > 0 {
						kt[l] = ps[0]
					}
				}
				c.KeyPoints = append(c.KeyPoints, b.texts(kt))
			}
			c.Model = b.texts(q.Model)
		default:
			ref := quiz.Reference(q)
			c.Answer = b.perLang(func(l string) string {
				return quiz.Check(q, ref, quiz.View{Lang: l, Fallback: b.fb}).Expected
			})
			if q.Type == content.Numeric && q.Tolerance > 0 {
				for i := range c.Answer {
					c.Answer[i].Text += fmt.Sprintf(" (± %g)", q.Tolerance)
				}
			}
		}
	}
	c.Explanation = b.texts(q.Explanation)
	return c
}

// hint says how the front is to be answered, for the types where the prompt
// alone may not.
func (b *cardBuilder) hint() Texts {
	var en, zh string
	switch b.q.Type {
	case content.TrueFalse:
		en, zh = "True or false?", "对还是错？"
	case content.Multiple:
		en, zh = "Choose every right answer.", "选出所有正确答案。"
	case content.Ordering:
		en, zh = "Put the items in the right order.", "请排出正确顺序。"
	case content.Numeric:
		if b.q.Unit != "" {
			en, zh = "Answer in "+b.q.Unit+".", "单位："+b.q.Unit+"。"
		}
	case content.Output:
		en, zh = "What does it print?", "输出是什么？"
	default:
		return nil
	}
	if en == "" {
		return nil
	}
	return b.perLang(func(l string) string {
		if l == "zh" {
			return zh
		}
		return en
	})
}

// label returns an interface string of the cards in the card languages,
// joined with " · " for both.
func label(lang Lang, key string) string {
	var parts []string
	for _, l := range lang.codes() {
		parts = append(parts, labels[l][key])
	}
	return strings.Join(parts, " · ")
}

var labels = map[string]map[string]string{
	"en": {
		"answer": "Answer", "keypoints": "Key points", "model": "Model answer",
		"explanation": "Explanation", "output": "Output", "blanks": "Blanks",
		"continued": "continued", "next": "continued on the next card",
	},
	"zh": {
		"answer": "答案", "keypoints": "要点", "model": "参考答案",
		"explanation": "解析", "output": "输出", "blanks": "填空",
		"continued": "续", "next": "接下一张",
	},
}

// clean trims a text and turns tabs and control characters into what the
// layout can set: prose never holds tabs, carriage returns or escapes.
func clean(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
}

// cleanCode keeps code's indentation: tabs become four spaces.
func cleanCode(s string) string {
	s = strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n ")
	s = strings.ReplaceAll(s, "\t", "    ")
	return strings.Map(func(r rune) rune {
		if r != '\n' && (r < 0x20 || r == 0x7f) {
			return -1
		}
		return r
	}, s)
}

// ankiTags returns the card's tags for a tag column: cram, bank, topic and the
// question's tags, without spaces or repeats.
func (c *Card) ankiTags() []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		t = strings.Join(strings.Fields(t), "_")
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	add("cram")
	add(c.Bank)
	add(c.Topic)
	tags := append([]string(nil), c.Tags...)
	sort.Strings(tags)
	for _, t := range tags {
		add(t)
	}
	return out
}
