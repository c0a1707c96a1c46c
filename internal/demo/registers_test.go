package demo_test

import (
	"context"
	"testing"

	"pacer/internal/demo"
	"pacer/internal/enterprises"
	"pacer/internal/leads"
	"pacer/internal/store"
)

// The demo's registers hold the article's figures: 45 亿元以上 projects signed by July totalling
// 164.25亿 against 45 assigned / 66 stretch and 300亿, 25 teams, 54 专精特新 applications; every
// invented row is 示例.
func TestDemoRegisters(t *testing.T) {
	eachDemo(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sum, err := leads.New(s).Summary(ctx, demo.Region, demo.Period)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Projects != 45 || sum.Investment != 164.25 {
			t.Errorf("summary: got %d projects of %.2f亿, want 45 of 164.25亿", sum.Projects, sum.Investment)
		}
		want := map[string][2]float64{"assigned": {45, -1}, "stretch": {66, 300}}
		for _, tt := range sum.Targets {
			w := want[string(tt.Tier)]
			if tt.Projects == nil || *tt.Projects != w[0] || (w[1] < 0) != (tt.Investment == nil) || (tt.Investment != nil && *tt.Investment != w[1]) {
				t.Errorf("tier %s: got targets %v / %v, want %v", tt.Tier, tt.Projects, tt.Investment, w)
			}
		}
		_, ls, err := leads.New(s).Leads(ctx, demo.Region)
		if err != nil {
			t.Fatal(err)
		}
		teams := map[string]bool{}
		for _, l := range ls {
			teams[l.Team] = true
			if !l.Sample {
				t.Errorf("lead %s is not marked 示例", l.Code)
			}
		}
		if len(teams) != 25 {
			t.Errorf("got %d teams, want 25", len(teams))
		}
		reg, err := enterprises.New(s).Register(ctx, demo.Region, demo.Period)
		if err != nil {
			t.Fatal(err)
		}
		if reg.Funnel[0].Measure != enterprises.MeasureApplications || reg.Funnel[0].Count != 54 {
			t.Errorf("applications: got %+v, want 54", reg.Funnel[0])
		}
		if len(reg.BigOutput) != 1 || reg.BigOutput[0].Name != "德兴环球（示例）" {
			t.Errorf("output ≥ 50亿: got %v, want 德兴环球", reg.BigOutput)
		}
	})
}
