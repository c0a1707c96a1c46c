package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// Regression tests for the outside probe of issue 9, items 3, 5, 7, 11 and 13: the security
// policy, the secadmin's pages, the password form.

// Probe 3: the current-password field of the password form counted no failures: 25 wrong values,
// no lockout, no audit, then the right one worked. Now each wrong value counts like a failed
// sign-in (audited auth.password_check_failed); the policy's 5th in a row locks the account, and
// then even the right current password is refused and the password stays as it was.
func TestProbe3_CurrentPasswordGuessesLockOut(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		c := login(t, base, "demo-leader", demoPassword)
		mark := lastAuditID(t, s)
		wrong := locale.T("zh-CN", "password.wrong_current")
		for i := 1; i <= domain.MaxFailedLogins; i++ {
			r := c.post("/account/password", url.Values{"current": {"Guess-no-" + string(rune('0'+i))}, "new": {"Fresh-pass-77"}, "again": {"Fresh-pass-77"}})
			if i < domain.MaxFailedLogins && (r.code != http.StatusBadRequest || !strings.Contains(r.body, wrong)) {
				t.Fatalf("wrong current password %d: got %d, want 400 %q", i, r.code, wrong)
			}
			if i == domain.MaxFailedLogins && r.code != http.StatusForbidden {
				t.Fatalf("wrong current password %d (the lockout): got %d, want 403", i, r.code)
			}
		}
		r := c.post("/account/password", url.Values{"current": {demoPassword}, "new": {"Fresh-pass-77"}, "again": {"Fresh-pass-77"}})
		if r.code != http.StatusForbidden || !strings.Contains(r.body, "已锁定") {
			t.Errorf("the right current password while locked: got %d, want 403 saying the account is locked\n%.400s", r.code, r.body)
		}
		u, err := s.UserByName(ctx, "demo-leader")
		if err != nil {
			t.Fatal(err)
		}
		if !auth.CheckPassword(u.PasswordHash, demoPassword) || !u.Locked(time.Now()) {
			t.Errorf("after the guesses: got password changed %v, locked %v; want unchanged and locked",
				!auth.CheckPassword(u.PasswordHash, demoPassword), u.Locked(time.Now()))
		}
		var got []string
		for _, e := range auditSince(t, s, mark) {
			got = append(got, e.Action+":"+e.Outcome)
		}
		want := []string{"auth.password_check_failed:failure", "auth.password_check_failed:failure", "auth.password_check_failed:failure",
			"auth.password_check_failed:failure", "auth.lockout:failure"}
		if !slices.Equal(got, want) {
			t.Errorf("audit rows: got %v, want %v", got, want)
		}
		if r := newClient(t, base).tryLogin("demo-leader", demoPassword); r.code != http.StatusUnauthorized {
			t.Errorf("sign-in while locked: got %d, want 401", r.code)
		}
	})
}

