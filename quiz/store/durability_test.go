package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cram-dev/cram/quiz"
)

// The durability tests run this test binary again as a child process that
// uses the store the way cram does, so that it can be killed or run twice
// at once. The child's work is chosen by these variables.
const (
	childEnv  = "CRAM_STORE_TEST_CHILD" // "record" or "open"
	dbEnv     = "CRAM_STORE_TEST_DB"
	firstEnv  = "CRAM_STORE_TEST_FIRST"
	strideEnv = "CRAM_STORE_TEST_STRIDE"
	countEnv  = "CRAM_STORE_TEST_COUNT" // 0: until killed
	pauseEnv  = "CRAM_STORE_TEST_PAUSE" // between answers, as a learner types
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(child(mode))
	}
	code := m.Run()
	cleanupBench()
	os.Exit(code)
}

// childReview is the i-th answer a child records: 25 questions answered in
// turn, one every 7 minutes of simulated time.
func childReview(i int) quiz.Review {
	ratings := [...]quiz.Rating{quiz.Good, quiz.Good, quiz.Again, quiz.Hard, quiz.Good, quiz.Easy}
	id := fmt.Sprintf("dur/q%d", i%25)
	r := review(id, t0.Add(time.Duration(i)*7*time.Minute), ratings[i%len(ratings)])
	r.Response = fmt.Sprintf("answer %d", i)
	return r
}

// child runs as the re-executed test binary. "record" records answers,
// printing "ok N" once answer N is committed; "open" opens the database and
// prints the error, if any.
func child(mode string) int {
	path := os.Getenv(dbEnv)
	s, err := Open(path, Options{Location: time.UTC})
	if mode == "open" {
		if err != nil {
			fmt.Println("ERR", err)
			return 0
		}
		s.Close()
		fmt.Println("OK")
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		return 1
	}
	defer s.Close()
	first, _ := strconv.Atoi(os.Getenv(firstEnv))
	stride, _ := strconv.Atoi(os.Getenv(strideEnv))
	count, _ := strconv.Atoi(os.Getenv(countEnv))
	stride = max(stride, 1)
	pause, _ := time.ParseDuration(os.Getenv(pauseEnv))
	for n, i := 0, first; count == 0 || n < count; n, i = n+1, i+stride {
		if err := s.Record(context.Background(), childReview(i)); err != nil {
			fmt.Fprintln(os.Stderr, "record:", err)
			return 1
		}
		// Unbuffered: the parent knows of no answer that is not committed.
		fmt.Fprintf(os.Stdout, "ok %d\n", i)
		time.Sleep(pause)
	}
	return 0
}

func childCmd(t *testing.T, mode, path string, first, stride, count int) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, dbEnv+"="+path,
		firstEnv+"="+strconv.Itoa(first), strideEnv+"="+strconv.Itoa(stride), countEnv+"="+strconv.Itoa(count))
	cmd.Stderr = &strings.Builder{}
	return cmd
}

