package web

import (
	"net/http"
	"strconv"

	"pacer/internal/domain"
)

// The data-version rule of a read standby (pacer serve --db-read): a GET or HEAD may be answered
// from the standby once its data version has reached the version after the user's own last
// write, which the response to each successful write remembers in the cookie wroteCookie. A user
// therefore always sees their own writes; others' writes appear when the standby has replayed
// them. The cookie only ever sends its owner to the primary, never anyone to other data.

// wroteCookie names the cookie holding the data version after the user's last write.
func (s *Server) wroteCookie() string {
	if s.TLS {
		return "__Host-pacer_wrote"
	}
	return "pacer_wrote"
}

// readRouting marks read requests for the standby and remembers the version after writes. Without
// a standby it does nothing.
func (s *Server) readRouting(next http.Handler) http.Handler {
	if !s.ReadStandby {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			var v int64
			if c, err := r.Cookie(s.wroteCookie()); err == nil {
				v, _ = strconv.ParseInt(c.Value, 10, 64)
			}
			next.ServeHTTP(w, r.WithContext(domain.ReadAtLeast(r.Context(), v)))
			return
		}
		next.ServeHTTP(&wroteWriter{ResponseWriter: w, s: s, r: r}, r)
	})
}

// wroteWriter sets the cookie when a write's response starts: the write has committed by then
// (a handler renders after its one workflow call), and the primary's data version includes it.
type wroteWriter struct {
	http.ResponseWriter
	s       *Server
	r       *http.Request
	started bool
}

func (w *wroteWriter) WriteHeader(code int) {
	if !w.started {
		w.started = true
		if code < http.StatusBadRequest {
			if v, err := w.s.Scorecards.DataVersion(w.r.Context()); err == nil {
				http.SetCookie(w.ResponseWriter, &http.Cookie{Name: w.s.wroteCookie(), Value: strconv.FormatInt(v, 10),
					Path: "/", HttpOnly: true, Secure: w.s.TLS, SameSite: http.SameSiteLaxMode})
			}
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *wroteWriter) Write(b []byte) (int, error) {
	if !w.started {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *wroteWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
