package web

import (
	"net/http"

	"pacer/internal/accounts"
	"pacer/internal/domain"
)

// parsePasswordChange reads the password form: current, new and repeated password.
func parsePasswordChange(r *http.Request) accounts.PasswordChange {
	return accounts.PasswordChange{Current: r.PostFormValue("current"), New: r.PostFormValue("new"), Again: r.PostFormValue("again"),
		KeepSession: identityOf(r).session}
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	p := s.policy(r)
	s.render(w, r, http.StatusOK, "password.html", map[string]any{"Forced": s.Accounts.MustChangePassword(userOf(r), p), "Policy": p})
}

// POST /account/password: a wrong current password counts towards the lockout; the change ends
// the account's other sessions.
func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	err := s.Accounts.ChangePassword(r.Context(), who(r), u, parsePasswordChange(r))
	if k := domain.ErrorKind(err); k == domain.EINVALID || k == domain.EFORBIDDEN {
		p := s.policy(r)
		s.render(w, r, status(err), "password.html", map[string]any{"Forced": s.Accounts.MustChangePassword(u, p), "Policy": p,
			"Error": displayError(r, err)})
		return
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/?done=password", http.StatusSeeOther)
}
