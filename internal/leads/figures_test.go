package leads_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/figures"
	"pacer/internal/leads"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// The attraction register's figures (issue 12 §7) over the fixture of leads_test.go: recorded on
// import in July 2023 for every month of 2023 up to the write's month (E's 07-01 is the latest
// date), equal to the summary; an analyst's link with a filter (team=丙) sums the leads it selects; a lead edited on
// its form moves the figures it reaches, as revisions.
func TestRegisterFigures(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			figs := figures.New(s).WithClock(func() time.Time { return time.Date(2023, 7, 20, 10, 0, 0, 0, time.Local) })
			if err := figs.Link(ctx, ana, domain.RegisterSum{Indicator: "industrial_investment", Register: domain.RegisterLeads,
				Measure: "investment", Filter: "team=丙"}); err != nil {
				t.Fatal(err)
			}
			w := leads.New(s).UseFigures(figs)
			if _, err := w.Import(ctx, ana, table(t, "leads.csv", fixture)); err != nil {
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
			for k, v := range map[string]float64{
				"440784/attracted_projects@2023-06": 3, "440784/attracted_investment@2023-06": 6.25,
				"440784/attracted_projects@2023-07": 4, "440784/attracted_investment@2023-07": 8.75,
				"440784/attracted_projects@2023-01": 1, "440784101/attracted_investment@2023-06": 3.25,
				"440781/attracted_projects@2023-06": 1, "440784/attracted_projects@2022-12": 1, // F, a town's lead signed 2022-12-31
				"440784102/attracted_projects@2022-12": 1,
				// 丙's leads: H (2.00, May) counts; F was signed in 2022, G not at all.
				"440784/industrial_investment@2023-06": 2, "440784/industrial_investment@2023-04": 0,
			} {
				if f, ok := got[k]; !ok || f.Value != v || f.Revision != 1 || f.Register != domain.RegisterLeads {
					t.Errorf("%s: got %+v (found %v), want %v", k, f, ok, v)
				}
			}
			if _, ok := got["440784/attracted_projects@2023-08"]; ok {
				t.Errorf("a figure for August, after the write's month")
			}
			for _, p := range []string{"2023-02", "2023-05", "2023-06", "2023-07"} {
				sum, err := w.Summary(ctx, "440784", p)
				if err != nil {
					t.Fatal(err)
				}
				if got["440784/attracted_projects@"+p].Value != float64(sum.Projects) || got["440784/attracted_investment@"+p].Value != sum.Investment {
					t.Errorf("%s: figures %v/%v, summary %d/%v", p, got["440784/attracted_projects@"+p].Value, got["440784/attracted_investment@"+p].Value, sum.Projects, sum.Investment)
				}
			}
			// Unchanged re-import: nothing written.
			n := len(got)
			before, _ := s.RegisterFigures(ctx, store.ObservationQuery{AllRevisions: true})
			if _, err := w.Import(ctx, ana, table(t, "leads.csv", fixture)); err != nil {
				t.Fatal(err)
			}
			if after, _ := s.RegisterFigures(ctx, store.ObservationQuery{AllRevisions: true}); len(after) != len(before) {
				t.Errorf("unchanged re-import: %d figure rows, want %d", len(after), len(before))
			}
			// E signed in June instead of July: June counts it (revision 2), July stays.
			l, _, err := w.Lead(ctx, "E")
			if err != nil {
				t.Fatal(err)
			}
			l.SignedDate = "2023-06-15"
			if err := w.Save(ctx, ana, l); err != nil {
				t.Fatal(err)
			}
			got = current()
			for k, want := range map[string][2]float64{
				"440784/attracted_projects@2023-06": {4, 2}, "440784/attracted_investment@2023-06": {8.75, 2},
				"440784/attracted_projects@2023-07": {4, 1}, "440784/attracted_projects@2023-05": {2, 1},
			} {
				if f := got[k]; f.Value != want[0] || float64(f.Revision) != want[1] {
					t.Errorf("after the edit, %s: got %v revision %d, want %v", k, f.Value, f.Revision, want)
				}
			}
			if len(got) != n {
				t.Errorf("the edit added keys: %d figures, want %d", len(got), n)
			}
		})
	}
}

// TestRegisterMonthIsTheWrite: the register is current as of its last write. A lead signed
// 2023-08-15 and imported on 2023-10-20 gives figures for September and October (1 project, as
// in August) and none for November (no figure for the future); the same register imported in
// 2026 gives every month of 2023.
func TestRegisterMonthIsTheWrite(t *testing.T) {
	const csv = head + "A,甲,签约,2.00,装备,大湾区,甲,440784,2023-08-15,\n"
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			for _, c := range []struct {
				at     time.Time
				months []string // with a figure; the rest of 2023 without
			}{
				{time.Date(2023, 10, 20, 10, 0, 0, 0, time.Local), []string{"2023-08", "2023-09", "2023-10"}},
				{time.Date(2026, 11, 30, 10, 0, 0, 0, time.Local), []string{"2023-08", "2023-09", "2023-10", "2023-11", "2023-12"}},
			} {
				s := d.Open(t)
				w := leads.New(s).UseFigures(figures.New(s).WithClock(func() time.Time { return c.at }))
				if _, err := w.Import(ctx, ana, table(t, "leads.csv", csv)); err != nil {
					t.Fatal(err)
				}
				all, err := s.RegisterFigures(ctx, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"attracted_projects"}})
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]float64{}
				for _, f := range all {
					got[f.Period] = f.Value
				}
				for m := 1; m <= 12; m++ {
					p := fmt.Sprintf("2023-%02d", m)
					v, ok := got[p]
					switch {
					case slices.Contains(c.months, p):
						if !ok || v != 1 {
							t.Errorf("written %s: %s got %v (found %v), want 1", c.at.Format("2006-01"), p, v, ok)
						}
					case m < 8:
						if !ok || v != 0 {
							t.Errorf("written %s: %s got %v (found %v), want 0", c.at.Format("2006-01"), p, v, ok)
						}
					default:
						if ok {
							t.Errorf("written %s: a figure for %s (%v), after the write's month", c.at.Format("2006-01"), p, v)
						}
					}
				}
			}
		})
	}
}
