package domain

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"pacer/internal/locale"
)

// SecurityPolicy (安全策略) is what the security administrator (secadmin) sets for every account:
// the password rules, the lockout, the session lifetimes and which roles need a second factor.
// It is stored in the database (one setting a row, PolicySettings) and read on every check, so
// a change takes effect without a restart. A zero field means its default (DefaultSecurityPolicy);
// a negative PasswordMaxAge switches expiry off; a nil SecondFactorRoles means the default roles
// and an empty, non-nil one none.
type SecurityPolicy struct {
	PasswordMinLength int           // characters, 8 to 64 (a password may be up to 256 long)
	PasswordClasses   int           // how many of lower, upper, digit, other a password needs: 1 to 4
	PasswordMaxAge    time.Duration // a password older than this must be changed; negative: never
	PasswordHistory   int           // the last N passwords (the current one included) may not be reused: 1 to 24
	MaxFailedLogins   int           // consecutive failures that lock an account: 3 to 100
	LockFor           time.Duration // how long a lockout lasts: 1 minute to 24 hours
	IdleTimeout       time.Duration // a session unused this long lapses: 1 minute to 24 hours
	AbsoluteTimeout   time.Duration // a session this old lapses however used: at least IdleTimeout, at most 30 days
	// SecondFactorRoles are the roles that must sign in with a second factor (TOTP).
	SecondFactorRoles []Role
}

// DefaultSecurityPolicy is the policy of SECURITY.md (等保 second level): 8 characters of 3
// classes, 90 days, the last 5 not reused, 5 failures lock for 15 minutes, sessions lapse after 30
// minutes idle or 12 hours, a second factor for the three administrators and analysts.
func DefaultSecurityPolicy() SecurityPolicy {
	return SecurityPolicy{
		PasswordMinLength: 8,
		PasswordClasses:   3,
		PasswordMaxAge:    DefaultPasswordMaxAge,
		PasswordHistory:   PasswordHistory,
		MaxFailedLogins:   MaxFailedLogins,
		LockFor:           LockFor,
		IdleTimeout:       30 * time.Minute,
		AbsoluteTimeout:   12 * time.Hour,
		SecondFactorRoles: []Role{RoleSysadmin, RoleSecadmin, RoleAuditor, RoleAnalyst},
	}
}

// WithDefaults returns p with every zero field set to its default.
func (p SecurityPolicy) WithDefaults() SecurityPolicy {
	d := DefaultSecurityPolicy()
	set := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	setD := func(v *time.Duration, def time.Duration) {
		if *v == 0 {
			*v = def
		}
	}
	set(&p.PasswordMinLength, d.PasswordMinLength)
	set(&p.PasswordClasses, d.PasswordClasses)
	set(&p.PasswordHistory, d.PasswordHistory)
	set(&p.MaxFailedLogins, d.MaxFailedLogins)
	setD(&p.PasswordMaxAge, d.PasswordMaxAge)
	setD(&p.LockFor, d.LockFor)
	setD(&p.IdleTimeout, d.IdleTimeout)
	setD(&p.AbsoluteTimeout, d.AbsoluteTimeout)
	if p.SecondFactorRoles == nil {
		p.SecondFactorRoles = d.SecondFactorRoles
	}
	return p
}

// NeedsSecondFactor reports whether an account of role r must sign in with a second factor.
func (p SecurityPolicy) NeedsSecondFactor(r Role) bool {
	return slices.Contains(p.WithDefaults().SecondFactorRoles, r)
}

// Validate returns every field out of its range (errors.Join of EINVALID *Errors keyed
// policy.err.*), nil when there is none.
func (p SecurityPolicy) Validate() error {
	var errs []error
	check := func(ok bool, key string, args ...any) {
		if !ok {
			errs = append(errs, E(EINVALID, key, args...))
		}
	}
	check(p.PasswordMinLength >= 8 && p.PasswordMinLength <= 64, "policy.err.min_length", 8, 64)
	check(p.PasswordClasses >= 1 && p.PasswordClasses <= 4, "policy.err.classes", 1, 4)
	check(p.PasswordMaxAge < 0 || (p.PasswordMaxAge >= 24*time.Hour && p.PasswordMaxAge <= 3650*24*time.Hour), "policy.err.max_age", 1, 3650)
	check(p.PasswordHistory >= 1 && p.PasswordHistory <= 24, "policy.err.history", 1, 24)
	check(p.MaxFailedLogins >= 3 && p.MaxFailedLogins <= 100, "policy.err.lockout_threshold", 3, 100)
	check(p.LockFor >= time.Minute && p.LockFor <= 24*time.Hour, "policy.err.lockout_minutes", 1, 1440)
	check(p.IdleTimeout >= time.Minute && p.IdleTimeout <= 24*time.Hour, "policy.err.idle", 1, 1440)
	check(p.AbsoluteTimeout >= p.IdleTimeout && p.AbsoluteTimeout <= 30*24*time.Hour, "policy.err.absolute", 30*24*60)
	for _, r := range p.SecondFactorRoles {
		check(r.Valid(), "policy.err.role", string(r))
	}
	return errors.Join(errs...)
}

