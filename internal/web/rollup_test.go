package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// The roll-up of the fixture's prefecture, 阳江市 (441700), at 2024-06: its four counties.
//
//	retail: 阳春 44.00 +10.0, 江城 60.00 +8.0, 阳东 30.00 +9.0, 阳西 25.00 +7.0 → ranks 1, 3, 2, 4;
//	  sum 159.00 over 40.00 (阳春's stored 2023-06) + 60/1.08 + 30/1.09 + 25/1.07 = 146.44 → +8.6%;
//	  阳春 against its assigned 95亿元: 44 / 95 = 46.3%.
//	gdp (comparable prices): 江城 6.2, 阳春 5.0, 阳东 5.0, 阳西 4.1 → ranks 1, 2, 2, 4; sum 635.50
//	  over 150/1.05 + 210/1.062 + 180/1.05 + 95.5/1.041 = 603.76 → +5.3%.
//	阳江市 itself has no figure. 阳春's commerce bureau owes its trade figure (未报).
const rxFixturePage = "/rollup?region=" + fxParent + "&period=" + fxPeriod

func rollupAssign(t *testing.T, s *store.Store) {
	t.Helper()
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "test", Source: "rollup test", Assignments: []store.Assignment{
		{UnitCode: fxRegion + "-swj", IndicatorCode: "retail", RegionCode: fxRegion},
		{UnitCode: fxRegion + "-swj", IndicatorCode: "trade", RegionCode: fxRegion},
	}}); err != nil {
		t.Fatal(err)
	}
}

// cellText is the text of the first element matching the tag and attributes given, tags removed.
func cellText(body, pattern string) string {
	m := regexp.MustCompile(`(?s)` + pattern + `[^>]*>(.*?)</t[dh]>`).FindStringSubmatch(body)
	if m == nil {
		return "<none>"
	}
	return strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], " ")), " ")
}

