package accounts_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"pacer/internal/accounts"
	"pacer/internal/domain"
)

var sec = domain.Who{Username: "sec", Role: domain.RoleSecadmin, IP: "10.0.0.3"}

// The policy in force is the stored one, read again as soon as it changes: a change by the
// secadmin moves the lockout threshold and the password rules of the running workflow (and of
// another workflow over the same store) without a restart, and is audited old → new.
func TestPolicyTakesEffectWithoutRestart(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		if p, err := f.acc.Policy(ctx); err != nil || !equalPolicy(p, accounts.DefaultPolicy()) {
			t.Fatalf("new database: got %+v, %v; want the defaults", p, err)
		}
		f.create(t, "li.lei", pw, false)
		other := accounts.New(f.st) // a second workflow over the same store, already running
		if _, err := other.Policy(ctx); err != nil {
			t.Fatal(err)
		}
		mark := f.auditCount(t)
		p := accounts.DefaultPolicy()
		p.MaxFailedLogins, p.LockFor, p.PasswordMinLength = 3, time.Hour, 12
		changed, err := f.acc.SetPolicy(ctx, sec, p)
		if err != nil || !slices.Equal(changed, []string{domain.SettingLockoutMinutes, domain.SettingLockoutThreshold, domain.SettingPasswordMinLength}) {
			t.Fatalf("set: got %v, %v; want lockout minutes, threshold and minimum length changed", changed, err)
		}
		log, _ := f.st.AuditLog(ctx, 3)
		var got []string
		for _, e := range log {
			got = append(got, e.Action+" "+e.Object+" "+e.OldValue+"→"+e.NewValue+" by "+e.Actor)
		}
		want := []string{"policy.change policy:password_min_length 8→12 by sec (secadmin)",
			"policy.change policy:lockout_threshold 5→3 by sec (secadmin)",
			"policy.change policy:lockout_minutes 15→60 by sec (secadmin)"}
		if !slices.Equal(got, want) || f.auditCount(t) != mark+3 {
			t.Errorf("audit: got %v, want %v", got, want)
		}
		if got, err := other.Policy(ctx); err != nil || got.MaxFailedLogins != 3 || got.PasswordMinLength != 12 {
			t.Errorf("the other workflow: got %+v, %v; want the new policy", got, err)
		}
		for i := range 3 {
			f.acc.SignIn(ctx, accounts.Credentials{Username: "li.lei", Password: "wrong", IP: "10.0.0.9"})
			if u := f.user(t, "li.lei"); u.Locked(f.now) != (i == 2) {
				t.Fatalf("failure %d: got locked %v, want locked only at the third", i+1, u.Locked(f.now))
			}
		}
		if u := f.user(t, "li.lei"); !u.LockedUntil.Equal(f.now.Add(time.Hour)) {
			t.Errorf("locked until: got %v, want an hour on", u.LockedUntil)
		}
		_, err = f.acc.Create(ctx, admin, accounts.NewAccount{Username: "short", Role: domain.RoleLeader, Password: "Ab1-efgh", Again: "Ab1-efgh"})
		if !hasProblem(err, "users.err.password") || !strings.Contains(domain.Message("en", err), "12 to 256") {
			t.Errorf("an 8-character password under a 12 minimum: got %v, want users.err.password naming 12", err)
		}
		// Out of range: refused, nothing stored.
		bad := p
		bad.MaxFailedLogins = 1
		if _, err := f.acc.SetPolicy(ctx, sec, bad); !hasProblem(err, "policy.err.lockout_threshold") {
			t.Errorf("threshold 1: got %v, want policy.err.lockout_threshold", err)
		}
		if got, _ := f.acc.Policy(ctx); got.MaxFailedLogins != 3 {
			t.Errorf("after the refusal: got threshold %d, want 3", got.MaxFailedLogins)
		}
		// First-run defaults count only while nothing is stored.
		if wrote, err := f.acc.SeedPolicy(ctx, domain.Who{Username: "pacer serve"}, accounts.DefaultPolicy()); err != nil || wrote {
			t.Errorf("seeding a set policy: got wrote %v, %v; want nothing written", wrote, err)
		}
		if got, _ := f.acc.Policy(ctx); got.MaxFailedLogins != 3 {
			t.Errorf("after the seed: got threshold %d, want 3", got.MaxFailedLogins)
		}
	})
}

