package sandbox

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// owner is the user a program runs as, seen from outside the sandbox.
// When cram runs as root the program must not (a root process is exempt
// from RLIMIT_NPROC and can read and write everything), so the files it
// needs are handed to an unprivileged user; otherwise change is false and
// the program runs as the user running cram.
type owner struct {
	uid, gid int
	change   bool
}

// changes reports whether the program runs as another user than cram.
func (o owner) changes() bool { return o.change }

// chown hands one file or folder to the program's user.
func (o owner) chown(path string) error {
	if !o.change {
		return nil
	}
	if err := os.Lchown(path, o.uid, o.gid); err != nil {
		return fmt.Errorf("chown: %w", err)
	}
	return nil
}

// chownTree hands a folder and everything in it to the program's user.
func (o owner) chownTree(root string) error {
	if !o.change {
		return nil
	}
	err := filepath.WalkDir(root, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return o.chown(path)
	})
	if err != nil {
		return fmt.Errorf("chown %s: %w", root, err)
	}
	return nil
}
