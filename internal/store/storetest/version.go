package storetest

import (
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testDataVersion: every write transaction moves the data version; reads and a batch that
// changes nothing do not.
func testDataVersion(t *testing.T, s *store.Store) {
	// The store's clock, which workflows stamp their decisions with, keeps what the database
	// keeps: microseconds, with no monotonic reading.
	if now := s.Now(); now.IsZero() || now.Nanosecond()%1000 != 0 || now.String() != now.Round(0).String() {
		t.Errorf("store clock: got %v, want a wall time truncated to the microsecond", now)
	}
	v0, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b := store.Batch{Actor: "tester", Source: "v", Observations: []domain.Observation{obs("440784", "retail", "2023-06", domain.F(1), nil)}}
	if _, err := s.ApplyBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	v1, _ := s.DataVersion(ctx)
	if v1 <= v0 {
		t.Errorf("after a write: got %d, want more than %d", v1, v0)
	}
	if _, err := s.Observations(ctx, store.ObservationQuery{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	if v2, _ := s.DataVersion(ctx); v2 != v1 {
		t.Errorf("after a read and an unchanged batch: got %d, want %d", v2, v1)
	}
	if err := s.AuditEvent(ctx, store.Who{Username: "x"}, "auth.login_failed", "user:x", "failure"); err != nil {
		t.Fatal(err)
	}
	if v3, _ := s.DataVersion(ctx); v3 <= v1 {
		t.Errorf("after an audit event: got %d, want more than %d", v3, v1)
	}
}
