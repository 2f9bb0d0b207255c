//go:build !unix

package store

// writable cannot check ahead on this system; SQLite's own errors tell.
func writable(path string) error { return nil }