// rowOf is the table row of a region in a table of the page.
func rowOf(body, table, region string) string {
	i := strings.Index(body, `id="`+table+`"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	j := strings.Index(rest, `<tr data-region="`+region+`"`)
	if j < 0 {
		return ""
	}
	row := rest[j:]
	return row[:strings.Index(row, "</tr>")]
}

func TestRollupPage(t *testing.T) {
	eachFixture(t, func(t *testing.T, fx *fixture) {
		rollupAssign(t, fx.s)
		c := fx.login(t, domain.RoleLeader)
		r := c.get(rxFixturePage)
		if r.code != http.StatusOK {
			t.Fatalf("GET %s: got %d\n%.2000s", rxFixturePage, r.code, r.body)
		}
		if h := cellText(r.body, `<h2 id="rollup-heading"`); !strings.Contains(r.body, "阳江市（441700）2024年1-6月下级地区主要指标对比") {
			t.Errorf("heading: got %q", h)
		}
		yc := rowOf(r.body, "rollup-table", fxRegion)
		if yc == "" {
			t.Fatalf("no row for 阳春市 in the table\n%.3000s", r.body)
		}
		// retail: value 44.00 (two decimals), growth 10.0 (one), rank 1, assigned 46.3%.
		for _, tc := range []struct{ pattern, want string }{
			{`<td class="n value" data-indicator="retail"`, "44.00 示例"}, // its 2023-06 base is 示例
			{`<td class="n value" data-indicator="gdp"`, "150.00"},
			{`<td class="n tier assigned green"`, "46.3%"},
		} {
			if got := cellText(yc, tc.pattern); got != tc.want {
				t.Errorf("阳春市 %s: got %q, want %q\n%s", tc.pattern, got, tc.want, yc)
			}
		}
		cells := regexp.MustCompile(`<td class="n (?:growth|rank)"[^>]*>([^<]*)</td>`).FindAllStringSubmatch(yc, -1)
		var got []string
		for _, m := range cells {
			got = append(got, m[1])
		}
		// The catalogue's order: gdp (5.0, 2nd of a tie), fai (3.0: −2.0, 4.5, 3.4, 3.0 → 3rd),
		// retail (10.0, 1st), attracted_projects (no growth, not ranked).
		if want := "5.0 2 3.0 3 10.0 1 — —"; strings.Join(got, " ") != want {
			t.Errorf("阳春市 growths and ranks: got %q, want %q", strings.Join(got, " "), want)
		}
		if row := rowOf(r.body, "rollup-table", "441702"); cellText(row, `<td class="n rank"`) != "1" {
			t.Errorf("江城区 gdp rank: got %q, want 1 (6.2)", cellText(row, `<td class="n rank"`))
		}

		// The parent beside the sum: 阳江市 has no figure of its own.
		whole := regexp.MustCompile(`(?s)<tr data-indicator="retail">.*?</tr>`).FindString(r.body[strings.Index(r.body, `id="rollup-whole-table"`):])
		for _, tc := range []struct{ class, want string }{
			{"whole-value", "—"}, {"sum", "159.00"}, {"sum-growth", "8.6"}, {"diff", "—"},
		} {
			if got := cellText(whole, `<td class="n `+tc.class+`"`); got != tc.want {
				t.Errorf("retail whole %s: got %q, want %q\n%s", tc.class, got, tc.want, whole)
			}
		}
		gdp := regexp.MustCompile(`(?s)<tr data-indicator="gdp">.*?</tr>`).FindString(r.body[strings.Index(r.body, `id="rollup-whole-table"`):])
		if got := cellText(gdp, `<td class="n sum-growth"`); cellText(gdp, `<td class="n sum"`) != "635.50" || got != "5.3" {
			t.Errorf("gdp whole: got %s", gdp)
		}
		if strings.Contains(r.body[strings.Index(r.body, `id="rollup-whole-table"`):], `<tr data-indicator="fai">`) {
			t.Error("fai (a rate) in the parent-against-sum table: want only indicators that add up")
		}

		// 未报/未审: 阳春's commerce bureau has retail in (imported) and owes trade.
		round := rowOf(r.body, "rollup-round-table", fxRegion)
		if got := cellText(round, `<td class="small owed"`); got != "阳春市商务局 · 外贸进出口总额（未报）" {
			t.Errorf("阳春市 round: got %q\n%s", got, round)
		}
		if got := cellText(rowOf(r.body, "rollup-round-table", "441702"), `<td class="small owed"`); got != "无填报任务" {
			t.Errorf("江城区 round: got %q, want 无填报任务", got)
		}

		// Without parameters: the home county's prefecture, at the period every page opens at (the
		// latest month of the home year with a figure of the home county: 2024-06).
		if r := c.get("/rollup"); r.code != http.StatusOK || !strings.Contains(r.body, "阳江市（441700）2024年1-6月") {
			t.Errorf("GET /rollup: got %d, want the roll-up of 阳江市 at 2024-06\n%s", r.code, regexp.MustCompile(`(<h2 id="rollup-heading">|<p class="err")[^<]*`).FindString(r.body))
		}
		if r := c.get("/rollup?region=999999&period=2024-06"); r.code != http.StatusNotFound || !strings.Contains(r.body, "999999") {
			t.Errorf("GET /rollup of an unknown region: got %d, want 404 naming it", r.code)
		}

		// The spreadsheet: the heading, the table, the parent against the sum, the round.
		x := c.get(rxFixturePage + "&format=xlsx")
		rows := dashSheet(t, x.body)
		if x.code != http.StatusOK || rows[0][0] != "阳江市（441700）2024年1-6月下级地区主要指标对比" || rows[1][0] != "地区" {
			t.Fatalf("xlsx: got %d, rows %v", x.code, rows[:2])
		}
		var yangchun []string
		for _, row := range rows {
			if row[0] == "阳春市" && row[1] == fxRegion {
				yangchun = row
				break
			}
		}
		// gdp 150 / 5 / rank 2 (no tier: 阳春 has a growth target; others do not — the assigned column shows)
		if len(yangchun) < 5 || yangchun[2] != "150" || yangchun[3] != "5" || yangchun[4] != "2" {
			t.Errorf("xlsx 阳春市 row: got %v", yangchun)
		}
		text := ""
		for _, row := range rows {
			text += strings.Join(row, "|") + "\n"
		}
		for _, want := range []string{"本级与下级合计", "社会消费品零售总额|亿元|2024年1-6月||", "|159|8.6|", "未报 / 未审", "阳春市商务局 · 外贸进出口总额（未报）"} {
			if !strings.Contains(text, want) {
				t.Errorf("xlsx: want %q in\n%s", want, text)
			}
		}

		// The API.
		doc := c.getJSON("/api/v1/rollup?region="+fxParent+"&period="+fxPeriod, http.StatusOK)
		if p := doc["parent"].(map[string]any); p["code"] != fxParent || len(doc["children"].([]any)) != 4 {
			t.Errorf("API: got parent %v, %d children", p, len(doc["children"].([]any)))
		}
		for _, l := range doc["indicators"].([]any) {
			l := l.(map[string]any)
			if l["code"] == "retail" {
				w := l["whole"].(map[string]any)
				if w["sum"] != 159.0 || w["reasons"].(map[string]any)["sum_growth"] != "部分地区上年同期数由公布增速推算" {
					t.Errorf("API retail whole: got %v", w)
				}
			}
		}
		if r := c.get("/api/v1/rollup?region=" + fxParent); r.code != http.StatusBadRequest {
			t.Errorf("API without a period: got %d, want 400", r.code)
		}
		if r := fx.login(t, domain.RoleReporter).get(rxFixturePage); r.code != http.StatusForbidden {
			t.Errorf("reporter GET /rollup: got %d, want 403", r.code)
		}
	})
}
