package report_test

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/report"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var analyst = domain.Actor{Username: "ana", Role: domain.RoleAnalyst}

// paragraph finds the paragraph key of the June report.
func paragraph(t *testing.T, svc *report.Service, key string) report.Paragraph {
	t.Helper()
	ps, err := svc.Paragraphs(ctx, demo.Region, "2023-06", "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Key == key {
			return p
		}
	}
	t.Fatalf("no paragraph %s among %d", key, len(ps))
	return report.Paragraph{}
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
			rc, _ := f.Open()
			x, _ := io.ReadAll(rc)
			rc.Close()
			return regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(x), "")
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// TestTokenize: a paragraph's numbers become tokens in order, and Fill puts them back.
func TestTokenize(t *testing.T) {
	text := "1–6月，全市地区生产总值223.83亿元，同比增长4.7%。"
	skel, figs := report.Tokenize(text)
	if skel != "{{1}}–{{2}}月，全市地区生产总值{{3}}亿元，同比增长{{4}}%。" || strings.Join(figs, " ") != "1 6 223.83 4.7" {
		t.Errorf("Tokenize: got %q %v", skel, figs)
	}
	if got := report.Fill(skel, figs); got != text {
		t.Errorf("Fill: got %q, want %q", got, text)
	}
}

// TestReportEdit: the analyst's words are kept with the numbers as tokens and show in the .docx
// and the composed blocks; a number that is not the paragraph's, a token it has not, a number
// glued to a token and a comparison word the figures contradict are refused with the number or
// words named; restoring gives the generated paragraph back. Both databases.
func TestReportEdit(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			svc := demoReport(t, s).WithStore(s)
			p := paragraph(t, svc, "headline/gdp")
			if !strings.HasPrefix(p.Generated, "1–6月，全市地区生产总值223.83亿元，同比增长4.7%，") || p.Edit != "" ||
				!strings.HasPrefix(p.Template, "{{1}}–{{2}}月，全市地区生产总值{{3}}亿元") {
				t.Fatalf("the headline paragraph: got %+v", p)
			}
			refused := []struct {
				name, text, want string
			}{
				{"a number changed", strings.Replace(p.Generated, "223.83", "225.83", 1), "数字「225.83」不是本段由数据算出的数字"},
				{"a full-width number", p.Template + "约２２０亿元", "数字「２２０」"},
				{"a token it has not", p.Template + "{{99}}", "标记「{{99}}」不存在"},
				{"a digit typed", strings.Replace(p.Template, "{{3}}亿元", "{{3}}0亿元", 1), "数字「0」"},
				{"two tokens glued", strings.Replace(p.Template, "{{3}}亿元", "{{3}}{{4}}亿元", 1), "数字「223.834」"},
				{"a comparison word flipped", strings.Replace(p.Template, "低于", "高于", 1), "与数据不符"},
			}
			for _, c := range refused {
				_, err := svc.Edit(ctx, analyst, demo.Region, "2023-06", "zh-CN", "headline/gdp", c.text)
				if domain.ErrorKind(err) != domain.EINVALID || !strings.Contains(domain.Message("zh-CN", err), c.want) {
					t.Errorf("%s: got %v, want refused with %q", c.name, err, c.want)
				}
			}
			if _, err := svc.Edit(ctx, analyst, demo.Region, "2023-06", "zh-CN", "no/such", "x"); domain.ErrorKind(err) != domain.ENOTFOUND {
				t.Errorf("an unknown paragraph: got %v, want not_found", err)
			}
			// Words added, the numbers typed as the paragraph's figures: kept as tokens.
			got, err := svc.Edit(ctx, analyst, demo.Region, "2023-06", "zh-CN", "headline/gdp", "据初步核算，"+p.Generated)
			if err != nil {
				t.Fatal(err)
			}
			if got.Edit != "edited" || got.Text != "据初步核算，"+p.Generated || got.Template != "据初步核算，"+p.Template || got.EditedBy != "ana" {
				t.Errorf("after the edit: got %+v", got)
			}
			b, err := svc.MonthlyDocx(ctx, demo.Region, "2023-06", "zh-CN")
			if err != nil {
				t.Fatal(err)
			}
			if doc := docxText(t, b); !strings.Contains(doc, "据初步核算，1–6月，全市地区生产总值223.83亿元") {
				t.Errorf("the .docx lacks the edited words")
			}
			m, err := svc.Monthly(ctx, demo.Region, "2023-06")
			if err != nil {
				t.Fatal(err)
			}
			if text := report.Text(report.Compose(m, "zh-CN")); !strings.Contains(text, "据初步核算，1–6月") {
				t.Errorf("the composed blocks (every renderer's) lack the edited words")
			}
			if text := report.Text(report.Compose(m, "en")); strings.Contains(text, "据初步核算") {
				t.Errorf("the Chinese edit shows in the English report")
			}
			if got, err := svc.Edit(ctx, analyst, demo.Region, "2023-06", "zh-CN", "headline/gdp", ""); err != nil || got.Edit != "" || got.Text != p.Generated {
				t.Errorf("restored: got %+v, %v; want the generated paragraph", got, err)
			}
			log, _ := s.AuditLog(ctx, 2)
			if log[0].Action != "report.edit" || log[1].Action != "report.edit" || log[1].NewValue != "据初步核算，"+p.Template {
				t.Errorf("audit: got %+v", log)
			}
			// Edited again; then the bureau revises June's GDP: a new value with the same words
			// keeps the edit, its number the new one; a growth above the target turns 低于 into 高于,
			// and the edit, made on 低于, no longer applies: the generated paragraph is shown.
			if _, err := svc.Edit(ctx, analyst, demo.Region, "2023-06", "zh-CN", "headline/gdp", "据初步核算，"+p.Template); err != nil {
				t.Fatal(err)
			}
			revise := func(v, g float64) {
				t.Helper()
				if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "ana", Source: "修订", Observations: []domain.Observation{{RegionCode: demo.Region,
					IndicatorCode: "gdp", Period: "2023-06", Value: domain.F(v), Growth: domain.F(g), Source: "修订"}}}); err != nil {
					t.Fatal(err)
				}
			}
			revise(224.5, 4.7)
			if got := paragraph(t, svc, "headline/gdp"); got.Edit != "edited" || !strings.HasPrefix(got.Text, "据初步核算，1–6月，全市地区生产总值224.50亿元") {
				t.Errorf("after a new value: got %q (%s), want the edit with 224.50", got.Text, got.Edit)
			}
			revise(224.5, 9.1)
			if got := paragraph(t, svc, "headline/gdp"); got.Edit != "stale" || got.Text != got.Generated || !strings.Contains(got.Text, "高于全年下达目标") {
				t.Errorf("after the growth passes the target: got %q (%s), want the generated paragraph, the edit stale", got.Text, got.Edit)
			}
		})
	}
}

