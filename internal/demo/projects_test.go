package demo_test

import (
	"testing"

	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/projects"
	"pacer/internal/store/storetest"
)

// The demo's key-project register holds the article's figures: 84 provincial and municipal key
// projects, 88.2亿 completed by June = 65.2% of the annual plan (135.28亿), and its stage lists
// (25 not started → listing/land supply, 7 newly supplied → start, 8 started → the library);
// every row is marked 示例.
func TestDemoKeyProjects(t *testing.T) {
	s := storetest.OpenSQLite(t)
	if _, err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	w := projects.New(s)
	sum, err := w.Summary(ctx, demo.Region, "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Count != 84 || sum.Planned != 135.28 || sum.Completed != 88.2 || sum.Completion == nil || *sum.Completion != 65.2 {
		t.Errorf("June: got %d projects, plan %v, completed %v, completion %v; want 84, 135.28, 88.2, 65.2", sum.Count, sum.Planned, sum.Completed, sum.Completion)
	}
	if sum.Gap == nil || *sum.Gap != 15.2 || sum.Status != "green" || len(sum.NotReported) != 0 || !sum.Sample {
		t.Errorf("June: got gap %v status %s not reported %v sample %v; want +15.2 green, none, sample", sum.Gap, sum.Status, sum.NotReported, sum.Sample)
	}
	for _, l := range sum.ByLevel {
		if l.Level == "县重点" && l.Count != 0 {
			t.Errorf("the article's list is provincial and municipal: got %d county projects", l.Count)
		}
	}
	lists, err := w.Worklists(ctx, demo.Region, "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	want := map[domain.Worklist]int{domain.WorkToListOrSupply: 25, domain.WorkToStart: 7, domain.WorkToEnter: 8}
	for _, l := range lists {
		if n, ok := want[l.List]; ok && len(l.Items) != n {
			t.Errorf("%s: got %d projects, want %d", l.List, len(l.Items), n)
		}
	}
	l, err := w.List(ctx, demo.Region, "2023-06", projects.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range l.Rows {
		if !r.Sample {
			t.Errorf("%s: not marked 示例", r.Code)
		}
	}
}
