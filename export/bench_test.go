package export

import (
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/cram-dev/cram/content"
)

// thousandQuestions returns 1,000 bilingual questions: the built-in ones,
// repeated under new ids.
func thousandQuestions(b *testing.B) ([]*content.Question, map[string][]string) {
	qs, fb := builtinQuestions(b)
	out := make([]*content.Question, 0, 1000)
	for i := 0; len(out) < 1000; i++ {
		q := *qs[i%len(qs)]
		q.ID = fmt.Sprintf("%s-%d", q.ID, i)
		out = append(out, &q)
	}
	return out, fb
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// BenchmarkPDF1000 writes 1,000 bilingual cards (A4, 2x4, long-edge duplex).
// It reports the PDF's size and the Go heap's peak, as seen by the runtime,
// besides time and allocations.
func BenchmarkPDF1000(b *testing.B) {
	qs, fb := thousandQuestions(b)
	fonts, err := BuiltinFonts()
	if err != nil {
		b.Fatal(err)
	}
	opts := PDFOptions{Lang: Both, Paper: "a4", Layout: "2x4", Duplex: LongEdge, Fonts: fonts, Created: testDate}
	var size int64
	var pages int
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		w := &countWriter{}
		res, err := WritePDF(w, qs, fb, opts)
		if err != nil {
			b.Fatal(err)
		}
		size, pages = w.n, res.Pages
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(size)/1e6, "MB/pdf")
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(ms.HeapSys)/1e6, "MB-heap-sys")
}

var _ io.Writer = (*countWriter)(nil)
