package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/cmd/internal/config"
	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz"
	"github.com/cram-dev/cram/quiz/sandbox"
)

// verifyStore keeps trust approvals and cached results; the progress store
// implements it.
type verifyStore interface {
	Trusted(ctx context.Context, bankID, programHash string) (bool, error)
	Trust(ctx context.Context, bankID string, programHashes []string, at time.Time) error
	CachedVerify(ctx context.Context, key string) ([]byte, bool, error)
	PutVerify(ctx context.Context, key string, outcome []byte, at time.Time) error
}

// newRunner builds the sandbox runner from the verify.* settings.
func newRunner(c *config.Config) *sandbox.Runner {
	return &sandbox.Runner{
		Commands: map[string][]string{
			"python": strings.Fields(c.Verify.Python),
			"go":     append(strings.Fields(c.Verify.Go), "run"),
			"sh":     strings.Fields(c.Verify.Sh),
		},
		GoCache: filepath.Join(config.CacheDir(), "go-build"),
	}
}

// runnerCommands names each language's command, for cache keys.
func runnerCommands(c *config.Config) map[string]string {
	return map[string]string{"python": c.Verify.Python, "go": c.Verify.Go + " run", "sh": c.Verify.Sh}
}

// storeCache adapts the store to quiz.VerifyCache; a failing cache is only slower.
type storeCache struct {
	s   verifyStore
	now func() time.Time
}

func (c storeCache) Get(ctx context.Context, key string) ([]byte, bool) {
	data, ok, err := c.s.CachedVerify(ctx, key)
	return data, ok && err == nil
}

func (c storeCache) Put(ctx context.Context, key string, data []byte) {
	_ = c.s.PutVerify(ctx, key, data, c.now())
}

// trustGate decides whether a question's program may run: built-in programs
// always may; any other bank's only once the user has approved that exact
// program text.
type trustGate struct {
	ctx   context.Context
	store verifyStore
	banks map[string]*content.Bank
}

func (g trustGate) allowed(q *content.Question) (bool, string) {
	b := g.banks[q.Bank]
	if b != nil && b.Source == content.SourceBuiltin {
		return true, ""
	}
	p := q.Program()
	if g.store != nil {
		if ok, err := g.store.Trusted(g.ctx, q.Bank, quiz.ProgramHash(p)); err == nil && ok {
			return true, ""
		}
	}
	if b != nil && b.Source == "file" {
		return false, "not approved: run cram verify again on a terminal to review the programs, or pass --yes"
	}
	return false, fmt.Sprintf("not approved: review the programs, then run cram trust %s", q.Bank)
}

// confirm asks a yes/no question on the terminal; anything but yes is no.
func confirm(ios *IOStreams, question string) (bool, error) {
	if !ios.IsInteractive() {
		return false, nil
	}
	fmt.Fprintf(ios.ErrOut, "%s [y/N] ", question)
	line, err := bufio.NewReader(ios.In).ReadString('\n')
	if err != nil && line == "" {
		return false, nil
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "是", "好":
		return true, nil
	}
	return false, nil
}

// showPrograms prints the programs of qs for the user to review before approving them.
func showPrograms(ios *IOStreams, qs []*content.Question) {
	for _, q := range qs {
		p := q.Program()
		fmt.Fprintf(ios.ErrOut, "\n--- %s (%s, time limit %s) ---\n", q.GlobalID(), p.Lang, p.Timeout)
		writeIndented(ios.ErrOut, p.Source, "    ")
	}
	fmt.Fprintln(ios.ErrOut)
}

// RunOptions are the inputs of `cram run`.
type RunOptions struct {
	IO     *IOStreams
	ID     string
	Config *config.Config
	Now    func() time.Time
	Yes    bool

	Catalog func() (*content.Catalog, error)
	Store   func() (verifyStore, error)
}

