package accounts_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"pacer/internal/accounts"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

// fixture is a store on one database, a raw connection to the same database (to set what no
// workflow sets yet, such as a disabled account), and the accounts workflow on a clock the test
// moves by hand.
type fixture struct {
	st  *store.Store
	raw *sql.DB
	now time.Time
	acc *accounts.Service
}

// at sets the clock to d after start.
func (f *fixture) at(d time.Duration) { f.now = start.Add(d) }

// start is the fixture clock's zero: whole seconds, so times read back compare equal on both
// databases; now, because the store stamps a new password with the real time.
var start = time.Now().Truncate(time.Second)

// eachDB runs fn on a fresh SQLite and a fresh PostgreSQL database.
func eachDB(t *testing.T, fn func(t *testing.T, f *fixture)) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "accounts.db")
		st, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		fn(t, newFixture(t, st, "sqlite", "file:"+path))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn, drop := storetest.NewPostgresSchema(t)
		st, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close(); drop() })
		fn(t, newFixture(t, st, "pgx", dsn))
	})
}

func newFixture(t *testing.T, st *store.Store, driver, dsn string) *fixture {
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	f := &fixture{st: st, raw: raw, now: start}
	f.acc = accounts.New(st).WithClock(func() time.Time { return f.now })
	return f
}

var admin = domain.Who{Username: "admin", Role: domain.RoleSysadmin, IP: "10.0.0.1"}

// create adds an analyst with password pw.
func (f *fixture) create(t *testing.T, name, pw string, mustChange bool) domain.User {
	t.Helper()
	u, err := f.acc.Create(ctx, admin, accounts.NewAccount{Username: name, Role: domain.RoleAnalyst, Password: pw, Again: pw, MustChange: mustChange})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return u
}

