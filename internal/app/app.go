// Package app wires the workflows over one store: the command and tests build a web server
// with Services(st). It is the one place outside the command that joins store and web.
package app

import (
	"pacer/internal/accounts"
	"pacer/internal/audit"
	"pacer/internal/goals"
	"pacer/internal/ingest"
	"pacer/internal/review"
	"pacer/internal/scorecard"
	"pacer/internal/store"
	"pacer/internal/web"
)

// Services returns every workflow over st.
func Services(st *store.Store) web.Services {
	return web.Services{
		Scorecards: scorecard.New(st),
		Imports:    ingest.New(st),
		Review:     review.New(st),
		Goals:      goals.New(st),
		Accounts:   accounts.New(st),
		Audit:      audit.New(st),
	}
}
