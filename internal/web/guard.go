package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pacer/internal/accounts"
	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/locale"
)

type ctxKey int

const identityKey ctxKey = 0

// identity is who made a request: a browser session, or an API token.
type identity struct {
	user    domain.User
	csrf    string // the session's form token; "" for API tokens
	viaAPI  bool
	session string
}

func (s *Server) cookieName() string {
	if s.TLS {
		return "__Host-pacer_session"
	}
	return "pacer_session"
}

// policy is the security policy in force (read from the database, so a change counts without a
// restart); if it cannot be read, the defaults.
func (s *Server) policy(r *http.Request) accounts.Policy {
	p, err := s.Accounts.Policy(r.Context())
	if err != nil {
		s.log(r).Error("read the security policy", "err", err)
		return accounts.DefaultPolicy()
	}
	return p
}

// identify finds the account behind a request, if any: an API token (API paths only), else the
// session cookie. An error is a lookup that could not be made (the database is unreachable, as
// during a failover): the caller must not take the request for an anonymous one.
func (s *Server) identify(r *http.Request) (identity, bool, error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			u, err := s.Accounts.TokenUser(r.Context(), strings.TrimPrefix(h, "Bearer "), s.policy(r))
			if err != nil {
				return identity{}, false, lookupFailure(err)
			}
			return identity{user: u, viaAPI: true}, true, nil
		}
	}
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" {
		return identity{}, false, nil
	}
	sess, err := s.Accounts.Session(r.Context(), c.Value, s.policy(r))
	if err != nil {
		return identity{}, false, lookupFailure(err)
	}
	return identity{user: sess.User, csrf: sess.CSRFToken, session: c.Value}, true, nil
}

// lookupFailure keeps err only when it is not the answer "no such session or token".
func lookupFailure(err error) error {
	if domain.ErrorKind(err) == domain.EINTERNAL {
		return err
	}
	return nil
}

// unavailable answers 503 when the account behind a request cannot be looked up: the user is
// told to try again, never sent to the login page as if signed out.
func (s *Server) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	s.log(r).Error("identify the account", "err", err)
	w.Header().Set("Retry-After", "5")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"error": map[string]string{"kind": "unavailable",
			"message": locale.T(apiLang(r), "error.unavailable")}})
		return
	}
	s.renderError(w, r, http.StatusServiceUnavailable, tr(r, "error.unavailable"))
}

