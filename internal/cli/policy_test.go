package cli_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"pacer/internal/cli"
	"pacer/internal/domain"
	"pacer/internal/store"
)

// `pacer user disable` ends the account's sign-in at once; `pacer user enable` gives it back.
// Both are audited as the operator's.
func TestUserDisableEnable(t *testing.T) {
	db := filepath.Join(t.TempDir(), "d.db")
	const pw = "Str0ng-Pass"
	if r := runIn(t, pw+"\n", "user", "add", "alice", "--role", "analyst", "--db", db); r.code != 0 {
		t.Fatalf("user add: got %d\n%s", r.code, r.stderr)
	}
	for _, step := range []struct {
		args      []string
		code      int
		out       string
		canSignIn bool
	}{
		{[]string{"user", "disable", "alice"}, 0, "user alice disabled", false},
		{[]string{"user", "enable", "ALICE"}, 0, "user alice enabled", true},
		{[]string{"user", "disable", "nobody"}, 1, "", true},
		{[]string{"user", "disable"}, 2, "", true},
	} {
		r := runIn(t, "", append(step.args, "--db", db)...)
		if r.code != step.code || !strings.Contains(r.stdout, step.out) {
			t.Errorf("%v: got exit %d %q, want %d %q\n%s", step.args, r.code, r.stdout, step.code, step.out, r.stderr)
		}
		if got := canLogIn(t, db, "alice", pw); got != step.canSignIn {
			t.Errorf("after %v: got sign-in %v, want %v", step.args, got, step.canSignIn)
		}
	}
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	log, _ := s.AuditLog(ctx, 50)
	seen := map[string]bool{}
	for _, e := range log {
		if strings.HasPrefix(e.Actor, "cli") {
			seen[e.Action] = true
		}
	}
	if !seen["user.disable"] || !seen["user.enable"] {
		t.Errorf("audit: got %v, want user.disable and user.enable by cli", seen)
	}
}

// `pacer policy` shows the policy in force; `pacer policy set` changes it (checked, audited).
func TestPolicyCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	r := runIn(t, "", "policy", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "lockout_threshold=5\n") || !strings.Contains(r.stdout, "second_factor_roles=sysadmin,secadmin,auditor,analyst\n") {
		t.Fatalf("policy: got %d %q, want the defaults\n%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, "", "policy", "set", "lockout_threshold=4", "idle_timeout_minutes=15", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "lockout_threshold=4\n") || !strings.Contains(r.stdout, "idle_timeout_minutes=15\n") {
		t.Errorf("policy set: got %d %q\n%s", r.code, r.stdout, r.stderr)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"policy", "set", "lockout_threshold=1"}, 1, "3"},
		{[]string{"policy", "set", "colour=red"}, 2, "名称=值"},
		{[]string{"policy", "set"}, 2, "至少给出一项"},
		{[]string{"policy", "lockout_threshold=4"}, 2, "set 之后"},
	} {
		r := runIn(t, "", append(tc.args, "--db", db)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: got %d %q, want %d with %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
	if r := runIn(t, "", "policy", "--db", db); !strings.Contains(r.stdout, "lockout_threshold=4\n") {
		t.Errorf("after the refusals: got %q, want the threshold still 4", r.stdout)
	}
}

// `pacer serve` flags give the first-run policy: stored while the database has none, ignored
// (with a note) once it has one.
func TestServeSeedsPolicy(t *testing.T) {
	db := filepath.Join(t.TempDir(), "seed.db")
	serveOnce := func(args ...string) string {
		t.Helper()
		serving, cancel := context.WithCancel(ctx)
		defer cancel()
		out := &demoOutput{serving: make(chan struct{})}
		var errb bytes.Buffer
		done := make(chan int, 1)
		go func() {
			done <- cli.Main(serving, cli.Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: &errb,
				Getenv: func(string) string { return "" }}, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, args...))
		}()
		servingAt(t, out)
		cancel()
		if code := <-done; code != 0 {
			t.Fatalf("serve %v: got exit %d\n%s", args, code, errb.String())
		}
		return errb.String()
	}
	serveOnce("--idle-timeout-minutes", "20", "--lockout-threshold", "6")
	stderr := serveOnce("--idle-timeout-minutes", "45", "--lockout-threshold", "6")
	if !strings.Contains(stderr, "--idle-timeout-minutes ignored") {
		t.Errorf("second serve: got stderr %q, want the idle timeout flag ignored", stderr)
	}
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.SecurityPolicySettings(ctx)
	if err != nil || got[domain.SettingIdleMinutes] != "20" || got[domain.SettingLockoutThreshold] != "6" {
		t.Errorf("stored policy: got %v, %v; want idle 20 and threshold 6 from the first run", got, err)
	}
}
