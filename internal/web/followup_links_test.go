package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// A county analyst (阳春市) linking a new follow-up to a key project through the page's form:
// 江城区's project code (tnB) is refused with the Chinese message naming the kind, the code and
// what was expected — the same as a code that does not exist, with no word of 江城区's project —
// and nothing is written (no follow-up, no audit row); 阳春's own project is linked and shown by
// its name and code.
func TestFollowUpLinkOtherCountyProject(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			if _, err := s.ApplyProjects(ctx, store.ProjectBatch{Actor: "fixture", Source: "links", Projects: []domain.Project{
				{Code: "YC-1", Name: "阳春合金材料项目", Level: "省重点", Category: "工业", RegionCode: fxRegion, Stage: "动工", TotalInvestment: 10},
				{Code: "JC-1", Name: tnSecret + "项目", Level: "省重点", Category: "工业", RegionCode: tnB, Stage: "动工", TotalInvestment: 10},
			}}); err != nil {
				t.Fatal(err)
			}
			c := cwCountyAnalyst(t, s, fxServe(t, s))
			post := func(ref string) response {
				return c.post("/followups", url.Values{"region": {fxRegion}, "title": {"推动项目开工"}, "owner": {fxRegion + "-swj"},
					"deadline": {"2024-08-15"}, "link_kind": {domain.LinkProject}, "link_ref": {ref}})
			}
			before, _ := s.AuditLog(ctx, 1)
			for ref, want := range map[string]string{
				"JC-1":   "重点项目编号「JC-1」在" + fxName + "的重点项目中找不到：应填写一个本地区的重点项目编号",
				"YC-404": "重点项目编号「YC-404」在" + fxName + "的重点项目中找不到：应填写一个本地区的重点项目编号",
			} {
				r := post(ref)
				if r.code != http.StatusBadRequest || !strings.Contains(r.body, `id="followups-error"`) || !strings.Contains(r.body, want) {
					t.Errorf("POST /followups linked to project %s: got %d, want 400 reading %q\n%.3000s", ref, r.code, want, r.body)
				}
				if strings.Contains(r.body, tnSecret) {
					t.Errorf("POST /followups linked to project %s: the page shows 江城区's project", ref)
				}
			}
			if fs, err := s.FollowUps(ctx, store.FollowUpQuery{Region: fxRegion}); err != nil || len(fs) != 0 {
				t.Errorf("after refused links: got %d follow-ups (%v), want none", len(fs), err)
			}
			if after, _ := s.AuditLog(ctx, 1); after[0].ID != before[0].ID {
				t.Errorf("after refused links: got audit row %+v, want none", after[0])
			}
			r := post("YC-1")
			if r.code != http.StatusSeeOther {
				t.Fatalf("POST /followups linked to 阳春's project YC-1: got %d, want 303\n%.1500s", r.code, r.body)
			}
			page := c.get(r.header.Get("Location"))
			if !strings.Contains(page.body, `<a href="/projects/YC-1">重点项目 阳春合金材料项目（YC-1）</a>`) {
				t.Errorf("GET /followups: want the project shown by its name and code, a link to its page\n%.3000s", page.body)
			}
			if p := c.get("/projects/YC-1"); p.code != http.StatusOK {
				t.Errorf("GET /projects/YC-1 (the follow-up's link): got %d, want 200", p.code)
			}
		})
	}
}
