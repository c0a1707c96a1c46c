package cli_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"pacer/internal/app"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"pacer/internal/auth"
	"pacer/internal/cli"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/web"
)

// runIn runs `pacer args...` with stdin as its standard input.
func runIn(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(ctx, cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }}, args)
	return result{code, out.String(), errb.String()}
}

// canLogIn reports whether the login form of a server on db admits name with password.
func canLogIn(t *testing.T, db, name, password string) bool {
	t.Helper()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	srv := httptest.NewServer((&web.Server{Services: app.Services(s)}).Handler())
	defer srv.Close()
	return logIn(t, srv.URL, name, password)
}

// logIn posts the login form to base and reports whether it answered with a session cookie and
// a redirect.
func logIn(t *testing.T, base, name, password string) bool {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(base+"/login", url.Values{"username": {name}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, ck := range res.Cookies() {
		if ck.Name == "pacer_session" && ck.Value != "" {
			return res.StatusCode == http.StatusSeeOther
		}
	}
	return false
}

func TestUserAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	const pw = "Str0ng-Pass"
	r := runIn(t, pw+"\n", "user", "add", "alice", "--role", "analyst", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "已创建账号 alice（分析员）") {
		t.Fatalf("user add alice: got exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, pw) {
		t.Errorf("user add: the password was echoed: %q", r.stdout+r.stderr)
	}
	// A reporter with a unit (a town of Heshan from the built-in catalogue is not a unit until
	// one is created; the demo data creates them, so a plain database has none).
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.UserByName(ctx, "ALICE")
	if err != nil {
		t.Fatalf("UserByName(ALICE): %v", err)
	}
	if u.Role != domain.RoleAnalyst || u.UnitCode != "" || !strings.HasPrefix(u.PasswordHash, "$argon2id$") ||
		!auth.CheckPassword(u.PasswordHash, pw) {
		t.Errorf("alice: got role %s unit %q hash %q, want an analyst with no unit and an argon2id hash of the password", u.Role, u.UnitCode, u.PasswordHash)
	}
	log, err := s.AuditLog(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range log {
		found = found || (e.Action == "user.create" && e.Object == "user:alice" && strings.HasPrefix(e.Actor, "cli"))
	}
	if !found {
		t.Errorf("audit log: got %+v, want a user.create row for alice by cli", log)
	}
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "test", Units: []domain.Unit{
		{Code: "440784001", Name: "沙坪街道", RegionCode: "440784001", Kind: "town"}}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	if !canLogIn(t, db, "alice", pw) {
		t.Error("alice: got no session from the login form, want one")
	}
	if canLogIn(t, db, "alice", pw+"x") {
		t.Error("alice with a wrong password: got a session")
	}

	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string // in stderr
	}{
		{"reporter without unit", pw + "\n", []string{"user", "add", "bob", "--role", "reporter"}, 2, "--unit"},
		{"unit for an analyst", pw + "\n", []string{"user", "add", "bob", "--role", "analyst", "--unit", "440784001"}, 2, "只有填报员"},
		{"unknown role", pw + "\n", []string{"user", "add", "bob", "--role", "admin"}, 2, "未知角色「admin」"},
		{"no role", pw + "\n", []string{"user", "add", "bob"}, 2, "未知角色"},
		{"no name", pw + "\n", []string{"user", "add", "--role", "analyst"}, 2, "请给出一个用户名"},
		{"two names", pw + "\n", []string{"user", "add", "bob", "carol", "--role", "analyst"}, 2, "请给出一个用户名"},
		{"no subcommand", "", []string{"user"}, 2, "user add"},
		{"weak: short", "Ab1-x\n", []string{"user", "add", "bob", "--role", "analyst"}, 1, "密码长度"},
		{"weak: two classes", "abcdefgh1\n", []string{"user", "add", "bob", "--role", "analyst"}, 1, "至少 3 类"},
		{"weak: common", "P@ssw0rd\n", []string{"user", "add", "bob", "--role", "analyst"}, 1, "过于常见"},
		{"weak: contains the name", "Zbobby-2024q\n", []string{"user", "add", "bobby", "--role", "analyst"}, 1, "用户名"},
		{"no password", "", []string{"user", "add", "bob", "--role", "analyst"}, 1, "标准输入"},
		{"unknown unit", pw + "\n", []string{"user", "add", "bob", "--role", "reporter", "--unit", "999999"}, 1, "999999"},
		{"taken (case-insensitive)", pw + "\n", []string{"user", "add", "Alice", "--role", "leader"}, 1, "已存在"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runIn(t, tc.stdin, append(tc.args, "--db", db)...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("pacer %v: got exit %d, stderr %q; want exit %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
			}
		})
	}

	// A reporter with its unit; a 100-character password, read whole from standard input
	// (CRLF line end stripped).
	long := strings.Repeat("aB3-", 25)
	r = runIn(t, long+"\r\n", "user", "add", "shaping", "--role", "reporter", "--unit", "440784001", "--db", db)
	if r.code != 0 {
		t.Fatalf("user add shaping: got exit %d\nstderr: %s", r.code, r.stderr)
	}
	if !canLogIn(t, db, "shaping", long) || canLogIn(t, db, "shaping", long[:99]+"x") {
		t.Error("shaping: want a login with the 100-character password and none with its last character changed")
	}
	s, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range users {
		names = append(names, u.Username+":"+string(u.Role)+":"+u.UnitCode)
	}
	if got := strings.Join(names, " "); got != "alice:analyst: shaping:reporter:440784001" {
		t.Errorf("users: got %s, want only alice and shaping (no failed command created one)", got)
	}
}

// demoOutput collects what `pacer demo` prints and says when it is serving.
type demoOutput struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	serving chan struct{}
	once    sync.Once
}

func (w *demoOutput) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	if strings.Contains(w.buf.String(), "Ctrl+C") {
		w.once.Do(func() { close(w.serving) })
	}
	return n, err
}

