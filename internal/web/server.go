// Package web serves Pacer over HTTP: one route table in which every route names the action it
// performs, a guard that admits a request only when the permission table grants that action to
// the signed-in account's role (deny by default), thin handlers over the workflows,
// server-rendered pages and a JSON API under /api/v1.
package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"pacer/internal/auth"
	"pacer/internal/cache"
	"pacer/internal/domain"
)

// Route is one entry of the route table.
type Route struct {
	Pattern string      // Go 1.22 method pattern, e.g. "GET /api/v1/scorecard"
	Action  auth.Action // what it does: the permission table decides who may
	Handler http.HandlerFunc
}

// Server holds what handlers need. It has no global state: tests start as many as they like.
type Server struct {
	Services
	Log *slog.Logger
	// Home is the region and period pages show first.
	HomeRegion, HomePeriod string
	// TLS: cookies are Secure and __Host- prefixed.
	TLS bool
	// MetricsToken guards GET /metrics (Bearer); empty: /metrics is 404.
	MetricsToken string
	// Metrics collects request counts and latencies; made on first use when nil.
	Metrics *Metrics
	// Gauges, when set, reports values of the moment for /metrics (database pool, outbox backlog).
	Gauges func(context.Context) []Gauge
	// ReadStandby: the store has a read standby (pacer serve --db-read); read requests may use it
	// under the data-version rule (readRouting).
	ReadStandby bool

	cacheOnce   sync.Once
	cache       *cache.Versioned
	metricsOnce sync.Once
	shells      shellCache
}

