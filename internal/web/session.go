package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"pacer/internal/auth"
	"pacer/internal/locale"
	"pacer/internal/store"
)

// dummyHash is checked against when the username is unknown, so both failures take as long.
var dummyHash, _ = auth.HashPassword("not-a-real-password-Aa1!")

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login.html", map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
}

// POST /login: username and password; the same message for an unknown user, a wrong password
// and a locked account.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	name, password := strings.TrimSpace(r.PostFormValue("username")), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	ip := clientIP(r)
	fail := func() {
		s.throttle().fail(ip, time.Now())
		s.render(w, r, http.StatusUnauthorized, "login.html", map[string]any{"Next": next, "Username": name, "Error": tr(r, "login.failed")})
	}
	if s.throttle().blocked(ip, time.Now()) {
		auth.CheckPassword(dummyHash, password)
		s.auditAuth(r, store.Who{Username: name, IP: ip}, "auth.throttled", "ip:"+ip, "too many failed logins from this address")
		s.render(w, r, http.StatusUnauthorized, "login.html", map[string]any{"Next": next, "Username": name, "Error": tr(r, "login.failed")})
		return
	}
	u, err := s.Store.UserByName(r.Context(), name)
	if err != nil {
		auth.CheckPassword(dummyHash, password)
		s.auditAuth(r, store.Who{Username: name, IP: clientIP(r)}, "auth.login_failed", "user:"+name, "unknown user")
		fail()
		return
	}
	if u.Disabled || (u.LockedUntil != nil && time.Now().Before(*u.LockedUntil)) {
		auth.CheckPassword(dummyHash, password)
		s.auditAuth(r, store.Who{Username: u.Username, Role: u.Role, IP: clientIP(r)}, "auth.login_refused", "user:"+u.Username, "locked or disabled")
		fail()
		return
	}
	if !auth.CheckPassword(u.PasswordHash, password) {
		if _, err := s.Store.RecordLogin(r.Context(), u, false, clientIP(r)); err != nil {
			s.renderError(w, r, http.StatusInternalServerError, tr(r, "error.internal"))
			return
		}
		fail()
		return
	}
	// A new token at every login; CreateSession also clears the failure count and audits the login.
	token, csrf := auth.NewToken(), auth.NewToken()
	if err := s.Store.CreateSession(r.Context(), u, token, csrf, clientIP(r)); err != nil {
		s.renderError(w, r, http.StatusInternalServerError, tr(r, "error.internal"))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: token, Path: "/", HttpOnly: true,
		Secure: s.TLS, SameSite: http.SameSiteLaxMode})
	http.SetCookie(w, &http.Cookie{Name: "pacer_lang", Value: locale.Match(u.Lang), Path: "/", SameSite: http.SameSiteLaxMode, Secure: s.TLS})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// POST /logout ends the session on the server and clears the cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	id := identityOf(r)
	if id.session != "" {
		if err := s.Store.DeleteSession(r.Context(), who(r), id.session); err != nil {
			s.renderError(w, r, http.StatusInternalServerError, tr(r, "error.internal"))
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.TLS, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// POST /lang switches the interface language (lang=en|zh-CN) and returns to the page.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "pacer_lang", Value: locale.Match(r.PostFormValue("lang")), Path: "/",
		SameSite: http.SameSiteLaxMode, Secure: s.TLS, MaxAge: 365 * 24 * 3600})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
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

// auditAuth records an authentication event that changes nothing (a refused login). A failure to
// record it is logged: the refusal itself stands either way.
func (s *Server) auditAuth(r *http.Request, by store.Who, action, object, outcome string) {
	if err := s.Store.AuditEvent(r.Context(), by, action, object, outcome); err != nil {
		s.logger().Error("audit authentication event", "action", action, "object", object, "err", err)
	}
}
