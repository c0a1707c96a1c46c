package domain

import "time"

// APIToken is a per-account token for the JSON API (only its hash is stored). It works until it
// is revoked or expires, and only while its account may use the API (User.CanUseAPI).
type APIToken struct {
	ID         int64
	UserID     int64
	Username   string // the account's, for lists
	Label      string
	CreatedAt  time.Time
	LastUsedAt *time.Time // written at most once a minute (NeedsTouch)
	ExpiresAt  *time.Time // nil: it does not expire
	Revoked    bool
	RevokedAt  *time.Time
}

// Expired reports whether t has expired at now.
func (t APIToken) Expired(now time.Time) bool { return t.ExpiresAt != nil && !now.Before(*t.ExpiresAt) }

// Usable refuses a revoked token and one expired at now, as an unknown token is (ENOTFOUND): the
// API client learns nothing more.
func (t APIToken) Usable(now time.Time) error {
	if t.Revoked || t.Expired(now) {
		return E(ENOTFOUND, "accounts.bad_token")
	}
	return nil
}

// State is t's state at now, as a word for lists: "revoked", "expired" or "active".
func (t APIToken) State(now time.Time) string {
	switch {
	case t.Revoked:
		return "revoked"
	case t.Expired(now):
		return "expired"
	}
	return "active"
}

// NeedsTouch reports whether t's last use should be written down at now: at most once a minute,
// so that API reads do not turn into a write each.
func (t APIToken) NeedsTouch(now time.Time) bool {
	return t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= time.Minute
}

// CanUseAPI refuses, for an API token of u at now, what would stop u signing in or doing anything
// but change the password: a disabled or locked account, and one that must change its password
// (maxAge as in MustChangePassword).
func (u User) CanUseAPI(now time.Time, maxAge time.Duration) error {
	if err := u.CanSignIn(now); err != nil {
		return err
	}
	if u.MustChangePassword(now, maxAge) {
		return E(EFORBIDDEN, "accounts.change_password_first")
	}
	return nil
}

// SecondFactor is an account's TOTP second factor (RFC 6238): the shared secret as stored
// (sealed with the server's key), whether a first code confirmed it, and the last time step a
// code was accepted for.
type SecondFactor struct {
	UserID     int64
	Sealed     string
	CreatedAt  time.Time
	EnrolledAt *time.Time // nil while enrolment waits for its first code
	LastStep   int64
}

// Enrolled reports whether f is confirmed and so asked for at sign-in.
func (f SecondFactor) Enrolled() bool { return f.EnrolledAt != nil }