// The names of the stored settings (PolicySettings), in the order pages show them.
const (
	SettingPasswordMinLength = "password_min_length"
	SettingPasswordClasses   = "password_classes"
	SettingPasswordMaxAge    = "password_max_age_days" // 0: never expires
	SettingPasswordHistory   = "password_history"
	SettingLockoutThreshold  = "lockout_threshold"
	SettingLockoutMinutes    = "lockout_minutes"
	SettingIdleMinutes       = "idle_timeout_minutes"
	SettingAbsoluteMinutes   = "absolute_timeout_minutes"
	SettingSecondFactorRoles = "second_factor_roles" // comma-separated roles
)

// PolicySettingNames lists every setting of a SecurityPolicy.
var PolicySettingNames = []string{SettingPasswordMinLength, SettingPasswordClasses, SettingPasswordMaxAge,
	SettingPasswordHistory, SettingLockoutThreshold, SettingLockoutMinutes, SettingIdleMinutes, SettingAbsoluteMinutes,
	SettingSecondFactorRoles}

// Settings is p as stored: one text value per setting name (durations in whole minutes or days).
func (p SecurityPolicy) Settings() map[string]string {
	p = p.WithDefaults()
	days := 0
	if p.PasswordMaxAge > 0 {
		days = int(p.PasswordMaxAge / (24 * time.Hour))
	}
	roles := make([]string, len(p.SecondFactorRoles))
	for i, r := range p.SecondFactorRoles {
		roles[i] = string(r)
	}
	return map[string]string{
		SettingPasswordMinLength: strconv.Itoa(p.PasswordMinLength),
		SettingPasswordClasses:   strconv.Itoa(p.PasswordClasses),
		SettingPasswordMaxAge:    strconv.Itoa(days),
		SettingPasswordHistory:   strconv.Itoa(p.PasswordHistory),
		SettingLockoutThreshold:  strconv.Itoa(p.MaxFailedLogins),
		SettingLockoutMinutes:    strconv.Itoa(int(p.LockFor / time.Minute)),
		SettingIdleMinutes:       strconv.Itoa(int(p.IdleTimeout / time.Minute)),
		SettingAbsoluteMinutes:   strconv.Itoa(int(p.AbsoluteTimeout / time.Minute)),
		SettingSecondFactorRoles: strings.Join(roles, ","),
	}
}

// PolicyFromSettings reads a policy from stored (or typed) settings: a setting missing from
// values keeps its default, names it does not know are ignored. A value that is not a whole
// number, or an unknown role, is an EINVALID policy.err.number or policy.err.role; ranges are
// Validate's.
func PolicyFromSettings(values map[string]string) (SecurityPolicy, error) {
	p := DefaultSecurityPolicy()
	var errs []error
	num := func(name string, set func(int)) {
		v, ok := values[name]
		if !ok {
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			errs = append(errs, E(EINVALID, "policy.err.number", locale.Key("policy."+name), v))
			return
		}
		set(n)
	}
	num(SettingPasswordMinLength, func(n int) { p.PasswordMinLength = n })
	num(SettingPasswordClasses, func(n int) { p.PasswordClasses = n })
	num(SettingPasswordMaxAge, func(n int) {
		p.PasswordMaxAge = time.Duration(n) * 24 * time.Hour
		if n == 0 {
			p.PasswordMaxAge = -1
		}
	})
	num(SettingPasswordHistory, func(n int) { p.PasswordHistory = n })
	num(SettingLockoutThreshold, func(n int) { p.MaxFailedLogins = n })
	num(SettingLockoutMinutes, func(n int) { p.LockFor = time.Duration(n) * time.Minute })
	num(SettingIdleMinutes, func(n int) { p.IdleTimeout = time.Duration(n) * time.Minute })
	num(SettingAbsoluteMinutes, func(n int) { p.AbsoluteTimeout = time.Duration(n) * time.Minute })
	if v, ok := values[SettingSecondFactorRoles]; ok {
		p.SecondFactorRoles = []Role{}
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f == "" {
				continue
			}
			r := Role(f)
			if !r.Valid() {
				errs = append(errs, E(EINVALID, "policy.err.role", f))
				continue
			}
			if !slices.Contains(p.SecondFactorRoles, r) {
				p.SecondFactorRoles = append(p.SecondFactorRoles, r)
			}
		}
	}
	return p, errors.Join(errs...)
}
