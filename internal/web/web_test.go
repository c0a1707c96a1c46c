package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"pacer/internal/app"
	"regexp"
	"slices"
	"strings"
	"testing"

	"pacer/internal/auth"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

var ctx = context.Background()

// demoPassword is every demo account's password in these tests.
const demoPassword = "Demo-2023x"

// demos gives each test its own copy of the demo case with its accounts, loaded once per
// database (demoStore's work: a second, most of it hashing the accounts' passwords).
var demos = storetest.NewPrepared(func(ctx context.Context, s *store.Store) error {
	if _, err := demo.Load(ctx, s); err != nil {
		return err
	}
	_, err := demo.SetUp(ctx, s, demoPassword)
	return err
})

func TestMain(m *testing.M) {
	code := m.Run()
	demos.Close()
	os.Exit(code)
}

// demoStore loads the demo case and its accounts (demo-<role>) into s, as `pacer demo` does.
func demoStore(t testing.TB, s *store.Store) *store.Store {
	t.Helper()
	if _, err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SetUp(ctx, s, demoPassword); err != nil {
		t.Fatal(err)
	}
	return s
}

// serve starts srv (its Store set) on a test server and returns the server's URL.
func serve(t testing.TB, srv *web.Server) string {
	t.Helper()
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

func newServer(t testing.TB, s *store.Store) string {
	t.Helper()
	return serve(t, &web.Server{Services: app.Services(s), HomeRegion: demo.Region, HomePeriod: demo.Period})
}

// eachDemoServer serves a fresh demo store of each dialect.
func eachDemoServer(t *testing.T, fn func(t *testing.T, s *store.Store, base string)) {
	t.Helper()
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := demos.Open(t, d.Name)
			fn(t, s, newServer(t, s))
		})
	}
}

type response struct {
	code   int
	header http.Header
	body   string
}

// location is where a redirect points, without its query.
func (r response) location() string {
	l, _, _ := strings.Cut(r.header.Get("Location"), "?")
	return l
}

// client is a browser-like HTTP client: a cookie jar, no redirects followed, and either a
// session (with its form token) or an API token.
type client struct {
	t      testing.TB
	base   string
	hc     *http.Client
	csrf   string // the session's form token, read from a page
	bearer string // an API token, sent as Authorization: Bearer
}

func newClient(t testing.TB, base string) *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if ts, ok := http.DefaultTransport.(*http.Transport); ok {
		hc.Transport = ts.Clone()
	}
	return &client{t: t, base: base, hc: hc}
}

// tlsClient is a client of an httptest TLS server.
func tlsClient(t testing.TB, ts *httptest.Server) *client {
	c := newClient(t, ts.URL)
	c.hc.Transport = ts.Client().Transport
	return c
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, string(b)}
}

func (c *client) request(method, path string, form url.Values, header map[string]string) response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return c.do(req)
}

func (c *client) get(path string) response {
	c.t.Helper()
	return c.request(http.MethodGet, path, nil, nil)
}

// post posts form with the session's form token added.
func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	f := url.Values{} // a copy: the caller's form is not changed
	for k, v := range form {
		f[k] = v
	}
	if c.csrf != "" && f.Get("csrf") == "" {
		f.Set("csrf", c.csrf)
	}
	return c.request(http.MethodPost, path, f, nil)
}

