package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"pacer/internal/app"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// The helpers here are prefixed dash… so they never clash with other test files of the package.

const dashPassword = "Demo-2023x"

type dashClient struct {
	t    *testing.T
	base string
	hc   *http.Client
}

type dashResp struct {
	code   int
	header http.Header
	body   string
}

// dashServe loads the demo and its accounts into a fresh SQLite store and serves it.
func dashServe(t *testing.T) (*store.Store, string) {
	t.Helper()
	s := storetest.OpenSQLite(t)
	if _, err := demo.Load(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SetUp(t.Context(), s, dashPassword); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer((&web.Server{Store: s, Services: app.Services(s), HomeRegion: demo.Region, HomePeriod: demo.Period}).Handler())
	t.Cleanup(ts.Close)
	return s, ts.URL
}

// dashLogin signs in by POST /login with a cookie jar.
func dashLogin(t *testing.T, base, username string) *dashClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &dashClient{t: t, base: base, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	r := c.post("/login", url.Values{"username": {username}, "password": {dashPassword}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("POST /login as %s: got %d, want 303\n%s", username, r.code, r.body)
	}
	return c
}

func (c *dashClient) do(method, path string, form url.Values) dashResp {
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
		req.Header.Set("Origin", c.base)
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
	return dashResp{res.StatusCode, res.Header, string(b)}
}

func (c *dashClient) get(path string) dashResp { return c.do(http.MethodGet, path, nil) }
func (c *dashClient) post(path string, form url.Values) dashResp {
	return c.do(http.MethodPost, path, form)
}

func (c *dashClient) page(path string) string {
	c.t.Helper()
	r := c.get(path)
	if r.code != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		c.t.Fatalf("GET %s: got %d %s, want 200 HTML\n%s", path, r.code, r.header.Get("Content-Type"), r.body)
	}
	return r.body
}

func (c *dashClient) json(path string, wantCode int) map[string]any {
	c.t.Helper()
	r := c.get(path)
	if r.code != wantCode || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		c.t.Fatalf("GET %s: got %d %s, want %d JSON\n%s", path, r.code, r.header.Get("Content-Type"), wantCode, r.body)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		c.t.Fatalf("GET %s: %v\n%s", path, err, r.body)
	}
	return m
}

var dashCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// dashEnglish switches c to English through POST /lang with the page's form token.
func (c *dashClient) english() {
	c.t.Helper()
	m := dashCSRF.FindStringSubmatch(c.page("/dashboard"))
	if m == nil {
		c.t.Fatal("GET /dashboard: got no csrf form field")
	}
	r := c.post("/lang", url.Values{"csrf": {m[1]}, "lang": {"en"}, "next": {"/dashboard"}})
	if r.code != http.StatusSeeOther {
		c.t.Fatalf("POST /lang: got %d, want 303\n%s", r.code, r.body)
	}
}

