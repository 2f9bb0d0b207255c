// Command cram drills developers on concurrency interview questions.
package main

import (
	"os"

	"github.com/cram-dev/cram/cmd/internal/cli"
)

func main() { os.Exit(cli.Main()) }
