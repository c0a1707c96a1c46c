package domain_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"pacer/internal/domain"
)

var t0 = time.Date(2023, 7, 3, 9, 0, 0, 0, time.UTC)

// Each failure counts; the policy's threshold-th in a row locks for the policy's duration and
// starts the count again; a zero policy means the defaults (5, 15 minutes).
func TestLoginFailed(t *testing.T) {
	for _, tc := range []struct {
		name      string
		policy    domain.SecurityPolicy
		threshold int
		lockFor   time.Duration
	}{
		{"defaults", domain.SecurityPolicy{}, domain.MaxFailedLogins, domain.LockFor},
		{"3 for 40 minutes", domain.SecurityPolicy{MaxFailedLogins: 3, LockFor: 40 * time.Minute}, 3, 40 * time.Minute},
	} {
		u := domain.User{Username: "li.lei"}
		for i := 1; i <= 2*tc.threshold; i++ {
			now := t0.Add(time.Duration(i) * time.Minute)
			locked := u.LoginFailed(now, tc.policy)
			if want := i%tc.threshold == 0; locked != want {
				t.Fatalf("%s, failure %d: got locked %v, want %v", tc.name, i, locked, want)
			}
			if locked && (!u.LockedUntil.Equal(now.Add(tc.lockFor)) || u.FailedLogins != 0) {
				t.Errorf("%s, failure %d: got locked until %v with %d counted, want %v and 0", tc.name, i, u.LockedUntil, u.FailedLogins, now.Add(tc.lockFor))
			}
			if !locked && u.FailedLogins != i%tc.threshold {
				t.Errorf("%s, failure %d: got %d counted, want %d", tc.name, i, u.FailedLogins, i%tc.threshold)
			}
		}
		u.LoginSucceeded()
		if u.FailedLogins != 0 || u.LockedUntil != nil {
			t.Errorf("%s, after a success: got %d counted, locked until %v; want 0 and none", tc.name, u.FailedLogins, u.LockedUntil)
		}
	}
}

func TestCanSignIn(t *testing.T) {
	until := t0.Add(domain.LockFor)
	for _, tc := range []struct {
		name    string
		u       domain.User
		now     time.Time
		wantKey string // "" for allowed
	}{
		{"plain", domain.User{}, t0, ""},
		{"locked", domain.User{LockedUntil: &until}, t0, "accounts.locked"},
		{"a second before the lock ends", domain.User{LockedUntil: &until}, until.Add(-time.Second), "accounts.locked"},
		{"when the lock ends", domain.User{LockedUntil: &until}, until, ""},
		{"disabled", domain.User{Disabled: true}, t0, "accounts.disabled"},
		{"disabled and locked", domain.User{Disabled: true, LockedUntil: &until}, t0, "accounts.disabled"},
	} {
		err := tc.u.CanSignIn(tc.now)
		var e *domain.Error
		switch {
		case tc.wantKey == "" && err != nil:
			t.Errorf("%s: got %v, want allowed", tc.name, err)
		case tc.wantKey != "" && (!errors.As(err, &e) || e.Msg.Key != tc.wantKey || e.Kind != domain.EFORBIDDEN):
			t.Errorf("%s: got %v, want forbidden %s", tc.name, err, tc.wantKey)
		}
	}
}

func TestPasswordExpired(t *testing.T) {
	u := domain.User{PasswordChangedAt: t0}
	for _, tc := range []struct {
		age, maxAge time.Duration
		want        bool
	}{
		{domain.DefaultPasswordMaxAge, 0, false}, // exactly the age: not yet
		{domain.DefaultPasswordMaxAge + time.Second, 0, true},
		{2 * time.Hour, time.Hour, true},
		{30 * time.Minute, time.Hour, false},
		{1000 * 24 * time.Hour, -1, false}, // expiry off
	} {
		if got := u.PasswordExpired(t0.Add(tc.age), tc.maxAge); got != tc.want {
			t.Errorf("age %v, max %v: got expired %v, want %v", tc.age, tc.maxAge, got, tc.want)
		}
	}
	if !(domain.User{MustChange: true, PasswordChangedAt: t0}).MustChangePassword(t0, 0) {
		t.Errorf("a one-time password: got no change needed, want one")
	}
}

func TestSessionExpired(t *testing.T) {
	s := domain.Session{CreatedAt: t0, LastSeen: t0.Add(50 * time.Minute)}
	for _, tc := range []struct {
		at   time.Duration
		want bool
	}{
		{55 * time.Minute, false},
		{81 * time.Minute, true},  // idle 30 minutes since 50
		{121 * time.Minute, true}, // absolute 2 hours
	} {
		if got := s.Expired(t0.Add(tc.at), 30*time.Minute, 2*time.Hour); got != tc.want {
			t.Errorf("at +%v: got expired %v, want %v", tc.at, got, tc.want)
		}
	}
}

func TestUserValidate(t *testing.T) {
	long := string(make([]rune, 101))
	for _, tc := range []struct {
		u    domain.User
		want []string
	}{
		{domain.User{Username: "zhang.san", Role: domain.RoleAnalyst}, nil},
		{domain.User{Username: "town-a", Role: domain.RoleReporter, UnitCode: "440784001"}, nil},
		{domain.User{Username: "x", Role: domain.RoleAnalyst}, []string{"users.err.username"}},
		{domain.User{Username: "<x>", DisplayName: long, Role: "root"}, []string{"users.err.username", "users.err.display_name", "users.err.role"}},
		{domain.User{Username: "town-a", Role: domain.RoleReporter}, []string{"users.err.unit_needed"}},
		{domain.User{Username: "boss", Role: domain.RoleLeader, UnitCode: "440784001"}, []string{"users.err.unit_only_reporter"}},
	} {
		var got []string
		if err := tc.u.Validate(); err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				got = append(got, e.(*domain.Error).Msg.Key)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%+v: got %v, want %v", tc.u, got, tc.want)
		}
	}
}