// Routes is the route table: every route Pacer serves, with the action it performs.
func (s *Server) Routes() []Route {
	return []Route{
		{"GET /healthz", auth.Public, s.health},
		{"GET /metrics", auth.Public, s.metricsPage}, // its own token: see metricsPage
		{"GET /static/", auth.Public, s.static},
		{"GET /login", auth.Public, s.loginForm},
		{"POST /login", auth.Public, s.login},
		{"POST /logout", auth.SignedIn, s.logout},
		{"POST /lang", auth.SignedIn, s.setLang},
		{"GET /{$}", auth.SignedIn, s.home},
		{"GET /account/password", auth.SignedIn, s.passwordForm},
		{"POST /account/password", auth.SignedIn, s.passwordChange},
		{"GET /account/second-factor", auth.SignedIn, s.secondFactorPage},
		{"POST /account/second-factor", auth.SignedIn, s.secondFactorConfirm},
		{"GET /account/tokens", auth.SignedIn, s.tokensPage(false)},
		{"POST /account/tokens/{id}/revoke", auth.SignedIn, s.tokenRevoke(false)},

		{"GET /dashboard", auth.ViewData, s.dashboard},
		{"GET /scorecard", auth.ViewData, s.scorecardPage},
		{"GET /indicators/{code}", auth.ViewData, s.indicatorPage},
		{"POST /indicators/{code}/basis", auth.EditTargets, s.indicatorBasis},
		{"GET /goaltree", auth.ViewData, s.goalTreePage},
		{"GET /goals/long-range", auth.ViewData, s.longRangePage},
		{"GET /api/v1/scorecard", auth.ViewData, s.apiScorecard},
		{"GET /api/v1/ranking", auth.ViewData, s.apiRanking},
		{"GET /api/v1/indicators/{code}/series", auth.ViewData, s.apiSeries},
		{"GET /api/v1/openapi.json", auth.SignedIn, s.apiOpenAPI},
		{"GET /api/v1/indicators/{code}/scenario", auth.ViewData, s.apiScenario},
		{"GET /rollup", auth.ViewRollup, s.rollupPage},
		{"GET /api/v1/rollup", auth.ViewRollup, s.apiRollup},

		{"POST /goaltree/focus", auth.EditGoalTree, s.goalTreeAddFocus},
		{"POST /goals/long-range", auth.EditTargets, s.longRangeSave},
		{"POST /plans", auth.EditTargets, s.planSave},
		{"POST /plans/{id}/approve", auth.EditTargets, s.planApprove},
		{"POST /goaltree/measures", auth.EditGoalTree, s.goalTreeAddMeasure},
		{"POST /goaltree/measures/{id}", auth.EditGoalTree, s.goalTreeEditMeasure},
		{"POST /goaltree/measures/{id}/archive", auth.EditGoalTree, s.goalTreeArchiveMeasure},

		{"GET /entry", auth.SubmitData, s.entryPage},
		{"POST /entry", auth.SubmitData, s.entrySave},

		{"GET /review", auth.ReviewData, s.reviewPage},
		{"POST /review/{id}/approve", auth.ReviewData, s.reviewApprove},
		{"POST /review/{id}/return", auth.ReviewData, s.reviewReturn},
		{"POST /periods", auth.ReviewData, s.periodSet},

		{"GET /targets", auth.EditTargets, s.targetsPage},
		{"POST /targets", auth.EditTargets, s.targetsSave},

		{"GET /import", auth.ImportFiles, s.importPage},
		{"POST /import", auth.ImportFiles, s.importPreview},
		{"POST /import/confirm", auth.ImportFiles, s.importConfirm},
		{"GET /import/template/{kind}", auth.ImportFiles, s.importTemplate},

		{"GET /units", auth.ViewData, s.unitsPage},
		{"POST /units", auth.EditUnits, s.unitsAdd},
		{"POST /units/{code}/rename", auth.EditUnits, s.unitsRename},
		{"POST /units/{code}/retire", auth.EditUnits, s.unitsRetire},
		{"POST /units/{code}/indicators", auth.EditUnits, s.unitsIndicators},

		{"GET /audit", auth.ReadAudit, s.auditPage},

		{"GET /users", auth.ManageUsers, s.usersPage},
		{"POST /users", auth.ManageUsers, s.usersCreate},
		{"POST /users/{username}/disable", auth.ManageUsers, s.usersDisable},
		{"POST /users/{username}/enable", auth.ManageUsers, s.usersEnable},

		{"GET /policy", auth.ManageRoles, s.policyShow},
		{"POST /policy", auth.ManageRoles, s.policySave},
		{"GET /roles", auth.ManageRoles, s.rolesPage},
		{"POST /roles/{username}", auth.ManageRoles, s.roleAssign},
		{"GET /users/tokens", auth.ManageUsers, s.tokensPage(true)},
		{"POST /users/tokens/{id}/revoke", auth.ManageUsers, s.tokenRevoke(true)},

		{"GET /projects", auth.ViewRegisters, s.projectsPage},
		{"GET /projects/{code}", auth.ViewRegisters, s.projectPage},
		{"GET /projects/{code}/photos/{id}", auth.ViewRegisters, s.projectPhoto},
		{"POST /projects/{code}", auth.EditRegisters, s.projectSave},
		{"POST /projects/{code}/progress", auth.EditRegisters, s.projectProgress},
		{"POST /projects/{code}/milestones", auth.EditRegisters, s.projectMilestone},
		{"POST /projects/{code}/problems", auth.EditRegisters, s.projectProblemAdd},
		{"POST /projects/{code}/problems/{id}", auth.EditRegisters, s.projectProblemState},
		{"POST /projects/{code}/photos", auth.EditRegisters, s.projectPhotoAdd},
		{"GET /attraction", auth.ViewRegisters, s.attractionPage},
		{"GET /attraction/leads/{code}", auth.ViewRegisters, s.leadPage},
		{"POST /attraction/leads/{code}", auth.EditRegisters, s.leadSave},
		{"POST /attraction/leads/{code}/project", auth.EditRegisters, s.leadToProject},
		{"GET /api/v1/attraction/summary", auth.ViewRegisters, s.apiAttractionSummary},
		{"GET /enterprises", auth.ViewRegisters, s.enterprisesPage},

		{"GET /setup", auth.Configure, s.setupPage},
		{"POST /setup", auth.Configure, s.setupSave},

		{"GET /notify", auth.ManageNotify, s.notifyPage},
		{"POST /notify/subscriptions", auth.ManageNotify, s.notifySubscribe},
		{"POST /notify/subscriptions/{id}/remove", auth.ManageNotify, s.notifyUnsubscribe},
		{"POST /notify/outbox/{id}/retry", auth.ManageNotify, s.notifyRetry},
		{"GET /deadlines", auth.ManageNotify, s.deadlinesPage},
		{"POST /deadlines", auth.ManageNotify, s.deadlinesSave},
		{"POST /deadlines/day", auth.ManageNotify, s.deadlinesDay},
		{"GET /dispatch", auth.ViewCadence, s.dispatchPage},
		{"GET /dispatch/print", auth.ViewCadence, s.dispatchPrint},
		{"GET /dispatch/agenda.docx", auth.ViewCadence, s.dispatchAgendaDocx},
		{"GET /report/monthly", auth.ViewData, s.reportMonthly},
		{"GET /report/monthly/print", auth.ViewData, s.reportMonthlyPrint},
		{"GET /report/monthly/versions", auth.ViewData, s.reportVersions},
		{"GET /report/monthly/versions/{id}", auth.ViewData, s.reportVersionDocx},
		{"GET /report/monthly/edit", auth.EditReport, s.reportEditPage},
		{"POST /report/monthly/edit", auth.EditReport, s.reportEditSave},
		{"POST /report/monthly/final", auth.EditReport, s.reportFinal},
		{"GET /dispatch/meetings/{id}", auth.ViewCadence, s.dispatchMinutes},
		{"GET /dispatch/meetings/{id}/minutes.docx", auth.ViewCadence, s.dispatchMinutesDocx},
		{"POST /dispatch/items", auth.ManageCadence, s.dispatchAdd},
		{"POST /dispatch/items/move", auth.ManageCadence, s.dispatchMove},
		{"POST /dispatch/items/remove", auth.ManageCadence, s.dispatchRemove},
		{"POST /dispatch/meetings", auth.ManageCadence, s.dispatchMeeting},
		{"GET /display", auth.ViewCadence, s.displayPage},
		{"GET /followups", auth.ViewFollowups, s.followupsPage},
		{"GET /followups/photos/{id}", auth.ViewFollowups, s.followupsPhoto},
		{"POST /followups", auth.ManageCadence, s.followupsCreate},
		{"POST /followups/{id}/reply", auth.ReplyFollowup, s.followupsReply},
		{"POST /followups/{id}/extension", auth.ReplyFollowup, s.followupsExtension},
		{"POST /followups/{id}/close", auth.ManageCadence, s.followupsClose},
		{"POST /followups/{id}/return", auth.ManageCadence, s.followupsReturn},
		{"POST /followups/{id}/extension/decide", auth.ManageCadence, s.followupsDecide},
		{"POST /followups/{id}/leader", auth.ManageCadence, s.followupsLeader},
		{"GET /assess", auth.ViewCadence, s.assessPage},
		{"POST /assess", auth.ManageCadence, s.assessTake},
		{"POST /assess/notes", auth.ManageCadence, s.assessNote},
	}
}