func (c *client) getJSON(path string, wantCode int) map[string]any {
	c.t.Helper()
	r := c.get(path)
	if r.code != wantCode {
		c.t.Fatalf("GET %s: got %d, want %d\n%s", path, r.code, wantCode, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		c.t.Errorf("GET %s: got Content-Type %q, want application/json", path, ct)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		c.t.Fatalf("GET %s: body is not JSON: %v\n%s", path, err, r.body)
	}
	return m
}

// cookie returns the value of the session cookie the client holds ("" for none).
func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// tryLogin posts the login form and returns the response (the client keeps any cookie).
func (c *client) tryLogin(username, password string) response {
	c.t.Helper()
	return c.request(http.MethodPost, "/login", url.Values{"username": {username}, "password": {password}}, nil)
}

// login signs in through the login form and reads the session's form token from a page.
func login(t testing.TB, base, username, password string) *client {
	t.Helper()
	c := newClient(t, base)
	c.signIn(username, password)
	return c
}

func (c *client) signIn(username, password string) {
	c.t.Helper()
	r := c.tryLogin(username, password)
	if r.code != http.StatusSeeOther {
		c.t.Fatalf("login %s: got %d, want 303\n%s", username, r.code, r.body)
	}
	c.csrf = ""
	page := c.get("/login") // any page with the layout carries the form token
	m := csrfField.FindStringSubmatch(page.body)
	if m == nil {
		c.t.Fatalf("login %s: got no form token on a page after signing in\n%s", username, page.body)
	}
	c.csrf = m[1]
}

// apiClient is a client with a fresh API token of the account username.
func apiClient(t testing.TB, s *store.Store, base, username string) *client {
	t.Helper()
	u, err := s.UserByName(ctx, username)
	if err != nil {
		t.Fatal(err)
	}
	token := auth.NewToken()
	if _, err := s.CreateAPIToken(ctx, store.Who{Username: "test"}, u, "test", token, nil); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, base)
	c.bearer = token
	return c
}

// el returns the element of doc[key] whose field is value, or nil.
func el(doc map[string]any, key, field, value string) map[string]any {
	arr, _ := doc[key].([]any)
	for _, e := range arr {
		if m, ok := e.(map[string]any); ok && m[field] == value {
			return m
		}
	}
	return nil
}

func num(v any) float64 {
	if f, ok := v.(float64); ok {
		return math.Round(f*100) / 100
	}
	return math.NaN()
}

