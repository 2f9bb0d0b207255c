package sandbox

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
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

// countUserTasks counts the tasks (processes and threads) whose real uid
// is uid: what RLIMIT_NPROC counts outside user namespaces.
func countUserTasks(uid int) (int, error) {
	dir, err := os.ReadDir("/proc")
	if err != nil {
		return 0, fmt.Errorf("list processes: %w", err)
	}
	want := []byte(strconv.Itoa(uid))
	n := 0
	for _, e := range dir {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/status")
		if err != nil {
			continue
		}
		var mine bool
		threads := 1
		for line := range bytes.Lines(data) {
			switch {
			case bytes.HasPrefix(line, []byte("Uid:")):
				f := bytes.Fields(line[4:])
				mine = len(f) > 0 && bytes.Equal(f[0], want)
			case bytes.HasPrefix(line, []byte("Threads:")):
				if t, err := strconv.Atoi(string(bytes.TrimSpace(line[8:]))); err == nil {
					threads = t
				}
			}
		}
		if mine {
			n += threads
		}
	}
	return n, nil
}
