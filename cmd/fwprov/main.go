// Command fwprov checks 5G base-station firmware releases: that the image and
// its SBOM are exactly what the vendor signed, and that nothing inside comes
// from a supplier the operator's policy excludes.
//
// Exit codes: 0 allowed (warnings may exist), 1 denied (a fail finding or a
// failed verification), 2 error (bad input, bad flags, I/O).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/fwprov/fwprov/cmd/fwprov/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}
