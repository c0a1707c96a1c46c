// Package schedule is the in-process scheduler `pacer serve` runs (and stops with its context):
// a table of jobs, each saying which slot is due at a time (weekly_agenda's "2026-W48", a
// snapshot's "2026-11-15"); a slot runs once — the scheduler claims it in the database (job_runs,
// one row per job and slot) before running it, so a restart does not run it again and of two
// servers on one PostgreSQL only one does. `pacer run JOB` runs a job once by hand.
//
// The jobs themselves live with their workflows (internal/cadence's agenda and snapshots,
// internal/notify's outbox drain); internal/app assembles the table (app.Jobs).
package schedule

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Job is one entry of the job table. Due says, for a time, which slot the job is in and whether
// it is due (its time in the slot has come); the slot names one run. A Due whose slot lasts
// longer than Retention would run again once its record is pruned: no job here does.
// Run does the job's work for the time now.
type Job struct {
	Name string
	Due  func(now time.Time) (slot string, due bool)
	Run  func(ctx context.Context, now time.Time) error
}

// Defaults of a Scheduler.
const (
	DefaultTick      = 15 * time.Second
	DefaultStale     = 2 * time.Hour       // a claim never finished is taken over after this
	DefaultRetention = 60 * 24 * time.Hour // finished runs older than this are pruned
)

// Scheduler runs a job table over one store.
type Scheduler struct {
	store *store.Store
	jobs  []Job
	owner string

	Tick      time.Duration
	Stale     time.Duration
	Retention time.Duration
	Now       func() time.Time
	Log       *slog.Logger
	// Observe, when set (by app or cli, e.g. to the server's metrics), is told how long each run
	// of a job took and its outcome: "ok" or "error" (a panic is an error).
	Observe func(job, outcome string, d time.Duration)

	pruned time.Time
}

// New returns a scheduler of jobs over st, named for this process (host, pid and a random part).
func New(st *store.Store, jobs []Job) *Scheduler {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return &Scheduler{store: st, jobs: jobs, owner: fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b)),
		Tick: DefaultTick, Stale: DefaultStale, Retention: DefaultRetention, Now: time.Now, Log: slog.Default()}
}

// Owner is the name the scheduler claims slots under.
func (s *Scheduler) Owner() string { return s.owner }

// Ran is one run a pass made.
type Ran struct {
	Job, Slot string
	Err       error
}

// RunDue makes one pass over the table at the scheduler's time: every job whose slot is due and
// that this scheduler claims is run, one after another; it returns what ran.
func (s *Scheduler) RunDue(ctx context.Context) ([]Ran, error) {
	var ran []Ran
	for _, j := range s.jobs {
		if ctx.Err() != nil {
			return ran, ctx.Err()
		}
		now := s.Now()
		slot, due := j.Due(now)
		if !due {
			continue
		}
		claimed, err := s.store.ClaimJobSlot(ctx, j.Name, slot, s.owner, now, now.Add(-s.Stale))
		if err != nil {
			return ran, fmt.Errorf("claim %s@%s: %w", j.Name, slot, err)
		}
		if !claimed {
			continue
		}
		err = s.run(ctx, j, slot, now)
		ran = append(ran, Ran{j.Name, slot, err})
	}
	if now := s.Now(); now.Sub(s.pruned) > time.Hour {
		if _, err := s.store.PruneJobRuns(ctx, now.Add(-s.Retention)); err != nil {
			return ran, err
		}
		s.pruned = now
	}
	return ran, nil
}

// run runs j for a claimed slot and records how it ended ("ok", or the error; a panic is an
// error too, and does not bring the server down).
func (s *Scheduler) run(ctx context.Context, j Job, slot string, now time.Time) (err error) {
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
		outcome := "ok"
		if err != nil {
			outcome = err.Error()
			s.Log.Error("job failed", "job", j.Name, "slot", slot, "err", err)
		} else {
			s.Log.Debug("job done", "job", j.Name, "slot", slot, "took", time.Since(start))
		}
		if s.Observe != nil {
			o := "ok"
			if err != nil {
				o = "error"
			}
			s.Observe(j.Name, o, time.Since(start))
		}
		// The record is written even when ctx has ended (the server is stopping).
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if _, ferr := s.store.FinishJobSlot(fctx, j.Name, slot, s.owner, outcome, s.Now()); ferr != nil && err == nil {
			err = ferr
		}
	}()
	return j.Run(ctx, now)
}

