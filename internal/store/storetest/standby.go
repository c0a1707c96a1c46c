package storetest

import (
	"context"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testReadStandby: with a read standby (pacer serve --db-read), the reads of a request marked
// domain.ReadAtLeast(v) go to the standby once its data version has reached v, else to the
// primary; unmarked reads always go to the primary. Replication itself is PostgreSQL's
// (scripts/readreplica.sh runs a real streaming standby); here the "standby" is a second database
// that does not replicate, so which one answered is visible. SQLite has no standby.
func testReadStandby(t *testing.T, s *store.Store) {
	if s.Dialect() == store.SQLite {
		if err := s.OpenReadStandby(ctx, PostgresURL()); err == nil {
			t.Error("SQLite with a read standby: got no error")
		}
		if s.ReadsFromStandby(domain.ReadAtLeast(ctx, 0)) {
			t.Error("SQLite: reads from a standby it does not have")
		}
		return
	}
	dsn, drop := NewPostgresSchema(t)
	defer drop()
	standby, err := store.Open(ctx, dsn) // its own schema, data version where the catalogue left it
	if err != nil {
		t.Fatal(err)
	}
	standby.Close()
	if err := s.OpenReadStandby(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	// Two writes on the primary only: its version is past the standby's.
	for _, p := range []string{"2023-05", "2023-06"} {
		b := store.Batch{Actor: "tester", Source: "standby", Observations: []domain.Observation{obs("440784", "retail", p, domain.F(1), nil)}}
		if _, err := s.ApplyBatch(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	primary, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	q := store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}}
	count := func(c context.Context) int {
		t.Helper()
		got, err := s.Observations(c, q)
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	for _, tc := range []struct {
		name    string
		ctx     context.Context
		standby bool
		want    int
	}{
		{"unmarked (a write, a job)", ctx, false, 2},
		{"marked, no write of the user's", domain.ReadAtLeast(ctx, 0), true, 0},
		{"marked, the user wrote at the primary's version", domain.ReadAtLeast(ctx, primary), false, 2},
	} {
		if got := s.ReadsFromStandby(tc.ctx); got != tc.standby {
			t.Errorf("%s: reads from the standby %t, want %t", tc.name, got, tc.standby)
		}
		if got := count(tc.ctx); got != tc.want {
			t.Errorf("%s: got %d observations, want %d (the standby has none)", tc.name, got, tc.want)
		}
		v, err := s.DataVersion(tc.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if (v == primary) == tc.standby {
			t.Errorf("%s: data version %d (primary's %d): want the version of the database read", tc.name, v, primary)
		}
	}
}
