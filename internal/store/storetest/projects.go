package storetest

import (
	"bytes"
	"math"
	"slices"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

func project(code, region, level, category, stage string) domain.Project {
	return domain.Project{Code: code, Name: "项目" + code, Level: level, Category: category, RegionCode: region, Stage: stage, TotalInvestment: 10, OwnerUnit: "u"}
}

// auditActions returns the actions of the newest n audit rows.
func auditActions(t *testing.T, s *store.Store, n int) []string {
	t.Helper()
	log, err := s.AuditLog(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range log {
		out = append(out, e.Action)
	}
	return out
}

// testProjects: the key-project register written in one transaction, revisions of a month's
// cumulative kept, the figures of a county with its towns (latest cumulative of the year at or
// before the period), the SQL aggregate agreeing with them, edits, problems and photos audited.
func testProjects(t *testing.T, s *store.Store) {
	b := store.ProjectBatch{Actor: "tester", Source: "p.csv",
		Projects: []domain.Project{
			project("A", "440784", "省重点", "工业", "动工"),
			project("B", "440784101", "市重点", "技改", "供地"),
			project("C", "440703", "县重点", "其他", "前期"), // another county
			project("D", "440784", "县重点", "其他", "前期"), // no plan for 2023
		},
		Plans: []domain.ProjectPlan{{ProjectCode: "A", Year: 2023, AnnualPlan: 4}, {ProjectCode: "B", Year: 2023, AnnualPlan: 2},
			{ProjectCode: "C", Year: 2023, AnnualPlan: 9}, {ProjectCode: "D", Year: 2022, AnnualPlan: 1}},
		Progress: []domain.ProjectProgress{{ProjectCode: "A", Period: "2023-05", Completed: 1.5}, {ProjectCode: "A", Period: "2023-06", Completed: 2},
			{ProjectCode: "A", Period: "2022-12", Completed: 7}, {ProjectCode: "B", Period: "2023-04", Completed: 0.5, Sample: true}, {ProjectCode: "B", Period: "2023-07", Completed: 1}},
		Milestones: []domain.Milestone{{ProjectCode: "B", Stage: "动工", Planned: "2023-06-10"}},
	}
	res, err := s.ApplyProjects(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if res.Projects.New != 4 || res.Plans.New != 4 || res.Progress.New != 5 || res.Milestones.New != 1 {
		t.Errorf("first import: got %+v, want everything new", res)
	}
	// An unknown region fails the whole batch: nothing of it is written.
	bad := store.ProjectBatch{Actor: "tester", Source: "bad", Projects: []domain.Project{project("E", "440784", "省重点", "工业", "动工"), project("F", "999999", "省重点", "工业", "动工")}}
	if _, err := s.ApplyProjects(ctx, bad); err == nil {
		t.Error("a project in an unknown region: got no error")
	}
	if have, err := s.ProjectCodes(ctx, []string{"A", "E", "F", "Z"}); err != nil || !have["A"] || have["E"] || have["F"] || have["Z"] {
		t.Errorf("ProjectCodes after a failed batch: got %v, %v, want only A", have, err)
	}

	// A revision: June of A changes, May stays; the old value is kept.
	res, err = s.ApplyProjects(ctx, store.ProjectBatch{Actor: "tester", Source: "rev",
		Progress: []domain.ProjectProgress{{ProjectCode: "A", Period: "2023-06", Completed: 2.5}, {ProjectCode: "A", Period: "2023-05", Completed: 1.5}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Progress != (store.Counts{Revised: 1, Unchanged: 1}) {
		t.Errorf("revision: got %+v, want 1 revised, 1 unchanged", res.Progress)
	}
	if acts := auditActions(t, s, 2); !slices.Equal(acts, []string{"projects.import", "project_progress.revise"}) {
		t.Errorf("audit of a revision: got %v", acts)
	}
	revs, err := s.ProjectProgress(ctx, "A")
	if err != nil {
		t.Fatal(err)
	}
	var june []float64
	for _, r := range revs {
		if r.Period == "2023-06" {
			june = append(june, r.Completed)
			if r.RecordedBy != "tester" || r.RecordedAt.IsZero() {
				t.Errorf("revision without who and when: %+v", r)
			}
		}
	}
	if !slices.Equal(june, []float64{2, 2.5}) {
		t.Errorf("revisions of A 2023-06: got %v, want [2 2.5]", june)
	}

	county := []string{"440784", "440784101", "440784102"}
	figs, err := s.ProjectFigures(ctx, county, "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 2 || figs[0].Code != "A" || figs[1].Code != "B" {
		t.Fatalf("figures of 440784 at 2023-06: got %+v, want A and B (C elsewhere, D without a 2023 plan)", figs)
	}
	if figs[0].Planned != 4 || figs[0].Completed != 2.5 || figs[0].Reported != "2023-06" {
		t.Errorf("A: got plan %v completed %v at %q, want 4, 2.5 at 2023-06", figs[0].Planned, figs[0].Completed, figs[0].Reported)
	}
	if figs[1].Completed != 0.5 || figs[1].Reported != "2023-04" || figs[1].Level != "市重点" {
		t.Errorf("B: got %v at %q, want April's 0.5 (July is after the period)", figs[1].Completed, figs[1].Reported)
	}
	// The cumulative each counts at says whether it is 示例: B's April report is, A's June not.
	if figs[0].ReportSample || !figs[1].ReportSample || figs[1].Sample {
		t.Errorf("示例 of the cumulatives counted: A %v, B %v (project B %v); want B's report only", figs[0].ReportSample, figs[1].ReportSample, figs[1].Sample)
	}
	// The same two projects grouped in the database: A (工业, plan 4, 2.5 at June) and B (市重点,
	// 供地, a town's, plan 2, April's 0.5 — not reported for June).
	groups, err := s.ProjectGroups(ctx, county, "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]store.ProjectGroup{}
	for _, g := range groups {
		got[g.By+":"+g.Key] = g
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if g := got["total:"]; g.Count != 2 || !near(g.Planned, 6) || !near(g.Completed, 3) {
		t.Errorf("groups, total: %+v, want 2 projects, plan 6, completed 3", g)
	}
	if g := got["category:工业"]; g.Count != 1 || !near(g.Planned, 4) || !near(g.Completed, 2.5) {
		t.Errorf("groups, 工业: %+v, want A's", g)
	}
	if g := got["level:市重点"]; g.Count != 1 || !near(g.Completed, 0.5) {
		t.Errorf("groups, 市重点: %+v, want B's", g)
	}
	if g := got["town:440784101"]; g.Count != 1 || !near(g.Planned, 2) {
		t.Errorf("groups, town 440784101: %+v, want B's", g)
	}
	if g := got["stage:供地"]; g.Count != 1 {
		t.Errorf("groups, stage 供地: %+v, want 1", g)
	}
	if _, ok := got["unreported:B"]; !ok || len(groups) != len(got) {
		t.Errorf("groups: B (April's figure) should be unreported for June; got %+v", groups)
	}
	if _, ok := got["unreported:A"]; ok {
		t.Error("groups: A reported June, listed as unreported")
	}
	if _, err := s.ProjectGroups(ctx, county, "2023"); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("sums, bad period: got %v", err)
	}
	tot, err := s.ProjectTotals(ctx, county, "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	if tot.Count != 2 || tot.Planned != 6 || math.Abs(tot.Completed-3) > 1e-9 {
		t.Errorf("totals: got %+v, want 2 projects, plan 6, completed 3", tot)
	}
	if jan, err := s.ProjectTotals(ctx, county, "2023-01"); err != nil || jan.Completed != 0 || jan.Count != 2 {
		t.Errorf("January (last December is another year): got %+v, %v", jan, err)
	}
	if _, err := s.ProjectFigures(ctx, county, "2023"); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("bad period: got %v", err)
	}
	if _, err := s.ProjectTotals(ctx, county, "x"); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("bad period: got %v", err)
	}

	ps, err := s.Projects(ctx, county)
	if err != nil || len(ps) != 3 {
		t.Errorf("projects of the county: got %d, %v, want A, B, D", len(ps), err)
	}
	plans, err := s.ProjectPlans(ctx, "D")
	if err != nil || len(plans) != 1 || plans[0].Year != 2022 {
		t.Errorf("plans of D: got %+v, %v", plans, err)
	}
	ms, err := s.Milestones(ctx, county)
	if err != nil || len(ms) != 1 || ms[0].Planned != "2023-06-10" || ms[0].Actual != "" {
		t.Errorf("milestones: got %+v, %v", ms, err)
	}
	if _, err := s.ApplyProjects(ctx, store.ProjectBatch{Actor: "tester", Source: "ms", Milestones: []domain.Milestone{{ProjectCode: "B", Stage: "动工", Planned: "2023-06-10", Actual: "2023-06-20"}}}); err != nil {
		t.Fatal(err)
	}
	if ms, _ := s.Milestones(ctx, county); len(ms) != 1 || ms[0].Actual != "2023-06-20" {
		t.Errorf("milestone update: got %+v", ms)
	}

	// An edit of the project's fields, audited old → new; the same again writes nothing.
	by := store.Who{Username: "ana", Role: domain.RoleAnalyst, IP: "10.0.0.1"}
	p, err := s.Project(ctx, "A")
	if err != nil {
		t.Fatal(err)
	}
	p.Stage = "入库"
	if err := s.UpdateProject(ctx, by, p); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Project(ctx, "A"); got.Stage != "入库" || got.UpdatedBy != by.Actor() {
		t.Errorf("after update: got %+v", got)
	}
	if err := s.UpdateProject(ctx, by, p); err != nil {
		t.Fatal(err)
	}
	if acts := auditActions(t, s, 2); acts[0] != "project.update" || acts[1] == "project.update" {
		t.Errorf("update audited once: got %v", acts)
	}
	if _, err := s.Project(ctx, "nope"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown project: got %v", err)
	}
	if err := s.UpdateProject(ctx, by, project("nope", "440784", "省重点", "工业", "动工")); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("update of an unknown project: got %v", err)
	}

	// Problems.
	id, err := s.AddProblem(ctx, by, domain.Problem{ProjectCode: "B", Description: "征地未完成", CoordinatingUnit: "自然资源局", Deadline: "2023-06-30", State: "待协调"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetProblemState(ctx, by, "B", id, "协调中"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetProblemState(ctx, by, "A", id, "已解决"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("a problem of another project: got %v, want not_found", err)
	}
	probs, err := s.Problems(ctx, county)
	if err != nil || len(probs) != 1 || probs[0].State != "协调中" || probs[0].RecordedBy != by.Actor() {
		t.Errorf("problems: got %+v, %v", probs, err)
	}
	if acts := auditActions(t, s, 2); !slices.Equal(acts, []string{"project_problem.state", "project_problem.create"}) {
		t.Errorf("problem audit: got %v", acts)
	}

	// Photos: bytes kept exactly, listed without them, audited.
	data := []byte{0x89, 'P', 'N', 'G', 0, 1, 2, 3}
	pid, err := s.AddPhoto(ctx, by, domain.Photo{ProjectCode: "A", Period: "2023-06", Caption: "主体结构", ContentType: "image/png", Data: data, Thumb: []byte{1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.Photos(ctx, "A")
	if err != nil || len(list) != 1 || list[0].Data != nil || list[0].Size != int64(len(data)) || list[0].UploadedBy != by.Actor() {
		t.Errorf("photos: got %+v, %v", list, err)
	}
	ph, err := s.Photo(ctx, "A", pid)
	if err != nil || !bytes.Equal(ph.Data, data) || !bytes.Equal(ph.Thumb, []byte{1, 2}) || ph.ContentType != "image/png" {
		t.Errorf("photo: got %+v, %v", ph, err)
	}
	if _, err := s.Photo(ctx, "B", pid); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("photo of another project: got %v, want not_found", err)
	}
	if acts := auditActions(t, s, 1); acts[0] != "project_photo.create" {
		t.Errorf("photo audit: got %v", acts)
	}
}
