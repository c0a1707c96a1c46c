package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pacer/internal/domain"
	"pacer/internal/ingest"
)

// The tests of the dashboard, the scorecard page and the indicator page run on the fixture
// (fixture_test.go); only TestDemoDashboard loads the demo. The helpers here are prefixed dash…
// so they never clash with other test files of the package.

// dashPage gets path and wants a 200 HTML page.
func dashPage(c *client, path string) string {
	c.t.Helper()
	r := c.get(path)
	if r.code != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		c.t.Fatalf("GET %s: got %d %s, want 200 HTML\n%s", path, r.code, r.header.Get("Content-Type"), r.body)
	}
	return r.body
}

// dashEnglish switches c to English through POST /lang with the session's form token.
func dashEnglish(c *client) {
	c.t.Helper()
	r := c.post("/lang", url.Values{"lang": {"en"}, "next": {"/dashboard"}})
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

// dashInner is the text and the extra class of the first element of class in elem: "2/4|",
// "红|red".
func dashInner(elem, class string) (string, bool) {
	m := regexp.MustCompile(`class="` + class + `(?: ([a-z]+))?"[^>]*>([^<]*)<`).FindStringSubmatch(elem)
	if m == nil {
		return "", false
	}
	return m[2] + "|" + m[1], true
}

var dashMissingKey = regexp.MustCompile(`\[(?:dash|ind|sc|tier|status|common|unit|display|reason)\.[a-z0-9_.]*\]`)

var dashInline = regexp.MustCompile(`<script>\s*\S|\son[a-z]+="|\sstyle="`)

func TestDashboardLeader(t *testing.T) {
	eachFixture(t, func(t *testing.T, fx *fixture) {
		c := fx.login(t, domain.RoleLeader)
		body := dashPage(c, "/dashboard")
		for _, want := range []string{
			fxName, "地区生产总值", "总目标：地区生产总值向330亿元冲刺",
			// The server's home period is 2024-03; the page defaults to the latest month with a figure.
			"2024年1-6月",
			// assigned growth 7.5, w = 140/300: (7.5 − 0.4667 × 5.0)/(1 − 0.4667) = 9.69 → 9.7
			"下半年需增长9.7%才能完成全年7.5%目标",
			// stretch 330: (330 − 150)/(300 − 140) − 1 = 12.50%
			"下半年需增长12.5%才能完成全年330亿元目标",
			// retail stretch 110, seasonal: (110 − 44)/(90 − 40) − 1 = 32.0%
			"下半年需增长32.0%才能完成全年110亿元目标",
			"促进消费扩容提质", "精准招商引资", "一周一调度、一月一分析", "培育限上商贸企业20家",
			"示例", `class="sample"`,
			// the indicator link keeps the dashboard's region and period
			`href="/indicators/retail?region=441781&amp;period=2024-06"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET /dashboard: got no %q in the page", want)
			}
		}
		if n := strings.Count(body, `class="card focus-card"`); n != 2 {
			t.Errorf("GET /dashboard: got %d focus cards, want 2 (促进消费, 精准招商; the headline apart)", n)
		}
		if m := dashMissingKey.FindString(body); m != "" {
			t.Errorf("GET /dashboard: got untranslated key %s", m)
		}
		if dashInline.MatchString(body) {
			t.Errorf("GET /dashboard: got an inline script, handler or style, which the CSP blocks")
		}
		// Every indicator element holds value, growth, status and rank; each is shown once.
		codes := regexp.MustCompile(`data-indicator="([a-z_]+)"`).FindAllStringSubmatch(body, -1)
		var got []string
		for _, m := range codes {
			got = append(got, m[1])
			e := dashElement(t, body, m[1])
			for _, class := range []string{"value", "growth", "status", "rank"} {
				if _, ok := dashInner(e, class); !ok {
					t.Errorf("indicator %s: got no element of class %q", m[1], class)
				}
			}
		}
		// The headline, the focus points in order, then the indicator no measure names.
		if want := "gdp retail attracted_projects fai"; strings.Join(got, " ") != want {
			t.Errorf("GET /dashboard: got indicators %v, want %s", got, want)
		}
		for _, c := range []struct{ code, class, want string }{
			{"gdp", "value", "150.00|"},
			{"gdp", "growth", "5.0|"},
			{"gdp", "rank", "2/4|"},    // growth 6.2, 5.0, 5.0, 4.1: 阳春 ties 阳东 for 2nd
			{"gdp", "status", "红|red"}, // assigned: 5.0 − 7.5 = −2.5 pp < −1
			{"retail", "value", "44.00|"},
			{"retail", "growth", "10.0|"},
			{"retail", "rank", "1/4|"},      // 10.0 > 9.0 > 8.0 > 7.0
			{"retail", "status", "绿|green"}, // 44/95 = 46.32% ≥ 40/90 = 44.44%; growth 10.0 ≥ 8
			{"attracted_projects", "value", "12|"},
			{"attracted_projects", "rank", "—|"},         // no growth: not ranked
			{"attracted_projects", "status", "黄|yellow"}, // 12/25 = 48.0% vs 50%: −2.0 pp ≥ −5
			{"fai", "value", "—|"},                       // growth only
			{"fai", "growth", "3.0|"},
			{"fai", "rank", "3/4|"},     // 4.5, 3.4, 3.0, −2.0
			{"fai", "status", "—|none"}, // no target
		} {
			got, _ := dashInner(dashElement(t, body, c.code), c.class)
			if got != c.want {
				t.Errorf("indicator %s .%s: got %q, want %q", c.code, c.class, got, c.want)
			}
		}
		// The tiers of the headline: assigned red, stretch yellow (45.45% − 50% = −4.5 pp).
		head := dashElement(t, body, "gdp")
		for _, want := range []string{`<span class="tier-status red">红</span>`, `<span class="tier-status yellow">黄</span>`, "完成率 45.5%", "差距 -4.5 个百分点", "差距 -2.5 个百分点"} {
			if !strings.Contains(head, want) {
				t.Errorf("headline: got no %q", want)
			}
		}
		// retail's 2023-06 base is 示例; gdp's figures are not.
		if e := dashElement(t, body, "retail"); !strings.Contains(e, "示例") {
			t.Errorf("retail: got no 示例 mark (its last-year base is a sample)")
		}
		if strings.Contains(head, "示例") {
			t.Errorf("gdp: got a 示例 mark, want none")
		}
		// Indicators outside the goal tree are listed after the focus points.
		if i, j := strings.Index(body, `data-indicator="fai"`), strings.LastIndex(body, `class="card focus-card"`); i < j {
			t.Errorf("fai (not in the goal tree): got it before the last focus card")
		}

		// An explicit period; errors as pages.
		if b := dashPage(c, "/dashboard?region=441781&period=2024-03"); !strings.Contains(b, "2024年1-3月") ||
			!strings.Contains(b, `<span class="value">20.00</span>`) {
			t.Errorf("GET /dashboard?period=2024-03: got no March figures (retail 20.00)")
		} else if m := regexp.MustCompile(`href="(/indicators/retail\?[^"]*)"`).FindStringSubmatch(b); m == nil {
			t.Errorf("GET /dashboard?period=2024-03: got no link to the retail page")
		} else if ind := dashPage(c, strings.ReplaceAll(m[1], "&amp;", "&")); !strings.Contains(ind, `<span class="value">20.00</span>`) {
			t.Errorf("GET %s (the dashboard's link): got no March figure 20.00, want the page at the dashboard's period", m[1])
		}
		for _, tc := range []struct {
			path string
			code int
			msg  string
		}{
			{"/dashboard?period=2024-13", http.StatusBadRequest, "期别"},
			{"/dashboard?region=999999", http.StatusNotFound, "未知地区代码"},
			{"/dashboard?region=441781&period=%3Cscript%3E", http.StatusBadRequest, "期别"},
		} {
			if r := c.get(tc.path); r.code != tc.code || !strings.Contains(r.body, tc.msg) || strings.Contains(r.body, "<script>") {
				t.Errorf("GET %s: got %d, want %d with %q and the input escaped", tc.path, r.code, tc.code, tc.msg)
			}
		}
	})
}

