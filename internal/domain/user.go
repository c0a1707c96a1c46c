package domain

import (
	"errors"
	"regexp"
	"slices"
	"time"
)

// Who is the actor of a change, for the audit log: an account and where it came from.
type Who struct {
	Username string
	Role     Role
	IP       string
}

// Actor is how the audit log names w: "name (role)", or the bare name without a role.
func (w Who) Actor() string {
	if w.Role != "" {
		return w.Username + " (" + string(w.Role) + ")"
	}
	return w.Username
}

// The defaults of the sign-in policy (等保 second level; SecurityPolicy holds what is in force):
// after MaxFailedLogins consecutive failures an account is locked for LockFor; a password lasts
// DefaultPasswordMaxAge; the last PasswordHistory passwords (the current one included) may not be
// reused.
const (
	MaxFailedLogins       = 5
	LockFor               = 15 * time.Minute
	DefaultPasswordMaxAge = 90 * 24 * time.Hour
	PasswordHistory       = 5
)

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

var usernameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$`)

// Validate checks a new account: the username's form, the display name's length, the role, and
// that a reporter — and only a reporter — has a unit. It returns every problem (errors.Join of
// EINVALID *Errors, in that order), nil when there is none.
func (u User) Validate() error {
	var errs []error
	if !usernameRE.MatchString(u.Username) {
		errs = append(errs, E(EINVALID, "users.err.username"))
	}
	if len([]rune(u.DisplayName)) > 100 {
		errs = append(errs, E(EINVALID, "users.err.display_name"))
	}
	errs = append(errs, u.ValidateRole())
	return errors.Join(errs...)
}

// ValidateRole checks u's role: a known one, with a unit for a reporter and for nobody else.
func (u User) ValidateRole() error {
	switch {
	case !u.Role.Valid():
		return E(EINVALID, "users.err.role")
	case u.Role == RoleReporter && u.UnitCode == "":
		return E(EINVALID, "users.err.unit_needed")
	case u.Role != RoleReporter && u.UnitCode != "":
		return E(EINVALID, "users.err.unit_only_reporter")
	}
	return nil
}

// Locked reports whether u is locked out at now.
func (u User) Locked(now time.Time) bool { return u.LockedUntil != nil && now.Before(*u.LockedUntil) }

// CanSignIn refuses a disabled account and one locked out at now.
func (u User) CanSignIn(now time.Time) error {
	if err := u.Enabled(); err != nil {
		return err
	}
	if u.Locked(now) {
		return E(EFORBIDDEN, "accounts.locked", u.Username, u.LockedUntil.Format("2006-01-02 15:04"))
	}
	return nil
}

// Enabled refuses a disabled account: its sessions and API tokens stop working at once.
func (u User) Enabled() error {
	if u.Disabled {
		return E(EFORBIDDEN, "accounts.disabled", u.Username)
	}
	return nil
}

// LoginFailed counts one failed sign-in (or wrong current password) at now; the p.MaxFailedLogins-th
// in a row locks the account until now+p.LockFor and starts the count again. It reports whether
// it locked.
func (u *User) LoginFailed(now time.Time, p SecurityPolicy) (locked bool) {
	p = p.WithDefaults()
	u.FailedLogins++
	if u.FailedLogins < p.MaxFailedLogins {
		return false
	}
	until := now.Add(p.LockFor)
	u.LockedUntil, u.FailedLogins = &until, 0
	return true
}

// LoginSucceeded clears the failure count and any lock that has run out.
func (u *User) LoginSucceeded() { u.FailedLogins, u.LockedUntil = 0, nil }

// PasswordExpired reports whether u's password is older than maxAge at now; zero maxAge means
// DefaultPasswordMaxAge, a negative one switches expiry off.
func (u User) PasswordExpired(now time.Time, maxAge time.Duration) bool {
	if maxAge == 0 {
		maxAge = DefaultPasswordMaxAge
	}
	return maxAge > 0 && now.Sub(u.PasswordChangedAt) > maxAge
}

// MustChangePassword reports whether u must change the password before anything else: a new
// account with a one-time password, or an expired one.
func (u User) MustChangePassword(now time.Time, maxAge time.Duration) bool {
	return u.MustChange || u.PasswordExpired(now, maxAge)
}

// Session is a signed-in browser.
type Session struct {
	User      User
	CSRFToken string // the form token state-changing requests must carry
	CreatedAt time.Time
	LastSeen  time.Time
}

// Expired reports whether s has lapsed at now: unused for longer than idle, or older than
// absolute.
func (s Session) Expired(now time.Time, idle, absolute time.Duration) bool {
	return now.Sub(s.LastSeen) > idle || now.Sub(s.CreatedAt) > absolute
}

// NeedsTouch reports whether s's last use should be written down at now: at most once a minute
// (sooner for idle timeouts under ten minutes, so an active session never lapses), so reads do
// not turn into a write each.
func (s Session) NeedsTouch(now time.Time, idle time.Duration) bool {
	return now.Sub(s.LastSeen) > min(time.Minute, idle/10)
}
