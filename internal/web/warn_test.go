package web_test

import (
	"net/http"
	"strings"
	"testing"

	"pacer/internal/store/storetest"
)

// TestReviewWarnings submits a retail cumulative for 2023-07 smaller than June's official 70.13:
// the entry page shows the warning after saving, and the review page shows the previous
// cumulative, the implied single month, last year's same month (not computable here) and the
// warning; a consistent figure shows no warning.
func TestReviewWarnings(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			_, base := entryDemo(t, d.Open)
			rep := entryLogin(t, base, "demo-reporter", entryDemoPassword)
			ana := entryLogin(t, base, "demo-analyst", entryDemoPassword)
			for _, c := range []struct {
				name, value string
				warn        bool
				single      string
			}{
				{"cumulative down", "65", true, "-5.13"},
				{"consistent", "81.25", false, "11.12"},
			} {
				rep.get("/entry")
				r := rep.post("/entry", entryForm("440784", "retail", "2023-07", c.value, "5.6", "submit"))
				if r.code != http.StatusSeeOther {
					t.Fatalf("%s: POST /entry: got %d, want 303\n%s", c.name, r.code, r.body)
				}
				page := rep.get(r.location)
				if got := strings.Contains(page.body, `id="warn-retail"`) && strings.Contains(page.body, "小于上期累计值"); got != c.warn {
					t.Errorf("%s: entry page after saving shows the warning: got %v, want %v", c.name, got, c.warn)
				}
				review := ana.get("/review")
				if review.code != http.StatusOK {
					t.Fatalf("%s: GET /review: got %d", c.name, review.code)
				}
				for _, want := range []string{"上期累计", "推算当月值", "去年同月当月值", `<td class="n previous">70.13<br><span class="muted">2023-06</span>`,
					`<td class="n single">` + c.single, `<td class="n last-year">—</td>`} {
					if !strings.Contains(review.body, want) {
						t.Errorf("%s: GET /review: got no %q", c.name, want)
					}
				}
				if got := strings.Contains(review.body, "累计值 65 小于上期累计值 70.13（2023-06）"); got != c.warn {
					t.Errorf("%s: review page shows the warning: got %v, want %v", c.name, got, c.warn)
				}
			}
		})
	}
}
