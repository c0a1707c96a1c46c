package schedule_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/schedule"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

// counter is a job that counts its runs per slot.
type counter struct {
	mu   sync.Mutex
	runs map[string]int
	n    atomic.Int64
}

func (c *counter) job(name string, due func(time.Time) (string, bool)) schedule.Job {
	c.runs = map[string]int{}
	return schedule.Job{Name: name, Due: due, Run: func(_ context.Context, now time.Time) error {
		slot, _ := due(now)
		c.mu.Lock()
		c.runs[slot]++
		c.mu.Unlock()
		c.n.Add(1)
		time.Sleep(5 * time.Millisecond) // long enough for racers to arrive while it runs
		return nil
	}}
}

func fixed(t time.Time) func() time.Time { return func() time.Time { return t } }

// A weekly slot runs once: again on the same scheduler, after a restart (a new process on the
// same database), and then once more in the next week.
func TestSlotOnceAcrossRestart(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			st := d.Open(t)
			var c counter
			jobs := []schedule.Job{c.job("weekly_agenda", schedule.Weekly(time.Monday, 8))}
			mon := time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local) // Monday of 2026-W48
			a := schedule.New(st, jobs)
			a.Now = fixed(mon.Add(-2 * time.Hour)) // 07:00: not yet due
			if ran, err := a.RunDue(ctx); err != nil || len(ran) != 0 {
				t.Fatalf("before 08:00: ran %v, %v", ran, err)
			}
			a.Now = fixed(mon)
			ran, err := a.RunDue(ctx)
			if err != nil || len(ran) != 1 || ran[0].Slot != "2026-W48" || ran[0].Err != nil {
				t.Fatalf("Monday 09:00: ran %v, %v; want weekly_agenda@2026-W48", ran, err)
			}
			if ran, _ := a.RunDue(ctx); len(ran) != 0 {
				t.Errorf("again: ran %v", ran)
			}
			// Restart: a new store on the same database, a new scheduler, later that week.
			st2, err := store.Open(ctx, storetest.DSN(t, st))
			if err != nil {
				t.Fatal(err)
			}
			defer st2.Close()
			b := schedule.New(st2, jobs)
			b.Now = fixed(mon.Add(50 * time.Hour))
			if ran, err := b.RunDue(ctx); err != nil || len(ran) != 0 {
				t.Errorf("after the restart: ran %v, %v; want nothing", ran, err)
			}
			b.Now = fixed(mon.Add(7 * 24 * time.Hour))
			if ran, _ := b.RunDue(ctx); len(ran) != 1 || ran[0].Slot != "2026-W49" {
				t.Errorf("next week: ran %v", ran)
			}
			if c.runs["2026-W48"] != 1 || c.runs["2026-W49"] != 1 {
				t.Errorf("runs: %v", c.runs)
			}
			runs, _ := b.Runs(ctx, "weekly_agenda", 10)
			if len(runs) != 2 || runs[1].ClaimedBy != a.Owner() || runs[0].ClaimedBy != b.Owner() || runs[0].Outcome != "ok" || runs[0].FinishedAt == nil {
				t.Errorf("record: %+v", runs)
			}
		})
	}
}

// Two servers on one database (two stores, two schedulers) racing over the same slots: each slot
// runs exactly once.
func TestTwoSchedulersRace(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			st := d.Open(t)
			st2, err := store.Open(ctx, storetest.DSN(t, st))
			if err != nil {
				t.Fatal(err)
			}
			defer st2.Close()
			var c counter
			jobs := []schedule.Job{c.job("snapshot", schedule.EveryMinute)}
			scheds := []*schedule.Scheduler{schedule.New(st, jobs), schedule.New(st2, jobs), schedule.New(st, jobs), schedule.New(st2, jobs)}
			const slots = 15
			t0 := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
			ranBy := map[string]int{}
			var mu sync.Mutex
			for i := range slots {
				var wg sync.WaitGroup
				for _, s := range scheds {
					s.Now = fixed(t0.Add(time.Duration(i) * time.Minute))
					wg.Go(func() {
						ran, err := s.RunDue(ctx)
						if err != nil {
							t.Error(err)
						}
						mu.Lock()
						ranBy[s.Owner()] += len(ran)
						mu.Unlock()
					})
				}
				wg.Wait()
			}
			if c.n.Load() != slots || len(c.runs) != slots {
				t.Fatalf("got %d runs over %d slots, want each of %d slots once: %v", c.n.Load(), len(c.runs), slots, c.runs)
			}
			for slot, n := range c.runs {
				if n != 1 {
					t.Errorf("slot %s ran %d times", slot, n)
				}
			}
			total := 0
			for _, n := range ranBy {
				total += n
			}
			if total != slots {
				t.Errorf("schedulers report %d runs (%v), want %d", total, ranBy, slots)
			}
			t.Logf("runs by scheduler: %v", ranBy)
		})
	}
}

// A slot whose claimant died (claimed, never finished) is run by another scheduler once the claim
// is stale, not before.
func TestStaleClaimTakenOver(t *testing.T) {
	st := storetest.OpenSQLite(t)
	var c counter
	jobs := []schedule.Job{c.job("snapshot", schedule.MonthDays(8, 15, 0))}
	t0 := time.Date(2026, 11, 15, 9, 0, 0, 0, time.Local)
	if ok, err := st.ClaimJobSlot(ctx, "snapshot", "2026-11-15", "died", t0, t0.Add(-time.Hour)); err != nil || !ok {
		t.Fatal(ok, err)
	}
	s := schedule.New(st, jobs)
	s.Now = fixed(t0.Add(time.Hour))
	if ran, _ := s.RunDue(ctx); len(ran) != 0 {
		t.Errorf("while the claim is fresh: ran %v", ran)
	}
	s.Now = fixed(t0.Add(schedule.DefaultStale + time.Minute))
	if ran, _ := s.RunDue(ctx); len(ran) != 1 || ran[0].Slot != "2026-11-15" {
		t.Errorf("once stale: ran %v", ran)
	}
	runs, _ := s.Runs(ctx, "", 5)
	if len(runs) != 1 || runs[0].Attempts != 2 || runs[0].ClaimedBy != s.Owner() || runs[0].Outcome != "ok" {
		t.Errorf("record: %+v", runs)
	}
}