// dashElement returns the element carrying data-indicator="code": from its tag to the next
// element carrying data-indicator (or the end of its section).
func dashElement(t *testing.T, body, code string) string {
	t.Helper()
	i := strings.Index(body, `data-indicator="`+code+`"`)
	if i < 0 {
		t.Fatalf("got no element with data-indicator=%q", code)
	}
	rest := body[i+1:]
	if j := strings.Index(rest, "data-indicator="); j >= 0 {
		rest = rest[:j]
	}
	if j := strings.Index(rest, "</section>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

func dashInner(elem, class string) (string, bool) {
	m := regexp.MustCompile(`class="` + class + `(?: ([a-z]+))?">([^<]*)<`).FindStringSubmatch(elem)
	if m == nil {
		return "", false
	}
	return m[2] + "|" + m[1], true
}

var dashMissingKey = regexp.MustCompile(`\[(?:dash|ind|sc|tier|status|common|unit)\.[a-z0-9_.]*\]`)

func TestDashboardLeader(t *testing.T) {
	_, base := dashServe(t)
	c := dashLogin(t, base, "demo-leader")
	body := c.page("/dashboard")
	for _, want := range []string{
		"鹤山市", "地区生产总值", "223.83", "10.9",
		"下半年需增长10.9%才能完成全年8%目标",    // 需增速 in words, assigned tier (growth 8%)
		"下半年需增长12.2%才能完成全年500亿元目标", // stretch tier (500亿元)
		"坚持“制造业当家”", "扩内需稳外贸",
		"示例", `class="sample"`, `href="/indicators/retail?`, "2023年1-7月",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /dashboard: got no %q in the page", want)
		}
	}
	if n := strings.Count(body, `class="card focus-card"`); n != 5 {
		t.Errorf("GET /dashboard: got %d focus cards, want 5", n)
	}
	if m := dashMissingKey.FindString(body); m != "" {
		t.Errorf("GET /dashboard: got untranslated key %s", m)
	}
	if regexp.MustCompile(`<script>\s*\S|\son[a-z]+="|\sstyle="`).MatchString(body) {
		t.Errorf("GET /dashboard: got an inline script, handler or style, which the CSP blocks")
	}
	// Every indicator element holds value, growth, status and rank.
	codes := regexp.MustCompile(`data-indicator="([a-z_]+)"`).FindAllStringSubmatch(body, -1)
	if len(codes) < 10 {
		t.Errorf("GET /dashboard: got %d indicator elements, want at least 10", len(codes))
	}
	seen := map[string]bool{}
	for _, m := range codes {
		if seen[m[1]] {
			t.Errorf("GET /dashboard: indicator %s shown twice", m[1])
		}
		seen[m[1]] = true
		e := dashElement(t, body, m[1])
		for _, class := range []string{"value", "growth", "status", "rank"} {
			if _, ok := dashInner(e, class); !ok {
				t.Errorf("indicator %s: got no element of class %q", m[1], class)
			}
		}
	}
	for _, c := range []struct{ code, class, want string }{
		{"retail", "value", "70.13|"},
		{"retail", "growth", "5.4|"},
		{"retail", "rank", "2/7|"},
		{"retail", "status", "—|none"},
		{"gdp", "value", "223.83|"},
		{"gdp", "rank", "3/7|"},
		{"gdp", "status", "红|red"},
		{"tertiary_power", "rank", "1/7|"},
		{"attracted_projects", "value", "45|"},
		{"attracted_projects", "status", "绿|green"},
		{"attracted_investment", "status", "黄|yellow"},
		{"industrial_investment", "status", "红|red"},
		{"key_project_investment", "status", "绿|green"},
	} {
		got, _ := dashInner(dashElement(t, body, c.code), c.class)
		if got != c.want {
			t.Errorf("indicator %s .%s: got %q, want %q", c.code, c.class, got, c.want)
		}
	}
	if e := dashElement(t, body, "retail"); !strings.Contains(e, "示例") {
		t.Errorf("retail: got no 示例 mark (its last-year bases are samples)")
	}
	// Indicators outside the goal tree are listed after the focus points.
	if i, j := strings.Index(body, `data-indicator="tourism_revenue"`), strings.LastIndex(body, `class="card focus-card"`); i < j {
		t.Errorf("tourism_revenue (not in the goal tree): got it before the last focus card")
	}

	// An explicit period; errors as pages.
	if b := c.page("/dashboard?region=440784&period=2023-06"); !strings.Contains(b, "2023年1-6月") || !strings.Contains(b, "下半年需增长10.9%") {
		t.Errorf("GET /dashboard?period=2023-06: got no June figures")
	}
	if r := c.get("/dashboard?period=2023-13"); r.code != http.StatusBadRequest || !strings.Contains(r.body, "期别") {
		t.Errorf("GET /dashboard?period=2023-13: got %d, want 400 with a message", r.code)
	}
	if r := c.get("/dashboard?region=999999"); r.code != http.StatusNotFound || !strings.Contains(r.body, "未知地区代码") {
		t.Errorf("GET /dashboard?region=999999: got %d, want 404", r.code)
	}
	if r := c.get("/dashboard?region=440784&period=%3Cscript%3E"); r.code != http.StatusBadRequest || strings.Contains(r.body, "<script>") {
		t.Errorf("GET /dashboard with a script as period: got %d, want 400 and the input escaped", r.code)
	}
}

// A newer month of figures moves the dashboard on to it; every revision is kept on the
// indicator page with who recorded it.
func TestDashboardFollowsNewPeriod(t *testing.T) {
	s, base := dashServe(t)
	c := dashLogin(t, base, "demo-analyst")
	if _, err := s.ApplyBatch(t.Context(), store.Batch{Actor: "test-analyst", Source: "test", Observations: []domain.Observation{
		{RegionCode: demo.Region, IndicatorCode: "retail", Period: "2023-08", Value: domain.F(95.5), Growth: domain.F(6.1), Source: "测试来源"},
		{RegionCode: demo.Region, IndicatorCode: "retail", Period: "2023-06", Value: domain.F(70.2), Growth: domain.F(5.4), Source: "修订来源"},
	}}); err != nil {
		t.Fatal(err)
	}
	body := c.page("/dashboard")
	if !strings.Contains(body, "2023年1-8月") {
		t.Errorf("GET /dashboard after an August figure: got no 2023年1-8月")
	}
	if got, _ := dashInner(dashElement(t, body, "retail"), "value"); got != "95.50|" {
		t.Errorf("retail value after an August figure: got %q, want 95.50", got)
	}
	ind := c.page("/indicators/retail?period=2023-06")
	for _, want := range []string{"修订来源", "江门日报", "test-analyst", "70.20", "70.13"} {
		if !strings.Contains(ind, want) {
			t.Errorf("GET /indicators/retail: got no %q in the revisions", want)
		}
	}
}

func TestDashboardXLSX(t *testing.T) {
	_, base := dashServe(t)
	c := dashLogin(t, base, "demo-leader")
	r := c.get("/dashboard?format=xlsx")
	if r.code != http.StatusOK || !strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") ||
		!strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("GET /dashboard?format=xlsx: got %d %s %s", r.code, r.header.Get("Content-Type"), r.header.Get("Content-Disposition"))
	}
	rows := dashSheet(t, r.body)
	want := []string{"指标", "单位", "期别", "累计值", "增速", "目标层级", "目标", "完成率", "时序进度", "差距（个百分点）", "需增速", "状态", "排名"}
	for i, h := range want {
		if i >= len(rows[0]) || rows[0][i] != h {
			t.Fatalf("dashboard sheet header: got %v, want it to start %v", rows[0], want)
		}
	}
	found := map[string]bool{}
	for _, row := range rows[1:] {
		switch {
		case row[0] == "地区生产总值" && row[5] == "下达":
			found["gdp"] = row[6] == "8%" && row[10] == "10.87" && row[11] == "红" && row[12] == "3/7"
		case row[0] == "社会消费品零售总额":
			found["retail"] = row[3] == "70.13" && row[4] == "5.4" && row[12] == "2/7"
		}
	}
	if !found["gdp"] || !found["retail"] {
		t.Errorf("dashboard sheet: got rows %v, want GDP (下达 8%%, 需增速 10.87, 红, 3/7) and retail (70.13, 5.4, 2/7)", rows)
	}

	r = c.get("/scorecard?format=xlsx")
	if rows := dashSheet(t, r.body); r.code != http.StatusOK || rows[0][0] != "指标" || len(rows) < 10 {
		t.Errorf("GET /scorecard?format=xlsx: got %d, %d rows", r.code, len(rows))
	}
	r = c.get("/indicators/retail?format=xlsx")
	if rows := dashSheet(t, r.body); r.code != http.StatusOK || rows[0][0] != "期别" || len(rows) != 4 {
		t.Errorf("GET /indicators/retail?format=xlsx: got %d, rows %v, want the header and 3 revisions", r.code, rows)
	}
	r = c.get("/indicators/retail?format=xlsx&table=series")
	if rows := dashSheet(t, r.body); r.code != http.StatusOK || len(rows) < 2 {
		t.Errorf("GET /indicators/retail?format=xlsx&table=series: got %d, rows %v", r.code, rows)
	}
}

