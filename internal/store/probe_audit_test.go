package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// Probe item 4: the audit log could be emptied on PostgreSQL (TRUNCATE audit_log succeeded) and
// rewritten on SQLite (INSERT OR REPLACE with an existing id passed the triggers, REPLACE deleting
// the old row without firing DELETE triggers). Both are refused now, on the owner's own
// connection, and the rows stay as written.
func TestProbe4_AuditLogCannotBeEmptiedOrRewritten(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			if err := s.AuditEvent(ctx, store.Who{Username: "ana", Role: domain.RoleAnalyst}, "target.create", "target:1", "ok"); err != nil {
				t.Fatal(err)
			}
			rows, err := s.RowsForTest(ctx, `SELECT id FROM audit_log`)
			if err != nil || len(rows) != 1 {
				t.Fatalf("got %v, %v; want one audit row", rows, err)
			}
			id := rows[0][0]
			attacks := map[store.Dialect][]string{
				store.SQLite: {
					`INSERT OR REPLACE INTO audit_log (id, recorded_at, actor, action, object)
						VALUES ($1, '2023-01-01T00:00:00.000000Z', 'mallory', 'nothing', 'nothing')`,
					`REPLACE INTO audit_log (id, recorded_at, actor, action, object)
						VALUES ($1, '2023-01-01T00:00:00.000000Z', 'mallory', 'nothing', 'nothing')`,
					`INSERT INTO audit_log (id, recorded_at, actor, action, object)
						VALUES ($1, '2023-01-01T00:00:00.000000Z', 'mallory', 'nothing', 'nothing')
						ON CONFLICT (id) DO UPDATE SET actor = 'mallory'`,
					`DELETE FROM audit_log WHERE id = $1`,
				},
				store.Postgres: {
					`TRUNCATE audit_log`,
					`TRUNCATE audit_log RESTART IDENTITY CASCADE`,
					`INSERT INTO audit_log (id, recorded_at, actor, action, object) VALUES ($1, now(), 'mallory', 'nothing', 'nothing')
						ON CONFLICT (id) DO UPDATE SET actor = 'mallory'`,
					`DELETE FROM audit_log WHERE id = $1`,
				},
			}[s.Dialect()]
			for _, q := range attacks {
				var err error
				if strings.Contains(q, "$1") {
					_, err = s.RowsForTest(ctx, q, id)
				} else {
					_, err = s.RowsForTest(ctx, q)
				}
				if err == nil {
					t.Errorf("%s: got no error, want the audit log to refuse", strings.Join(strings.Fields(q), " "))
				}
			}
			got, err := s.AuditLog(ctx, 10)
			if err != nil || len(got) != 1 || got[0].Actor != "ana (analyst)" || got[0].Action != "target.create" {
				t.Errorf("audit log after the attacks: got %+v, %v; want ana's target.create row as written", got, err)
			}
		})
	}
}

// Probe item 10: an audit row for a note-only edit showed identical old and new values. The
// note is part of what a submission's audit rows show, so old → new differ.
func TestProbe10_NoteOnlyEditShowsInAudit(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			admin := store.Who{Username: "admin", Role: domain.RoleAnalyst}
			const unit = "440784-tjj"
			if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "t",
				Units: []domain.Unit{{Code: unit, Name: "统计局", RegionCode: "440784", Kind: "department"}}}); err != nil {
				t.Fatal(err)
			}
			if err := s.Assign(ctx, admin, []store.Assignment{{UnitCode: unit, IndicatorCode: "retail", RegionCode: "440784"}}); err != nil {
				t.Fatal(err)
			}
			if err := s.SetPeriod(ctx, admin, "440784", "2023-07", store.PeriodOpen); err != nil {
				t.Fatal(err)
			}
			rep := store.Who{Username: "rep", Role: domain.RoleReporter}
			in := domain.Submission{UnitCode: unit, RegionCode: "440784", IndicatorCode: "retail", Period: "2023-07", Value: domain.F(80), Note: "快报口径"}
			var prev *domain.Submission
			for _, note := range []string{"快报口径", "已与统计局核对"} {
				in.Note = note
				next, changed, err := domain.Save(prev, in, true, "rep", time.Now())
				if err != nil || !changed {
					t.Fatalf("save note %q: got changed %t, %v", note, changed, err)
				}
				x, err := s.WriteSubmission(ctx, rep, prev, next, store.PeriodOpen)
				if err != nil {
					t.Fatal(err)
				}
				prev = &x
			}
			log, err := s.AuditLog(ctx, 1)
			if err != nil || len(log) != 1 {
				t.Fatalf("got %v, %v; want the note edit's audit row", log, err)
			}
			e := log[0]
			if e.OldValue == e.NewValue || !strings.Contains(e.OldValue, "快报口径") || !strings.Contains(e.NewValue, "已与统计局核对") {
				t.Errorf("note-only edit: got %q → %q, want the old note → the new note", e.OldValue, e.NewValue)
			}
		})
	}
}
