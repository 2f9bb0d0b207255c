// Package config loads cram's settings: defaults, then the config file, then
// CRAM_* environment variables, then the command-line flags the user set. Only
// the typed Config travels from here; nothing else reads viper.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/cram-dev/cram/content"
)

// Config is every setting cram uses.
type Config struct {
	Lang    string       `mapstructure:"lang"`
	DataDir string       `mapstructure:"data_dir"`
	Banks   BanksConfig  `mapstructure:"banks"`
	Verify  VerifyConfig `mapstructure:"verify"`
	PDF     PDFConfig    `mapstructure:"pdf"`
	Review  ReviewConfig `mapstructure:"review"`
}

// BanksConfig says where banks besides the built-in ones come from.
type BanksConfig struct {
	// Dirs are folders of bank files read in place (for banks kept in git).
	Dirs []string `mapstructure:"dirs"`
}

// VerifyConfig controls verification programs.
type VerifyConfig struct {
	Enabled bool   `mapstructure:"enabled"` // false: never run any program
	Python  string `mapstructure:"python"`  // interpreter command, e.g. python3.13t
	Go      string `mapstructure:"go"`
	Sh      string `mapstructure:"sh"`
	Jobs    int    `mapstructure:"jobs"` // 0: one per core
	Timeout string `mapstructure:"timeout"`
}

// PDFConfig holds the flashcard export defaults.
type PDFConfig struct {
	Paper      string `mapstructure:"paper"`
	Layout     string `mapstructure:"layout"`
	Duplex     string `mapstructure:"duplex"`
	BackOffset string `mapstructure:"back_offset"` // "x,y" in millimetres
	Font       string `mapstructure:"font"`
	MonoFont   string `mapstructure:"mono_font"`
}

// ReviewConfig holds the spaced-repetition settings.
type ReviewConfig struct {
	DailyNew  int     `mapstructure:"daily_new"`
	Retention float64 `mapstructure:"retention"`
}

// EnvPrefix prefixes every environment variable cram reads: CRAM_LANG, CRAM_VERIFY_PYTHON …
const EnvPrefix = "CRAM"

// Defaults returns the default value of every key. Every key needs one:
// viper's Unmarshal ignores environment-only values otherwise.
func Defaults() map[string]any {
	return map[string]any{
		"lang":             "en",
		"data_dir":         filepath.Join(dataHome(), "cram"),
		"banks.dirs":       []string{},
		"verify.enabled":   true,
		"verify.python":    "python3",
		"verify.go":        "go",
		"verify.sh":        "sh",
		"verify.jobs":      0,
		"verify.timeout":   "10s",
		"pdf.paper":        "a4",
		"pdf.layout":       "2x4",
		"pdf.duplex":       "long",
		"pdf.back_offset":  "0,0",
		"pdf.font":         "",
		"pdf.mono_font":    "",
		"review.daily_new": 20,
		"review.retention": 0.9,
	}
}

// Keys returns every setting's key, sorted.
func Keys() []string {
	var keys []string
	for k := range Defaults() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// EnvName returns the environment variable that sets key.
func EnvName(key string) string {
	return EnvPrefix + "_" + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(key))
}

// Source says where a setting's value came from.
type Source string

// The sources of a setting, lowest precedence first.
const (
	FromDefault Source = "default"
	FromFile    Source = "file"
	FromEnv     Source = "env"
	FromFlag    Source = "flag"
)

// Setting is one effective setting and its origin, for `cram config`.
type Setting struct {
	Key    string `json:"key"`
	Value  any    `json:"value"`
	Source Source `json:"source"`
	Detail string `json:"detail,omitempty"` // the file, variable or flag
}

// Options says how to load the configuration.
type Options struct {
	// File is the config file named with --config; it must exist. Empty means
	// the default file, which may be missing.
	File string
	// Flags are the command line's flags; those the user set win. FlagKeys maps
	// a flag name to the key it sets.
	Flags    *pflag.FlagSet
	FlagKeys map[string]string
}

// DefaultFile returns the default config file path.
func DefaultFile() string {
	return filepath.Join(configHome(), "cram", "config.yaml")
}