// checkHealthy asserts that the database passes SQLite's integrity check,
// holds each acknowledged answer, and that every question's schedule is the
// one its history gives.
func checkHealthy(t *testing.T, path string, acked []int) *Store {
	t.Helper()
	s, err := Open(path, Options{Location: time.UTC})
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	var check string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
	for _, i := range acked {
		r := childReview(i)
		var response string
		err := s.db.QueryRow("SELECT response FROM reviews WHERE question_id = ? AND reviewed_at = ?", r.ID, ms(r.At)).Scan(&response)
		if err != nil || response != r.Response {
			t.Fatalf("answer %d was acknowledged but is lost: %q, %v", i, response, err)
		}
	}
	cards, err := s.Cards(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for id, c := range cards {
		replayed := CardState{ID: id}
		h, err := s.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range h {
			replayed = s.apply(replayed, id, r.At, r.Rating, r.Hash)
		}
		if replayed != c {
			t.Errorf("%s: schedule %+v disagrees with its history, which gives %+v", id, c, replayed)
		}
	}
	return s
}

// TestKillMidSession kills a process recording answers at a random moment,
// five times over, and checks after each kill that the database opens,
// passes the integrity check and holds every answer that was acknowledged.
func TestKillMidSession(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	path := filepath.Join(t.TempDir(), FileName)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	var acked []int
	unacked := 0 // answers committed but killed before they were acknowledged
	for round := range 5 {
		cmd := childCmd(t, "record", path, round*100000, 1, 0)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		want := 10 + rng.IntN(60)
		lines := bufio.NewScanner(out)
		got := 0
		for got < want && lines.Scan() {
			i, err := strconv.Atoi(strings.TrimPrefix(lines.Text(), "ok "))
			if err != nil {
				t.Fatalf("child said %q", lines.Text())
			}
			acked = append(acked, i)
			got++
		}
		if got < want {
			cmd.Wait()
			t.Fatalf("child stopped after %d answers: %s", got, cmd.Stderr)
		}
		// Kill it somewhere in its next transactions.
		time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		// Answers acknowledged before the kill took effect count too.
		for lines.Scan() {
			if i, err := strconv.Atoi(strings.TrimPrefix(lines.Text(), "ok ")); err == nil {
				acked = append(acked, i)
			}
		}
		io.Copy(io.Discard, out)
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("child ended with %v, want killed: %s", err, cmd.Stderr)
		}
		s := checkHealthy(t, path, acked)
		n, _, _ := s.Counts(context.Background())
		t.Logf("round %d: killed after %d acknowledged answers; %d in the log", round, len(acked), n)
		// Each kill may fall between a commit and its acknowledgement,
		// leaving one answer more than acknowledged; never more.
		if extra := n - len(acked); extra < unacked || extra > unacked+1 {
			t.Errorf("round %d: %d answers in the log, want %d acknowledged and at most %d committed before a kill", round, n, len(acked), unacked+1)
		} else {
			unacked = extra
		}
		s.Close()
	}
}

// TestTwoWriters runs two processes that record answers to the same
// questions at the same time, from a database neither has created yet.
func TestTwoWriters(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const each = 300
	path := filepath.Join(t.TempDir(), FileName)
	a := childCmd(t, "record", path, 0, 2, each)
	b := childCmd(t, "record", path, 1, 2, each)
	// Without a pause one writer takes the lock again at once after each
	// commit and the other mostly waits; a learner pauses.
	a.Env = append(a.Env, pauseEnv+"=1ms")
	b.Env = append(b.Env, pauseEnv+"=1ms")
	a.Stdout, b.Stdout = io.Discard, io.Discard
	if err := a.Start(); err != nil {
		t.Fatal(err)
	}
	if err := b.Start(); err != nil {
		t.Fatal(err)
	}
	errA, errB := a.Wait(), b.Wait()
	if errA != nil || errB != nil {
		t.Fatalf("writers failed: %v: %s; %v: %s", errA, a.Stderr, errB, b.Stderr)
	}
	acked := make([]int, 2*each)
	for i := range acked {
		acked[i] = i
	}
	s := checkHealthy(t, path, acked)
	if n, q, _ := s.Counts(context.Background()); n != 2*each || q != 25 {
		t.Errorf("got %d answers to %d questions, want %d to 25", n, q, 2*each)
	}
	// How often the log switches from one writer to the other, in the
	// order of commits: a sign that the two really ran at once.
	var switches int
	rows, err := s.db.Query("SELECT response FROM reviews ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	last := -1
	for rows.Next() {
		var resp string
		rows.Scan(&resp)
		i, _ := strconv.Atoi(strings.TrimPrefix(resp, "answer "))
		if last >= 0 && i%2 != last {
			switches++
		}
		last = i % 2
	}
	rows.Close()
	t.Logf("the log switches writer %d times", switches)
	if switches < 10 {
		t.Errorf("the writers hardly overlapped (%d switches): the test proves little", switches)
	}
}

// TestLocked holds the write lock from another connection for longer than
// the busy timeout: recording fails with a message naming the file, and
// works once the lock is released.
func TestLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	openTest(t, path).Close()
	ctx := context.Background()
	other := rawDB(t, path)
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{BusyTimeout: 150 * time.Millisecond, Location: time.UTC})
	if err != nil {
		t.Fatalf("open while another writes: %v", err)
	}
	defer s.Close()
	err = s.Record(ctx, review("gil/q", t0, quiz.Good))
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "try again") {
		t.Fatalf("got %v, want a locked error naming %s", err, path)
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if err := s.Record(ctx, review("gil/q", t0, quiz.Good)); err != nil {
		t.Errorf("after the lock was released: %v", err)
	}

	t.Run("exclusive lock at open", func(t *testing.T) {
		s.Close() // an exclusive lock in WAL mode needs every other connection gone
		if _, err := conn.ExecContext(ctx, "PRAGMA locking_mode=EXCLUSIVE"); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, "INSERT INTO trust VALUES ('b', 'h', 1)"); err != nil {
			t.Fatal(err)
		}
		before := fileSum(t, path)
		_, err := Open(path, Options{BusyTimeout: 150 * time.Millisecond})
		if !errors.Is(err, ErrLocked) {
			t.Errorf("got %v, want ErrLocked", err)
		}
		if fileSum(t, path) != before {
			t.Error("the database was changed")
		}
	})
}

