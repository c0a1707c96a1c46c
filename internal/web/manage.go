package web

import "net/http"

// The analyst's and administrators' pages: targets, file import, the audit log, accounts.

// manageActor names the signed-in account for import batches as the audit log does.
func manageActor(r *http.Request) string { return who(r).Actor() }
