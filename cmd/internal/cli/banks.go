package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/content"
)

// BanksOptions are the inputs of `cram banks`.
type BanksOptions struct {
	IO      *IOStreams
	JSON    bool
	Lang    string
	Catalog func() (*content.Catalog, error)
}

// NewCmdBanks builds `cram banks`.
func NewCmdBanks(f *Factory, runF func(*BanksOptions) error) *cobra.Command {
	opts := &BanksOptions{IO: f.IO, Catalog: f.Catalog}
	cmd := &cobra.Command{
		Use:   "banks",
		Short: "List the question banks: built-in, imported and from your folders",
		Example: `  cram banks
  cram banks --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Lang = f.Config().Lang
			if runF != nil {
				return runF(opts)
			}
			return banksRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

// bankInfo is one row of `cram banks`.
type bankInfo struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Version   string   `json:"version,omitempty"`
	Source    string   `json:"source"`
	File      string   `json:"file,omitempty"`
	Questions int      `json:"questions"`
	Languages []string `json:"languages"`
	Topics    []string `json:"topics"`
}

func banksRun(opts *BanksOptions) error {
	cat, err := opts.Catalog()
	if err != nil {
		return err
	}
	var rows []bankInfo
	for _, b := range cat.Banks() {
		info := bankInfo{ID: b.ID, Title: b.Title.Get(opts.Lang, b.Languages), Version: b.Version, Source: b.Source,
			Questions: len(b.Questions), Languages: b.Languages, Topics: topics(b)}
		if b.Source != content.SourceBuiltin {
			info.File = b.File
		}
		rows = append(rows, info)
	}
	if opts.JSON {
		if rows == nil {
			rows = []bankInfo{}
		}
		return writeJSON(opts.IO, rows)
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tQUESTIONS\tVERSION\tSOURCE\tLANGUAGES\tTITLE")
	total := 0
	for _, r := range rows {
		src := r.Source
		if r.File != "" {
			src += " (" + r.File + ")"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", r.ID, r.Questions, orDash(r.Version), src, strings.Join(r.Languages, ","), r.Title)
		total += r.Questions
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if opts.IO.IsStdoutTTY() {
		fmt.Fprintf(opts.IO.ErrOut, "%d banks, %d questions\n", len(rows), total)
	}
	return nil
}

func topics(b *content.Bank) []string {
	seen := map[string]bool{}
	var out []string
	for _, q := range b.Questions {
		if !seen[q.Topic] {
			seen[q.Topic] = true
			out = append(out, q.Topic)
		}
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
