package enterprises_test

import (
	"strings"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/enterprises"
	"pacer/internal/figures"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// The enterprise register's figure (issue 12 §7): new above-scale firms in the year up to each
// month, recorded on import (in July 2023) up to the write's month, equal to the page's
// funnel; a changed registration date re-imported is a revision.
func TestRegisterFigures(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			// 甲 registered 2023-02-01, 乙 (a town's) 2023-07-15, 丙 2021-01-01.
			csv := head +
				"91350100M000100Y43,甲,440784,装备,创新型中小企业 2022-05-01;省级专精特新 申报 2023-03-01 认定 2023-06-20,2023-02-01,50,1\n" +
				"91440300708461136T,乙,440784101,装备,省级专精特新 申报 2023-05-01,2023-07-15,49.99,0.99\n" +
				"9144030071526726XG,丙,440784,装备,高新技术企业 2021-01-01,2021-01-01,80,3\n"
			july := func() time.Time { return time.Date(2023, 7, 20, 10, 0, 0, 0, time.Local) }
			w := enterprises.New(s).UseFigures(figures.New(s).WithClock(july))
			if _, err := w.Import(ctx, ana, table(t, csv)); err != nil {
				t.Fatal(err)
			}
			current := func() map[string]domain.RegisterFigure {
				t.Helper()
				all, err := s.RegisterFigures(ctx, store.ObservationQuery{Indicators: []string{enterprises.IndicatorAboveScale}})
				if err != nil {
					t.Fatal(err)
				}
				m := map[string]domain.RegisterFigure{}
				for _, f := range all {
					m[f.Region+"@"+f.Period] = f
				}
				return m
			}
			got := current()
			for k, f := range got { // no row of the fixture is 示例, so no figure is
				if f.Sample {
					t.Errorf("%s: got a figure marked 示例 from rows that are not", k)
				}
			}
			for k, v := range map[string]float64{"440784@2023-01": 0, "440784@2023-02": 1, "440784@2023-06": 1, "440784@2023-07": 2,
				"440784101@2023-06": 0, "440784101@2023-07": 1, "440784@2021-01": 1} {
				if f, ok := got[k]; !ok || f.Value != v || f.Revision != 1 || f.Register != domain.RegisterEnterprises {
					t.Errorf("%s: got %+v (found %v), want %v", k, f, ok, v)
				}
			}
			if _, ok := got["440784@2023-08"]; ok {
				t.Errorf("a figure after the write's month")
			}
			for _, p := range []string{"2023-02", "2023-07"} {
				reg, err := w.Register(ctx, "440784", p)
				if err != nil {
					t.Fatal(err)
				}
				for _, st := range reg.Funnel {
					if st.Measure == enterprises.MeasureAboveScale && float64(st.Count) != got["440784@"+p].Value {
						t.Errorf("%s: figure %v, funnel %d", p, got["440784@"+p].Value, st.Count)
					}
				}
			}
			// 乙 registered in June after all: June's figures revised, the rest unchanged.
			if _, err := w.Import(ctx, ana, table(t, strings.Replace(csv, "2023-07-15", "2023-06-01", 1))); err != nil {
				t.Fatal(err)
			}
			got = current()
			for k, want := range map[string][2]float64{"440784@2023-06": {2, 2}, "440784101@2023-06": {1, 2}, "440784@2023-05": {1, 1}, "440784@2023-07": {2, 1}} {
				if f := got[k]; f.Value != want[0] || float64(f.Revision) != want[1] {
					t.Errorf("after the change, %s: got %v revision %d, want %v", k, f.Value, f.Revision, want)
				}
			}
		})
	}
}

// TestRegisterMonthIsTheWrite: the register is current as of its last write — a firm registered
// above scale 2023-08-15 and imported on 2023-10-20 gives figures for September and October (1,
// as in August), none for November.
func TestRegisterMonthIsTheWrite(t *testing.T) {
	csv := head + "91350100M000100Y43,甲,440784,装备,,2023-08-15,50,1\n"
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			october := func() time.Time { return time.Date(2023, 10, 20, 10, 0, 0, 0, time.Local) }
			w := enterprises.New(s).UseFigures(figures.New(s).WithClock(october))
			if _, err := w.Import(ctx, ana, table(t, csv)); err != nil {
				t.Fatal(err)
			}
			all, err := s.RegisterFigures(ctx, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{enterprises.IndicatorAboveScale}})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			for _, f := range all {
				got[f.Period] = f.Value
			}
			for p, want := range map[string]float64{"2023-07": 0, "2023-08": 1, "2023-09": 1, "2023-10": 1} {
				if v, ok := got[p]; !ok || v != want {
					t.Errorf("%s: got %v (found %v), want %v", p, v, ok, want)
				}
			}
			if v, ok := got["2023-11"]; ok {
				t.Errorf("a figure for November (%v), after the write's month", v)
			}
		})
	}
}
