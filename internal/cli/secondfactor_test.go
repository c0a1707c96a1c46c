package cli_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/cli"
)

// serveFor runs `pacer serve args...` until stop is called and returns its URL.
func serveFor(t *testing.T, args ...string) (base string, stop func()) {
	t.Helper()
	serving, cancel := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(serving, cli.Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard,
			Getenv: func(string) string { return "" }}, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
		pw.Close()
	}()
	line, _ := bufio.NewReader(pr).ReadString('\n')
	go io.Copy(io.Discard, pr)
	m := regexp.MustCompile(`(http://127\.0\.0\.1:\d+)/`).FindStringSubmatch(line)
	if m == nil {
		cancel()
		t.Fatalf("serve %v: got %q, want its address (exit %d)", args, line, <-done)
	}
	return m[1], func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve: got exit %d", code)
		}
	}
}

// `pacer serve --second-factor` keeps the sealing key in a file of its own beside a SQLite
// database (created once, mode 0600, reused) and sends a sysadmin without a second factor to
// enrol; without the flag the sysadmin goes straight in. On PostgreSQL the flag needs
// --secret-key. `pacer user second-factor reset NAME` refuses an account without one.
func TestServeSecondFactor(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	if r := runIn(t, "Root-pass-2024\n", "user", "add", "root1", "--role", "sysadmin", "--db", db); r.code != 0 {
		t.Fatalf("user add: %d\n%s", r.code, r.stderr)
	}
	usersPage := func(base string) (int, string) {
		t.Helper()
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.PostForm(base+"/login", url.Values{"username": {"root1"}, "password": {"Root-pass-2024"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: got %d, want 303", res.StatusCode)
		}
		res, err = c.Get(base + "/users")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode, res.Header.Get("Location")
	}
	keyFile := db + ".secret-key"
	var keys []string
	for _, tc := range []struct {
		args     []string
		code     int
		location string
	}{
		{[]string{"--db", db, "--second-factor"}, http.StatusSeeOther, "/account/second-factor"},
		{[]string{"--db", db, "--second-factor"}, http.StatusSeeOther, "/account/second-factor"},
		{[]string{"--db", db}, http.StatusOK, ""},
	} {
		base, stop := serveFor(t, tc.args...)
		code, loc := usersPage(base)
		stop()
		if code != tc.code || loc != tc.location {
			t.Errorf("serve %v, sysadmin on /users: got %d to %q, want %d to %q", tc.args, code, loc, tc.code, tc.location)
		}
		info, err := os.Stat(keyFile)
		if err != nil {
			t.Fatalf("serve %v: got no key file: %v", tc.args, err)
		}
		b, _ := os.ReadFile(keyFile)
		if info.Mode().Perm() != 0o600 || !regexp.MustCompile(`^[0-9a-f]{64}\n$`).Match(b) {
			t.Errorf("key file: got mode %v and %q, want 0600 and 32 bytes in hexadecimal", info.Mode().Perm(), b)
		}
		keys = append(keys, string(b))
	}
	if keys[0] != keys[1] || keys[1] != keys[2] {
		t.Error("key file: got a new key at a restart, want the first one kept")
	}
	os.WriteFile(keyFile, []byte("not a key\n"), 0o600)
	if r := runIn(t, "", "serve", "--db", db, "--addr", "127.0.0.1:0"); r.code != 1 || !strings.Contains(r.stderr, "hexadecimal") {
		t.Errorf("serve with a malformed key file: got %d %q, want 1 naming the form", r.code, r.stderr)
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"serve", "--db", "postgres://127.0.0.1:1/none", "--second-factor"}, 2},
		{[]string{"user", "second-factor", "reset", "root1", "--db", db}, 1}, // it has none
		{[]string{"user", "second-factor", "reset", "--db", db}, 2},
		{[]string{"user", "second-factor", "remove", "root1", "--db", db}, 2},
	} {
		if r := runIn(t, "", tc.args...); r.code != tc.code {
			t.Errorf("%v: got exit %d, want %d\n%s", tc.args, r.code, tc.code, r.stderr)
		}
	}
}
