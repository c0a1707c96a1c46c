// Package accounts is who may sign in and how: accounts, passwords, sign-in with lockout and
// per-address throttling, sessions and API tokens. The rules are domain.User's and auth's; this
// package applies them in order and keeps the store's transactions around them.
package accounts

import (
	"log/slog"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Service is the accounts workflow over one store. Besides the store it holds the sign-in
// throttle of this process and its clock.
type Service struct {
	store    *store.Store
	now      func() time.Time
	throttle *ipThrottle
	log      *slog.Logger
	// secretKey seals second-factor secrets; enforce makes the policy's roles enrol one
	// (WithSecondFactor).
	secretKey []byte
	enforce   bool
}

// New returns the workflow over st.
func New(st *store.Store) *Service {
	return &Service{store: st, now: time.Now, throttle: newThrottle(), log: slog.Default()}
}

// WithClock returns the workflow with now as its clock: every time-based decision (lockout,
// password expiry, session timeouts) and the times it writes for them follow it. For tests.
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}

// Policy is what an operator may set: session lifetimes and the password's maximum age. Zero
// fields mean the defaults (30 minutes idle, 12 hours absolute, domain.DefaultPasswordMaxAge);
// a negative PasswordMaxAge switches expiry off.
type Policy struct {
	IdleTimeout, AbsoluteTimeout, PasswordMaxAge time.Duration
	// SecondFactorRoles are the roles that must sign in with a second factor (TOTP) where the
	// server enforces it (Service.WithSecondFactor).
	SecondFactorRoles []domain.Role
}

// DefaultPolicy is the policy of a new deployment: the default timeouts and password age, and a
// second factor for the three administrators and the analysts who approve figures.
func DefaultPolicy() Policy {
	return Policy{SecondFactorRoles: []domain.Role{domain.RoleSysadmin, domain.RoleSecadmin, domain.RoleAuditor, domain.RoleAnalyst}}
}

func (p Policy) idle() time.Duration {
	if p.IdleTimeout > 0 {
		return p.IdleTimeout
	}
	return 30 * time.Minute
}

func (p Policy) absolute() time.Duration {
	if p.AbsoluteTimeout > 0 {
		return p.AbsoluteTimeout
	}
	return 12 * time.Hour
}