// The demo must keep working: its dashboard renders, arranged by its goal tree.
func TestDemoDashboard(t *testing.T) {
	s := demos.Open(t, "sqlite")
	c := login(t, newServer(t, s), "demo-leader", demoPassword)
	body := dashPage(c, "/dashboard")
	for _, want := range []string{"鹤山市", "地区生产总值", "坚持“制造业当家”", "扩内需稳外贸", "示例",
		"下半年需增长10.9%才能完成全年8.0%目标"} { // DESIGN §4 worked example 1
		if !strings.Contains(body, want) {
			t.Errorf("GET /dashboard on the demo: got no %q", want)
		}
	}
	if n := strings.Count(body, `class="card focus-card"`); n != 5 {
		t.Errorf("GET /dashboard on the demo: got %d focus cards, want the article's 5", n)
	}
	if m := dashMissingKey.FindString(body); m != "" {
		t.Errorf("GET /dashboard on the demo: got untranslated key %s", m)
	}
}

// fxImport imports one observations file through the import workflow as actor.
func fxImport(t *testing.T, fx *fixture, actor, csv string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "observations.csv")
	if err := os.WriteFile(p, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.New(fx.s).ImportFiles(ctx, []string{p}, ingest.BulletinOptions{Options: ingest.Options{Actor: actor}, Layout: ingest.LayoutLong}); err != nil {
		t.Fatal(err)
	}
}