// Run makes a pass every Tick until ctx ends; a failed pass is logged and the next one tried.
func (s *Scheduler) Run(ctx context.Context) error {
	t := time.NewTicker(s.Tick)
	defer t.Stop()
	for {
		if _, err := s.RunDue(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("scheduler pass failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// RunByHand runs the job named name once now, whatever its slot — `pacer run JOB` — recorded
// as the slot "manual@" and the time. An unknown name is an error listing the known ones.
func (s *Scheduler) RunByHand(ctx context.Context, name string) error {
	for _, j := range s.jobs {
		if j.Name != name {
			continue
		}
		now := s.Now()
		slot := "manual@" + now.UTC().Format("2006-01-02T15:04:05.000000Z")
		if _, err := s.store.ClaimJobSlot(ctx, j.Name, slot, s.owner, now, now.Add(-s.Stale)); err != nil {
			return err
		}
		return s.run(ctx, j, slot, now)
	}
	return domain.E(domain.EINVALID, "schedule.unknown_job", name, Names(s.jobs))
}

// Names lists the jobs' names, comma separated.
func Names(jobs []Job) string {
	out := ""
	for i, j := range jobs {
		if i > 0 {
			out += ", "
		}
		out += j.Name
	}
	return out
}

// Runs lists the record of runs, newest first (of job, or every job when "").
func (s *Scheduler) Runs(ctx context.Context, job string, limit int) ([]domain.JobRun, error) {
	return s.store.JobRuns(ctx, job, limit)
}

// The due rules jobs are made of. Each returns a Due: the slot of now and whether its time has
// come (a server started late in the slot still runs it).

// EveryMinute is due at once in every minute: slot "2026-11-29T17:20" (UTC).
func EveryMinute(now time.Time) (string, bool) {
	return now.UTC().Format("2006-01-02T15:04"), true
}

// Daily is due from hour:00 (in now's zone) each day: slot "2026-11-29".
func Daily(hour int) func(time.Time) (string, bool) {
	return func(now time.Time) (string, bool) {
		return now.Format("2006-01-02"), now.Hour() >= hour
	}
}

// Weekly is due from weekday at hour:00 (in now's zone) in each ISO week: slot "2026-W48".
func Weekly(weekday time.Weekday, hour int) func(time.Time) (string, bool) {
	return func(now time.Time) (string, bool) {
		y, w := now.ISOWeek()
		// days since Monday, Monday = 0 … Sunday = 6
		iso := func(d time.Weekday) int { return (int(d) + 6) % 7 }
		monday := time.Date(now.Year(), now.Month(), now.Day()-iso(now.Weekday()), 0, 0, 0, 0, now.Location())
		at := monday.AddDate(0, 0, iso(weekday)).Add(time.Duration(hour) * time.Hour)
		return fmt.Sprintf("%04d-W%02d", y, w), !now.Before(at)
	}
}

// MonthDays is due from each of days at hour:00 (in now's zone) until the next of them; a day
// of 0 (or past the month's end) is the month's last day. Slot "2026-11-15", "2026-11-30".
// Semi-monthly snapshots are MonthDays(8, 15, 0): the 15th and month end.
func MonthDays(hour int, days ...int) func(time.Time) (string, bool) {
	return func(now time.Time) (string, bool) {
		last := time.Date(now.Year(), now.Month()+1, 0, 0, 0, 0, 0, now.Location()).Day()
		best := -1
		for _, d := range days {
			if d <= 0 || d > last {
				d = last
			}
			at := time.Date(now.Year(), now.Month(), d, hour, 0, 0, 0, now.Location())
			if !now.Before(at) && d > best {
				best = d
			}
		}
		if best < 0 {
			return "", false
		}
		return fmt.Sprintf("%04d-%02d-%02d", now.Year(), int(now.Month()), best), true
	}
}
