package content

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// The built-in banks, and a snapshot of them already decoded. Decoding the YAML
// of every bank takes tens of milliseconds; the snapshot brings start-up down
// to about one. The snapshot records a hash of the YAML it was made from and is
// ignored when that no longer matches, so a stale snapshot costs time, never
// correctness; a test keeps it fresh.
//
//go:embed banks
var embedded embed.FS

// snapshotName is the snapshot's file name inside banks/.
const snapshotName = "builtin.snapshot"

// SourceBuiltin is the Source of the banks embedded in cram.
const SourceBuiltin = "built-in"

// BuiltinFS returns the folder of built-in bank files.
func BuiltinFS() fs.FS {
	sub, err := fs.Sub(embedded, "banks")
	if err != nil {
		panic(err) // the directive above guarantees the folder
	}
	return sub
}

// Builtin returns the built-in banks, sorted by id.
func Builtin() ([]*Bank, error) {
	fsys := BuiltinFS()
	sum, err := hashBanks(fsys)
	if err != nil {
		return nil, err
	}
	if data, err := fs.ReadFile(fsys, snapshotName); err == nil {
		if banks, err := decodeSnapshot(data, sum); err == nil {
			return banks, nil
		}
	}
	return loadBuiltinYAML(fsys)
}

func loadBuiltinYAML(fsys fs.FS) ([]*Bank, error) {
	banks, errs := LoadDir(fsys, ".", SourceBuiltin)
	if len(errs) > 0 {
		return nil, fmt.Errorf("built-in banks: %w", errors.Join(errs...))
	}
	return banks, nil
}

type snapshot struct {
	Sum   [sha256.Size]byte
	Banks []*Bank
}

func decodeSnapshot(data []byte, sum [sha256.Size]byte) ([]*Bank, error) {
	var s snapshot
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
		return nil, err
	}
	if s.Sum != sum {
		return nil, errors.New("snapshot is stale")
	}
	return s.Banks, nil
}

// WriteSnapshot decodes the built-in bank files in fsys and writes their
// snapshot to w. It is used by `go test ./content -update`.
func WriteSnapshot(w io.Writer, fsys fs.FS) error {
	banks, err := loadBuiltinYAML(fsys)
	if err != nil {
		return err
	}
	sum, err := hashBanks(fsys)
	if err != nil {
		return err
	}
	return gob.NewEncoder(w).Encode(snapshot{Sum: sum, Banks: banks})
}

// hashBanks hashes the names and contents of the bank files in fsys.
func hashBanks(fsys fs.FS) ([sha256.Size]byte, error) {
	h := sha256.New()
	names, err := bankFiles(fsys, ".")
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return [sha256.Size]byte{}, err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
	}
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// IsBankFile reports whether name looks like a bank file (.yaml or .yml).
func IsBankFile(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// bankFiles lists the bank files directly in dir, sorted.
func bankFiles(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && IsBankFile(e.Name()) && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, path.Join(dir, e.Name()))
		}
	}
	sort.Strings(names)
	return names, nil
}

// LoadDir loads every bank file directly in dir of fsys, marking each bank with
// source. It returns the banks that loaded, sorted by id, and one error for each
// file that did not (a *BankError for a file with problems).
func LoadDir(fsys fs.FS, dir, source string) ([]*Bank, []error) {
	names, err := bankFiles(fsys, dir)
	if err != nil {
		return nil, []error{fmt.Errorf("read bank folder: %w", err)}
	}
	var banks []*Bank
	var errs []error
	for _, name := range names {
		b, _, err := Load(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		b.Source = source
		banks = append(banks, b)
	}
	sort.Slice(banks, func(i, j int) bool { return banks[i].ID < banks[j].ID })
	return banks, errs
}
