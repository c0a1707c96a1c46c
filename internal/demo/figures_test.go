package demo_test

import (
	"testing"

	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/enterprises"
	"pacer/internal/leads"
	"pacer/internal/projects"
	"pacer/internal/scorecard"
	"pacer/internal/store"
)

// Loading the demo records the registers' figures (issue 12 §7): key projects 88.2亿 at June,
// attraction 45 projects of 164.25亿 at July, new above-scale firms as the enterprise register
// counts them, each equal to its workflow's summary, and every one marked 示例 (every row of the
// demo's registers is); the bureau's figures of the same indicators stay as they were (revision 1,
// the article's source, not 示例), and the scorecard shows both, labelled.
func TestDemoRegisterFigures(t *testing.T) {
	eachDemo(t, func(t *testing.T, s *store.Store) {
		figs, err := s.RegisterFigures(ctx, store.ObservationQuery{Regions: []string{demo.Region}})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]domain.RegisterFigure{}
		for _, f := range figs {
			got[f.Indicator+"@"+f.Period] = f
		}
		ps, err := projects.New(s).Summary(ctx, demo.Region, "2023-06")
		if err != nil {
			t.Fatal(err)
		}
		ls, err := leads.New(s).Summary(ctx, demo.Region, demo.Period)
		if err != nil {
			t.Fatal(err)
		}
		reg, err := enterprises.New(s).Register(ctx, demo.Region, demo.Period)
		if err != nil {
			t.Fatal(err)
		}
		above := -1
		for _, st := range reg.Funnel {
			if st.Measure == enterprises.MeasureAboveScale {
				above = st.Count
			}
		}
		for _, w := range []struct {
			key, register string
			want, summary float64
		}{
			{"key_project_investment@2023-06", domain.RegisterProjects, 88.2, ps.Completed},
			{"attracted_projects@2023-07", domain.RegisterLeads, 45, float64(ls.Projects)},
			{"attracted_investment@2023-07", domain.RegisterLeads, 164.25, ls.Investment},
			{"new_above_scale_industrial@2023-07", domain.RegisterEnterprises, float64(above), float64(above)},
		} {
			f, ok := got[w.key]
			if !ok || f.Value != w.want || f.Value != w.summary || f.Register != w.register || f.Revision != 1 || !f.Sample {
				t.Errorf("%s: got %+v (found %v), want %v from %s (summary %v)", w.key, f, ok, w.want, w.register, w.summary)
			}
		}
		if above <= 0 {
			t.Errorf("new above-scale firms by July: got %d", above)
		}
		// Every figure the demo's registers sum to is 示例, at every month.
		for key, f := range got {
			if !f.Sample {
				t.Errorf("%s: register figure %+v not marked 示例", key, f)
			}
		}
		// The key projects report to June: no register figure for July.
		if f, ok := got["key_project_investment@2023-07"]; ok {
			t.Errorf("key projects at July: got %+v, want none (the register's last report is June)", f)
		}
		// The bureau's figures are untouched.
		obs, err := s.Observations(ctx, store.ObservationQuery{Regions: []string{demo.Region},
			Indicators: []string{"key_project_investment", "attracted_projects", "attracted_investment"}, AllRevisions: true})
		if err != nil {
			t.Fatal(err)
		}
		official := map[string]float64{}
		for _, o := range obs {
			if o.Source == domain.SourceRegister || o.Revision != 1 || o.Sample && o.Period == "2023-06" {
				t.Errorf("official %s %s: source %q revision %d sample %v", o.IndicatorCode, o.Period, o.Source, o.Revision, o.Sample)
			}
			if o.Value != nil {
				official[o.IndicatorCode+"@"+o.Period] = *o.Value
			}
		}
		for k, v := range map[string]float64{"key_project_investment@2023-06": 88.2, "key_project_investment@2023-07": 98.6,
			"attracted_projects@2023-07": 45, "attracted_investment@2023-07": 164.25} {
			if official[k] != v {
				t.Errorf("official %s: got %v, want %v", k, official[k], v)
			}
		}
		// The scorecard shows both, the bureau's counting, the register's marked 示例.
		for _, c := range []struct{ code, period string }{{"key_project_investment", "2023-06"}, {"attracted_projects", "2023-07"}, {"attracted_investment", "2023-07"}} {
			sc, err := scorecard.Build(ctx, s, demo.Region, c.period)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, l := range sc.Indicators {
				if l.Code != c.code {
					continue
				}
				found = true
				if l.Basis != string(domain.BasisOfficial) || l.Register == "" || l.OfficialValue == nil || l.RegisterValue == nil || *l.OfficialValue != *l.RegisterValue || !l.RegisterSample {
					t.Errorf("scorecard %s %s: basis %q register %q official %v register %v", c.code, c.period, l.Basis, l.Register, l.OfficialValue, l.RegisterValue)
				}
			}
			if !found {
				t.Errorf("scorecard %s: no line %s", c.period, c.code)
			}
		}
	})
}
