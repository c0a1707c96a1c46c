package scorecard_test

import (
	"testing"

	"pacer/internal/scorecard"
	"pacer/internal/store"
)

// A rank printed in a bulletin is shown beside the computed one, on the same basis and period.
func TestPublishedRank(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		load(t, s, csv(obsHeader,
			"440784,retail,2023-06,70.13,5.4,",
			"440703,retail,2023-06,230.41,6.3,",
			"440704,retail,2023-06,55.27,4.1,"))
		if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "bulletin", PublishedRanks: []store.PublishedRank{
			{RegionCode: "440784", IndicatorCode: "retail", Period: "2023-06", By: store.RankByGrowth, Rank: 3, Source: "bulletin"},
			{RegionCode: "440703", IndicatorCode: "retail", Period: "2023-05", By: store.RankByGrowth, Rank: 9, Source: "bulletin"},
		}}); err != nil {
			t.Fatal(err)
		}
		sc, err := scorecard.Build(ctx, s, "440784", "2023-06")
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range sc.Indicators {
			if l.Code == "retail" && (l.PublishedRank == nil || *l.PublishedRank != 3 || l.Rank == nil || *l.Rank != 2) {
				t.Errorf("retail: got computed %v published %v, want 2 and 3", deref(l.Rank), deref(l.PublishedRank))
			}
		}
		rk, err := scorecard.BuildRanking(ctx, s, "440700", "retail", "2023-06", "growth")
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rk.Rows {
			want := map[string]int{"440784": 3}[row.Code]
			if got := deref(row.PublishedRank); got != want {
				t.Errorf("ranking %s: got published rank %d, want %d (0: none; another period's is not shown)", row.Code, got, want)
			}
		}
		rk, _ = scorecard.BuildRanking(ctx, s, "440700", "retail", "2023-06", "value")
		for _, row := range rk.Rows {
			if row.PublishedRank != nil {
				t.Errorf("ranking by value %s: got published rank %d, want none (it was published by growth)", row.Code, *row.PublishedRank)
			}
		}
	})
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
