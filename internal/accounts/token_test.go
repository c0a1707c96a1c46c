package accounts_test

import (
	"testing"
	"time"

	"pacer/internal/accounts"
	"pacer/internal/domain"
)

// A token works only while its account may sign in and need not change its password, and while
// it is neither revoked nor expired; each case is refused with the kind the API answers.
func TestTokenRefusals(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		p := accounts.Policy{PasswordMaxAge: 30 * 24 * time.Hour}
		issue := func(name string, expires *time.Time) string {
			t.Helper()
			tok, _, err := f.acc.CreateToken(ctx, admin, accounts.NewToken{Username: name, Label: "script", Expires: expires})
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		f.create(t, "ok", pw, false)
		f.create(t, "must", pw, true)
		f.create(t, "locked", pw, false)
		f.create(t, "old", pw, false)
		f.create(t, "off", pw, false)
		tokOK, tokMust, tokLocked, tokOld, tokOff := issue("ok", nil), issue("must", nil), issue("locked", nil), issue("old", nil), issue("off", nil)
		soon := start.Add(time.Hour)
		tokSoon := issue("ok", &soon)
		tokRevoked := issue("ok", nil)
		list, err := f.acc.Tokens(ctx, "ok")
		if err != nil || len(list) != 3 {
			t.Fatalf("ok's tokens: got %d, %v; want 3", len(list), err)
		}
		if err := f.acc.RevokeToken(ctx, admin, "ok", list[0].ID); err != nil { // the newest: tokRevoked
			t.Fatal(err)
		}
		for range domain.MaxFailedLogins {
			f.acc.SignIn(ctx, accounts.Credentials{Username: "locked", Password: "Wrong-Pass-1", IP: "10.0.0.8"})
		}
		if _, err := f.raw.ExecContext(ctx, `UPDATE users SET disabled = TRUE WHERE username = 'off'`); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			token string
			at    time.Duration
			want  string // the error kind, "" for admitted
		}{
			{"an enabled account's", tokOK, time.Minute, ""},
			{"a token before its expiry", tokSoon, 59 * time.Minute, ""},
			{"a token at its expiry", tokSoon, time.Hour, domain.ENOTFOUND},
			{"a revoked token", tokRevoked, time.Minute, domain.ENOTFOUND},
			{"an account that must change its password", tokMust, time.Minute, domain.EFORBIDDEN},
			{"a locked account's", tokLocked, time.Minute, domain.EFORBIDDEN},
			{"a disabled account's", tokOff, time.Minute, domain.EFORBIDDEN},
			{"an account whose password is older than the policy allows", tokOld, 31 * 24 * time.Hour, domain.EFORBIDDEN},
			{"the locked account's once the lock has run out", tokLocked, domain.LockFor + time.Minute, ""},
		} {
			f.at(tc.at)
			u, err := f.acc.TokenUser(ctx, tc.token, p)
			if got := domain.ErrorKind(err); (tc.want == "" && err != nil) || (tc.want != "" && got != tc.want) {
				t.Errorf("%s: got %v (%s), want %q", tc.name, err, got, tc.want)
			}
			if tc.want != "" && u.Username != "" {
				t.Errorf("%s: got account %q with the refusal, want none", tc.name, u.Username)
			}
		}
	})
}