// A wrong current password on the password form counts like a failed sign-in: the policy's
// threshold locks the account, audited; while locked even the right one is refused.
func TestWrongCurrentPasswordCounts(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		f.create(t, "zhao", pw, false)
		mark := f.auditCount(t)
		by := domain.Who{Username: "zhao", Role: domain.RoleAnalyst, IP: "10.0.0.4"}
		change := func(current string) error {
			return f.acc.ChangePassword(ctx, by, f.user(t, "zhao"), accounts.PasswordChange{Current: current, New: "Fresh-pass-7", Again: "Fresh-pass-7"})
		}
		for i := 1; i <= domain.MaxFailedLogins; i++ {
			err := change("guess")
			wantKey := "password.wrong_current"
			if i == domain.MaxFailedLogins {
				wantKey = "accounts.locked"
			}
			if !hasProblem(err, wantKey) {
				t.Fatalf("guess %d: got %v, want %s", i, err, wantKey)
			}
		}
		if err := change(pw); domain.ErrorKind(err) != domain.EFORBIDDEN {
			t.Errorf("the right password while locked: got %v, want forbidden", err)
		}
		want := []string{"auth.password_check_failed:failure", "auth.password_check_failed:failure", "auth.password_check_failed:failure",
			"auth.password_check_failed:failure", "auth.lockout:failure"}
		if got := f.actionsSince(t, mark); !slices.Equal(got, want) {
			t.Errorf("audit: got %v, want %v", got, want)
		}
		f.at(domain.LockFor + time.Second)
		if err := change(pw); err != nil {
			t.Errorf("after the lockout: got %v, want the change made", err)
		}
	})
}

// Disabling ends the account's sessions and API tokens at once and refuses its sign-in; enabling
// lets it sign in again (its tokens stay revoked). Nobody disables their own account. Audited.
func TestDisableEnable(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		f.create(t, "robot", pw, false)
		token, _, err := f.acc.CreateToken(ctx, admin, accounts.NewToken{Username: "robot", Label: "report system"})
		if err != nil {
			t.Fatal(err)
		}
		in, err := f.acc.SignIn(ctx, accounts.Credentials{Username: "robot", Password: pw, IP: "10.0.0.6"})
		if err != nil {
			t.Fatal(err)
		}
		mark := f.auditCount(t)
		if u, err := f.acc.SetDisabled(ctx, admin, "robot", true); err != nil || !u.Disabled {
			t.Fatalf("disable: got %+v, %v", u, err)
		}
		if _, err := f.acc.Session(ctx, in.Token, accounts.DefaultPolicy()); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("session after disabling: got %v, want it ended", err)
		}
		if _, err := f.acc.TokenUser(ctx, token, accounts.DefaultPolicy()); err == nil {
			t.Error("API token after disabling: got the account, want a refusal")
		}
		if _, err := f.acc.SignIn(ctx, accounts.Credentials{Username: "robot", Password: pw, IP: "10.0.0.6"}); !errors.Is(err, accounts.ErrSignInFailed) {
			t.Errorf("sign-in while disabled: got %v, want refused", err)
		}
		if _, err := f.acc.SetDisabled(ctx, admin, "robot", false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.acc.SignIn(ctx, accounts.Credentials{Username: "robot", Password: pw, IP: "10.0.0.6"}); err != nil {
			t.Errorf("sign-in after enabling: got %v, want it", err)
		}
		if _, err := f.acc.TokenUser(ctx, token, accounts.DefaultPolicy()); err == nil {
			t.Error("API token after enabling: got the account, want it still revoked")
		}
		want := []string{"user.disable:ok", "auth.login_refused:locked or disabled", "user.enable:ok", "auth.login:ok"}
		if got := f.actionsSince(t, mark); !slices.Equal(got, want) {
			t.Errorf("audit: got %v, want %v", got, want)
		}
		if _, err := f.acc.SetDisabled(ctx, admin, "ADMIN", true); domain.ErrorKind(err) != domain.EFORBIDDEN {
			t.Errorf("disabling oneself: got %v, want forbidden", err)
		}
	})
}

