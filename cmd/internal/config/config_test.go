package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// TestPrecedence checks flags > environment > config file > defaults, and
// that a flag the user did not set never wins.
func TestPrecedence(t *testing.T) {
	tests := []struct {
		name       string
		file       string
		env        map[string]string
		args       []string
		wantLang   string
		wantSource Source
		wantPaper  string
		wantDirs   []string
	}{
		{name: "defaults", wantLang: "en", wantSource: FromDefault, wantPaper: "a4"},
		{name: "file", file: "lang: zh\npdf:\n  paper: letter\n", wantLang: "zh", wantSource: FromFile, wantPaper: "letter"},
		{name: "env beats file", file: "lang: zh\n", env: map[string]string{"CRAM_LANG": "en", "CRAM_PDF_PAPER": "letter"}, wantLang: "en", wantSource: FromEnv, wantPaper: "letter"},
		{name: "flag beats env", env: map[string]string{"CRAM_LANG": "en"}, args: []string{"--lang", "zh"}, wantLang: "zh", wantSource: FromFlag, wantPaper: "a4"},
		{name: "unset flag does not win", file: "lang: zh\n", args: []string{"--paper", "letter"}, wantLang: "zh", wantSource: FromFile, wantPaper: "letter"},
		{name: "list from env", env: map[string]string{"CRAM_BANKS_DIRS": "/a,/b"}, wantLang: "en", wantSource: FromDefault, wantPaper: "a4", wantDirs: []string{"/a", "/b"}},
		{name: "list from file", file: "banks:\n  dirs: [/x]\n", wantLang: "en", wantSource: FromDefault, wantPaper: "a4", wantDirs: []string{"/x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("XDG_CONFIG_HOME", dir)
			for _, k := range Keys() {
				t.Setenv(EnvName(k), "")
				os.Unsetenv(EnvName(k))
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			if tt.file != "" {
				if err := os.MkdirAll(filepath.Join(dir, "cram"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "cram", "config.yaml"), []byte(tt.file), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
			fs.String("lang", "en", "")
			fs.String("paper", "a4", "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			c, settings, err := Load(Options{Flags: fs, FlagKeys: map[string]string{"lang": "lang", "paper": "pdf.paper"}})
			if err != nil {
				t.Fatal(err)
			}
			if c.Lang != tt.wantLang {
				t.Errorf("got lang %q, want %q", c.Lang, tt.wantLang)
			}
			if c.PDF.Paper != tt.wantPaper {
				t.Errorf("got paper %q, want %q", c.PDF.Paper, tt.wantPaper)
			}
			if strings.Join(c.Banks.Dirs, ",") != strings.Join(tt.wantDirs, ",") {
				t.Errorf("got dirs %q, want %q", c.Banks.Dirs, tt.wantDirs)
			}
			for _, s := range settings {
				if s.Key == "lang" && s.Source != tt.wantSource {
					t.Errorf("got lang source %s, want %s", s.Source, tt.wantSource)
				}
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"syntax", "lang: [zh\n", "config file"},
		{"unknown key", "verify:\n  pyhton: python3\n", `unknown setting "verify.pyhton" (did you mean verify.python?)`},
		{"bad value", "pdf:\n  layout: 5x5\n", "setting pdf.layout = 5x5 is invalid (use 2x4, 3x3, 2x2 or 1x1)"},
		{"bad offset", "pdf:\n  back_offset: left\n", "setting pdf.back_offset = left is invalid"},
		{"bad retention", "review:\n  retention: 2\n", "review.retention = 2 is invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(path, []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err := Load(Options{File: path})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if _, _, err := Load(Options{File: filepath.Join(t.TempDir(), "missing.yaml")}); err == nil {
		t.Error("got no error for a named config file that does not exist")
	}
}

func TestParseOffset(t *testing.T) {
	tests := []struct {
		in   string
		x, y float64
		ok   bool
	}{
		{"0,0", 0, 0, true},
		{"1.5, -0.5", 1.5, -0.5, true},
		{"30,0", 0, 0, false},
		{"1", 0, 0, false},
		{"a,b", 0, 0, false},
	}
	for _, tt := range tests {
		x, y, err := ParseOffset(tt.in)
		if (err == nil) != tt.ok || x != tt.x || y != tt.y {
			t.Errorf("ParseOffset(%q) = %v, %v, %v; want %v, %v, ok=%v", tt.in, x, y, err, tt.x, tt.y, tt.ok)
		}
	}
}
