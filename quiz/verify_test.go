package quiz

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz/sandbox"
)

// fakeRunner returns canned results and records concurrency.
type fakeRunner struct {
	mu        sync.Mutex
	results   map[string]sandbox.Result // by source
	running   int
	maxSeen   int
	aloneSeen map[string]int // for each source, how many ran beside it at most
	runs      int
}

func (f *fakeRunner) Run(ctx context.Context, p sandbox.Program, lim sandbox.Limits, live io.Writer) sandbox.Result {
	f.mu.Lock()
	f.running++
	f.runs++
	f.maxSeen = max(f.maxSeen, f.running)
	if f.aloneSeen == nil {
		f.aloneSeen = map[string]int{}
	}
	f.aloneSeen[p.Source] = max(f.aloneSeen[p.Source], f.running)
	f.mu.Unlock()
	time.Sleep(5 * time.Millisecond)
	f.mu.Lock()
	f.running--
	f.mu.Unlock()
	if live != nil {
		live.Write(f.results[p.Source].Stdout)
	}
	return f.results[p.Source]
}

func (f *fakeRunner) Version(ctx context.Context, lang string) (string, error) {
	return "Python 3.test", nil
}

type mapCache struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (c *mapCache) Get(_ context.Context, k string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *mapCache) Put(_ context.Context, k string, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
}

func str(s string) *string { return &s }

func TestJudge(t *testing.T) {
	tests := []struct {
		name   string
		v      content.Verify
		res    sandbox.Result
		want   VerifyStatus
		detail string
	}{
		{"exit 0", content.Verify{}, sandbox.Result{Status: sandbox.Exited}, VerifyPassed, ""},
		{"exit 1", content.Verify{}, sandbox.Result{Status: sandbox.Exited, ExitCode: 1, Stderr: []byte("Traceback\nAssertionError: lost 0 updates\n")}, VerifyFailed, "exit status 1: AssertionError: lost 0 updates"},
		{"exit 77", content.Verify{}, sandbox.Result{Status: sandbox.Exited, ExitCode: 77, Stdout: []byte("free-threaded build: no GIL\n")}, VerifyNotApplicable, "free-threaded build: no GIL"},
		{"output match", content.Verify{Output: str("1\n2")}, sandbox.Result{Status: sandbox.Exited, Stdout: []byte("1\r\n2  \n\n")}, VerifyPassed, ""},
		{"output differs", content.Verify{Output: str("1\n2")}, sandbox.Result{Status: sandbox.Exited, Stdout: []byte("2\n1\n")}, VerifyFailed, `expected output "1\n2", got "2\n1"`},
		{"regex", content.Verify{Match: `^lost \d+`}, sandbox.Result{Status: sandbox.Exited, Stdout: []byte("lost 12 updates")}, VerifyPassed, ""},
		{"regex fails", content.Verify{Match: `^lost [1-9]`}, sandbox.Result{Status: sandbox.Exited, Stdout: []byte("lost 0 updates")}, VerifyFailed, "does not match"},
		{"timeout", content.Verify{Timeout: time.Second}, sandbox.Result{Status: sandbox.TimedOut}, VerifyTimedOut, "no result within 1s"},
		{"missing", content.Verify{}, sandbox.Result{Status: sandbox.Missing, Err: errors.New("python3 not found: install Python 3 or set verify.python")}, VerifySkipped, "set verify.python"},
		{"unsupported", content.Verify{}, sandbox.Result{Status: sandbox.Unsupported, Err: errors.New("unsupported language \"ruby\"")}, VerifyError, "ruby"},
		{"signal", content.Verify{}, sandbox.Result{Status: sandbox.Signaled, Signal: 9}, VerifyFailed, "signal 9"},
		{"invalid utf-8", content.Verify{Output: str("ok")}, sandbox.Result{Status: sandbox.Exited, Stdout: []byte{0xff, 0xfe, 'x'}}, VerifyFailed, "expected output"},
		{"exit 0 but truncated mismatch", content.Verify{Output: str("short")}, sandbox.Result{Status: sandbox.Exited, Stdout: []byte("long"), Truncated: true}, VerifyFailed, "cut at the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.v
			o := Judge(&v, tt.res)
			if o.Status != tt.want {
				t.Errorf("got %s (%s), want %s", o.Status, o.Detail, tt.want)
			}
			if !strings.Contains(o.Detail, tt.detail) {
				t.Errorf("got detail %q, want it to contain %q", o.Detail, tt.detail)
			}
		})
	}
}

