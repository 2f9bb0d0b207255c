package sandbox

import (
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Landlock (Linux 5.13 and later) lets an unprivileged process give up
// rights for itself and everything it starts. The sandbox uses it for
// what the namespaces leave open: the file system, where a program runs
// as the user (or nobody) and could otherwise delete or plant files
// anywhere that user can write; and, from ABI 6 on, signals and abstract
// unix sockets to processes outside the sandbox, which matter in the
// fallback without namespaces. Reading files stays allowed: interpreters
// live all over the file system.

// landlockRuleset is struct landlock_ruleset_attr up to the field the
// kernel's ABI knows; the size passed tells the kernel which.
type landlockRuleset struct {
	handledFS  uint64
	handledNet uint64
	scoped     uint64
}

// landlockPathBeneath is struct landlock_path_beneath_attr, which the
// kernel declares packed: 12 bytes.
type landlockPathBeneath struct {
	allowed uint64
	fd      int32
}

// Rights that write to the file system, by the ABI that introduced them.
const (
	landlockWriteV1 = unix.LANDLOCK_ACCESS_FS_WRITE_FILE | unix.LANDLOCK_ACCESS_FS_REMOVE_DIR |
		unix.LANDLOCK_ACCESS_FS_REMOVE_FILE | unix.LANDLOCK_ACCESS_FS_MAKE_CHAR |
		unix.LANDLOCK_ACCESS_FS_MAKE_DIR | unix.LANDLOCK_ACCESS_FS_MAKE_REG |
		unix.LANDLOCK_ACCESS_FS_MAKE_SOCK | unix.LANDLOCK_ACCESS_FS_MAKE_FIFO |
		unix.LANDLOCK_ACCESS_FS_MAKE_BLOCK | unix.LANDLOCK_ACCESS_FS_MAKE_SYM
	landlockReferV2    = unix.LANDLOCK_ACCESS_FS_REFER
	landlockTruncateV3 = unix.LANDLOCK_ACCESS_FS_TRUNCATE
	// The rights that apply to a file rather than a folder.
	landlockFileRights = unix.LANDLOCK_ACCESS_FS_WRITE_FILE | unix.LANDLOCK_ACCESS_FS_TRUNCATE
)

// landlock restricts the calling thread, and what it starts from now on,
// to writing beneath the folders in writable (plus a few devices), and
// with ABI 6 or later to signalling and reaching abstract sockets only
// within the sandbox. It returns the protections that took effect;
// nothing if the kernel lacks Landlock. It needs no_new_privs.
func landlock(writable []string) ([]string, error) {
	abi, _, errno := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, 0, 0, unix.LANDLOCK_CREATE_RULESET_VERSION)
	if errno != 0 || int(abi) < 1 {
		return nil, nil // not built in, or disabled at boot
	}
	attr := landlockRuleset{handledFS: landlockWriteV1}
	size := unsafe.Sizeof(attr.handledFS)
	if abi >= 2 {
		attr.handledFS |= landlockReferV2
	}
	if abi >= 3 {
		attr.handledFS |= landlockTruncateV3
	}
	if abi >= 6 {
		attr.scoped = unix.LANDLOCK_SCOPE_SIGNAL | unix.LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
		size = unsafe.Sizeof(attr)
	}
	fd, _, errno := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, uintptr(unsafe.Pointer(&attr)), size, 0)
	if errno != 0 {
		return nil, fmt.Errorf("create landlock ruleset: %w", errno)
	}
	defer unix.Close(int(fd))

	allow := func(path string, dir bool) error {
		pfd, err := unix.Open(path, unix.O_PATH|unix.O_CLOEXEC, 0)
		if err != nil {
			if !dir || err == unix.ENOENT {
				return nil // a device this system lacks
			}
			return fmt.Errorf("open %s: %w", path, err)
		}
		defer unix.Close(pfd)
		rule := landlockPathBeneath{allowed: attr.handledFS, fd: int32(pfd)}
		if !dir {
			rule.allowed &= landlockFileRights
		}
		_, _, errno := unix.Syscall6(unix.SYS_LANDLOCK_ADD_RULE, fd, unix.LANDLOCK_RULE_PATH_BENEATH, uintptr(unsafe.Pointer(&rule)), 0, 0, 0)
		if errno != 0 {
			return fmt.Errorf("allow writing to %s: %w", path, errno)
		}
		return nil
	}
	for _, d := range writable {
		if err := allow(d, true); err != nil {
			return nil, err
		}
	}
	// /dev/shm holds POSIX shared memory and semaphores, which Python's
	// multiprocessing uses.
	for _, d := range []string{"/dev/shm"} {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			if err := allow(d, true); err != nil {
				return nil, err
			}
		}
	}
	for _, f := range []string{"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"} {
		if err := allow(f, false); err != nil {
			return nil, err
		}
	}
	if _, _, errno := unix.Syscall(unix.SYS_LANDLOCK_RESTRICT_SELF, fd, 0, 0); errno != 0 {
		return nil, fmt.Errorf("enforce landlock ruleset: %w", errno)
	}
	prot := []string{ProtectLandlockFS}
	if attr.scoped != 0 {
		prot = append(prot, ProtectLandlockScope)
	}
	return prot, nil
}