// A newer month of figures moves the dashboard on to it; every revision is kept on the
// indicator page with who recorded it.
func TestDashboardFollowsNewPeriod(t *testing.T) {
	fx := newFixture(t)
	c := fx.login(t, domain.RoleAnalyst)
	dashPage(c, "/dashboard") // cached at June before the import
	fxImport(t, fx, "test-analyst", `region_code,indicator,period,value,growth,source
441781,retail,2024-08,60.5,9.2,测试来源
441781,retail,2024-06,44.1,10.2,修订来源
`)
	body := dashPage(c, "/dashboard")
	if !strings.Contains(body, "2024年1-8月") {
		t.Errorf("GET /dashboard after an August figure: got no 2024年1-8月")
	}
	if got, _ := dashInner(dashElement(t, body, "retail"), "value"); got != "60.50|" {
		t.Errorf("retail value after an August figure: got %q, want 60.50", got)
	}
	ind := dashPage(c, "/indicators/retail?period=2024-06")
	for _, want := range []string{"修订来源", fxSource, "test-analyst", "fixture", "44.10", "44.00"} {
		if !strings.Contains(ind, want) {
			t.Errorf("GET /indicators/retail: got no %q in the revisions", want)
		}
	}
}

func TestDashboardXLSX(t *testing.T) {
	fx := newFixture(t)
	c := fx.login(t, domain.RoleLeader)
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
	// One row per indicator and tier: gdp 2, retail 2, attracted_projects 2, fai 1.
	if len(rows) != 1+7 {
		t.Errorf("dashboard sheet: got %d rows, want the header and 7", len(rows))
	}
	for _, tc := range []struct {
		name, tier string
		want       map[int]string // column → cell
	}{
		// assigned growth 7.5: 需增速 (7.5 − 140/300 × 5)/(1 − 140/300) = 9.6875 → 9.69; rank 2 of 4
		{"地区生产总值", "下达", map[int]string{2: "2024-06", 3: "150", 4: "5", 6: "7.5%", 10: "9.69", 11: "红", 12: "2/4"}},
		// stretch 330: completion 150/330 = 45.45%; gap 45.45 − 50 = −4.55
		{"地区生产总值", "自我加压", map[int]string{6: "330亿元", 7: "45.45", 8: "50", 9: "-4.55", 10: "12.5", 11: "黄"}},
		// retail assigned 95 and 8%: 44/95 = 46.32%; seasonal time progress 40/90 = 44.44%;
		// 需增速 max((95 − 44)/(90 − 40) − 1 = 2.00, (8 − 0.4444 × 10)/(1 − 0.4444) = 6.40) = 6.4
		{"社会消费品零售总额", "下达", map[int]string{3: "44", 4: "10", 7: "46.32", 8: "44.44", 9: "1.87", 10: "6.4", 11: "绿", 12: "1/4"}},
		{"引进亿元以上项目", "下达", map[int]string{3: "12", 7: "48", 9: "-2", 11: "黄"}}, // 12/25
		{"引进亿元以上项目", "自我加压", map[int]string{7: "40", 9: "-10", 11: "红"}},       // 12/30
		{"固定资产投资", "", map[int]string{3: "", 4: "3", 11: "—", 12: "3/4"}},
	} {
		var row []string
		for _, r := range rows[1:] {
			if r[0] == tc.name && r[5] == tc.tier {
				row = r
			}
		}
		if row == nil {
			t.Errorf("dashboard sheet: got no row %s %s in %v", tc.name, tc.tier, rows)
			continue
		}
		for col, want := range tc.want {
			if row[col] != want {
				t.Errorf("dashboard sheet %s %s column %s: got %q, want %q", tc.name, tc.tier, rows[0][col], row[col], want)
			}
		}
	}

	r = c.get("/scorecard?format=xlsx")
	if rows := dashSheet(t, r.body); r.code != http.StatusOK || rows[0][0] != "指标" || len(rows) != 1+7 {
		t.Errorf("GET /scorecard?format=xlsx: got %d, rows %v, want the header and 7 (one per indicator and tier)", r.code, rows)
	}
	r = c.get("/indicators/retail?format=xlsx")
	if rows := dashSheet(t, r.body); r.code != http.StatusOK || rows[0][0] != "期别" || len(rows) != 1+5 {
		t.Errorf("GET /indicators/retail?format=xlsx: got %d, rows %v, want the header and 5 revisions (2023-03, -06, -12, 2024-03, -06)", r.code, rows)
	}
	r = c.get("/indicators/retail?format=xlsx&table=series")
	// The months with a figure this year or last: 2024-03, 2024-06 and 2023-12 (as 2024-12's base).
	if rows := dashSheet(t, r.body); r.code != http.StatusOK || len(rows) != 1+3 || rows[2][0] != "2024-06" || rows[2][3] != "24" {
		t.Errorf("GET /indicators/retail?format=xlsx&table=series: got %d, rows %v, want the header and 3 months, June's monthly value 44 − 20 = 24", r.code, rows)
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
	fx := newFixture(t)
	c := fx.login(t, domain.RoleReporter)
	for _, path := range []string{"/dashboard", "/dashboard?format=xlsx", "/indicators/gdp", "/scorecard", "/api/v1/indicators/gdp/series"} {
		if r := c.get(path); r.code != http.StatusForbidden {
			t.Errorf("%s GET %s: got %d, want 403", fxUser(domain.RoleReporter), path, r.code)
		}
	}
	// Without a session: pages go to the login, the API answers 401.
	anon := newClient(t, fx.base)
	if r := anon.get("/dashboard"); r.code != http.StatusSeeOther || r.location() != "/login" {
		t.Errorf("GET /dashboard without a session: got %d %s, want 303 to /login", r.code, r.header.Get("Location"))
	}
	if r := anon.get("/api/v1/indicators/gdp/series"); r.code != http.StatusUnauthorized {
		t.Errorf("GET series without a session: got %d, want 401", r.code)
	}
}

func TestDashboardEnglish(t *testing.T) {
	fx := newFixture(t)
	c := fx.login(t, domain.RoleLeader)
	dashEnglish(c)
	body := dashPage(c, "/dashboard")
	for _, want := range []string{`lang="en"`, "Dashboard", "Focus points", "Retail sales of consumer goods",
		// the same figures as TestDashboardLeader, in words of English
		"The second half must grow 9.7% (needed for the full-year target of growth of 7.5%)"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /dashboard in English: got no %q", want)
		}
	}
	for _, path := range []string{"/dashboard", "/indicators/gdp", "/indicators/retail", "/scorecard"} {
		b := dashPage(c, path)
		if m := dashMissingKey.FindString(b); m != "" {
			t.Errorf("GET %s in English: got untranslated key %s", path, m)
		}
		for _, zh := range []string{"完成率", "时序进度", "需增速", "口径说明", "目标层级", "以月保季"} {
			if strings.Contains(b, zh) {
				t.Errorf("GET %s in English: got Chinese interface text %q", path, zh)
			}
		}
	}
	doc := c.getJSON("/api/v1/indicators/gdp/series", http.StatusOK)
	if l, _ := doc["labels"].(map[string]any); l["growth"] != "Cumulative growth" {
		t.Errorf("series labels in English: got %v", doc["labels"])
	}
}

