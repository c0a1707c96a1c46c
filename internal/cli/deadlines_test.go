package cli_test

import (
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// TestRunLateData: `pacer run late_data` reminds the unit late with its figure (the period
// 2023-07 open, due 2023-08-10, long past) once: run twice, one message in the outbox.
func TestRunLateData(t *testing.T) {
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) {
			dsn := db.make(t)
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			who := store.Who{Username: "ana", Role: domain.RoleAnalyst}
			if err := s.SetSettings(ctx, who, map[string]string{"home_region": "440784", "home_year": "2023"}); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateUnit(ctx, who, domain.Unit{Code: "440784-swj", Name: "鹤山市商务局", RegionCode: "440784", Kind: "department"}, nil); err != nil {
				t.Fatal(err)
			}
			if err := s.Assign(ctx, who, []store.Assignment{{UnitCode: "440784-swj", IndicatorCode: "retail", RegionCode: "440784"}}); err != nil {
				t.Fatal(err)
			}
			if err := s.SetPeriod(ctx, who, "440784", "2023-07", store.PeriodOpen); err != nil {
				t.Fatal(err)
			}
			if _, err := s.AddSubscription(ctx, who, domain.Subscription{UnitCode: "440784-swj", EventKind: "data.late", Channel: "webhook",
				Target: "http://127.0.0.1:9/hook"}); err != nil {
				t.Fatal(err)
			}
			s.Close()
			for range 2 {
				if r := run(t, nil, "run", "--db", dsn, "late_data"); r.code != 0 || !strings.Contains(r.stdout, "late_data") {
					t.Fatalf("pacer run late_data: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
				}
			}
			s, err = store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			msgs, err := s.OutboxMessages(ctx, "", 10)
			if err != nil || len(msgs) != 1 || msgs[0].EventKind != "data.late" || msgs[0].UnitCode != "440784-swj" {
				t.Fatalf("outbox: got %+v, %v; want one data.late to 440784-swj", msgs, err)
			}
			if !strings.Contains(msgs[0].Body, "2023-08-10") {
				t.Errorf("reminder: got %s, want the deadline 2023-08-10 named", msgs[0].Body)
			}
		})
	}
}
