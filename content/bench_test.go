package content

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"

	"gopkg.in/yaml.v3"
)

// BenchmarkBuiltin measures what start-up pays for the built-in banks (the
// snapshot path).
func BenchmarkBuiltin(b *testing.B) {
	for b.Loop() {
		if _, err := Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuiltinYAML measures decoding the built-in banks from YAML, which
// the snapshot avoids.
func BenchmarkBuiltinYAML(b *testing.B) {
	for b.Loop() {
		if _, err := loadBuiltinYAML(BuiltinFS()); err != nil {
			b.Fatal(err)
		}
	}
}

// largeBank generates a bank of n bilingual questions of mixed types.
func largeBank(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString("format: 1\nid: large\ntitle: {en: Large, zh: 大}\nlanguages: [en, zh]\nquestions:\n")
	for i := range n {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&buf, `  - id: q%d
    type: single
    difficulty: %d
    tags: [generated, single]
    prompt:
      en: Which primitive protects the critical section number %d from a race condition?
      zh: 哪种同步原语可以保护第 %d 号临界区，避免竞态条件？
    choices:
      - {en: A lock held around the section, zh: 在临界区周围持有的锁}
      - {en: A daemon thread, zh: 守护线程}
      - {en: A larger switch interval, zh: 更大的切换间隔}
    answer: A
    explanation:
      en: Only mutual exclusion makes the read-modify-write sequence indivisible; the others merely change timing.
      zh: 只有互斥才能让读取、修改、写回这一串操作不可分割；其他选项只是改变了时序。
    references: [https://docs.python.org/3/library/threading.html#lock-objects]
`, i, i%3+1, i, i)
		case 1:
			fmt.Fprintf(&buf, `  - id: q%d
    type: output
    prompt: {en: "What does this print?", zh: 这段代码输出什么？}
    code:
      lang: python
      source: |
        values = [n * n for n in range(%d)]
        print(len(values))
    answer: "%d"
    explanation: {en: The list has one square per number., zh: 列表中每个数对应一个平方。}
    references: [https://docs.python.org/3/tutorial/datastructures.html]
`, i, i%50, i%50)
		default:
			fmt.Fprintf(&buf, `  - id: q%d
    type: open
    prompt: {en: Explain question %d about processes and threads., zh: 解释第 %d 题：进程与线程。}
    key_points:
      - {en: [own address space, separate memory], zh: [独立的地址空间, 独立内存]}
      - {en: [threads share memory, shared memory], zh: [线程共享内存, 共享内存]}
    explanation: {en: The address space is the key difference., zh: 关键区别在于地址空间。}
    references: [https://docs.python.org/3/library/multiprocessing.html]
`, i, i, i)
		}
	}
	return buf.Bytes()
}

// BenchmarkParseLarge loads a generated 20,000-question bank; compare with
// BenchmarkYAMLOnlyLarge (target: at most 1.5x its time).
func BenchmarkParseLarge(b *testing.B) {
	data := largeBank(20000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ps := Parse("large.yaml", data); ps.HasErrors() {
			b.Fatal(ps[0])
		}
	}
}

// BenchmarkYAMLOnlyLarge is the baseline: yaml.v3 alone decoding the same file.
func BenchmarkYAMLOnlyLarge(b *testing.B) {
	data := largeBank(20000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLargeBankMemory reports the heap a loaded large bank keeps and what the
// load allocates at its peak, against the 5x-file-size budget.
func TestLargeBankMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("large bank")
	}
	data := largeBank(20000)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	bank, ps := Parse("large.yaml", data)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if ps.HasErrors() {
		t.Fatal(ps[0])
	}
	retained := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("file %.1f MB, %d questions, retained %.1f MB (%.1fx), allocated in total %.1f MB",
		float64(len(data))/1e6, len(bank.Questions), float64(retained)/1e6, float64(retained)/float64(len(data)),
		float64(after.TotalAlloc-before.TotalAlloc)/1e6)
	if retained > 5*int64(len(data)) {
		t.Errorf("got %d bytes retained, want at most 5x the file (%d)", retained, 5*len(data))
	}
	runtime.KeepAlive(bank)
}
