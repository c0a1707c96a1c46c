package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"pacer/internal/accounts"
	"pacer/internal/app"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/schedule"
	"pacer/internal/store"
	"pacer/internal/web"
)

// TestMonthlyDraftJob: the monthly_draft job is due from the configured day of the month (07:00);
// it keeps a draft of the home county's report at its latest period and tells the units that
// hear of report.draft, once: a second pass in the month is not run (the slot is the month's),
// and a run by hand with the same figures keeps nothing and tells nobody.
func TestMonthlyDraftJob(t *testing.T) {
	ctx := context.Background()
	eachDemo(t, func(t *testing.T, st *store.Store, sv web.Services) {
		by := domain.Actor{Username: "test", Role: domain.RoleSysadmin}
		if err := sv.Setup.FirstRun(ctx, by, demo.Region, 2023); err != nil {
			t.Fatal(err)
		}
		if err := sv.Setup.SetDraftDay(ctx, by, 5); err != nil {
			t.Fatal(err)
		}
		if err := sv.Setup.SetDraftDay(ctx, by, 31); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("draft day 31: got %v, want refused", err)
		}
		reg, err := sv.Units.List(ctx, demo.Region)
		if err != nil || len(reg.Units) == 0 {
			t.Fatalf("demo units: %v", err)
		}
		unit := reg.Units[0].Code
		if _, err := sv.Notify.Subscribe(ctx, by, domain.Subscription{UnitCode: unit, EventKind: "report.draft",
			Channel: "webhook", Target: "http://127.0.0.1:9/hook"}); err != nil {
			t.Fatal(err)
		}
		// An analyst hears of it through a subscription of the account's own.
		if _, err := sv.Accounts.Create(ctx, domain.Who{Username: "test", Role: domain.RoleSysadmin}, accounts.NewAccount{
			Username: "ana_draft", Role: domain.RoleAnalyst, Password: "Draft-2023-pass!", Again: "Draft-2023-pass!"}); err != nil {
			t.Fatal(err)
		}
		if _, err := sv.Notify.Subscribe(ctx, by, domain.Subscription{Username: "ana_draft", EventKind: "report.draft",
			Channel: "webhook", Target: "http://127.0.0.1:9/analyst"}); err != nil {
			t.Fatal(err)
		}
		var job schedule.Job
		for _, j := range app.Jobs(sv) {
			if j.Name == "monthly_draft" {
				job = j
			}
		}
		if job.Run == nil {
			t.Fatal("job monthly_draft not in app.Jobs")
		}
		for _, c := range []struct {
			at   time.Time
			slot string
			due  bool
		}{
			{time.Date(2023, 8, 4, 23, 0, 0, 0, time.Local), "2023-08", false},
			{time.Date(2023, 8, 5, 6, 59, 0, 0, time.Local), "2023-08", false},
			{time.Date(2023, 8, 5, 7, 0, 0, 0, time.Local), "2023-08", true},
			{time.Date(2023, 8, 31, 23, 0, 0, 0, time.Local), "2023-08", true},
		} {
			if slot, due := job.Due(c.at); slot != c.slot || due != c.due {
				t.Errorf("Due(%s): got %s %v, want %s %v", c.at, slot, due, c.slot, c.due)
			}
		}
		sch := schedule.New(st, []schedule.Job{job})
		state := func(at time.Time) (int, []domain.OutboxMessage) {
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
			s, err := sv.Reports.Status(ctx, demo.Region, "2023-07", "zh-CN")
			if err != nil {
				t.Fatal(err)
			}
			o, err := sv.Notify.Overview(ctx, 100)
			if err != nil {
				t.Fatal(err)
			}
			return len(s.Versions), o.Recent
		}
		if n, msgs := state(time.Date(2023, 8, 4, 12, 0, 0, 0, time.Local)); n != 0 || len(msgs) != 0 {
			t.Errorf("before the day: %d versions, %d messages; want none", n, len(msgs))
		}
		n, msgs := state(time.Date(2023, 8, 5, 8, 0, 0, 0, time.Local))
		if n != 1 || len(msgs) != 2 {
			t.Fatalf("on the day: %d versions, %d messages; want 1 and 2 (the unit, the analyst)", n, len(msgs))
		}
		if msgs[0].Username == "ana_draft" {
			msgs[0], msgs[1] = msgs[1], msgs[0]
		}
		if m := msgs[1]; m.EventKind != "report.draft" || m.Username != "ana_draft" || m.Target != "http://127.0.0.1:9/analyst" {
			t.Errorf("the analyst's notice: got %+v", m)
		}
		if m := msgs[0]; m.EventKind != "report.draft" || m.UnitCode != unit || !strings.Contains(m.Subject, "《鹤山市2023年1–7月经济运行分析》初稿已生成") ||
			!strings.Contains(m.Body, "第1版") {
			t.Errorf("the notice: got %+v", m)
		}
		if s, _ := sv.Reports.Status(ctx, demo.Region, "2023-07", "zh-CN"); s.Versions[0].State != domain.ReportDraft || s.Versions[0].CreatedBy != "scheduler" || s.Versions[0].Size == 0 {
			t.Errorf("the draft: got %+v", s.Versions[0])
		}
		if n, msgs := state(time.Date(2023, 8, 20, 8, 0, 0, 0, time.Local)); n != 1 || len(msgs) != 2 {
			t.Errorf("later in the month: %d versions, %d messages; want still 1 and 2", n, len(msgs))
		}
		if err := sch.RunByHand(ctx, "monthly_draft"); err != nil {
			t.Fatal(err)
		}
		if n, msgs := state(time.Date(2023, 8, 20, 9, 0, 0, 0, time.Local)); n != 1 || len(msgs) != 2 {
			t.Errorf("by hand with the same figures: %d versions, %d messages; want still 1 and 2", n, len(msgs))
		}
	})
}