// Probe 5: the secadmin had no page (its home sent it to /users, 403) and no route used
// ManageRoles. Now its home is the policy page, it has the role page and assigns roles there;
// the sysadmin's and the auditor's pages stay closed to it, and its pages to them.
func TestProbe5_SecadminHasPages(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	sec := login(t, base, "demo-secadmin", demoPassword)
	if r := sec.get("/"); r.code != http.StatusSeeOther || r.location() != "/policy" {
		t.Fatalf("secadmin GET /: got %d to %q, want 303 to /policy", r.code, r.header.Get("Location"))
	}
	for _, tc := range []struct {
		path, want string
	}{
		{"/policy", `id="policy-form"`},
		{"/roles", `action="/roles/demo-leader"`},
	} {
		if r := sec.get(tc.path); r.code != http.StatusOK || !strings.Contains(r.body, tc.want) {
			t.Errorf("secadmin GET %s: got %d, want 200 with %s", tc.path, r.code, tc.want)
		}
	}
	if r := sec.get("/roles"); strings.Contains(r.body, `action="/roles/demo-secadmin"`) {
		t.Error("role page: got a form for the secadmin's own role, want none")
	}
	r := sec.post("/roles/demo-leader", url.Values{"role": {"analyst"}, "unit": {""}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("secadmin assigns analyst to demo-leader: got %d, want 303\n%.400s", r.code, r.body)
	}
	if u, _ := s.UserByName(ctx, "demo-leader"); u.Role != domain.RoleAnalyst {
		t.Errorf("demo-leader after the assignment: got role %s, want analyst", u.Role)
	}
	for _, tc := range []struct {
		form     url.Values
		who      string
		wantCode int
	}{
		{url.Values{"role": {"reporter"}}, "demo-analyst", http.StatusBadRequest},                       // a reporter needs a unit
		{url.Values{"role": {"root"}}, "demo-analyst", http.StatusBadRequest},                           // no such role
		{url.Values{"role": {"leader"}, "unit": {"440784-swj"}}, "demo-analyst", http.StatusBadRequest}, // a unit only for a reporter
		{url.Values{"role": {"sysadmin"}}, "demo-secadmin", http.StatusForbidden},                       // not its own
		{url.Values{"role": {"leader"}}, "nobody", http.StatusNotFound},
	} {
		if r := sec.post("/roles/"+tc.who, tc.form); r.code != tc.wantCode {
			t.Errorf("secadmin POST /roles/%s %v: got %d, want %d", tc.who, tc.form, r.code, tc.wantCode)
		}
	}
	if u, _ := s.UserByName(ctx, "demo-secadmin"); u.Role != domain.RoleSecadmin {
		t.Errorf("secadmin's own role: got %s, want secadmin", u.Role)
	}
	last, _ := s.AuditLog(ctx, 50)
	found := false
	for _, e := range last {
		if e.Action == "user.role" && e.Object == "user:demo-leader" && e.OldValue == "role=leader unit=" && e.NewValue == "role=analyst unit=" {
			found = true
		}
	}
	if !found {
		t.Error("audit: got no user.role row for demo-leader leader → analyst")
	}
	// None of the three does another's job.
	for _, tc := range []struct {
		role  domain.Role
		paths []string
	}{
		{domain.RoleSecadmin, []string{"/users", "/audit", "/dashboard"}},
		{domain.RoleSysadmin, []string{"/policy", "/roles", "/audit", "/dashboard"}},
		{domain.RoleAuditor, []string{"/policy", "/roles", "/users", "/dashboard"}},
	} {
		c := sec
		if tc.role != domain.RoleSecadmin {
			c = login(t, base, "demo-"+string(tc.role), demoPassword)
		}
		for _, p := range tc.paths {
			if r := c.get(p); r.code != http.StatusForbidden {
				t.Errorf("%s GET %s: got %d, want 403", tc.role, p, r.code)
			}
		}
	}
	if r := login(t, base, "demo-sysadmin", demoPassword).post("/roles/demo-auditor", url.Values{"role": {"sysadmin"}}); r.code != http.StatusForbidden {
		t.Errorf("sysadmin POST /roles: got %d, want 403", r.code)
	}
}

// Probe 7: a password change left the account's other sessions alive. Now it ends them and keeps
// the one it was made from.
func TestProbe7_PasswordChangeEndsOtherSessions(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		here := login(t, base, "demo-leader", demoPassword)
		phone := login(t, base, "demo-leader", demoPassword)
		other := login(t, base, "demo-analyst", demoPassword)
		r := here.post("/account/password", url.Values{"current": {demoPassword}, "new": {"Fresh-pass-77"}, "again": {"Fresh-pass-77"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("change: got %d, want 303\n%.400s", r.code, r.body)
		}
		for _, tc := range []struct {
			name string
			c    *client
			want int
		}{
			{"the session that changed it", here, http.StatusOK},
			{"another session of the account", phone, http.StatusSeeOther},
			{"another account's session", other, http.StatusOK},
		} {
			if r := tc.c.get(scorecardPath); r.code != tc.want {
				t.Errorf("%s: got %d, want %d", tc.name, r.code, tc.want)
			}
		}
	})
}

// Probe 11: `Password1!` was accepted (the list had 30 entries). Now the list has tens of
// thousands (acceptance 6: at least 10,000), matched case-insensitively and without trailing
// digits and symbols — on the password form and on the new-account form alike.
func TestProbe11_CommonPasswordRefused(t *testing.T) {
	if n := auth.CommonPasswords(); n < 10000 {
		t.Errorf("got %d common passwords, want at least 10,000", n)
	}
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	common := locale.T("zh-CN", "err.password.common")
	c := login(t, base, "demo-leader", demoPassword)
	for _, pw := range []string{"Password1!", "PASSWORD2024#", "Sunshine@1", "Qwerty123!"} {
		r := c.post("/account/password", url.Values{"current": {demoPassword}, "new": {pw}, "again": {pw}})
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, common) {
			t.Errorf("change to %q: got %d, want 400 %q", pw, r.code, common)
		}
	}
	sys := login(t, base, "demo-sysadmin", demoPassword)
	r := sys.post("/users", url.Values{"username": {"wang.fang"}, "role": {"leader"}, "password": {"Password1!"}, "password2": {"Password1!"}})
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, common) {
		t.Errorf("new account with Password1!: got %d, want 400 %q", r.code, common)
	}
	if _, err := s.UserByName(ctx, "wang.fang"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("refused account: got %v, want it not created", err)
	}
}

