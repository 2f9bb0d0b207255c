// Package importer turns question banks and the plain-text exports of other
// flashcard tools into cram banks.
//
// It reads four formats: cram's own YAML banks; Anki's "notes in plain
// text" export, with its #separator:, #html:, #columns:, #tags column: …
// header lines, HTML fields and tags; Quizlet's export, term and definition
// with chosen separators between them and between cards; and generic CSV or
// TSV with a header row naming its columns (front, back, tags, topic,
// difficulty …). Input may be UTF-8 with or without a byte order mark, or
// UTF-16 with one, with any line endings.
//
// The package is pure: it takes bytes (or a reader) and a name for
// messages, and returns the bank, already written as YAML and validated by
// content.Parse, with every problem located in the input as file:line:col.
// It never touches the disk, never follows a path found in the input (image
// and sound references are dropped, not read) and never runs a program.
//
// How cards from other tools become questions is described in
// content/README.md, "Importing from other tools".
package importer
