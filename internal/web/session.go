package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"pacer/internal/accounts"
	"pacer/internal/locale"
)

// signInForm is the login form: username, password and the page to return to.
type signInForm struct {
	Username, Password, Code, Next string
}

func parseSignIn(r *http.Request) signInForm {
	return signInForm{Username: strings.TrimSpace(r.PostFormValue("username")), Password: r.PostFormValue("password"),
		Code: r.PostFormValue("code"), Next: safeNext(r.PostFormValue("next"))}
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if lang := r.URL.Query().Get("lang"); lang != "" { // the login page's language switch (POST /lang needs a session)
		s.setLangCookie(w, lang)
		http.Redirect(w, r, "/login?next="+url.QueryEscape(safeNext(r.URL.Query().Get("next"))), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login.html", map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
}

// POST /login: the same message for an unknown user, a wrong password or second-factor code, a
// locked account and a throttled address (accounts.ErrSignInFailed); an account with a second
// factor signing in without a code is asked for one.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	f := parseSignIn(r)
	in, err := s.Accounts.SignIn(r.Context(), accounts.Credentials{Username: f.Username, Password: f.Password, Code: f.Code, IP: clientIP(r)})
	if errors.Is(err, accounts.ErrSignInFailed) {
		s.render(w, r, http.StatusUnauthorized, "login.html", map[string]any{"Next": f.Next, "Username": f.Username, "Error": tr(r, "login.failed")})
		return
	}
	if errors.Is(err, accounts.ErrSecondFactorNeeded) {
		s.render(w, r, http.StatusUnauthorized, "login.html", map[string]any{"Next": f.Next, "Username": f.Username,
			"Error": tr(r, "second_factor.code_needed"), "NeedCode": true})
		return
	}
	if err != nil {
		s.log(r).Error("sign in", "err", err)
		s.renderError(w, r, http.StatusInternalServerError, tr(r, "error.internal"))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: in.Token, Path: "/", HttpOnly: true,
		Secure: s.TLS, SameSite: http.SameSiteLaxMode})
	http.SetCookie(w, &http.Cookie{Name: "pacer_lang", Value: in.Lang, Path: "/", SameSite: http.SameSiteLaxMode, Secure: s.TLS})
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
}

// POST /logout ends the session on the server and clears the cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if id := identityOf(r); id.session != "" {
		if err := s.Accounts.SignOut(r.Context(), who(r), id.session); err != nil {
			s.log(r).Error("sign out", "err", err)
			s.renderError(w, r, http.StatusInternalServerError, tr(r, "error.internal"))
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.TLS, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// POST /lang switches the interface language (lang=en|zh-CN) and returns to the page.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	s.setLangCookie(w, r.PostFormValue("lang"))
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// setLangCookie keeps the interface language (lang=en|zh-CN) for a year.
func (s *Server) setLangCookie(w http.ResponseWriter, lang string) {
	http.SetCookie(w, &http.Cookie{Name: "pacer_lang", Value: locale.Match(lang), Path: "/",
		SameSite: http.SameSiteLaxMode, Secure: s.TLS, MaxAge: 365 * 24 * 3600})
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// langOf returns the request's interface language: the pacer_lang cookie, else zh-CN.
func langOf(r *http.Request) string {
	if c, err := r.Cookie("pacer_lang"); err == nil {
		return locale.Match(c.Value)
	}
	return "zh-CN"
}

// apiLang is the language of an API response: a browser session's (the pacer_lang cookie, as its
// pages, else the account's), else the Accept-Language header, else the API token account's,
// else zh-CN.
func apiLang(r *http.Request) string {
	id := identityOf(r)
	if id.session != "" {
		if c, err := r.Cookie("pacer_lang"); err == nil {
			return locale.Match(c.Value)
		}
		return locale.Match(id.user.Lang)
	}
	if lang, ok := locale.Accept(r.Header.Get("Accept-Language")); ok {
		return lang
	}
	return locale.Match(id.user.Lang)
}

// tr translates key into the request's language.
func tr(r *http.Request, key string, args ...any) string { return locale.T(langOf(r), key, args...) }
