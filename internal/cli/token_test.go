package cli_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"pacer/internal/app"
	"pacer/internal/store"
	"pacer/internal/web"
)

// `pacer user token NAME --label L [--expires DATE | --days N]`, `user token list NAME` and
// `user token revoke NAME ID`: tokens are listed with their label, expiry and state; a revoked
// or expired token is refused by the API; another account's token id is not found under NAME;
// misuse is exit 2.
func TestUserTokenListRevoke(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	for _, name := range []string{"robot", "other"} {
		if r := runIn(t, "Api-client1\n", "user", "add", name, "--role", "leader", "--db", db); r.code != 0 {
			t.Fatalf("user add %s: got %d\n%s", name, r.code, r.stderr)
		}
	}
	issue := func(args ...string) string {
		t.Helper()
		r := runIn(t, "", append([]string{"user", "token"}, args...)...)
		if r.code != 0 {
			t.Fatalf("user token %v: got %d\n%s", args, r.code, r.stderr)
		}
		return strings.TrimSpace(r.stdout)
	}
	keep := issue("robot", "--label", "报表系统", "--days", "30", "--db", db)
	drop := issue("robot", "--label", "old-script", "--db", db)
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	// --expires D ends the token at D's 00:00. D is two days ahead: with tomorrow, a test run
	// just before midnight would see the token meant to work expire before it is used.
	expiry := time.Now().AddDate(0, 0, 2).Format("2006-01-02")
	soon := issue("robot", "--label", "short", "--expires", expiry, "--db", db)
	otherTok := issue("other", "--db", db)

	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"robot", "--expires", yesterday}, 1}, // an expiry in the past: refused
		{[]string{"robot", "--expires", "2024-13-01"}, 2},
		{[]string{"robot", "--days", "3", "--expires", expiry}, 2},
		{[]string{"robot", "--days", "-1"}, 2},
		{[]string{"revoke", "robot"}, 2},
		{[]string{"revoke", "robot", "x1"}, 2},
		{[]string{"list"}, 2},
		{[]string{"list", "nobody"}, 1},
	} {
		if r := runIn(t, "", append(append([]string{"user", "token"}, tc.args...), "--db", db)...); r.code != tc.code {
			t.Errorf("user token %v: got exit %d, want %d\n%s", tc.args, r.code, tc.code, r.stderr)
		}
	}

	r := runIn(t, "", "user", "token", "list", "robot", "--db", db)
	if r.code != 0 {
		t.Fatalf("list: got %d\n%s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 4 {
		t.Fatalf("list: got %d lines, want a header and 3 tokens\n%s", len(lines), r.stdout)
	}
	idOf := map[string]string{}
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		idOf[f[1]] = f[0]
	}
	if !strings.Contains(r.stdout, "报表系统") || !strings.Contains(r.stdout, expiry+" 00:00") || !strings.Contains(r.stdout, "不过期") {
		t.Errorf("list: want the labels, the --expires day and 不过期 for old-script\n%s", r.stdout)
	}
	otherList := runIn(t, "", "user", "token", "list", "other", "--db", db).stdout
	otherID := regexp.MustCompile(`(?m)^\s*(\d+)\s`).FindStringSubmatch(strings.SplitN(otherList, "\n", 2)[1])[1]
	if r := runIn(t, "", "user", "token", "revoke", "robot", otherID, "--db", db); r.code != 1 {
		t.Errorf("revoke other's token under robot: got %d, want 1\n%s", r.code, r.stderr)
	}
	if r := runIn(t, "", "user", "token", "revoke", "robot", idOf["old-script"], "--db", db); r.code != 0 || !strings.Contains(r.stdout, idOf["old-script"]) {
		t.Fatalf("revoke: got %d %q\n%s", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, "", "user", "token", "revoke", "robot", idOf["old-script"], "--db", db); r.code != 1 {
		t.Errorf("revoke twice: got %d, want 1", r.code)
	}
	if r := runIn(t, "", "user", "token", "list", "robot", "--db", db); !regexp.MustCompile(`old-script.*已吊销`).MatchString(r.stdout) {
		t.Errorf("list after revoking: want old-script 已吊销\n%s", r.stdout)
	}

	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	srv := httptest.NewServer((&web.Server{Services: app.Services(s)}).Handler())
	defer srv.Close()
	for _, tc := range []struct {
		name, token string
		want        int
	}{{"30 days", keep, http.StatusOK}, {"until the day after tomorrow", soon, http.StatusOK}, {"revoked", drop, http.StatusUnauthorized},
		{"other's", otherTok, http.StatusOK}} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/ranking?parent=440700&indicator=retail&period=2023-06", nil)
		req.Header.Set("Authorization", "Bearer "+tc.token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tc.want {
			t.Errorf("%s token: got %d, want %d", tc.name, res.StatusCode, tc.want)
		}
	}
	var audit []string
	log, _ := s.AuditLog(ctx, 100)
	for _, e := range log {
		if strings.HasPrefix(e.Action, "api_token.") {
			audit = append(audit, e.Action)
		}
	}
	if len(audit) != 5 || audit[0] != "api_token.revoke" {
		t.Errorf("audit: got %v, want a revocation after four creations", audit)
	}
}
