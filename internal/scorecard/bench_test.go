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

// jiangmen is the seven county-level units of Jiangmen (440700), Heshan among them.
var jiangmen = []string{"440703", "440704", "440705", "440781", "440783", "440784", "440785"}

func applyBatch(b *testing.B, s *store.Store, batch store.Batch) {
	b.Helper()
	batch.Actor, batch.Source = "bench", "bench"
	if _, err := s.ApplyBatch(ctx, batch); err != nil {
		b.Fatal(err)
	}
}

// scorecardData is demo-like data for one county and its peers: every built-in indicator, every
// month of 2022 and 2023, for all seven Jiangmen units, and both tiers of target for Heshan.
func scorecardData() store.Batch {
	var batch store.Batch
	for i, region := range jiangmen {
		for k, ind := range catalog.Indicators() {
			for _, year := range []int{2022, 2023} {
				for m := 1; m <= 12; m++ {
					monthly := float64(10+k) * (1 + 0.1*float64(i))
					if year == 2023 {
						monthly *= 1.05 + 0.01*float64(i)
					}
					v := math.Round(monthly*float64(m)*100) / 100
					o := domain.Observation{RegionCode: region, IndicatorCode: ind.Code,
						Period: fmt.Sprintf("%d-%02d", year, m), Value: domain.F(v), Source: "bench", Sample: true}
					if year == 2023 && k%3 == 0 { // a third of the indicators publish growth
						o.Growth = domain.F(math.Round((4+float64(i)+0.1*float64(k))*10) / 10)
					}
					batch.Observations = append(batch.Observations, o)
				}
			}
		}
	}
	for k, ind := range catalog.Indicators() {
		batch.Targets = append(batch.Targets,
			domain.Target{RegionCode: "440784", IndicatorCode: ind.Code, Year: 2023, Tier: domain.Assigned, Growth: domain.F(8)},
			domain.Target{RegionCode: "440784", IndicatorCode: ind.Code, Year: 2023, Tier: domain.Stretch,
				Value: domain.F(float64(10+k) * 15), Growth: domain.F(10)})
	}
	return batch
}

// BenchmarkScorecard computes one county's scorecard (18 indicators, 7 peers, 24 months).
func BenchmarkScorecard(b *testing.B) {
	data := scorecardData()
	for _, d := range storetest.Dialects {
		b.Run(d.Name, func(b *testing.B) {
			s := d.Open(b)
			applyBatch(b, s, data)
			for b.Loop() {
				sc, err := scorecard.Build(ctx, s, "440784", "2023-06")
				if err != nil {
					b.Fatal(err)
				}
				if len(sc.Indicators) != 18 {
					b.Fatalf("got %d indicators, want 18", len(sc.Indicators))
				}
			}
		})
	}
}

// countyUnits returns n county-level units of the national catalogue spread evenly over it
// (all of them when n <= 0).
func countyUnits(b *testing.B, n int) []string {
	b.Helper()
	regions, err := catalog.Regions()
	if err != nil {
		b.Fatal(err)
	}
	var all []string
	for _, r := range regions {
		if r.Level == domain.LevelCounty {
			all = append(all, r.Code)
		}
	}
	if n <= 0 || n >= len(all) {
		return all
	}
	out := make([]string, n)
	for i := range out {
		out[i] = all[i*len(all)/n]
	}
	return out
}

// BenchmarkRanking ranks county-level units nationally (parent CN) on one indicator: each unit
// with data has this year's and last year's same-period figure; the peers without data are
// listed by the store and left unranked.
func BenchmarkRanking(b *testing.B) {
	for _, d := range storetest.Dialects {
		for _, size := range []struct {
			name string
			n    int
		}{{"units=100", 100}, {"units=1000", 1000}, {"units=all", 0}} {
			b.Run(d.Name+"/"+size.name, func(b *testing.B) {
				units := countyUnits(b, size.n)
				var batch store.Batch
				for i, code := range units {
					v := 50 + float64(i%500)
					batch.Observations = append(batch.Observations,
						domain.Observation{RegionCode: code, IndicatorCode: "retail", Period: "2023-06",
							Value: domain.F(v * 1.05), Growth: domain.F(float64(i%120)/10 - 2), Source: "bench", Sample: true},
						domain.Observation{RegionCode: code, IndicatorCode: "retail", Period: "2022-06",
							Value: domain.F(v), Source: "bench", Sample: true})
				}
				s := d.Open(b)
				applyBatch(b, s, batch)
				for b.Loop() {
					rk, err := scorecard.BuildRanking(ctx, s, "CN", "retail", "2023-06", "growth")
					if err != nil {
						b.Fatal(err)
					}
					if len(rk.Rows) != len(units) {
						b.Fatalf("got %d rows, want %d", len(rk.Rows), len(units))
					}
				}
				b.ReportMetric(float64(len(units)), "units") // after the loop: b.Loop resets metrics
			})
		}
	}
}
