package tui

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
)

// styles are the few looks the interface uses; all plain under NO_COLOR.
type styles struct {
	header, dim, bold, good, part, bad, cursor, picked, code, errText lipgloss.Style
}

func newStyles(noColor bool) styles {
	s := styles{
		header:  lipgloss.NewStyle().Bold(true),
		dim:     lipgloss.NewStyle().Faint(true),
		bold:    lipgloss.NewStyle().Bold(true),
		good:    lipgloss.NewStyle().Foreground(lipgloss.Color("2")).Bold(true),
		part:    lipgloss.NewStyle().Foreground(lipgloss.Color("3")).Bold(true),
		bad:     lipgloss.NewStyle().Foreground(lipgloss.Color("1")).Bold(true),
		cursor:  lipgloss.NewStyle().Foreground(lipgloss.Color("6")).Bold(true),
		picked:  lipgloss.NewStyle().Foreground(lipgloss.Color("6")),
		code:    lipgloss.NewStyle().Foreground(lipgloss.Color("4")),
		errText: lipgloss.NewStyle().Foreground(lipgloss.Color("1")),
	}
	if noColor {
		plain := lipgloss.NewStyle()
		s = styles{header: plain, dim: plain, bold: plain, good: plain, part: plain, bad: plain, cursor: plain, picked: plain, code: plain, errText: plain}
	}
	return s
}

// words are the interface's own strings.
type words struct {
	correct, partial, wrong, skipped, expected, explanation, references string
	answer, pickSome, noAnswer, running, overridden, saving, saveFailed string
	helpChoice, helpMulti, helpTF, helpText, helpArea, helpFeedback     string
	helpRun, helpOverride, summary, byTopic, missed, timeTaken, anyKey  string
	trueWord, falseWord, score, notApplicable                           string
}

var english = words{
	correct: "✓ correct", partial: "~ partly correct", wrong: "✗ wrong", skipped: "skipped",
	expected: "expected", explanation: "Explanation", references: "References", answer: "Answer",
	pickSome: "pick at least one choice (space toggles)", noAnswer: "type an answer first (ctrl+n skips)",
	running: "running…", overridden: "marked correct at your word", saving: "saving…", saveFailed: "could not save this answer: ",
	helpChoice:   "↑/↓ or a–z move · enter answers · ctrl+n skip · esc end · ctrl+c quit",
	helpMulti:    "↑/↓ move · space or a–z toggle · enter answers · ctrl+n skip · esc end",
	helpTF:       "t true · f false · ↑/↓ + enter · ctrl+n skip · esc end",
	helpText:     "type the answer · enter answers · ctrl+n skip · esc end",
	helpArea:     "type the answer (enter: new line) · ctrl+d answers · ctrl+n skip · esc end",
	helpFeedback: "enter next · q end", helpRun: " · r run the program", helpOverride: " · o I was right",
	summary: "Summary", byTopic: "By topic", missed: "Missed", timeTaken: "Time", anyKey: "press any key to leave",
	trueWord: "true", falseWord: "false", score: "score", notApplicable: "not applicable here",
}

var chinese = words{
	correct: "✓ 正确", partial: "~ 部分正确", wrong: "✗ 错误", skipped: "已跳过",
	expected: "正确答案", explanation: "解析", references: "参考资料", answer: "答案",
	pickSome: "请至少选一项（空格切换）", noAnswer: "请先输入答案（ctrl+n 跳过）",
	running: "运行中…", overridden: "已按你的判断记为正确", saving: "保存中…", saveFailed: "无法保存这道题的作答：",
	helpChoice:   "↑/↓ 或 a–z 移动 · enter 作答 · ctrl+n 跳过 · esc 结束 · ctrl+c 退出",
	helpMulti:    "↑/↓ 移动 · 空格或 a–z 选择 · enter 作答 · ctrl+n 跳过 · esc 结束",
	helpTF:       "t 对 · f 错 · ↑/↓ + enter · ctrl+n 跳过 · esc 结束",
	helpText:     "输入答案 · enter 作答 · ctrl+n 跳过 · esc 结束",
	helpArea:     "输入答案（enter 换行）· ctrl+d 作答 · ctrl+n 跳过 · esc 结束",
	helpFeedback: "enter 下一题 · q 结束", helpRun: " · r 运行验证程序", helpOverride: " · o 我答对了",
	summary: "小结", byTopic: "按主题", missed: "答错", timeTaken: "用时", anyKey: "按任意键退出",
	trueWord: "对", falseWord: "错", score: "得分", notApplicable: "此处不适用",
}

func wordsFor(lang string) *words {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return &chinese
	}
	return &english
}

// layout refreshes the scrollable body after the state changed.
func (m *Model) layout() {
	h := max(m.height-4, 3)
	m.body.Width, m.body.Height = m.width, h
	m.input.Width = max(m.width-4, 10)
	m.area.SetWidth(max(m.width-2, 10))
	m.area.SetHeight(min(6, max(h/3, 2)))
	if m.phase == feedback {
		m.body.SetContent(m.feedbackBody())
	}
}

