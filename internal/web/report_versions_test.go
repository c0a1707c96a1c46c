package web_test

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/store"
)

// TestReportEditAndVersions: the analyst edits a paragraph's words on the web (a changed number is
// refused on the page, naming it), the .docx reads the edit, the report is marked final and the
// version downloads byte for byte as kept; a revision of GDP marks it 已过期 with GDP's old and
// new values. A leader views and downloads but may not edit or mark final; a reporter sees none
// of it; another period's address for a version is 404.
func TestReportEditAndVersions(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		at := "region=" + demo.Region + "&period=2023-06"
		an := login(t, base, "demo-analyst", demoPassword)
		r := an.get("/report/monthly/edit?" + at)
		if r.code != 200 || !strings.Contains(r.body, `id="p-headline/gdp"`) || !strings.Contains(r.body, "全市地区生产总值{{3}}亿元") ||
			!strings.Contains(r.body, "{{3}} = 223.83") {
			t.Fatalf("edit page: got %d, want the headline paragraph with its tokens\n%s", r.code, r.body)
		}
		if !strings.Contains(r.body, `action="/report/monthly/edit?region=`+demo.Region+`&amp;period=2023-06"`) {
			t.Errorf("the edit form does not post to the June report")
		}
		r = an.post("/report/monthly/edit?"+at, url.Values{"key": {"headline/gdp"}, "text": {"全市地区生产总值225.83亿元。"}})
		if r.code != 422 || !strings.Contains(r.body, "数字「225.83」不是本段由数据算出的数字") || !strings.Contains(r.body, "全市地区生产总值225.83亿元。</textarea>") {
			t.Errorf("a changed number: got %d, want 422 naming it, the words typed kept", r.code)
		}
		r = an.post("/report/monthly/edit?"+at, url.Values{"key": {"headline/gdp"}, "text": {"据初步核算，{{1}}–{{2}}月全市地区生产总值{{3}}亿元，同比增长{{4}}%。"}})
		if r.code != 303 || r.location() != "/report/monthly/edit" {
			t.Fatalf("the edit: got %d %s, want 303 to the edit page", r.code, r.header.Get("Location"))
		}
		if doc := docxText(t, []byte(an.get("/report/monthly?"+at).body)); !strings.Contains(doc, "据初步核算，1–6月全市地区生产总值223.83亿元，同比增长4.7%。") {
			t.Errorf("the .docx lacks the edited paragraph")
		}
		if r := an.post("/report/monthly/final?"+at, nil); r.code != 303 || r.location() != "/report/monthly/versions" {
			t.Fatalf("mark final: got %d %s", r.code, r.header.Get("Location"))
		}
		vs, err := s.ReportVersions(ctx, demo.Region, "2023-06")
		if err != nil || len(vs) != 1 || vs[0].State != domain.ReportFinal || vs[0].CreatedBy != "demo-analyst" {
			t.Fatalf("versions: got %+v, %v", vs, err)
		}
		kept, err := s.ReportVersion(ctx, vs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		dl := "/report/monthly/versions/" + strconv.FormatInt(vs[0].ID, 10) + "?" + at
		le := login(t, base, "demo-leader", demoPassword)
		for who, c := range map[string]*client{"analyst": an, "leader": le} {
			r := c.get(dl)
			if r.code != 200 || !bytes.Equal([]byte(r.body), kept.Docx) || !strings.Contains(r.header.Get("Content-Disposition"), ".docx") {
				t.Errorf("%s downloads version 1: got %d, %d bytes; want the %d bytes kept", who, r.code, len(r.body), len(kept.Docx))
			}
			if r := c.get("/report/monthly/versions?" + at); r.code != 200 || !strings.Contains(r.body, `id="report-current"`) || !strings.Contains(r.body, `href="`+strings.ReplaceAll(dl, "&", "&amp;")+`"`) {
				t.Errorf("%s: versions page: got %d, want version 1 current and downloadable", who, r.code)
			}
		}
		if r := an.get("/report/monthly/versions/" + strconv.FormatInt(vs[0].ID, 10) + "?region=" + demo.Region + "&period=2023-07"); r.code != 404 {
			t.Errorf("the version at another period's address: got %d, want 404", r.code)
		}
		if r := le.get("/report/monthly/edit?" + at); r.code != 403 {
			t.Errorf("a leader on the edit page: got %d, want 403", r.code)
		}
		if r := le.post("/report/monthly/final?"+at, nil); r.code != 403 {
			t.Errorf("a leader marking final: got %d, want 403", r.code)
		}
		if r := login(t, base, "demo-reporter", demoPassword).get("/report/monthly/versions?" + at); r.code != 403 {
			t.Errorf("a reporter on the versions page: got %d, want 403", r.code)
		}
		// The bureau revises June's GDP: the final version is out of date, GDP 223.83 → 230.00.
		if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "demo-analyst", Source: "修订", Observations: []domain.Observation{{RegionCode: demo.Region,
			IndicatorCode: "gdp", Period: "2023-06", Value: domain.F(230), Growth: domain.F(4.7), Source: "修订"}}}); err != nil {
			t.Fatal(err)
		}
		r = le.get("/report/monthly/versions?" + at)
		if r.code != 200 || !strings.Contains(r.body, `id="report-outdated"`) || !strings.Contains(r.body, "已过期") ||
			!strings.Contains(r.body, `<tr data-key="gdp.value"><td>地区生产总值（亿元）</td><td>223.83</td><td>230.00</td></tr>`) {
			t.Errorf("after the revision: got %d, want 已过期 with GDP 223.83 → 230.00\n%s", r.code, r.body)
		}
		if r := le.get(dl); !bytes.Equal([]byte(r.body), kept.Docx) {
			t.Errorf("after the revision the final version's bytes changed")
		}
	})
}
