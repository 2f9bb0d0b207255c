// Package export writes questions out of cram: printable two-sided
// flashcards as PDF, Anki notes as TSV, a Markdown study sheet and JSON.
//
// BuildCards turns questions into Cards in the chosen languages; every
// exporter renders Cards. The PDF's layout (geometry.go: where cards go and
// which back lies behind which front; linebreak.go and fit.go: line breaking
// of Latin and Chinese text, fitting by shrinking, continuation on further
// cards; fontset.go: which font sets each character) is pure Go, drawn on a
// small canvas interface; pdfbackend.go alone talks to the PDF library.
package export
