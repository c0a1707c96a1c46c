package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// putAuditRow appends an audit row recorded at, as an old release would have written it: the
// log takes any append, whatever its time.
func putAuditRow(t *testing.T, s *store.Store, at time.Time, action, object string) {
	t.Helper()
	var when any = at
	if s.Dialect() == store.SQLite {
		when = at.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z")
	}
	if _, err := rawOf(t, s).RowsForTest(ctx, `INSERT INTO audit_log (recorded_at, actor, action, object) VALUES ($1, 'tester', $2, $3)`,
		when, action, object); err != nil {
		t.Fatal(err)
	}
}

// auditObjects returns the objects of the log's rows, oldest first.
func auditObjects(t *testing.T, s *store.Store) []string {
	t.Helper()
	rows, err := rawOf(t, s).RowsForTest(ctx, `SELECT object FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r[0].(string))
	}
	return out
}

// testAuditRetention: 180 days until set; a change is audited old → new; the database refuses
// fewer than 180 days.
func testAuditRetention(t *testing.T, s *store.Store) {
	if days, err := s.AuditRetention(ctx); err != nil || days != domain.MinAuditRetentionDays {
		t.Fatalf("retention of a new database: got %d, %v; want %d", days, err, domain.MinAuditRetentionDays)
	}
	sec := store.Who{Username: "sec", Role: domain.RoleSecadmin}
	if err := s.SetAuditRetention(ctx, sec, 180); err != nil {
		t.Fatal(err)
	}
	if log, _ := s.AuditLog(ctx, 10); len(log) != 0 {
		t.Errorf("180 days again: got %+v, want nothing written", log)
	}
	if err := s.SetAuditRetention(ctx, sec, 365); err != nil {
		t.Fatal(err)
	}
	if days, err := s.AuditRetention(ctx); err != nil || days != 365 {
		t.Errorf("after setting 365: got %d, %v", days, err)
	}
	if err := s.SetAuditRetention(ctx, sec, 179); err == nil {
		t.Error("retention of 179 days: got no error, want the database to refuse it")
	}
	if days, _ := s.AuditRetention(ctx); days != 365 {
		t.Errorf("after a refused change: got %d, want 365 kept", days)
	}
	log, _ := s.AuditLog(ctx, 1)
	if len(log) != 1 || log[0].Action != "audit.retention" || log[0].OldValue != "days=180" || log[0].NewValue != "days=365" ||
		log[0].Actor != "sec (secadmin)" {
		t.Errorf("audit row: got %+v, want sec's audit.retention days=180 → days=365", log)
	}
}

// testAuditPurge: PurgeAudit removes the rows before the cut-off and nothing else, audits itself
// first (that row stays, as do records of earlier purges), and the database refuses the whole
// purge when it would reach a row within the retention.
func testAuditPurge(t *testing.T, s *store.Store) {
	now := time.Now()
	day := 24 * time.Hour
	putAuditRow(t, s, now.Add(-400*day), "import", "d400")
	putAuditRow(t, s, now.Add(-300*day), "audit.purge", "old purge")
	putAuditRow(t, s, now.Add(-200*day), "import", "d200")
	putAuditRow(t, s, now.Add(-100*day), "import", "d100")
	putAuditRow(t, s, now, "import", "today")
	op := store.Who{Username: "cli:root"}

	// Within the retention (180 days): the database refuses, nothing changes.
	if n, err := s.PurgeAudit(ctx, op, now.Add(-90*day)); err == nil {
		t.Errorf("purge before 90 days ago: got %d removed, want the database to refuse", n)
	}
	want := []string{"d400", "old purge", "d200", "d100", "today"}
	if got := auditObjects(t, s); !slices.Equal(got, want) {
		t.Fatalf("after a refused purge: got %v, want %v", got, want)
	}

	// A longer retention holds too: with 365 days, a cut-off 190 days ago reaches d200's row.
	if err := s.SetAuditRetention(ctx, op, 365); err != nil {
		t.Fatal(err)
	}
	if n, err := s.PurgeAudit(ctx, op, now.Add(-190*day)); err == nil {
		t.Errorf("purge within a 365-day retention: got %d removed, want a refusal", n)
	}
	if err := s.SetAuditRetention(ctx, op, 180); err != nil {
		t.Fatal(err)
	}

	cut := now.Add(-190 * day)
	n, err := s.PurgeAudit(ctx, op, cut)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("removed: got %d, want 2 (d400, d200; the old purge record stays)", n)
	}
	got := auditObjects(t, s)
	purgeObj := "audit_log before " + cut.Format(time.RFC3339)
	want = []string{"old purge", "d100", "today", "audit_log", "audit_log", purgeObj}
	if !slices.Equal(got, want) {
		t.Errorf("after the purge: got %v, want %v", got, want)
	}
	log, _ := s.AuditLog(ctx, 1)
	if len(log) != 1 || log[0].Action != "audit.purge" || log[0].OldValue != "rows=2" || log[0].NewValue != "rows=0" || log[0].Actor != "cli:root" {
		t.Errorf("the purge's own row: got %+v, want cli:root's audit.purge rows=2 → rows=0", log)
	}
	// Nothing left before the cut-off: a second purge removes nothing and is recorded too.
	if n, err := s.PurgeAudit(ctx, op, cut); err != nil || n != 0 {
		t.Errorf("second purge: got %d, %v; want 0 removed", n, err)
	}
	if got := auditObjects(t, s); len(got) != len(want)+1 {
		t.Errorf("after a second purge: got %v, want one more row than %v", got, want)
	}
	// The permit does not outlive the purge.
	if rows, err := rawOf(t, s).RowsForTest(ctx, `SELECT COUNT(*) FROM audit_purge_gate`); err != nil || fmt.Sprint(rows[0][0]) != "0" {
		t.Errorf("permits after the purge: got %v, %v; want none", rows, err)
	}
}

// testAuditNoSideDoor: the delete triggers let nothing else through — a row past the retention
// without a permit, with a permit that names an older row or a row that is not a purge's, and a
// purge's own record past the retention. UPDATE, REPLACE and TRUNCATE never pass.
func testAuditNoSideDoor(t *testing.T, s *store.Store) {
	r := rawOf(t, s)
	old := time.Now().Add(-400 * 24 * time.Hour)
	putAuditRow(t, s, old, "import", "old")
	putAuditRow(t, s, old, "audit.purge", "old purge")
	putAuditRow(t, s, time.Now(), "import", "new")
	ids, err := r.RowsForTest(ctx, `SELECT id FROM audit_log ORDER BY id`)
	if err != nil || len(ids) != 3 {
		t.Fatalf("got %v, %v; want 3 rows", ids, err)
	}
	oldID, purgeID, newID := ids[0][0], ids[1][0], ids[2][0]
	deleteOld := fmt.Sprintf(`DELETE FROM audit_log WHERE id = %v`, oldID)
	steps := []struct {
		name string
		qs   []string
	}{
		{"no permit", []string{deleteOld}},
		{"a permit naming an older purge row", []string{fmt.Sprintf(`INSERT INTO audit_purge_gate (audit_id) VALUES (%v)`, purgeID), deleteOld}},
		{"a permit naming the newest row, not a purge's", []string{`DELETE FROM audit_purge_gate`,
			fmt.Sprintf(`INSERT INTO audit_purge_gate (audit_id) VALUES (%v)`, newID), deleteOld}},
		{"update", []string{fmt.Sprintf(`UPDATE audit_log SET actor = 'mallory' WHERE id = %v`, oldID)}},
		{"delete all", []string{`DELETE FROM audit_log`}},
	}
	if s.Dialect() == store.SQLite {
		steps = append(steps,
			struct {
				name string
				qs   []string
			}{"insert or replace", []string{fmt.Sprintf(`INSERT OR REPLACE INTO audit_log (id, recorded_at, actor, action, object)
				VALUES (%v, '2020-01-01T00:00:00.000000Z', 'mallory', 'x', 'x')`, newID)}},
			struct {
				name string
				qs   []string
			}{"replace into", []string{fmt.Sprintf(`REPLACE INTO audit_log (id, recorded_at, actor, action, object)
				VALUES (%v, '2020-01-01T00:00:00.000000Z', 'mallory', 'x', 'x')`, oldID)}},
			struct {
				name string
				qs   []string
			}{"an id from the future", []string{`INSERT INTO audit_log (id, recorded_at, actor, action, object)
				VALUES (1000000, '2020-01-01T00:00:00.000000Z', 'mallory', 'x', 'x')`}},
			struct {
				name string
				qs   []string
			}{"the id -1", []string{`INSERT INTO audit_log (id, recorded_at, actor, action, object)
				VALUES (-1, '2020-01-01T00:00:00.000000Z', 'mallory', 'x', 'x')`}})
	} else {
		steps = append(steps,
			struct {
				name string
				qs   []string
			}{"truncate", []string{`TRUNCATE audit_log`}},
			struct {
				name string
				qs   []string
			}{"upsert", []string{fmt.Sprintf(`INSERT INTO audit_log (id, recorded_at, actor, action, object)
				VALUES (%v, now(), 'mallory', 'x', 'x') ON CONFLICT (id) DO UPDATE SET actor = 'mallory'`, newID)}})
	}
	for _, st := range steps {
		var err error
		for _, q := range st.qs {
			if err = r.ExecForTest(ctx, q); err != nil {
				break
			}
		}
		if err == nil {
			t.Errorf("%s: got no error, want the audit log to refuse", st.name)
		}
	}
	// With a permit that would do for a purge (it names the newest row, a purge's), a purge's
	// own record and a row within the retention still stay.
	if err := r.ExecForTest(ctx, `DELETE FROM audit_purge_gate`); err != nil {
		t.Fatal(err)
	}
	putAuditRow(t, s, time.Now(), "audit.purge", "purge")
	if err := r.ExecForTest(ctx, `INSERT INTO audit_purge_gate (audit_id) SELECT max(id) FROM audit_log`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{fmt.Sprintf(`DELETE FROM audit_log WHERE id = %v`, purgeID), fmt.Sprintf(`DELETE FROM audit_log WHERE id = %v`, newID)} {
		if err := r.ExecForTest(ctx, q); err == nil {
			t.Errorf("%s with a purge's permit: got no error, want a refusal", q)
		}
	}
	if got, want := auditObjects(t, s), []string{"old", "old purge", "new", "purge"}; !slices.Equal(got, want) {
		t.Errorf("after the attempts: got %v, want %v untouched", got, want)
	}
	if log, _ := s.AuditLog(ctx, 10); slices.ContainsFunc(log, func(e store.AuditEntry) bool { return e.Actor == "mallory" }) {
		t.Errorf("got a row by mallory: %+v", log)
	}
}

// testGrantAppRole: on SQLite there are no roles; on PostgreSQL a bad name and a privileged role
// are refused, and the role it sets up is held to appRole.
func testGrantAppRole(t *testing.T, s *store.Store) {
	if s.Dialect() == store.SQLite {
		if err := s.GrantAppRole(ctx, "pacer_app"); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("SQLite: got %v, want an invalid-request error", err)
		}
		return
	}
	if err := s.GrantAppRole(ctx, "Robert'); DROP TABLE users; --"); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("bad role name: got %v, want invalid", err)
	}
	if err := s.GrantAppRole(ctx, "postgres"); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("a superuser as the app role: got %v, want invalid", err)
	}
	r := rawOf(t, s)
	var owner string
	if rows, err := r.RowsForTest(ctx, `SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'audit_log'`); err != nil || len(rows) != 1 {
		t.Fatalf("owner: got %v, %v", rows, err)
	} else {
		owner = rows[0][0].(string)
	}
	for _, tc := range []struct{ name, setup string }{
		{"may create roles", `CREATE ROLE %s LOGIN CREATEROLE`},
		{"a member of the owner", `CREATE ROLE %s LOGIN IN ROLE ` + owner},
	} {
		role := fmt.Sprintf("pacer_bad_%d", time.Now().UnixNano())
		if err := r.ExecForTest(ctx, fmt.Sprintf(tc.setup, role)); err != nil {
			t.Fatal(err)
		}
		err := s.GrantAppRole(ctx, role)
		r.ExecForTest(ctx, `DROP OWNED BY `+role)
		r.ExecForTest(ctx, `DROP ROLE `+role)
		if domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("a role that %s: got %v, want invalid", tc.name, err)
		}
	}
	appRole(t, s)
}
