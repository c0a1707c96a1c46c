package audit_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"pacer/internal/audit"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

// seed writes a small log of its own, oldest first, and returns the store.
func seed(t *testing.T, open func(testing.TB) *store.Store) *store.Store {
	t.Helper()
	st := open(t)
	for _, e := range []struct {
		who            domain.Who
		action, object string
	}{
		{domain.Who{Username: "ana", Role: domain.RoleAnalyst, IP: "10.0.0.1"}, "target.create", "target:gdp"},
		{domain.Who{Username: "ana", Role: domain.RoleAnalyst, IP: "10.0.0.1"}, "target.revise", "target:gdp"},
		{domain.Who{Username: "bob", Role: domain.RoleReporter, IP: "10.0.0.2"}, "submission.submit", "submission:1"},
		{domain.Who{Username: "a_a", IP: "10.0.0.3"}, "targets.note", "x"}, // "target" must not match "targets.…"
		{domain.Who{Username: "Anabel", Role: domain.RoleLeader, IP: "10.0.0.4"}, "auth.login", "user:Anabel"},
	} {
		if err := st.AuditEvent(ctx, e.who, e.action, e.object, "ok"); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func actions(es []domain.AuditEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

func TestSearch(t *testing.T) {
	for _, db := range storetest.Dialects {
		t.Run(db.Name, func(t *testing.T) {
			st := seed(t, db.Open)
			svc := audit.New(st)
			// The days are the seeded rows' own (midnight may pass between seeding and now):
			// the oldest row's day, and the day after the newest's.
			seeded, err := st.AuditLog(ctx, 5)
			if err != nil || len(seeded) != 5 {
				t.Fatalf("the seeded rows: got %d, %v", len(seeded), err)
			}
			midnight := func(at time.Time) time.Time {
				at = at.Local()
				return time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.Local)
			}
			day, next := midnight(seeded[len(seeded)-1].RecordedAt), midnight(seeded[0].RecordedAt).AddDate(0, 0, 1)
			for _, tc := range []struct {
				name string
				q    audit.Query
				want []string // actions, newest first
			}{
				{"everything", audit.Query{}, []string{"auth.login", "targets.note", "submission.submit", "target.revise", "target.create"}},
				{"actor, any case, in part", audit.Query{Actor: "ANA"}, []string{"auth.login", "target.revise", "target.create"}},
				{"actor with a LIKE wildcard taken literally", audit.Query{Actor: "a_a"}, []string{"targets.note"}},
				{"action prefix up to a dot", audit.Query{Action: "target"}, []string{"target.revise", "target.create"}},
				{"one action", audit.Query{Action: "target.create"}, []string{"target.create"}},
				{"actor and action", audit.Query{Actor: "bob", Action: "target"}, nil},
				{"from today", audit.Query{From: day}, []string{"auth.login", "targets.note", "submission.submit", "target.revise", "target.create"}},
				{"before today", audit.Query{Before: day}, nil},
				{"from tomorrow", audit.Query{From: next}, nil},
			} {
				p, err := svc.Search(ctx, tc.q, 1, 50)
				if err != nil {
					t.Fatal(err)
				}
				if got := actions(p.Entries); !slices.Equal(got, tc.want) || p.Total != len(tc.want) {
					t.Errorf("%s: got %v (total %d), want %v", tc.name, got, p.Total, tc.want)
				}
			}
			// Pages of two: the second holds the third and fourth newest; the total is all.
			p, err := svc.Search(ctx, audit.Query{}, 2, 2)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := actions(p.Entries), []string{"submission.submit", "target.revise"}; !slices.Equal(got, want) || p.Total != 5 {
				t.Errorf("page 2 of 2: got %v (total %d), want %v (total 5)", got, p.Total, want)
			}
			if want := []string{"auth.login", "submission.submit", "target.create", "target.revise", "targets.note"}; !slices.Equal(p.Actions, want) {
				t.Errorf("actions for the filter: got %v, want %v", p.Actions, want)
			}
		})
	}
}

// Export returns every row the query selects, unpaged, and is itself audited.
func TestExport(t *testing.T) {
	for _, db := range storetest.Dialects {
		t.Run(db.Name, func(t *testing.T) {
			st := seed(t, db.Open)
			svc := audit.New(st)
			auditor := domain.Who{Username: "aud", Role: domain.RoleAuditor, IP: "10.0.0.9"}
			es, err := svc.Export(ctx, auditor, audit.Query{Action: "target"})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := actions(es), []string{"target.revise", "target.create"}; !slices.Equal(got, want) {
				t.Errorf("export of target.*: got %v, want %v", got, want)
			}
			last, err := st.AuditLog(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(last) != 1 || last[0].Action != "audit.export" || last[0].Actor != "aud (auditor)" || last[0].SourceIP != "10.0.0.9" || last[0].Object != "audit_log" {
				t.Errorf("after the export: got last row %+v, want audit.export by aud (auditor) from 10.0.0.9", last)
			}
		})
	}
}
