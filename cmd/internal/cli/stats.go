package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/cmd/internal/iostreams"
	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
	"github.com/cram-dev/cram/quiz/store"
)

// StatsOptions are the inputs of `cram stats`.
type StatsOptions struct {
	IO   *IOStreams
	Now  func() time.Time
	JSON bool
	Days int
	Lang string

	Catalog func() (*content.Catalog, error)
	Store   func() (*store.Store, error)
}

// NewCmdStats builds `cram stats`.
func NewCmdStats(f *Factory, runF func(*StatsOptions) error) *cobra.Command {
	opts := &StatsOptions{IO: f.IO, Now: f.Now, Catalog: f.Catalog, Store: f.Store}
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Progress by bank and topic: answered, accuracy, retention, what is due",
		Long: fmt.Sprintf(`Show progress by bank and topic:

  answered   answers given (skips count, as wrong)
  accuracy   answers right (a flashcard rated good or easy counts as right)
  retention  answers to questions seen before that were not forgotten
             (rated hard or better): what FSRS aims to keep at
             review.retention
  due        questions due by the end of today, and within seven days
  streak     days in a row, up to today, with at least one answer

then the leeches (questions failed %d times or more: drill them with
cram quiz --leeches) and a chart of answers per day.`, quiz.LeechThreshold),
		Example: `  cram stats
  cram stats --days 30
  cram stats --json | jq '.banks[] | {bank: .name, accuracy}'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Lang = f.Config().Lang
			if opts.Days < 1 || opts.Days > 366 {
				return flagErrorf("--days must be from 1 to 366")
			}
			if runF != nil {
				return runF(opts)
			}
			return statsRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "write the statistics as JSON")
	cmd.Flags().IntVar(&opts.Days, "days", 14, "chart the last `N` days")
	return cmd
}

// groupStats are the statistics of all answers, a bank or a topic.
type groupStats struct {
	Name      string        `json:"name"`
	Questions int           `json:"questions"` // in the banks now
	Practised int           `json:"practised"` // answered at least once
	Answered  int           `json:"answered"`
	Right     int           `json:"right"`
	Accuracy  *float64      `json:"accuracy"`
	Repeats   int           `json:"repeat_answers"`
	Recalled  int           `json:"recalled"`
	Retention *float64      `json:"retention"`
	DueToday  int           `json:"due_today"`
	DueWeek   int           `json:"due_week"`
	Streak    int           `json:"streak_days"`
	Leeches   int           `json:"leeches"`
	Topics    []*groupStats `json:"topics,omitempty"`

	days map[int64]bool
}

type leechStat struct {
	ID    string `json:"id"`
	Fails int    `json:"fails"`
}

type dayStat struct {
	Date    string `json:"date"`
	Answers int    `json:"answers"`
}

// statsReport is the whole of `cram stats`.
type statsReport struct {
	Date    string        `json:"date"`
	Total   *groupStats   `json:"total"`
	Banks   []*groupStats `json:"banks"`
	Leeches []leechStat   `json:"leeches"`
	Days    []dayStat     `json:"days"`
}

// statsBuilder folds the review log into a report.
type statsBuilder struct {
	now    time.Time
	cat    *content.Catalog
	total  *groupStats
	groups map[string]*groupStats // bank ids and bank/topic keys
	of     map[string][3]*groupStats
	seen   map[string]bool // questions answered before, for retention
	perDay map[int64]int
}

func newStatsBuilder(cat *content.Catalog, now time.Time) *statsBuilder {
	b := &statsBuilder{now: now, cat: cat, total: &groupStats{Name: "all", days: map[int64]bool{}},
		groups: map[string]*groupStats{}, of: map[string][3]*groupStats{}, seen: map[string]bool{}, perDay: map[int64]int{}}
	for _, q := range cat.Questions() {
		for _, g := range b.groupsOf(q.GlobalID()) {
			g.Questions++
		}
	}
	return b
}

// place returns the bank and topic of a question id; a question no longer
// in the banks keeps its bank and has no topic.
func (b *statsBuilder) place(id string) (bank, topic string) {
	bank, _, _ = strings.Cut(id, "/")
	topic = "—"
	if q, err := b.cat.Lookup(id); err == nil && strings.Contains(id, "/") {
		bank, topic = q.Bank, q.Topic
	}
	return bank, topic
}

func (b *statsBuilder) group(name string) *groupStats {
	g, ok := b.groups[name]
	if !ok {
		g = &groupStats{Name: name, days: map[int64]bool{}}
		b.groups[name] = g
	}
	return g
}

// groupsOf returns the total, the bank and the topic a question counts in.
func (b *statsBuilder) groupsOf(id string) [3]*groupStats {
	if gs, ok := b.of[id]; ok {
		return gs
	}
	bank, topic := b.place(id)
	gs := [3]*groupStats{b.total, b.group(bank), b.group(bank + "/" + topic)}
	b.of[id] = gs
	return gs
}

// dayNumber numbers t's calendar day in the learner's time zone.
func (b *statsBuilder) dayNumber(t time.Time) int64 {
	y, m, d := t.In(b.now.Location()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func (b *statsBuilder) add(r quiz.Review) {
	day := b.dayNumber(r.At)
	b.perDay[day]++
	repeat := b.seen[r.ID]
	b.seen[r.ID] = true
	for _, g := range b.groupsOf(r.ID) {
		g.Answered++
		if r.Right() {
			g.Right++
		}
		if repeat {
			g.Repeats++
			if r.Recalled() {
				g.Recalled++
			}
		} else {
			g.Practised++
		}
		g.days[day] = true
	}
}

// finish adds what the schedules say and orders the report.
func (b *statsBuilder) finish(cards map[string]store.CardState, chartDays int) statsReport {
	today, week := endOfDay(b.now, 0), endOfDay(b.now, 6)
	var leeches []leechStat
	for id, c := range cards {
		if c.Fails >= quiz.LeechThreshold {
			leeches = append(leeches, leechStat{ID: id, Fails: c.Fails})
		}
		if _, err := b.cat.Lookup(id); err != nil || !strings.Contains(id, "/") {
			continue // no longer in the banks: it cannot come up
		}
		for _, g := range b.groupsOf(id) {
			if !c.Due.After(today) {
				g.DueToday++
			}
			if !c.Due.After(week) {
				g.DueWeek++
			}
			if c.Fails >= quiz.LeechThreshold {
				g.Leeches++
			}
		}
	}
	sort.Slice(leeches, func(i, j int) bool {
		if leeches[i].Fails != leeches[j].Fails {
			return leeches[i].Fails > leeches[j].Fails
		}
		return leeches[i].ID < leeches[j].ID
	})
	todayN := b.dayNumber(b.now)
	rep := statsReport{Date: b.now.Format("2006-01-02"), Total: b.total, Banks: []*groupStats{}, Leeches: leeches}
	if rep.Leeches == nil {
		rep.Leeches = []leechStat{}
	}
	finishGroup(b.total, todayN)
	for name, g := range b.groups {
		finishGroup(g, todayN)
		if strings.Contains(name, "/") {
			continue
		}
		if g.Questions == 0 && g.Answered == 0 {
			continue
		}
		rep.Banks = append(rep.Banks, g)
	}
	sort.Slice(rep.Banks, func(i, j int) bool { return rep.Banks[i].Name < rep.Banks[j].Name })
	for _, bank := range rep.Banks {
		for name, g := range b.groups {
			if strings.HasPrefix(name, bank.Name+"/") && (g.Answered > 0 || g.DueWeek > 0) {
				bank.Topics = append(bank.Topics, g)
			}
		}
		sort.Slice(bank.Topics, func(i, j int) bool { return bank.Topics[i].Name < bank.Topics[j].Name })
	}
	for d := todayN - int64(chartDays) + 1; d <= todayN; d++ {
		rep.Days = append(rep.Days, dayStat{Date: time.Unix(d*86400, 0).UTC().Format("2006-01-02"), Answers: b.perDay[d]})
	}
	return rep
}

func finishGroup(g *groupStats, today int64) {
	if g.Answered > 0 {
		a := float64(g.Right) / float64(g.Answered)
		g.Accuracy = &a
	}
	if g.Repeats > 0 {
		r := float64(g.Recalled) / float64(g.Repeats)
		g.Retention = &r
	}
	// A streak is alive until a day passes with no answer: it counts up to
	// today, or up to yesterday when today has none yet.
	d := today
	if !g.days[d] {
		d--
	}
	for g.days[d] {
		g.Streak++
		d--
	}
}

func statsRun(ctx context.Context, opts *StatsOptions) error {
	cat, err := opts.Catalog()
	if err != nil {
		return err
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := buildStats(ctx, st, cat, opts.Now(), opts.Days)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(opts.IO, rep)
	}
	writeStats(opts.IO.Out, rep, opts.IO.Colors(), opts.Lang)
	return nil
}

func buildStats(ctx context.Context, st *store.Store, cat *content.Catalog, now time.Time, days int) (statsReport, error) {
	b := newStatsBuilder(cat, now)
	if err := st.EachReview(ctx, func(r quiz.Review) error { b.add(r); return nil }); err != nil {
		return statsReport{}, err
	}
	cards, err := st.Cards(ctx)
	if err != nil {
		return statsReport{}, err
	}
	return b.finish(cards, days), nil
}

// statsWords are the headings of the stats table.
type statsWords struct {
	Title, Name, Answered, Accuracy, Retention, DueToday, DueWeek, Streak string
	Days, Leeches, PerDay, Nothing                                        string
}

var (
	statsEnglish = statsWords{Title: "Progress", Name: "", Answered: "answered", Accuracy: "accuracy", Retention: "retention",
		DueToday: "due today", DueWeek: "this week", Streak: "streak", Days: "days",
		Leeches: "Leeches (failed %d times or more; cram quiz --leeches drills them)", PerDay: "Answers per day",
		Nothing: "No answers yet: start with cram quiz, cram review or cram cards."}
	statsChinese = statsWords{Title: "学习进度", Name: "", Answered: "已答", Accuracy: "正确率", Retention: "记忆保持率",
		DueToday: "今天到期", DueWeek: "本周到期", Streak: "连续天数", Days: "天",
		Leeches: "顽固题（答错 %d 次或以上；用 cram quiz --leeches 专项练习）", PerDay: "每日作答",
		Nothing: "还没有作答记录：从 cram quiz、cram review 或 cram cards 开始吧。"}
)

func statsUI(lang string) *statsWords {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return &statsChinese
	}
	return &statsEnglish
}

func percent(x *float64) string {
	if x == nil {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100**x)
}

// pad fits s to width display columns, on the left or the right.
func pad(s string, width int, right bool) string {
	gap := strings.Repeat(" ", max(width-lipgloss.Width(s), 0))
	if right {
		return gap + s
	}
	return s + gap
}

// writeStats prints the report as a table, the leeches and a bar chart.
func writeStats(w io.Writer, rep statsReport, cs iostreams.Palette, lang string) {
	sw := statsUI(lang)
	fmt.Fprintf(w, "%s (%s)\n\n", cs.Bold(sw.Title), rep.Date)
	if rep.Total.Answered == 0 && rep.Total.DueWeek == 0 {
		fmt.Fprintln(w, sw.Nothing)
		return
	}
	type row struct {
		name string
		g    *groupStats
	}
	rows := []row{{"all", rep.Total}}
	for _, b := range rep.Banks {
		rows = append(rows, row{b.Name, b})
		for _, t := range b.Topics {
			rows = append(rows, row{"  " + strings.TrimPrefix(t.Name, b.Name+"/"), t})
		}
	}
	heads := []string{sw.Name, sw.Answered, sw.Accuracy, sw.Retention, sw.DueToday, sw.DueWeek, sw.Streak}
	cells := [][]string{heads}
	for _, r := range rows {
		cells = append(cells, []string{r.name, fmt.Sprint(r.g.Answered), percent(r.g.Accuracy), percent(r.g.Retention),
			fmt.Sprint(r.g.DueToday), fmt.Sprint(r.g.DueWeek), fmt.Sprint(r.g.Streak)})
	}
	widths := make([]int, len(heads))
	for _, c := range cells {
		for i, s := range c {
			widths[i] = max(widths[i], lipgloss.Width(s))
		}
	}
	for n, c := range cells {
		var line strings.Builder
		for i, s := range c {
			if i > 0 {
				line.WriteString("  ")
			}
			line.WriteString(pad(s, widths[i], i > 0))
		}
		text := strings.TrimRight(line.String(), " ")
		if n == 0 {
			text = cs.Dim(text)
		}
		fmt.Fprintln(w, text)
	}
	if len(rep.Leeches) > 0 {
		fmt.Fprintf(w, "\n%s\n", cs.Bold(fmt.Sprintf(sw.Leeches, quiz.LeechThreshold)))
		for _, l := range rep.Leeches {
			fmt.Fprintf(w, "  %s  %s\n", cs.Red(fmt.Sprintf("%3d×", l.Fails)), l.ID)
		}
	}
	fmt.Fprintf(w, "\n%s\n", cs.Bold(sw.PerDay))
	writeDayChart(w, rep.Days, cs)
}

// writeDayChart draws one bar a day, scaled to the busiest day.
func writeDayChart(w io.Writer, days []dayStat, cs iostreams.Palette) {
	const width = 40
	most := 0
	for _, d := range days {
		most = max(most, d.Answers)
	}
	eighths := []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}
	for _, d := range days {
		t, _ := time.Parse("2006-01-02", d.Date)
		bar := ""
		if most > 0 && d.Answers > 0 {
			n := max(d.Answers*width*8/most, 1)
			bar = strings.Repeat("█", n/8) + eighths[n%8]
		}
		fmt.Fprintf(w, "  %s %s %s %d\n", t.Format("01-02"), t.Format("Mon"), cs.Green(pad(bar, width, false)), d.Answers)
	}
}
