package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/cmd/internal/config"
)

// ConfigOptions are the inputs of `cram config`.
type ConfigOptions struct {
	IO       *IOStreams
	JSON     bool
	Settings func() []config.Setting
}

// NewCmdConfig builds `cram config`.
func NewCmdConfig(f *Factory, runF func(*ConfigOptions) error) *cobra.Command {
	opts := &ConfigOptions{IO: f.IO, Settings: func() []config.Setting { return f.settings }}
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the effective settings and where each came from",
		Long: `Print every setting with its value and its source: default, file, env or flag.
See 'cram help settings' for what each setting does.`,
		Example: `  cram config
  CRAM_LANG=zh cram config --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return configRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

func configRun(opts *ConfigOptions) error {
	settings := opts.Settings()
	if opts.JSON {
		return writeJSON(opts.IO, settings)
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SETTING\tVALUE\tSOURCE")
	for _, s := range settings {
		src := string(s.Source)
		if s.Detail != "" {
			src += " (" + s.Detail + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Key, formatValue(s.Value), src)
	}
	return tw.Flush()
}

func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return `""`
		}
		return x
	case []string:
		b, _ := json.Marshal(x)
		return string(b)
	case []any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return fmt.Sprint(v)
}

func writeJSON(ios *IOStreams, v any) error {
	enc := json.NewEncoder(ios.Out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
