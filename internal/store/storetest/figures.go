package storetest

import (
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testFigureRevisions: a batch's Figures (a long import's compact observations) are written as
// Observations are: new as revision 1, unchanged not at all, a changed figure a new revision
// with its audit row, a revision dropping a growth told, and planned alike by PlanBatch.
func testFigureRevisions(t *testing.T, s *store.Store) {
	figures := func(os ...domain.Observation) *store.Figures {
		f := store.NewFigures(len(os))
		for _, o := range os {
			f.Add(o)
		}
		return f
	}
	first := []domain.Observation{
		obs("440784", "retail", "2023-06", domain.F(70.13), domain.F(5.4)),
		obs("440784", "gdp", "2023-06", domain.F(223.83), domain.F(4.7)),
		obs("440784", "tertiary_power", "2023-06", nil, domain.F(18.2)),
	}
	b := store.Batch{Actor: "tester", Source: "a.csv", Figures: figures(first...)}
	if res, err := s.ApplyBatch(ctx, b); err != nil || res.Observations != (store.Counts{New: 3}) || res.BatchID == 0 {
		t.Fatalf("first import: got %+v (%v), want 3 new and a batch", res, err)
	}
	if res, err := s.ApplyBatch(ctx, b); err != nil || res.Observations != (store.Counts{Unchanged: 3}) || res.BatchID != 0 {
		t.Fatalf("same import again: got %+v (%v), want 3 unchanged and no batch", res, err)
	}
	// Another region's figures of the same periods are not this batch's business.
	other := store.Batch{Actor: "tester", Source: "b.csv", Figures: figures(obs("440785", "retail", "2023-06", domain.F(1), nil))}
	if res, err := s.ApplyBatch(ctx, other); err != nil || res.Observations != (store.Counts{New: 1}) {
		t.Fatalf("another region: got %+v (%v), want 1 new", res, err)
	}

	next := figures(obs("440784", "retail", "2023-06", domain.F(70.31), nil), first[1],
		obs("440784", "gdp", "2023-07", domain.F(250), nil))
	plan, err := s.PlanBatch(ctx, store.Batch{Figures: next})
	if err != nil {
		t.Fatal(err)
	}
	var states []store.FigureState
	for _, p := range plan.Observations {
		states = append(states, p.State)
	}
	if len(states) != 3 || states[0] != store.StateRevises || states[1] != store.StateUnchanged || states[2] != store.StateNew ||
		plan.Observations[0].OldRevision != 1 || *plan.Observations[0].OldValue != 70.13 {
		t.Fatalf("plan: got %+v, want revises (of revision 1, 70.13), unchanged, new", plan.Observations)
	}
	res, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "c.csv", Figures: next})
	if err != nil || res.Observations != (store.Counts{New: 1, Revised: 1, Unchanged: 1}) {
		t.Fatalf("correction: got %+v (%v), want 1 new, 1 revised, 1 unchanged", res, err)
	}
	if len(res.GrowthDropped) != 1 || res.GrowthDropped[0].Growth != 5.4 {
		t.Errorf("growth dropped: got %+v, want retail's 5.4", res.GrowthDropped)
	}
	all, err := s.Observations(ctx, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}, AllRevisions: true})
	if err != nil || len(all) != 2 {
		t.Fatalf("got %d revisions (%v), want 2", len(all), err)
	}
	for _, o := range all {
		if o.Current != (o.Revision == 2) || (o.Revision == 2 && (*o.Value != 70.31 || o.Growth != nil || o.Source != "test")) {
			t.Errorf("revision %d: %+v", o.Revision, o)
		}
	}
	audits, err := s.AuditLog(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	revised := 0
	for _, e := range audits {
		if e.Action == "observation.revise" {
			revised++
			if e.Object != "observation:440784/retail/2023-06" || e.OldValue != "value=70.13 growth=5.4" || e.NewValue != "value=70.31 growth=null" {
				t.Errorf("audit row %+v", e)
			}
		}
	}
	if revised != 1 {
		t.Errorf("got %d observation.revise audit rows, want 1", revised)
	}
}