func (w *demoOutput) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// servingAt waits until `pacer serve` prints the address it serves on (its line in either
// language: "Pacer serving sqlite on http://…", "Pacer（sqlite）服务地址 http://…") and returns
// it, failing the test if it has not within 30 s.
func servingAt(t *testing.T, out *demoOutput) string {
	t.Helper()
	address := regexp.MustCompile(`Pacer.*(http://127\.0\.0\.1:\d+)/`)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := address.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
	}
	t.Fatalf("serve: no address after 30 s\nstdout: %s", out.String())
	return ""
}

// startDemo runs `pacer demo args...` until the test ends and returns what it printed once it
// serves.
func startDemo(t *testing.T, args ...string) string {
	t.Helper()
	serving, cancel := context.WithCancel(ctx)
	out := &demoOutput{serving: make(chan struct{})}
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(serving, cli.Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: &errb,
			Getenv: func(string) string { return "" }}, append([]string{"demo", "--addr", "127.0.0.1:0"}, args...))
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("demo: got exit %d\nstderr: %s", code, errb.String())
		}
	})
	select {
	case <-out.serving:
	case code := <-done:
		done <- code
		t.Fatalf("demo: exited %d before serving\nstdout: %s\nstderr: %s", code, out.String(), errb.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("demo: not serving after 60 s\nstdout: %s", out.String())
	}
	return out.String()
}

