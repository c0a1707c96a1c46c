package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/demo"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

var ctx = context.Background()

// demoServer serves a fresh store of each dialect loaded with the demo, as `pacer demo` does.
func eachDemoServer(t *testing.T, fn func(t *testing.T, base string)) {
	t.Helper()
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			if _, err := demo.Load(ctx, s); err != nil {
				t.Fatal(err)
			}
			fn(t, newServer(t, s))
		})
	}
}

func newServer(t *testing.T, s *store.Store) string {
	t.Helper()
	srv := httptest.NewServer((&web.Server{Store: s, HomeRegion: demo.Region, HomePeriod: demo.Period}).Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

type response struct {
	code   int
	header http.Header
	body   string
}

func do(t *testing.T, method, u string) response {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, string(b)}
}

func getJSON(t *testing.T, u string, wantCode int) map[string]any {
	t.Helper()
	r := do(t, http.MethodGet, u)
	if r.code != wantCode {
		t.Fatalf("GET %s: got %d, want %d\n%s", u, r.code, wantCode, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: got Content-Type %q, want application/json", u, ct)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("GET %s: body is not JSON: %v\n%s", u, err, r.body)
	}
	return m
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

func TestScorecardAPI(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, base string) {
		doc := getJSON(t, base+"/api/v1/scorecard?region=440784&period=2023-06", http.StatusOK)
		if r, _ := doc["region"].(map[string]any); r["code"] != "440784" || r["name"] != "鹤山市" || doc["period"] != "2023-06" {
			t.Errorf("got region %v period %v, want 鹤山市 440784 at 2023-06", doc["region"], doc["period"])
		}
		gdp := el(doc, "indicators", "code", "gdp")
		if gdp == nil {
			t.Fatalf("indicators: got no gdp in %v", doc["indicators"])
		}
		assigned, stretch := el(gdp, "targets", "tier", "assigned"), el(gdp, "targets", "tier", "stretch")
		if assigned == nil || stretch == nil {
			t.Fatalf("gdp targets: got %v, want assigned and stretch", gdp["targets"])
		}
		for _, c := range []struct {
			name string
			got  any
			want float64
		}{
			{"gdp.value", gdp["value"], 223.83},
			{"gdp.growth", gdp["growth"], 4.7},
			{"gdp.rank", gdp["rank"], 3},
			{"gdp.peers", gdp["peers"], 7},
			{"gdp.assigned.growth", assigned["growth"], 8},
			{"gdp.assigned.required_growth", assigned["required_growth"], 10.87},
			{"gdp.assigned.gap_pp", assigned["gap_pp"], -3.3},
			{"gdp.stretch.value", stretch["value"], 500},
			{"gdp.stretch.completion", stretch["completion"], 44.77},
			{"retail.rank", el(doc, "indicators", "code", "retail")["rank"], 2},
			{"tertiary_power.rank", el(doc, "indicators", "code", "tertiary_power")["rank"], 1},
		} {
			if got := num(c.got); got != c.want {
				t.Errorf("%s: got %v, want %.2f", c.name, c.got, c.want)
			}
		}

		// Sample flags: a line is sample when any figure it shows is 示例 (a base of last
		// year); a line showing only article figures is not; every demo target is the article's.
		for _, c := range []struct {
			code   string
			sample bool
		}{
			{"gdp", true},                   // 2022 full-year base is 示例
			{"industrial_investment", true}, // H1 value and bases are 示例
			{"retail", true},                // 2022 bases are 示例
			{"tertiary_power", false},
			{"services_revenue", false},
			{"tourists", false},
			{"tourism_revenue", false},
			{"key_project_investment", false},
		} {
			l := el(doc, "indicators", "code", c.code)
			if l == nil {
				t.Errorf("indicators: got no %s", c.code)
				continue
			}
			if l["sample"] != c.sample {
				t.Errorf("%s.sample: got %v, want %v", c.code, l["sample"], c.sample)
			}
		}
		// Targets the article states (DESIGN.md §3) are not samples.
		for _, c := range []struct{ code, tier string }{
			{"gdp", "assigned"}, {"gdp", "stretch"}, {"industrial_investment", "assigned"},
			{"techreform_investment", "assigned"}, {"infra_investment", "assigned"},
			{"realestate_investment", "assigned"}, {"attracted_projects", "assigned"},
			{"attracted_projects", "stretch"}, {"attracted_investment", "stretch"},
			{"new_above_scale_industrial", "assigned"},
		} {
			tl := el(el(doc, "indicators", "code", c.code), "targets", "tier", c.tier)
			if tl == nil || tl["sample"] != false {
				t.Errorf("%s target %s: got %v, want it with sample false (the article's)", c.code, c.tier, tl)
			}
		}

		// Attraction is reported Jan–Jul; at 2023-07 it is shown with its own period.
		jul := getJSON(t, base+"/api/v1/scorecard?region=440784&period=2023-07", http.StatusOK)
		ap := el(jul, "indicators", "code", "attracted_projects")
		if ap == nil || ap["period"] != "2023-07" || num(ap["value"]) != 45 {
			t.Errorf("attracted_projects at 2023-07: got %v, want 45 at 2023-07", ap)
		} else if st := el(ap, "targets", "tier", "stretch"); num(st["completion"]) != 68.18 || st["status"] != "green" {
			t.Errorf("attracted_projects stretch: got %v, want 68.18%% green", st)
		}
		if ai := el(jul, "indicators", "code", "attracted_investment"); ai == nil ||
			el(ai, "targets", "tier", "stretch")["status"] != "yellow" {
			t.Errorf("attracted_investment at 2023-07: got %v, want stretch yellow", ai)
		}
	})
}

func TestRankingAPI(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, base string) {
		for _, tc := range []struct {
			indicator, by string
			rank, rows    int
		}{
			{"retail", "", 2, 7},
			{"retail", "growth", 2, 7},
			{"tertiary_power", "", 1, 7},
			{"gdp", "", 3, 7},
			{"gdp", "value", 5, 7},            // 560.12, 480.45, 290.18, 260.77, 223.83, ...
			{"tertiary_power", "value", 0, 0}, // growth only: nothing to rank by value
		} {
			q := url.Values{"parent": {"440700"}, "indicator": {tc.indicator}, "period": {"2023-06"}}
			if tc.by != "" {
				q.Set("by", tc.by)
			}
			doc := getJSON(t, base+"/api/v1/ranking?"+q.Encode(), http.StatusOK)
			rows, _ := doc["rows"].([]any)
			if len(rows) != tc.rows {
				t.Errorf("%s by %q: got %d rows, want %d", tc.indicator, tc.by, len(rows), tc.rows)
			}
			h := el(doc, "rows", "code", "440784")
			switch {
			case tc.rank == 0 && h != nil:
				t.Errorf("%s by %q: got 鹤山市 %v, want it unranked", tc.indicator, tc.by, h)
			case tc.rank > 0 && (h == nil || num(h["rank"]) != float64(tc.rank) || h["name"] != "鹤山市"):
				t.Errorf("%s by %q: got 鹤山市 %v, want rank %d", tc.indicator, tc.by, h, tc.rank)
			}
			if tc.rank > 0 && h["sample"] != false {
				t.Errorf("%s: got 鹤山市 sample %v, want false (the article's figure)", tc.indicator, h["sample"])
			}
			for _, e := range rows {
				if r := e.(map[string]any); r["code"] != "440784" && r["sample"] != true {
					t.Errorf("%s: got %s sample %v, want true (示例 peers)", tc.indicator, r["code"], r["sample"])
				}
			}
		}
	})
}

