package quiz

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz/sandbox"
)

// ProgramRunner runs one program; *sandbox.Runner is the real one.
type ProgramRunner interface {
	Run(ctx context.Context, p sandbox.Program, lim sandbox.Limits, live io.Writer) sandbox.Result
	Version(ctx context.Context, lang string) (string, error)
}

// VerifyCache keeps program results between runs of cram verify.
type VerifyCache interface {
	Get(ctx context.Context, key string) ([]byte, bool)
	Put(ctx context.Context, key string, data []byte)
}

// VerifyStatus is the verdict on one answer key.
type VerifyStatus int

// The verdicts of cram verify.
const (
	VerifyPassed        VerifyStatus = iota // the program confirmed the answer key
	VerifyFailed                            // it did not: see Detail
	VerifyNotApplicable                     // the claim does not apply to this interpreter (exit 77)
	VerifySkipped                           // not run: interpreter missing, execution off, or not approved
	VerifyTimedOut                          // killed at its time limit
	VerifyError                             // could not be run
)

var verifyStatusNames = [...]string{"passed", "failed", "not applicable", "skipped", "timed out", "error"}

// String returns the status as cram verify prints it.
func (s VerifyStatus) String() string {
	if s >= 0 && int(s) < len(verifyStatusNames) {
		return verifyStatusNames[s]
	}
	return fmt.Sprintf("VerifyStatus(%d)", int(s))
}

// MarshalText encodes the status for JSON.
func (s VerifyStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Outcome is the result of verifying one question.
type Outcome struct {
	ID       string        `json:"id"`
	Status   VerifyStatus  `json:"status"`
	Detail   string        `json:"detail,omitempty"` // why: expected against got, the missing interpreter …
	Duration time.Duration `json:"duration_ns"`
	Cached   bool          `json:"cached,omitempty"`
	// Protections lists the isolation that was in force for the run.
	Protections []string `json:"protections,omitempty"`
}

// VerifyOptions configure Verify.
type VerifyOptions struct {
	Jobs  int         // programs run at once; at least 1
	Cache VerifyCache // nil: no cache
	// Commands names each language's runner command, part of the cache key.
	Commands map[string]string
	// Gate decides whether a question's program may run; a false answer
	// skips it with the reason. nil allows everything.
	Gate func(q *content.Question) (ok bool, reason string)
	// Progress, when set, is called after each question.
	Progress func(done, total int, o Outcome)
}

// cachedRun is what the cache keeps of a run: enough to judge it again.
type cachedRun struct {
	Status   sandbox.Status `json:"status"`
	ExitCode int            `json:"exit_code"`
	Stdout   []byte         `json:"stdout"`
	Stderr   []byte         `json:"stderr"`
	Truncate bool           `json:"truncated"`
	Duration time.Duration  `json:"duration_ns"`
}

// Verify runs the verification program of every question in qs that has one
// and judges whether it confirmed the answer key. Programs run Jobs at a time;
// exclusive ones (timing demonstrations) run afterwards, one by one, with
// nothing beside them. Outcomes come back in the order of qs.
func Verify(ctx context.Context, qs []*content.Question, r ProgramRunner, opts VerifyOptions) []Outcome {
	var shared, alone []int
	for i, q := range qs {
		if p := q.Program(); p != nil && p.Exclusive {
			alone = append(alone, i)
		} else {
			shared = append(shared, i)
		}
	}
	out := make([]Outcome, len(qs))
	versions := newVersionCache(r)
	var mu sync.Mutex
	done := 0
	finish := func(i int, o Outcome) {
		mu.Lock()
		defer mu.Unlock()
		out[i] = o
		done++
		if opts.Progress != nil {
			opts.Progress(done, len(qs), o)
		}
	}
	jobs := max(opts.Jobs, 1)
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, max(len(shared), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				finish(i, verifyOne(ctx, qs[i], r, versions, opts))
			}
		}()
	}
	for _, i := range shared {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, i := range alone {
		finish(i, verifyOne(ctx, qs[i], r, versions, opts))
	}
	return out
}

// RunProgram runs q's program once, streaming its output to live, and judges
// the result: the "show me" of cram run.
func RunProgram(ctx context.Context, q *content.Question, r ProgramRunner, live io.Writer) Outcome {
	p := q.Program()
	if p == nil {
		return Outcome{ID: q.GlobalID(), Status: VerifySkipped, Detail: "this question has no program"}
	}
	res := r.Run(ctx, sandbox.Program{Lang: p.Lang, Source: p.Source}, sandbox.Limits{Timeout: p.Timeout}, live)
	o := Judge(p, res)
	o.ID = q.GlobalID()
	return o
}

