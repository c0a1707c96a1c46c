package web

import (
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
	"pacer/internal/scorecard"
	"pacer/internal/setup"
	"pacer/internal/units"
)

// Services are the workflows handlers call: each handler parses the request, calls one workflow
// function and renders. The command wires them (internal/app) over one store.
type Services struct {
	Scorecards *scorecard.Service
	Imports    *ingest.Service
	Review     *review.Service
	Goals      *goals.Service
	Accounts   *accounts.Service
	Audit      *audit.Service
	Units      *units.Service
	Setup      *setup.Service
	Projects   *projects.Service
	Figures    *figures.Service // register figures: sums, figure basis (issue 12 §7)
	Plans      *plans.Service
	Notify     *notify.Service
	Cadence    *cadence.Service
	Deadlines  *deadlines.Service // submission deadlines, late data, the monthly pack (issue 13 §7)

	Leads       *leads.Service
	Enterprises *enterprises.Service
	Registers   *registers.Service // register files of an import, checked all before any is written
	Reports     *report.Service    // the monthly economic analysis (issue 14)
}
