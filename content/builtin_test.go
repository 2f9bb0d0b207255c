package content

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestBuiltinBanks is the content guard: every embedded bank loads without
// errors or warnings, and bank ids are unique.
func TestBuiltinBanks(t *testing.T) {
	names, err := bankFiles(BuiltinFS(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		_, ps, err := Load(BuiltinFS(), n)
		if err != nil {
			t.Errorf("%v", err)
		}
		for _, p := range ps {
			t.Errorf("%s", p)
		}
	}
	banks, err := loadBuiltinYAML(BuiltinFS())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewCatalog(banks...); err != nil {
		t.Fatal(err)
	}
}

// TestSnapshotFresh fails when the decoded snapshot of the built-in banks no
// longer matches their YAML. Regenerate with: go test ./content -run TestSnapshotFresh -update
func TestSnapshotFresh(t *testing.T) {
	fromYAML, err := loadBuiltinYAML(BuiltinFS())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("banks", snapshotName)
	if *update {
		var buf bytes.Buffer
		if err := WriteSnapshot(&buf, os.DirFS("banks")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	sum, err := hashBanks(BuiltinFS())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./content -run TestSnapshotFresh -update)", err)
	}
	snap, err := decodeSnapshot(data, sum)
	if err != nil {
		t.Fatalf("snapshot: %v (run go test ./content -run TestSnapshotFresh -update)", err)
	}
	if !reflect.DeepEqual(snap, fromYAML) {
		t.Fatal("snapshot differs from the YAML it claims to match (run go test ./content -run TestSnapshotFresh -update)")
	}
	got, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, fromYAML) {
		t.Fatal("Builtin() differs from the YAML")
	}
}

// TestStaleSnapshotIgnored checks that a snapshot made from other YAML is
// never served.
func TestStaleSnapshotIgnored(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSnapshot(&buf, os.DirFS("testdata/valid")); err != nil {
		t.Fatal(err)
	}
	sum, err := hashBanks(BuiltinFS())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := decodeSnapshot(buf.Bytes(), sum); err == nil {
		t.Fatal("got a stale snapshot accepted")
	}
}