// guard admits a request to rt only when the permission table grants rt's action to the
// account's role; state-changing requests from a browser session must carry its form token.
func (s *Server) guard(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok, err := s.identify(r)
		if err != nil && rt.Action != auth.Public {
			s.unavailable(w, r, err)
			return
		}
		if ok {
			// The account's region scope (issue 16): every workflow reads it from the context.
			scope, err := s.Accounts.Scope(r.Context(), id.user)
			if err != nil {
				s.unavailable(w, r, err)
				return
			}
			ctx := domain.WithScope(context.WithValue(r.Context(), identityKey, id), scope)
			r = r.WithContext(ctx)
			if req := requestOf(r); req != nil {
				req.user = id.user.Username
			}
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			// A body over the cap is refused before anything reads it, and before the form
			// token (which is in the body) is looked for.
			if r.ContentLength > MaxRequestBody {
				s.tooLarge(w, r, rt)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, MaxRequestBody)
		}
		if rt.Action == auth.Public {
			rt.Handler(w, r)
			return
		}
		api := strings.HasPrefix(r.URL.Path, "/api/")
		if !ok {
			if api {
				w.Header().Set("WWW-Authenticate", `Bearer realm="pacer"`)
				writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]string{"kind": "unauthorized",
					"message": locale.T(apiLang(r), "accounts.sign_in_needed")}})
				return
			}
			next := r.URL.Path
			if r.Method != http.MethodGet {
				next = "/"
			}
			http.Redirect(w, r, "/login?next="+urlQueryEscape(next), http.StatusSeeOther)
			return
		}
		if !auth.Can(id.user.Role, rt.Action) {
			if api {
				s.apiError(w, r, domain.E(domain.EFORBIDDEN, "accounts.forbidden"))
			} else {
				s.renderError(w, r, http.StatusForbidden, tr(r, "error.forbidden"))
			}
			return
		}
		if !id.viaAPI && s.Accounts.MustChangePassword(id.user, s.policy(r)) && !passwordExempt[rt.Pattern] {
			if api {
				s.apiError(w, r, domain.E(domain.EFORBIDDEN, "accounts.change_password_first"))
			} else {
				http.Redirect(w, r, "/account/password", http.StatusSeeOther)
			}
			return
		}
		if !id.viaAPI && !passwordExempt[rt.Pattern] && !secondFactorExempt[rt.Pattern] {
			must, err := s.Accounts.MustEnrolSecondFactor(r.Context(), id.user, s.policy(r))
			if err != nil {
				s.pageError(w, r, err)
				return
			}
			if must {
				if api {
					s.apiError(w, r, domain.E(domain.EFORBIDDEN, "second_factor.enrol_first"))
				} else {
					http.Redirect(w, r, "/account/second-factor", http.StatusSeeOther)
				}
				return
			}
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !id.viaAPI {
			token := r.Header.Get("X-CSRF-Token")
			if token == "" {
				var err error
				if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
					err = r.ParseMultipartForm(multipartMemory)
				} else {
					err = r.ParseForm()
				}
				if _, big := errors.AsType[*http.MaxBytesError](err); big {
					s.tooLarge(w, r, rt)
					return
				}
				if err != nil {
					// A body that cannot be read whole ("growth=7.3%&…" unencoded) is refused, not
					// read without the fields it garbled.
					bad := err.Error()
					if esc, ok := errors.AsType[url.EscapeError](err); ok {
						bad = string(esc) // the bad escape itself: "%", "%zz"
					}
					s.renderError(w, r, http.StatusBadRequest, tr(r, "error.bad_form", bad))
					return
				}
				token = r.PostFormValue("csrf")
			}
			if subtle.ConstantTimeCompare([]byte(token), []byte(id.csrf)) != 1 {
				s.renderError(w, r, http.StatusForbidden, tr(r, "error.csrf"))
				return
			}
		}
		rt.Handler(w, r)
	})
}

// userOf returns the signed-in account of a request (the zero User on public routes).
func userOf(r *http.Request) domain.User {
	id, _ := r.Context().Value(identityKey).(identity)
	return id.user
}

func identityOf(r *http.Request) identity {
	id, _ := r.Context().Value(identityKey).(identity)
	return id
}

// who is the audit actor of a request.
func who(r *http.Request) domain.Who {
	u := userOf(r)
	return domain.Who{Username: u.Username, Role: u.Role, IP: clientIP(r)}
}

func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndex(host, ":"); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

func contextWith(r *http.Request, id identity) context.Context {
	return context.WithValue(r.Context(), identityKey, id)
}

// MaxRequestBody caps every request body (uploads included) before anything reads it.
const MaxRequestBody = 25 << 20

// multipartMemory is how much of a multipart form is held in memory; the rest of its files goes
// to temporary files (net/http's default).
const multipartMemory = 32 << 20

// uploadLimits are the routes taking a file, with the largest file they take: a body refused
// for its size states this limit, which is what the page says, rather than MaxRequestBody.
var uploadLimits = map[string]int64{"POST /import": impMaxBytes}

// tooLarge answers 413 for a request body over the cap, stating the limit in the request's
// language.
func (s *Server) tooLarge(w http.ResponseWriter, r *http.Request, rt Route) {
	w.Header().Set("Connection", "close")
	limit, upload := uploadLimits[rt.Pattern]
	if !upload {
		limit = MaxRequestBody
	}
	size := strconv.FormatInt(limit>>20, 10) + " MB"
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"error": map[string]string{"kind": "too_large",
			"message": locale.T(apiLang(r), "upload.too_large", size)}})
		return
	}
	key := "upload.too_large"
	if upload {
		key = "import.too_large"
	}
	s.renderError(w, r, http.StatusRequestEntityTooLarge, tr(r, key, size))
}

// passwordExempt are the routes an account that must change its password may still use.
var passwordExempt = map[string]bool{
	"GET /account/password": true, "POST /account/password": true, "POST /logout": true, "POST /lang": true,
}

// secondFactorExempt are the routes an account that must enrol a second factor may still use
// (besides passwordExempt's).
var secondFactorExempt = map[string]bool{"GET /account/second-factor": true, "POST /account/second-factor": true}