// A failing job and a panicking one are recorded with their error; the pass goes on to the
// next job and the process survives.
func TestFailureRecorded(t *testing.T) {
	st := storetest.OpenSQLite(t)
	var c counter
	jobs := []schedule.Job{
		{Name: "broken", Due: schedule.EveryMinute, Run: func(context.Context, time.Time) error { return errors.New("no template") }},
		{Name: "panicky", Due: schedule.EveryMinute, Run: func(context.Context, time.Time) error { panic("nil map") }},
		c.job("fine", schedule.EveryMinute),
	}
	s := schedule.New(st, jobs)
	ran, err := s.RunDue(ctx)
	if err != nil || len(ran) != 3 || ran[0].Err == nil || ran[1].Err == nil || ran[2].Err != nil {
		t.Fatalf("ran %+v, %v", ran, err)
	}
	runs, _ := s.Runs(ctx, "", 5)
	outcome := map[string]string{}
	for _, r := range runs {
		outcome[r.Job] = r.Outcome
	}
	if outcome["broken"] != "no template" || !strings.HasPrefix(outcome["panicky"], "panic: nil map") || outcome["fine"] != "ok" {
		t.Errorf("outcomes: %v", outcome)
	}
}

// pacer run JOB: by hand, whatever the slot, recorded as manual@…; an unknown job is refused
// with the list of jobs.
func TestRunByHand(t *testing.T) {
	st := storetest.OpenSQLite(t)
	var c counter
	s := schedule.New(st, []schedule.Job{c.job("weekly_agenda", schedule.Weekly(time.Monday, 8))})
	s.Now = fixed(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)) // a Sunday: not due, runs anyway; the slot is named in UTC
	if err := s.RunByHand(ctx, "weekly_agenda"); err != nil {
		t.Fatal(err)
	}
	if err := s.RunByHand(ctx, "nope"); domain.ErrorKind(err) != domain.EINVALID || !strings.Contains(err.Error(), "weekly_agenda") {
		t.Errorf("unknown job: %v", err)
	}
	runs, _ := s.Runs(ctx, "weekly_agenda", 5)
	if c.n.Load() != 1 || len(runs) != 1 || !strings.HasPrefix(runs[0].Slot, "manual@2026-11-22T") || runs[0].Outcome != "ok" {
		t.Errorf("runs %d, record %+v", c.n.Load(), runs)
	}
}

// Run makes passes until its context ends, then returns.
func TestRunStopsWithContext(t *testing.T) {
	st := storetest.OpenSQLite(t)
	var c counter
	s := schedule.New(st, []schedule.Job{c.job("outbox", schedule.EveryMinute)})
	s.Tick = 5 * time.Millisecond
	s.Now = fixed(time.Date(2026, 11, 29, 17, 20, 0, 0, time.UTC))
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- s.Run(cctx) }()
	for c.n.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if c.n.Load() != 1 {
		t.Errorf("runs in one minute's slot: %d, want 1", c.n.Load())
	}
}

func TestDueRules(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, loc) }
	weekly := schedule.Weekly(time.Monday, 8)
	semi := schedule.MonthDays(8, 15, 0)
	for _, c := range []struct {
		due  func(time.Time) (string, bool)
		now  time.Time
		slot string
		ok   bool
	}{
		{weekly, at(2026, 11, 23, 7), "2026-W48", false},
		{weekly, at(2026, 11, 23, 8), "2026-W48", true},
		{weekly, at(2026, 11, 29, 23), "2026-W48", true}, // Sunday: still that week's slot
		{weekly, at(2027, 1, 1, 9), "2026-W53", true},    // ISO week of 1 January 2027
		{schedule.Weekly(time.Friday, 16), at(2026, 11, 26, 16), "2026-W48", false},
		{schedule.Weekly(time.Friday, 16), at(2026, 11, 27, 16), "2026-W48", true},
		{semi, at(2026, 11, 14, 23), "", false},
		{semi, at(2026, 11, 15, 8), "2026-11-15", true},
		{semi, at(2026, 11, 29, 23), "2026-11-15", true},
		{semi, at(2026, 11, 30, 8), "2026-11-30", true},
		{semi, at(2027, 2, 28, 9), "2027-02-28", true},
		{schedule.MonthDays(8, 31), at(2027, 2, 28, 9), "2027-02-28", true}, // 31 is the month's end
		{schedule.Daily(3), at(2026, 11, 29, 2), "2026-11-29", false},
		{schedule.Daily(3), at(2026, 11, 29, 3), "2026-11-29", true},
		{schedule.EveryMinute, time.Date(2026, 11, 29, 17, 20, 59, 0, time.UTC), "2026-11-29T17:20", true},
	} {
		slot, ok := c.due(c.now)
		if slot != c.slot || ok != c.ok {
			t.Errorf("%v: got %q %t, want %q %t", c.now, slot, ok, c.slot, c.ok)
		}
	}
}
