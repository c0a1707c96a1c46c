package projects_test

import (
	"testing"

	"pacer/internal/domain"
	"pacer/internal/figures"
	"pacer/internal/projects"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// The key-project register's figures (issue 12 §7) over the fixture (see projects_test.go):
// recorded on import for every month up to the last report, equal to the summary month by
// month (a project without a report counting at its latest earlier one), an analyst's link
// with a filter (category=工业) summed over the projects it selects, and the edits of the
// project page (a progress report, a category) recorded as revisions.
func TestRegisterFigures(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			figs := figures.New(s)
			ana := domain.Actor{Username: "ana", Role: domain.RoleAnalyst}
			if err := figs.Link(ctx, ana, domain.RegisterSum{Indicator: "industrial_investment", Register: domain.RegisterProjects,
				Measure: "completed", Filter: "category=工业"}); err != nil {
				t.Fatal(err)
			}
			w := projects.New(s).UseFigures(figs)
			if _, err := w.ImportFiles(ctx, writeFiles(t, map[string]string{"p.csv": fixtureProjects, "q.csv": fixtureProgress}),
				projects.Options{Actor: "test"}); err != nil {
				t.Fatal(err)
			}
			current := func() map[string]domain.RegisterFigure {
				t.Helper()
				all, err := s.RegisterFigures(ctx, store.ObservationQuery{})
				if err != nil {
					t.Fatal(err)
				}
				m := map[string]domain.RegisterFigure{}
				for _, f := range all {
					m[f.Region+"/"+f.Indicator+"@"+f.Period] = f
				}
				return m
			}
			got := current()
			for k, f := range got { // no row of the fixture is 示例, so no figure is
				if f.Sample {
					t.Errorf("%s: got a figure marked 示例 from rows that are not", k)
				}
			}
			// Hand-computed: April A 1 + B 0.5; May A 1.5 + B 0.5 + D 2.5; June 7 (the summary's).
			// 工业 in June: A 2 + C 1; 龙口镇 (B, D) has no 工业 project: 0.
			for k, v := range map[string]float64{
				"440784/key_project_investment@2023-01": 0, "440784/key_project_investment@2023-04": 1.5,
				"440784/key_project_investment@2023-05": 4.5, "440784/key_project_investment@2023-06": 7,
				"440784101/key_project_investment@2023-06": 4, "440784102/key_project_investment@2023-06": 1,
				"440703/key_project_investment@2023-06": 9,
				"440784/industrial_investment@2023-06":  3, "440784102/industrial_investment@2023-06": 1,
				"440784101/industrial_investment@2023-06": 0, "440784/industrial_investment@2023-05": 1.5,
			} {
				if f, ok := got[k]; !ok || f.Value != v || f.Revision != 1 || f.Register != domain.RegisterProjects {
					t.Errorf("%s: got %+v (found %v), want %v", k, f, ok, v)
				}
			}
			if _, ok := got["440784/key_project_investment@2023-07"]; ok {
				t.Errorf("a figure for July, after the last report (June)")
			}
			for _, p := range []string{"2023-03", "2023-04", "2023-05", "2023-06"} {
				sum, err := w.Summary(ctx, "440784", p)
				if err != nil {
					t.Fatal(err)
				}
				if f := got["440784/key_project_investment@"+p]; f.Value != sum.Completed {
					t.Errorf("%s: figure %v, summary %v", p, f.Value, sum.Completed)
				}
			}
			n := len(got)

			// A progress report from the project page: June's sums get a revision, May's stay.
			analyst := domain.User{Username: "ana", Role: domain.RoleAnalyst}
			if err := w.SetProgress(ctx, analyst, "", "B", "2023-06", 0.8); err != nil {
				t.Fatal(err)
			}
			got = current()
			for k, want := range map[string][2]float64{
				"440784/key_project_investment@2023-06": {7.3, 2}, "440784101/key_project_investment@2023-06": {4.3, 2},
				"440784/key_project_investment@2023-05": {4.5, 1}, "440784/industrial_investment@2023-06": {3, 1},
			} {
				if f := got[k]; f.Value != want[0] || float64(f.Revision) != want[1] {
					t.Errorf("after the report, %s: got %v revision %d, want %v", k, f.Value, f.Revision, want)
				}
			}
			// C moves from 工业 to 技改: the linked sum drops it, its town's figure becomes 0.
			if err := w.Update(ctx, analyst, "", "C", projects.Change{Category: "技改"}); err != nil {
				t.Fatal(err)
			}
			got = current()
			for k, want := range map[string][2]float64{
				"440784/industrial_investment@2023-06": {2, 2}, "440784102/industrial_investment@2023-06": {0, 2},
				"440784/key_project_investment@2023-06": {7.3, 2},
			} {
				if f := got[k]; f.Value != want[0] || float64(f.Revision) != want[1] {
					t.Errorf("after the category change, %s: got %v revision %d, want %v", k, f.Value, f.Revision, want)
				}
			}
			if len(got) != n {
				t.Errorf("edits added keys: %d figures, want %d", len(got), n)
			}
		})
	}
}