func (f *fixture) user(t *testing.T, name string) domain.User {
	t.Helper()
	u, err := f.st.UserByName(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// actionsSince returns the audit actions (with outcome) after the n-th row, oldest first.
func (f *fixture) actionsSince(t *testing.T, n int) []string {
	t.Helper()
	log, err := f.st.AuditLog(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(log) - 1 - n; i >= 0; i-- {
		out = append(out, log[i].Action+":"+log[i].Outcome)
	}
	return out
}

func (f *fixture) auditCount(t *testing.T) int {
	t.Helper()
	log, err := f.st.AuditLog(ctx, 100000)
	if err != nil {
		t.Fatal(err)
	}
	return len(log)
}

const pw = "Lock-Test-2023"

// Five wrong passwords in a row lock the account for 15 minutes, the right password included;
// after the 15 minutes it signs in and the count starts again. Four failures and a success do
// not lock.
func TestLockout(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		f.create(t, "li.lei", pw, false)
		mark := f.auditCount(t)
		for _, step := range []struct {
			at         time.Duration
			password   string
			wantOK     bool
			wantFailed int
			wantLocked time.Duration // until start+this; 0: not locked
		}{
			{0, "wrong-1", false, 1, 0},
			{time.Minute, "wrong-2", false, 2, 0},
			{2 * time.Minute, "wrong-3", false, 3, 0},
			{3 * time.Minute, "wrong-4", false, 4, 0},
			{4 * time.Minute, "wrong-5", false, 0, 4*time.Minute + domain.LockFor}, // the 5th locks, count starts again
			{5 * time.Minute, pw, false, 0, 4*time.Minute + domain.LockFor},        // locked: even the right one
			{4*time.Minute + domain.LockFor - time.Second, pw, false, 0, 4*time.Minute + domain.LockFor},
			{4*time.Minute + domain.LockFor, pw, true, 0, 0}, // 15 minutes on: unlocked
			{20 * time.Minute, "wrong-6", false, 1, 0},
		} {
			f.at(step.at)
			in, err := f.acc.SignIn(ctx, accounts.Credentials{Username: "li.lei", Password: step.password, IP: "10.0.0.9"})
			if step.wantOK != (err == nil) || (err != nil && !errors.Is(err, accounts.ErrSignInFailed)) {
				t.Fatalf("at +%v with %q: got %v, want ok=%v (or ErrSignInFailed)", step.at, step.password, err, step.wantOK)
			}
			if step.wantOK && (in.Token == "" || in.CSRF == "" || in.User.Username != "li.lei") {
				t.Errorf("at +%v: got session %+v, want a token, a form token and li.lei", step.at, in)
			}
			u := f.user(t, "li.lei")
			if u.FailedLogins != step.wantFailed {
				t.Errorf("at +%v: got %d failures counted, want %d", step.at, u.FailedLogins, step.wantFailed)
			}
			switch {
			case step.wantLocked == 0 && u.Locked(f.now):
				t.Errorf("at +%v: got locked until %v, want not locked", step.at, u.LockedUntil)
			case step.wantLocked != 0 && (u.LockedUntil == nil || !u.LockedUntil.Equal(start.Add(step.wantLocked))):
				t.Errorf("at +%v: got locked until %v, want %v", step.at, u.LockedUntil, start.Add(step.wantLocked))
			}
		}
		want := []string{"auth.login_failed:failure", "auth.login_failed:failure", "auth.login_failed:failure", "auth.login_failed:failure",
			"auth.lockout:failure", "auth.login_refused:locked or disabled", "auth.login_refused:locked or disabled", "auth.login:ok",
			"auth.login_failed:failure"}
		if got := f.actionsSince(t, mark); !slices.Equal(got, want) {
			t.Errorf("audit: got %v, want %v", got, want)
		}

		// A success between two runs of four failures resets the count: no lock.
		f.create(t, "han.meimei", pw, false)
		f.at(time.Hour)
		for i, p := range []string{"x1", "x2", "x3", "x4", pw, "x5", "x6", "x7", "x8"} {
			f.acc.SignIn(ctx, accounts.Credentials{Username: "han.meimei", Password: p, IP: "10.0.0.8"})
			if u := f.user(t, "han.meimei"); u.Locked(f.now) {
				t.Fatalf("attempt %d (%s): got locked, want the success to have reset the count", i+1, p)
			}
		}
	})
}

// An account with a one-time password, or one older than the maximum age, must change it; the
// change clears the one-time flag and restarts the age.
func TestMustChange(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		f.create(t, "new.comer", pw, true)
		f.create(t, "old.hand", pw, false)
		for _, tc := range []struct {
			name   string
			at     time.Duration
			policy accounts.Policy
			want   bool
		}{
			{"new.comer", 0, accounts.Policy{}, true},
			{"old.hand", 0, accounts.Policy{}, false},
			{"old.hand", domain.DefaultPasswordMaxAge - time.Hour, accounts.Policy{}, false},
			{"old.hand", domain.DefaultPasswordMaxAge + time.Hour, accounts.Policy{}, true},
			{"old.hand", 2 * time.Hour, accounts.Policy{PasswordMaxAge: time.Hour}, true},
			{"old.hand", 400 * 24 * time.Hour, accounts.Policy{PasswordMaxAge: -1}, false},
		} {
			f.at(tc.at)
			if got := f.acc.MustChangePassword(f.user(t, tc.name), tc.policy); got != tc.want {
				t.Errorf("%s at +%v, max age %v: got must change %v, want %v", tc.name, tc.at, tc.policy.PasswordMaxAge, got, tc.want)
			}
		}
		f.at(0)
		u := f.user(t, "new.comer")
		if err := f.acc.ChangePassword(ctx, domain.Who{Username: u.Username}, u, accounts.PasswordChange{Current: pw, New: "Second-pass2", Again: "Second-pass2"}); err != nil {
			t.Fatal(err)
		}
		if u := f.user(t, "new.comer"); f.acc.MustChangePassword(u, accounts.Policy{}) {
			t.Errorf("after the change: got must change %+v, want not", u)
		}
	})
}

