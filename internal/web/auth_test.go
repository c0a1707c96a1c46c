package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"pacer/internal/app"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/store"
	"pacer/internal/web"
)

// TestRoleRouteAdmission: for every role (its demo account) × every route of the table, the
// guard admits the request exactly when auth.Can grants the route's action to the role, and
// answers 403 otherwise. What a handler does once admitted (200, 400, 404, 501…) is not this
// test's business: only admitted (not 401/403, not sent to /login) versus refused (403).
func TestRoleRouteAdmission(t *testing.T) {
	s := demos.Open(t, "sqlite")
	srv := &web.Server{Services: app.Services(s), HomeRegion: "440784", HomePeriod: "2023-06"}
	base := serve(t, srv)
	routes := srv.Routes()
	// Logging out ends the session the other requests use, revoking a token (the walk's id may be
	// the API client's) the token: last.
	last := func(rt web.Route) int {
		return boolInt(rt.Pattern == "POST /logout")*2 + boolInt(strings.HasSuffix(rt.Pattern, "/revoke"))
	}
	slices.SortStableFunc(routes, func(a, b web.Route) int { return last(a) - last(b) })
	forbidden := locale.T("zh-CN", "error.forbidden")
	for _, role := range domain.Roles {
		t.Run(string(role), func(t *testing.T) {
			name := "demo-" + string(role)
			browser := login(t, base, name, demoPassword)
			token := apiClient(t, s, base, name)
			for _, rt := range routes {
				method, path := pathOf(rt.Pattern)
				want := auth.Can(role, rt.Action)
				clients := []*client{browser}
				if strings.HasPrefix(path, "/api/") {
					clients = append(clients, token)
				}
				for _, c := range clients {
					via := "session"
					if c.bearer != "" {
						via = "API token"
					}
					var r response
					if method == http.MethodPost {
						r = c.post(path, url.Values{})
					} else {
						r = c.request(method, path, nil, nil)
					}
					refused := r.code == http.StatusForbidden
					if r.code == http.StatusUnauthorized && rt.Pattern != "POST /login" ||
						r.code == http.StatusSeeOther && r.location() == "/login" && rt.Pattern != "POST /logout" {
						t.Errorf("%s %s %s (%s): got %d to %q, as if not signed in", name, method, path, via, r.code, r.header.Get("Location"))
						continue
					}
					switch {
					case want && refused:
						t.Errorf("%s %s %s (%s, action %s): got 403, want admitted\n%.300s", name, method, path, via, rt.Action, r.body)
					case !want && !refused:
						t.Errorf("%s %s %s (%s, action %s): got %d, want 403 (the table does not grant it)", name, method, path, via, rt.Action, r.code)
					case !want && strings.HasPrefix(path, "/api/") && !strings.Contains(r.body, `"forbidden"`):
						t.Errorf("%s %s %s (%s): got 403 %s, want a JSON error of kind forbidden", name, method, path, via, r.body)
					case !want && !strings.HasPrefix(path, "/api/") && !strings.Contains(r.body, forbidden):
						t.Errorf("%s %s %s (%s): got 403 without the forbidden page\n%.300s", name, method, path, via, r.body)
					}
				}
			}
			// An API token reaches the API only: pages want a browser session.
			if r := token.get("/dashboard"); r.code != http.StatusSeeOther || r.location() != "/login" {
				t.Errorf("%s GET /dashboard with an API token: got %d, want 303 to /login", name, r.code)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestReporterScope: a reporter of town A (440784001) gets 404, not the data, for town B
// (440784101) — by URL (/entry?id= of B's submission) and by form field (POST /entry naming B's
// region, or B's submission id) — and nothing is written.
func TestReporterScope(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	const pw = "Town-AB-2023x"
	hash, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	for name, unit := range map[string]string{"town-a": "440784001", "town-b": "440784101"} {
		if _, err := s.CreateUser(ctx, store.Who{Username: "test"}, domain.User{Username: name, Role: domain.RoleReporter,
			UnitCode: unit, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	a, b := login(t, base, "town-a", pw), login(t, base, "town-b", pw)
	if r := a.get("/entry"); r.code != http.StatusOK {
		t.Fatalf("GET /entry as a reporter: got %d, want 200", r.code)
	}

	// Town B submits a figure for its own fixed-asset investment.
	bForm := url.Values{"region": {"440784101"}, "indicator": {"fai"}, "period": {"2023-07"}, "value": {"12.5"}, "growth": {"3.1"}, "action": {"submit"}}
	if r := b.post("/entry", bForm); r.code != http.StatusSeeOther {
		t.Fatalf("town B POST /entry for itself: got %d, want 303\n%.500s", r.code, r.body)
	}
	bPage := b.get("/entry")
	m := regexp.MustCompile(`data-id="(\d+)"`).FindStringSubmatch(bPage.body)
	if m == nil {
		t.Fatalf("town B GET /entry: got no submission in its history\n%.2000s", bPage.body)
	}
	bID := m[1]
	if r := b.get("/entry?id=" + bID); r.code != http.StatusOK || !strings.Contains(r.body, "12.5") {
		t.Errorf("town B GET /entry?id=%s (its own): got %d, want 200 with 12.5", bID, r.code)
	}

	// Town A's own page shows its own row and nothing of B's.
	own := a.get("/entry")
	if own.code != http.StatusOK || !strings.Contains(own.body, `data-region="440784001"`) {
		t.Fatalf("town A GET /entry: got %d, want 200 with its own row (region 440784001)\n%.1000s", own.code, own.body)
	}
	if strings.Contains(own.body, "440784101") || strings.Contains(own.body, `data-id="`+bID+`"`) {
		t.Errorf("town A GET /entry: the page shows town B's row or submission")
	}

	mark := lastAuditID(t, s)
	// By URL: B's submission id, and ids that do not exist, are all 404.
	for _, path := range []string{"/entry?id=" + bID, "/entry?id=999999", "/entry?id=-1", "/entry?id=x"} {
		if r := a.get(path); r.code != http.StatusNotFound || strings.Contains(r.body, "12.5") {
			t.Errorf("town A GET %s: got %d, want 404 without B's figure\n%.300s", path, r.code, r.body)
		}
	}
	// By form field: B's region, B's submission id, the commerce bureau's retail.
	withID := url.Values{"id": {bID}}
	for k, v := range bForm {
		withID[k] = v
	}
	for _, form := range []url.Values{
		bForm,
		withID,
		{"id": {bID}, "region": {"440784001"}, "indicator": {"fai"}, "period": {"2023-07"}, "value": {"1"}, "growth": {"1"}, "action": {"submit"}},
		{"region": {"440784101"}, "indicator": {"fai"}, "period": {"2023-07"}, "value": {"1"}, "action": {"draft"}},
		{"region": {"440784"}, "indicator": {"retail"}, "period": {"2023-07"}, "value": {"82.64"}, "growth": {"6.1"}, "action": {"submit"}},
		{"region": {"440784001"}, "indicator": {"retail"}, "period": {"2023-07"}, "value": {"1"}, "growth": {"1"}, "action": {"submit"}},
		{"region": {"440784001"}, "indicator": {"fai"}, "period": {"2023-06"}, "value": {"1"}, "growth": {"1"}, "action": {"submit"}}, // locked
	} {
		if r := a.post("/entry", form); r.code != http.StatusNotFound {
			t.Errorf("town A POST /entry %v: got %d, want 404\n%.300s", form, r.code, r.body)
		}
	}
	if rows := auditSince(t, s, mark); len(rows) > 0 {
		t.Errorf("refused requests wrote audit rows %+v, want nothing written", rows)
	}
	if r := b.get("/entry?id=" + bID); !strings.Contains(r.body, "12.5") {
		t.Errorf("town B's submission changed after town A's attempts")
	}
	// Its own figure goes through (the 404s above are about scope, not a broken form).
	own1 := url.Values{"region": {"440784001"}, "indicator": {"fai"}, "period": {"2023-07"}, "value": {"8.25"}, "growth": {"2.5"}, "action": {"submit"}}
	if r := a.post("/entry", own1); r.code != http.StatusSeeOther {
		t.Errorf("town A POST /entry for itself: got %d, want 303\n%.500s", r.code, r.body)
	}
}

// auditActions returns the actions of the audit rows written after row id since, oldest first.
func auditSince(t *testing.T, s *store.Store, since int64) []store.AuditEntry {
	t.Helper()
	log, err := s.AuditLog(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []store.AuditEntry
	for i := len(log) - 1; i >= 0; i-- {
		if log[i].ID > since {
			out = append(out, log[i])
		}
	}
	return out
}

func lastAuditID(t *testing.T, s *store.Store) int64 {
	t.Helper()
	log, err := s.AuditLog(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) == 0 {
		return 0
	}
	return log[0].ID
}

// Sessions: a new token at each login, logout deletes the session on the server, both audited.
func TestSessionLifecycle(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		mark := lastAuditID(t, s)
		c := newClient(t, base)
		c.signIn("demo-analyst", demoPassword)
		first := c.cookie("pacer_session")
		if len(first) < 22 {
			t.Fatalf("session cookie: got %q, want a random token of at least 128 bits", first)
		}
		c.signIn("demo-analyst", demoPassword)
		second := c.cookie("pacer_session")
		if second == first || second == "" {
			t.Errorf("second login: got cookie %q again, want a new token", second)
		}
		if r := c.get(scorecardPath); r.code != http.StatusOK {
			t.Fatalf("GET /scorecard signed in: got %d", r.code)
		}
		// Logging out without the form token is refused and ends nothing.
		if r := c.request(http.MethodPost, "/logout", url.Values{}, nil); r.code != http.StatusForbidden {
			t.Errorf("POST /logout without the form token: got %d, want 403", r.code)
		}
		if r := c.get(scorecardPath); r.code != http.StatusOK {
			t.Fatalf("GET /scorecard after a refused logout: got %d, want 200", r.code)
		}
		r := c.post("/logout", nil)
		if r.code != http.StatusSeeOther || r.location() != "/login" {
			t.Errorf("POST /logout: got %d to %q, want 303 to /login", r.code, r.header.Get("Location"))
		}
		if c.cookie("pacer_session") != "" {
			t.Errorf("after logout: the browser still holds the session cookie")
		}
		if _, err := s.SessionByToken(ctx, second); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("after logout: got session lookup error %v, want not found (deleted on the server)", err)
		}
		// The old cookie, replayed, is no session.
		replay := newClient(t, base)
		u, _ := url.Parse(base)
		replay.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "pacer_session", Value: second, Path: "/"}})
		if r := replay.get(scorecardPath); r.code != http.StatusSeeOther || r.location() != "/login" {
			t.Errorf("GET /scorecard with the logged-out cookie: got %d, want 303 to /login", r.code)
		}
		if r := replay.get("/api/v1/scorecard?region=440784&period=2023-06"); r.code != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/scorecard with the logged-out cookie: got %d, want 401", r.code)
		}
		// The first session (not logged out) still works: logout ends one session.
		other := newClient(t, base)
		other.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "pacer_session", Value: first, Path: "/"}})
		if r := other.get(scorecardPath); r.code != http.StatusOK {
			t.Errorf("GET /scorecard with the first session: got %d, want 200", r.code)
		}

		var got []string
		for _, e := range auditSince(t, s, mark) {
			got = append(got, e.Action)
			if e.Action == "auth.login" || e.Action == "auth.logout" {
				if !strings.Contains(e.Actor, "demo-analyst") || e.SourceIP != "127.0.0.1" || e.Object != "user:demo-analyst" {
					t.Errorf("audit %s: got actor %q ip %q object %q, want demo-analyst from 127.0.0.1", e.Action, e.Actor, e.SourceIP, e.Object)
				}
				if e.RecordedAt.IsZero() {
					t.Errorf("audit %s: got no time", e.Action)
				}
			}
		}
		if want := []string{"auth.login", "auth.login", "auth.logout"}; !slices.Equal(got, want) {
			t.Errorf("audit rows: got %v, want %v", got, want)
		}
	})
}

