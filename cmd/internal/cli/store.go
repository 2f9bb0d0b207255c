package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cram-dev/cram/cmd/internal/config"
	"github.com/cram-dev/cram/quiz"
	"github.com/cram-dev/cram/quiz/store"
)

// Store opens the progress database, $data_dir/cram.db, creating the data
// folder when it is missing. Each call opens the database anew: the caller
// closes it when the command ends.
func (f *Factory) Store() (*store.Store, error) { return openStore(f.Config()) }

func openStore(cfg *config.Config) (*store.Store, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create the data folder %s: %w (choose another with --data-dir or CRAM_DATA_DIR)", cfg.DataDir, err)
	}
	sched, err := newScheduler(cfg)
	if err != nil {
		return nil, err
	}
	return store.Open(filepath.Join(cfg.DataDir, store.FileName), store.Options{Scheduler: sched})
}

// newScheduler is FSRS-6 with the desired retention of the settings.
func newScheduler(cfg *config.Config) (*quiz.Scheduler, error) {
	p := quiz.DefaultFSRS()
	p.Retention = cfg.Review.Retention
	s, err := quiz.NewScheduler(p)
	if err != nil {
		return nil, fmt.Errorf("review.retention: %w", err)
	}
	return s, nil
}

// startOfDay is midnight at the start of t's day, in t's time zone.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// endOfDay is the last millisecond of t's day plus days more.
func endOfDay(t time.Time, days int) time.Time {
	return startOfDay(t).AddDate(0, 0, days+1).Add(-time.Millisecond)
}

// formatDays writes an interval the way flashcard programs label their
// buttons: 1d, 12d, 2.5mo, 1.2y.
func formatDays(days int, p *progressText) string {
	switch {
	case days < 31:
		return fmt.Sprintf("%d%s", days, p.DayUnit)
	case days < 365:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(days)/30.44), ".0") + p.MonthUnit
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(days)/365.25), ".0") + p.YearUnit
}

// whenDue says when a review falls due, relative to now: today, tomorrow,
// in 3 days, 2 days ago.
func whenDue(due, now time.Time, p *progressText) string {
	days := int(startOfDay(due.In(now.Location())).Sub(startOfDay(now)).Round(24*time.Hour) / (24 * time.Hour))
	switch {
	case days < 0:
		return fmt.Sprintf(p.DaysAgo, -days)
	case days == 0:
		return p.Today
	case days == 1:
		return p.Tomorrow
	}
	return fmt.Sprintf(p.InDays, days)
}

// progressText holds the interface strings of review, cards, stats,
// history, progress and reset.
type progressText struct {
	DayUnit, MonthUnit, YearUnit     string
	Today, Tomorrow, InDays, DaysAgo string
	Due, New, NothingDue, NextDue    string
	NoneScheduled, Reviewed          string
	ShowAnswer, RatePrompt, Rated    string
	RateHelp, FlipHelp, Saved        string
	Again, Hard, Good, Easy          string
	CardsDone, EarlierVersion        string
	NoHistory, NotInBanks            string
}

var progressEnglish = progressText{
	DayUnit: "d", MonthUnit: "mo", YearUnit: "y",
	Today: "today", Tomorrow: "tomorrow", InDays: "in %d days", DaysAgo: "%d days ago",
	Due: "due", New: "new",
	NothingDue:    "Nothing is due today.",
	NextDue:       "Next review %s (%s): %d question(s).",
	NoneScheduled: "No review is scheduled: answer questions with cram quiz or cram cards and they come back here.",
	Reviewed:      "Reviewed %d; %d more due %s.",
	ShowAnswer:    "press Enter to show the answer",
	RatePrompt:    "how well did you know it? again/hard/good/easy or 1-4",
	Rated:         "next review in %s",
	RateHelp:      "1 again · 2 hard · 3 good · 4 easy · q end",
	FlipHelp:      "space or enter shows the answer · q end",
	Saved:         "saved",
	Again:         "again", Hard: "hard", Good: "good", Easy: "easy",
	CardsDone:      "%d card(s) rated.",
	EarlierVersion: "earlier version",
	NoHistory:      "no answers to %s yet",
	NotInBanks:     "not in your banks any more",
}

var progressChinese = progressText{
	DayUnit: "天", MonthUnit: "个月", YearUnit: "年",
	Today: "今天", Tomorrow: "明天", InDays: "%d 天后", DaysAgo: "%d 天前",
	Due: "到期", New: "新题",
	NothingDue:    "今天没有要复习的题目。",
	NextDue:       "下次复习：%s（%s），共 %d 题。",
	NoneScheduled: "还没有安排复习：用 cram quiz 或 cram cards 答题后，题目会按时回到这里。",
	Reviewed:      "已复习 %d 题；%[3]s还有 %[2]d 题到期。",
	ShowAnswer:    "按 Enter 显示答案",
	RatePrompt:    "记得怎么样？again/hard/good/easy 或 1-4（忘了/困难/良好/简单）",
	Rated:         "下次复习：%s后",
	RateHelp:      "1 忘了 · 2 困难 · 3 良好 · 4 简单 · q 结束",
	FlipHelp:      "空格或 enter 显示答案 · q 结束",
	Saved:         "已保存",
	Again:         "忘了", Hard: "困难", Good: "良好", Easy: "简单",
	CardsDone:      "已评分 %d 张卡片。",
	EarlierVersion: "旧版本",
	NoHistory:      "%s 还没有作答记录",
	NotInBanks:     "已不在题库中",
}

func progressUI(lang string) *progressText {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return &progressChinese
	}
	return &progressEnglish
}

// ratingLabel names a rating on its button.
func (p *progressText) ratingLabel(r quiz.Rating) string {
	switch r {
	case quiz.Again:
		return p.Again
	case quiz.Hard:
		return p.Hard
	case quiz.Good:
		return p.Good
	}
	return p.Easy
}
