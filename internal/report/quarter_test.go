package report_test

import (
	"strings"
	"testing"

	"pacer/internal/demo"
	"pacer/internal/report"
	"pacer/internal/store/storetest"
)

// A quarterly figure between its quarters is told with its own months: in the demo's July report
// GDP (published for 1–6月, not stale in July) reads 1–6月 and, what the year requires, 下半年 —
// the months after its own period, as the dashboard says 截至6月 — never 1–7月 or 8–12月; the
// table of what 8–12月 require leaves it out.
func TestMonthlyQuarterlyFigureOwnMonths(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			svc := demoReport(t, d.Open(t))
			m, err := svc.Monthly(ctx, demo.Region, "2023-07")
			if err != nil {
				t.Fatal(err)
			}
			var gdp string
			blocks := report.Compose(m, "zh-CN")
			for _, b := range blocks {
				if b.Kind == "para" && strings.Contains(b.Text, "地区生产总值") && strings.Contains(b.Text, "亿元") {
					gdp = b.Text
					break
				}
			}
			// The table of what 8–12月 require (the last table, after the rest paragraph) leaves GDP
			// out: its 10.9% is what 下半年 requires.
			last := blocks[len(blocks)-1]
			if last.Kind != "table" || len(last.Rows) == 0 {
				t.Fatalf("July report: got %+v last, want the table of required growths", last)
			}
			for _, r := range last.Rows {
				if r[0] == "地区生产总值" {
					t.Errorf("July report, the 8–12月 table: got GDP's row %v, want none", r)
				}
			}
			if !strings.HasPrefix(gdp, "1–6月，") || strings.Contains(gdp, "8–12月") {
				t.Errorf("July report, GDP: got %q, want it told as 1–6月 (and 下半年 for the rest)", gdp)
			}
		})
	}
}
