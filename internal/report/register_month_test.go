package report_test

import (
	"strings"
	"testing"
	"time"

	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/figures"
	"pacer/internal/leads"
	"pacer/internal/projects"
	"pacer/internal/report"
	"pacer/internal/scorecard"
	"pacer/internal/sheet"
	"pacer/internal/store/storetest"
)

// A fresh county's attraction register tells one period in the monthly report: a lead signed
// 2023-08-15 and the register imported on 2023-10-20 — the report for 2023-09 names 1–9月 in
// every paragraph of 引进亿元以上项目 (the indicator's register figure and the leads section),
// never 1–8月; imported on 2023-07-20 with a lead of July, the September report tells the
// register's month, 1–7月, in both.
func TestMonthlyRegisterMonth(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			for _, c := range []struct {
				at        time.Time
				signed    string
				span, not string
			}{
				{time.Date(2023, 10, 20, 10, 0, 0, 0, time.Local), "2023-08-15", "1–9月，", "1–8月"},
				{time.Date(2023, 7, 20, 10, 0, 0, 0, time.Local), "2023-07-10", "1–7月，", "1–9月"},
			} {
				s := d.Open(t)
				ld := leads.New(s)
				csv := "code,name,stage,investment,industry,source_region,team,region_code,signed_date,terminate_reason\n" +
					"A,甲,签约,2.00,装备,大湾区,甲,440784," + c.signed + ",\n"
				tb, err := sheet.ReadCSV("leads.csv", strings.NewReader(csv), sheet.DefaultLimits())
				if err != nil {
					t.Fatal(err)
				}
				ana := domain.Actor{Username: "ana", Role: domain.RoleAnalyst}
				figs := figures.New(s).WithClock(func() time.Time { return c.at })
				if _, err := leads.New(s).UseFigures(figs).Import(ctx, ana, []sheet.Table{tb}); err != nil {
					t.Fatal(err)
				}
				m, err := report.New(scorecard.New(s), projects.New(s), ld).Monthly(ctx, "440784", "2023-09")
				if err != nil {
					t.Fatal(err)
				}
				var told []string
				for _, b := range report.Compose(m, "zh-CN") {
					if b.Kind == "para" && strings.Contains(b.Text, "引进亿元以上项目") && strings.Contains(b.Text, "1个") {
						told = append(told, b.Text)
					}
				}
				if len(told) < 2 {
					t.Errorf("written %s: got %q, want the indicator's paragraph and the leads section", c.at.Format("2006-01"), told)
				}
				for _, p := range told {
					if !strings.HasPrefix(p, c.span) || strings.Contains(p, c.not) {
						t.Errorf("written %s: got %q, want it told as %s", c.at.Format("2006-01"), p, c.span)
					}
				}
			}
		})
	}
}

// The key projects' section is told at their latest progress report: the demo's projects report
// to June, so the July report tells them as 1–6月 (88.20亿元, against June's time progress), as
// the projects page opens at June — never as 1–7月, beside the bureau's 1–7月 figure.
func TestMonthlyProjectsOwnMonths(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			m, err := demoReport(t, d.Open(t)).Monthly(ctx, demo.Region, "2023-07")
			if err != nil {
				t.Fatal(err)
			}
			var got string
			for _, b := range report.Compose(m, "zh-CN") {
				if b.Kind == "para" && b.Key == "projects" {
					got = b.Text
				}
			}
			if !strings.HasPrefix(got, "1–6月，") || !strings.Contains(got, "累计完成88.20亿元") {
				t.Errorf("July report, the key projects: got %q, want them told as 1–6月 (88.20亿元)", got)
			}
		})
	}
}