// The idle timeout ends a session that is not used; one that is used stays; the absolute
// timeout ends it however much it is used. The timeouts are the stored policy's (10 and 60
// minutes here); the server's clock is moved by hand.
func TestSessionTimeouts(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base, clk, acc := clockServer(t, s)
	setPolicy(t, acc, map[string]string{domain.SettingIdleMinutes: "10", domain.SettingAbsoluteMinutes: "60"})
	c := login(t, base, "demo-leader", demoPassword)
	token := c.cookie("pacer_session")
	for i := 1; i <= 5; i++ { // 40 minutes of activity, more than the idle timeout
		clk.advance(8 * time.Minute)
		if r := c.get(scorecardPath); r.code != http.StatusOK {
			t.Fatalf("GET /scorecard %d×8 minutes after login (used): got %d, want 200", i, r.code)
		}
	}
	clk.advance(11 * time.Minute)
	if r := c.get(scorecardPath); r.code != http.StatusSeeOther || r.location() != "/login" {
		t.Errorf("GET /scorecard after 11 minutes idle (timeout 10): got %d, want 303 to /login", r.code)
	}
	if _, err := s.SessionByToken(ctx, token); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("idle session: got %v, want it deleted", err)
	}

	c = login(t, base, "demo-leader", demoPassword)
	for i := 1; i <= 6; i++ { // used every 9 minutes: 54 minutes
		clk.advance(9 * time.Minute)
		if r := c.get(scorecardPath); r.code != http.StatusOK {
			t.Fatalf("GET /scorecard %d minutes after login: got %d, want 200", 9*i, r.code)
		}
	}
	clk.advance(7 * time.Minute)
	if r := c.get(scorecardPath); r.code != http.StatusSeeOther {
		t.Errorf("GET /scorecard 61 minutes after login (absolute timeout 60): got %d, want 303 to /login", r.code)
	}
}

