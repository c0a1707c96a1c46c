// Package app wires the workflows over one store: the command and tests build a web server
// with Services(st). It is the one place outside the command that joins store and web.
package app

import (
	"pacer/internal/accounts"
	"pacer/internal/audit"
	"pacer/internal/enterprises"
	"pacer/internal/goals"
	"pacer/internal/ingest"
	"pacer/internal/leads"
	"pacer/internal/review"
	"pacer/internal/scorecard"
	"pacer/internal/setup"
	"pacer/internal/store"
	"pacer/internal/units"
	"pacer/internal/web"
)

// Services returns every workflow over st.
func Services(st *store.Store) web.Services {
	sc := scorecard.New(st)
	return web.Services{
		Scorecards: sc,
		Imports:    ingest.New(st),
		Review:     review.New(st),
		Goals:      goals.New(st),
		Accounts:   accounts.New(st),
		Audit:      audit.New(st),
		Units:      units.New(st),
		Setup:      setup.New(st, sc),

		Leads:       leads.New(st),
		Enterprises: enterprises.New(st),
	}
}
