// Package content defines cram's question-bank format: the in-memory model of
// banks and questions, the loader that decodes bank files with located errors,
// the built-in banks embedded in the binary, and the catalog that indexes them.
//
// The format is documented in content/README.md and published as a JSON Schema
// in content/schema/bank.schema.json.
package content
