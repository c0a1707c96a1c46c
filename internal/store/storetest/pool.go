package storetest

import (
	"context"
	"testing"

	"pacer/internal/store"
)

// testPoolStats: the pools report their use; a query in flight holds a connection.
func testPoolStats(t *testing.T, s *store.Store) {
	if _, err := s.Regions(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	stats := s.PoolStats()
	if len(stats) == 0 {
		t.Fatal("PoolStats: no pool")
	}
	open := 0
	for name, st := range stats {
		if name != "rw" && name != "read" && name != "write" {
			t.Errorf("PoolStats: pool %q, want rw, read or write", name)
		}
		open += st.OpenConnections
	}
	if open == 0 {
		t.Errorf("PoolStats after a query: no open connection in %v", stats)
	}
}