// View renders the screen: header, body, footer, within the terminal size.
func (m Model) View() string {
	var body, help string
	switch m.phase {
	case summary:
		return m.clip(m.summaryView())
	case answering:
		body = m.questionBody(true)
		help = m.answerHelp()
	case feedback:
		body = m.body.View()
		help = m.words.helpFeedback
		if m.opts.Run != nil && m.last.Item.Q.Program() != nil {
			help += m.words.helpRun
		}
		if m.sess.CanOverride() {
			help += m.words.helpOverride
		}
	}
	top := m.header()
	bodyLines := strings.Split(body, "\n")
	if room := m.height - 3; len(bodyLines) > room && room > 0 {
		bodyLines = bodyLines[:room]
	}
	return top + "\n" + strings.Join(bodyLines, "\n") + "\n" + m.st.dim.Render(m.wrap(help))
}

func (m Model) clip(s string) string {
	lines := strings.Split(s, "\n")
	if len(lines) > m.height && m.height > 0 {
		lines = lines[:m.height]
	}
	return strings.Join(lines, "\n")
}

// header is the progress bar with the running score.
func (m Model) header() string {
	n, total := m.sess.Position()
	done := len(m.sess.Attempts)
	if m.phase == feedback {
		n = done // still showing the question just answered
	}
	sum := m.sess.Summary(m.opts.Now())
	label := fmt.Sprintf(" %d/%d · %s %s/%d ", min(n, total), total, m.words.score, fmtScore(sum.Score), sum.Asked)
	barWidth := max(m.width-lipgloss.Width(label)-2, 10)
	filled := 0
	if total > 0 {
		filled = barWidth * done / total
	}
	bar := "[" + strings.Repeat("█", filled) + strings.Repeat("░", barWidth-filled) + "]"
	return m.st.header.Render(bar + label)
}

func fmtScore(x float64) string {
	if x == float64(int(x)) {
		return fmt.Sprint(int(x))
	}
	return fmt.Sprintf("%.1f", x)
}

// wrap folds text to the terminal width by display width, so that Chinese
// (two columns a character, no spaces) wraps correctly.
func (m Model) wrap(s string) string { return Wrap(s, max(m.width-1, 10)) }

// labelled wraps "label: text" and styles the label afterwards, so that
// escape codes never count towards the width.
func (m Model) labelled(label, text string) string {
	return strings.Replace(m.wrap(label+": "+text), label, m.st.bold.Render(label), 1)
}

var blankRef = regexp.MustCompile(`\{\{(\d+)\}\}`)

func (m Model) text(t content.Text) string { return t.Get(m.item.View.Lang, m.item.View.Fallback) }

