package accounts

import (
	"sync"
	"time"
)

// Per-IP sign-in throttling lives here, beside the per-account lockout, because both decide one
// thing — whether this attempt may be tried — and the refusal is audited; the web layer only
// passes the client's address. After MaxFailuresPerIP failed logins from one address within
// ThrottleWindow, further attempts from it are refused (with the usual message) until the
// window has passed. It complements the per-account lockout, which a password-spraying client
// trying many accounts would never trigger.
const (
	MaxFailuresPerIP = 20
	ThrottleWindow   = 15 * time.Minute
)

type ipThrottle struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

func newThrottle() *ipThrottle { return &ipThrottle{failures: map[string][]time.Time{}} }

// blocked reports whether ip has failed too often lately.
func (t *ipThrottle) blocked(ip string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.recent(ip, now)) >= MaxFailuresPerIP
}

// fail records a failed login from ip.
func (t *ipThrottle) fail(ip string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failures[ip] = append(t.recent(ip, now), now)
	if len(t.failures) > 100000 { // bound memory under a flood of addresses
		t.failures = map[string][]time.Time{ip: t.failures[ip]}
	}
}

func (t *ipThrottle) recent(ip string, now time.Time) []time.Time {
	kept := t.failures[ip][:0]
	for _, at := range t.failures[ip] {
		if now.Sub(at) < ThrottleWindow {
			kept = append(kept, at)
		}
	}
	if len(kept) == 0 {
		delete(t.failures, ip)
		return nil
	}
	t.failures[ip] = kept
	return kept
}