// The scorecard API on the fixture, through a per-account API token.
func TestScorecardAPI(t *testing.T) {
	eachFixture(t, func(t *testing.T, fx *fixture) {
		c := apiClient(t, fx.s, fx.base, fxUser(domain.RoleAnalyst))
		doc := c.getJSON("/api/v1/scorecard?region=441781&period=2024-06", http.StatusOK)
		if r, _ := doc["region"].(map[string]any); r["code"] != fxRegion || r["name"] != fxName || doc["period"] != fxPeriod {
			t.Errorf("got region %v period %v, want 阳春市 441781 at 2024-06", doc["region"], doc["period"])
		}
		// The indicators with a figure or a target, in catalogue order.
		var codes []string
		for _, l := range doc["indicators"].([]any) {
			codes = append(codes, l.(map[string]any)["code"].(string))
		}
		if want := []string{"gdp", "fai", "retail", "attracted_projects"}; !slices.Equal(codes, want) {
			t.Fatalf("indicators: got %v, want %v", codes, want)
		}
		line := func(code string) map[string]any { return el(doc, "indicators", "code", code) }
		tier := func(code, tier string) map[string]any { return el(line(code), "targets", "tier", tier) }
		for _, c := range []struct {
			name string
			got  any
			want any
		}{
			{"time_progress", doc["time_progress"], 50.0}, // linear at June: 6/12
			{"gdp.value", line("gdp")["value"], 150.0},
			{"gdp.growth", line("gdp")["growth"], 5.0},
			{"gdp.base_value", line("gdp")["base_value"], 140.0},
			{"gdp.rank", line("gdp")["rank"], 2.0}, // growth 6.2, 5.0, 5.0, 4.1
			{"gdp.peers", line("gdp")["peers"], 4.0},
			{"gdp.sample", line("gdp")["sample"], false},
			{"gdp.assigned.growth", tier("gdp", "assigned")["growth"], 7.5},
			{"gdp.assigned.completion", tier("gdp", "assigned")["completion"], nil}, // a growth target only
			{"gdp.assigned.gap_pp", tier("gdp", "assigned")["gap_pp"], -2.5},        // 5.0 − 7.5
			// w = 140/300 = 0.4667: (7.5 − 0.4667 × 5.0)/(1 − 0.4667) = 9.6875
			{"gdp.assigned.required_growth", tier("gdp", "assigned")["required_growth"], 9.69},
			{"gdp.assigned.status", tier("gdp", "assigned")["status"], "red"}, // −2.5 < −1
			{"gdp.stretch.value", tier("gdp", "stretch")["value"], 330.0},
			{"gdp.stretch.completion", tier("gdp", "stretch")["completion"], 45.45}, // 150/330
			{"gdp.stretch.gap_pp", tier("gdp", "stretch")["gap_pp"], -4.55},         // 45.45 − 50
			// (330 − 150)/(300 − 140) − 1 = 12.50%
			{"gdp.stretch.required_growth", tier("gdp", "stretch")["required_growth"], 12.5},
			{"gdp.stretch.status", tier("gdp", "stretch")["status"], "yellow"}, // −4.5 ≥ −5
			{"retail.time_progress_mode", line("retail")["time_progress_mode"], "seasonal"},
			{"retail.rank", line("retail")["rank"], 1.0},                                          // 10.0 > 9.0 > 8.0 > 7.0
			{"retail.sample", line("retail")["sample"], true},                                     // its 2023-06 base is 示例
			{"retail.assigned.time_progress", tier("retail", "assigned")["time_progress"], 44.44}, // 40/90
			{"retail.assigned.completion", tier("retail", "assigned")["completion"], 46.32},       // 44/95
			{"retail.assigned.gap_pp", tier("retail", "assigned")["gap_pp"], 1.87},                // 46.32 − 44.44
			{"retail.assigned.growth_gap_pp", tier("retail", "assigned")["growth_gap_pp"], 2.0},   // 10.0 − 8
			// the larger of (95 − 44)/(90 − 40) − 1 = 2.00% and (8 − 0.4444 × 10)/(1 − 0.4444) = 6.40%
			{"retail.assigned.required_growth", tier("retail", "assigned")["required_growth"], 6.4},
			{"retail.assigned.status", tier("retail", "assigned")["status"], "green"},
			{"retail.stretch.completion", tier("retail", "stretch")["completion"], 40.0},           // 44/110
			{"retail.stretch.required_growth", tier("retail", "stretch")["required_growth"], 32.0}, // (110 − 44)/50 − 1
			{"retail.stretch.status", tier("retail", "stretch")["status"], "yellow"},               // 40 − 44.44 = −4.4
			{"fai.value", line("fai")["value"], nil},                                               // growth only
			{"fai.growth", line("fai")["growth"], 3.0},
			{"fai.rank", line("fai")["rank"], 3.0}, // 4.5, 3.4, 3.0, −2.0
			{"fai.targets", len(line("fai")["targets"].([]any)), 0},
			{"attracted_projects.value", line("attracted_projects")["value"], 12.0},
			{"attracted_projects.rank", line("attracted_projects")["rank"], nil},                                   // no growth to rank by
			{"attracted_projects.assigned.completion", tier("attracted_projects", "assigned")["completion"], 48.0}, // 12/25
			{"attracted_projects.assigned.status", tier("attracted_projects", "assigned")["status"], "yellow"},     // 48 − 50 = −2
			{"attracted_projects.assigned.required_growth", tier("attracted_projects", "assigned")["required_growth"], nil},
			{"attracted_projects.stretch.completion", tier("attracted_projects", "stretch")["completion"], 40.0}, // 12/30
			{"attracted_projects.stretch.status", tier("attracted_projects", "stretch")["status"], "red"},        // 40 − 50 = −10
		} {
			got := c.got
			if f, ok := got.(float64); ok {
				got = num(f)
			}
			if got != c.want {
				t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
			}
		}
		// With no figure of its own year's month, a line shows its latest figure with its period.
		jul := c.getJSON("/api/v1/scorecard?region=441781&period=2024-07", http.StatusOK)
		if gdp := el(jul, "indicators", "code", "gdp"); gdp == nil || gdp["period"] != fxPeriod || num(gdp["value"]) != 150 {
			t.Errorf("gdp at 2024-07: got %v, want June's 150 at 2024-06", gdp)
		}
	})
}

