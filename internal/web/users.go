package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"pacer/internal/auth"
	"pacer/internal/domain"
)

// Accounts (sysadmin): list and create. No business data here.

type usrPage struct {
	Users     []domain.User
	UnitNames map[string]string
	Roles     []domain.Role
	Units     []domain.Unit
	Form      usrForm
	Errors    []string
	Created   string
}

type usrForm struct {
	Username, DisplayName, Role, Unit string
}

var usrNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$`)

func (s *Server) usrRender(w http.ResponseWriter, r *http.Request, code int, p *usrPage) {
	var err error
	if p.Users, err = s.Store.Users(r.Context()); err != nil {
		s.pageError(w, r, err)
		return
	}
	if s.HomeRegion != "" {
		if p.Units, err = s.Store.Units(r.Context(), s.HomeRegion); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	p.UnitNames = map[string]string{}
	for _, u := range p.Units {
		p.UnitNames[u.Code] = u.Name
	}
	for _, u := range p.Users {
		if _, ok := p.UnitNames[u.UnitCode]; !ok && u.UnitCode != "" {
			if unit, err := s.Store.Unit(r.Context(), u.UnitCode); err == nil {
				p.UnitNames[u.UnitCode] = unit.Name
			}
		}
	}
	p.Roles = domain.Roles
	s.render(w, r, code, "users.html", p)
}

// GET /users
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	p := &usrPage{Created: r.URL.Query().Get("created"), Form: usrForm{Role: string(domain.RoleReporter)}}
	if wantsXLSX(r) {
		users, err := s.Store.Users(r.Context())
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		rows := [][]any{{tr(r, "users.username"), tr(r, "users.display_name"), tr(r, "users.role"), tr(r, "users.unit"),
			tr(r, "users.must_change"), tr(r, "users.state"), tr(r, "users.created")}}
		for _, u := range users {
			roleKey := "role." + string(u.Role)
			rows = append(rows, []any{u.Username, u.DisplayName, tr(r, roleKey), u.UnitCode, u.MustChange, usrState(r, u), u.CreatedAt.Format(time.RFC3339)})
		}
		s.writeXLSX(w, r, "users", tr(r, "users.title"), rows)
		return
	}
	s.usrRender(w, r, http.StatusOK, p)
}

func usrState(r *http.Request, u domain.User) string {
	switch {
	case u.Disabled:
		return tr(r, "users.disabled")
	case u.LockedUntil != nil && time.Now().Before(*u.LockedUntil):
		return tr(r, "users.locked")
	}
	return tr(r, "users.active")
}

// POST /users: username, display_name, role, unit (reporters), password and password2. The
// account must change its password at first sign-in.
func (s *Server) usersCreate(w http.ResponseWriter, r *http.Request) {
	f := usrForm{Username: strings.TrimSpace(r.PostFormValue("username")), DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
		Role: r.PostFormValue("role"), Unit: strings.TrimSpace(r.PostFormValue("unit"))}
	p := &usrPage{Form: f}
	password := r.PostFormValue("password")
	role := domain.Role(f.Role)
	if !usrNameRE.MatchString(f.Username) {
		p.Errors = append(p.Errors, tr(r, "users.err.username"))
	}
	if len([]rune(f.DisplayName)) > 100 {
		p.Errors = append(p.Errors, tr(r, "users.err.display_name"))
	}
	switch {
	case !auth.ValidRole(role):
		p.Errors = append(p.Errors, tr(r, "users.err.role"))
	case role == domain.RoleReporter && f.Unit == "":
		p.Errors = append(p.Errors, tr(r, "users.err.unit_needed"))
	case role != domain.RoleReporter && f.Unit != "":
		p.Errors = append(p.Errors, tr(r, "users.err.unit_only_reporter"))
	}
	if password != r.PostFormValue("password2") {
		p.Errors = append(p.Errors, tr(r, "users.err.mismatch"))
	} else if err := auth.ValidatePassword(password, f.Username); err != nil {
		p.Errors = append(p.Errors, tr(r, "users.err.password", displayError(r, err)))
	}
	if len(p.Errors) > 0 {
		s.usrRender(w, r, http.StatusBadRequest, p)
		return
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	u, err := s.Store.CreateUser(r.Context(), who(r), domain.User{Username: f.Username, DisplayName: f.DisplayName, Role: role,
		UnitCode: f.Unit, PasswordHash: hash, MustChange: true})
	if err != nil {
		if status(err) == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		p.Errors = append(p.Errors, displayError(r, err))
		s.usrRender(w, r, status(err), p)
		return
	}
	http.Redirect(w, r, "/users?created="+url.QueryEscape(u.Username), http.StatusSeeOther)
}