// NewCmdRun builds `cram run`.
func NewCmdRun(f *Factory, runF func(*RunOptions) error) *cobra.Command {
	opts := &RunOptions{IO: f.IO, Now: f.Now, Catalog: f.Catalog, Store: f.verifyStore}
	cmd := &cobra.Command{
		Use:   "run ID",
		Short: "Run the program that proves a question's answer, streaming its output",
		Long: `Run the verification program of one question in the sandbox, print its
output as it comes, then say whether it confirmed the answer key.

Programs of built-in banks run at once. A program from any other bank runs
only after you approve it: cram shows the code and asks, or approve a whole
bank with cram trust. Exit status 1 when the program did not confirm the key.`,
		Example: `  cram run gil/why-races-are-rare
  cram run process/pickle-lambda --yes`,
		Args: exactArgs(1, "a question id such as gil/why-races-are-rare"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return completeQuestionIDs(f, cmd, args, toComplete)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.Config = args[0], f.Config()
			if runF != nil {
				return runF(opts)
			}
			return runRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "approve this program without asking (it still runs in the sandbox)")
	return cmd
}

func runRun(ctx context.Context, opts *RunOptions) error {
	cat, err := opts.Catalog()
	if err != nil {
		return err
	}
	q, err := cat.Lookup(opts.ID)
	if err != nil {
		return err
	}
	p := q.Program()
	if p == nil {
		return fmt.Errorf("%s has no verification program", q.GlobalID())
	}
	if !opts.Config.Verify.Enabled {
		return fmt.Errorf("running programs is turned off (verify.enabled is false, or --no-run)")
	}
	if err := approve(ctx, opts.IO, opts.Store, cat, []*content.Question{q}, opts.Yes, opts.Now); err != nil {
		return err
	}
	pw := sandbox.NewPrintableWriter(opts.IO.Out)
	o := quiz.RunProgram(ctx, q, newRunner(opts.Config), pw)
	_ = pw.Flush()
	if ctx.Err() != nil {
		return ErrInterrupted
	}
	cs := opts.IO.Colors()
	switch o.Status {
	case quiz.VerifyPassed:
		fmt.Fprintf(opts.IO.ErrOut, "%s %s: the program confirms the answer key (%s)\n", cs.Green("✓"), q.GlobalID(), o.Duration.Round(time.Millisecond))
		return nil
	case quiz.VerifyNotApplicable:
		fmt.Fprintf(opts.IO.ErrOut, "%s %s: not applicable here: %s\n", cs.Yellow("–"), q.GlobalID(), o.Detail)
		return nil
	case quiz.VerifySkipped:
		return fmt.Errorf("%s: %s", q.GlobalID(), o.Detail)
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s %s: %s: %s\n", cs.Red("✗"), q.GlobalID(), o.Status, o.Detail)
	return ErrSilent
}

// approve makes sure every program of qs from a non-built-in bank is
// approved: already, by --yes, or by the user after seeing the code.
func approve(ctx context.Context, ios *IOStreams, openStore func() (verifyStore, error), cat *content.Catalog, qs []*content.Question, yes bool, now func() time.Time) error {
	byBank := map[string][]*content.Question{}
	var st verifyStore
	for _, q := range qs {
		b := cat.Bank(q.Bank)
		if q.Program() == nil || b == nil || b.Source == content.SourceBuiltin {
			continue
		}
		if st == nil {
			var err error
			if st, err = openStore(); err != nil {
				return err
			}
		}
		if ok, err := st.Trusted(ctx, q.Bank, quiz.ProgramHash(q.Program())); err != nil {
			return err
		} else if !ok {
			byBank[q.Bank] = append(byBank[q.Bank], q)
		}
	}
	banks := make([]string, 0, len(byBank))
	for b := range byBank {
		banks = append(banks, b)
	}
	sort.Strings(banks)
	for _, bank := range banks {
		pending := byBank[bank]
		if !yes {
			if !ios.IsInteractive() {
				return fmt.Errorf("bank %q has %d program(s) you have not approved; read them with cram show, then run cram trust %s (or pass --yes)", bank, len(pending), bank)
			}
			showPrograms(ios, pending)
			ok, err := confirm(ios, fmt.Sprintf("Run these %d program(s) from bank %q in the sandbox, now and later while they stay unchanged?", len(pending), bank))
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("not approved: nothing was run")
			}
		}
		hashes := make([]string, len(pending))
		for i, q := range pending {
			hashes[i] = quiz.ProgramHash(q.Program())
		}
		if err := st.Trust(ctx, bank, hashes, now()); err != nil {
			return err
		}
	}
	return nil
}

// VerifyOptions are the inputs of `cram verify`.
type VerifyOptions struct {
	IO      *IOStreams
	Config  *config.Config
	Now     func() time.Time
	Args    []string
	Builtin bool
	Jobs    int
	JSON    bool
	NoCache bool
	Yes     bool

	Catalog func() (*content.Catalog, error)
	Store   func() (verifyStore, error)
}

// NewCmdVerify builds `cram verify`.
func NewCmdVerify(f *Factory, runF func(*VerifyOptions) error) *cobra.Command {
	opts := &VerifyOptions{IO: f.IO, Now: f.Now, Catalog: f.Catalog, Store: f.verifyStore}
	cmd := &cobra.Command{
		Use:   "verify [BANK|ID|FILE...]",
		Short: "Run every verification program and check that each answer key holds",
		Long: `Run the verification programs of the chosen banks, questions or bank files
(all banks when none is named; only the built-in ones with --builtin) and
print one line per program: passed, failed (expected against got), not
applicable (the claim does not hold for this interpreter, exit status 77),
skipped (interpreter missing, or a program you have not approved), timed out,
or error.

Programs run in parallel, --jobs at a time (default: one per core);
programs marked exclusive, such as timing demonstrations, run alone. Results
are cached by program text, interpreter command and interpreter version, so
an unchanged bank verifies again at once; --no-cache runs everything.

Exit status 1 when any answer key failed, timed out or could not be run.`,
		Example: `  cram verify --builtin
  cram verify gil --jobs 4
  cram verify mybank.yaml --json
  CRAM_VERIFY_PYTHON=python3.13t cram verify gil`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args, opts.Config = args, f.Config()
			if opts.Jobs < 0 {
				return flagErrorf("--jobs must be positive")
			}
			if opts.Jobs == 0 {
				opts.Jobs = opts.Config.Verify.Jobs
			}
			if opts.Jobs == 0 {
				opts.Jobs = runtime.NumCPU()
			}
			if runF != nil {
				return runF(opts)
			}
			return verifyRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Builtin, "builtin", false, "verify the built-in banks")
	cmd.Flags().IntVarP(&opts.Jobs, "jobs", "j", 0, "programs to run at once (default: setting verify.jobs, else one per core)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&opts.NoCache, "no-cache", false, "run every program, ignoring cached results")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "approve programs of banks that are not built in without asking (they still run in the sandbox)")
	return cmd
}

// verifyTargets resolves the arguments to questions and the catalog that knows their banks.
func verifyTargets(opts *VerifyOptions) ([]*content.Question, *content.Catalog, error) {
	cat, err := opts.Catalog()
	if err != nil {
		return nil, nil, err
	}
	var qs []*content.Question
	var extra []*content.Bank
	if opts.Builtin {
		for _, b := range cat.Banks() {
			if b.Source == content.SourceBuiltin {
				qs = append(qs, b.Questions...)
			}
		}
	}
	for _, a := range opts.Args {
		switch {
		case content.IsBankFile(a):
			data, err := readFileCapped(a, content.MaxFileSize)
			if err != nil {
				return nil, nil, err
			}
			b, ps := content.Parse(a, data)
			if ps.HasErrors() {
				return nil, nil, &content.BankError{File: a, Problems: ps}
			}
			b.Source = "file"
			if cat.Bank(b.ID) != nil {
				return nil, nil, fmt.Errorf("%s: bank id %q is already installed; verify it by id, or give the file another id", a, b.ID)
			}
			extra = append(extra, b)
			qs = append(qs, b.Questions...)
		case cat.Bank(a) != nil:
			qs = append(qs, cat.Bank(a).Questions...)
		default:
			q, err := cat.Lookup(a)
			if err != nil {
				if _, statErr := os.Stat(a); statErr == nil {
					return nil, nil, flagErrorf("%s is not a .yaml bank file", a)
				}
				return nil, nil, flagErrorf("%q is neither a bank, a question id nor a bank file", a)
			}
			qs = append(qs, q)
		}
	}
	if !opts.Builtin && len(opts.Args) == 0 {
		qs = cat.Questions()
	}
	if len(extra) > 0 {
		all := append(append([]*content.Bank{}, cat.Banks()...), extra...)
		if cat, err = content.NewCatalog(all...); err != nil {
			return nil, nil, err
		}
	}
	var withProgram []*content.Question
	seen := map[string]bool{}
	for _, q := range qs {
		if q.Program() != nil && !seen[q.GlobalID()] {
			seen[q.GlobalID()] = true
			withProgram = append(withProgram, q)
		}
	}
	return withProgram, cat, nil
}

type verifyReport struct {
	Outcomes    []quiz.Outcome `json:"outcomes"`
	Counts      map[string]int `json:"counts"`
	Jobs        int            `json:"jobs"`
	Seconds     float64        `json:"seconds"`
	Protections []string       `json:"protections"`
}

func verifyRun(ctx context.Context, opts *VerifyOptions) error {
	qs, cat, err := verifyTargets(opts)
	if err != nil {
		return err
	}
	if len(qs) == 0 {
		return fmt.Errorf("no verification programs in the chosen banks")
	}
	banks := map[string]*content.Bank{}
	for _, b := range cat.Banks() {
		banks[b.ID] = b
	}
	// The store holds approvals and the result cache. Without it built-in
	// programs still run, only uncached; other programs stay unapproved.
	var st verifyStore
	if s, err := opts.Store(); err == nil {
		st = s
	} else {
		fmt.Fprintf(opts.IO.ErrOut, "cram: warning: %v; results are not cached and only built-in programs run\n", err)
	}
	// Programs not yet approved: on a terminal the user sees them and
	// decides; --yes approves them; otherwise they are skipped.
	if st != nil && opts.Config.Verify.Enabled && (opts.Yes || opts.IO.IsInteractive()) {
		if err := approve(ctx, opts.IO, func() (verifyStore, error) { return st, nil }, cat, qs, opts.Yes, opts.Now); err != nil {
			return err
		}
	}
	gate := trustGate{ctx: ctx, store: st, banks: banks}
	vo := quiz.VerifyOptions{Jobs: opts.Jobs, Commands: runnerCommands(opts.Config), Gate: gate.allowed}
	if !opts.Config.Verify.Enabled {
		vo.Gate = func(*content.Question) (bool, string) {
			return false, "running programs is turned off (verify.enabled is false, or --no-run)"
		}
	}
	if st != nil && !opts.NoCache {
		vo.Cache = storeCache{s: st, now: opts.Now}
	}
	progress := opts.IO.IsStderrTTY() && !opts.JSON
	if progress {
		vo.Progress = func(done, total int, o quiz.Outcome) {
			const width = 30
			filled := width * done / total
			fmt.Fprintf(opts.IO.ErrOut, "\r[%s%s] %d/%d %-40s", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total, clip(o.ID, 40))
		}
	}
	start := opts.Now()
	outcomes := quiz.Verify(ctx, qs, newRunner(opts.Config), vo)
	elapsed := opts.Now().Sub(start)
	if progress {
		fmt.Fprintf(opts.IO.ErrOut, "\r%s\r", strings.Repeat(" ", 90))
	}
	rep := verifyReport{Outcomes: outcomes, Counts: map[string]int{}, Jobs: opts.Jobs, Seconds: elapsed.Seconds()}
	protections := map[string]bool{}
	failed := false
	for _, o := range outcomes {
		rep.Counts[o.Status.String()]++
		for _, p := range o.Protections {
			protections[p] = true
		}
		switch o.Status {
		case quiz.VerifyFailed, quiz.VerifyTimedOut, quiz.VerifyError:
			failed = true
		}
	}
	for p := range protections {
		rep.Protections = append(rep.Protections, p)
	}
	sort.Strings(rep.Protections)
	if opts.JSON {
		if err := writeJSON(opts.IO, rep); err != nil {
			return err
		}
	} else {
		writeVerifyTable(opts.IO, rep)
	}
	if ctx.Err() != nil {
		return ErrInterrupted
	}
	if failed {
		return ErrSilent
	}
	return nil
}

func writeVerifyTable(ios *IOStreams, rep verifyReport) {
	cs := ios.Colors()
	tw := tabwriter.NewWriter(ios.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tQUESTION\tTIME\tDETAIL")
	for _, o := range rep.Outcomes {
		status := o.Status.String()
		switch o.Status {
		case quiz.VerifyPassed:
			status = cs.Green(status)
		case quiz.VerifyNotApplicable, quiz.VerifySkipped:
			status = cs.Yellow(status)
		default:
			status = cs.Red(status)
		}
		took := o.Duration.Round(10 * time.Millisecond).String()
		if o.Cached {
			took = "cached"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", status, o.ID, took, o.Detail)
	}
	tw.Flush()
	var parts []string
	for _, s := range []quiz.VerifyStatus{quiz.VerifyPassed, quiz.VerifyFailed, quiz.VerifyNotApplicable, quiz.VerifySkipped, quiz.VerifyTimedOut, quiz.VerifyError} {
		parts = append(parts, fmt.Sprintf("%d %s", rep.Counts[s.String()], s))
	}
	fmt.Fprintf(ios.Out, "\n%s; %d programs in %.1fs, %d at a time\n", strings.Join(parts, ", "), len(rep.Outcomes), rep.Seconds, rep.Jobs)
	if len(rep.Protections) > 0 {
		fmt.Fprintf(ios.Out, "protections: %s\n", strings.Join(rep.Protections, ", "))
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// TrustOptions are the inputs of `cram trust`.
type TrustOptions struct {
	IO   *IOStreams
	Bank string
	Yes  bool
	Now  func() time.Time

	Catalog func() (*content.Catalog, error)
	Store   func() (verifyStore, error)
}

// NewCmdTrust builds `cram trust`.
func NewCmdTrust(f *Factory, runF func(*TrustOptions) error) *cobra.Command {
	opts := &TrustOptions{IO: f.IO, Now: f.Now, Catalog: f.Catalog, Store: f.verifyStore}
	cmd := &cobra.Command{
		Use:   "trust BANK",
		Short: "Approve the verification programs of an imported bank",
		Long: `Show every verification program of a bank that is not built in, and approve
them to run in the sandbox. The approval is bound to each program's text: a
program that changes later must be approved again.`,
		Example: `  cram trust my-notes
  cram trust my-notes --yes   # approve without the prompt (scripts)`,
		Args: exactArgs(1, "a bank id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Bank = args[0]
			if runF != nil {
				return runF(opts)
			}
			return trustRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "approve without asking")
	return cmd
}

func trustRun(ctx context.Context, opts *TrustOptions) error {
	cat, err := opts.Catalog()
	if err != nil {
		return err
	}
	b := cat.Bank(opts.Bank)
	if b == nil {
		return flagErrorf("no bank %q (cram banks lists them)", opts.Bank)
	}
	if b.Source == content.SourceBuiltin {
		fmt.Fprintf(opts.IO.ErrOut, "bank %q is built in: its programs are part of cram and always run\n", b.ID)
		return nil
	}
	var qs []*content.Question
	for _, q := range b.Questions {
		if q.Program() != nil {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "bank %q has no verification programs\n", b.ID)
		return nil
	}
	if !opts.Yes {
		if !opts.IO.IsInteractive() {
			return flagErrorf("cram trust asks before approving; pass --yes when not on a terminal")
		}
		showPrograms(opts.IO, qs)
		ok, err := confirm(opts.IO, fmt.Sprintf("Approve these %d program(s) of bank %q?", len(qs), b.ID))
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("not approved")
		}
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	hashes := make([]string, len(qs))
	for i, q := range qs {
		hashes[i] = quiz.ProgramHash(q.Program())
	}
	if err := st.Trust(ctx, b.ID, hashes, opts.Now()); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "approved %d program(s) of bank %q\n", len(qs), b.ID)
	return nil
}