// TestReadOnly opens databases that cannot be written: in a read-only
// folder, or read-only themselves. Each gives a message naming the file and
// is left unchanged. Root may write anywhere, so as root the opening runs in
// a child process as nobody.
func TestReadOnly(t *testing.T) {
	asNobody := os.Geteuid() == 0
	base, err := os.MkdirTemp("", "cram-readonly")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	var exe string
	if asNobody {
		if testing.Short() {
			t.Skip("starts processes")
		}
		// nobody must reach the binary and the folders.
		if err := os.Chmod(base, 0o755); err != nil {
			t.Fatal(err)
		}
		self, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(self)
		if err != nil {
			t.Fatal(err)
		}
		exe = filepath.Join(base, "store.test")
		if err := os.WriteFile(exe, data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	open := func(t *testing.T, path string) string {
		t.Helper()
		if !asNobody {
			_, err := Open(path, Options{})
			if !errors.Is(err, ErrReadOnly) {
				t.Fatalf("got %v, want ErrReadOnly", err)
			}
			return err.Error()
		}
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=open", dbEnv+"="+path)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child: %v: %s", err, out)
		}
		if !strings.HasPrefix(string(out), "ERR ") {
			t.Fatalf("opened as nobody: %s", out)
		}
		msg := strings.TrimSpace(strings.TrimPrefix(string(out), "ERR "))
		t.Log(msg)
		return msg
	}
	mkdir := func(t *testing.T, withDB bool) (dir, path string) {
		dir, err := os.MkdirTemp(base, "data")
		if err != nil {
			t.Fatal(err)
		}
		path = filepath.Join(dir, FileName)
		if withDB {
			s := openTest(t, path)
			if err := s.Record(context.Background(), review("gil/q", t0, quiz.Good)); err != nil {
				t.Fatal(err)
			}
			s.Close()
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir, path
	}
	t.Run("folder with a database", func(t *testing.T) {
		dir, path := mkdir(t, true)
		before := fileSum(t, path)
		os.Chmod(path, 0o644)
		os.Chmod(dir, 0o555)
		msg := open(t, path)
		if !strings.Contains(msg, "cannot write progress to "+path) || !strings.Contains(msg, "--data-dir") {
			t.Errorf("message: %s", msg)
		}
		if fileSum(t, path) != before {
			t.Error("the database was changed")
		}
	})
	t.Run("folder without a database", func(t *testing.T) {
		dir, path := mkdir(t, false)
		os.Chmod(dir, 0o555)
		msg := open(t, path)
		if !strings.Contains(msg, "folder "+dir) {
			t.Errorf("message: %s", msg)
		}
		if _, err := os.Stat(path); err == nil {
			t.Error("a database was created")
		}
	})
	t.Run("read-only database", func(t *testing.T) {
		dir, path := mkdir(t, true)
		before := fileSum(t, path)
		os.Chmod(dir, 0o777)
		os.Chmod(path, 0o444)
		msg := open(t, path)
		if !strings.Contains(msg, "cannot write progress to "+path) {
			t.Errorf("message: %s", msg)
		}
		if fileSum(t, path) != before {
			t.Error("the database was changed")
		}
	})
}
