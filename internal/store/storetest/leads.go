package storetest

import (
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testLeads: leads added, revised (every revision kept, audited), unchanged when identical;
// read by code and by region prefix (a county's towns with it) with their stage dates; the one
// SQL aggregate; the response rules replaced as data.
func testLeads(t *testing.T, s *store.Store) {
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	a := domain.Lead{Code: "L1", Name: "甲项目", Stage: domain.LeadSigned, Investment: 1, Industry: "装备", SourceRegion: "大湾区",
		Team: "一组", RegionCode: "440784", SignedDate: "2023-03-01",
		StageDates: map[domain.LeadStage]string{domain.LeadTalks: "2023-02-01", domain.LeadSigned: "2023-03-01"}}
	b := domain.Lead{Code: "L2", Name: "乙项目", Stage: domain.LeadTalks, Investment: 5, SourceRegion: "欧洲", Team: "二组", RegionCode: "440781"}
	before, _ := s.AuditLog(ctx, 1000)
	res, err := s.SaveLeads(ctx, ana, []domain.Lead{a, b})
	if err != nil || res != (store.RegisterCounts{New: 2}) {
		t.Fatalf("save: got %+v, %v; want 2 new", res, err)
	}
	if res, err = s.SaveLeads(ctx, ana, []domain.Lead{a, b}); err != nil || res != (store.RegisterCounts{Unchanged: 2}) {
		t.Errorf("same again: got %+v, %v; want 2 unchanged", res, err)
	}
	a.Stage, a.Investment = domain.LeadRegistered, 1.5
	a.StageDates[domain.LeadRegistered] = "2023-04-01"
	if res, err = s.SaveLeads(ctx, ana, []domain.Lead{a}); err != nil || res != (store.RegisterCounts{Revised: 1}) {
		t.Errorf("revise: got %+v, %v; want 1 revised", res, err)
	}
	after, _ := s.AuditLog(ctx, 1000)
	if len(after)-len(before) != 3 || after[0].Action != "lead.update" || after[0].Object != "lead:L1" {
		t.Errorf("audit: got %d rows, latest %+v; want 3 ending with lead.update of L1", len(after)-len(before), after[0])
	}
	got, err := s.Lead(ctx, "L1")
	if err != nil || got.Stage != domain.LeadRegistered || got.Investment != 1.5 || got.Revision != 2 || got.StageDates[domain.LeadRegistered] != "2023-04-01" || len(got.StageDates) != 3 {
		t.Errorf("read back: got %+v, %v", got, err)
	}
	if _, err := s.Lead(ctx, "nope"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown lead: got %v, want not_found", err)
	}
	revs, err := s.LeadRevisions(ctx, "L1")
	if err != nil || len(revs) != 2 || revs[0].Revision != 1 || revs[1].RecordedBy != "ana" || revs[0].RecordedAt.IsZero() {
		t.Errorf("revisions: got %+v, %v", revs, err)
	}
	for prefix, want := range map[string]int{"440784": 1, "4407": 2, "44": 2, "": 2, "440785": 0} {
		ls, err := s.Leads(ctx, prefix)
		if err != nil || len(ls) != want {
			t.Errorf("Leads(%q): got %d, %v; want %d", prefix, len(ls), err, want)
		}
	}
	n, sum, err := s.LeadTotals(ctx, "4407", []string{"签约", "注册"}, 1, "2023-01-01", "2023-12-31")
	if err != nil || n != 1 || sum != 1.5 {
		t.Errorf("totals: got %d, %g, %v; want 1, 1.5", n, sum, err)
	}
	if gs, err := s.SignedLeadGroups(ctx, "4407", []string{"签约", "注册"}, 1, "2023-01-01", "2023-12-31"); err != nil || len(gs) != 1 || gs[0].Team != "一组" || gs[0].Count != 1 || gs[0].Investment != 1.5 {
		t.Errorf("signed lead groups: got %+v, %v; want L1 (一组, 1, 1.5亿)", gs, err)
	}
	if gs, _ := s.SignedLeadGroups(ctx, "440784", []string{"签约"}, 1, "2023-01-01", "2023-12-31"); len(gs) != 0 {
		t.Errorf("signed lead groups at 签约 only: got %+v, want none (L1 is at 注册)", gs)
	}
	if gs, _ := s.SignedLeadGroups(ctx, "4407", []string{"签约", "注册"}, 1.51, "2023-01-01", "2023-12-31"); len(gs) != 0 {
		t.Errorf("signed lead groups of at least 1.51亿: got %+v, want none (L1 is 1.5亿)", gs)
	}
	rules, err := s.LeadDeadlines(ctx)
	if err != nil || len(rules) != 1 || rules[0] != (domain.LeadDeadline{MinInvestment: 1, RespondDays: 1, AssessDays: 3, FeedDays: 7}) {
		t.Errorf("the built-in rule (Jiangmen, ≥1亿: 1/3/7 days): got %+v, %v", rules, err)
	}
	want := []domain.LeadDeadline{{MinInvestment: 0, RespondDays: 3, AssessDays: 7, FeedDays: 14}, {MinInvestment: 1, RespondDays: 1, AssessDays: 3, FeedDays: 7}}
	if err := s.SetLeadDeadlines(ctx, ana, want); err != nil {
		t.Fatal(err)
	}
	if rules, _ = s.LeadDeadlines(ctx); len(rules) != 2 || rules[0] != want[0] || rules[1] != want[1] {
		t.Errorf("rules replaced: got %+v", rules)
	}
}

// testEnterprises: firms with titles added, revised, unchanged; read by code and prefix; the
// funnel goals set (audited) and read.
func testEnterprises(t *testing.T, s *store.Store) {
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	e := domain.Enterprise{CreditCode: "91350100M000100Y43", Name: "甲公司", RegionCode: "440784101", Industry: "装备",
		Titles:         []domain.EnterpriseTitle{{Title: domain.TitleInnovativeSME, Granted: "2022-05-01"}, {Title: domain.TitleProvincialSRDI, Applied: "2023-03-01"}},
		AboveScaleDate: "2023-02-01", Output: domain.F(52), Tax: domain.F(1.2)}
	res, err := s.SaveEnterprises(ctx, ana, []domain.Enterprise{e})
	if err != nil || res != (store.RegisterCounts{New: 1}) {
		t.Fatalf("save: got %+v, %v", res, err)
	}
	if res, _ = s.SaveEnterprises(ctx, ana, []domain.Enterprise{e}); res != (store.RegisterCounts{Unchanged: 1}) {
		t.Errorf("same again: got %+v", res)
	}
	e.Titles[1].Granted, e.Tax = "2023-07-01", nil
	if res, _ = s.SaveEnterprises(ctx, ana, []domain.Enterprise{e}); res != (store.RegisterCounts{Revised: 1}) {
		t.Errorf("revise: got %+v", res)
	}
	got, err := s.Enterprise(ctx, e.CreditCode)
	if err != nil || got.Revision != 2 || got.Tax != nil || *got.Output != 52 || len(got.Titles) != 2 || got.Titles[1].Granted != "2023-07-01" {
		t.Errorf("read back: got %+v, %v", got, err)
	}
	if _, err := s.Enterprise(ctx, "nope"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown firm: got %v", err)
	}
	if es, err := s.Enterprises(ctx, "440784"); err != nil || len(es) != 1 || len(es[0].Titles) != 2 {
		t.Errorf("by county: got %+v, %v", es, err)
	}
	if es, _ := s.Enterprises(ctx, "440781"); len(es) != 0 {
		t.Errorf("another county: got %d firms", len(es))
	}
	if revs, err := s.EnterpriseRevisions(ctx, e.CreditCode); err != nil || len(revs) != 2 {
		t.Errorf("revisions: got %d, %v", len(revs), err)
	}
	if err := s.SetEnterpriseGoal(ctx, ana, "440784", 2023, "approvals", 54); err != nil {
		t.Fatal(err)
	}
	before, _ := s.AuditLog(ctx, 1000)
	if err := s.SetEnterpriseGoal(ctx, ana, "440784", 2023, "approvals", 54); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.AuditLog(ctx, 1000); len(after) != len(before) {
		t.Errorf("the same goal again: got %d audit rows more, want none", len(after)-len(before))
	}
	if g, err := s.EnterpriseGoals(ctx, "440784", 2023); err != nil || g["approvals"] != 54 || len(g) != 1 {
		t.Errorf("goals: got %v, %v", g, err)
	}
}
