package web_test

import (
	"html/template"
	"strings"
	"testing"

	"pacer/internal/app"
	"pacer/internal/demo"
	"pacer/internal/store"
)

// TestReportPrint: the print view of the monthly analysis shows every block the .docx is written
// from — the same title, headings, paragraphs, table cells and captions, charts as inline PNGs —
// in the session's language; analysts and leaders may open it (a reporter may not), the
// dashboard links to it, a bad period is refused with the period named.
func TestReportPrint(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		reports := app.Services(s).Reports
		q := "?region=" + demo.Region + "&period=2023-06"
		for _, tc := range []struct{ who, lang string }{{"demo-analyst", "zh-CN"}, {"demo-leader", "zh-CN"}, {"demo-leader", "en"}} {
			c := login(t, base, tc.who, demoPassword)
			if tc.lang == "en" {
				c.english()
			}
			r := c.get("/report/monthly/print" + q)
			if r.code != 200 || !strings.Contains(r.body, `id="report-print"`) {
				t.Fatalf("%s (%s): got %d, want the print view\n%.500s", tc.who, tc.lang, r.code, r.body)
			}
			blocks, err := reports.MonthlyBlocks(ctx, demo.Region, "2023-06", tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			images := 0
			for _, b := range blocks {
				texts := []string{b.Text}
				switch b.Kind {
				case "table":
					texts = append(append([]string{}, b.Header...), b.Rows[len(b.Rows)-1]...)
				case "image":
					images++
				}
				for _, text := range texts {
					if !strings.Contains(r.body, ">"+template.HTMLEscapeString(text)+"<") {
						t.Errorf("%s (%s): the page lacks the %s block's %q", tc.who, tc.lang, b.Kind, text)
					}
				}
			}
			if got := strings.Count(r.body, `<img src="data:image/png;base64,`); images == 0 || got != images {
				t.Errorf("%s (%s): got %d inline PNG charts, want the report's %d (more than none)", tc.who, tc.lang, got, images)
			}
		}
		if !strings.Contains(login(t, base, "demo-analyst", demoPassword).get("/report/monthly/print"+q).body, "地区生产总值223.83亿元，同比增长4.7%") {
			t.Errorf("the Chinese print view lacks the headline sentence")
		}
		an := login(t, base, "demo-analyst", demoPassword)
		if r := an.get("/dashboard" + q); !strings.Contains(r.body, `id="report-print-link" href="/report/monthly/print?region=`+demo.Region+`&amp;period=2023-06">打印视图</a>`) {
			t.Errorf("the dashboard has no link 打印视图 to the print view")
		}
		if r := an.get("/report/monthly/print?region=" + demo.Region + "&period=2023-13"); r.code != 400 || !strings.Contains(r.body, "2023-13") {
			t.Errorf("a bad period: got %d, want 400 naming it", r.code)
		}
		if r := login(t, base, "demo-reporter", demoPassword).get("/report/monthly/print" + q); r.code != 403 {
			t.Errorf("a reporter: got %d, want 403", r.code)
		}
	})
}