func dashSheet(t *testing.T, body string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("not an xlsx: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) == 0 {
		t.Fatalf("xlsx: got rows %v, %v", rows, err)
	}
	for i := range rows {
		for len(rows[i]) < 14 {
			rows[i] = append(rows[i], "")
		}
	}
	return rows
}

func TestDashboardForbiddenToReporter(t *testing.T) {
	_, base := dashServe(t)
	c := dashLogin(t, base, "demo-reporter")
	for _, path := range []string{"/dashboard", "/dashboard?format=xlsx", "/indicators/gdp", "/scorecard", "/api/v1/indicators/gdp/series"} {
		if r := c.get(path); r.code != http.StatusForbidden {
			t.Errorf("demo-reporter GET %s: got %d, want 403", path, r.code)
		}
	}
	// Without a session: pages go to the login, the API answers 401.
	anon := &dashClient{t: t, base: base, hc: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if r := anon.get("/dashboard"); r.code != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login") {
		t.Errorf("GET /dashboard without a session: got %d %s, want 303 to /login", r.code, r.header.Get("Location"))
	}
	if r := anon.get("/api/v1/indicators/gdp/series"); r.code != http.StatusUnauthorized {
		t.Errorf("GET series without a session: got %d, want 401", r.code)
	}
}

func TestDashboardEnglish(t *testing.T) {
	_, base := dashServe(t)
	c := dashLogin(t, base, "demo-leader")
	c.english()
	body := c.page("/dashboard")
	for _, want := range []string{`lang="en"`, "Dashboard", "The second half must grow 10.9% (needed for the full-year target of growth of 8%)",
		"Retail sales of consumer goods", "Focus points"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /dashboard in English: got no %q", want)
		}
	}
	for _, path := range []string{"/dashboard", "/indicators/gdp", "/scorecard"} {
		b := c.page(path)
		if m := dashMissingKey.FindString(b); m != "" {
			t.Errorf("GET %s in English: got untranslated key %s", path, m)
		}
		for _, zh := range []string{"完成率", "时序进度", "需增速", "口径说明", "目标层级"} {
			if strings.Contains(b, zh) {
				t.Errorf("GET %s in English: got Chinese interface text %q", path, zh)
			}
		}
	}
	doc := c.json("/api/v1/indicators/gdp/series", http.StatusOK)
	if l, _ := doc["labels"].(map[string]any); l["growth"] != "Cumulative growth" {
		t.Errorf("series labels in English: got %v", doc["labels"])
	}
}