// Load builds the configuration and reports where each setting came from.
func Load(opts Options) (*Config, []Setting, error) {
	v := viper.New()
	for k, d := range Defaults() {
		v.SetDefault(k, d)
	}
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
	v.AutomaticEnv()
	v.SetConfigType("yaml")

	file, explicit := opts.File, opts.File != ""
	if !explicit {
		file = DefaultFile()
	}
	fileUsed := ""
	v.SetConfigFile(file)
	if err := v.ReadInConfig(); err != nil {
		var pe *fs.PathError
		if explicit || !(errors.As(err, &pe) && errors.Is(err, fs.ErrNotExist)) {
			return nil, nil, fmt.Errorf("config file %s: %w", file, cleanViperErr(err))
		}
	} else {
		fileUsed = file
		if err := checkKeys(v, file); err != nil {
			return nil, nil, err
		}
	}

	flagDetail := map[string]string{}
	if opts.Flags != nil {
		for name, key := range opts.FlagKeys {
			f := opts.Flags.Lookup(name)
			if f == nil || !f.Changed {
				continue
			}
			v.Set(key, flagValue(f))
			flagDetail[key] = "--" + name
		}
	}

	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return nil, nil, fmt.Errorf("config: %w", cleanViperErr(err))
	}
	c.DataDir = expandHome(c.DataDir)
	for i, d := range c.Banks.Dirs {
		c.Banks.Dirs[i] = expandHome(d)
	}
	if err := c.Validate(); err != nil {
		return nil, nil, err
	}

	var settings []Setting
	for _, k := range Keys() {
		s := Setting{Key: k, Value: v.Get(k), Source: FromDefault}
		if d, ok := flagDetail[k]; ok {
			s.Source, s.Detail = FromFlag, d
		} else if _, ok := os.LookupEnv(EnvName(k)); ok {
			s.Source, s.Detail = FromEnv, EnvName(k)
		} else if fileUsed != "" && v.InConfig(k) {
			s.Source, s.Detail = FromFile, fileUsed
		}
		settings = append(settings, s)
	}
	return &c, settings, nil
}

func flagValue(f *pflag.Flag) any {
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		return sv.GetSlice()
	}
	return f.Value.String()
}

// checkKeys refuses settings cram does not know, with a suggestion.
func checkKeys(v *viper.Viper, file string) error {
	known := Keys()
	var errs []error
	for _, k := range v.AllKeys() {
		if !v.InConfig(k) {
			continue
		}
		if _, ok := Defaults()[k]; ok {
			continue
		}
		hint := "known settings: " + strings.Join(known, ", ")
		if s := content.Suggest(k, known); s != "" {
			hint = fmt.Sprintf("did you mean %s?", s)
		}
		errs = append(errs, fmt.Errorf("config file %s: unknown setting %q (%s)", file, k, hint))
	}
	return errors.Join(errs...)
}

func cleanViperErr(err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "While parsing config: ")
	return errors.New(msg)
}

// Validate checks every setting's value and says how to fix a wrong one.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key string, val any, want string) {
		errs = append(errs, fmt.Errorf("setting %s = %v is invalid (%s)", key, val, want))
	}
	if c.Lang != "en" && c.Lang != "zh" {
		bad("lang", c.Lang, "use en or zh")
	}
	if c.DataDir == "" {
		bad("data_dir", `""`, "name a folder")
	}
	for key, cmd := range map[string]string{"verify.python": c.Verify.Python, "verify.go": c.Verify.Go, "verify.sh": c.Verify.Sh} {
		if strings.TrimSpace(cmd) == "" {
			bad(key, `""`, "name a command such as python3")
		}
	}
	if c.Verify.Jobs < 0 {
		bad("verify.jobs", c.Verify.Jobs, "use 0 for one per core, or a positive number")
	}
	switch c.PDF.Paper {
	case "a4", "letter":
	default:
		bad("pdf.paper", c.PDF.Paper, "use a4 or letter")
	}
	switch c.PDF.Layout {
	case "2x4", "3x3", "2x2", "1x1":
	default:
		bad("pdf.layout", c.PDF.Layout, "use 2x4, 3x3, 2x2 or 1x1")
	}
	switch c.PDF.Duplex {
	case "long", "short", "none":
	default:
		bad("pdf.duplex", c.PDF.Duplex, "use long, short or none")
	}
	if _, _, err := ParseOffset(c.PDF.BackOffset); err != nil {
		bad("pdf.back_offset", c.PDF.BackOffset, err.Error())
	}
	if c.Review.DailyNew < 0 {
		bad("review.daily_new", c.Review.DailyNew, "use 0 or more")
	}
	if c.Review.Retention < 0.7 || c.Review.Retention > 0.99 {
		bad("review.retention", c.Review.Retention, "use a value from 0.70 to 0.99")
	}
	return errors.Join(errs...)
}

// ParseOffset parses "x,y" in millimetres.
func ParseOffset(s string) (x, y float64, err error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return 0, 0, errors.New(`write two numbers in millimetres, such as "1.5,-0.5"`)
	}
	if x, err = strconv.ParseFloat(strings.TrimSpace(parts[0]), 64); err == nil {
		y, err = strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
	}
	if err != nil || x < -20 || x > 20 || y < -20 || y > 20 {
		return 0, 0, errors.New(`write two numbers from -20 to 20 millimetres, such as "1.5,-0.5"`)
	}
	return x, y, nil
}

func home() string {
	h, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	return h
}

func xdg(env, fallback string) string {
	if d := os.Getenv(env); d != "" && filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(home(), fallback)
}

func configHome() string { return xdg("XDG_CONFIG_HOME", ".config") }
func dataHome() string   { return xdg("XDG_DATA_HOME", filepath.Join(".local", "share")) }

// CacheDir returns cram's cache folder ($XDG_CACHE_HOME/cram).
func CacheDir() string { return filepath.Join(xdg("XDG_CACHE_HOME", ".cache"), "cram") }

func expandHome(p string) string {
	if p == "~" {
		return home()
	}
	if strings.HasPrefix(p, "~/") {
		return filepath.Join(home(), p[2:])
	}
	return p
}
