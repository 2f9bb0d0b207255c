package content

import (
	"slices"
	"strings"
	"testing"
)

// TestStarterStrict holds the starter bank of `cram new` to `cram lint
// --strict`: no error and no warning, one question of every type, the
// schema line first.
func TestStarterStrict(t *testing.T) {
	for _, id := range []string{starterID, "interview-prep", "a.b_c"} {
		t.Run(id, func(t *testing.T) {
			data, err := Starter(id)
			if err != nil {
				t.Fatal(err)
			}
			b, ps := Parse("starter.yaml", data)
			if len(ps) > 0 {
				t.Fatalf("got problems %v, want none", ps)
			}
			if b.ID != id {
				t.Errorf("got id %q, want %q", b.ID, id)
			}
			if !strings.HasPrefix(string(data), SchemaComment+"\n") {
				t.Errorf("the first line is not the schema line")
			}
			var got []Type
			for _, q := range b.Questions {
				if !slices.Contains(got, q.Type) {
					got = append(got, q.Type)
				}
			}
			if !slices.Equal(got, Types) {
				t.Errorf("got types %v, want every type in order %v", got, Types)
			}
			if !slices.Equal(starterTypes(), Types) {
				t.Errorf("the written type lines are %v", starterTypes())
			}
		})
	}
	if _, err := Starter("../x"); err == nil {
		t.Error("Starter accepted an id with a path in it")
	}
}

// starterTypes lists the type lines of the starter bank, in order.
func starterTypes() []Type {
	var out []Type
	for _, line := range strings.Split(starterBank, "\n") {
		if t, ok := strings.CutPrefix(line, "    type: "); ok {
			out = append(out, Type(t))
		}
	}
	return out
}
