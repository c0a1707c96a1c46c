package web

import (
	"net/http"
	"strconv"
	"time"

	"pacer/internal/domain"
)

// API tokens: every account lists and revokes its own (/account/tokens); the sysadmin every
// account's (/users/tokens). Tokens are issued with `pacer user token`.

type tokenPage struct {
	All     bool // every account's tokens (sysadmin), with the account column
	Action  string
	Tokens  []tokenRow
	Revoked string
}

type tokenRow struct {
	domain.APIToken
	State string // revoked, expired or active
}

// tokenScope is the account whose tokens a request may see: the signed-in one's on
// /account/tokens, every account's ("") on /users/tokens.
func tokenScope(r *http.Request, all bool) string {
	if all {
		return ""
	}
	return userOf(r).Username
}

func (s *Server) tokensPage(all bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tokens, err := s.Accounts.Tokens(r.Context(), tokenScope(r, all))
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		p := tokenPage{All: all, Action: tokenBase(all), Revoked: r.URL.Query().Get("revoked")}
		now := time.Now()
		for _, t := range tokens {
			p.Tokens = append(p.Tokens, tokenRow{t, t.State(now)})
		}
		s.render(w, r, http.StatusOK, "tokens.html", p)
	}
}

func tokenBase(all bool) string {
	if all {
		return "/users/tokens"
	}
	return "/account/tokens"
}

// POST /account/tokens/{id}/revoke and /users/tokens/{id}/revoke.
func (s *Server) tokenRevoke(all bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			s.pageError(w, r, domain.E(domain.ENOTFOUND, "tokens.unknown", r.PathValue("id")))
			return
		}
		if err := s.Accounts.RevokeToken(r.Context(), who(r), tokenScope(r, all), id); err != nil {
			s.pageError(w, r, err)
			return
		}
		http.Redirect(w, r, tokenBase(all)+"?revoked="+strconv.FormatInt(id, 10), http.StatusSeeOther)
	}
}
