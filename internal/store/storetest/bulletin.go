package storetest

import (
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testNameMappings: mappings are remembered per source, a changed one replaces the old (audited
// old → new), an unchanged one is not counted, an unknown kind is refused.
func testNameMappings(t *testing.T, s *store.Store) {
	ms := []store.NameMapping{
		{Name: "社零", Kind: store.MappingIndicator, Code: "retail"},
		{Name: "鹤山", Kind: store.MappingRegion, Code: "440784"},
		{Name: "备注", Kind: store.MappingSkip},
	}
	if n, err := s.RememberMappings(ctx, "江门统计月报", "ana", "10.0.0.3", ms); err != nil || n != 3 {
		t.Fatalf("first: got %d, %v; want 3", n, err)
	}
	ms[0].Code = "fai"
	if n, err := s.RememberMappings(ctx, "江门统计月报", "ana", "10.0.0.3", ms); err != nil || n != 1 {
		t.Errorf("one changed: got %d, %v; want 1", n, err)
	}
	if _, err := s.RememberMappings(ctx, "江门统计月报", "ana", "", []store.NameMapping{{Name: "x", Kind: "unit"}}); err == nil {
		t.Error("an unknown kind: got no error, want a refusal")
	}
	got, err := s.NameMappings(ctx, "江门统计月报")
	if err != nil || len(got) != 3 {
		t.Fatalf("mappings: got %+v, %v; want 3", got, err)
	}
	want := map[string]string{"社零": "indicator:fai", "鹤山": "region:440784", "备注": "skip:"}
	for _, m := range got {
		if want[m.Name] != m.Kind+":"+m.Code || m.Source != "江门统计月报" || m.RecordedBy != "ana" || m.RecordedAt.IsZero() {
			t.Errorf("mapping %s: got %+v, want %s by ana", m.Name, m, want[m.Name])
		}
	}
	if other, err := s.NameMappings(ctx, "other"); err != nil || len(other) != 0 {
		t.Errorf("another source: got %+v, %v; want none", other, err)
	}
	if log, _ := s.AuditLog(ctx, 1); log[0].Action != "mapping.set" || log[0].OldValue != "indicator:retail" || log[0].NewValue != "indicator:fai" {
		t.Errorf("audit: got %+v, want the change retail → fai", log[0])
	}
}

func rank(region string, by string, r int) store.PublishedRank {
	return store.PublishedRank{RegionCode: region, IndicatorCode: "retail", Period: "2023-06", By: by, Rank: r, Source: "月报"}
}

// testPublishedRanksAndPlanning: published ranks are kept with every revision like observations;
// PlanBatch tells, without writing, what ApplyBatch would do with each figure and rank.
func testPublishedRanksAndPlanning(t *testing.T, s *store.Store) {
	b := store.Batch{Actor: "tester", Source: "月报",
		Observations:   []domain.Observation{obs("440784", "retail", "2023-06", domain.F(70.13), domain.F(5.4))},
		PublishedRanks: []store.PublishedRank{rank("440784", store.RankByGrowth, 3), rank("440784", store.RankByValue, 5)},
	}
	res, err := s.ApplyBatch(ctx, b)
	if err != nil || res.PublishedRanks != (store.Counts{New: 2}) {
		t.Fatalf("first: got %+v, %v; want 2 new ranks", res.PublishedRanks, err)
	}
	next := store.Batch{Actor: "tester", Source: "月报",
		Observations: []domain.Observation{
			obs("440784", "retail", "2023-06", domain.F(70.31), domain.F(5.4)), // revises
			obs("440703", "retail", "2023-06", domain.F(100), nil),             // new
		},
		PublishedRanks: []store.PublishedRank{rank("440784", store.RankByGrowth, 2), rank("440784", store.RankByValue, 5), rank("440703", store.RankByGrowth, 1)},
	}
	v, _ := s.DataVersion(ctx)
	plan, err := s.PlanBatch(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	op, rp := plan.Observations, plan.Ranks
	if len(op) != 2 || op[0].State != store.StateRevises || *op[0].OldValue != 70.13 || op[0].OldRevision != 1 || op[1].State != store.StateNew {
		t.Errorf("observation plan: got %+v, want revises (70.13, revision 1) then new", op)
	}
	if len(rp) != 3 || rp[0].State != store.StateRevises || rp[0].OldRank != 3 || rp[1].State != store.StateUnchanged || rp[2].State != store.StateNew {
		t.Errorf("rank plan: got %+v, want revises (was 3), unchanged, new", rp)
	}
	if v2, _ := s.DataVersion(ctx); v2 != v {
		t.Errorf("planning wrote: data version %d → %d", v, v2)
	}
	res, err = s.ApplyBatch(ctx, next)
	if err != nil || res.PublishedRanks != (store.Counts{New: 1, Revised: 1, Unchanged: 1}) || res.Observations != (store.Counts{New: 1, Revised: 1}) {
		t.Fatalf("apply: got %+v, %v; want what the plan said", res, err)
	}
	cur, err := s.PublishedRanks(ctx, store.PublishedRankQuery{Regions: []string{"440784"}})
	if err != nil || len(cur) != 2 || cur[0].By != store.RankByGrowth || cur[0].Rank != 2 || cur[0].Revision != 2 || !cur[0].Current ||
		cur[0].BatchID != res.BatchID || cur[1].Rank != 5 {
		t.Errorf("current ranks of 440784: got %+v, %v; want growth 2 (revision 2) and value 5", cur, err)
	}
	all, err := s.PublishedRanks(ctx, store.PublishedRankQuery{Regions: []string{"440784"}, Periods: []string{"2023-06"}, AllRevisions: true})
	if err != nil || len(all) != 3 || all[0].Rank != 3 || all[0].Current {
		t.Errorf("every revision: got %+v, %v; want the superseded 3 kept", all, err)
	}
	if bad, err := s.PlanBatch(ctx, store.Batch{PublishedRanks: []store.PublishedRank{rank("440784", "share", 1)}}); err == nil {
		t.Errorf("an unknown basis: got %+v, want an error", bad)
	}
}
