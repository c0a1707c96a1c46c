package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/sheet"
	"pacer/internal/store/storetest"
)

// TestApproverShown: a reporter's figure approved by an analyst names the reporter as 录入人 and
// the analyst as 审核人 in the revision history (page and download) and on the review page; the
// imported revision before it names its importer and no approver.
func TestApproverShown(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			_, base := entryDemo(t, d.Open)
			rep := entryLogin(t, base, "demo-reporter", entryDemoPassword)
			rep.get("/entry")
			if r := rep.post("/entry", entryForm("440784", "retail", "2023-07", "81.25", "5.6", "submit")); r.code != http.StatusSeeOther {
				t.Fatalf("POST /entry: got %d\n%s", r.code, r.body)
			}
			ana := entryLogin(t, base, "demo-analyst", entryDemoPassword)
			m := reviewRowID.FindStringSubmatch(ana.get("/review").body)
			if m == nil {
				t.Fatal("GET /review: no retail submission")
			}
			if r := ana.post("/review/"+m[1]+"/approve", url.Values{}); r.code != http.StatusSeeOther {
				t.Fatalf("approve: got %d\n%s", r.code, r.body)
			}

			if rv := ana.get("/review"); !strings.Contains(rv.body, "录入人：demo-reporter · 审核人：demo-analyst") {
				t.Errorf("review page: the official figure names no 录入人 and 审核人")
			}
			page := ana.get("/indicators/retail?region=440784&period=2023-07")
			if page.code != http.StatusOK {
				t.Fatalf("GET /indicators/retail: got %d", page.code)
			}
			for _, want := range []string{"<th>录入人</th>", "<th>审核人</th>", `<td class="recorded-by">demo-reporter</td>`,
				`<td class="approved-by">demo-analyst`} {
				if !strings.Contains(page.body, want) {
					t.Errorf("revision history: got no %q", want)
				}
			}
			if imp := ana.get("/indicators/retail?region=440784&period=2023-06"); !strings.Contains(imp.body, "（导入，无需审核）") {
				t.Errorf("revision history of an imported figure: got no 导入 note in the 审核人 column")
			}
			if rx := regexp.MustCompile(`<td class="recorded-by">demo-analyst</td>`); rx.MatchString(page.body) {
				t.Errorf("revision history: names the analyst as 录入人 of the reporter's figure")
			}

			x := ana.get("/indicators/retail?region=440784&period=2023-07&format=xlsx&table=revisions")
			if x.code != http.StatusOK {
				t.Fatalf("revision download: got %d", x.code)
			}
			ts, err := sheet.ReadXLSX("rev.xlsx", strings.NewReader(x.body), int64(len(x.body)), sheet.DefaultLimits())
			if err != nil || len(ts) == 0 {
				t.Fatalf("revision download: %v", err)
			}
			head := ts[0].Rows[0]
			col := func(name string) int {
				for i, c := range head {
					if c == name {
						return i
					}
				}
				t.Fatalf("revision download: no column %s in %v", name, head)
				return -1
			}
			by, ap := col("录入人"), col("审核人")
			found := false
			for _, row := range ts[0].Rows[1:] {
				if len(row) > ap && row[by] == "demo-reporter" && row[ap] == "demo-analyst" {
					found = true
				}
			}
			if !found {
				t.Errorf("revision download: no row entered by demo-reporter and approved by demo-analyst: %v", ts[0].Rows)
			}
		})
	}
}
