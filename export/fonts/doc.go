// Package fonts holds the TrueType fonts the PDF export embeds: DejaVu Sans
// and DejaVu Sans Mono for Latin text and code, and a subset of Droid Sans
// Fallback for Chinese. README.md says how they were made and under which
// licences they are distributed.
package fonts
