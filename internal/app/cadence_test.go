package app_test

import (
	"context"
	"testing"
	"time"

	"pacer/internal/app"
	"pacer/internal/cadence"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/leads"
	"pacer/internal/store"
	"pacer/internal/units"
	"pacer/internal/web"
)

// TestRegistersOnTheAgenda: the weekly agenda carries the key projects the worklists show
// overdue (late on a milestone, or stuck at a stage past its date) and the leads past a
// response deadline, each once, with the register's own figures; and the cadence's jobs are in
// the scheduler's table and run: the snapshot job takes the day's snapshot of the home county.
func TestRegistersOnTheAgenda(t *testing.T) {
	ctx := context.Background()
	eachDemo(t, func(t *testing.T, st *store.Store, sv web.Services) {
		const week = "2023-W32" // Monday 7 August: the figures of July
		a, err := sv.Cadence.WeeklyAgenda(ctx, demo.Region, week)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]map[string]cadence.Item{cadence.KindProject: {}, cadence.KindLead: {}}
		for _, it := range a.Items {
			if m, ok := got[it.Kind]; ok {
				if _, dup := m[it.Ref]; dup {
					t.Errorf("%s %s twice on the agenda", it.Kind, it.Ref)
				}
				m[it.Ref] = it
			}
		}
		wls, err := sv.Projects.Worklists(ctx, demo.Region, "2023-07")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		for _, wl := range wls {
			for _, it := range wl.Items {
				if it.DaysOverdue > 0 {
					want[it.Code] = it.DaysOverdue
				}
			}
		}
		if len(want) == 0 {
			t.Fatal("the demo's worklists show no overdue project at 2023-07: the test would prove nothing")
		}
		if len(got[cadence.KindProject]) != len(want) {
			t.Errorf("agenda has %d projects, the worklists %d overdue", len(got[cadence.KindProject]), len(want))
		}
		for code := range want {
			it, ok := got[cadence.KindProject][code]
			if !ok {
				t.Errorf("overdue project %s not on the agenda", code)
				continue
			}
			if it.Status != "late" && it.Status != "stuck" || it.TitleIn("zh-CN") == "" {
				t.Errorf("project item %s: status %q title %q", code, it.Status, it.TitleIn("zh-CN"))
			}
		}
		f, err := sv.Leads.Funnel(ctx, demo.Region, "2023-07", "2023-08-07", leads.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got[cadence.KindLead]) != len(f.Overdue) {
			t.Errorf("agenda has %d leads, the funnel %d overdue", len(got[cadence.KindLead]), len(f.Overdue))
		}
		for _, l := range f.Overdue {
			if it, ok := got[cadence.KindLead][l.Code]; !ok || it.Status != "unanswered" || it.Due != l.Overdue.Due {
				t.Errorf("overdue lead %s: on the agenda as %+v", l.Code, it)
			}
		}

		names := map[string]bool{}
		for _, j := range app.Jobs(sv) {
			names[j.Name] = true
			if j.Name != "snapshot" {
				continue
			}
			if err := sv.Setup.FirstRun(ctx, domain.Actor{Username: "test"}, demo.Region, 2023); err != nil {
				t.Fatal(err)
			}
			if err := j.Run(ctx, time.Date(2023, 7, 31, 6, 0, 0, 0, time.Local)); err != nil {
				t.Fatal(err)
			}
			snaps, err := sv.Cadence.Snapshots(ctx, demo.Region)
			if err != nil || len(snaps) != 1 {
				t.Errorf("after the snapshot job: %d snapshots (%v), want 1", len(snaps), err)
			}
		}
		// The weekly agenda job tells each unit with items on the agenda.
		var ind string
		for _, it := range a.Items {
			if it.Kind == cadence.KindIndicator {
				ind = it.Ref
				break
			}
		}
		if ind == "" {
			t.Fatal("no indicator on the demo's agenda: the job's notice would not be tested")
		}
		const owner = "440784-dcb"
		if _, err := sv.Units.Add(ctx, domain.Actor{Username: "test"}, units.NewUnit{Code: owner, Name: "督查办", Region: demo.Region,
			Kind: "department", Indicators: []string{ind}}); err != nil {
			t.Fatal(err)
		}
		if _, err := sv.Notify.Subscribe(ctx, domain.Actor{Username: "test"}, domain.Subscription{UnitCode: owner, EventKind: "agenda.ready",
			Channel: "webhook", Target: "http://127.0.0.1:9/hook"}); err != nil {
			t.Fatal(err)
		}
		for _, j := range app.Jobs(sv) {
			if j.Name == "weekly_agenda" {
				if err := j.Run(ctx, time.Date(2023, 8, 7, 7, 0, 0, 0, time.Local)); err != nil {
					t.Fatal(err)
				}
			}
		}
		o, err := sv.Notify.Overview(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(o.Recent) != 1 || o.Recent[0].EventKind != "agenda.ready" {
			t.Errorf("after the weekly agenda job: outbox %+v, want one agenda.ready to %s", o.Recent, owner)
		}
		for _, n := range []string{"outbox", "outbox_prune", "snapshot", "weekly_agenda"} {
			if !names[n] {
				t.Errorf("job %s not in app.Jobs", n)
			}
		}
	})
}
