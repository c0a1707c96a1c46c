package cli

import (
	"fmt"
	"log/slog"
	"strings"

	"pacer/internal/locale"
)

// opsOptions are pacer serve's operations flags: the log's format and level, and the token that
// opens GET /metrics.
type opsOptions struct {
	logFormat    string // "json" (default) or "text"
	logLevel     slog.Level
	metricsToken string
	readStandby  bool // serve --db-read: the store has a read standby
}

func opsFlags(env Env, fs *flagSet) *opsOptions {
	o := &opsOptions{logFormat: "json", logLevel: slog.LevelInfo, metricsToken: env.Getenv("PACER_METRICS_TOKEN")}
	l := lang(env)
	fs.Func("log", locale.T(l, "ops.flag.log"), func(v string) error {
		switch v {
		case "json", "text":
			o.logFormat = v
			return nil
		}
		return fmt.Errorf("%s", locale.T(l, "ops.bad_log", v))
	})
	fs.Func("log-level", locale.T(l, "ops.flag.log_level"), func(v string) error {
		return o.logLevel.UnmarshalText([]byte(strings.ToUpper(v)))
	})
	fs.Func("metrics-token", locale.T(l, "ops.flag.metrics_token"), func(v string) error {
		if len(v) < 16 {
			return fmt.Errorf("%s", locale.T(l, "ops.short_token"))
		}
		o.metricsToken = v
		return nil
	})
	return o
}

// logger writes structured lines to standard error: one JSON object a line by default.
func (o *opsOptions) logger(env Env) *slog.Logger {
	h := &slog.HandlerOptions{Level: o.logLevel}
	if o.logFormat == "text" {
		return slog.New(slog.NewTextHandler(env.Stderr, h))
	}
	return slog.New(slog.NewJSONHandler(env.Stderr, h))
}
