package web_test

import (
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/domain"
)

// TestScenarioAPI: GET /api/v1/indicators/gdp/scenario on the fixture (阳春 gdp 2024-06: 150.00
// +5.0, base 140.00, last year 300.00; assigned +7.5%, stretch 330亿元).
func TestScenarioAPI(t *testing.T) {
	eachFixture(t, func(t *testing.T, fx *fixture) {
		c := apiClient(t, fx.s, fx.base, fxUser(domain.RoleLeader))
		near := func(what string, got any, want float64) {
			t.Helper()
			if g, ok := got.(float64); !ok || math.Abs(g-want) > 0.005 {
				t.Errorf("%s: got %v, want %v", what, got, want)
			}
		}
		// Rest of the year +12.5%: 150 + (300 − 140) × 1.125 = 330.00 → stretch 100.00%;
		// the year grows w × 5.0 + (1 − w) × 12.5 with w = 140/300: 2.33 + 6.67 = 9.00, 1.5 pp above 7.5.
		doc := c.getJSON("/api/v1/indicators/gdp/scenario?region=441781&period=2024-06&growth=12.5", http.StatusOK)
		near("value", doc["value"], 330)
		near("growth", doc["growth"], 9.0)
		near("rest_growth", doc["rest_growth"], 12.5)
		if doc["period"] != fxPeriod || doc["unit"] != "亿元" {
			t.Errorf("period, unit: got %v %v", doc["period"], doc["unit"])
		}
		stretch, assigned := el(doc, "tiers", "tier", "stretch"), el(doc, "tiers", "tier", "assigned")
		near("stretch completion", stretch["completion"], 100)
		near("assigned growth gap", assigned["growth_gap_pp"], 1.5)
		// The inverse beside it: the scorecard's 需增速 (9.69 for the growth target, 12.50 for 330).
		near("assigned required growth", assigned["required_growth"], 9.69)
		near("stretch required growth", stretch["required_growth"], 12.5)

		// At the required growth the year grows exactly the target: 9.6875 → 7.50.
		doc = c.getJSON("/api/v1/indicators/gdp/scenario?region=441781&period=2024-06&growth=9.6875", http.StatusOK)
		near("growth at 需增速", doc["growth"], 7.5)
		near("value at 需增速", doc["value"], 325.5) // 150 + 160 × 1.096875

		// A rate has no value to land: growth only, the reason said.
		doc = c.getJSON("/api/v1/indicators/fai/scenario?region=441781&period=2024-06&growth=3", http.StatusOK)
		if doc["value"] != nil {
			t.Errorf("fai value: got %v, want null", doc["value"])
		}

		// Not a number: 400 with the value named.
		r := c.get("/api/v1/indicators/gdp/scenario?region=441781&period=2024-06&growth=abc")
		if r.code != http.StatusBadRequest || !strings.Contains(r.body, "abc") {
			t.Errorf("bad growth: got %d %s, want 400 naming abc", r.code, r.body)
		}
		r = c.get("/api/v1/indicators/gdp/scenario?region=441781&period=2024-06&growth=-100")
		if r.code != http.StatusBadRequest {
			t.Errorf("growth −100: got %d, want 400", r.code)
		}
	})
}

// TestPlanOnPages: the indicator page shows gdp's quarterly plan (linear; assigned 300 × 1.075 =
// 322.50, June plan 161.25 against 150.00: not secured, short 11.25) and the catch-up: (322.50 −
// 150.00)/2 = 86.25 for the third quarter, cumulative 236.25; the dashboard's headline says so.
func TestPlanOnPages(t *testing.T) {
	eachFixture(t, func(t *testing.T, fx *fixture) {
		c := fx.login(t, domain.RoleLeader)
		r := c.get("/indicators/gdp?region=441781&period=2024-06")
		if r.code != http.StatusOK {
			t.Fatalf("indicator page: got %d", r.code)
		}
		for _, want := range []string{"月度计划", "322.50", "161.25", "未保住", "11.25", "9月需完成 86.25 亿元（累计达到 236.25）",
			"9月需完成 90.00 亿元（累计达到 240.00）", `id="scenario-growth" value="5.0"`, "/api/v1/indicators/gdp/scenario?region=441781"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("indicator page: want %q", want)
			}
		}
		r = c.get("/dashboard?region=441781&period=2024-06")
		if r.code != http.StatusOK || !strings.Contains(r.body, "9月需完成 86.25 亿元") {
			t.Errorf("dashboard: got %d, want the headline's 9月需完成 86.25 亿元", r.code)
		}
	})
}

