package storetest

import (
	"slices"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testRegisters: leads, enterprises and key projects of one import written in one transaction —
// a failure in the last register writes nothing of the first — and its dry run counting new,
// revised and unchanged rows as the write does, keeping nothing (no row, no audit record, the
// data version where it was).
func testRegisters(t *testing.T, s *store.Store) {
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	l1 := domain.Lead{Code: "L1", Name: "甲项目", Stage: domain.LeadTalks, Investment: 1, RegionCode: "440784"}
	if _, err := s.SaveLeads(ctx, ana, []domain.Lead{l1}); err != nil {
		t.Fatal(err)
	}
	a := project("A", "440784", "省重点", "工业", "动工")
	if _, err := s.ApplyProjects(ctx, store.ProjectBatch{Actor: "ana", Source: "p.csv", Projects: []domain.Project{a},
		Plans: []domain.ProjectPlan{{ProjectCode: "A", Year: 2023, AnnualPlan: 4}}}); err != nil {
		t.Fatal(err)
	}
	l1.Investment = 2 // revised
	l2 := domain.Lead{Code: "L2", Name: "乙项目", Stage: domain.LeadTalks, Investment: 5, RegionCode: "440784101"}
	firm := domain.Enterprise{CreditCode: "91350100M000100Y43", Name: "甲公司", RegionCode: "440784101", Industry: "装备"}
	batch := func(p ...domain.Project) store.RegisterBatch {
		return store.RegisterBatch{By: ana, Leads: []domain.Lead{l1, l2}, Enterprises: []domain.Enterprise{firm},
			Projects: &store.ProjectBatch{Actor: "ana", Source: "p.csv", Projects: p,
				Plans: []domain.ProjectPlan{{ProjectCode: "A", Year: 2023, AnnualPlan: 4}, {ProjectCode: "B", Year: 2023, AnnualPlan: 1}}}}
	}
	want := store.RegisterResult{Leads: store.RegisterCounts{New: 1, Revised: 1}, Enterprises: store.RegisterCounts{New: 1},
		Projects: store.ProjectResult{Projects: store.Counts{New: 1, Unchanged: 1}, Plans: store.Counts{New: 1, Unchanged: 1}}}
	unwritten := func(when string) {
		t.Helper()
		if l, err := s.Lead(ctx, "L1"); err != nil || l.Investment != 1 || l.Revision != 1 {
			t.Errorf("%s: lead L1 is %+v (%v), want revision 1 with investment 1", when, l, err)
		}
		if _, err := s.Lead(ctx, "L2"); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("%s: lead L2: got %v, want not found", when, err)
		}
		if _, err := s.Enterprise(ctx, firm.CreditCode); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("%s: the firm: got %v, want not found", when, err)
		}
		if have, err := s.ProjectCodes(ctx, []string{"A", "B"}); err != nil || !have["A"] || have["B"] {
			t.Errorf("%s: projects %v (%v), want A only", when, have, err)
		}
	}
	before, _ := s.AuditLog(ctx, 1000)
	v0, _ := s.DataVersion(ctx)
	dry := batch(a, project("B", "440784101", "市重点", "技改", "供地"))
	dry.DryRun = true
	got, err := s.ApplyRegisters(ctx, dry)
	if err != nil || got != want {
		t.Fatalf("dry run: got %+v, %v; want %+v", got, err, want)
	}
	unwritten("after the dry run")
	if after, _ := s.AuditLog(ctx, 1000); len(after) != len(before) {
		t.Errorf("dry run: %d audit records added, want none", len(after)-len(before))
	}
	if v, _ := s.DataVersion(ctx); v != v0 {
		t.Errorf("dry run: data version moved from %d to %d, want it where it was", v0, v)
	}
	// A project in an unknown region, written after the leads and the firm: none of them is kept.
	if _, err := s.ApplyRegisters(ctx, batch(a, project("B", "999999", "市重点", "技改", "供地"))); err == nil {
		t.Fatal("a project in an unknown region: got no error")
	}
	unwritten("after the failed write")
	got, err = s.ApplyRegisters(ctx, batch(a, project("B", "440784101", "市重点", "技改", "供地")))
	if err != nil || got != want {
		t.Fatalf("write: got %+v, %v; want %+v (the dry run's counts)", got, err, want)
	}
	if l, err := s.Lead(ctx, "L1"); err != nil || l.Revision != 2 || l.Investment != 2 {
		t.Errorf("lead L1 after the write: %+v (%v), want revision 2 with investment 2", l, err)
	}
	if have, _ := s.ProjectCodes(ctx, []string{"B"}); !have["B"] {
		t.Error("project B not written")
	}
	// One record a lead and firm written, one for the key-project import (its new rows within it).
	acts := auditActions(t, s, 4)
	slices.Sort(acts)
	if want := []string{"enterprise.create", "lead.create", "lead.update", "projects.import"}; !slices.Equal(acts, want) {
		t.Errorf("audit of the write: got %v, want %v", acts, want)
	}
	if after, _ := s.AuditLog(ctx, 1000); len(after)-len(before) != 4 {
		t.Errorf("audit of the write: %d records, want 4", len(after)-len(before))
	}
}