// Handler returns the HTTP handler: security headers, cross-origin protection, and the route
// table with every route behind its guard. A path in no route is 404.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		mux.Handle(rt.Pattern, s.observe(rt.Pattern, s.guard(rt)))
	}
	mux.Handle("/", s.observe("unmatched", http.HandlerFunc(s.notFound)))
	cop := http.NewCrossOriginProtection()
	return securityHeaders(cop.Handler(s.readRouting(mux)))
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' "+styleSources+"; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// health answers whether the server and its database answer; it says nothing else (public).
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if err := s.Scorecards.Ping(ctx); err != nil {
		s.log(r).Error("health: database", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": s.Scorecards.Database()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": s.Scorecards.Database()})
}

// home sends each role to its first page.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	dest := "/dashboard"
	switch userOf(r).Role {
	case domain.RoleReporter:
		dest = "/entry"
	case domain.RoleAuditor:
		dest = "/audit"
	case domain.RoleSysadmin:
		dest = "/users"
		if _, err := s.homeOf(r); err != nil {
			dest = "/setup" // the first-run step comes first
		}
	case domain.RoleSecadmin:
		dest = "/policy"
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
}

// status maps an error kind to an HTTP status.
func status(err error) int {
	switch domain.ErrorKind(err) {
	case domain.EINVALID:
		return http.StatusBadRequest
	case domain.ENOTFOUND:
		return http.StatusNotFound
	case domain.ECONFLICT:
		return http.StatusConflict
	case domain.EFORBIDDEN:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// apiError writes err as API JSON, {"error": {"kind", "message"}}, its message in the API
// language (apiLang); an internal error is logged and its cause never shown.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	if code == http.StatusInternalServerError {
		s.log(r).Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, code, map[string]any{"error": map[string]string{"kind": domain.ErrorKind(err), "message": domain.Message(apiLang(r), err)}})
}

func (s *Server) logger() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// encodeJSON encodes v as writeJSON would.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// displayError is the user-safe message of err in the request's page language, for a page that
// shows it (pageError, or beside a form); an internal error reads as the generic text.
func displayError(r *http.Request, err error) string {
	if status(err) == http.StatusInternalServerError {
		return tr(r, "error.internal")
	}
	return domain.Message(langOf(r), err)
}
