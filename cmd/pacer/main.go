// Command pacer runs Pacer: see `pacer help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"pacer/internal/cli"
)

func main() {
	if loc := cli.LocalZone(os.Getenv); loc != nil {
		time.Local = loc // the county's day (China Standard Time) unless TZ says otherwise
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, cli.OSEnv(), os.Args[1:])
	stop()
	os.Exit(code)
}