func verifyOne(ctx context.Context, q *content.Question, r ProgramRunner, versions *versionCache, opts VerifyOptions) Outcome {
	id := q.GlobalID()
	p := q.Program()
	if p == nil {
		return Outcome{ID: id, Status: VerifySkipped, Detail: "no program"}
	}
	if opts.Gate != nil {
		if ok, why := opts.Gate(q); !ok {
			return Outcome{ID: id, Status: VerifySkipped, Detail: why}
		}
	}
	if ctx.Err() != nil {
		return Outcome{ID: id, Status: VerifySkipped, Detail: "interrupted"}
	}
	var key string
	if opts.Cache != nil {
		if v, err := versions.get(ctx, p.Lang); err == nil {
			key = CacheKey(p, opts.Commands[p.Lang], v)
			if data, ok := opts.Cache.Get(ctx, key); ok {
				var c cachedRun
				if json.Unmarshal(data, &c) == nil {
					o := Judge(p, sandbox.Result{Status: c.Status, ExitCode: c.ExitCode, Stdout: c.Stdout, Stderr: c.Stderr, Truncated: c.Truncate, Duration: c.Duration})
					o.ID, o.Cached = id, true
					return o
				}
			}
		}
	}
	res := r.Run(ctx, sandbox.Program{Lang: p.Lang, Source: p.Source}, sandbox.Limits{Timeout: p.Timeout}, nil)
	o := Judge(p, res)
	o.ID = id
	// Only runs that ended on their own are worth keeping; a timeout or a
	// missing interpreter may well differ next time.
	if key != "" && res.Status == sandbox.Exited && ctx.Err() == nil {
		data, _ := json.Marshal(cachedRun{Status: res.Status, ExitCode: res.ExitCode, Stdout: res.Stdout, Stderr: res.Stderr, Truncate: res.Truncated, Duration: res.Duration})
		opts.Cache.Put(ctx, key, data)
	}
	return o
}

// CacheKey identifies a run by program text, runner command and interpreter
// version: change any of them and the program runs again.
func CacheKey(p *content.Verify, command, version string) string {
	h := sha256.New()
	fmt.Fprintf(h, "cram-verify-1\x00%s\x00%s\x00%s\x00%d\x00", p.Lang, command, version, p.Timeout)
	io.WriteString(h, p.Source)
	return hex.EncodeToString(h.Sum(nil))
}

// ProgramHash is the hash trust approvals are bound to: a changed program
// must be approved again.
func ProgramHash(p *content.Verify) string {
	h := sha256.Sum256([]byte(p.Lang + "\x00" + p.Source))
	return hex.EncodeToString(h[:])
}

// Judge decides whether a run confirmed the answer key, following the
// program contract in content/README.md.
func Judge(p *content.Verify, res sandbox.Result) Outcome {
	o := Outcome{Duration: res.Duration, Protections: res.Protections}
	switch res.Status {
	case sandbox.Missing:
		o.Status, o.Detail = VerifySkipped, errText(res.Err, "interpreter missing")
		return o
	case sandbox.TimedOut:
		o.Status, o.Detail = VerifyTimedOut, fmt.Sprintf("no result within %s", p.Timeout)
		return o
	case sandbox.Canceled:
		o.Status, o.Detail = VerifySkipped, "interrupted"
		return o
	case sandbox.Exited:
	case sandbox.Signaled:
		o.Status, o.Detail = VerifyFailed, fmt.Sprintf("killed by signal %d%s", res.Signal, tail(res.Stderr))
		return o
	case sandbox.OutputLimit:
		o.Status, o.Detail = VerifyFailed, "stopped: far more output than the limit"
		return o
	default:
		o.Status, o.Detail = VerifyError, errText(res.Err, res.Status.String())
		return o
	}
	stdout := string(res.Stdout)
	switch {
	case res.ExitCode == content.NotApplicableExit:
		o.Status = VerifyNotApplicable
		o.Detail = firstLine(sandbox.Printable(res.Stdout) + "\n" + sandbox.Printable(res.Stderr))
	case res.ExitCode != 0:
		o.Status = VerifyFailed
		o.Detail = fmt.Sprintf("exit status %d%s", res.ExitCode, tail(res.Stderr))
	case p.Output != nil && normalizeOutput(stdout) != normalizeOutput(*p.Output):
		o.Status = VerifyFailed
		o.Detail = fmt.Sprintf("expected output %q, got %q", clipText(normalizeOutput(*p.Output), 200), clipText(sandbox.Printable([]byte(normalizeOutput(stdout))), 200))
	case p.Match != "" && !p.Matcher().MatchString(stdout):
		o.Status = VerifyFailed
		o.Detail = fmt.Sprintf("output %q does not match %q", clipText(sandbox.Printable(res.Stdout), 200), p.Match)
	default:
		o.Status = VerifyPassed
	}
	if res.Truncated && o.Status == VerifyFailed {
		o.Detail += " (output was cut at the limit)"
	}
	return o
}

func errText(err error, fallback string) string {
	if err == nil {
		return fallback
	}
	return err.Error()
}

func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return clipText(l, 200)
		}
	}
	return ""
}

// tail returns the last line of stderr, for failure details.
func tail(stderr []byte) string {
	lines := strings.Split(strings.TrimSpace(sandbox.Printable(stderr)), "\n")
	if last := strings.TrimSpace(lines[len(lines)-1]); last != "" {
		return ": " + clipText(last, 200)
	}
	return ""
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// versionCache asks the runner for each language's interpreter version once.
type versionCache struct {
	r  ProgramRunner
	mu sync.Mutex
	v  map[string]versionResult
}

type versionResult struct {
	v   string
	err error
}

func newVersionCache(r ProgramRunner) *versionCache {
	return &versionCache{r: r, v: map[string]versionResult{}}
}

func (c *versionCache) get(ctx context.Context, lang string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if vr, ok := c.v[lang]; ok {
		return vr.v, vr.err
	}
	v, err := c.r.Version(ctx, lang)
	c.v[lang] = versionResult{v, err}
	return v, err
}
