package cadence_test

import (
	"testing"
	"time"

	"pacer/internal/cadence"
	"pacer/internal/catalog"
	"pacer/internal/domain"
	"pacer/internal/scorecard"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// province loads the 122 county-level units of Guangdong with every built-in indicator at
// 2022-07, 2022-12, 2023-06 and 2023-07 and an assigned growth target of 8% each, and returns
// their codes.
func province(b *testing.B, s *store.Store) []string {
	b.Helper()
	peers, err := s.Peers(ctx, "440000")
	if err != nil {
		b.Fatal(err)
	}
	var batch store.Batch
	var codes []string
	for i, r := range peers {
		codes = append(codes, r.Code)
		for k, ind := range catalog.Indicators() {
			base := float64(10+k) * (1 + 0.01*float64(i))
			for _, p := range []struct {
				period string
				months float64
				grow   bool
			}{{"2022-07", 7, false}, {"2022-12", 12, false}, {"2023-06", 6, true}, {"2023-07", 7, true}} {
				o := domain.Observation{RegionCode: r.Code, IndicatorCode: ind.Code, Period: p.period, Value: domain.F(base * p.months), Source: "bench"}
				if p.grow {
					o.Growth = domain.F(float64((i+k)%12) - 1)
				}
				batch.Observations = append(batch.Observations, o)
			}
			batch.Targets = append(batch.Targets, domain.Target{RegionCode: r.Code, IndicatorCode: ind.Code, Year: 2023, Tier: domain.Assigned, Growth: domain.F(8)})
		}
	}
	batch.Actor, batch.Source = "bench", "bench"
	if _, err := s.ApplyBatch(ctx, batch); err != nil {
		b.Fatal(err)
	}
	return codes
}

// BenchmarkProvince times, for all 122 counties of a province on SQLite, the scorecard at
// 2023-07, the agenda of 2023-W32 (which reads the same figures) and a snapshot; each op is all
// 122. The goal: scorecard ns/op ÷ agenda ns/op ≥ 0.5 (and the same for snapshots).
func BenchmarkProvince(b *testing.B) {
	s := storetest.OpenSQLite(b)
	codes := province(b, s)
	b.Run("scorecard", func(b *testing.B) {
		for b.Loop() {
			for _, c := range codes {
				if _, err := scorecard.Build(ctx, s, c, "2023-07"); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("agenda", func(b *testing.B) {
		for b.Loop() {
			svc := cadence.New(s, scorecard.New(s)) // a fresh cache: every scorecard is built
			for _, c := range codes {
				if _, err := svc.WeeklyAgenda(ctx, c, "2023-W32"); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("snapshot", func(b *testing.B) {
		day := time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC)
		svc := cadence.New(s, scorecard.New(s))
		for b.Loop() { // a new day each time: every snapshot is taken and stored
			for _, c := range codes {
				if _, err := svc.TakeSnapshot(ctx, c, day.Format("2006-01-02")); err != nil {
					b.Fatal(err)
				}
			}
			day = day.AddDate(0, 0, 1)
		}
	})
}
