package cli

import (
	"github.com/spf13/cobra"
)

// QuizOptions are the inputs of `cram quiz`.
type QuizOptions struct {
	IO *IOStreams
}

// NewCmdQuiz builds `cram quiz`.
func NewCmdQuiz(f *Factory, runF func(*QuizOptions) error) *cobra.Command {
	opts := &QuizOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "quiz",
		Short: "Practise: answer questions and get them checked",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return nil
		},
	}
	return cmd
}