// Probe 13: the settings SECURITY.md asks for could not be set. Now the secadmin sets them on the
// policy page; they are stored, audited old → new, and count at once (no restart): here a lockout
// after 3 failures, a 12-character minimum, and a 10-minute idle timeout, on both databases.
func TestProbe13_PolicySettable(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := demos.Open(t, d.Name)
			base, clk, _ := clockServer(t, s)
			sec := login(t, base, "demo-secadmin", demoPassword)
			mark := lastAuditID(t, s)
			form := url.Values{"second_factor_form": {"1"}, "second_factor_roles": {"sysadmin", "secadmin", "auditor"}}
			for name, v := range map[string]string{
				domain.SettingPasswordMinLength: "12", domain.SettingPasswordClasses: "3", domain.SettingPasswordMaxAge: "30",
				domain.SettingPasswordHistory: "8", domain.SettingLockoutThreshold: "3", domain.SettingLockoutMinutes: "20",
				domain.SettingIdleMinutes: "10", domain.SettingAbsoluteMinutes: "240",
			} {
				form.Set(name, v)
			}
			if r := sec.post("/policy", form); r.code != http.StatusSeeOther {
				t.Fatalf("POST /policy: got %d, want 303\n%.600s", r.code, r.body)
			}
			page := sec.get("/policy")
			for _, want := range []string{`id="policy-lockout_threshold" value="3"`, `id="policy-idle_timeout_minutes" value="10"`,
				`id="policy-password_max_age_days" value="30"`, `value="analyst">`} {
				if !strings.Contains(page.body, want) {
					t.Errorf("policy page after saving: got no %s", want)
				}
			}
			if strings.Contains(page.body, `value="analyst" checked`) {
				t.Error("policy page: got analysts still needing a second factor, want them unticked")
			}
			changes := map[string][2]string{}
			for _, e := range auditSince(t, s, mark) {
				if e.Action == "policy.change" {
					changes[e.Object] = [2]string{e.OldValue, e.NewValue}
				}
			}
			for obj, want := range map[string][2]string{
				"policy:lockout_threshold":    {"5", "3"},
				"policy:password_min_length":  {"8", "12"},
				"policy:idle_timeout_minutes": {"30", "10"},
				"policy:second_factor_roles":  {"sysadmin,secadmin,auditor,analyst", "sysadmin,secadmin,auditor"},
			} {
				if changes[obj] != want {
					t.Errorf("audit of %s: got %q, want %q", obj, changes[obj], want)
				}
			}
			if _, ok := changes["policy:password_classes"]; ok {
				t.Error("audit: got a change of password_classes, which kept its value")
			}
			// Out of range: refused with the reason, nothing stored.
			bad := url.Values{domain.SettingLockoutThreshold: {"1"}, domain.SettingIdleMinutes: {"abc"}}
			if r := sec.post("/policy", bad); r.code != http.StatusBadRequest || !strings.Contains(r.body, `id="policy-errors"`) {
				t.Errorf("POST /policy out of range: got %d, want 400 with the errors", r.code)
			}

			// In force at once: 3 failures lock.
			c := newClient(t, base)
			for range 3 {
				c.tryLogin("demo-leader", "Wrong-Pass1")
			}
			if r := c.tryLogin("demo-leader", demoPassword); r.code != http.StatusUnauthorized {
				t.Errorf("right password after 3 failures (threshold 3): got %d, want 401", r.code)
			}
			// 12 characters at least.
			a := login(t, base, "demo-analyst", demoPassword)
			if r := a.post("/account/password", url.Values{"current": {demoPassword}, "new": {"Tj-river-23"}, "again": {"Tj-river-23"}}); r.code != http.StatusBadRequest ||
				!strings.Contains(r.body, locale.T("zh-CN", "policy.password.length", 12)) {
				t.Errorf("an 11-character password (minimum 12): got %d, want 400 naming 12", r.code)
			}
			// 10 minutes idle.
			clk.advance(11 * time.Minute)
			if r := a.get(scorecardPath); r.code != http.StatusSeeOther {
				t.Errorf("11 minutes idle (timeout 10): got %d, want 303 to /login", r.code)
			}
		})
	}
}
