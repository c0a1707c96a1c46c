package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"pacer/internal/accounts"
	"pacer/internal/domain"
)

// Accounts (sysadmin): list and create. No business data here.

type usrPage struct {
	accounts.Directory
	Roles   []domain.Role
	Form    usrForm
	Errors  []string
	Created string
	Me      string
	// Disabled and Enabled name the account just disabled or enabled.
	Disabled, Enabled string
	// Scope is the signed-in account's region ("" for the whole deployment): a new account left
	// without a region gets it (accounts.Service.Create), which the form's hint says.
	Scope string
}

// usrForm is the new-account form: username, display_name, role, unit (reporters), password and
// password2.
type usrForm struct {
	Username, DisplayName, Role, Unit string
	Region                            string // the account's scope (issue 16); empty: the creator's
	password, password2               string
}

func parseUsrForm(r *http.Request) usrForm {
	return usrForm{Username: strings.TrimSpace(r.PostFormValue("username")), DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
		Role: r.PostFormValue("role"), Unit: strings.TrimSpace(r.PostFormValue("unit")),
		Region:   strings.TrimSpace(r.PostFormValue("region")),
		password: r.PostFormValue("password"), password2: r.PostFormValue("password2")}
}

// account is the account the form asks for: its password is one-time.
func (f usrForm) account() accounts.NewAccount {
	return accounts.NewAccount{Username: f.Username, DisplayName: f.DisplayName, Role: domain.Role(f.Role), Unit: f.Unit, Region: f.Region,
		Password: f.password, Again: f.password2, MustChange: true}
}

func (s *Server) usrRender(w http.ResponseWriter, r *http.Request, code int, p *usrPage) {
	var err error
	at, _ := s.homeOf(r) // before the first-run step, no units are offered
	if p.Directory, err = s.Accounts.Directory(r.Context(), at.Region); err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Roles, p.Me, p.Scope = domain.Roles, userOf(r).Username, domain.ScopeOf(r.Context()).Region
	s.render(w, r, code, "users.html", p)
}

// GET /users
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	if wantsXLSX(r) {
		s.usersXLSX(w, r)
		return
	}
	s.usrRender(w, r, http.StatusOK, &usrPage{Created: r.URL.Query().Get("created"), Disabled: r.URL.Query().Get("disabled"), Enabled: r.URL.Query().Get("enabled"),
		Form: usrForm{Role: string(domain.RoleReporter)}})
}

// GET /users?format=xlsx
func (s *Server) usersXLSX(w http.ResponseWriter, r *http.Request) {
	users, err := s.Accounts.Users(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rows := [][]any{{tr(r, "users.username"), tr(r, "users.display_name"), tr(r, "users.role"), tr(r, "users.unit"), tr(r, "users.region"),
		tr(r, "users.must_change"), tr(r, "users.state"), tr(r, "users.created")}}
	for _, u := range users {
		roleKey := "role." + string(u.Role)
		rows = append(rows, []any{u.Username, u.DisplayName, tr(r, roleKey), u.UnitCode, u.RegionCode, u.MustChange, usrState(r, u), u.CreatedAt.Format(time.RFC3339)})
	}
	s.writeXLSX(w, r, "users", tr(r, "users.title"), rows)
}

func usrState(r *http.Request, u domain.User) string {
	switch {
	case u.Disabled:
		return tr(r, "users.disabled")
	case u.Locked(time.Now()):
		return tr(r, "users.locked")
	}
	return tr(r, "users.active")
}

// POST /users: the account must change its password at first sign-in.
func (s *Server) usersCreate(w http.ResponseWriter, r *http.Request) {
	f := parseUsrForm(r)
	u, err := s.Accounts.Create(r.Context(), who(r), f.account())
	if err != nil {
		code := status(err)
		if code == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		p := &usrPage{Form: f}
		for _, e := range accounts.Problems(err) {
			p.Errors = append(p.Errors, domain.Message(langOf(r), e))
		}
		s.usrRender(w, r, code, p)
		return
	}
	http.Redirect(w, r, "/users?created="+url.QueryEscape(u.Username), http.StatusSeeOther)
}

// POST /users/{username}/disable: the account's sessions and API tokens end at once.
func (s *Server) usersDisable(w http.ResponseWriter, r *http.Request) { s.usersSetDisabled(w, r, true) }

// POST /users/{username}/enable
func (s *Server) usersEnable(w http.ResponseWriter, r *http.Request) { s.usersSetDisabled(w, r, false) }

func (s *Server) usersSetDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	u, err := s.Accounts.SetDisabled(r.Context(), who(r), r.PathValue("username"), disabled)
	if err != nil {
		if status(err) == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		s.usrRender(w, r, status(err), &usrPage{Errors: []string{displayError(r, err)}, Form: usrForm{Role: string(domain.RoleReporter)}})
		return
	}
	done := "enabled"
	if disabled {
		done = "disabled"
	}
	http.Redirect(w, r, "/users?"+done+"="+url.QueryEscape(u.Username), http.StatusSeeOther)
}
