package sandbox

import (
	"bytes"
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// procStat holds the fields of /proc/<pid>/stat the sandbox needs.
type procStat struct {
	pid, ppid int
	state     byte
}

// parseStat parses /proc/<pid>/stat. The command name, in parentheses,
// may itself contain spaces and parentheses: the fields start after the
// last ')'.
func parseStat(data []byte) (procStat, error) {
	open := bytes.IndexByte(data, '(')
	end := bytes.LastIndexByte(data, ')')
	if open < 1 || end < open {
		return procStat{}, fmt.Errorf("malformed stat %q", data)
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(data[:open])))
	if err != nil {
		return procStat{}, fmt.Errorf("malformed stat pid: %w", err)
	}
	fields := bytes.Fields(data[end+1:])
	if len(fields) < 2 || len(fields[0]) != 1 {
		return procStat{}, fmt.Errorf("malformed stat %q", data)
	}
	ppid, err := strconv.Atoi(string(fields[1]))
	if err != nil {
		return procStat{}, fmt.Errorf("malformed stat ppid: %w", err)
	}
	return procStat{pid: pid, ppid: ppid, state: fields[0][0]}, nil
}

// processes lists the processes in /proc. Processes that vanish while
// it reads are skipped.
func processes() ([]procStat, error) {
	dir, err := os.ReadDir("/proc")
	if err != nil {
		return nil, fmt.Errorf("list processes: %w", err)
	}
	var list []procStat
	for _, e := range dir {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		st, err := parseStat(data)
		if err != nil {
			continue
		}
		list = append(list, st)
	}
	return list, nil
}

// descendants returns the live (not zombie) descendants of pid.
func descendants(pid int) []int {
	list, err := processes()
	if err != nil {
		return nil
	}
	children := make(map[int][]int)
	for _, p := range list {
		if p.state != 'Z' {
			children[p.ppid] = append(children[p.ppid], p.pid)
		}
	}
	var out []int
	queue := children[pid]
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		out = append(out, p)
		queue = append(queue, children[p]...)
	}
	return out
}

// countUserTasks counts the tasks (processes and threads) of uid: what
// RLIMIT_NPROC counts outside user namespaces. The owner of /proc/<pid>
// is the process's effective uid, which differs from the real uid that
// RLIMIT_NPROC counts only for set-user-ID programs; reading every
// process's status file instead would cost milliseconds on each run.
func countUserTasks(uid int) (int, error) {
	dir, err := os.ReadDir("/proc")
	if err != nil {
		return 0, fmt.Errorf("list processes: %w", err)
	}
	n := 0
	for _, e := range dir {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		var st unix.Stat_t
		if unix.Stat("/proc/"+e.Name(), &st) != nil || int(st.Uid) != uid {
			continue
		}
		threads := 1
		if data, err := os.ReadFile("/proc/" + e.Name() + "/stat"); err == nil {
			if end := bytes.LastIndexByte(data, ')'); end >= 0 {
				// num_threads is the 20th field, the 18th after
				// the command name.
				if f := bytes.Fields(data[end+1:]); len(f) > 17 {
					if t, err := strconv.Atoi(string(f[17])); err == nil {
						threads = t
					}
				}
			}
		}
		n += threads
	}
	return n, nil
}