func TestAPIErrors(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, base string) {
		for _, tc := range []struct {
			path string
			code int
			kind string
			msg  string // in the message
		}{
			{"/api/v1/scorecard?region=440784&period=2023-13", 400, "invalid", "期别「2023-13」无效"},
			{"/api/v1/scorecard?region=440784&period=June", 400, "invalid", "应为 YYYY-MM"},
			{"/api/v1/scorecard?region=440784", 400, "invalid", "缺少参数"},
			{"/api/v1/scorecard?region=999999&period=2023-06", 404, "not_found", "未知地区代码「999999」"},
			{"/api/v1/ranking?parent=440700&indicator=retail&period=2023-6", 400, "invalid", "期别"},
			{"/api/v1/ranking?parent=440700&indicator=retail&period=2023-06&by=speed", 400, "invalid", "排名依据"},
			{"/api/v1/ranking?parent=440700&indicator=no_such&period=2023-06", 404, "not_found", "no_such"},
			{"/api/v1/ranking?parent=999999&indicator=retail&period=2023-06", 404, "not_found", "999999"},
			{"/api/v1/ranking?indicator=retail&period=2023-06", 400, "invalid", "缺少参数"},
		} {
			doc := getJSON(t, base+tc.path, tc.code)
			e, _ := doc["error"].(map[string]any)
			if msg, _ := e["message"].(string); e["kind"] != tc.kind || !strings.Contains(msg, tc.msg) {
				t.Errorf("GET %s: got error %v, want kind %s and a message with %q", tc.path, e, tc.kind, tc.msg)
			}
		}
	})
}

