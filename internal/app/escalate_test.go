package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"pacer/internal/app"
	"pacer/internal/cadence"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/schedule"
	"pacer/internal/store/storetest"
)

// TestFollowUpOverdueJob: the daily followup_overdue job tells an overdue follow-up's owner unit
// (its subscriber of followup.overdue) once per day: the job notifies on every run, and the
// scheduler runs it once per day's slot — a second pass on the same day queues nothing, the
// next day queues the next notice. A follow-up not yet due is not told.
func TestFollowUpOverdueJob(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			st := d.Open(t)
			if _, err := demo.Load(ctx, st); err != nil {
				t.Fatal(err)
			}
			sv := app.Services(st)
			by := domain.Actor{Username: "test"}
			if err := sv.Setup.FirstRun(ctx, by, demo.Region, 2023); err != nil {
				t.Fatal(err)
			}
			reg, err := sv.Units.List(ctx, demo.Region)
			if err != nil || len(reg.Units) == 0 {
				t.Fatalf("demo units: %v (%d)", err, len(reg.Units))
			}
			owner := reg.Units[0].Code
			late, err := sv.Cadence.CreateFollowUp(ctx, by, demo.Region, cadence.Decision{Title: "推动零售额回升", OwnerUnit: owner, Deadline: "2023-08-01"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sv.Cadence.CreateFollowUp(ctx, by, demo.Region, cadence.Decision{Title: "未到期事项", OwnerUnit: owner, Deadline: "2023-12-31"}); err != nil {
				t.Fatal(err)
			}
			if _, err := sv.Notify.Subscribe(ctx, by, domain.Subscription{UnitCode: owner, EventKind: "followup.overdue",
				Channel: "webhook", Target: "http://127.0.0.1:9/hook"}); err != nil {
				t.Fatal(err)
			}
			var job schedule.Job
			for _, j := range app.Jobs(sv) {
				if j.Name == "followup_overdue" {
					job = j
				}
			}
			if job.Run == nil {
				t.Fatal("job followup_overdue not in app.Jobs")
			}
			sch := schedule.New(st, []schedule.Job{job})
			pass := func(at time.Time) []domain.OutboxMessage {
				t.Helper()
				sch.Now = func() time.Time { return at }
				ran, err := sch.RunDue(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range ran {
					if r.Err != nil {
						t.Fatalf("%s@%s: %v", r.Job, r.Slot, r.Err)
					}
				}
				o, err := sv.Notify.Overview(ctx, 100)
				if err != nil {
					t.Fatal(err)
				}
				return o.Recent
			}
			if got := pass(time.Date(2023, 8, 10, 7, 30, 0, 0, time.Local)); len(got) != 0 {
				t.Errorf("before 08:00: %d messages, want none", len(got))
			}
			got := pass(time.Date(2023, 8, 10, 8, 30, 0, 0, time.Local))
			if len(got) != 1 {
				t.Fatalf("after the first run: %d messages, want 1: %+v", len(got), got)
			}
			m := got[0]
			if m.EventKind != "followup.overdue" || m.UnitCode != owner || !strings.Contains(m.Subject, late.Title) ||
				!strings.Contains(m.Body, "2023-08-01") || !strings.Contains(m.Body, "已逾期 9 天") {
				t.Errorf("message %+v: want followup.overdue to %s on %q, due 2023-08-01, 9 days overdue", m, owner, late.Title)
			}
			if got := pass(time.Date(2023, 8, 10, 17, 0, 0, 0, time.Local)); len(got) != 1 {
				t.Errorf("a second pass on the same day: %d messages, want still 1", len(got))
			}
			if got := pass(time.Date(2023, 8, 11, 8, 0, 0, 0, time.Local)); len(got) != 2 || !strings.Contains(got[0].Body+got[1].Body, "已逾期 10 天") {
				t.Errorf("the next day: %d messages, want 2 (the second 10 days overdue)", len(got))
			}
		})
	}
}
