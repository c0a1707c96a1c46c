package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// NewAppRole sets up a least-privilege role of a name of its own for owner's (PostgreSQL)
// database with GrantAppRole, twice (it is idempotent), and returns a URL that connects as it to
// the same schema. The role is dropped after the test.
func NewAppRole(t testing.TB, owner *store.Store) (role, dsn string) {
	t.Helper()
	buf := make([]byte, 6)
	rand.Read(buf)
	role = "pacer_app_" + hex.EncodeToString(buf)
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", DSN(t, owner))
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec(`DROP OWNED BY ` + role)
		admin.Exec(`DROP ROLE ` + role)
	})
	for range 2 {
		if err := owner.GrantAppRole(context.Background(), role); err != nil {
			t.Fatalf("grant %s: %v", role, err)
		}
	}
	u, err := url.Parse(DSN(t, owner))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	return role, u.String()
}

// OpenAsAppRole opens owner's database as a new least-privilege role (NewAppRole).
func OpenAsAppRole(t testing.TB, owner *store.Store) *store.Store {
	t.Helper()
	_, dsn := NewAppRole(t, owner)
	app, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open as the app role: %v", err)
	}
	t.Cleanup(func() { app.Close() })
	return app
}

// permissionDenied reports whether err is PostgreSQL's insufficient_privilege (42501).
func permissionDenied(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == "42501"
}

// appRole: the server's work done through a store connected as the role GrantAppRole sets up —
// accounts, a session, an import by the bulk path, a submission, the retention — succeeds and is
// audited, while changing or emptying the audit log, opening its purge permit, purging and
// changing the schema are refused for want of privilege.
func appRole(t *testing.T, owner *store.Store) {
	app := OpenAsAppRole(t, owner)
	admin := store.Who{Username: "admin", Role: domain.RoleSysadmin, IP: "10.0.0.1"}
	u, err := app.CreateUser(ctx, admin, domain.User{Username: "ana", Role: domain.RoleAnalyst, PasswordHash: "h"})
	if err != nil {
		t.Fatalf("create a user as the app role: %v", err)
	}
	if err := app.CreateSession(ctx, u, "tok", "csrf", "10.0.0.2", time.Now()); err != nil {
		t.Fatalf("sign in as the app role: %v", err)
	}
	regions, err := app.Peers(ctx, "CN")
	if err != nil {
		t.Fatal(err)
	}
	var rows []domain.Observation
	for _, r := range regions {
		rows = append(rows, obs(r.Code, "retail", "2023-06", domain.F(10), domain.F(5)))
	}
	if res, err := app.ApplyBatch(ctx, store.Batch{Actor: "ana", Source: "bulk.csv", Observations: rows}); err != nil || res.Observations.New != len(rows) {
		t.Fatalf("import as the app role: got %+v, %v; want %d new", res.Observations, err, len(rows))
	}
	if err := app.SetAuditRetention(ctx, store.Who{Username: "sec", Role: domain.RoleSecadmin}, 200); err != nil {
		t.Errorf("set the retention as the app role: %v", err)
	}
	log, err := app.AuditLog(ctx, 10)
	if err != nil || len(log) < 3 || log[0].Action != "audit.retention" || log[1].Action != "import" {
		t.Errorf("audit rows written as the app role: got %+v, %v", log, err)
	}

	count := func() any {
		rows, err := rawOf(t, owner).RowsForTest(ctx, `SELECT COUNT(*) FROM audit_log`)
		if err != nil {
			t.Fatal(err)
		}
		return rows[0][0]
	}
	before := count()
	r := rawOf(t, app)
	for _, q := range []string{
		`UPDATE audit_log SET actor = 'mallory'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
		`INSERT INTO audit_log (id, recorded_at, actor, action, object) SELECT id, now(), 'mallory', 'x', 'x' FROM audit_log
			ON CONFLICT (id) DO UPDATE SET actor = 'mallory'`,
		`INSERT INTO audit_log (id, recorded_at, actor, action, object) VALUES (1000000, now(), 'mallory', 'x', 'x')`,
		`INSERT INTO audit_purge_gate (audit_id) SELECT max(id) FROM audit_log`,
		`DELETE FROM audit_retention`,
		`DELETE FROM schema_migrations`,
		`ALTER TABLE audit_log DISABLE TRIGGER USER`,
		`DROP TRIGGER audit_log_no_change ON audit_log`,
		`DROP TABLE audit_log`,
		`CREATE TABLE mallory (x TEXT)`,
		`SELECT setval(pg_get_serial_sequence('audit_log', 'id'), 1)`,
		`SET session_replication_role = replica`,
	} {
		if err := r.ExecForTest(ctx, q); !permissionDenied(err) {
			t.Errorf("%s as the app role: got %v, want permission denied (42501)", q, err)
		}
	}
	if _, err := app.PurgeAudit(ctx, store.Who{Username: "mallory"}, time.Now().AddDate(-1, 0, 0)); !errors.Is(err, store.ErrAuditPurgePrivilege) ||
		domain.ErrorKind(err) != domain.EFORBIDDEN {
		t.Errorf("purge as the app role: got %v, want ErrAuditPurgePrivilege", err)
	}
	if after := count(); after != before {
		t.Errorf("audit rows after the attempts: got %v, want %v", after, before)
	}
}
