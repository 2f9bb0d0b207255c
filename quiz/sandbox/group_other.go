//go:build !unix

package sandbox

import "os/exec"

// setGroup does nothing: this system has no process groups the sandbox
// can use, so only the program itself is killed.
func setGroup(*exec.Cmd) []string { return nil }

// killGroup kills the program.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}

// signalNumber is 0: there are no signals here.
func signalNumber(*exec.ExitError) int { return 0 }
