package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"pacer/internal/app"
	"time"

	"pacer/internal/demo"
	"pacer/internal/store"
	"pacer/internal/web"
)

func runServe(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "serve")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	region := fs.String("region", "", "region the home page shows first")
	period := fs.String("period", "", "period the home page shows first")
	cert := fs.String("tls-cert", "", "TLS certificate (PEM); required unless --addr is a loopback address")
	key := fs.String("tls-key", "", "TLS private key (PEM)")
	secretKey := fs.String("secret-key", "", "file of the key that seals second-factor secrets, created if missing (default: the SQLite file's name + .secret-key; none for PostgreSQL)")
	enforce2FA := fs.Bool("second-factor", false, "require a second factor (TOTP) of the roles the security policy names (等保 level 3)")
	policy := policyFlags(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	tls := tlsFiles{*cert, *key}
	if (tls.cert == "") != (tls.key == "") {
		return usageError{"--tls-cert and --tls-key go together"}
	}
	if tls.cert == "" && !loopback(*addr) {
		return usageError{fmt.Sprintf("%s is not a loopback address: serve it over TLS (--tls-cert, --tls-key)", *addr)}
	}
	sf := secondFactor{enforce: *enforce2FA}
	keyPath := secretKeyPath(*secretKey, *db)
	if keyPath == "" && sf.enforce {
		return usageError{"--second-factor needs --secret-key FILE with a PostgreSQL database"}
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := seedPolicy(ctx, env, s, policy); err != nil {
		return err
	}
	if keyPath != "" {
		if sf.key, err = loadSecretKey(keyPath); err != nil {
			return err
		}
	}
	return serve(ctx, env, s, *addr, *region, *period, tls, sf, nil)
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
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dbFile := fs.String("db", "pacer-demo.db", "SQLite file to (re)create for the demo")
	password := fs.String("demo-password", "", "password of every demo account (default: a random one each)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if store.IsPostgres(*dbFile) {
		return usageError{"the demo builds a fresh SQLite file; give a file path"}
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
	fmt.Fprintf(env.Stdout, "Pacer 演示：鹤山市 2023 年（江门日报《找准“五大着力点”向全年目标奋进》），数据库 %s\n", *dbFile)
	if !loopback(*addr) {
		return usageError{"the demo serves on a loopback address only (e.g. 127.0.0.1:8080)"}
	}
	// The demo is a second-level deployment: a second factor may be tried out, none is required.
	key, err := loadSecretKey(*dbFile + ".secret-key")
	if err != nil {
		return err
	}
	return serve(ctx, env, s, *addr, demo.Region, demo.Period, tlsFiles{}, secondFactor{key: key}, func(url string) {
		fmt.Fprintf(env.Stdout, "打开 %s\n", url)
		fmt.Fprintf(env.Stdout, "  计分卡 JSON：%sapi/v1/scorecard?region=%s&period=%s\n", url, demo.Region, demo.Period)
		fmt.Fprintf(env.Stdout, "  排名 JSON：  %sapi/v1/ranking?parent=440700&indicator=retail&period=2023-06\n", url)
		fmt.Fprintln(env.Stdout, "演示账号（用户名 / 密码 / 角色）：")
		for _, a := range accounts {
			unit := ""
			if a.Unit != "" {
				unit = "，单位 " + a.Unit
			}
			fmt.Fprintf(env.Stdout, "  %-15s %s  %s%s\n", a.Username, a.Password, a.Role, unit)
		}
		fmt.Fprintln(env.Stdout, "按 Ctrl+C 停止。")
	})
}

// serve listens on addr and serves until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, env Env, s *store.Store, addr, region, period string, tls tlsFiles, sf secondFactor, ready func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	services := app.Services(s)
	services.Accounts = services.Accounts.WithSecondFactor(sf.key, sf.enforce)
	srv := &http.Server{
		Handler:           (&web.Server{Services: services, HomeRegion: region, HomePeriod: period, TLS: tls.cert != ""}).Handler(),
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
		fmt.Fprintf(env.Stdout, "Pacer serving %s on %s\n", s.Dialect(), url)
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