func TestHome(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, base string) {
		r := do(t, http.MethodGet, base+"/")
		if r.code != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Fatalf("GET /: got %d %s, want 200 HTML", r.code, r.header.Get("Content-Type"))
		}
		for _, want := range []string{"鹤山市", "示例", "地区生产总值", "10.9", "223.83", "自我加压"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("GET /: got no %q in the page", want)
			}
		}
		r = do(t, http.MethodGet, base+"/?region=999999&period=2023-06")
		if r.code != http.StatusNotFound || !strings.Contains(r.body, "未知地区代码") {
			t.Errorf("GET /?region=999999: got %d, want 404 with a Chinese message", r.code)
		}
		r = do(t, http.MethodGet, base+"/?region=440784&period=<script>")
		if r.code != http.StatusBadRequest || strings.Contains(r.body, "<script>") {
			t.Errorf("GET / with a script as period: got %d, want 400 and the input escaped", r.code)
		}
	})
}

func TestRouteTable(t *testing.T) {
	s := storetest.OpenSQLite(t)
	srv := &web.Server{Store: s}
	base := newServer(t, s)
	routes := srv.Routes()
	if len(routes) == 0 {
		t.Fatal("got no routes")
	}
	seen := map[string]bool{}
	for _, r := range routes {
		if r.Action == "" {
			t.Errorf("route %q: got no access rule, want one", r.Pattern)
		}
		if r.Handler == nil {
			t.Errorf("route %q: got no handler", r.Pattern)
		}
		if seen[r.Pattern] {
			t.Errorf("route %q: listed twice", r.Pattern)
		}
		seen[r.Pattern] = true
		method, _, ok := strings.Cut(r.Pattern, " ")
		if !ok || method == "" {
			t.Errorf("route %q: got no method, want every route to name one", r.Pattern)
		}
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
		{"GET", "/templates/home.html", []int{404}},
		{"GET", "/../etc/passwd", []int{404, 400}},
		{"POST", "/api/v1/scorecard?region=440784&period=2023-06", []int{405}},
		{"DELETE", "/api/v1/ranking", []int{405}},
		{"PUT", "/", []int{405}},
		{"POST", "/healthz", []int{405}},
	} {
		r := do(t, tc.method, base+tc.path)
		ok := false
		for _, c := range tc.codes {
			ok = ok || r.code == c
		}
		if !ok {
			t.Errorf("%s %s: got %d, want one of %v", tc.method, tc.path, r.code, tc.codes)
		}
	}
	if r := do(t, "GET", base+"/healthz"); r.code != 200 || !strings.Contains(r.body, `"sqlite"`) {
		t.Errorf("GET /healthz: got %d %s, want 200 naming the database", r.code, r.body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := storetest.OpenSQLite(t)
	base := newServer(t, s)
	for _, path := range []string{"/", "/healthz", "/api/v1/scorecard?region=440784&period=2023-06", "/nope"} {
		r := do(t, http.MethodGet, base+path)
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "object-src 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: got CSP %q, want it to contain %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "script-src") && strings.Contains(csp, "'unsafe-inline'") {
			t.Errorf("GET %s: got CSP %q, want no inline scripts allowed", path, csp)
		}
		if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: got X-Content-Type-Options %q, want nosniff", path, got)
		}
		if got := r.header.Get("Referrer-Policy"); got == "" {
			t.Errorf("GET %s: got no Referrer-Policy", path)
		}
	}
}

// The page's inline <style> must be allowed by the CSP, or browsers render it unstyled: by a
// hash of its text (or a nonce), never by allowing every inline style or script.
func TestHomeStyleAllowedByCSP(t *testing.T) {
	s := storetest.OpenSQLite(t)
	base := newServer(t, s)
	r := do(t, http.MethodGet, base+"/")
	csp := r.header.Get("Content-Security-Policy")
	styleSrc := ""
	for _, d := range strings.Split(csp, ";") {
		if f := strings.Fields(d); len(f) > 0 && f[0] == "style-src" {
			styleSrc = " " + strings.Join(f[1:], " ") + " "
		}
	}
	styles := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(r.body, -1)
	if len(styles) == 0 {
		t.Skip("the page has no inline style")
	}
	for _, m := range styles {
		sum := sha256.Sum256([]byte(m[1]))
		want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if !strings.Contains(styleSrc, " "+want+" ") {
			t.Errorf("got CSP %q, want style-src to allow the page's inline style by %s", csp, want)
		}
	}
	if strings.Contains(csp, "'unsafe-inline'") {
		t.Errorf("got CSP %q, want no 'unsafe-inline'", csp)
	}
}