// The ranking API on the fixture, through a browser session of the leader.
func TestRankingAPI(t *testing.T) {
	eachFixture(t, func(t *testing.T, fx *fixture) {
		c := fx.login(t, domain.RoleLeader)
		for _, tc := range []struct {
			indicator, by string
			ranks         string // the rows' codes:ranks in order; "" for no rows
		}{
			{"gdp", "", "441702:1 441704:2 441781:2 441721:4"},         // growth 6.2, 5.0, 5.0, 4.1
			{"gdp", "growth", "441702:1 441704:2 441781:2 441721:4"},   //
			{"gdp", "value", "441702:1 441704:2 441781:3 441721:4"},    // 210, 180, 150, 95.5
			{"retail", "", "441781:1 441704:2 441702:3 441721:4"},      // 10.0, 9.0, 8.0, 7.0
			{"retail", "value", "441702:1 441781:2 441704:3 441721:4"}, // 60, 44, 30, 25
			{"fai", "", "441704:1 441721:2 441781:3 441702:4"},         // 4.5, 3.4, 3.0, −2.0
			{"fai", "value", ""},                        // growth only: nothing to rank by value
			{"attracted_projects", "value", "441781:1"}, // the only figure
			{"attracted_projects", "", ""},              // no growth
		} {
			q := url.Values{"parent": {fxParent}, "indicator": {tc.indicator}, "period": {fxPeriod}}
			if tc.by != "" {
				q.Set("by", tc.by)
			}
			doc := c.getJSON("/api/v1/ranking?"+q.Encode(), http.StatusOK)
			var got []string
			rows, _ := doc["rows"].([]any)
			for _, r := range rows {
				m := r.(map[string]any)
				got = append(got, fmt.Sprintf("%v:%v", m["code"], m["rank"]))
			}
			if strings.Join(got, " ") != tc.ranks || num(doc["peers"]) != 4 {
				t.Errorf("%s by %q: got rows %v of %v peers, want %q of 4", tc.indicator, tc.by, got, doc["peers"], tc.ranks)
			}
		}
		if doc := c.getJSON("/api/v1/ranking?parent=441700&indicator=retail&period=2024-06", http.StatusOK); el(doc, "rows", "code", fxRegion)["name"] != fxName {
			t.Errorf("retail ranking: got rows %v, want 阳春市 named", doc["rows"])
		}
	})
}

func TestAPIErrors(t *testing.T) {
	fx := newFixture(t)
	c := apiClient(t, fx.s, fx.base, fxUser(domain.RoleLeader))
	for _, tc := range []struct {
		path string
		code int
		kind string
		msg  string // in the message
	}{
		{"/api/v1/scorecard?region=441781&period=2024-13", 400, "invalid", "期别「2024-13」无效"},
		{"/api/v1/scorecard?region=441781&period=June", 400, "invalid", "应为 YYYY-MM"},
		{"/api/v1/scorecard?region=441781", 400, "invalid", "缺少参数"},
		{"/api/v1/scorecard?region=999999&period=2024-06", 404, "not_found", "未知地区代码「999999」"},
		{"/api/v1/ranking?parent=441700&indicator=retail&period=2024-6", 400, "invalid", "期别"},
		{"/api/v1/ranking?parent=441700&indicator=retail&period=2024-06&by=speed", 400, "invalid", "排名依据"},
		{"/api/v1/ranking?parent=441700&indicator=no_such&period=2024-06", 404, "not_found", "no_such"},
		{"/api/v1/ranking?parent=999999&indicator=retail&period=2024-06", 404, "not_found", "999999"},
		{"/api/v1/ranking?indicator=retail&period=2024-06", 400, "invalid", "缺少参数"},
		{"/api/v1/nope", 404, "not_found", "没有这个接口"},
	} {
		doc := c.getJSON(tc.path, tc.code)
		e, _ := doc["error"].(map[string]any)
		if msg, _ := e["message"].(string); e["kind"] != tc.kind || !strings.Contains(msg, tc.msg) {
			t.Errorf("GET %s: got error %v, want kind %s and a message with %q", tc.path, e, tc.kind, tc.msg)
		}
	}
}