func TestIndicatorPage(t *testing.T) {
	fx := newFixture(t)
	c := fx.login(t, domain.RoleLeader)
	body := dashPage(c, "/indicators/gdp")
	charts := regexp.MustCompile(`<div class="chart"[^>]*data-kind="([a-z-]+)" data-src="(/api/v1/indicators/gdp/series\?[^"]+)"`).FindAllStringSubmatch(body, -1)
	kinds := map[string]bool{}
	for _, m := range charts {
		kinds[m[1]] = true
		if !strings.Contains(m[2], "region=441781") || !strings.Contains(m[2], "period=2024-06") {
			t.Errorf("chart %s: got source %s, want 阳春 at the latest period 2024-06", m[1], m[2])
		}
	}
	for _, k := range []string{"trend", "monthly", "ranking", "rank-history"} {
		if !kinds[k] {
			t.Errorf("GET /indicators/gdp: got no chart of kind %s (charts %v)", k, charts)
		}
	}
	for _, want := range []string{
		`<script src="/static/vendor/echarts/echarts.min.js" defer></script>`, `<script src="/static/charts.js" defer></script>`,
		"地区生产总值", "150.00", "140.00", "300.00", fxSource, "fixture", "可比价", "线性", "5个百分点", "修订记录",
		`data-indicator="gdp"`,
		"2/4", // growth 6.2, 5.0, 5.0, 4.1
		"下半年需增长9.7%才能完成全年7.5%目标", // (7.5 − 140/300 × 5)/(1 − 140/300) = 9.69
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /indicators/gdp: got no %q", want)
		}
	}
	if dashInline.MatchString(body) {
		t.Errorf("GET /indicators/gdp: got an inline script, handler or style")
	}
	if m := dashMissingKey.FindString(body); m != "" {
		t.Errorf("GET /indicators/gdp: got untranslated key %s", m)
	}
	// retail is seasonal: its time progress is last year's share, 40/90 = 44.4%.
	if b := dashPage(c, "/indicators/retail"); !strings.Contains(b, "以月保季") || !strings.Contains(b, `<td class="n completion">46.3</td><td class="n">44.4</td>`) {
		t.Errorf("GET /indicators/retail: got no seasonal time progress 44.4 beside the completion 44/95 = 46.3")
	}
	if r := c.get("/indicators/no_such"); r.code != http.StatusNotFound || !strings.Contains(r.body, "no_such") {
		t.Errorf("GET /indicators/no_such: got %d, want 404 naming it", r.code)
	}
	// An indicator with no figures yet still has its page.
	if b := dashPage(c, "/indicators/trade"); !strings.Contains(b, "外贸进出口总额") || !strings.Contains(b, "截至本期尚无数据") {
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

// jsonAt walks doc by keys and list indexes ("5").
func jsonAt(doc any, path ...string) any {
	v := doc
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
	if f, ok := v.(float64); ok {
		return num(f)
	}
	return v
}

func TestSeriesAPI(t *testing.T) {
	eachFixture(t, func(t *testing.T, fx *fixture) {
		c := fx.login(t, domain.RoleAnalyst)
		doc := c.getJSON("/api/v1/indicators/retail/series?region=441781&period=2024-06", http.StatusOK)
		months, _ := doc["months"].([]any)
		if len(months) != 12 || months[0] != "2024-01" || months[11] != "2024-12" || doc["period"] != "2024-06" {
			t.Fatalf("series: got months %v period %v", months, doc["period"])
		}
		for _, c := range []struct {
			path string
			want any
		}{
			{"indicator.code", "retail"},
			{"indicator.precision", 2.0},
			{"indicator.time_progress_mode", "seasonal"},
			{"region.name", fxName},
			{"cumulative.value.2", 20.0},
			{"cumulative.value.4", nil},
			{"cumulative.value.5", 44.0},
			{"cumulative.growth.5", 10.0},
			{"cumulative.last_year_value.5", 40.0},
			{"cumulative.last_year_value.11", 90.0},
			{"cumulative.sample.5", false},
			{"monthly.value.2", 20.0}, // the first figure of the year covers Jan–Mar
			{"monthly.months.2", 3.0},
			{"monthly.value.5", 24.0}, // 44 − 20, Apr–Jun
			{"monthly.months.5", 3.0},
			{"monthly.last_year_value.5", 22.0},  // 40 − 18
			{"monthly.last_year_value.11", 50.0}, // 90 − 40
			{"time_progress.2", 20.0},            // seasonal: 18/90
			{"time_progress.5", 44.44},           // 40/90
			{"targets.0.tier", "assigned"},
			{"targets.0.path.5", 42.22}, // 95 × 40/90
			{"targets.0.path.11", 95.0}, //
			{"targets.1.path.5", 48.89}, // 110 × 40/90
			{"ranking.period", "2024-06"},
			{"ranking.peers", 4.0},
			{"ranking.ranked", 4.0},
			{"ranking.rows.0.code", fxRegion}, // 10.0 > 9.0 > 8.0 > 7.0
			{"ranking.rows.0.self", true},
			{"ranking.rows.1.name", "阳东区"},
			{"ranking.rows.3.rank", 4.0},
			{"rank_history.0.period", "2024-03"}, // 阳春 alone has a March figure
			{"rank_history.0.ranked", 1.0},
			{"rank_history.1.period", "2024-06"},
			{"rank_history.1.rank", 1.0},
			{"sample", true}, // the 2023-06 base is 示例
			// January has no base last year: linear time progress, and the reason in the reader's language
			{"reasons.time_progress", "缺少上年基数，按线性时序进度"},
		} {
			if got := jsonAt(doc, strings.Split(c.path, ".")...); got != c.want {
				t.Errorf("series %s: got %v, want %v", c.path, got, c.want)
			}
		}

		// GDP: comparable prices, linear; the default is the latest period with a figure.
		gdp := c.getJSON("/api/v1/indicators/gdp/series", http.StatusOK)
		for _, c := range []struct {
			path string
			want any
		}{
			{"indicator.comparable_price", true},
			{"period", "2024-06"},
			{"time_progress.5", 50.0}, // 6/12
			{"targets.1.tier", "stretch"},
			{"targets.1.path.5", 165.0},  // 330 × 6/12
			{"ranking.rows.1.rank", 2.0}, // 阳东 and 阳春 tie at 5.0 behind 江城's 6.2
			{"ranking.rows.2.rank", 2.0},
			{"ranking.rows.3.code", "441721"},
		} {
			if got := jsonAt(gdp, strings.Split(c.path, ".")...); got != c.want {
				t.Errorf("gdp series %s: got %v, want %v", c.path, got, c.want)
			}
		}

		for _, tc := range []struct {
			path string
			code int
			kind string
		}{
			{"/api/v1/indicators/no_such/series", 404, "not_found"},
			{"/api/v1/indicators/gdp/series?period=2024-13", 400, "invalid"},
			{"/api/v1/indicators/gdp/series?region=999999&period=2024-06", 404, "not_found"},
		} {
			e, _ := c.getJSON(tc.path, tc.code)["error"].(map[string]any)
			if e["kind"] != tc.kind {
				t.Errorf("GET %s: got error %v, want kind %s", tc.path, e, tc.kind)
			}
		}
	})
}

func TestScorecardPageTranslated(t *testing.T) {
	fx := newFixture(t)
	c := fx.login(t, domain.RoleAnalyst)
	body := dashPage(c, "/scorecard?region=441781&period=2024-06")
	for _, want := range []string{"阳春市（441781）2024年1-6月主要指标完成情况", "完成率", "需增速", "自我加压",
		"9.7",  // gdp assigned 需增速 9.69
		"46.3", // retail assigned completion 44/95
		"44.4", // retail's seasonal time progress 40/90
		`href="/indicators/gdp?region=441781&amp;period=2024-06"`, "format=xlsx"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /scorecard: got no %q", want)
		}
	}
	dashEnglish(c)
	body = dashPage(c, "/scorecard?region=441781&period=2024-06")
	for _, want := range []string{"Completion", "Required growth", "Gross domestic product", "Retail sales of consumer goods"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /scorecard in English: got no %q", want)
		}
	}
}