// A token's last use is written down at its first use and then at most once a minute, so that
// API reads do not each become a write.
func TestTokenLastUse(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		f.create(t, "robot", pw, false)
		tok, stored, err := f.acc.CreateToken(ctx, admin, accounts.NewToken{Username: "robot", Label: "sync"})
		if err != nil {
			t.Fatal(err)
		}
		lastUse := func() *time.Time {
			t.Helper()
			list, err := f.acc.Tokens(ctx, "robot")
			if err != nil || len(list) != 1 || list[0].ID != stored.ID {
				t.Fatalf("tokens: got %+v, %v; want the one", list, err)
			}
			return list[0].LastUsedAt
		}
		if got := lastUse(); got != nil {
			t.Fatalf("before any use: got %v, want none", got)
		}
		for _, tc := range []struct {
			at, want time.Duration
		}{
			{10 * time.Second, 10 * time.Second}, // the first use is written
			{30 * time.Second, 10 * time.Second}, // 20 s later: not written
			{69 * time.Second, 10 * time.Second}, // 59 s later: not written
			{70 * time.Second, 70 * time.Second}, // a minute later: written
			{75 * time.Second, 70 * time.Second},
		} {
			f.at(tc.at)
			if _, err := f.acc.TokenUser(ctx, tok, accounts.Policy{}); err != nil {
				t.Fatal(err)
			}
			if got := lastUse(); got == nil || !got.Equal(start.Add(tc.want)) {
				t.Errorf("after a use at +%v: got last use %v, want +%v", tc.at, got, tc.want)
			}
		}
	})
}

// The tokens of one account are listed and revoked under its name; another account's token is
// not found there, but is under "" (the sysadmin's scope). Creation and revocation are audited;
// a label is required and an expiry must lie ahead.
func TestTokenListAndRevoke(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		f.create(t, "ana", pw, false)
		f.create(t, "bob", pw, false)
		_, a, err := f.acc.CreateToken(ctx, admin, accounts.NewToken{Username: "ana", Label: "excel"})
		if err != nil {
			t.Fatal(err)
		}
		_, b, err := f.acc.CreateToken(ctx, admin, accounts.NewToken{Username: "bob", Label: "bi"})
		if err != nil {
			t.Fatal(err)
		}
		past := start.Add(-time.Minute)
		for _, tc := range []struct {
			t    accounts.NewToken
			want string
		}{
			{accounts.NewToken{Username: "ana", Label: "  "}, "tokens.err.label"},
			{accounts.NewToken{Username: "ana", Label: "x", Expires: &past}, "tokens.err.expiry_past"},
		} {
			if _, _, err := f.acc.CreateToken(ctx, admin, tc.t); !hasKey(err, tc.want) {
				t.Errorf("create %+v: got %v, want %s", tc.t, err, tc.want)
			}
		}
		all, err := f.acc.Tokens(ctx, "")
		if err != nil || len(all) != 2 || all[0].Username != "ana" || all[1].Username != "bob" {
			t.Fatalf("every token: got %+v, %v; want ana's and bob's", all, err)
		}
		mark := f.auditCount(t)
		ana := domain.Who{Username: "ana", Role: domain.RoleAnalyst}
		if err := f.acc.RevokeToken(ctx, ana, "ana", b.ID); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("ana revoking bob's token under her name: got %v, want not found", err)
		}
		if err := f.acc.RevokeToken(ctx, ana, "ana", a.ID); err != nil {
			t.Errorf("ana revoking her own: %v", err)
		}
		if err := f.acc.RevokeToken(ctx, ana, "ana", a.ID); domain.ErrorKind(err) != domain.ECONFLICT {
			t.Errorf("revoking twice: got %v, want conflict", err)
		}
		if err := f.acc.RevokeToken(ctx, admin, "", b.ID); err != nil {
			t.Errorf("the sysadmin revoking bob's: %v", err)
		}
		if got := f.actionsSince(t, mark); len(got) != 2 || got[0] != "api_token.revoke:ok" || got[1] != "api_token.revoke:ok" {
			t.Errorf("audit: got %v, want two api_token.revoke rows", got)
		}
		all, _ = f.acc.Tokens(ctx, "")
		for _, tk := range all {
			if !tk.Revoked || tk.State(f.now) != "revoked" {
				t.Errorf("token %d: got %+v, want revoked", tk.ID, tk)
			}
		}
	})
}

func hasKey(err error, key string) bool {
	e, ok := err.(*domain.Error)
	return ok && e.Msg.Key == key
}
