//go:build unix

package store

import "golang.org/x/sys/unix"

// writable reports why path cannot be written by this process, if it
// cannot: a read-only mount or missing permission.
func writable(path string) error {
	return unix.Access(path, unix.W_OK)
}
