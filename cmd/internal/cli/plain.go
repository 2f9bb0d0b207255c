package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cram-dev/cram/cmd/internal/iostreams"
	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
)

// plainLoop asks a session's questions in line mode, one answer per input
// line, for cram quiz and cram review alike.
type plainLoop struct {
	IO      *IOStreams
	Out     io.Writer // questions and verdicts
	Colors  iostreams.Palette
	Lang    string
	Now     func() time.Time
	Session *quiz.Session

	// Label, when set, adds to an item's header line.
	Label func(quiz.Item) string
	// Record saves an attempt; it returns before the verdict and the next
	// question are shown.
	Record func(quiz.Attempt) error
	// After, when set, runs after an attempt was saved and shown.
	After func(quiz.Attempt)
	// Run runs the last answered question's program for :run; nil when
	// running programs is off.
	Run func(context.Context, *content.Question, io.Writer) quiz.Outcome
}

// run asks until the session is done, the input ends or the learner quits.
// It returns ErrInterrupted on Ctrl-C and the error of a failed save.
func (l plainLoop) run(ctx context.Context) error {
	ios, out, cs, t, sess := l.IO, l.Out, l.Colors, ui(l.Lang), l.Session
	lines := newLineReader(ios.In)
	var last *quiz.Attempt
	for !sess.Done() {
		it, _ := sess.Current()
		n, total := sess.Position()
		header := questionHeader(it.Q)
		if l.Label != nil {
			header += " · " + l.Label(it)
		}
		fmt.Fprintf(out, "\n%s %s\n", cs.Bold(fmt.Sprintf("[%d/%d]", n, total)), cs.Dim(header))
		writeQuestion(out, it, cs, t)
		shown := l.Now()
	ask:
		for {
			fmt.Fprintf(ios.ErrOut, "(%s) > ", answerHint(it.Q, t))
			in, err := lines.next(ctx)
			if err != nil {
				fmt.Fprintln(ios.ErrOut)
				return ErrInterrupted
			}
			if in.err != nil {
				fmt.Fprintln(ios.ErrOut)
				return nil
			}
			line := strings.TrimSpace(in.line)
			if in.cut {
				fmt.Fprintf(ios.ErrOut, "your answer was longer than %d KiB; only the start is checked\n", maxLine>>10)
			}
			var a quiz.Attempt
			switch strings.ToLower(line) {
			case ":quit", ":q", ":exit":
				return nil
			case ":help", ":h", ":?":
				fmt.Fprintln(ios.ErrOut, t.Commands)
				continue
			case ":run", ":r":
				if last == nil || last.Item.Q.Program() == nil || l.Run == nil {
					fmt.Fprintln(ios.ErrOut, t.NothingToRun)
					continue
				}
				fmt.Fprintf(out, "$ %s\n", last.Item.Q.GlobalID())
				writeRunOutcome(out, l.Run(ctx, last.Item.Q, out), cs)
				continue
			case ":right", ":override":
				o, ok := sess.Override()
				if !ok {
					fmt.Fprintln(ios.ErrOut, t.CannotOverride)
					continue
				}
				if err := l.Record(o); err != nil {
					return err
				}
				fmt.Fprintf(out, "%s (%s)\n", cs.Green("✓ "+t.Correct), t.Overridden)
				continue
			case ":skip", ":s":
				a = sess.Skip(l.Now().Sub(shown), l.Now())
			case "":
				fmt.Fprintln(ios.ErrOut, t.NoAnswer)
				continue
			default:
				if strings.HasPrefix(line, ":") && !strings.Contains(line, " ") && it.Q.Type != content.Output {
					fmt.Fprintf(ios.ErrOut, "unknown command %s; %s\n", line, t.Commands)
					continue
				}
				r, err := quiz.ParseResponse(it.Q, line, it.View)
				if err != nil {
					fmt.Fprintln(ios.ErrOut, err)
					continue
				}
				a = sess.Answer(r, l.Now().Sub(shown), l.Now())
			}
			// The answer is saved before its verdict and the next
			// question appear.
			if err := l.Record(a); err != nil {
				return err
			}
			writeVerdict(out, a, cs, t)
			if l.After != nil {
				l.After(a)
			}
			last = &a
			break ask
		}
	}
	return nil
}
