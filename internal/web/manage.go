package web

import (
	"net/http"
	"time"

	"pacer/internal/pace"
)

// The analyst's and administrators' pages: targets, file import, the audit log, accounts.

// manageYear is the year of a YYYY-MM period (this year when it has none).
func manageYear(period string) int {
	if p, err := pace.ParsePeriod(period); err == nil {
		return p.Year
	}
	return time.Now().Year()
}

// manageActor names the signed-in account for import batches as the audit log does.
func manageActor(r *http.Request) string { return who(r).Actor() }
