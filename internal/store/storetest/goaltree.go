package storetest

import (
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testGoalTree edits a region's year of the goal tree: focus points and measures are added in
// order, a measure is edited (an unchanged edit writes nothing) and archived (gone from the tree,
// kept in the audit log); unknown references are refused. Checking the texts is the goals
// workflow's (domain.FocusPoint.Validate, domain.Measure.Validate): the store stores what it is given.
func testGoalTree(t *testing.T, s *store.Store) {
	by := store.Who{Username: "ana", Role: domain.RoleAnalyst, IP: "10.0.0.3"}
	if _, err := s.AddFocusPoint(ctx, by, "999999", 2023, "总目标"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown region: got %v, want not_found", err)
	}
	first, err := s.AddFocusPoint(ctx, by, "440784", 2023, "总目标")
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.AddFocusPoint(ctx, by, "440784", 2023, "稳投资")
	if err != nil {
		t.Fatal(err)
	}
	if first.Title != "总目标" || first.Position >= second.Position || first.ID == second.ID {
		t.Errorf("focus points: got %+v and %+v, want 总目标 before 稳投资", first, second)
	}
	if got, err := s.FocusPoint(ctx, second.ID); err != nil || got.Title != "稳投资" || got.RegionCode != "440784" || got.Year != 2023 {
		t.Errorf("focus point %d: got %+v, %v", second.ID, got, err)
	}
	if _, err := s.FocusPoint(ctx, 999999); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown focus point: got %v, want not_found", err)
	}
	if _, err := s.AddMeasure(ctx, by, second.ID, domain.Measure{Text: "新开工", IndicatorCode: "no_such"}); err == nil {
		t.Errorf("measure of an unknown indicator: got no error, want the database to refuse it")
	}
	m1, err := s.AddMeasure(ctx, by, second.ID, domain.Measure{Text: "工业投资增长15%", IndicatorCode: "industrial_investment", Figure: domain.F(15), FigureUnit: "%"})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := s.AddMeasure(ctx, by, second.ID, domain.Measure{Text: "新开工项目", Figure: domain.F(30), FigureUnit: "个"})
	if err != nil {
		t.Fatal(err)
	}
	got, fp, err := s.Measure(ctx, m1.ID)
	if err != nil || got.Text != "工业投资增长15%" || *got.Figure != 15 || fp.ID != second.ID {
		t.Errorf("measure %d: got %+v under %+v, %v", m1.ID, got, fp, err)
	}
	edited := m1
	edited.Text = "工业投资增长16%"
	edited.Figure = domain.F(16)
	if changed, err := s.EditMeasure(ctx, by, m1.ID, edited); err != nil || !changed {
		t.Errorf("edit: got changed %t, %v; want changed", changed, err)
	}
	before, _ := s.AuditLog(ctx, 100)
	if changed, err := s.EditMeasure(ctx, by, m1.ID, edited); err != nil || changed {
		t.Errorf("the same edit again: got changed %t, %v; want unchanged", changed, err)
	}
	if after, _ := s.AuditLog(ctx, 100); len(after) != len(before) {
		t.Errorf("unchanged edit: got %d audit rows, want %d (nothing written)", len(after), len(before))
	}
	if fp, err := s.ArchiveMeasure(ctx, by, m2.ID); err != nil || fp.ID != second.ID {
		t.Errorf("archive: got %+v, %v; want the measure's focus point", fp, err)
	}
	if _, _, err := s.Measure(ctx, m2.ID); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("archived measure: got %v, want not_found", err)
	}
	tree, err := s.GoalTree(ctx, "440784", 2023)
	if err != nil {
		t.Fatal(err)
	}
	if len(tree) != 2 || tree[0].Title != "总目标" || len(tree[0].Measures) != 0 || len(tree[1].Measures) != 1 ||
		tree[1].Measures[0].Text != "工业投资增长16%" || *tree[1].Measures[0].Figure != 16 {
		t.Errorf("goal tree: got %+v, want 总目标 (empty) and 稳投资 with the edited measure only", tree)
	}
	if other, err := s.GoalTree(ctx, "440784", 2024); err != nil || len(other) != 0 {
		t.Errorf("another year: got %+v, %v; want nothing", other, err)
	}
	log, _ := s.AuditLog(ctx, 10)
	if len(log) < 5 || log[0].Action != "measure.archive" || log[1].Action != "measure.update" || log[1].OldValue == log[1].NewValue {
		t.Errorf("audit: got %+v, want archive after update (old → new)", log[:min(2, len(log))])
	}
}
