package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/cram-dev/cram/cmd/internal/config"
	"github.com/cram-dev/cram/cmd/internal/iostreams"
	"github.com/cram-dev/cram/content"
	"github.com/cram-dev/cram/quiz/store"
)

// Factory gives commands what they share, built lazily: the streams, the
// configuration and the catalog of banks.
type Factory struct {
	IO  *IOStreams
	Now func() time.Time

	configFile string
	config     *config.Config
	settings   []config.Setting

	catalogOnce sync.Once
	catalog     *content.Catalog
	catalogErr  error

	storeOnce sync.Once
	store     *store.Store
	storeErr  error
}

// IOStreams is an alias kept short for command code.
type IOStreams = iostreams.IOStreams

// NewFactory returns a factory over ios.
func NewFactory(ios *IOStreams) *Factory {
	return &Factory{IO: ios, Now: time.Now}
}

// flagKeys maps flags to the settings they override. A flag the user did not
// set never overrides the environment or the config file.
var flagKeys = map[string]string{
	"lang":        "lang",
	"data-dir":    "data_dir",
	"paper":       "pdf.paper",
	"layout":      "pdf.layout",
	"duplex":      "pdf.duplex",
	"back-offset": "pdf.back_offset",
	"jobs":        "verify.jobs",
}

// loadConfig loads the configuration with cmd's flags; called once, before any command runs.
func (f *Factory) loadConfig(cmd *cobra.Command) error {
	c, settings, err := config.Load(config.Options{File: f.configFile, Flags: cmd.Flags(), FlagKeys: flagKeys})
	if err != nil {
		return err
	}
	if fl := cmd.Flags().Lookup("no-run"); fl != nil && fl.Changed && fl.Value.String() == "true" {
		c.Verify.Enabled = false
		for i := range settings {
			if settings[i].Key == "verify.enabled" {
				settings[i] = config.Setting{Key: "verify.enabled", Value: false, Source: config.FromFlag, Detail: "--no-run"}
			}
		}
	}
	f.config, f.settings = c, settings
	return nil
}

// Config returns the loaded configuration.
func (f *Factory) Config() *config.Config { return f.config }

// ImportedDir is the folder holding banks added with cram import.
func (f *Factory) ImportedDir() string { return filepath.Join(f.config.DataDir, "banks") }

// Source names for banks outside the binary.
const (
	SourceImported = "imported"
	SourceFolder   = "folder"
)

// Catalog loads the built-in banks, the imported ones and those in the folders
// named in the configuration. A user bank that does not load is skipped with a
// warning, so that one broken file does not stop practice.
func (f *Factory) Catalog() (*content.Catalog, error) {
	f.catalogOnce.Do(func() {
		banks, err := content.Builtin()
		if err != nil {
			f.catalogErr = err
			return
		}
		add := func(dir, source string) {
			if _, err := os.Stat(dir); err != nil {
				if source == SourceFolder {
					fmt.Fprintf(f.IO.ErrOut, "cram: warning: bank folder %s: %v\n", dir, err)
				}
				return
			}
			bs, errs := content.LoadDir(os.DirFS(dir), ".", source)
			for _, e := range errs {
				fmt.Fprintf(f.IO.ErrOut, "cram: warning: skipping %s\n", describeLoadError(dir, e))
			}
			for _, b := range bs {
				b.File = filepath.Join(dir, b.File)
			}
			banks = append(banks, bs...)
		}
		add(f.ImportedDir(), SourceImported)
		for _, d := range f.config.Banks.Dirs {
			add(d, SourceFolder)
		}
		f.catalog, f.catalogErr = content.NewCatalog(banks...)
	})
	return f.catalog, f.catalogErr
}

// describeLoadError names a bank that failed to load by its full path, with
// its first error and how to see them all.
func describeLoadError(dir string, err error) string {
	var be *content.BankError
	if !errors.As(err, &be) || len(be.Problems.Errors()) == 0 {
		return fmt.Sprintf("bank in %s: %v", dir, err)
	}
	full := filepath.Join(dir, be.File)
	errs := be.Problems.Errors()
	first := errs[0]
	first.File = full
	if len(errs) == 1 {
		return first.String()
	}
	return fmt.Sprintf("%s (and %d more; run cram lint %s)", first, len(errs)-1, full)
}
