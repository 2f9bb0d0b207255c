package importer

import (
	"bytes"
	"fmt"
	"testing"
)

// ankiExport generates an Anki notes-in-plain-text export of n notes, with
// the headers, HTML, tags and note types a real deck has: mostly Basic
// notes with short and long backs, and every tenth a cloze note.
func ankiExport(n int) []byte {
	var b bytes.Buffer
	b.WriteString("#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n")
	for i := range n {
		switch {
		case i%10 == 9:
			fmt.Fprintf(&b, "g%07d\tCloze\tConcurrency::Locks\tLock number %d guards {{c1::critical section %d}} with {{c2::threading.Lock::a class}}.\t<div>Acquire it with <code>with lock:</code></div>\tpython locks\n", i, i, i)
		case i%3 == 0:
			fmt.Fprintf(&b, "g%07d\tBasic\tConcurrency::GIL\tWhat does <b>GIL</b> number %d stand for?\tglobal interpreter lock %d\tpython gil\n", i, i, i)
		default:
			fmt.Fprintf(&b, "g%07d\tBasic\tConcurrency::Processes\tWhy is process %d a <i>zombie</i> after it exits?\t<div>It has exited but its parent has not yet called <code>wait()</code>;&nbsp;its entry %d stays in the process table.</div><div><br></div><div>Reap it to free the entry.</div>\tunix process\n", i, i, i)
		}
	}
	return b.Bytes()
}

// BenchmarkImportAnki10k imports a 10,000-card Anki export: decoding,
// parsing, HTML cleaning, mapping to questions, writing the YAML and
// validating it with content.Parse. The target is at most 1 s.
func BenchmarkImportAnki10k(b *testing.B) {
	data := ankiExport(10_000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		bank, ps := Import("deck.txt", data, Options{})
		if bank == nil || len(bank.Bank.Questions) != 10_000 {
			b.Fatalf("got %v", ps)
		}
	}
}
