package sandbox

import (
	"os"
	"testing"
)

func TestParseStat(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want procStat
		bad  bool
	}{
		{"plain", "42 (sleep) S 1 42 42 0 -1", procStat{pid: 42, ppid: 1, state: 'S'}, false},
		{"spaces and parens in name", "7 (a) b (c)) Z 3 7 7", procStat{pid: 7, ppid: 3, state: 'Z'}, false},
		{"empty", "", procStat{}, true},
		{"no ppid", "7 (x) R", procStat{}, true},
		{"bad pid", "x (y) R 1", procStat{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStat([]byte(tt.in))
			if (err != nil) != tt.bad || got != tt.want {
				t.Errorf("parseStat(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.bad)
			}
		})
	}
}

func TestCountUserTasks(t *testing.T) {
	n, err := countUserTasks(os.Geteuid())
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	if n < len(self) {
		t.Errorf("counted %d tasks of uid %d, fewer than this process's %d threads", n, os.Geteuid(), len(self))
	}
}
