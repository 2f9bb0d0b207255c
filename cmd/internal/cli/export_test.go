package cli

import (
	"errors"
	"testing"

	"github.com/spf13/cobra"
)

// TestNewCmdExport checks how cram export reads its flags: --lang both is
// the export's own and never reaches the settings, while --paper, --layout,
// --duplex and --back-offset override the pdf settings.
func TestNewCmdExport(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		wantUsage bool
		check     func(t *testing.T, o *ExportOptions, f *Factory)
	}{
		{"a format is needed", nil, true, nil},
		{"unknown format", []string{"docx"}, true, nil},
		{"pdf needs a file", []string{"pdf"}, true, nil},
		{"pdf in both languages with flags", []string{"pdf", "--lang", "both", "--paper", "letter", "--layout", "1x1",
			"--duplex", "short", "--back-offset", "1,-2", "--cut-marks", "--bank", "gil", "-o", "x.pdf"}, false,
			func(t *testing.T, o *ExportOptions, f *Factory) {
				pdf := f.Config().PDF
				if o.Lang != "both" || o.Output != "x.pdf" || !o.CutMarks || o.Selection.Banks[0] != "gil" || o.Format != formatPDF {
					t.Errorf("got %+v", o)
				}
				if pdf.Paper != "letter" || pdf.Layout != "1x1" || pdf.Duplex != "short" || pdf.BackOffset != "1,-2" {
					t.Errorf("got settings %+v", pdf)
				}
				if f.Config().Lang != "en" {
					t.Errorf("got interface language %q, want en", f.Config().Lang)
				}
			}},
		{"tsv defaults to the lang setting and standard output", []string{"tsv", "--lang", "ZH"}, false,
			func(t *testing.T, o *ExportOptions, f *Factory) {
				if o.Lang != "zh" || o.Output != "" || o.Format != formatTSV {
					t.Errorf("got %+v", o)
				}
			}},
		{"unknown language", []string{"md", "--lang", "fr"}, true, nil},
		{"calibrate is in one language", []string{"calibrate", "--lang", "both", "-o", "cal.pdf"}, true, nil},
		{"calibrate", []string{"calibrate", "--duplex", "short", "-o", "cal.pdf"}, false,
			func(t *testing.T, o *ExportOptions, f *Factory) {
				if o.Format != formatCalibrate || f.Config().PDF.Duplex != "short" {
					t.Errorf("got %+v", o)
				}
			}},
		{"calibrate has no filters", []string{"calibrate", "--bank", "gil", "-o", "cal.pdf"}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *ExportOptions
			var fac *Factory
			err := execCmd(t, func(f *Factory) *cobra.Command {
				fac = f
				return NewCmdExport(f, func(o *ExportOptions) error { got = o; return nil })
			}, tt.args...)
			var fe *FlagError
			if tt.wantUsage {
				if !errors.As(err, &fe) {
					t.Fatalf("got %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Fatal("the command did not run")
			}
			tt.check(t, got, fac)
		})
	}
}