// `pacer demo` creates one account per role, demo-<role>, with the given password or a random
// one each, prints them, and they can log in.
func TestDemoAccounts(t *testing.T) {
	const pw = "Demo-2023x"
	out := startDemo(t, "--db", filepath.Join(t.TempDir(), "demo.db"), "--demo-password", pw)
	base := regexp.MustCompile(`打开 (http://127\.0\.0\.1:\d+)/`).FindStringSubmatch(out)
	if base == nil {
		t.Fatalf("demo: got no address in\n%s", out)
	}
	for _, role := range domain.Roles {
		line := regexp.MustCompile(`(?m)^\s*demo-` + string(role) + `\s+(\S+)\s+` + string(role) + `(.*)$`).FindStringSubmatch(out)
		if line == nil {
			t.Errorf("demo: got no line for demo-%s in\n%s", role, out)
			continue
		}
		if line[1] != pw {
			t.Errorf("demo-%s: got password %q printed, want %q", role, line[1], pw)
		}
		if role == domain.RoleReporter && !strings.Contains(line[2], "440784-swj") {
			t.Errorf("demo-reporter: got %q, want its unit 440784-swj", line[0])
		}
		if !logIn(t, base[1], "demo-"+string(role), pw) {
			t.Errorf("demo-%s: cannot log in with the printed password", role)
		}
	}

	// Without --demo-password every account gets its own random password.
	out = startDemo(t, "--db", filepath.Join(t.TempDir(), "demo2.db"))
	base = regexp.MustCompile(`打开 (http://127\.0\.0\.1:\d+)/`).FindStringSubmatch(out)
	seen := map[string]string{}
	for _, role := range domain.Roles {
		line := regexp.MustCompile(`(?m)^\s*demo-` + string(role) + `\s+(\S+)\s+` + string(role)).FindStringSubmatch(out)
		if line == nil {
			t.Fatalf("demo: got no line for demo-%s in\n%s", role, out)
		}
		if err := auth.ValidatePassword(line[1], "demo-"+string(role)); err != nil {
			t.Errorf("demo-%s: random password %q breaks the policy: %v", role, line[1], err)
		}
		if other, ok := seen[line[1]]; ok {
			t.Errorf("demo-%s and %s: got the same random password", role, other)
		}
		seen[line[1]] = string(role)
		if !logIn(t, base[1], "demo-"+string(role), line[1]) {
			t.Errorf("demo-%s: cannot log in with the printed random password", role)
		}
	}
}

// `pacer serve` creates no account: there is no default password to log in with.
func TestServeHasNoDefaultAccount(t *testing.T) {
	db := filepath.Join(t.TempDir(), "serve.db")
	serving, cancel := context.WithCancel(ctx)
	out := &demoOutput{serving: make(chan struct{})}
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- cli.Main(serving, cli.Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: &errb,
			Getenv: func(string) string { return "" }}, []string{"serve", "--addr", "127.0.0.1:0", "--db", db})
	}()
	base := []string{"", servingAt(t, out)}
	for _, name := range []string{"admin", "root", "sysadmin", "demo-analyst", "pacer"} {
		for _, pw := range []string{"admin", "admin123", "Admin@123", "pacer", "Demo-2023x", ""} {
			if logIn(t, base[1], name, pw) {
				t.Errorf("serve: %s / %q logs in, want no default account", name, pw)
			}
		}
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve: got exit %d\nstderr: %s", code, errb.String())
	}
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if users, err := s.Users(ctx); err != nil || len(users) != 0 {
		t.Errorf("serve: got users %v (%v), want none", users, err)
	}
}

// `pacer user token` prints a token the API accepts as Bearer; an unknown user is an error.
func TestUserToken(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if r := runIn(t, "Api-client1\n", "user", "add", "robot", "--role", "leader", "--db", db); r.code != 0 {
		t.Fatalf("user add: got %d\n%s", r.code, r.stderr)
	}
	r := runIn(t, "", "user", "token", "robot", "--label", "报表系统", "--db", db)
	token := strings.TrimSpace(r.stdout)
	if r.code != 0 || len(token) < 40 {
		t.Fatalf("user token: got %d %q\n%s", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, "", "user", "token", "nobody", "--db", db); r.code != 1 {
		t.Errorf("token for an unknown user: got %d, want 1", r.code)
	}
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	srv := httptest.NewServer((&web.Server{Services: app.Services(s)}).Handler())
	defer srv.Close()
	for _, tc := range []struct {
		token string
		want  int
	}{{token, http.StatusOK}, {"wrong", http.StatusUnauthorized}} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/ranking?parent=440700&indicator=retail&period=2023-06", nil)
		req.Header.Set("Authorization", "Bearer "+tc.token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tc.want {
			t.Errorf("token %.8s…: got %d, want %d", tc.token, res.StatusCode, tc.want)
		}
	}
}
