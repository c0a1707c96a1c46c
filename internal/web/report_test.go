package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"pacer/internal/demo"
	"pacer/internal/store"
)

// TestReportMonthly: analysts and leaders download the monthly analysis as a .docx whose text is
// the county's; a reporter may not; a bad period is refused with the period named.
func TestReportMonthly(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		for _, who := range []string{"demo-analyst", "demo-leader"} {
			c := login(t, base, who, demoPassword)
			r := c.get("/report/monthly?region=" + demo.Region + "&period=2023-06")
			if r.code != 200 || !strings.Contains(r.header.Get("Content-Type"), "wordprocessingml") ||
				!strings.Contains(r.header.Get("Content-Disposition"), ".docx") {
				t.Fatalf("%s: got %d %s %s", who, r.code, r.header.Get("Content-Type"), r.header.Get("Content-Disposition"))
			}
			doc := docxText(t, []byte(r.body))
			for _, want := range []string{"鹤山市2023年1–6月经济运行分析", "地区生产总值223.83亿元，同比增长4.7%"} {
				if !strings.Contains(doc, want) {
					t.Errorf("%s: the document lacks %q", who, want)
				}
			}
		}
		an := login(t, base, "demo-analyst", demoPassword)
		if r := an.get("/dashboard?region=" + demo.Region + "&period=2023-06"); !strings.Contains(r.body, `id="report-monthly-link" href="/report/monthly?region=`+demo.Region+`&amp;period=2023-06"`) {
			t.Errorf("the dashboard has no link to the monthly analysis")
		}
		if r := an.get("/report/monthly"); r.code != 200 || !strings.Contains(docxText(t, []byte(r.body)), "1–7月") {
			t.Errorf("without region and period: got %d, want the home county's July report", r.code)
		}
		if r := an.get("/report/monthly?region=" + demo.Region + "&period=2023-13"); r.code != 400 || !strings.Contains(r.body, "2023-13") {
			t.Errorf("a bad period: got %d, want 400 naming it", r.code)
		}
		if r := login(t, base, "demo-reporter", demoPassword).get("/report/monthly?region=" + demo.Region + "&period=2023-06"); r.code != 403 {
			t.Errorf("a reporter: got %d, want 403", r.code)
		}
	})
}

// docxText is the text of a .docx's document.xml, tags removed.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a .docx: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			x, _ := io.ReadAll(rc)
			rc.Close()
			var out strings.Builder
			in := false
			for _, ch := range string(x) {
				switch {
				case ch == '<':
					in = true
				case ch == '>':
					in = false
				case !in:
					out.WriteRune(ch)
				}
			}
			return out.String()
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}