func sessionCookie(t *testing.T, r response) *http.Cookie {
	t.Helper()
	for _, line := range r.header.Values("Set-Cookie") {
		ck, err := http.ParseSetCookie(line)
		if err == nil && strings.HasSuffix(ck.Name, "pacer_session") {
			return ck
		}
	}
	t.Fatalf("got no session cookie in %v", r.header.Values("Set-Cookie"))
	return nil
}

// The session cookie is HttpOnly and SameSite=Lax; over TLS it is also Secure and
// __Host-prefixed (host-only, Path=/).
func TestSessionCookieFlags(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	ck := sessionCookie(t, newClient(t, base).tryLogin("demo-leader", demoPassword))
	if ck.Name != "pacer_session" || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure || ck.Path != "/" || ck.Domain != "" {
		t.Errorf("plain HTTP: got cookie %q HttpOnly=%v SameSite=%v Secure=%v Path=%q Domain=%q, want pacer_session HttpOnly Lax, not Secure, Path=/",
			ck.Name, ck.HttpOnly, ck.SameSite, ck.Secure, ck.Path, ck.Domain)
	}

	ts := httptest.NewTLSServer((&web.Server{Services: app.Services(s), TLS: true}).Handler())
	defer ts.Close()
	c := tlsClient(t, ts)
	r := c.tryLogin("demo-leader", demoPassword)
	ck = sessionCookie(t, r)
	if ck.Name != "__Host-pacer_session" || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || !ck.Secure || ck.Path != "/" || ck.Domain != "" {
		t.Errorf("TLS: got cookie %q HttpOnly=%v SameSite=%v Secure=%v Path=%q Domain=%q, want __Host-pacer_session HttpOnly Lax Secure Path=/ no Domain",
			ck.Name, ck.HttpOnly, ck.SameSite, ck.Secure, ck.Path, ck.Domain)
	}
	for _, line := range r.header.Values("Set-Cookie") {
		if ck, _ := http.ParseSetCookie(line); ck != nil && !ck.Secure {
			t.Errorf("TLS: got cookie %s without Secure", ck.Name)
		}
	}
	if r := c.get(scorecardPath); r.code != http.StatusOK {
		t.Errorf("TLS: GET /scorecard signed in: got %d, want 200", r.code)
	}
	// The TLS server ignores a cookie without the prefix.
	plain := tlsClient(t, ts)
	u, _ := url.Parse(ts.URL)
	plain.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "pacer_session", Value: ck.Value, Path: "/"}})
	if r := plain.get(scorecardPath); r.code != http.StatusSeeOther {
		t.Errorf("TLS: GET /scorecard with an unprefixed cookie: got %d, want 303 to /login", r.code)
	}
}

