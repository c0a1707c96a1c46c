// Package accounts is who may sign in and how: accounts, passwords, sign-in with lockout and
// per-address throttling, sessions and API tokens. The rules are domain.User's and auth's; this
// package applies them in order and keeps the store's transactions around them.
package accounts

import (
	"log/slog"
	"sync"
	"time"

	"pacer/internal/store"
)

// Service is the accounts workflow over one store. Besides the store it holds the sign-in
// throttle of this process and its clock.
type Service struct {
	store    *store.Store
	now      func() time.Time
	throttle *ipThrottle
	log      *slog.Logger
	policy   *policyCache
	// secretKey seals second-factor secrets; enforce makes the policy's roles enrol one
	// (WithSecondFactor).
	secretKey []byte
	enforce   bool
}

// policyCache is the policy in force as read at one data version of the store.
type policyCache struct {
	mu      sync.Mutex
	p       Policy
	version int64
	ok      bool
}

// New returns the workflow over st.
func New(st *store.Store) *Service {
	return &Service{store: st, now: time.Now, throttle: newThrottle(), log: slog.Default(), policy: &policyCache{}}
}

// WithClock returns the workflow with now as its clock: every time-based decision (lockout,
// password expiry, session timeouts) and the times it writes for them follow it. For tests.
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}