// The scorecard page, signed in: Chinese text, figures at their precision, errors as pages.
func TestScorecardPage(t *testing.T) {
	fx := newFixture(t)
	c := fx.login(t, domain.RoleAnalyst)
	r := c.get("/scorecard")
	if r.code != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /scorecard: got %d %s, want 200 HTML\n%s", r.code, r.header.Get("Content-Type"), r.body)
	}
	for _, want := range []string{fxName, "2024年1-6月", "示例", "地区生产总值", "自我加压", `lang="zh-CN"`, fxUser(domain.RoleAnalyst),
		"150.00", // gdp at its precision, 2
		"9.7",    // gdp assigned 需增速 (7.5 − 140/300 × 5)/(1 − 140/300) = 9.69
		"45.5",   // gdp stretch completion 150/330
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("GET /scorecard: got no %q in the page", want)
		}
	}
	r = c.get("/scorecard?region=999999&period=2024-06")
	if r.code != http.StatusNotFound || !strings.Contains(r.body, "未知地区代码") {
		t.Errorf("GET /scorecard?region=999999: got %d, want 404 with a Chinese message", r.code)
	}
	r = c.get("/scorecard?region=441781&period=%3Cscript%3E")
	if r.code != http.StatusBadRequest || strings.Contains(r.body, "<script>") {
		t.Errorf("GET /scorecard with a script as period: got %d, want 400 and the input escaped", r.code)
	}
	// The signed-in home sends each role to its first page, which it may see.
	for role, want := range map[domain.Role]string{domain.RoleAnalyst: "/dashboard", domain.RoleLeader: "/dashboard", domain.RoleReporter: "/entry",
		domain.RoleAuditor: "/audit", domain.RoleSysadmin: "/users", domain.RoleSecadmin: "/policy"} {
		c := fx.login(t, role)
		if r := c.get("/"); r.code != http.StatusSeeOther || r.location() != want {
			t.Errorf("%s GET /: got %d to %q, want 303 to %s", fxUser(role), r.code, r.header.Get("Location"), want)
		}
		if r := c.get(want); r.code != http.StatusOK {
			t.Errorf("%s GET %s (its home): got %d, want 200", fxUser(role), want, r.code)
		}
	}
}

// pathOf turns a route pattern into a request path: wildcards get a sample value.
func pathOf(pattern string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	path = strings.ReplaceAll(path, "{$}", "")
	path = regexp.MustCompile(`\{code\}`).ReplaceAllString(path, "retail")
	path = regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(path, "1")
	if strings.HasSuffix(path, "/static/") {
		path += "app.css"
	}
	return method, path
}

