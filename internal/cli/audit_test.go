package cli_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"pacer/internal/cli"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// sqlDB opens db (a SQLite file or a postgres:// URL) directly, to set up and read what the
// commands cannot.
func sqlDB(t *testing.T, db string) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", db
	if store.IsPostgres(db) {
		driver = "pgx"
	}
	c, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// putOldAuditRow appends an audit row recorded at (the log takes any append).
func putOldAuditRow(t *testing.T, db string, at time.Time, object string) {
	t.Helper()
	var when any = at
	if !store.IsPostgres(db) {
		when = at.UTC().Format("2006-01-02T15:04:05.000000Z")
	}
	if _, err := sqlDB(t, db).Exec(`INSERT INTO audit_log (recorded_at, actor, action, object) VALUES ($1, 'tester', 'import', $2)`,
		when, object); err != nil {
		t.Fatal(err)
	}
}

func auditObjectsOf(t *testing.T, db string) map[string]bool {
	t.Helper()
	rows, err := sqlDB(t, db).Query(`SELECT object FROM audit_log`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var o string
		rows.Scan(&o)
		out[o] = true
	}
	return out
}

// pacer audit purge: refuses a date within the 180-day retention with the earliest date it
// would take, removes only the rows before the date, and leaves its own audit row.
func TestAuditPurgeCommand(t *testing.T) {
	en := map[string]string{"PACER_LANG": "en"}
	for _, d := range databases() {
		t.Run(d.name, func(t *testing.T) {
			db := d.make(t)
			if r := runIn(t, "Pass-word-1\n", "user", "add", "ana", "--role", "analyst", "--db", db); r.code != 0 {
				t.Fatalf("user add: %d %s", r.code, r.stderr)
			}
			now := time.Now()
			putOldAuditRow(t, db, now.AddDate(0, 0, -400), "d400")
			putOldAuditRow(t, db, now.AddDate(0, 0, -100), "d100")
			day := func(days int) string { return now.AddDate(0, 0, -days).Format("2006-01-02") }
			// The earliest date a purge may take is 180 days before the command's own day, which is
			// the day after the test's if midnight passed in between: either is right.
			limit := func(at time.Time) string {
				return "they are kept 180 days, so only rows recorded before " + at.AddDate(0, 0, -180).Format("2006-01-02")
			}
			for _, tc := range []struct {
				name   string
				args   []string
				code   int
				stderr string
			}{
				{"within the retention", []string{"--before", day(90)}, 1, limit(now)},
				{"one day short", []string{"--before", day(179)}, 1, "they are kept 180 days"},
				{"not a date", []string{"--before", "2023-13-01"}, 1, "--before “2023-13-01” is not a date"},
				{"no date", nil, 2, "--before is required"},
			} {
				r := run(t, en, append([]string{"audit", "purge", "--db", db}, tc.args...)...)
				if tc.stderr == limit(now) && !strings.Contains(r.stderr, tc.stderr) {
					tc.stderr = limit(time.Now())
				}
				if r.code != tc.code || !strings.Contains(r.stderr, tc.stderr) {
					t.Errorf("%s: got exit %d, %q; want %d and %q", tc.name, r.code, r.stderr, tc.code, tc.stderr)
				}
			}
			if got := auditObjectsOf(t, db); !got["d400"] || !got["d100"] {
				t.Fatalf("after refused purges: got %v, want d400 and d100 kept", got)
			}
			r := run(t, en, "audit", "purge", "--db", db, "--before", day(200))
			if r.code != 0 || !strings.Contains(r.stdout, "1 audit rows recorded before "+day(200)+" purged") {
				t.Fatalf("purge: got exit %d, %q %q; want 1 row purged", r.code, r.stdout, r.stderr)
			}
			got := auditObjectsOf(t, db)
			if got["d400"] || !got["d100"] || !got["user:ana"] {
				t.Errorf("after the purge: got %v, want d400 gone, d100 and ana's creation kept", got)
			}
			var purges int
			if err := sqlDB(t, db).QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'audit.purge' AND old_value = 'rows=1'`).Scan(&purges); err != nil || purges != 1 {
				t.Errorf("the purge's own row: got %d, %v; want 1", purges, err)
			}
		})
	}
}

// pacer db grant is for PostgreSQL only.
func TestDBGrantSQLite(t *testing.T) {
	r := run(t, map[string]string{"PACER_LANG": "en"}, "db", "grant", "--db", filepath.Join(t.TempDir(), "x.db"))
	if r.code != 1 || !strings.Contains(r.stderr, "pacer db grant is for PostgreSQL") {
		t.Errorf("got exit %d, %q; want 1 and the PostgreSQL-only message", r.code, r.stderr)
	}
}

// pacer serve runs as the role pacer db grant sets up: a login over HTTP, an import and a backup
// work (and are audited), while the role cannot change, delete, truncate or purge the audit log.
func TestServeAsAppRole(t *testing.T) {
	owner, drop := storetest.NewPostgresSchema(t)
	t.Cleanup(drop)
	buf := make([]byte, 6)
	rand.Read(buf)
	role := "pacer_app_" + hex.EncodeToString(buf)
	t.Cleanup(func() {
		c, err := sql.Open("pgx", owner)
		if err != nil {
			return
		}
		defer c.Close()
		c.Exec(`DROP OWNED BY ` + role)
		c.Exec(`DROP ROLE ` + role)
	})
	if r := runIn(t, "Pass-word-1\n", "user", "add", "ana", "--role", "analyst", "--db", owner); r.code != 0 {
		t.Fatalf("user add: %d %s", r.code, r.stderr)
	}
	for range 2 { // idempotent
		if r := runIn(t, "", "db", "grant", "--db", owner, "--role", role); r.code != 0 || !strings.Contains(r.stdout, role) {
			t.Fatalf("db grant: got %d %q %q", r.code, r.stdout, r.stderr)
		}
	}
	u, _ := url.Parse(owner)
	u.User = url.User(role)
	app := u.String()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	var errb strings.Builder
	go func() {
		done <- cli.Main(ctx, cli.Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: &errb, Getenv: func(string) string { return "" }},
			[]string{"serve", "--db", app, "--addr", "127.0.0.1:0"})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve as %s printed nothing: %v (exit %d) %s", role, err, <-done, errb.String())
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("got %q, want an http:// URL", line)
	}
	base := strings.TrimSuffix(strings.TrimSpace(line[i:]), "/")
	c := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(base+"/login", url.Values{"username": {"ana"}, "password": {"Pass-word-1"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) == 0 {
		t.Errorf("login through the server as %s: got %d, cookies %v; want 303 and a session", role, res.StatusCode, res.Cookies())
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exit: got %d, want 0 (%s)", code, errb.String())
	}

	stats := writeFile(t, t.TempDir(), "stats.csv", statsCSV)
	if r := runIn(t, "", "import", "--db", app, stats); r.code != 0 {
		t.Errorf("import as %s: got exit %d %s", role, r.code, r.stderr)
	}
	if r := runIn(t, "", "backup", "--db", app, "--out", filepath.Join(t.TempDir(), "app.dump")); r.code != 0 {
		t.Errorf("backup as %s: got exit %d %s", role, r.code, r.stderr)
	}
	if r := run(t, map[string]string{"PACER_LANG": "en"}, "audit", "purge", "--db", app, "--before", time.Now().AddDate(-1, 0, 0).Format("2006-01-02")); r.code != 1 ||
		!strings.Contains(r.stderr, "this database role may not purge the audit log") {
		t.Errorf("purge as %s: got exit %d %q; want 1 and the privilege message", role, r.code, r.stderr)
	}

	var actions []string
	rows, err := sqlDB(t, owner).Query(`SELECT action FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		rows.Scan(&a)
		actions = append(actions, a)
	}
	rows.Close()
	if got := strings.Join(actions, " "); !strings.Contains(got, "auth.login") || !strings.Contains(got, "import") || strings.Contains(got, "audit.purge") {
		t.Errorf("audit actions: got %s, want the login and the import, and no purge", got)
	}
	asApp := sqlDB(t, app)
	for _, q := range []string{`UPDATE audit_log SET actor = 'mallory'`, `DELETE FROM audit_log`, `TRUNCATE audit_log`} {
		_, err := asApp.Exec(q)
		var pg *pgconn.PgError
		if !errors.As(err, &pg) || pg.Code != "42501" {
			t.Errorf("%s as %s: got %v, want permission denied (42501)", q, role, err)
		}
	}
}
