package storetest

import (
	"slices"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

var secadmin = store.Who{Username: "sec", Role: domain.RoleSecadmin, IP: "10.0.0.3"}

// testSecurityPolicy: settings start empty; a first-run write fills them only while they are
// empty; a change writes (and audits, old → new) only the settings whose value moved.
func testSecurityPolicy(t *testing.T, s *store.Store) {
	got, err := s.SecurityPolicySettings(ctx)
	if err != nil || len(got) != 0 {
		t.Fatalf("new database: got %v, %v; want no settings", got, err)
	}
	defaults := map[string]string{domain.SettingIdleMinutes: "30", domain.SettingLockoutThreshold: "5", domain.SettingPasswordHistory: "5"}
	first := map[string]string{domain.SettingIdleMinutes: "20", domain.SettingLockoutThreshold: "5"}
	if changed, err := s.SetSecurityPolicy(ctx, store.Who{Username: "pacer serve"}, first, defaults, true); err != nil || !slices.Equal(changed, []string{domain.SettingIdleMinutes}) {
		t.Fatalf("first run: got %v, %v; want the idle timeout written, the threshold at its default not", changed, err)
	}
	if changed, err := s.SetSecurityPolicy(ctx, store.Who{Username: "pacer serve"}, map[string]string{domain.SettingIdleMinutes: "5"}, defaults, true); err != nil || len(changed) != 0 {
		t.Errorf("second first-run: got %v, %v; want nothing written", changed, err)
	}
	next := map[string]string{domain.SettingIdleMinutes: "15", domain.SettingLockoutThreshold: "5", domain.SettingPasswordHistory: "8"}
	changed, err := s.SetSecurityPolicy(ctx, secadmin, next, defaults, false)
	if err != nil || !slices.Equal(changed, []string{domain.SettingIdleMinutes, domain.SettingPasswordHistory}) {
		t.Fatalf("change: got %v, %v; want idle and history changed, the threshold as it was", changed, err)
	}
	if got, err := s.SecurityPolicySettings(ctx); err != nil || len(got) != 2 || got[domain.SettingIdleMinutes] != "15" || got[domain.SettingPasswordHistory] != "8" {
		t.Errorf("stored: got %v, %v; want idle 15 and history 8", got, err)
	}
	log, _ := s.AuditLog(ctx, 2)
	want := [][3]string{{"policy:" + domain.SettingPasswordHistory, "5", "8"}, {"policy:" + domain.SettingIdleMinutes, "20", "15"}}
	for i, e := range log {
		if e.Action != "policy.change" || e.Object != want[i][0] || e.OldValue != want[i][1] || e.NewValue != want[i][2] || e.Actor != "sec (secadmin)" {
			t.Errorf("audit row %d: got %+v, want policy.change of %s %q → %q by sec (secadmin)", i, e, want[i][0], want[i][1], want[i][2])
		}
	}
}

// testDisableAndRole: disabling an account ends its sessions and revokes its API tokens at
// once; enabling it gives neither back. A role change keeps the account, moves its unit with it,
// needs a known unit and lets the caller refuse it. Each is audited.
func testDisableAndRole(t *testing.T, s *store.Store) {
	addUnit(t, s, domain.Unit{Code: "440784-tjj", Name: "统计局", RegionCode: "440784", Kind: "department"})
	u, err := s.CreateUser(ctx, sysadmin, domain.User{Username: "Wang", Role: domain.RoleAnalyst, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{"s1", "s2"} {
		if err := s.CreateSession(ctx, u, tok, "csrf", "10.0.0.2", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateAPIToken(ctx, sysadmin, u, "script", "api-1", nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.SetUserDisabled(ctx, sysadmin, "wang", true)
	if err != nil || !got.Disabled || got.ID != u.ID {
		t.Fatalf("disable: got %+v, %v; want Wang disabled", got, err)
	}
	for _, tok := range []string{"s1", "s2"} {
		if _, err := s.SessionByToken(ctx, tok); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("session %s after disabling: got %v, want it ended", tok, err)
		}
	}
	if tok, _, err := s.APIToken(ctx, "api-1"); err != nil || !tok.Revoked || tok.RevokedAt == nil {
		t.Errorf("API token after disabling: got %+v, %v; want it revoked, with the time", tok, err)
	}
	if log, _ := s.AuditLog(ctx, 1); log[0].Action != "user.disable" || log[0].Object != "user:Wang" || log[0].NewValue != "disabled; 2 sessions ended, 1 API tokens revoked" {
		t.Errorf("audit of the disable: got %+v", log[0])
	}
	if got, err := s.SetUserDisabled(ctx, sysadmin, "wang", false); err != nil || got.Disabled {
		t.Errorf("enable: got %+v, %v; want Wang enabled", got, err)
	}
	if tok, _, err := s.APIToken(ctx, "api-1"); err != nil || !tok.Revoked {
		t.Errorf("API token after enabling: got %+v, %v; want it still revoked", tok, err)
	}
	if log, _ := s.AuditLog(ctx, 1); log[0].Action != "user.enable" {
		t.Errorf("audit of the enable: got %+v", log[0])
	}
	if _, err := s.SetUserDisabled(ctx, sysadmin, "nobody", true); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("disable an unknown account: got %v, want not_found", err)
	}

	allow := func(domain.User) error { return nil }
	got, err = s.SetUserRole(ctx, secadmin, domain.User{Username: "wang", Role: domain.RoleReporter, UnitCode: "440784-tjj"}, allow)
	if err != nil || got.Role != domain.RoleReporter || got.UnitCode != "440784-tjj" || got.ID != u.ID || got.RegionCode != "440784" {
		t.Fatalf("role: got %+v, %v; want Wang a reporter of 440784-tjj, scoped to its region 440784", got, err)
	}
	if log, _ := s.AuditLog(ctx, 1); log[0].Action != "user.role" || log[0].OldValue != "role=analyst unit=" || log[0].NewValue != "role=reporter unit=440784-tjj" {
		t.Errorf("audit of the role: got %+v", log[0])
	}
	if _, err := s.SetUserRole(ctx, secadmin, domain.User{Username: "wang", Role: domain.RoleReporter, UnitCode: "no-such"}, allow); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown unit: got %v, want not_found", err)
	}
	refused := domain.E(domain.EFORBIDDEN, "accounts.forbidden")
	var seen domain.User
	if _, err := s.SetUserRole(ctx, secadmin, domain.User{Username: "wang", Role: domain.RoleLeader}, func(old domain.User) error { seen = old; return refused }); err != refused {
		t.Errorf("refused by the caller: got %v, want its error", err)
	}
	if seen.Role != domain.RoleReporter {
		t.Errorf("the caller saw %+v, want the account as stored (reporter)", seen)
	}
	if stored, _ := s.UserByName(ctx, "wang"); stored.Role != domain.RoleReporter || stored.UnitCode != "440784-tjj" {
		t.Errorf("after refusals: got %+v, want the reporter unchanged", stored)
	}
}

// testPasswordChangeEndsOtherSessions: a password change ends every session of the account but
// the one it was made from.
func testPasswordChangeEndsOtherSessions(t *testing.T, s *store.Store) {
	u, err := s.CreateUser(ctx, sysadmin, domain.User{Username: "li", Role: domain.RoleLeader, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := s.CreateUser(ctx, sysadmin, domain.User{Username: "zhao", Role: domain.RoleLeader, PasswordHash: "h"})
	for _, c := range []struct {
		u   domain.User
		tok string
	}{{u, "here"}, {u, "phone"}, {u, "home"}, {other, "zhao-1"}} {
		if err := s.CreateSession(ctx, c.u, c.tok, "csrf", "10.0.0.2", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.ChangePassword(ctx, store.Who{Username: "li"}, u, "h2", domain.PasswordHistory, "here", func([]string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	for tok, want := range map[string]bool{"here": true, "phone": false, "home": false, "zhao-1": true} {
		_, err := s.SessionByToken(ctx, tok)
		if (err == nil) != want {
			t.Errorf("session %s after the change: got %v, want alive=%v", tok, err, want)
		}
	}
	if log, _ := s.AuditLog(ctx, 1); log[0].Action != "user.password_change" || log[0].NewValue != "changed; 2 other sessions ended" {
		t.Errorf("audit: got %+v", log[0])
	}
}
