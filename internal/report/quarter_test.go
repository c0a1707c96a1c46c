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
// the months after its own period, as the dashboard says 截至6月 — never 1–7月 or 8–12月.
func TestMonthlyQuarterlyFigureOwnMonths(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			svc := demoReport(t, d.Open(t))
			m, err := svc.Monthly(ctx, demo.Region, "2023-07")
			if err != nil {
				t.Fatal(err)
			}
			var gdp string
			for _, b := range report.Compose(m, "zh-CN") {
				if b.Kind == "para" && strings.Contains(b.Text, "地区生产总值") && strings.Contains(b.Text, "亿元") {
					gdp = b.Text
					break
				}
			}
			if !strings.HasPrefix(gdp, "1–6月，") || strings.Contains(gdp, "8–12月") {
				t.Errorf("July report, GDP: got %q, want it told as 1–6月 (and 下半年 for the rest)", gdp)
			}
		})
	}
}