func TestIndicatorPage(t *testing.T) {
	_, base := dashServe(t)
	c := dashLogin(t, base, "demo-leader")
	body := c.page("/indicators/gdp")
	charts := regexp.MustCompile(`<div class="chart"[^>]*data-kind="([a-z-]+)" data-src="(/api/v1/indicators/gdp/series\?[^"]+)"`).FindAllStringSubmatch(body, -1)
	kinds := map[string]bool{}
	for _, m := range charts {
		kinds[m[1]] = true
	}
	for _, k := range []string{"trend", "monthly", "ranking", "rank-history"} {
		if !kinds[k] {
			t.Errorf("GET /indicators/gdp: got no chart of kind %s (charts %v)", k, charts)
		}
	}
	for _, want := range []string{
		`<script src="/static/vendor/echarts/echarts.min.js" defer></script>`, `<script src="/static/charts.js" defer></script>`,
		"地区生产总值", "223.83", "江门日报", "demo", "可比价", "线性", "时序进度", "5个百分点", "修订记录", "上年全年基数",
		`data-indicator="gdp"`, "3/7", "下半年需增长10.9%才能完成全年8%目标",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /indicators/gdp: got no %q", want)
		}
	}
	if regexp.MustCompile(`<script>\s*\S|\son[a-z]+="|\sstyle="`).MatchString(body) {
		t.Errorf("GET /indicators/gdp: got an inline script, handler or style")
	}
	if m := dashMissingKey.FindString(body); m != "" {
		t.Errorf("GET /indicators/gdp: got untranslated key %s", m)
	}
	if r := c.get("/indicators/no_such"); r.code != http.StatusNotFound || !strings.Contains(r.body, "no_such") {
		t.Errorf("GET /indicators/no_such: got %d, want 404 naming it", r.code)
	}
	// An indicator with no figures yet still has its page.
	if b := c.page("/indicators/trade"); !strings.Contains(b, "外贸进出口总额") || !strings.Contains(b, "截至本期尚无数据") {
		t.Errorf("GET /indicators/trade: got no name or no-data note")
	}

	// The assets the page loads are served from the binary, as vendored.
	for _, path := range []string{"/static/charts.js", "/static/dashboard.css", "/static/vendor/echarts/echarts.min.js"} {
		r := c.get(path)
		if r.code != http.StatusOK || len(r.body) < 1000 {
			t.Errorf("GET %s: got %d, %d bytes", path, r.code, len(r.body))
		}
		if strings.HasSuffix(path, "echarts.min.js") {
			sum := sha256.Sum256([]byte(r.body))
			md, err := os.ReadFile("static/vendor/VENDOR.md")
			if err != nil || !strings.Contains(string(md), hex.EncodeToString(sum[:])) || !strings.Contains(string(md), "6.1.0") {
				t.Errorf("echarts.min.js: sha256 %x not recorded in VENDOR.md (%v)", sum, err)
			}
		}
	}
}