// TestLongRangePage: an analyst adds a benchmark (示例), everyone who reads data sees it measured;
// a bad threshold is refused with the value named; a reporter may not save one.
func TestLongRangePage(t *testing.T) {
	eachFixture(t, func(t *testing.T, fx *fixture) {
		ana := fx.login(t, domain.RoleAnalyst)
		form := url.Values{"region": {fxRegion}, "goal": {"2026年百强县入围"}, "name": {"入围门槛"}, "indicator": {"gdp"},
			"year": {"2026"}, "value": {"400"}, "sample": {"1"}}
		if r := ana.post("/goals/long-range", form); r.code != http.StatusSeeOther {
			t.Fatalf("save: got %d %s", r.code, r.body)
		}
		r := ana.get("/goals/long-range?region=" + fxRegion)
		// From 300.00 (2023) to 400 by 2026: (400/300)^(1/3) − 1 = 10.1%; at 5.0% (June's growth):
		// ln(4/3)/ln(1.05) = 5.9 → 6 years, 2029.
		for _, want := range []string{"入围门槛", "示例", "400.00", "300.00 (2023)", "100.00", "10.1", "2029"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("long-range page: want %q", want)
			}
		}
		form.Set("value", "abc")
		if r := ana.post("/goals/long-range", form); r.code != http.StatusBadRequest || !strings.Contains(r.body, "abc") {
			t.Errorf("bad value: got %d, want 400 naming abc", r.code)
		}
		rep := fx.login(t, domain.RoleReporter)
		if r := rep.post("/goals/long-range", form); r.code != http.StatusForbidden {
			t.Errorf("reporter saves: got %d, want 403", r.code)
		}
	})
}

// TestPlanForms: an analyst saves quarters assigned from above (a draft, listed as a version, not
// yet in force), approves it (then the page plans by it), and cannot approve it twice; three
// quarters are refused; a leader may not save a plan.
func TestPlanForms(t *testing.T) {
	eachFixture(t, func(t *testing.T, fx *fixture) {
		ana := fx.login(t, domain.RoleAnalyst)
		form := url.Values{"region": {fxRegion}, "indicator": {"gdp"}, "year": {"2024"}, "tier": {"assigned"}, "method": {"quarters"},
			"quarters": {"70，90，80，82.5"}, "period": {fxPeriod}}
		r := ana.post("/plans", form)
		if r.code != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/indicators/gdp?region=441781&period=2024-06") {
			t.Fatalf("save: got %d to %q\n%.500s", r.code, r.location(), r.body)
		}
		page := ana.get("/indicators/gdp?region=441781&period=2024-06").body
		if !strings.Contains(page, "上级下达季度计划") || !strings.Contains(page, "草稿") || !strings.Contains(page, "/approve") {
			t.Errorf("after saving a draft: want it listed with an approve button")
		}
		id := regexp.MustCompile(`/plans/(\d+)/approve`).FindStringSubmatch(page)
		if id == nil {
			t.Fatal("no approve form")
		}
		if r := ana.post("/plans/"+id[1]+"/approve", url.Values{"period": {fxPeriod}}); r.code != http.StatusSeeOther {
			t.Fatalf("approve: got %d", r.code)
		}
		page = ana.get("/indicators/gdp?region=441781&period=2024-06").body
		// June's cumulative 150.00 against the plan 70 + 90 = 160.00: not secured, short 10.00.
		for _, want := range []string{"160.00", "10.00", "已批准"} {
			if !strings.Contains(page, want) {
				t.Errorf("after approving: want %q", want)
			}
		}
		if r := ana.post("/plans/"+id[1]+"/approve", url.Values{}); r.code != http.StatusConflict {
			t.Errorf("approve twice: got %d, want 409", r.code)
		}
		form.Set("quarters", "70,90,80")
		if r := ana.post("/plans", form); r.code != http.StatusBadRequest || !strings.Contains(r.body, "应为4个") {
			t.Errorf("three quarters: got %d, want 400 saying four", r.code)
		}
		lead := fx.login(t, domain.RoleLeader)
		if r := lead.post("/plans", form); r.code != http.StatusForbidden {
			t.Errorf("leader saves a plan: got %d, want 403", r.code)
		}
	})
}
