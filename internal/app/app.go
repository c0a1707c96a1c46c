// Package app wires the workflows over one store: the command and tests build a web server
// with Services(st). It is the one place outside the command that joins store and web.
package app

import (
	"context"
	"time"

	"pacer/internal/accounts"
	"pacer/internal/audit"
	"pacer/internal/cadence"
	"pacer/internal/deadlines"
	"pacer/internal/enterprises"
	"pacer/internal/figures"
	"pacer/internal/goals"
	"pacer/internal/ingest"
	"pacer/internal/leads"
	"pacer/internal/notify"
	"pacer/internal/plans"
	"pacer/internal/projects"
	"pacer/internal/registers"
	"pacer/internal/report"
	"pacer/internal/review"
	"pacer/internal/schedule"
	"pacer/internal/scorecard"
	"pacer/internal/setup"
	"pacer/internal/store"
	"pacer/internal/units"
	"pacer/internal/web"
)

// Services returns every workflow over st.
func Services(st *store.Store) web.Services {
	sc := scorecard.New(st)
	figs := figures.New(st) // the registers provide their sums and recompute their figures after each write
	prj, ld := projects.New(st).UseFigures(figs), leads.New(st).UseFigures(figs)
	cad := cadence.New(st, sc)
	cad.Projects, cad.Leads = projectItems(prj), leadItems(ld)
	reports := report.New(sc, prj, ld).WithStore(st)
	dl := deadlines.New(st)
	dl.Pack, cad.LateData = packFiles(sc, reports), lateItems(dl)
	firms := enterprises.New(st).UseFigures(figs)
	return web.Services{
		Scorecards:  sc,
		Imports:     ingest.New(st),
		Review:      review.New(st),
		Goals:       goals.New(st),
		Accounts:    accounts.New(st),
		Audit:       audit.New(st),
		Units:       units.New(st),
		Setup:       setup.New(st, sc),
		Leads:       ld,
		Enterprises: firms,
		Registers:   registers.New(st, prj, ld, firms),
		Cadence:     cad,
		Projects:    prj,
		Reports:     reports,
		Deadlines:   dl,
		Figures:     figs,
		Plans:       plans.New(st, sc),
		Notify:      notify.New(st),
	}
}

// Jobs is the scheduler's job table over the workflows: `pacer serve` runs it, `pacer run JOB`
// runs one of it by hand. The cadence's jobs (weekly_agenda, snapshot, monthly_draft) are added
// here, one line each; the round's (late_data, monthly_pack) in deadlineJobs.
func Jobs(sv web.Services) []schedule.Job {
	return append([]schedule.Job{
		{Name: "outbox", Due: schedule.EveryMinute, Run: func(ctx context.Context, _ time.Time) error {
			_, err := sv.Notify.Drain(ctx)
			return err
		}},
		{Name: "outbox_prune", Due: schedule.Daily(3), Run: func(ctx context.Context, _ time.Time) error {
			_, err := sv.Notify.Prune(ctx, 90*24*time.Hour)
			return err
		}},
		{Name: "monthly_draft", Due: monthlyDraftDue(sv), Run: monthlyDraft(sv)},
	}, append(cadenceJobs(sv), deadlineJobs(sv)...)...)
}
