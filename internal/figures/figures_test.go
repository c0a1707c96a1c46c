package figures_test

import (
	"context"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/figures"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

// rows is a small register for the test: projects (town or county, category, completed to date
// by period, marked 示例 or not), summed as a register workflow sums them — a region's sum
// includes its towns', and is 示例 when a row it reads is.
type rows struct {
	st    *store.Store
	items []struct {
		region, category string
		completed        map[string]float64
	}
	sample map[int]bool // by index into items
	asked  []string
}

func (r *rows) SumRegister(ctx context.Context, sum domain.RegisterSum, regions []string, period string) (map[string]figures.Sum, error) {
	r.asked = append(r.asked, sum.Indicator+"@"+period)
	out := map[string]figures.Sum{}
	cond := sum.Conditions()
	for _, code := range regions {
		for i, it := range r.items {
			reg, err := r.st.Region(ctx, it.region)
			if err != nil {
				return nil, err
			}
			if it.region != code && reg.Parent != code {
				continue
			}
			if c, ok := cond["category"]; ok && c != it.category {
				continue
			}
			f := out[code]
			switch sum.Measure {
			case "completed":
				f.Value += it.completed[period]
			case "count":
				f.Value++
			}
			f.Sample = f.Sample || r.sample[i]
			out[code] = f
		}
	}
	return out, nil
}

func TestRecompute(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			w := figures.New(s)
			by := domain.Actor{Username: "ana", Role: domain.RoleAnalyst}
			reg := &rows{st: s}
			reg.items = append(reg.items, struct {
				region, category string
				completed        map[string]float64
			}{"440784001", "工业", map[string]float64{"2023-06": 50.2}}, struct {
				region, category string
				completed        map[string]float64
			}{"440784", "基础设施", map[string]float64{"2023-06": 38}})

			if _, err := w.Recompute(ctx, by, domain.RegisterProjects, []string{"440784001"}, []string{"2023-06"}); domain.ErrorKind(err) != domain.EINVALID {
				t.Errorf("before Provide: got %v, want invalid (no summer)", err)
			}
			w.Provide(domain.RegisterProjects, reg)
			if err := w.Link(ctx, by, domain.RegisterSum{Indicator: "industrial_investment", Register: domain.RegisterProjects,
				Measure: "completed", Filter: " category = 工业 "}); err != nil {
				t.Fatal(err)
			}
			sums, err := w.Sums(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, sm := range sums {
				names = append(names, sm.Indicator+":"+sm.Register+":"+sm.Filter)
			}
			if got := strings.Join(names, " "); got != "attracted_investment:leads: attracted_projects:leads: industrial_investment:projects:category=工业 key_project_investment:projects: new_above_scale_industrial:enterprises:" {
				t.Errorf("sums: got %s", got)
			}
			// A town's change: the town and its county are summed, for each of the register's sums.
			c, err := w.Recompute(ctx, by, domain.RegisterProjects, []string{"440784001"}, []string{"2023-06"})
			if err != nil {
				t.Fatal(err)
			}
			if c != (store.Counts{New: 4}) {
				t.Errorf("first recompute: got %+v, want 4 new (town and county × two sums)", c)
			}
			got := map[string]float64{}
			figs, _ := s.RegisterFigures(ctx, store.ObservationQuery{})
			for _, f := range figs {
				got[f.Region+"/"+f.Indicator] = f.Value
				if f.Register != domain.RegisterProjects || f.Period != "2023-06" {
					t.Errorf("figure %+v: want projects at 2023-06", f)
				}
			}
			want := map[string]float64{"440784001/key_project_investment": 50.2, "440784/key_project_investment": 88.2,
				"440784001/industrial_investment": 50.2, "440784/industrial_investment": 50.2}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s: got %v, want %v", k, got[k], v)
				}
			}
			if len(reg.asked) != 2 {
				t.Errorf("sums asked: %v, want the two projects sums once each", reg.asked)
			}
			// Again unchanged: nothing written; a changed row: a revision.
			if c, err := w.Recompute(ctx, by, domain.RegisterProjects, []string{"440784001"}, []string{"2023-06"}); err != nil || c != (store.Counts{Unchanged: 4}) {
				t.Errorf("again: got %+v, %v", c, err)
			}
			reg.items[1].completed["2023-06"] = 40
			if c, err := w.Recompute(ctx, by, domain.RegisterProjects, []string{"440784"}, []string{"2023-06"}); err != nil || c != (store.Counts{Revised: 1, Unchanged: 1}) {
				t.Errorf("county row changed: got %+v, %v; want the county's key-project sum revised", c, err)
			}
			// A row marked 示例: the figures reading it are 示例 — a new revision though the value is
			// the same (the town's own sums do not read the county's row and stay as they were).
			reg.sample = map[int]bool{1: true}
			if c, err := w.Recompute(ctx, by, domain.RegisterProjects, []string{"440784"}, []string{"2023-06"}); err != nil || c != (store.Counts{Revised: 1, Unchanged: 1}) {
				t.Errorf("county row marked 示例: got %+v, %v; want the county's key-project sum revised", c, err)
			}
			figs, _ = s.RegisterFigures(ctx, store.ObservationQuery{Periods: []string{"2023-06"}})
			sample := map[string]bool{}
			for _, f := range figs {
				sample[f.Region+"/"+f.Indicator] = f.Sample
				if o := f.Observation(); o.Sample != f.Sample {
					t.Errorf("%s/%s as an observation: sample %v, want %v", f.Region, f.Indicator, o.Sample, f.Sample)
				}
			}
			for k, v := range map[string]bool{"440784/key_project_investment": true, "440784/industrial_investment": false,
				"440784001/key_project_investment": false, "440784001/industrial_investment": false} {
				if sample[k] != v {
					t.Errorf("%s: sample %v, want %v", k, sample[k], v)
				}
			}
			all, _ := s.RegisterFigures(ctx, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"key_project_investment"}, AllRevisions: true})
			if len(all) != 3 || all[1].Sample || !all[2].Sample || all[2].Value != all[1].Value || all[2].Revision != 3 {
				t.Errorf("county key-project revisions: got %+v, want 3 with only the last, same value, 示例", all)
			}
			// Record refuses bad figures before writing anything.
			for _, bad := range [][]domain.RegisterFigure{
				{{Region: "440784", Indicator: "nope", Period: "2023-06", Value: 1, Register: "projects"}},
				{{Region: "440784", Indicator: "gdp", Period: "2023-13", Value: 1, Register: "projects"}},
				{{Region: "440784", Indicator: "gdp", Period: "2023-06", Value: 1, Register: "ledger"}},
				{{Region: "440784", Indicator: "gdp", Period: "2023-06", Value: 1, Register: "projects"}, {Region: "440784", Indicator: "gdp", Period: "2023-06", Value: 2, Register: "projects"}},
			} {
				if _, err := w.Record(ctx, by, bad); err == nil || domain.ErrorKind(err) == domain.EINTERNAL {
					t.Errorf("record %+v: got %v, want a user error", bad, err)
				}
			}
			if _, err := w.SetBasis(ctx, by, "gdp", "both"); domain.ErrorKind(err) != domain.EINVALID {
				t.Errorf("basis both: got %v", err)
			}
			if b, err := w.Basis(ctx, "gdp"); err != nil || b != domain.BasisOfficial {
				t.Errorf("gdp basis: got %v, %v", b, err)
			}
		})
	}
}