// A role change follows the rules: one known role, a reporter's unit and only a reporter's, never
// one's own; it is audited old → new.
func TestAssignRole(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		if _, err := f.raw.ExecContext(ctx, `INSERT INTO units (code, name, region_code, kind) VALUES ('440784-tjj', '统计局', '440784', 'department')`); err != nil {
			t.Fatal(err)
		}
		f.create(t, "qian", pw, false)
		for _, tc := range []struct {
			by      domain.Who
			change  accounts.RoleChange
			wantKey string
		}{
			{sec, accounts.RoleChange{Username: "qian", Role: domain.RoleReporter}, "users.err.unit_needed"},
			{sec, accounts.RoleChange{Username: "qian", Role: domain.RoleAuditor, Unit: "440784-tjj"}, "users.err.unit_only_reporter"},
			{sec, accounts.RoleChange{Username: "qian", Role: "root"}, "users.err.role"},
			{domain.Who{Username: "Qian", Role: domain.RoleSecadmin}, accounts.RoleChange{Username: "qian", Role: domain.RoleSysadmin}, "policy.own_role"},
			{sec, accounts.RoleChange{Username: "nobody", Role: domain.RoleLeader}, "accounts.unknown_user"},
			{sec, accounts.RoleChange{Username: "qian", Role: domain.RoleReporter, Unit: "no-such"}, "accounts.unknown_unit"},
		} {
			if _, err := f.acc.AssignRole(ctx, tc.by, tc.change); !hasProblem(err, tc.wantKey) {
				t.Errorf("%s: %+v: got %v, want %s", tc.by.Username, tc.change, err, tc.wantKey)
			}
		}
		if u := f.user(t, "qian"); u.Role != domain.RoleAnalyst {
			t.Fatalf("after the refusals: got role %s, want analyst", u.Role)
		}
		u, err := f.acc.AssignRole(ctx, sec, accounts.RoleChange{Username: "qian", Role: domain.RoleReporter, Unit: "440784-tjj"})
		if err != nil || u.Role != domain.RoleReporter || u.UnitCode != "440784-tjj" {
			t.Fatalf("to reporter: got %+v, %v", u, err)
		}
		if log, _ := f.st.AuditLog(ctx, 1); log[0].Action != "user.role" || log[0].OldValue != "role=analyst unit=" || log[0].NewValue != "role=reporter unit=440784-tjj" {
			t.Errorf("audit: got %+v", log[0])
		}
		if u, err := f.acc.AssignRole(ctx, sec, accounts.RoleChange{Username: "qian", Role: domain.RoleAuditor}); err != nil || u.UnitCode != "" {
			t.Errorf("reporter to auditor: got %+v, %v; want no unit", u, err)
		}
	})
}

func hasProblem(err error, key string) bool {
	for _, e := range accounts.Problems(err) {
		var de *domain.Error
		if errors.As(e, &de) && de.Msg.Key == key {
			return true
		}
	}
	return false
}

func equalPolicy(a, b accounts.Policy) bool {
	return slices.Equal(a.SecondFactorRoles, b.SecondFactorRoles) && a.IdleTimeout == b.IdleTimeout && a.AbsoluteTimeout == b.AbsoluteTimeout &&
		a.PasswordMaxAge == b.PasswordMaxAge && a.PasswordMinLength == b.PasswordMinLength && a.PasswordClasses == b.PasswordClasses &&
		a.PasswordHistory == b.PasswordHistory && a.MaxFailedLogins == b.MaxFailedLogins && a.LockFor == b.LockFor
}
