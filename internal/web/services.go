package web

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

	Leads       *leads.Service
	Enterprises *enterprises.Service
}
