package web

import (
	"net/http"
	"net/url"
	"strings"

	"pacer/internal/accounts"
	"pacer/internal/domain"
)

// Role assignment (secadmin): every account with its one role; a reporter has a unit.

type rolesPage struct {
	accounts.Directory
	Roles    []domain.Role
	Me       string
	Error    string
	ErrorFor string
	Saved    string
}

func (s *Server) rolesRender(w http.ResponseWriter, r *http.Request, code int, p *rolesPage) {
	var err error
	if p.Directory, err = s.Accounts.Directory(r.Context(), s.HomeRegion); err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Roles, p.Me = domain.Roles, userOf(r).Username
	s.render(w, r, code, "roles.html", p)
}

// GET /roles
func (s *Server) rolesPage(w http.ResponseWriter, r *http.Request) {
	s.rolesRender(w, r, http.StatusOK, &rolesPage{Saved: r.URL.Query().Get("saved")})
}

// parseRoleChange reads the role form of the account in the path: role and unit (reporters).
func parseRoleChange(r *http.Request) accounts.RoleChange {
	return accounts.RoleChange{Username: r.PathValue("username"), Role: domain.Role(r.PostFormValue("role")),
		Unit: strings.TrimSpace(r.PostFormValue("unit"))}
}

// POST /roles/{username}
func (s *Server) roleAssign(w http.ResponseWriter, r *http.Request) {
	c := parseRoleChange(r)
	u, err := s.Accounts.AssignRole(r.Context(), who(r), c)
	if err != nil {
		if status(err) == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		s.rolesRender(w, r, status(err), &rolesPage{Error: displayError(r, err), ErrorFor: c.Username})
		return
	}
	http.Redirect(w, r, "/roles?saved="+url.QueryEscape(u.Username), http.StatusSeeOther)
}