// TestRouteTable walks the router: every route has an action the permission table knows, and
// without a session every non-public route sends pages to /login and answers the API with 401.
func TestRouteTable(t *testing.T) {
	s := storetest.OpenSQLite(t)
	srv := &web.Server{Services: app.Services(s)}
	base := serve(t, srv)
	routes := srv.Routes()
	if len(routes) == 0 {
		t.Fatal("got no routes")
	}
	known := auth.Actions()
	seen := map[string]bool{}
	for _, rt := range routes {
		if !slices.Contains(known, rt.Action) {
			t.Errorf("route %q: action %q is not in the permission table (auth.Actions)", rt.Pattern, rt.Action)
		}
		if rt.Handler == nil {
			t.Errorf("route %q: got no handler", rt.Pattern)
		}
		if seen[rt.Pattern] {
			t.Errorf("route %q: listed twice", rt.Pattern)
		}
		seen[rt.Pattern] = true
		method, path, ok := strings.Cut(rt.Pattern, " ")
		if !ok || method == "" || !strings.HasPrefix(path, "/") {
			t.Errorf("route %q: want METHOD /path", rt.Pattern)
		}
		if rt.Action == auth.Public && !slices.Contains([]string{"GET /healthz", "GET /metrics", "GET /static/", "GET /login", "POST /login"}, rt.Pattern) {
			t.Errorf("route %q: got public, want only login, health, metrics (its own token) and static assets public", rt.Pattern)
		}
		if strings.HasPrefix(path, "/api/") && method != http.MethodGet {
			// The API is read-only: tokens skip the form token, so a writing API route would need one.
			t.Errorf("route %q: an API route that writes, want API routes read-only", rt.Pattern)
		}
	}

	anon := newClient(t, base)
	for _, rt := range routes {
		method, path := pathOf(rt.Pattern)
		var form url.Values
		if method == http.MethodPost {
			form = url.Values{}
		}
		r := anon.request(method, path, form, nil)
		switch {
		case rt.Action == auth.Public:
			if r.code == http.StatusUnauthorized && !strings.Contains(r.body, locale.T("zh-CN", "login.failed")) ||
				r.code == http.StatusSeeOther && r.location() == "/login" || r.code == http.StatusForbidden {
				t.Errorf("%s %s (public) without a session: got %d %s", method, path, r.code, r.header.Get("Location"))
			}
		case strings.HasPrefix(path, "/api/"):
			if r.code != http.StatusUnauthorized || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") ||
				!strings.Contains(r.body, `"unauthorized"`) || r.header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s %s without a session: got %d %s %s, want 401 JSON with WWW-Authenticate", method, path, r.code, r.header.Get("Content-Type"), r.body)
			}
		default:
			if r.code != http.StatusSeeOther || r.location() != "/login" {
				t.Errorf("%s %s without a session: got %d to %q, want 303 to /login", method, path, r.code, r.header.Get("Location"))
			}
			if method == http.MethodGet && r.header.Get("Location") != "/login?next="+url.QueryEscape(path) {
				t.Errorf("GET %s without a session: got Location %q, want /login?next=%s", path, r.header.Get("Location"), url.QueryEscape(path))
			}
		}
	}
	// A bad API token is no session either, even with a valid-looking shape.
	bad := newClient(t, base)
	bad.bearer = auth.NewToken()
	if r := bad.get("/api/v1/scorecard?region=440784&period=2023-06"); r.code != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/scorecard with an unknown token: got %d, want 401", r.code)
	}

	for _, tc := range []struct {
		method, path string
		codes        []int // any of
	}{
		{"GET", "/nope", []int{404}},
		{"GET", "/api/v1/nope", []int{404}},
		{"GET", "/api/v1", []int{404}},
		{"GET", "/api/v1/scorecard/extra", []int{404}},
		{"GET", "/index.html", []int{404}},
		{"GET", "/templates/login.html", []int{404}},
		{"GET", "/static/../templates/login.html", []int{404, 400, 301, 307, 308}},
		{"GET", "/static/nope.js", []int{404}},
		{"GET", "/../etc/passwd", []int{404, 400, 301, 307, 308}},
		{"DELETE", "/api/v1/ranking", []int{404, 405}},
		{"PUT", "/", []int{404, 405}},
		{"POST", "/healthz", []int{404, 405}},
	} {
		r := anon.request(tc.method, tc.path, nil, nil)
		if !slices.Contains(tc.codes, r.code) {
			t.Errorf("%s %s: got %d, want one of %v", tc.method, tc.path, r.code, tc.codes)
		}
		if r.code == http.StatusOK {
			t.Errorf("%s %s: got 200: %.200s", tc.method, tc.path, r.body)
		}
	}
	if r := anon.get("/healthz"); r.code != 200 || !strings.Contains(r.body, `"sqlite"`) {
		t.Errorf("GET /healthz: got %d %s, want 200 naming the database", r.code, r.body)
	}
	if r := anon.get("/static/app.css"); r.code != 200 || !strings.Contains(r.header.Get("Content-Type"), "text/css") {
		t.Errorf("GET /static/app.css: got %d %s, want 200 CSS", r.code, r.header.Get("Content-Type"))
	}
	if r := anon.get("/login"); r.code != 200 || !strings.Contains(r.body, `id="username"`) || !strings.Contains(r.body, `id="login-submit"`) {
		t.Errorf("GET /login: got %d, want the login form", r.code)
	}
}

