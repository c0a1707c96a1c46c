package accounts

import (
	"context"
	"strings"
	"time"

	"pacer/internal/auth"
	"pacer/internal/domain"
)

// ErrSignInFailed is the one answer to a refused sign-in, whatever the reason (unknown user,
// wrong password, locked or disabled account, throttled address), so that it tells an attacker
// nothing; the audit log has the reason.
var ErrSignInFailed = domain.E(domain.EFORBIDDEN, "login.failed")

// dummyHash is checked against when no real hash is, so every refusal takes as long.
var dummyHash, _ = auth.HashPassword("not-a-real-password-Aa1!")

// Credentials are what a sign-in form sends, and where from.
type Credentials struct {
	Username, Password string
	// Code is the second factor's current code, or one of its recovery codes: needed when the
	// account has enrolled one.
	Code string
	IP   string
}

// SignedIn is a new session: the token the browser keeps, its form token, the account and its
// interface language.
type SignedIn struct {
	Token, CSRF string
	User        domain.User
	Lang        string
}

// SignIn checks c and opens a session. It refuses, with ErrSignInFailed, an address that failed
// too often lately (MaxFailuresPerIP within ThrottleWindow), an unknown user, a disabled or
// locked account, a wrong password and, for an account with a second factor, a wrong or already
// used code; a wrong password or code counts towards the account's lockout
// (domain.User.LoginFailed, under the policy in force). An account with a second factor and no
// code in c is answered ErrSecondFactorNeeded before its password is checked. Every refusal and
// the sign-in itself are
// audited.
func (s *Service) SignIn(ctx context.Context, c Credentials) (SignedIn, error) {
	now := s.now()
	p, err := s.Policy(ctx)
	if err != nil {
		return SignedIn{}, err
	}
	if s.throttle.blocked(c.IP, now) {
		auth.CheckPassword(dummyHash, c.Password)
		s.auditAuth(ctx, domain.Who{Username: c.Username, IP: c.IP}, "auth.throttled", "ip:"+c.IP, "too many failed logins from this address")
		return SignedIn{}, ErrSignInFailed
	}
	u, err := s.store.UserByName(ctx, c.Username)
	if domain.ErrorKind(err) == domain.ENOTFOUND {
		auth.CheckPassword(dummyHash, c.Password)
		s.auditAuth(ctx, domain.Who{Username: c.Username, IP: c.IP}, "auth.login_failed", "user:"+c.Username, "unknown user")
		return s.refuse(c, now)
	}
	if err != nil {
		return SignedIn{}, err
	}
	if u.CanSignIn(now) != nil {
		auth.CheckPassword(dummyHash, c.Password)
		s.auditAuth(ctx, domain.Who{Username: u.Username, Role: u.Role, IP: c.IP}, "auth.login_refused", "user:"+u.Username, "locked or disabled")
		return s.refuse(c, now)
	}
	f, _, err := s.store.SecondFactor(ctx, u.ID)
	switch {
	case domain.ErrorKind(err) == domain.ENOTFOUND:
	case err != nil:
		return SignedIn{}, err
	case f.Enrolled() && strings.TrimSpace(c.Code) == "":
		auth.CheckPassword(dummyHash, c.Password)
		return SignedIn{}, ErrSecondFactorNeeded
	}
	if !auth.CheckPassword(u.PasswordHash, c.Password) {
		return s.failed(ctx, u, c, now, p)
	}
	if f.Enrolled() {
		ok, err := s.checkSecondFactor(ctx, u, f, c.Code, c.IP)
		if err != nil {
			return SignedIn{}, err
		}
		if !ok {
			s.auditAuth(ctx, domain.Who{Username: u.Username, Role: u.Role, IP: c.IP}, "auth.second_factor_refused", "user:"+u.Username, "wrong or used code")
			return s.failed(ctx, u, c, now, p)
		}
	}
	u.LoginSucceeded()
	in := SignedIn{Token: auth.NewToken(), CSRF: auth.NewToken(), User: u, Lang: Language(u)}
	if err := s.store.CreateSession(ctx, u, in.Token, in.CSRF, c.IP, now); err != nil {
		return SignedIn{}, err
	}
	return in, nil
}

// countFailure counts a wrong secret given for account u from ip — a sign-in's password or
// second-factor code, the current password of the password form — towards its lockout under p,
// audited as action (auth.lockout when it locks). It returns the account as it now stands.
func (s *Service) countFailure(ctx context.Context, u domain.User, ip, action string, p Policy) (domain.User, error) {
	now := s.now()
	return s.store.RecordLoginFailure(ctx, u.ID, ip, action, func(u *domain.User) bool { return u.LoginFailed(now, p) })
}

// failed counts a wrong password or second-factor code towards u's lockout and refuses.
func (s *Service) failed(ctx context.Context, u domain.User, c Credentials, now time.Time, p Policy) (SignedIn, error) {
	if _, err := s.countFailure(ctx, u, c.IP, "auth.login_failed", p); err != nil {
		return SignedIn{}, err
	}
	return s.refuse(c, now)
}

func (s *Service) refuse(c Credentials, now time.Time) (SignedIn, error) {
	s.throttle.fail(c.IP, now)
	return SignedIn{}, ErrSignInFailed
}

// auditAuth records an authentication event that changes nothing (a refused sign-in). A failure
// to record it is logged: the refusal stands either way.
func (s *Service) auditAuth(ctx context.Context, by domain.Who, action, object, outcome string) {
	if err := s.store.AuditEvent(ctx, by, action, object, outcome); err != nil {
		s.log.Error("audit authentication event", "action", action, "object", object, "err", err)
	}
}

// SignOut ends the session under token (audited as by's auth.logout).
func (s *Service) SignOut(ctx context.Context, by domain.Who, token string) error {
	return s.store.DeleteSession(ctx, by, token)
}

// Session returns the session under token while it is good: it lapses after p's idle or
// absolute timeout (and is then deleted), and a disabled account's sessions stop at once. Its
// last use is written down at most once a minute. p is the policy in force (Policy).
func (s *Service) Session(ctx context.Context, token string, p Policy) (domain.Session, error) {
	p = p.WithDefaults()
	sess, err := s.store.SessionByToken(ctx, token)
	if err != nil {
		return sess, err
	}
	now := s.now()
	if sess.Expired(now, p.IdleTimeout, p.AbsoluteTimeout) {
		if err := s.store.ExpireSession(ctx, token); err != nil {
			return sess, err
		}
		return sess, domain.E(domain.ENOTFOUND, "accounts.session_expired")
	}
	if err := sess.User.Enabled(); err != nil {
		return sess, err
	}
	if sess.NeedsTouch(now, p.IdleTimeout) {
		if err := s.store.TouchSession(ctx, token, now); err != nil {
			return sess, err
		}
		sess.LastSeen = now
	}
	return sess, nil
}

// MustChangePassword reports whether u must change the password before anything else (a
// one-time password, or one older than p allows).
func (s *Service) MustChangePassword(u domain.User, p Policy) bool {
	return u.MustChangePassword(s.now(), p.PasswordMaxAge)
}