// A new password may be none of the last five (the current one included); the form's other
// refusals come first. Each refusal leaves the password as it was.
func TestPasswordHistory(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		passwords := []string{"Hist-pass-0", "Hist-pass-1", "Hist-pass-2", "Hist-pass-3", "Hist-pass-4", "Hist-pass-5"}
		f.create(t, "zhang.wei", passwords[0], false)
		change := func(current, next, again string) error {
			u := f.user(t, "zhang.wei")
			return f.acc.ChangePassword(ctx, domain.Who{Username: "zhang.wei"}, u, accounts.PasswordChange{Current: current, New: next, Again: again})
		}
		for i := 1; i < len(passwords); i++ {
			if err := change(passwords[i-1], passwords[i], passwords[i]); err != nil {
				t.Fatalf("change %d: %v", i, err)
			}
		}
		// History now 0…5; the last five are 1…5 (5 is the current one).
		current := passwords[5]
		for _, tc := range []struct {
			current, next, again string
			wantKey              string
		}{
			{"wrong", "Fresh-pass-9", "Fresh-pass-9", "password.wrong_current"},
			{current, "Fresh-pass-9", "Fresh-pass-8", "password.mismatch"},
			{current, "short", "short", "policy.password.length"}, // the policy's own message (auth)
			{current, passwords[5], passwords[5], "accounts.password_reused"},
			{current, passwords[3], passwords[3], "accounts.password_reused"},
			{current, passwords[1], passwords[1], "accounts.password_reused"},
		} {
			err := change(tc.current, tc.next, tc.again)
			var e *domain.Error
			if !errors.As(err, &e) || e.Msg.Key != tc.wantKey || e.Kind != domain.EINVALID {
				t.Errorf("change %q → %q/%q: got %v, want invalid %s", tc.current, tc.next, tc.again, err, tc.wantKey)
			}
		}
		// The sixth-last is free again.
		if err := change(current, passwords[0], passwords[0]); err != nil {
			t.Errorf("change to the sixth-last password: got %v, want it accepted", err)
		}
		f.at(time.Minute)
		if _, err := f.acc.SignIn(ctx, accounts.Credentials{Username: "zhang.wei", Password: passwords[0], IP: "10.0.0.7"}); err != nil {
			t.Errorf("sign in with the new password: %v", err)
		}
	})
}

// A token names its account until the account is disabled; an unknown token names none. A
// disabled account's sessions stop too.
func TestTokenAndSessionOfDisabledAccount(t *testing.T) {
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
		if u, err := f.acc.TokenUser(ctx, token, accounts.Policy{}); err != nil || u.Username != "robot" {
			t.Fatalf("token of an enabled account: got %q, %v; want robot", u.Username, err)
		}
		if _, err := f.acc.Session(ctx, in.Token, accounts.Policy{}); err != nil {
			t.Fatalf("session of an enabled account: got %v", err)
		}
		if _, err := f.acc.TokenUser(ctx, "not-a-token", accounts.Policy{}); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("unknown token: got %v, want not found", err)
		}
		if _, _, err := f.acc.CreateToken(ctx, admin, accounts.NewToken{Username: "nobody", Label: "x"}); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("token for an unknown account: got %v, want not found", err)
		}
		if _, err := f.raw.ExecContext(ctx, `UPDATE users SET disabled = TRUE WHERE username = 'robot'`); err != nil {
			t.Fatal(err)
		}
		if u, err := f.acc.TokenUser(ctx, token, accounts.Policy{}); domain.ErrorKind(err) != domain.EFORBIDDEN || u.Username != "" {
			t.Errorf("token of a disabled account: got %q, %v; want forbidden and no account", u.Username, err)
		}
		if _, err := f.acc.Session(ctx, in.Token, accounts.Policy{}); domain.ErrorKind(err) != domain.EFORBIDDEN {
			t.Errorf("session of a disabled account: got %v, want forbidden", err)
		}
		if _, err := f.acc.SignIn(ctx, accounts.Credentials{Username: "robot", Password: pw, IP: "10.0.0.6"}); !errors.Is(err, accounts.ErrSignInFailed) {
			t.Errorf("sign-in of a disabled account: got %v, want refused", err)
		}
	})
}

