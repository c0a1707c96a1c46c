package web

import (
	"net/http"
	"time"

	"pacer/internal/auth"
	"pacer/internal/domain"
)

// DefaultPasswordMaxAge is how long a password lasts before it must be changed (等保: 90 days).
const DefaultPasswordMaxAge = 90 * 24 * time.Hour

// mustChangePassword reports whether u must change the password before anything else: a new
// account with a one-time password, or a password older than the maximum age.
func (s *Server) mustChangePassword(u domain.User) bool {
	if u.MustChange {
		return true
	}
	maxAge := s.PasswordMaxAge
	if maxAge == 0 {
		maxAge = DefaultPasswordMaxAge
	}
	return maxAge > 0 && time.Since(u.PasswordChangedAt) > maxAge
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password.html", map[string]any{"Forced": s.mustChangePassword(userOf(r))})
}

// POST /account/password: current, new and repeated password.
func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	current, next, again := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("again")
	fail := func(code int, msg string) {
		s.render(w, r, code, "password.html", map[string]any{"Forced": s.mustChangePassword(u), "Error": msg})
	}
	if !auth.CheckPassword(u.PasswordHash, current) {
		fail(http.StatusBadRequest, tr(r, "password.wrong_current"))
		return
	}
	if next != again {
		fail(http.StatusBadRequest, tr(r, "password.mismatch"))
		return
	}
	if err := auth.ValidatePassword(next, u.Username); err != nil {
		fail(http.StatusBadRequest, displayError(r, err))
		return
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := s.Store.ChangePassword(r.Context(), who(r), u, hash, func(old string) bool { return auth.CheckPassword(old, next) }); err != nil {
		if status(err) == http.StatusBadRequest {
			fail(http.StatusBadRequest, displayError(r, err))
			return
		}
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/?done=password", http.StatusSeeOther)
}