// CSRF: a state-changing request of a browser session needs the session's form token (field
// csrf or header X-CSRF-Token), and a cross-site one is refused by http.CrossOriginProtection
// whatever it carries.
func TestCSRF(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	c := login(t, base, "demo-analyst", demoPassword)
	other := login(t, base, "demo-leader", demoPassword)
	lang := func(extra url.Values) url.Values {
		f := url.Values{"lang": {"en"}, "next": {"/scorecard"}}
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	csrfMsg := locale.T("zh-CN", "error.csrf")
	for _, tc := range []struct {
		name   string
		form   url.Values
		header map[string]string
		code   int
	}{
		{"no token", lang(nil), nil, 403},
		{"empty token", lang(url.Values{"csrf": {""}}), nil, 403},
		{"wrong token", lang(url.Values{"csrf": {auth.NewToken()}}), nil, 403},
		{"another session's token", lang(url.Values{"csrf": {other.csrf}}), nil, 403},
		{"cross-site, with the token", lang(url.Values{"csrf": {c.csrf}}), map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"same-site, with the token", lang(url.Values{"csrf": {c.csrf}}), map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{"other origin, with the token", lang(url.Values{"csrf": {c.csrf}}), map[string]string{"Origin": "http://evil.example"}, 403},
		{"token in the form", lang(url.Values{"csrf": {c.csrf}}), nil, 303},
		{"token in the header", lang(nil), map[string]string{"X-CSRF-Token": c.csrf}, 303},
		{"same-origin, with the token", lang(url.Values{"csrf": {c.csrf}}), map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": base}, 303},
	} {
		r := c.request(http.MethodPost, "/lang", tc.form, tc.header)
		if r.code != tc.code {
			t.Errorf("POST /lang %s: got %d, want %d", tc.name, r.code, tc.code)
		}
		if r.code == 403 && tc.header == nil && !strings.Contains(r.body, csrfMsg) {
			t.Errorf("POST /lang %s: got 403 without the CSRF message", tc.name)
		}
		if r.code == 403 && len(r.header.Values("Set-Cookie")) > 0 {
			t.Errorf("POST /lang %s: refused but set %v", tc.name, r.header.Values("Set-Cookie"))
		}
	}
	// Every state-changing route of the table checks the token (the analyst may do most).
	srv := &web.Server{Services: app.Services(s)}
	for _, rt := range srv.Routes() {
		method, path := pathOf(rt.Pattern)
		if method == http.MethodGet || rt.Action == auth.Public {
			continue
		}
		if r := c.request(method, path, url.Values{}, nil); r.code != http.StatusForbidden {
			t.Errorf("%s %s without the form token: got %d, want 403", method, path, r.code)
		}
	}
	// Cross-site login (login CSRF) is refused too.
	anon := newClient(t, base)
	r := anon.request(http.MethodPost, "/login", url.Values{"username": {"demo-analyst"}, "password": {demoPassword}},
		map[string]string{"Sec-Fetch-Site": "cross-site"})
	if r.code != http.StatusForbidden || anon.cookie("pacer_session") != "" {
		t.Errorf("cross-site POST /login: got %d, want 403 and no session", r.code)
	}
}

var loginError = regexp.MustCompile(`(?s)<p class="err" role="alert">(.*?)</p>`)

// Lockout: after 5 consecutive failures an account is locked for 15 minutes, even for the right
// password; the message is the same for an unknown user, a wrong password and a locked account;
// failures and the lockout are audited.
func TestLockout(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	c := newClient(t, base)
	msgOf := func(r response) string {
		m := loginError.FindStringSubmatch(r.body)
		if m == nil {
			t.Fatalf("login: got %d with no error message\n%.500s", r.code, r.body)
		}
		return m[1]
	}
	unknown := c.tryLogin("nobody-here", "Wrong-Pass1")
	if unknown.code != http.StatusUnauthorized {
		t.Errorf("unknown user: got %d, want 401", unknown.code)
	}
	want := msgOf(unknown)
	if want != locale.T("zh-CN", "login.failed") {
		t.Errorf("unknown user: got message %q", want)
	}
	mark := lastAuditID(t, s)
	for i := 1; i <= 5; i++ {
		r := c.tryLogin("demo-leader", "Wrong-Pass1")
		if r.code != http.StatusUnauthorized || msgOf(r) != want || c.cookie("pacer_session") != "" {
			t.Fatalf("wrong password %d: got %d %q, want 401 with the unknown-user message", i, r.code, msgOf(r))
		}
	}
	u, err := s.UserByName(ctx, "demo-leader")
	if err != nil {
		t.Fatal(err)
	}
	if u.LockedUntil == nil || time.Until(*u.LockedUntil) < 14*time.Minute || time.Until(*u.LockedUntil) > 16*time.Minute {
		t.Errorf("after 5 failures: got locked until %v, want about 15 minutes from now", u.LockedUntil)
	}
	r := c.tryLogin("DEMO-LEADER", demoPassword)
	if r.code != http.StatusUnauthorized || msgOf(r) != want || c.cookie("pacer_session") != "" {
		t.Errorf("right password while locked: got %d %q, want 401 with the same message and no session", r.code, msgOf(r))
	}
	var got []string
	for _, e := range auditSince(t, s, mark) {
		got = append(got, e.Action+":"+e.Outcome)
		if e.Object != "user:demo-leader" || e.SourceIP != "127.0.0.1" {
			t.Errorf("audit %s: got object %q ip %q", e.Action, e.Object, e.SourceIP)
		}
	}
	wantRows := []string{"auth.login_failed:failure", "auth.login_failed:failure", "auth.login_failed:failure",
		"auth.login_failed:failure", "auth.lockout:failure", "auth.login_refused:locked or disabled"}
	if !slices.Equal(got, wantRows) {
		t.Errorf("audit rows: got %v, want %v", got, wantRows)
	}
	// Another account is not affected; a success resets the count.
	for i := 0; i < 4; i++ {
		c.tryLogin("demo-analyst", "Wrong-Pass1")
	}
	c.signIn("demo-analyst", demoPassword)
	for i := 0; i < 4; i++ {
		c.tryLogin("demo-analyst", "Wrong-Pass1")
	}
	if u, _ := s.UserByName(ctx, "demo-analyst"); u.LockedUntil != nil {
		t.Errorf("4 failures, a success, 4 failures: got locked, want the count reset by the success")
	}
}

// API tokens: the API answers a valid token of a role that may read data, 403 for one that may
// not, 401 for an unknown one.
func TestAPIToken(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	path := "/api/v1/scorecard?region=440784&period=2023-06"
	if r := apiClient(t, s, base, "demo-leader").get(path); r.code != http.StatusOK {
		t.Errorf("leader token: got %d, want 200", r.code)
	}
	if r := apiClient(t, s, base, "demo-auditor").get(path); r.code != http.StatusForbidden || !strings.Contains(r.body, `"forbidden"`) {
		t.Errorf("auditor token: got %d %s, want 403 forbidden", r.code, r.body)
	}
	c := newClient(t, base)
	c.bearer = "not-a-token"
	if r := c.get(path); r.code != http.StatusUnauthorized {
		t.Errorf("unknown token: got %d, want 401", r.code)
	}
	// A token is not a session: it does not reach pages, and the API's writes (none yet) would
	// not need the form token because no cookie is sent.
	if r := apiClient(t, s, base, "demo-analyst").get("/scorecard"); r.code != http.StatusSeeOther {
		t.Errorf("analyst token on a page: got %d, want 303 to /login", r.code)
	}
}