// questionBody renders the prompt, code, passage, choices and the input.
func (m Model) questionBody(withInput bool) string {
	q := m.item.Q
	var b strings.Builder
	b.WriteString(m.st.dim.Render(fmt.Sprintf("%s · %s · %s", q.GlobalID(), q.Topic, strings.Repeat("★", q.Difficulty)+strings.Repeat("☆", 3-q.Difficulty))) + "\n\n")
	b.WriteString(m.wrap(m.text(q.Prompt)) + "\n")
	if q.Code != nil {
		b.WriteString("\n" + m.st.code.Render(indent(strings.TrimRight(q.Code.Source, "\n"), "  ")) + "\n")
	}
	if q.Type == content.Cloze {
		passage := blankRef.ReplaceAllString(m.text(q.Passage), "[$1 ____]")
		b.WriteString("\n" + m.st.code.Render(indent(strings.TrimRight(passage, "\n"), "  ")) + "\n")
	}
	b.WriteString("\n")
	switch {
	case q.Type == content.TrueFalse:
		for i, w := range []string{m.words.trueWord, m.words.falseWord} {
			b.WriteString(m.choiceLine(i, strings.ToUpper(w[:1])+". "+w, false) + "\n")
		}
	case q.Type.HasChoices():
		order := m.item.View.Perm
		for pos := range q.Choices {
			orig := pos
			if order != nil {
				orig = order[pos]
			}
			b.WriteString(m.choiceLine(pos, content.Letter(pos)+". "+m.text(q.Choices[orig]), q.Type == content.Multiple) + "\n")
		}
	}
	if withInput && !m.usesChoiceList() {
		b.WriteString("\n")
		if m.usesArea() {
			b.WriteString(m.area.View() + "\n")
		} else {
			b.WriteString(m.input.View() + "\n")
		}
	}
	if m.errMsg != "" {
		b.WriteString(m.st.errText.Render(m.wrap(m.errMsg)) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func (m Model) choiceLine(pos int, label string, multi bool) string {
	mark := "  "
	if m.phase == answering && m.usesChoiceList() && pos == m.cursor {
		mark = "› "
	}
	box := ""
	if multi {
		box = "[ ] "
		if m.picked[pos] {
			box = "[x] "
		}
	}
	line := Wrap(label, max(m.width-len(mark)-len(box)-1, 10))
	line = indentAfterFirst(line, strings.Repeat(" ", len(mark)+len(box)))
	switch {
	case mark == "› ":
		return m.st.cursor.Render(mark + box + line)
	case m.picked[pos]:
		return m.st.picked.Render(mark + box + line)
	}
	return mark + box + line
}

func (m Model) answerHelp() string {
	switch m.item.Q.Type {
	case content.Single:
		return m.words.helpChoice
	case content.Multiple:
		return m.words.helpMulti
	case content.TrueFalse:
		return m.words.helpTF
	case content.Output, content.Open:
		return m.words.helpArea
	}
	return m.words.helpText
}

// feedbackBody renders the verdict, feedback, explanation, references and
// any program output.
func (m Model) feedbackBody() string {
	a := m.last
	q, v := a.Item.Q, a.Item.View
	r := a.Result
	var b strings.Builder
	switch {
	case a.Skipped:
		b.WriteString(m.st.part.Render(m.words.skipped) + "\n")
	case a.Overridden:
		b.WriteString(m.st.good.Render(m.words.correct) + " " + m.st.dim.Render("("+m.words.overridden+")") + "\n")
	case r.Verdict == quiz.Correct:
		b.WriteString(m.st.good.Render(m.words.correct) + "\n")
	case r.Verdict == quiz.Partial:
		b.WriteString(m.st.part.Render(fmt.Sprintf("%s (%.0f%%)", m.words.partial, 100*r.Score)) + "\n")
	default:
		b.WriteString(m.st.bad.Render(m.words.wrong) + "\n")
	}
	if r.Verdict != quiz.Correct || a.Skipped {
		exp := r.Expected
		if strings.Contains(exp, "\n") {
			b.WriteString(m.words.expected + ":\n" + indent(exp, "  ") + "\n")
		} else {
			b.WriteString(m.wrap(m.words.expected+": "+exp) + "\n")
		}
	}
	for _, f := range r.Feedback {
		b.WriteString(m.wrap("  "+f) + "\n")
	}
	if q.Type == content.Open && !q.Model.IsZero() {
		b.WriteString("\n" + m.labelled(m.words.answer, strings.TrimSpace(q.Model.Get(v.Lang, v.Fallback))) + "\n")
	}
	if ex := strings.TrimSpace(q.Explanation.Get(v.Lang, v.Fallback)); ex != "" {
		b.WriteString("\n" + m.labelled(m.words.explanation, ex) + "\n")
	}
	if len(q.References) > 0 {
		b.WriteString("\n" + m.st.bold.Render(m.words.references) + ":\n")
		for _, ref := range q.References {
			b.WriteString("  " + ref + "\n")
		}
	}
	if m.runOut != nil {
		b.WriteString("\n" + m.st.bold.Render("$ "+q.GlobalID()) + "\n")
		b.WriteString(m.st.code.Render(strings.TrimRight(m.runOut.String(), "\n")) + "\n")
		switch {
		case m.running:
			b.WriteString(m.st.dim.Render(m.words.running) + "\n")
		case m.runResult != nil && m.runResult.Status == quiz.VerifyPassed:
			b.WriteString(m.st.good.Render("✓ "+m.runResult.Status.String()) + "\n")
		case m.runResult != nil && m.runResult.Status == quiz.VerifyNotApplicable:
			b.WriteString(m.st.part.Render("– "+m.words.notApplicable+": "+m.runResult.Detail) + "\n")
		case m.runResult != nil:
			b.WriteString(m.st.bad.Render(m.wrap("✗ "+m.runResult.Status.String()+": "+m.runResult.Detail)) + "\n")
		}
	}
	if m.saving {
		b.WriteString(m.st.dim.Render(m.words.saving) + "\n")
	}
	if m.saveErr != "" {
		b.WriteString(m.st.errText.Render(m.wrap(m.words.saveFailed+m.saveErr)) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func (m Model) summaryView() string {
	s := m.Summary()
	var b strings.Builder
	b.WriteString(m.st.header.Render(m.words.summary) + "\n\n")
	if len(s.ByTopic) > 0 {
		b.WriteString(m.words.byTopic + ":\n")
		for _, ts := range s.ByTopic {
			b.WriteString(fmt.Sprintf("  %-30s %s/%d\n", ts.Topic, fmtScore(ts.Score), ts.Asked))
		}
	}
	if len(s.Missed) > 0 {
		b.WriteString("\n" + m.wrap(m.words.missed+": "+strings.Join(s.Missed, " ")) + "\n")
	}
	b.WriteString(fmt.Sprintf("\n%s: %s\n", m.words.timeTaken, s.Duration.Round(time.Second)))
	pct := 0.0
	if s.Asked > 0 {
		pct = 100 * s.Score / float64(s.Asked)
	}
	b.WriteString(m.st.bold.Render(fmt.Sprintf("score: %s/%d (%.0f%%)", fmtScore(s.Score), s.Asked, pct)) + "\n\n")
	b.WriteString(m.st.dim.Render(m.words.anyKey))
	return b.String()
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

func indentAfterFirst(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}
