package web_test

import (
	"regexp"
	"strings"
	"testing"

	"pacer/internal/app"
	"pacer/internal/domain"
	"pacer/internal/web"
)

// A stale figure (DESIGN.md §4a) — one due later than its period and not in — reads 截至X月 in
// grey on every page and in every export, and is never a colour. The fixture at 2024-07: GDP is
// quarterly, so June's is current; retail, fai and attracted_projects are monthly, so June's are
// stale.
func TestStaleShown(t *testing.T) {
	fx := newFixture(t)
	c := fx.login(t, domain.RoleLeader)
	const at = "?region=441781&period=2024-07"

	status := regexp.MustCompile(`class="status ([a-z]+)"[^>]*>([^<]*)<`)
	dash := dashPage(c, "/dashboard"+at)
	for _, tc := range []struct{ code, class, text string }{
		{"gdp", "red", "红"}, // June's GDP is current in July: 5.0 against 7.5
		{"retail", "stale", "截至6月"},
		{"attracted_projects", "stale", "截至6月"}, // has targets: grey all the same
		{"fai", "stale", "截至6月"},                // no target: grey all the same
	} {
		m := status.FindStringSubmatch(dashElement(t, dash, tc.code))
		if m == nil || m[1] != tc.class || m[2] != tc.text {
			t.Errorf("GET /dashboard%s %s: got status %v, want class %s, text %s", at, tc.code, m, tc.class, tc.text)
		}
	}
	if !strings.Contains(dash, `title="数据未报，显示最近一期"`) {
		t.Errorf("GET /dashboard%s: got no reason 数据未报，显示最近一期 on a stale status", at)
	}
	// retail's tiers are grey too, never 绿/黄/红
	if e := dashElement(t, dash, "retail"); !strings.Contains(e, `class="tier-status stale">截至6月<`) || regexp.MustCompile(`tier-status (?:green|yellow|red)`).MatchString(e) {
		t.Errorf("GET /dashboard%s retail: got tiers %q, want each grey 截至6月", at, e)
	}
	if m := dashMissingKey.FindString(dash); m != "" {
		t.Errorf("GET /dashboard%s: got untranslated key %s", at, m)
	}
	// A stale figure's 需增速 is its own period's, and says so: retail assigned at June, 6.4%
	if !strings.Contains(dashElement(t, dash, "retail"), "截至6月：下半年需增长6.4%才能完成全年8.0%目标") {
		t.Errorf("GET /dashboard%s retail: got no 截至6月：下半年需增长6.4%%才能完成全年8.0%%目标", at)
	}

	sc := dashPage(c, "/scorecard"+at)
	if n := strings.Count(sc, `<td class="stale" title="数据未报，显示最近一期">截至6月</td>`); n != 4 {
		t.Errorf("GET /scorecard%s: got %d grey 截至6月 status cells, want 4 (retail 2, attracted_projects 2)", at, n)
	}

	ind := dashPage(c, "/indicators/retail"+at)
	if !strings.Contains(ind, `<span class="as-of">截至6月</span>`) || !strings.Contains(ind, `<td class="stale">截至6月</td>`) {
		t.Errorf("GET /indicators/retail%s: got no grey 截至6月 beside the figure and in the tiers", at)
	}

	// The exports: the status column reads 截至6月, the note says why.
	for _, path := range []string{"/dashboard" + at + "&format=xlsx", "/scorecard" + at + "&format=xlsx"} {
		r := c.get(path)
		rows := dashSheet(t, r.body)
		var got []string
		for _, row := range rows[1:] {
			if row[0] != "社会消费品零售总额" {
				continue
			}
			got = append(got, row[11])
			if row[2] != "2024-06" || !strings.Contains(row[13], "数据未报，显示最近一期") {
				t.Errorf("GET %s retail: got period %q, note %q; want 2024-06 and 数据未报，显示最近一期", path, row[2], row[13])
			}
		}
		if strings.Join(got, " ") != "截至6月 截至6月" {
			t.Errorf("GET %s retail status: got %v, want 截至6月 for both tiers", path, got)
		}
	}

	// The goal tree shows the statuses at the home period: a server at home in July.
	base := serve(t, &web.Server{Services: app.Services(fx.s), HomeRegion: fxRegion, HomePeriod: "2024-07"})
	gc := login(t, base, fxUser(domain.RoleLeader), fxPassword)
	tree := dashPage(gc, "/goaltree")
	if !strings.Contains(tree, `<span class="gt-chip stale">下达 截至6月</span>`) {
		t.Errorf("GET /goaltree (home 2024-07): got no grey chip 下达 截至6月 for retail")
	}
	rows := dashSheet(t, gc.get("/goaltree?format=xlsx").body)
	found := false
	for _, row := range rows {
		for _, cell := range row {
			if cell == "下达 截至6月；自我加压 截至6月" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("GET /goaltree?format=xlsx (home 2024-07): got no status 下达 截至6月；自我加压 截至6月 for retail in %v", rows)
	}

	// In English: "as of Jun".
	dashEnglish(c)
	en := dashPage(c, "/dashboard"+at)
	if m := status.FindStringSubmatch(dashElement(t, en, "retail")); m == nil || m[2] != "as of Jun" {
		t.Errorf("GET /dashboard%s in English retail: got status %v, want as of Jun", at, m)
	}
}

// A tier with a value and a growth target has two required growths (DESIGN.md §4a): both are
// shown, the binding one first, each labelled with its price basis where it has one.
func TestRequiredGrowthBoth(t *testing.T) {
	fx := newFixture(t)
	c := fx.login(t, domain.RoleLeader)
	dash := dashPage(c, "/dashboard")
	// retail assigned 95亿元 and 8%, at June: from the growth target (8 − 0.4444 × 10)/(1 − 0.4444)
	// = 6.40 binds; from the value (95 − 44)/(90 − 40) − 1 = 2.00. Money: both 现价.
	e := dashElement(t, dash, "retail")
	first := strings.Index(e, `<span class="basis">现价</span> <span class="required-text">下半年需增长6.4%才能完成全年8.0%目标</span>`)
	second := strings.Index(e, `<span class="basis">现价</span> <span class="required-text">下半年需增长2.0%才能完成全年95亿元目标</span>`)
	if first < 0 || second < first {
		t.Errorf("GET /dashboard retail: got the required growths at %d and %d, want the binding 6.4%% (growth) first, then 2.0%% (value), each 现价", first, second)
	}
	// GDP: growth at comparable prices, its value target at current prices.
	if !strings.Contains(dash, `<span class="basis">可比价</span> <span class="required-text">下半年需增长9.7%才能完成全年7.5%目标</span>`) ||
		!strings.Contains(dash, `<span class="basis">现价</span> <span class="required-text">下半年需增长12.5%才能完成全年330亿元目标</span>`) {
		t.Errorf("GET /dashboard: got no GDP required growths labelled 可比价 (growth 7.5%%) and 现价 (330亿元)")
	}
	// attracted_projects is a count: no price basis.
	if strings.Contains(dashElement(t, dash, "attracted_projects"), `class="basis"`) {
		t.Errorf("GET /dashboard attracted_projects: got a price basis on a count, want none")
	}

	rows := dashSheet(t, c.get("/dashboard?format=xlsx").body)
	if got := strings.Join(rows[0][14:20], "|"); got != "水平差距（指标单位）|需增速性质|需增速（按数值目标）|口径|需增速（按增速目标）|口径" {
		t.Errorf("dashboard sheet header 14–19: got %s", got)
	}
	for _, tc := range []struct {
		name, tier string
		want       string // columns 15–19
	}{
		{"社会消费品零售总额", "下达", "下限|2|现价|6.4|现价"},
		{"地区生产总值", "下达", "下限|||9.69|可比价"},
		{"地区生产总值", "自我加压", "下限|12.5|现价||"},
	} {
		var got string
		for _, row := range rows[1:] {
			for len(row) < 20 {
				row = append(row, "")
			}
			if row[0] == tc.name && row[5] == tc.tier {
				got = strings.Join(row[15:20], "|")
			}
		}
		if got != tc.want {
			t.Errorf("dashboard sheet %s %s columns 15–19: got %q, want %q", tc.name, tc.tier, got, tc.want)
		}
	}
}
