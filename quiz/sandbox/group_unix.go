//go:build unix && !linux

package sandbox

import (
	"os/exec"
	"syscall"
)

// setGroup starts the program in a process group of its own.
func setGroup(cmd *exec.Cmd) []string {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return []string{ProtectGroup}
}

// killGroup kills the program's process group.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// signalNumber returns the signal that killed the program.
func signalNumber(exit *exec.ExitError) int {
	if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return int(ws.Signal())
	}
	return 0
}
