package storetest

import (
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

func months(vals map[int]float64) [12]*float64 {
	var out [12]*float64
	for m, v := range vals {
		out[m-1] = domain.F(v)
	}
	return out
}

// testPlans: plan versions written with their months, approved once (then frozen: approving
// again is a conflict), a revision is the next version and leaves the approved one as it was;
// each write audited.
func testPlans(t *testing.T, s *store.Store) {
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	p := domain.MonthPlan{RegionCode: "440784", IndicatorCode: "retail", Year: 2023, Tier: domain.Assigned, Method: domain.PlanShares,
		Target: 150, Months: months(map[int]float64{2: 20, 3: 35, 6: 70.5, 12: 150})}
	before, _ := s.AuditLog(ctx, 100)
	v1, err := s.SavePlan(ctx, ana, p)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != 1 || v1.State != domain.PlanDraft || v1.ID == 0 || v1.CreatedBy != "ana" {
		t.Errorf("first save: got version %d state %s id %d by %q, want version 1, a draft", v1.Version, v1.State, v1.ID, v1.CreatedBy)
	}
	ap, err := s.ApprovePlan(ctx, ana, v1.ID)
	if err != nil || ap.State != domain.PlanApproved || ap.ApprovedBy != "ana" || ap.ApprovedAt == nil {
		t.Fatalf("approve: got %+v, %v", ap, err)
	}
	if _, err := s.ApprovePlan(ctx, ana, v1.ID); domain.ErrorKind(err) != domain.ECONFLICT {
		t.Errorf("approve an approved plan: got %v, want conflict", err)
	}
	if _, err := s.ApprovePlan(ctx, ana, 999999); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("approve an unknown plan: got %v, want not_found", err)
	}

	// A revision: the next version, approved at once; version 1 unchanged.
	p.Months[5], p.Method, p.State = domain.F(72), domain.PlanEntered, domain.PlanApproved
	v2, err := s.SavePlan(ctx, ana, p)
	if err != nil || v2.Version != 2 || v2.State != domain.PlanApproved || v2.ApprovedAt == nil {
		t.Fatalf("revision: got %+v, %v; want version 2 approved", v2, err)
	}
	// Another tier starts at version 1.
	st := p
	st.Tier, st.State = domain.Stretch, ""
	if v, err := s.SavePlan(ctx, ana, st); err != nil || v.Version != 1 {
		t.Errorf("stretch tier: got version %d, %v; want 1", v.Version, err)
	}

	got, err := s.Plans(ctx, "440784", "retail", 2023)
	if err != nil || len(got) != 3 {
		t.Fatalf("plans: got %d, %v; want 3 versions", len(got), err)
	}
	first := got[0]
	if first.Tier != domain.Assigned || first.Version != 1 || first.State != domain.PlanApproved || first.Method != domain.PlanShares ||
		first.Months[5] == nil || *first.Months[5] != 70.5 || first.Months[0] != nil || *first.Months[11] != 150 || first.Target != 150 {
		t.Errorf("version 1 read back: got %+v", first)
	}
	if got[1].Version != 2 || *got[1].Months[5] != 72 || got[2].Tier != domain.Stretch {
		t.Errorf("order and revision: got %d/%v, %s", got[1].Version, *got[1].Months[5], got[2].Tier)
	}
	if one, err := s.Plan(ctx, v2.ID); err != nil || *one.Months[5] != 72 || one.Method != domain.PlanEntered {
		t.Errorf("plan by id: got %+v, %v", one, err)
	}
	if _, err := s.Plan(ctx, 999999); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown plan: got %v, want not_found", err)
	}
	if all, _ := s.Plans(ctx, "440784", "", 2023); len(all) != 3 {
		t.Errorf("every indicator: got %d, want 3", len(all))
	}
	if none, err := s.Plans(ctx, "440784", "retail", 2024); err != nil || len(none) != 0 {
		t.Errorf("another year: got %d, %v", len(none), err)
	}
	after, _ := s.AuditLog(ctx, 100)
	if n := len(after) - len(before); n != 4 { // save, approve, save, save (the refused approvals write nothing)
		t.Errorf("audit rows: got %d, want 4", n)
	}
	if after[0].Action != "plan.save" || after[1].Action != "plan.save" || after[2].Action != "plan.approve" || after[3].Action != "plan.save" {
		t.Errorf("audit actions: got %s %s %s %s", after[0].Action, after[1].Action, after[2].Action, after[3].Action)
	}
}

// testBenchmarks: a benchmark saved, revised (the old revision kept, not current), an unchanged
// save writing nothing; each change audited.
func testBenchmarks(t *testing.T, s *store.Store) {
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	b := domain.Benchmark{RegionCode: "440784", Goal: "2026年主要指标达到全国百强县入围水平", Name: "百强县入围门槛", IndicatorCode: "gdp",
		Year: 2026, Value: 900, Source: "示例", Sample: true}
	before, _ := s.AuditLog(ctx, 100)
	b1, err := s.SaveBenchmark(ctx, ana, b)
	if err != nil || b1.Revision != 1 || b1.ID == 0 {
		t.Fatalf("save: got %+v, %v", b1, err)
	}
	if again, err := s.SaveBenchmark(ctx, ana, b); err != nil || again.ID != b1.ID {
		t.Errorf("unchanged save: got id %d, %v; want %d", again.ID, err, b1.ID)
	}
	b.Value, b.ThresholdGrowth = 950, 3
	b2, err := s.SaveBenchmark(ctx, ana, b)
	if err != nil || b2.Revision != 2 {
		t.Fatalf("revise: got %+v, %v", b2, err)
	}
	other := domain.Benchmark{RegionCode: "440784", Goal: "2025年进入全国工业百强县", Name: "工业百强县门槛（工业投资）", IndicatorCode: "industrial_investment",
		Year: 2025, Value: 700}
	if _, err := s.SaveBenchmark(ctx, ana, other); err != nil {
		t.Fatal(err)
	}
	cur, err := s.Benchmarks(ctx, "440784", false)
	if err != nil || len(cur) != 2 || cur[0].Year != 2025 || cur[1].Value != 950 || cur[1].ThresholdGrowth != 3 || !cur[1].Sample || cur[1].Source != "示例" {
		t.Errorf("current: got %+v, %v", cur, err)
	}
	all, _ := s.Benchmarks(ctx, "440784", true)
	if len(all) != 3 || all[1].Value != 900 || all[2].Value != 950 {
		t.Errorf("every revision: got %+v", all)
	}
	after, _ := s.AuditLog(ctx, 100)
	if n := len(after) - len(before); n != 3 || after[1].Action != "benchmark.save" || after[1].OldValue == "" {
		t.Errorf("audit: got %d rows (want 3), the revision's old value %q", n, after[1].OldValue)
	}
}
