package content

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("schema/bank.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("bank.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("bank.schema.json")
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	return s
}

// yamlToJSONValue decodes YAML the way an editor's schema validator sees it.
func yamlToJSONValue(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatalf("yaml: %v", err)
	}
	// A round trip through encoding/json gives the types the validator expects.
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json: %v", err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSchemaAcceptsValidBanks keeps the schema and the loader from drifting
// apart: every bank the loader accepts, built-in ones included, validates.
func TestSchemaAcceptsValidBanks(t *testing.T) {
	s := compileSchema(t)
	check := func(name string, data []byte) {
		t.Run(name, func(t *testing.T) {
			if err := s.Validate(yamlToJSONValue(t, data)); err != nil {
				t.Errorf("schema rejects a bank the loader accepts:\n%v", err)
			}
		})
	}
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		check(f, data)
	}
	names, err := bankFiles(BuiltinFS(), ".")
	if err != nil || len(names) == 0 {
		t.Fatalf("no built-in banks: %v", err)
	}
	for _, n := range names {
		data, _ := fs.ReadFile(BuiltinFS(), n)
		check("builtin/"+n, data)
	}
}

// TestSchemaRejectsBrokenBanks checks that the schema is not vacuous: broken
// banks whose mistakes a schema can express are rejected by it too.
func TestSchemaRejectsBrokenBanks(t *testing.T) {
	s := compileSchema(t)
	for _, name := range []string{"unknown-keys", "wrong-types", "unknown-type", "answers-misfit", "empty-and-missing", "regex-and-verify", "cloze-and-open", "format-2", "not-a-mapping"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("testdata/broken/" + name + ".yaml")
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(yamlToJSONValue(t, data)); err == nil {
				t.Errorf("schema accepts %s.yaml, which the loader rejects", name)
			}
		})
	}
}

func TestSchemaDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile("schema/bank.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, keys := range [][]string{bankKeys, questionKeys, verifyKeys} {
		for _, k := range keys {
			if !strings.Contains(string(data), `"`+k+`"`) {
				t.Errorf("schema lacks key %q", k)
			}
			if !strings.Contains(string(readme), "`"+k+"`") {
				t.Errorf("content/README.md does not document key %q", k)
			}
		}
	}
}