func TestSecurityHeaders(t *testing.T) {
	fx := newFixture(t)
	anon := newClient(t, fx.base)
	analyst := fx.login(t, domain.RoleAnalyst)
	check := func(c *client, path string, wantNoStore bool) {
		t.Helper()
		r := c.get(path)
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: got CSP %q, want it to contain %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "'unsafe-inline'") || strings.Contains(csp, "'unsafe-eval'") {
			t.Errorf("GET %s: got CSP %q, want no unsafe-inline or unsafe-eval", path, csp)
		}
		if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: got X-Content-Type-Options %q, want nosniff", path, got)
		}
		if got := r.header.Get("Referrer-Policy"); got != "same-origin" {
			t.Errorf("GET %s: got Referrer-Policy %q, want same-origin", path, got)
		}
		if got := r.header.Get("Cache-Control"); wantNoStore && got != "no-store" {
			t.Errorf("GET %s: got Cache-Control %q, want no-store", path, got)
		}
		if got := r.header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("GET %s over plain HTTP: got HSTS %q, want none", path, got)
		}
	}
	for _, path := range []string{"/login", "/healthz", "/dashboard", "/api/v1/scorecard?region=441781&period=2024-06", "/nope"} {
		check(anon, path, true)
	}
	for _, path := range []string{"/scorecard", "/dashboard", "/api/v1/scorecard?region=441781&period=2024-06", "/nope"} {
		check(analyst, path, true)
	}
	if r := anon.get("/static/app.css"); !strings.Contains(r.header.Get("Cache-Control"), "max-age") {
		t.Errorf("GET /static/app.css: got Cache-Control %q, want it cacheable", r.header.Get("Cache-Control"))
	}

	// Over TLS: HSTS.
	ts := httptest.NewTLSServer((&web.Server{Services: app.Services(fx.s), TLS: true}).Handler())
	defer ts.Close()
	if r := tlsClient(t, ts).get("/login"); !strings.Contains(r.header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("GET /login over TLS: got HSTS %q, want max-age", r.header.Get("Strict-Transport-Security"))
	}
}

// Inline <style> blocks are allowed by the CSP by their hash, never by 'unsafe-inline'.
func TestStyleAllowedByCSP(t *testing.T) {
	c := newFixture(t).login(t, domain.RoleAnalyst)
	for _, path := range []string{"/login", "/scorecard", "/dashboard", "/goaltree", "/review", "/targets", "/import"} {
		r := c.get(path)
		csp := r.header.Get("Content-Security-Policy")
		styleSrc := ""
		for _, d := range strings.Split(csp, ";") {
			if f := strings.Fields(d); len(f) > 0 && f[0] == "style-src" {
				styleSrc = " " + strings.Join(f[1:], " ") + " "
			}
		}
		for _, m := range regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(r.body, -1) {
			sum := sha256.Sum256([]byte(m[1]))
			want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
			if !strings.Contains(styleSrc, " "+want+" ") {
				t.Errorf("GET %s: got CSP %q, want style-src to allow the page's inline style by %s", path, csp, want)
			}
		}
		if regexp.MustCompile(`<script>\s*\S`).MatchString(r.body) || regexp.MustCompile(`\son[a-z]+="`).MatchString(r.body) {
			t.Errorf("GET %s: got an inline script or event handler, which the CSP blocks", path)
		}
	}
}

// scorecardPath is a page every role that may view data can open, whatever the server's home.
const scorecardPath = "/scorecard?region=440784&period=2023-06"
