package export

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		write   func(io.Writer) error
		want    string // the file's content afterwards
		wantErr string
	}{
		{"written", path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, "new", ""},
		{"a failing writer leaves the file alone", path, func(w io.Writer) error {
			io.WriteString(w, "half")
			return errors.New("no questions to export")
		}, "new", "no questions to export"},
		{"a missing folder", filepath.Join(dir, "nope", "out.txt"), func(io.Writer) error { return nil }, "", "write " + filepath.Join(dir, "nope", "out.txt") + ": no such file or directory"},
		{"a folder", dir, func(io.Writer) error { return nil }, "", "write " + dir + ": it is a folder (name a file)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := WriteFile(tt.path, tt.write)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr) {
				t.Fatalf("got %v, want %q", err, tt.wantErr)
			}
			if tt.want != "" {
				got, _ := os.ReadFile(tt.path)
				if string(got) != tt.want {
					t.Errorf("got %q, want %q", got, tt.want)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".tmp") {
					t.Errorf("temporary file %s left behind", e.Name())
				}
			}
		})
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("got mode %v, want the old file's 0640", fi.Mode().Perm())
	}
}
