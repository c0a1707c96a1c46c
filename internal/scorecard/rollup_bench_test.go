package scorecard_test

import (
	"fmt"
	"math"
	"testing"

	"pacer/internal/catalog"
	"pacer/internal/domain"
	"pacer/internal/scorecard"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// provinceData is a province's worth of figures: every county-level unit of Guangdong (122), every
// built-in indicator, every month of 2022 and 2023, both tiers of target for each, and one unit per
// county reporting three indicators.
func provinceData(b *testing.B) (store.Batch, []string) {
	b.Helper()
	regions, err := catalog.Regions()
	if err != nil {
		b.Fatal(err)
	}
	var counties []string
	for _, r := range regions {
		if r.Level == domain.LevelCounty && r.Code[:2] == "44" {
			counties = append(counties, r.Code)
		}
	}
	var batch store.Batch
	for i, region := range counties {
		for k, ind := range catalog.Indicators() {
			for _, year := range []int{2022, 2023} {
				for m := 1; m <= 12; m++ {
					monthly := float64(10+k) * (1 + 0.01*float64(i%50))
					if year == 2023 {
						monthly *= 1.03 + 0.001*float64(i%40)
					}
					o := domain.Observation{RegionCode: region, IndicatorCode: ind.Code, Period: fmt.Sprintf("%d-%02d", year, m),
						Value: domain.F(math.Round(monthly*float64(m)*100) / 100), Source: "bench", Sample: true}
					if year == 2023 && k%3 == 0 {
						o.Growth = domain.F(math.Round((3+float64(i%40)/10+0.1*float64(k))*10) / 10)
					}
					batch.Observations = append(batch.Observations, o)
				}
			}
			batch.Targets = append(batch.Targets,
				domain.Target{RegionCode: region, IndicatorCode: ind.Code, Year: 2023, Tier: domain.Assigned, Growth: domain.F(6)},
				domain.Target{RegionCode: region, IndicatorCode: ind.Code, Year: 2023, Tier: domain.Stretch,
					Value: domain.F(float64(10+k) * 13), Growth: domain.F(8)})
		}
		unit := region + "-tjj"
		batch.Units = append(batch.Units, domain.Unit{Code: unit, Name: "统计局", RegionCode: region, Kind: "department"})
		for _, ind := range []string{"retail", "fai", "trade"} {
			batch.Assignments = append(batch.Assignments, store.Assignment{UnitCode: unit, IndicatorCode: ind, RegionCode: region})
		}
	}
	return batch, counties
}

// BenchmarkRollupProvince: the roll-up of a province's 122 county-level units (Guangdong, 440000,
// Counties) against computing the 122 county scorecards one by one, without the cache. Both
// compute each county's line of every indicator against both tiers; the roll-up also ranks the
// 122 together, sums them and reads the round. The ratio goal (issue 16 §2): scorecards/rollup ≥ 0.5.
//
//	go test ./internal/scorecard/ -run '^$' -bench BenchmarkRollupProvince -benchtime 5x
func BenchmarkRollupProvince(b *testing.B) {
	data, counties := provinceData(b)
	if len(counties) != 122 {
		b.Fatalf("got %d county-level units in Guangdong, want 122", len(counties))
	}
	for _, d := range storetest.Dialects {
		s := d.Open(b)
		applyBatch(b, s, data)
		b.Run(d.Name+"/rollup", func(b *testing.B) {
			for b.Loop() {
				ru, err := scorecard.BuildRollup(ctx, s, scorecard.RollupQuery{Parent: "440000", Period: "2023-06", Counties: true})
				if err != nil {
					b.Fatal(err)
				}
				if len(ru.Children) != 122 || len(ru.Indicators) != len(catalog.Indicators()) || ru.Round[0].Assignments != 3 {
					b.Fatalf("got %d children, %d indicators, %d assignments", len(ru.Children), len(ru.Indicators), ru.Round[0].Assignments)
				}
			}
		})
		b.Run(d.Name+"/scorecards", func(b *testing.B) {
			for b.Loop() {
				for _, c := range counties {
					sc, err := scorecard.Build(ctx, s, c, "2023-06")
					if err != nil {
						b.Fatal(err)
					}
					if len(sc.Indicators) != len(catalog.Indicators()) {
						b.Fatalf("%s: got %d indicators", c, len(sc.Indicators))
					}
				}
			}
		})
	}
}
