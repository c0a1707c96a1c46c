package web_test

import (
	"net/http"
	"strings"
	"testing"

	"pacer/internal/sheet"
	"pacer/internal/store/storetest"
)

// TestReviewDownloadContext: the review page's .xlsx carries the context the page shows beside
// each submission — the previous cumulative and its period, the implied single month, last
// year's same single month — and the warnings. Retail 2023-07 entered as 65 after June's 70.13:
// implied single month 65 − 70.13 = −5.13, and the cumulative-down warning.
func TestReviewDownloadContext(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			_, base := entryDemo(t, d.Open)
			rep := entryLogin(t, base, "demo-reporter", entryDemoPassword)
			rep.get("/entry")
			if r := rep.post("/entry", entryForm("440784", "retail", "2023-07", "65", "5.6", "submit")); r.code != http.StatusSeeOther {
				t.Fatalf("POST /entry: got %d\n%s", r.code, r.body)
			}
			ana := entryLogin(t, base, "demo-analyst", entryDemoPassword)
			x := ana.get("/review?format=xlsx")
			if x.code != http.StatusOK {
				t.Fatalf("GET /review?format=xlsx: got %d", x.code)
			}
			ts, err := sheet.ReadXLSX("review.xlsx", strings.NewReader(x.body), int64(len(x.body)), sheet.DefaultLimits())
			if err != nil || len(ts) == 0 || len(ts[0].Rows) < 2 {
				t.Fatalf("review download: %v", err)
			}
			head := ts[0].Rows[0]
			col := map[string]int{}
			for i, h := range head {
				col[h] = i
			}
			want := map[string]string{"上期累计": "70.13", "上期期别": "2023-06", "推算当月值": "-5.13", "去年同月当月值": ""}
			for name := range want {
				if _, ok := col[name]; !ok {
					t.Fatalf("review download: no column %s in %v", name, head)
				}
			}
			cell := func(row []string, name string) string {
				if i := col[name]; i < len(row) {
					return row[i]
				}
				return ""
			}
			var row []string
			for _, r := range ts[0].Rows[1:] {
				if cell(r, "期别") == "2023-07" && cell(r, "本期累计值") == "65" {
					row = r
				}
			}
			if row == nil {
				t.Fatalf("review download: no row for retail 2023-07 = 65 in %v", ts[0].Rows)
			}
			for name, w := range want {
				if got := cell(row, name); got != w {
					t.Errorf("review download %s: got %q, want %q", name, got, w)
				}
			}
			if got := cell(row, "提示"); !strings.Contains(got, "小于上期累计值 70.13") {
				t.Errorf("review download 提示: got %q, want the cumulative-down warning", got)
			}
		})
	}
}
