package web

import (
	"net/http"
	"strconv"
	"strings"

	"pacer/internal/accounts"
	"pacer/internal/domain"
)

// The security policy (secadmin): password rules, lockout, session timeouts, second factor.

type policyPage struct {
	Policy map[string]string // the settings in force, by name
	Names  []string          // domain.PolicySettingNames without the roles
	Roles  []domain.Role
	Second map[domain.Role]bool
	Errors []string
	Saved  string // how many settings the last save changed
	// Shared: the account may change the policy, which every region shares — a deployment-wide
	// account (issue 16); a county's security administrator reads it.
	Shared bool
}

// policyForm is the policy form: one field per setting name (domain.PolicySettingNames), the
// second-factor roles as checkboxes (second_factor_roles, repeated) — read only when the form says
// it sent them (second_factor_form=1), since an unticked box sends nothing.
type policyForm map[string]string

func parsePolicyForm(r *http.Request) policyForm {
	r.ParseForm()
	f := policyForm{}
	for _, name := range domain.PolicySettingNames {
		if name == domain.SettingSecondFactorRoles {
			if r.PostForm.Get("second_factor_form") == "1" {
				f[name] = strings.Join(r.PostForm[name], ",")
			}
			continue
		}
		if v, ok := r.PostForm[name]; ok && strings.TrimSpace(v[0]) != "" {
			f[name] = strings.TrimSpace(v[0])
		}
	}
	return f
}

func (s *Server) policyRender(w http.ResponseWriter, r *http.Request, code int, p *policyPage, form policyForm) {
	cur, err := s.Accounts.Policy(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Policy, p.Shared = cur.Settings(), domain.ScopeOf(r.Context()).Whole()
	for name, v := range form {
		p.Policy[name] = v
	}
	p.Roles = domain.Roles
	p.Second = map[domain.Role]bool{}
	for _, role := range strings.Split(p.Policy[domain.SettingSecondFactorRoles], ",") {
		p.Second[domain.Role(role)] = true
	}
	for _, name := range domain.PolicySettingNames {
		if name != domain.SettingSecondFactorRoles {
			p.Names = append(p.Names, name)
		}
	}
	s.render(w, r, code, "policy.html", p)
}

// GET /policy
func (s *Server) policyShow(w http.ResponseWriter, r *http.Request) {
	s.policyRender(w, r, http.StatusOK, &policyPage{Saved: r.URL.Query().Get("saved")}, nil)
}

// POST /policy: the settings given replace those in force; each change is audited old → new.
func (s *Server) policySave(w http.ResponseWriter, r *http.Request) {
	f := parsePolicyForm(r)
	changed, err := s.Accounts.SetPolicySettings(r.Context(), who(r), f)
	if err != nil {
		if status(err) == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		p := &policyPage{}
		for _, e := range accounts.Problems(err) {
			p.Errors = append(p.Errors, domain.Message(langOf(r), e))
		}
		s.policyRender(w, r, status(err), p, f)
		return
	}
	http.Redirect(w, r, "/policy?saved="+strconv.Itoa(len(changed)), http.StatusSeeOther)
}
