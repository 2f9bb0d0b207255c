package cli

import (
	"github.com/spf13/cobra"
)

// NewCmdRoot builds the cram command tree.
func NewCmdRoot(f *Factory) *cobra.Command {
	quiz := NewCmdQuiz(f, nil)
	root := &cobra.Command{
		Use:   "cram",
		Short: "Drill concurrency interview questions: processes, threads, coroutines, the GIL, IPC, synchronisation",
		Long: `cram quizzes you on the concurrency questions interviews always ask, in English
or Chinese, checks your answers, and runs small programs that prove the answer keys.

Run cram with no command to start a quiz on the built-in banks.`,
		Example: `  cram                         # a quiz on every built-in bank
  cram quiz --bank gil -n 10   # ten questions on the GIL
  cram show gil/plus-equals-atomic
  cram lint mybank.yaml`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		RunE:          quiz.RunE,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Name() == "__complete" || cmd.Name() == "__completeNoDesc" {
				return nil
			}
			return f.loadConfig(cmd)
		},
	}
	root.Flags().AddFlagSet(quiz.Flags())
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error { return &FlagError{Err: err} })
	pf := root.PersistentFlags()
	pf.StringVar(&f.configFile, "config", "", "read settings from `FILE` (default $XDG_CONFIG_HOME/cram/config.yaml)")
	pf.String("lang", "", "language of questions and messages: en or zh (setting: lang)")
	pf.String("data-dir", "", "folder for progress and imported banks (setting: data_dir)")
	pf.Bool("no-run", false, "never run verification programs (setting: verify.enabled)")

	root.AddCommand(
		quiz,
		NewCmdBanks(f, nil),
		NewCmdLint(f, nil),
		NewCmdShow(f, nil),
		NewCmdConfig(f, nil),
		NewCmdVersion(f),
		NewCmdRun(f, nil),
		NewCmdVerify(f, nil),
		NewCmdTrust(f, nil),
		NewCmdReview(f, nil),
		NewCmdCards(f, nil),
		NewCmdStats(f, nil),
		NewCmdHistory(f, nil),
		NewCmdProgress(f, nil, nil),
		NewCmdReset(f, nil),
		NewCmdExport(f, nil),
		NewCmdImport(f, nil),
		NewCmdRemove(f, nil),
		NewCmdNew(f, nil),
	)
	addHelpTopics(root)
	return root
}
