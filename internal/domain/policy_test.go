package domain_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"pacer/internal/domain"
)

// The defaults are SECURITY.md's; stored settings read back as the policy they came from; a
// setting not stored keeps its default; an expiry of 0 days switches expiry off.
func TestSecurityPolicySettings(t *testing.T) {
	d := domain.DefaultSecurityPolicy()
	want := domain.SecurityPolicy{PasswordMinLength: 8, PasswordClasses: 3, PasswordMaxAge: 90 * 24 * time.Hour, PasswordHistory: 5,
		MaxFailedLogins: 5, LockFor: 15 * time.Minute, IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 12 * time.Hour,
		SecondFactorRoles: []domain.Role{domain.RoleSysadmin, domain.RoleSecadmin, domain.RoleAuditor, domain.RoleAnalyst}}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("defaults: got %+v, want %+v", d, want)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("defaults: got %v, want valid", err)
	}
	if got := (domain.SecurityPolicy{}).WithDefaults(); !reflect.DeepEqual(got, d) {
		t.Errorf("zero policy with defaults: got %+v, want %+v", got, d)
	}
	set := domain.SecurityPolicy{PasswordMinLength: 12, PasswordClasses: 4, PasswordMaxAge: -1, PasswordHistory: 10,
		MaxFailedLogins: 3, LockFor: time.Hour, IdleTimeout: 10 * time.Minute, AbsoluteTimeout: 8 * time.Hour,
		SecondFactorRoles: []domain.Role{}}
	got, err := domain.PolicyFromSettings(set.Settings())
	if err != nil || !reflect.DeepEqual(got, set) {
		t.Errorf("round trip: got %+v, %v; want %+v", got, err, set)
	}
	if s := set.Settings(); s[domain.SettingPasswordMaxAge] != "0" || s[domain.SettingSecondFactorRoles] != "" || s[domain.SettingAbsoluteMinutes] != "480" {
		t.Errorf("settings: got %v, want expiry 0, no roles, 480 minutes", s)
	}
	if len(set.Settings()) != len(domain.PolicySettingNames) {
		t.Errorf("got %d settings, want one per name (%d)", len(set.Settings()), len(domain.PolicySettingNames))
	}
	got, err = domain.PolicyFromSettings(map[string]string{domain.SettingIdleMinutes: "20", "audit_retention_days": "365"})
	if err != nil || got.IdleTimeout != 20*time.Minute || got.MaxFailedLogins != 5 {
		t.Errorf("one setting stored: got %+v, %v; want idle 20 minutes, the rest default", got, err)
	}
	if got.NeedsSecondFactor(domain.RoleReporter) || !got.NeedsSecondFactor(domain.RoleAuditor) {
		t.Errorf("second factor: got reporter %v, auditor %v; want false, true", got.NeedsSecondFactor(domain.RoleReporter), got.NeedsSecondFactor(domain.RoleAuditor))
	}
	for _, tc := range []struct {
		values map[string]string
		key    string
	}{
		{map[string]string{domain.SettingIdleMinutes: "half an hour"}, "policy.err.number"},
		{map[string]string{domain.SettingSecondFactorRoles: "sysadmin,root"}, "policy.err.role"},
	} {
		_, err := domain.PolicyFromSettings(tc.values)
		var e *domain.Error
		if !errors.As(err, &e) || e.Msg.Key != tc.key {
			t.Errorf("%v: got %v, want %s", tc.values, err, tc.key)
		}
	}
}

// Validate names every setting out of its range.
func TestSecurityPolicyValidate(t *testing.T) {
	d := domain.DefaultSecurityPolicy()
	for _, tc := range []struct {
		name   string
		change func(*domain.SecurityPolicy)
		keys   []string // nil: valid
	}{
		{"defaults", func(*domain.SecurityPolicy) {}, nil},
		{"expiry off", func(p *domain.SecurityPolicy) { p.PasswordMaxAge = -1 }, nil},
		{"no second factor", func(p *domain.SecurityPolicy) { p.SecondFactorRoles = []domain.Role{} }, nil},
		{"7 characters", func(p *domain.SecurityPolicy) { p.PasswordMinLength = 7 }, []string{"policy.err.min_length"}},
		{"5 classes", func(p *domain.SecurityPolicy) { p.PasswordClasses = 5 }, []string{"policy.err.classes"}},
		{"expiry of an hour", func(p *domain.SecurityPolicy) { p.PasswordMaxAge = time.Hour }, []string{"policy.err.max_age"}},
		{"no history", func(p *domain.SecurityPolicy) { p.PasswordHistory = 0 }, []string{"policy.err.history"}},
		{"lock after 2", func(p *domain.SecurityPolicy) { p.MaxFailedLogins = 2 }, []string{"policy.err.lockout_threshold"}},
		{"lock for 2 days", func(p *domain.SecurityPolicy) { p.LockFor = 48 * time.Hour }, []string{"policy.err.lockout_minutes"}},
		{"absolute below idle", func(p *domain.SecurityPolicy) { p.IdleTimeout, p.AbsoluteTimeout = time.Hour, 30*time.Minute }, []string{"policy.err.absolute"}},
		{"idle of 2 days", func(p *domain.SecurityPolicy) { p.IdleTimeout = 48 * time.Hour }, []string{"policy.err.idle", "policy.err.absolute"}},
		{"two wrong", func(p *domain.SecurityPolicy) { p.PasswordMinLength, p.SecondFactorRoles = 100, []domain.Role{"root"} },
			[]string{"policy.err.min_length", "policy.err.role"}},
	} {
		p := d
		p.SecondFactorRoles = slices.Clone(d.SecondFactorRoles)
		tc.change(&p)
		var keys []string
		if j, ok := p.Validate().(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				var de *domain.Error
				if errors.As(e, &de) && de.Kind == domain.EINVALID {
					keys = append(keys, de.Msg.Key)
				}
			}
		}
		if !slices.Equal(keys, tc.keys) {
			t.Errorf("%s: got %v, want %v", tc.name, keys, tc.keys)
		}
	}
}
