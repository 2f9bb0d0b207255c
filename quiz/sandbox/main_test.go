package sandbox

import (
	"os"
	"testing"
)

// TestMain lets the test binary serve as the sandbox shim, as cram's own
// binary does.
func TestMain(m *testing.M) {
	if code, ok := MaybeChild(); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}
