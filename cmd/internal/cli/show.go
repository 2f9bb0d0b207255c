package cli

import "github.com/spf13/cobra"

// NewCmdShow builds `cram show`.
func NewCmdShow(f *Factory, runF func() error) *cobra.Command {
	return &cobra.Command{Use: "show ID", Short: "Show a question with its answer, explanation and references", Args: exactArgs(1, "a question id such as gil/plus-equals-atomic")}
}
