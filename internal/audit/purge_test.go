package audit_test

import (
	"testing"
	"time"

	"pacer/internal/audit"
	"pacer/internal/domain"
	"pacer/internal/store/storetest"
)

// The retention is never below 180 days, and a purge reaching into it (180 days, or the longer
// retention set) is refused as invalid before anything is written; one past it removes nothing
// recent and is itself recorded.
func TestPurgeRetention(t *testing.T) {
	sec := domain.Who{Username: "sec", Role: domain.RoleSecadmin}
	for _, db := range storetest.Dialects {
		t.Run(db.Name, func(t *testing.T) {
			st := seed(t, db.Open)
			svc := audit.New(st)
			now := time.Now()
			if err := svc.SetRetention(ctx, sec, 179); domain.ErrorKind(err) != domain.EINVALID {
				t.Errorf("retention 179 days: got %v, want invalid", err)
			}
			for _, tc := range []struct {
				name      string
				retention int
				before    time.Time
				ok        bool
			}{
				{"today", 180, now, false},
				{"179 days ago", 180, now.AddDate(0, 0, -179), false},
				{"181 days ago", 180, now.AddDate(0, 0, -181), true},
				{"300 days ago, kept 365", 365, now.AddDate(0, 0, -300), false},
				{"366 days ago, kept 365", 365, now.AddDate(0, 0, -366), true},
			} {
				if err := svc.SetRetention(ctx, sec, tc.retention); err != nil {
					t.Fatal(err)
				}
				if days, err := svc.Retention(ctx); err != nil || days != tc.retention {
					t.Fatalf("%s: retention got %d, %v; want %d", tc.name, days, err, tc.retention)
				}
				n, err := svc.Purge(ctx, domain.Who{Username: "cli:root"}, tc.before)
				switch {
				case tc.ok && (err != nil || n != 0):
					t.Errorf("%s: got %d, %v; want 0 removed (nothing that old)", tc.name, n, err)
				case !tc.ok && domain.ErrorKind(err) != domain.EINVALID:
					t.Errorf("%s: got %d, %v; want refused as invalid", tc.name, n, err)
				}
			}
			p, err := svc.Search(ctx, audit.Query{Action: "audit.purge"}, 1, 10)
			if err != nil || p.Total != 2 {
				t.Errorf("purge records: got %d, %v; want the 2 purges that ran", p.Total, err)
			}
			if p, _ := svc.Search(ctx, audit.Query{}, 1, 100); p.Total != 5+1+2 {
				t.Errorf("rows: got %d, want 8 (5 seeded, 1 retention change: 180 → 365, 2 purges)", p.Total)
			}
		})
	}
}
