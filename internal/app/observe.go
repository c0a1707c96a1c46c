package app

import (
	"pacer/internal/schedule"
	"pacer/internal/web"
)

// Observe makes m the observer of sv's imports (statistics files; the registers' key projects,
// leads and enterprises, alone or together) and of sch's job runs: their durations appear on
// GET /metrics (pacer_import_duration_seconds, pacer_job_duration_seconds) of the server that
// reports m. Hooks, not globals: each server has its own metrics.
func Observe(m *web.Metrics, sv web.Services, sch *schedule.Scheduler) {
	if sv.Imports != nil {
		sv.Imports.Observe = m.ObserveImport
	}
	if sv.Projects != nil {
		sv.Projects.Observe = m.ObserveImport
	}
	if sv.Leads != nil {
		sv.Leads.Observe = m.ObserveImport
	}
	if sv.Enterprises != nil {
		sv.Enterprises.Observe = m.ObserveImport
	}
	if sv.Registers != nil {
		sv.Registers.Observe = m.ObserveImport
	}
	if sch != nil {
		sch.Observe = m.ObserveJob
	}
}