func TestSeriesAPI(t *testing.T) {
	_, base := dashServe(t)
	c := dashLogin(t, base, "demo-analyst")
	doc := c.json("/api/v1/indicators/retail/series?region=440784&period=2023-06", http.StatusOK)
	months, _ := doc["months"].([]any)
	if len(months) != 12 || months[0] != "2023-01" || months[11] != "2023-12" || doc["period"] != "2023-06" {
		t.Fatalf("series: got months %v period %v", months, doc["period"])
	}
	at := func(path ...string) any {
		var v any = doc
		for _, p := range path {
			switch x := v.(type) {
			case map[string]any:
				v = x[p]
			case []any:
				i := 0
				for _, ch := range p {
					i = i*10 + int(ch-'0')
				}
				if i >= len(x) {
					return nil
				}
				v = x[i]
			default:
				return nil
			}
		}
		return v
	}
	for _, c := range []struct {
		path []string
		want any
	}{
		{[]string{"indicator", "code"}, "retail"},
		{[]string{"indicator", "precision"}, 2.0},
		{[]string{"region", "name"}, "鹤山市"},
		{[]string{"cumulative", "value", "5"}, 70.13},
		{[]string{"cumulative", "growth", "5"}, 5.4},
		{[]string{"cumulative", "value", "4"}, nil},
		{[]string{"cumulative", "last_year_value", "5"}, 66.54},
		{[]string{"cumulative", "last_year_value", "11"}, 139.2},
		{[]string{"monthly", "value", "5"}, 70.13}, // the first figure of the year covers Jan–Jun
		{[]string{"monthly", "months", "5"}, 6.0},
		{[]string{"monthly", "last_year_value", "11"}, 72.66}, // 139.2 − 66.54
		{[]string{"ranking", "period"}, "2023-06"},
		{[]string{"ranking", "peers"}, 7.0},
		{[]string{"ranking", "rows", "0", "name"}, "蓬江区"},
		{[]string{"ranking", "rows", "1", "code"}, "440784"},
		{[]string{"ranking", "rows", "1", "rank"}, 2.0},
		{[]string{"ranking", "rows", "1", "self"}, true},
		{[]string{"rank_history", "0", "period"}, "2023-06"},
		{[]string{"rank_history", "0", "rank"}, 2.0},
		{[]string{"time_progress", "5"}, 50.0},
		{[]string{"sample"}, true},
	} {
		got := at(c.path...)
		if f, ok := got.(float64); ok {
			got = float64(int64(f*100+0.5)) / 100
		}
		if got != c.want {
			t.Errorf("series %s: got %v, want %v", strings.Join(c.path, "."), got, c.want)
		}
	}

	inv := c.json("/api/v1/indicators/industrial_investment/series?region=440784&period=2023-06", http.StatusOK)
	tg, _ := inv["targets"].([]any)
	if len(tg) != 1 {
		t.Fatalf("industrial_investment targets: got %v", inv["targets"])
	}
	t0 := tg[0].(map[string]any)
	if path, _ := t0["path"].([]any); t0["tier"] != "assigned" || t0["value"] != 185.0 || t0["growth"] != 20.0 || len(path) != 12 || path[5] != 92.5 {
		t.Errorf("industrial_investment target: got %v, want assigned 185 / 20%% with a path reaching 92.5 at June", t0)
	}
	// GDP: comparable prices, growth only as published.
	gdp := c.json("/api/v1/indicators/gdp/series", http.StatusOK)
	if ind := gdp["indicator"].(map[string]any); ind["comparable_price"] != true || gdp["period"] != "2023-07" {
		t.Errorf("gdp series: got indicator %v period %v, want comparable prices at the default period 2023-07", ind, gdp["period"])
	}

	for _, tc := range []struct {
		path string
		code int
		kind string
	}{
		{"/api/v1/indicators/no_such/series", 404, "not_found"},
		{"/api/v1/indicators/gdp/series?period=2023-13", 400, "invalid"},
		{"/api/v1/indicators/gdp/series?region=999999&period=2023-06", 404, "not_found"},
	} {
		e, _ := c.json(tc.path, tc.code)["error"].(map[string]any)
		if e["kind"] != tc.kind {
			t.Errorf("GET %s: got error %v, want kind %s", tc.path, e, tc.kind)
		}
	}
}

func TestScorecardPageTranslated(t *testing.T) {
	_, base := dashServe(t)
	c := dashLogin(t, base, "demo-analyst")
	body := c.page("/scorecard?region=440784&period=2023-06")
	for _, want := range []string{"鹤山市（440784）2023年1-6月主要指标完成情况", "完成率", "需增速", "10.9", "自我加压", `href="/indicators/gdp?`, "format=xlsx"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /scorecard: got no %q", want)
		}
	}
	c.english()
	body = c.page("/scorecard?region=440784&period=2023-06")
	for _, want := range []string{"Completion", "Required growth", "Gross domestic product"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /scorecard in English: got no %q", want)
		}
	}
}
