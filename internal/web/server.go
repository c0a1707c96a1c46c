// Package web serves Pacer over HTTP: one route table, each route with its permission, thin
// handlers over the workflows, server-rendered pages and a JSON API under /api/v1.
package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Access says who may use a route. Every route has one; a request that matches no route in
// the table is refused (deny by default).
type Access string

const (
	// Public routes answer anyone: health checks, and — until accounts arrive — the read-only
	// scorecard and ranking views of the demo.
	Public Access = "public"
)

// Route is one entry of the route table.
type Route struct {
	Pattern string // Go 1.22 method pattern, e.g. "GET /api/v1/scorecard"
	Access  Access
	Handler http.HandlerFunc
}

// Server holds what handlers need. It has no global state: tests start as many as they like.
type Server struct {
	Store *store.Store
	Log   *slog.Logger
	// Home is the region and period the home page shows first.
	HomeRegion, HomePeriod string
}

// Routes is the route table: every route Pacer serves, with its access.
func (s *Server) Routes() []Route {
	return []Route{
		{"GET /{$}", Public, s.home},
		{"GET /healthz", Public, s.health},
		{"GET /api/v1/scorecard", Public, s.apiScorecard},
		{"GET /api/v1/ranking", Public, s.apiRanking},
	}
}

// Handler returns the HTTP handler: the route table behind the security headers; anything not
// in the table is 404.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, r := range s.Routes() {
		if r.Access != Public {
			// No route may be served without a rule that admits it.
			panic("web: route " + r.Pattern + " has no access rule that can be enforced")
		}
		mux.HandleFunc(r.Pattern, r.Handler)
	}
	return securityHeaders(mux)
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' "+styleSources+"; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": string(s.Store.Dialect())})
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

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	msg := domain.ErrorMessage(err)
	if code == http.StatusInternalServerError {
		s.logger().Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var e *domain.Error
	kind := domain.EINTERNAL
	if errors.As(err, &e) {
		kind = e.Kind
	}
	writeJSON(w, code, map[string]any{"error": map[string]string{"kind": kind, "message": msg}})
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

func displayError(err error) string { return domain.ErrorMessage(err) }