// A session lapses after the idle timeout or the absolute one, and is then gone; use within the
// idle timeout keeps it.
func TestSessionTimeouts(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		f.create(t, "idle.user", pw, false)
		p := accounts.Policy{IdleTimeout: 10 * time.Minute, AbsoluteTimeout: time.Hour}
		in, err := f.acc.SignIn(ctx, accounts.Credentials{Username: "idle.user", Password: pw, IP: "10.0.0.5"})
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			at     time.Duration
			wantOK bool
		}{
			{9 * time.Minute, true},  // within idle of the sign-in; touched
			{18 * time.Minute, true}, // within idle of the last use
			{27 * time.Minute, true},
			{36 * time.Minute, true},
			{45 * time.Minute, true},
			{54 * time.Minute, true},
			{61 * time.Minute, false}, // past the absolute timeout, however used
			{62 * time.Minute, false}, // and gone
		} {
			f.at(step.at)
			_, err := f.acc.Session(ctx, in.Token, p)
			if step.wantOK != (err == nil) {
				t.Errorf("at +%v: got %v, want ok=%v", step.at, err, step.wantOK)
			}
		}
		if _, err := f.st.SessionByToken(ctx, in.Token); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("lapsed session: got %v, want it deleted", err)
		}

		f.at(2 * time.Hour)
		in, err = f.acc.SignIn(ctx, accounts.Credentials{Username: "idle.user", Password: pw, IP: "10.0.0.5"})
		if err != nil {
			t.Fatal(err)
		}
		f.at(2*time.Hour + 11*time.Minute)
		if _, err := f.acc.Session(ctx, in.Token, p); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("after 11 minutes unused (idle 10): got %v, want not found", err)
		}
		// Signing out ends a session at once.
		in, _ = f.acc.SignIn(ctx, accounts.Credentials{Username: "idle.user", Password: pw, IP: "10.0.0.5"})
		if err := f.acc.SignOut(ctx, domain.Who{Username: "idle.user"}, in.Token); err != nil {
			t.Fatal(err)
		}
		if _, err := f.acc.Session(ctx, in.Token, p); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("after sign-out: got %v, want not found", err)
		}
	})
}

// Concurrent wrong passwords all count: each counted failure has its audit row, and the account
// ends with failures = counted mod 5 and one lockout per five (no failure lost between read and
// write).
func TestConcurrentFailures(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		f.create(t, "busy", pw, false)
		mark := f.auditCount(t)
		const n = 8
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f.acc.SignIn(ctx, accounts.Credentials{Username: "busy", Password: fmt.Sprintf("wrong-%d", i), IP: fmt.Sprintf("10.1.0.%d", i)})
			}()
		}
		wg.Wait()
		counted, lockouts := 0, 0
		for _, a := range f.actionsSince(t, mark) {
			switch a {
			case "auth.login_failed:failure":
				counted++
			case "auth.lockout:failure":
				counted++
				lockouts++
			}
		}
		u := f.user(t, "busy")
		if counted < domain.MaxFailedLogins || u.FailedLogins != counted%domain.MaxFailedLogins || lockouts != counted/domain.MaxFailedLogins || !u.Locked(f.now) {
			t.Errorf("%d attempts: got %d counted, %d lockouts, %d failures on the account, locked %v; want at least %d counted, counted/5 lockouts, counted mod 5 failures, locked",
				n, counted, lockouts, u.FailedLogins, u.Locked(f.now), domain.MaxFailedLogins)
		}
	})
}