func verifyQuestion(id, source string, exclusive bool) *content.Question {
	return &content.Question{ID: id, Bank: "b", Type: content.TrueFalse,
		Verify: &content.Verify{Lang: "python", Source: source, Timeout: time.Second, Exclusive: exclusive}}
}

func TestVerifySchedulingAndCache(t *testing.T) {
	var qs []*content.Question
	r := &fakeRunner{results: map[string]sandbox.Result{}}
	for i := range 12 {
		src := fmt.Sprintf("shared %d", i)
		qs = append(qs, verifyQuestion(fmt.Sprintf("s%d", i), src, false))
		r.results[src] = sandbox.Result{Status: sandbox.Exited}
	}
	for i := range 3 {
		src := fmt.Sprintf("alone %d", i)
		qs = append(qs, verifyQuestion(fmt.Sprintf("x%d", i), src, true))
		r.results[src] = sandbox.Result{Status: sandbox.Exited, ExitCode: 77}
	}
	qs = append(qs, &content.Question{ID: "noprog", Bank: "b", Type: content.TrueFalse})
	cache := &mapCache{m: map[string][]byte{}}
	var progress int
	opts := VerifyOptions{Jobs: 4, Cache: cache, Commands: map[string]string{"python": "python3"},
		Progress: func(done, total int, o Outcome) { progress = done }}
	out := Verify(context.Background(), qs, r, opts)
	if len(out) != len(qs) || progress != len(qs) {
		t.Fatalf("got %d outcomes, progress %d; want %d", len(out), progress, len(qs))
	}
	for i, o := range out {
		if o.ID != qs[i].GlobalID() {
			t.Errorf("outcome %d is %s, want %s (order kept)", i, o.ID, qs[i].GlobalID())
		}
	}
	if r.maxSeen < 2 || r.maxSeen > 4 {
		t.Errorf("got %d programs at once, want 2 to 4 with Jobs 4", r.maxSeen)
	}
	for i := range 3 {
		if n := r.aloneSeen[fmt.Sprintf("alone %d", i)]; n != 1 {
			t.Errorf("exclusive program %d ran beside %d others, want alone", i, n-1)
		}
	}
	if out[12].Status != VerifyNotApplicable || out[0].Status != VerifyPassed || out[15].Status != VerifySkipped {
		t.Errorf("got statuses %s, %s, %s", out[0].Status, out[12].Status, out[15].Status)
	}
	runs := r.runs
	again := Verify(context.Background(), qs, r, opts)
	if r.runs != runs {
		t.Errorf("got %d new runs on a cached re-run, want 0", r.runs-runs)
	}
	if !again[0].Cached || again[0].Status != VerifyPassed || again[12].Status != VerifyNotApplicable {
		t.Errorf("got cached outcome %+v / %+v", again[0], again[12])
	}
	// A changed interpreter command runs again.
	opts.Commands = map[string]string{"python": "python3.13t"}
	Verify(context.Background(), qs[:1], r, opts)
	if r.runs != runs+1 {
		t.Errorf("got %d runs after changing the command, want 1", r.runs-runs)
	}
}

func TestVerifyGate(t *testing.T) {
	r := &fakeRunner{results: map[string]sandbox.Result{"p": {Status: sandbox.Exited}}}
	qs := []*content.Question{verifyQuestion("q", "p", false)}
	out := Verify(context.Background(), qs, r, VerifyOptions{Jobs: 1, Gate: func(*content.Question) (bool, string) {
		return false, "not approved: run cram trust b"
	}})
	if out[0].Status != VerifySkipped || r.runs != 0 || !strings.Contains(out[0].Detail, "cram trust") {
		t.Errorf("got %+v after %d runs, want skipped without running", out[0], r.runs)
	}
}

func TestProgramHashAndCacheKey(t *testing.T) {
	a := &content.Verify{Lang: "python", Source: "print(1)", Timeout: time.Second}
	b := &content.Verify{Lang: "python", Source: "print(2)", Timeout: time.Second}
	if ProgramHash(a) == ProgramHash(b) {
		t.Error("got the same hash for different programs")
	}
	if CacheKey(a, "python3", "3.11") == CacheKey(a, "python3", "3.13") {
		t.Error("got the same cache key for different interpreter versions")
	}
}