// TestCheckTextRefuses: the check of the report's text finds a number no figure holds and a
// comparison word turned round.
func TestCheckTextRefuses(t *testing.T) {
	s := storetest.Dialects[0].Open(t)
	svc := demoReport(t, s)
	m, err := svc.Monthly(ctx, demo.Region, "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, want string }{
		{"全市地区生产总值224.83亿元。", "224.83"},
		{"同比增长4.8%。", "同比增长4.8%"},
		{"同比下降4.7%。", "同比下降4.7%"},
		{"高于全年下达目标（8.0%）3.3个百分点。", "高于全年下达目标（8.0%）3.3个百分点。"},
	} {
		_, problems := report.CheckText(m, c.text)
		found := false
		for _, p := range problems {
			found = found || p.Number == c.want || p.Phrase == c.want
		}
		if !found {
			t.Errorf("%s: got %+v, want a problem naming %s", c.text, problems, c.want)
		}
	}
	if _, problems := report.CheckText(m, "同比增长4.7%，低于全年下达目标（8.0%）3.3个百分点。"); len(problems) != 0 {
		t.Errorf("the true sentence: got %+v, want no problem", problems)
	}
}

// TestReportVersions: a final version is kept byte for byte and its figures with it; a new
// revision of a figure marks it out of date, naming the figure with its old and new values,
// while the kept .docx stays as it was; a draft of figures already kept is not kept again and
// tells nobody. Both databases.
func TestReportVersions(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			svc := demoReport(t, s).WithStore(s)
			v, err := svc.Finalize(ctx, analyst, demo.Region, "2023-06", "zh-CN")
			if err != nil || v.Number != 1 || v.State != domain.ReportFinal || len(v.Docx) == 0 {
				t.Fatalf("final: got #%d %s (%d bytes), %v", v.Number, v.State, len(v.Docx), err)
			}
			st, err := svc.Status(ctx, demo.Region, "2023-06", "zh-CN")
			if err != nil || st.OutOfDate || st.Final == nil || st.Final.ID != v.ID || len(st.Versions) != 1 {
				t.Fatalf("status after final: got %+v, %v", st, err)
			}
			// The draft job finds the figures kept: nothing kept, nobody told.
			if got, kept, err := svc.Draft(ctx, domain.Actor{Username: "scheduler"}, demo.Region, "2023-06", nil, nil); err != nil || kept || got.ID != v.ID {
				t.Errorf("draft of the same figures: got #%d kept=%v, %v; want version 1 again, not kept", got.Number, kept, err)
			}
			// The bureau revises June's GDP: 223.83 → 230.00 亿元.
			if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "ana", Source: "修订", Observations: []domain.Observation{{RegionCode: demo.Region,
				IndicatorCode: "gdp", Period: "2023-06", Value: domain.F(230), Growth: domain.F(4.7), Source: "修订"}}}); err != nil {
				t.Fatal(err)
			}
			st, err = svc.Status(ctx, demo.Region, "2023-06", "zh-CN")
			if err != nil || !st.OutOfDate {
				t.Fatalf("after the revision: got %+v, %v; want out of date", st, err)
			}
			var gdp *report.Change
			for i, c := range st.Changes {
				if c.Key == "gdp.value" {
					gdp = &st.Changes[i]
				}
			}
			if gdp == nil || gdp.Old != "223.83" || gdp.New != "230.00" || !strings.Contains(gdp.Label, "地区生产总值") {
				t.Errorf("the changes: got %+v, want gdp.value 223.83 → 230.00", st.Changes)
			}
			kept, err := svc.Version(ctx, demo.Region, "2023-06", v.ID)
			if err != nil || !bytes.Equal(kept.Docx, v.Docx) {
				t.Errorf("the final version after the revision: %v; want its bytes as kept (%d, got %d)", err, len(v.Docx), len(kept.Docx))
			}
			if doc := docxText(t, kept.Docx); !strings.Contains(doc, "223.83亿元") || strings.Contains(doc, "230.00亿元") {
				t.Errorf("the kept .docx should read the figures it was written from")
			}
			if _, err := svc.Version(ctx, demo.Region, "2023-07", v.ID); domain.ErrorKind(err) != domain.ENOTFOUND {
				t.Errorf("the version asked as another period's: got %v, want not_found", err)
			}
			v2, err := svc.Finalize(ctx, analyst, demo.Region, "2023-06", "zh-CN")
			if err != nil || v2.Number != 2 {
				t.Fatalf("second final: got %+v, %v", v2.Number, err)
			}
			if st, _ := svc.Status(ctx, demo.Region, "2023-06", "zh-CN"); st.OutOfDate || st.Final.Number != 2 || len(st.Versions) != 2 {
				t.Errorf("after the second final: got out of date %v, final #%d, %d versions", st.OutOfDate, st.Final.Number, len(st.Versions))
			}
		})
	}
}

// BenchmarkReportEdit: one accepted edit of the headline paragraph of the demo's June report on
// SQLite — the report composed to read the paragraph, the edit checked and kept, the paragraph
// read back (the edit moves the data version on: each edit recomputes the figures).
func BenchmarkReportEdit(b *testing.B) {
	s := storetest.Dialects[0].Open(b)
	svc := demoReport(b, s).WithStore(s)
	ps, err := svc.Paragraphs(ctx, demo.Region, "2023-06", "zh-CN")
	if err != nil {
		b.Fatal(err)
	}
	tmpl := ps[0].Template
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.Edit(ctx, analyst, demo.Region, "2023-06", "zh-CN", ps[0].Key, "据初步核算，"+tmpl); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReportFinalize: marking the demo's June report final on SQLite — the .docx written
// and kept with its figures.
func BenchmarkReportFinalize(b *testing.B) {
	s := storetest.Dialects[0].Open(b)
	svc := demoReport(b, s).WithStore(s)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.Finalize(ctx, analyst, demo.Region, "2023-06", "zh-CN"); err != nil {
			b.Fatal(err)
		}
	}
}
