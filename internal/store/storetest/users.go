package storetest

import (
	"slices"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

var sysadmin = store.Who{Username: "admin", Role: domain.RoleSysadmin, IP: "10.0.0.1"}

func addUnit(t *testing.T, s *store.Store, u domain.Unit) {
	t.Helper()
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "units", Units: []domain.Unit{u}}); err != nil {
		t.Fatal(err)
	}
}

// testUsers: accounts are created once per name (case-insensitively), a reporter needs a known
// unit, listed by name; logins are counted and lock the account after MaxFailedLogins failures;
// a password change keeps the history and refuses a reused one.
func testUsers(t *testing.T, s *store.Store) {
	addUnit(t, s, domain.Unit{Code: "440784-tjj", Name: "统计局", RegionCode: "440784", Kind: "department"})
	ana, err := s.CreateUser(ctx, sysadmin, domain.User{Username: "Ana", DisplayName: "安娜", Role: domain.RoleAnalyst, PasswordHash: "h1"})
	if err != nil {
		t.Fatal(err)
	}
	if ana.ID == 0 || ana.Lang != "zh-CN" || ana.CreatedAt.IsZero() {
		t.Errorf("created: got %+v, want an id, zh-CN and a creation time", ana)
	}
	for name, u := range map[string]domain.User{
		"the same name in other case": {Username: "ANA", Role: domain.RoleLeader, PasswordHash: "h"},
		"an unknown unit":             {Username: "rep", Role: domain.RoleReporter, UnitCode: "no-such", PasswordHash: "h"},
	} {
		if _, err := s.CreateUser(ctx, sysadmin, u); err == nil {
			t.Errorf("%s: got no error, want a refusal", name)
		}
	}
	if _, err := s.CreateUser(ctx, sysadmin, domain.User{Username: "bob", Role: domain.RoleReporter, UnitCode: "440784-tjj", PasswordHash: "h"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.UserByName(ctx, "ANA")
	if err != nil || got.ID != ana.ID || got.DisplayName != "安娜" || got.Role != domain.RoleAnalyst {
		t.Errorf("by name: got %+v, %v; want Ana", got, err)
	}
	if _, err := s.UserByName(ctx, "nobody"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown user: got %v, want not_found", err)
	}
	all, err := s.Users(ctx)
	if err != nil || len(all) != 2 || all[0].Username != "Ana" || all[1].Username != "bob" || all[1].UnitCode != "440784-tjj" {
		t.Errorf("users: got %+v, %v; want Ana then bob of 440784-tjj", all, err)
	}

	// Failed logins: the store reads the row, lets the policy decide, and writes and audits what
	// it decided, in one transaction; a sign-in (CreateSession) stores the count the caller left.
	u := got
	lock := func(u *domain.User) bool { return u.LoginFailed(time.Now(), domain.DefaultSecurityPolicy()) }
	for i := 1; i < domain.MaxFailedLogins; i++ {
		if u, err = s.RecordLoginFailure(ctx, u.ID, "10.0.0.9", "auth.login_failed", lock); err != nil || u.FailedLogins != i || u.LockedUntil != nil {
			t.Fatalf("failure %d: got %d failures, locked %v, %v", i, u.FailedLogins, u.LockedUntil, err)
		}
	}
	u.LoginSucceeded()
	if err := s.CreateSession(ctx, u, "tok-good", "csrf", "10.0.0.9", time.Now()); err != nil {
		t.Fatal(err)
	}
	if stored, _ := s.UserByName(ctx, "ana"); stored.FailedLogins != 0 {
		t.Errorf("good login: got %d failures, want 0", stored.FailedLogins)
	}
	for range domain.MaxFailedLogins {
		u, _ = s.RecordLoginFailure(ctx, u.ID, "10.0.0.9", "auth.login_failed", lock)
	}
	stored, _ := s.UserByName(ctx, "ana")
	if stored.LockedUntil == nil || stored.LockedUntil.Sub(time.Now()) < domain.LockFor-time.Minute {
		t.Errorf("after %d failures: got locked until %v, want about %v from now", domain.MaxFailedLogins, stored.LockedUntil, domain.LockFor)
	}
	log, _ := s.AuditLog(ctx, 1)
	if log[0].Action != "auth.lockout" || log[0].Outcome != "failure" || log[0].SourceIP != "10.0.0.9" {
		t.Errorf("audit of the lockout: got %+v", log[0])
	}

	// Password change: check sees the recent hashes, newest first, and may refuse the change.
	refuseReuse := func(h string) func([]string) error {
		return func(recent []string) error {
			if slices.Contains(recent, h) {
				return domain.E(domain.EINVALID, "accounts.password_reused", domain.PasswordHistory)
			}
			return nil
		}
	}
	if err := s.ChangePassword(ctx, store.Who{Username: "Ana"}, stored, "h2", domain.PasswordHistory, "", refuseReuse("h2")); err != nil {
		t.Fatal(err)
	}
	stored, _ = s.UserByName(ctx, "ana")
	if err := s.ChangePassword(ctx, store.Who{Username: "Ana"}, stored, "h1", domain.PasswordHistory, "", refuseReuse("h1")); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("reusing the first password: got %v, want invalid", err)
	}
	if stored.PasswordHash != "h2" || stored.MustChange || stored.PasswordChangedAt.Before(ana.PasswordChangedAt) {
		t.Errorf("after the change: got %+v, want hash h2", stored)
	}
}

// testSessions: a session is found by its token (only its hash is stored) until it is expired
// or ended at logout; last use is recorded. Whether it is still good is the workflow's to decide.
func testSessions(t *testing.T, s *store.Store) {
	u, err := s.CreateUser(ctx, sysadmin, domain.User{Username: "ana", Role: domain.RoleAnalyst, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := s.CreateSession(ctx, u, "tok-1", "csrf-1", "10.0.0.2", at); err != nil {
		t.Fatal(err)
	}
	sess, err := s.SessionByToken(ctx, "tok-1")
	if err != nil || sess.User.ID != u.ID || sess.CSRFToken != "csrf-1" || !sess.CreatedAt.Equal(at) || !sess.LastSeen.Equal(at) {
		t.Fatalf("session: got %+v, %v; want ana's with its CSRF token, created and seen at %v", sess, err, at)
	}
	if rows, err := rawOf(t, s).RowsForTest(ctx, `SELECT COUNT(*) FROM sessions WHERE token_hash = 'tok-1'`); err != nil || rows[0][0] != int64(0) {
		t.Errorf("the token itself stored: got %v, %v; want only its hash", rows, err)
	}
	if _, err := s.SessionByToken(ctx, "tok-2"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown token: got %v, want not_found", err)
	}
	later := at.Add(30 * time.Minute)
	if err := s.TouchSession(ctx, "tok-1", later); err != nil {
		t.Fatal(err)
	}
	if sess, err := s.SessionByToken(ctx, "tok-1"); err != nil || !sess.LastSeen.Equal(later) || !sess.CreatedAt.Equal(at) {
		t.Errorf("after a touch: got %+v, %v; want last seen %v", sess, err, later)
	}
	if err := s.ExpireSession(ctx, "tok-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByToken(ctx, "tok-1"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("after expiring: got %v, want the session deleted", err)
	}
	if err := s.CreateSession(ctx, u, "tok-3", "csrf-3", "10.0.0.2", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, store.Who{Username: "ana", IP: "10.0.0.2"}, "tok-3"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByToken(ctx, "tok-3"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("after logout: got %v, want not_found", err)
	}
	log, _ := s.AuditLog(ctx, 10)
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
	}
	if log[0].Action != "auth.logout" || !slices.Contains(actions, "auth.login") {
		t.Errorf("audit: got %v, want auth.login and auth.logout last", actions)
	}
}
