package web

import (
	"net/http"

	"pacer/internal/accounts"
	"pacer/internal/domain"
)

// parsePasswordChange reads the password form: current, new and repeated password.
func parsePasswordChange(r *http.Request) accounts.PasswordChange {
	return accounts.PasswordChange{Current: r.PostFormValue("current"), New: r.PostFormValue("new"), Again: r.PostFormValue("again")}
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password.html", map[string]any{"Forced": s.Accounts.MustChangePassword(userOf(r), s.policy())})
}

// POST /account/password
func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	err := s.Accounts.ChangePassword(r.Context(), who(r), u, parsePasswordChange(r))
	if domain.ErrorKind(err) == domain.EINVALID {
		s.render(w, r, http.StatusBadRequest, "password.html", map[string]any{"Forced": s.Accounts.MustChangePassword(u, s.policy()),
			"Error": displayError(r, err)})
		return
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/?done=password", http.StatusSeeOther)
}
