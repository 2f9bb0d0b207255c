package cli

import "github.com/spf13/cobra"

func addHelpTopics(root *cobra.Command) {
	root.AddCommand(&cobra.Command{
		Use:   "exit-codes",
		Short: "Exit statuses of cram commands",
		Long: `cram exits with:

  0    success (lint: no errors; verify: every answer key held)
  1    failure: problems found (lint), an answer key failed (verify), or an error
  2    usage error: an unknown command or flag, a missing or wrong argument
  130  interrupted by Ctrl-C or SIGTERM; what was answered is kept`,
	})
	root.AddCommand(&cobra.Command{
		Use:   "settings",
		Short: "Settings, the config file and CRAM_* environment variables",
		Long: `Settings come from, in increasing precedence: defaults, the config file
($XDG_CONFIG_HOME/cram/config.yaml, or --config FILE), CRAM_* environment
variables (CRAM_LANG, CRAM_VERIFY_PYTHON, CRAM_PDF_PAPER …), then flags.
'cram config' prints every effective setting and where it came from.

  lang              en or zh
  data_dir          progress (cram.db) and imported banks ($XDG_DATA_HOME/cram)
  banks.dirs        extra folders of bank files, read in place
  verify.enabled    false: never run verification programs (--no-run)
  verify.python     interpreter command for python programs (e.g. python3.13t)
  verify.go         go command for go programs
  verify.sh         shell for sh programs
  verify.jobs       programs run at once; 0 = one per core
  verify.timeout    default wall-clock limit of a program
  pdf.paper         a4 or letter
  pdf.layout        2x4, 3x3, 2x2 or 1x1
  pdf.duplex        long, short or none
  pdf.back_offset   "x,y" millimetres to shift back pages
  pdf.font          a TrueType font for text instead of the bundled one
  pdf.mono_font     a TrueType font for code
  review.daily_new  new questions a day in cram review
  review.retention  desired retention for scheduling (0.70 to 0.99)

Example config.yaml:

  lang: zh
  banks:
    dirs: [~/notes/cram-banks]
  verify:
    python: python3.13t`,
	})
}
