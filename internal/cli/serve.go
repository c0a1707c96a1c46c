package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"pacer/internal/app"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/schedule"
	"pacer/internal/store"
	"pacer/internal/web"
)

func runServe(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "serve")
	addr := fs.String("addr", "127.0.0.1:8080", locale.T(lang(env), "cli.flag.addr"))
	region := fs.String("region", "", locale.T(lang(env), "cli.flag.serve_region"))
	period := fs.String("period", "", locale.T(lang(env), "cli.flag.serve_period"))
	cert := fs.String("tls-cert", "", locale.T(lang(env), "cli.flag.tls_cert"))
	key := fs.String("tls-key", "", locale.T(lang(env), "cli.flag.tls_key"))
	secretKey := fs.String("secret-key", "", locale.T(lang(env), "cli.flag.secret_key"))
	dbRead := fs.String("db-read", "", locale.T(lang(env), "cli.flag.db_read"))
	enforce2FA := fs.Bool("second-factor", false, locale.T(lang(env), "cli.flag.second_factor"))
	policy := policyFlags(env, fs)
	ops := opsFlags(env, fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	tls := tlsFiles{*cert, *key}
	if (tls.cert == "") != (tls.key == "") {
		return misuse("cli.serve.tls_pair")
	}
	if tls.cert == "" && !loopback(*addr) {
		return misuse("cli.serve.not_loopback", *addr)
	}
	sf := secondFactor{enforce: *enforce2FA}
	keyPath := secretKeyPath(*secretKey, *db)
	if keyPath == "" && sf.enforce {
		return misuse("cli.serve.second_factor_key")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if *dbRead != "" {
		if err := s.OpenReadStandby(ctx, *dbRead); err != nil {
			return fmt.Errorf("--db-read %s: %w", redact(*dbRead), err)
		}
		ops.readStandby = true
	}
	if err := seedPolicy(ctx, env, s, policy); err != nil {
		return err
	}
	if keyPath != "" {
		if sf.key, err = loadSecretKey(keyPath); err != nil {
			return err
		}
	}
	return serve(ctx, env, s, *addr, *region, *period, tls, sf, ops, nil)
}

type tlsFiles struct{ cert, key string }

// secondFactor is how the server treats second factors: the key sealing their secrets (none: no
// enrolment possible) and whether the policy's roles must have one.
type secondFactor struct {
	key     []byte
	enforce bool
}

// loopback reports whether addr (host:port) listens only on this machine.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func runDemo(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "demo")
	addr := fs.String("addr", "127.0.0.1:8080", locale.T(lang(env), "cli.flag.addr"))
	dbFile := fs.String("db", "pacer-demo.db", locale.T(lang(env), "cli.flag.demo_db"))
	password := fs.String("demo-password", "", locale.T(lang(env), "cli.flag.demo_password"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if store.IsPostgres(*dbFile) {
		return misuse("cli.demo.sqlite_only")
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(*dbFile + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	s, err := openStore(ctx, *dbFile)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := demo.Load(ctx, s); err != nil {
		return err
	}
	accounts, err := demo.SetUp(ctx, s, *password)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.T(lang(env), "cli.demo.title", *dbFile))
	if !loopback(*addr) {
		return misuse("cli.demo.loopback")
	}
	// The demo is a second-level deployment: a second factor may be tried out, none is required.
	key, err := loadSecretKey(*dbFile + ".secret-key")
	if err != nil {
		return err
	}
	// The demo's terminal shows its URL and accounts; its log says only what went wrong.
	quiet := &opsOptions{logLevel: slog.LevelWarn, logFormat: "text"}
	return serve(ctx, env, s, *addr, demo.Region, demo.Period, tlsFiles{}, secondFactor{key: key}, quiet, func(url string) {
		fmt.Fprintln(env.Stdout, locale.T(lang(env), "cli.demo.open", url))
		fmt.Fprintln(env.Stdout, locale.T(lang(env), "cli.demo.sc_json", url, demo.Region, demo.Period))
		fmt.Fprintln(env.Stdout, locale.T(lang(env), "cli.demo.rk_json", url))
		fmt.Fprintln(env.Stdout, locale.T(lang(env), "cli.demo.accounts"))
		for _, a := range accounts {
			unit := ""
			if a.Unit != "" {
				unit = locale.T(lang(env), "cli.demo.unit", a.Unit)
			}
			fmt.Fprintf(env.Stdout, "  %-15s %s  %s%s\n", a.Username, a.Password, a.Role, unit)
		}
		// The accounts other than the reporter see every region (issue 16): say so, and how to
		// try the county's own view on the same deployment.
		fmt.Fprintln(env.Stdout, locale.T(lang(env), "cli.demo.scope", demo.Region, *dbFile))
		fmt.Fprintln(env.Stdout, locale.T(lang(env), "cli.demo.stop"))
	})
}

// serve listens on addr and serves until ctx ends, then shuts down gracefully. region and period
// (--region, --period) override the stored home county and year; on a database without them
// (the first run) they are stored as its settings.
func serve(ctx context.Context, env Env, s *store.Store, addr, region, period string, tls tlsFiles, sf secondFactor, ops *opsOptions, ready func(url string)) error {
	services := app.Services(s)
	if region != "" {
		year := time.Now().Year()
		if p, err := pace.ParsePeriod(period); err == nil {
			year = p.Year
		}
		if err := services.Setup.FirstRun(ctx, domain.Actor{Username: actor()}, region, year); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	services.Accounts = services.Accounts.WithSecondFactor(sf.key, sf.enforce)
	services.Notify = services.Notify.WithMail(mailFromEnv(env))
	// The scheduler (app.Jobs: the outbox drain, the cadence's jobs) runs while the server does
	// and has stopped before the store closes.
	// Imports and job runs report their durations to the server's metrics (app.Observe).
	metrics := web.NewMetrics()
	sch := schedule.New(s, app.Jobs(services))
	app.Observe(metrics, services, sch)
	sctx, stopJobs := context.WithCancel(ctx)
	jobsDone := make(chan struct{})
	go func() { defer close(jobsDone); sch.Run(sctx) }()
	defer func() { stopJobs(); <-jobsDone }()
	srv := &http.Server{
		Handler: (&web.Server{Services: services, HomeRegion: region, HomePeriod: period, TLS: tls.cert != "",
			Log: ops.logger(env), MetricsToken: ops.metricsToken, Gauges: app.Gauges(s), Metrics: metrics, ReadStandby: ops.readStandby}).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	scheme := "http"
	if tls.cert != "" {
		scheme = "https"
	}
	url := scheme + "://" + ln.Addr().String() + "/"
	if ready != nil {
		ready(url)
	} else {
		fmt.Fprintln(env.Stdout, locale.T(lang(env), "cli.serve.serving", string(s.Dialect()), url))
	}
	errc := make(chan error, 1)
	go func() {
		if tls.cert != "" {
			errc <- srv.ServeTLS(ln, tls.cert, tls.key)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	}
}
