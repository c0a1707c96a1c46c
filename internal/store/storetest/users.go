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

	// Failed logins count up and lock; a good one clears the count.
	u := got
	for i := 1; i < store.MaxFailedLogins; i++ {
		if u, err = s.RecordLogin(ctx, u, false, "10.0.0.9"); err != nil || u.FailedLogins != i || u.LockedUntil != nil {
			t.Fatalf("failure %d: got %d failures, locked %v, %v", i, u.FailedLogins, u.LockedUntil, err)
		}
	}
	if u, err = s.RecordLogin(ctx, u, true, "10.0.0.9"); err != nil || u.FailedLogins != 0 {
		t.Errorf("good login: got %d failures, %v; want 0", u.FailedLogins, err)
	}
	for range store.MaxFailedLogins {
		u, _ = s.RecordLogin(ctx, u, false, "10.0.0.9")
	}
	stored, _ := s.UserByName(ctx, "ana")
	if stored.LockedUntil == nil || stored.LockedUntil.Sub(time.Now()) < store.LockFor-time.Minute {
		t.Errorf("after %d failures: got locked until %v, want about %v from now", store.MaxFailedLogins, stored.LockedUntil, store.LockFor)
	}
	log, _ := s.AuditLog(ctx, 1)
	if log[0].Action != "auth.lockout" || log[0].Outcome != "failure" || log[0].SourceIP != "10.0.0.9" {
		t.Errorf("audit of the lockout: got %+v", log[0])
	}

	// Password change: the history refuses a reused hash.
	reused := func(h string) func(string) bool { return func(old string) bool { return old == h } }
	if err := s.ChangePassword(ctx, store.Who{Username: "Ana"}, stored, "h2", reused("h2")); err != nil {
		t.Fatal(err)
	}
	stored, _ = s.UserByName(ctx, "ana")
	if err := s.ChangePassword(ctx, store.Who{Username: "Ana"}, stored, "h1", reused("h1")); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("reusing the first password: got %v, want invalid", err)
	}
	if stored.PasswordHash != "h2" || stored.MustChange || stored.PasswordChangedAt.Before(ana.PasswordChangedAt) {
		t.Errorf("after the change: got %+v, want hash h2", stored)
	}
}

// testSessions: a session is found by its token until it idles out or ages out (then deleted),
// and ends at logout; only the token's hash is stored.
func testSessions(t *testing.T, s *store.Store) {
	u, err := s.CreateUser(ctx, sysadmin, domain.User{Username: "ana", Role: domain.RoleAnalyst, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, u, "tok-1", "csrf-1", "10.0.0.2"); err != nil {
		t.Fatal(err)
	}
	sess, err := s.SessionByToken(ctx, "tok-1", time.Hour, 8*time.Hour)
	if err != nil || sess.User.ID != u.ID || sess.CSRFToken != "csrf-1" || sess.CreatedAt.IsZero() {
		t.Fatalf("session: got %+v, %v; want ana's with its CSRF token", sess, err)
	}
	if rows, err := rawOf(t, s).RowsForTest(ctx, `SELECT COUNT(*) FROM sessions WHERE token_hash = 'tok-1'`); err != nil || rows[0][0] != int64(0) {
		t.Errorf("the token itself stored: got %v, %v; want only its hash", rows, err)
	}
	if _, err := s.SessionByToken(ctx, "tok-2", time.Hour, 8*time.Hour); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown token: got %v, want not_found", err)
	}
	// Aged out: every session is older than a negative lifetime (and it is deleted then).
	if _, err := s.SessionByToken(ctx, "tok-1", time.Hour, -time.Second); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("aged out: got %v, want not_found", err)
	}
	if _, err := s.SessionByToken(ctx, "tok-1", time.Hour, 8*time.Hour); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("after ageing out: got %v, want the session deleted", err)
	}
	if err := s.CreateSession(ctx, u, "tok-3", "csrf-3", "10.0.0.2"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, store.Who{Username: "ana", IP: "10.0.0.2"}, "tok-3"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByToken(ctx, "tok-3", time.Hour, 8*time.Hour); domain.ErrorKind(err) != domain.ENOTFOUND {
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

// testAPITokens: a token names its account until the account is gone; unknown tokens are not
// found.
func testAPITokens(t *testing.T, s *store.Store) {
	u, err := s.CreateUser(ctx, sysadmin, domain.User{Username: "bot", Role: domain.RoleLeader, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAPIToken(ctx, sysadmin, u, "dashboard", "secret-1"); err != nil {
		t.Fatal(err)
	}
	got, err := s.UserByAPIToken(ctx, "secret-1")
	if err != nil || got.ID != u.ID || got.Role != domain.RoleLeader {
		t.Errorf("by token: got %+v, %v; want bot", got, err)
	}
	if _, err := s.UserByAPIToken(ctx, "secret-2"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown token: got %v, want not_found", err)
	}
	if err := s.CreateAPIToken(ctx, sysadmin, u, "again", "secret-1"); err == nil {
		t.Error("the same token twice: got no error, want a refusal")
	}
	if log, _ := s.AuditLog(ctx, 5); log[0].Action != "api_token.create" || log[0].NewValue != "dashboard" {
		t.Errorf("audit: got %+v, want api_token.create of dashboard", log[0])
	}
}
