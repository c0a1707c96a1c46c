package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/enterprises"
	"pacer/internal/leads"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// The attraction and enterprise pages on the demo: the headline, the funnel, the filters, the
// exports that import back, a lead's edit (audited, revised) and who may do what.
func TestAttractionPages(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		an := login(t, base, "demo-analyst", demoPassword)
		r := an.get("/attraction?today=2023-07-31")
		if r.code != 200 {
			t.Fatalf("GET /attraction: got %d\n%.500s", r.code, r.body)
		}
		for _, want := range []string{`id="attraction-projects">45<`, `id="attraction-investment">164.25<`, `data-funnel=`, `id="attraction-board"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("GET /attraction: want %s", want)
			}
		}
		if n := strings.Count(r.body, `<tr data-team=`); n != 25 {
			t.Errorf("leaderboard: got %d teams, want 25", n)
		}
		// Filters: one team's leads only; overdue leads only (two of the demo's are, on 2023-07-31).
		r = an.get("/attraction?today=2023-07-31&team=" + url.QueryEscape("招商一组"))
		if n := strings.Count(r.body, `<tr data-lead=`); n == 0 || strings.Contains(r.body, ">招商二组</td>") {
			t.Errorf("team filter: got %d rows, or another team's", n)
		}
		r = an.get("/attraction?today=2023-07-31&overdue=1")
		if n := strings.Count(r.body, `<tr data-lead=`); n != 2*2 { // in the list and in the overdue table
			t.Errorf("overdue filter on 2023-07-31: got %d rows, want 2 leads listed twice", n)
		}
		// The export imports back: the same leads, nothing changed.
		x := an.get("/attraction?today=2023-07-31&format=xlsx")
		if x.code != 200 || !strings.Contains(x.header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("export: got %d %s", x.code, x.header.Get("Content-Type"))
		}
		ts, err := sheet.ReadXLSX("leads.xlsx", bytes.NewReader([]byte(x.body)), int64(len(x.body)), sheet.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		res, err := leads.New(s).Import(ctx, domain.Actor{Username: "t", Role: domain.RoleAnalyst}, ts)
		if err != nil || res.New != 0 || res.Revised != 0 || res.Unchanged != 65 {
			t.Errorf("re-import of the export: got %+v, %v; want 65 unchanged", res, err)
		}
		x = an.get("/enterprises?format=xlsx")
		ts, err = sheet.ReadXLSX("firms.xlsx", bytes.NewReader([]byte(x.body)), int64(len(x.body)), sheet.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if res, err := enterprises.New(s).Import(ctx, domain.Actor{Username: "t", Role: domain.RoleAnalyst}, ts); err != nil || res.Unchanged != 66 {
			t.Errorf("re-import of the firms: got %+v, %v; want 66 unchanged", res, err)
		}
		// A lead: its page, an edit that is refused (signed without a date), one that is kept.
		r = an.get("/attraction/leads/ZS2023-060")
		if r.code != 200 || !strings.Contains(r.body, `id="lead-form"`) {
			t.Fatalf("lead page: got %d", r.code)
		}
		form := url.Values{"stage": {"签约"}, "investment": {"2.5"}, "team": {"招商一组"}, "source_region": {"大湾区"}}
		if r = an.post("/attraction/leads/ZS2023-060", form); r.code != http.StatusBadRequest || !strings.Contains(r.body, "签约日期") {
			t.Errorf("signed without a date: got %d, want 400 naming 签约日期", r.code)
		}
		form.Set("signed_date", "2023-07-20")
		if r = an.post("/attraction/leads/ZS2023-060", form); r.code != http.StatusSeeOther {
			t.Fatalf("edit: got %d\n%.300s", r.code, r.body)
		}
		sum := an.getJSON("/api/v1/attraction/summary?region=440784&period=2023-07", 200)
		if sum["projects"].(float64) != 46 || sum["investment"].(float64) != 166.75 {
			t.Errorf("after signing a 2.5亿 lead: got %v projects of %v, want 46 of 166.75", sum["projects"], sum["investment"])
		}
		if revs, _ := s.LeadRevisions(ctx, "ZS2023-060"); len(revs) != 2 {
			t.Errorf("revisions: got %d, want 2 (the import's and the edit)", len(revs))
		}
		// The signed lead becomes a key project, once.
		if r = an.post("/attraction/leads/ZS2023-060/project", url.Values{"project": {"XM-2023-900"}}); r.code != 200 || !strings.Contains(r.body, "XM-2023-900") {
			t.Errorf("to project: got %d", r.code)
		}
		if r = an.post("/attraction/leads/ZS2023-060/project", url.Values{"project": {"XM-2023-901"}}); r.code != http.StatusConflict {
			t.Errorf("second project: got %d, want 409", r.code)
		}
		// Enterprises: the ladder and the lists.
		r = an.get("/enterprises")
		if r.code != 200 || !strings.Contains(r.body, `data-measure="applications"><td>专精特新申报</td><td class="num">54<`) || !strings.Contains(r.body, "德兴环球") {
			t.Errorf("GET /enterprises: got %d without 54 applications or 德兴环球", r.code)
		}
		// Who: a leader reads but does not edit; the reporter (a department) edits no lead.
		le := login(t, base, "demo-leader", demoPassword)
		if r := le.get("/attraction"); r.code != 200 || strings.Contains(r.body, `id="lead-form"`) {
			t.Errorf("leader: got %d", r.code)
		}
		if r := le.post("/attraction/leads/ZS2023-060", form); r.code != http.StatusForbidden {
			t.Errorf("leader edit: got %d, want 403", r.code)
		}
		re := login(t, base, "demo-reporter", demoPassword)
		if r := re.post("/attraction/leads/ZS2023-060", form); r.code != http.StatusForbidden {
			t.Errorf("reporter of a department editing a lead: got %d, want 403", r.code)
		}
	})
}

// A lead not overdue shows nothing in the overdue column (no empty catalogue key).
func TestAttractionNoStrayKeys(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	an := login(t, base, "demo-analyst", demoPassword)
	r := an.get("/attraction?today=2023-07-31")
	if strings.Contains(r.body, "attraction.step.") || strings.Contains(r.body, "[attraction") {
		t.Errorf("GET /attraction shows a raw catalogue key")
	}
	if n := strings.Count(r.body, "超时 0 天"); n != 0 {
		t.Errorf("got %d leads shown 0 days late", n)
	}
}
