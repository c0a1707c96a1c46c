package ingest_test

import (
	"strings"
	"testing"

	"pacer/internal/store"
)

// A long file whose value header names a unit (累计值(万元)) is converted to the indicator's unit
// (retail is in 亿元: 1,234,500 万元 = 123.45 亿元), for observations and targets alike; a unit
// that cannot be converted is a problem naming the cell, and nothing is written.
func TestLongValueHeaderUnit(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		obs := writeFile(t, dir, "obs.csv", csvText("地区代码,指标,期别,累计值(万元),增速",
			`440784,retail,2023-06,"1,234,500",5.2`))
		tg := writeFile(t, dir, "tg.csv", csvText("地区代码,指标,年份,目标层级,目标值（万元）,目标增速",
			"440784,retail,2023,下达,2500000,6"))
		if _, err := importFiles(s, obs, tg); err != nil {
			t.Fatal(err)
		}
		got := observations(t, s, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}})
		if len(got) != 1 || fig(got[0].Value) != "123.45" {
			t.Errorf("observation: got %+v, want 123.45 (亿元)", got)
		}
		ts, err := s.Targets(ctx, "440784", 2023)
		if err != nil || len(ts) != 1 || fig(ts[0].Value) != "250" {
			t.Errorf("target: got %+v, %v; want 250 (亿元)", ts, err)
		}
		bad := writeFile(t, dir, "bad.csv", csvText("地区代码,指标,期别,累计值(千美元),增速", "440784,retail,2023-07,100,5"))
		_, err = importFiles(s, bad)
		ps := problemsOf(t, err)
		if len(ps) != 1 || ps[0].Row != 2 || !strings.Contains(ps[0].Format("zh-CN"), "千美元") {
			t.Errorf("unconvertible unit: got %q, want one problem at row 2 naming 千美元", ps.Format("zh-CN"))
		}
		if got := observations(t, s, store.ObservationQuery{Regions: []string{"440784"}, Periods: []string{"2023-07"}}); len(got) != 0 {
			t.Errorf("after the refusal: got %+v, want nothing written", got)
		}
	})
}
