package auth_test

import (
	"testing"

	"pacer/internal/auth"
	"pacer/internal/domain"
)

// The list is real (tens of thousands, SECURITY.md asks for at least 10,000) and matched
// case-insensitively, as typed or without the digits and symbols it ends with.
func TestCommonPasswords(t *testing.T) {
	if n := auth.CommonPasswords(); n < 10000 {
		t.Fatalf("got %d common passwords, want at least 10,000", n)
	}
	for _, tc := range []struct {
		password string
		want     bool
	}{
		{"password", true},
		{"Password1!", true},    // password + trailing digit and symbol
		{"PASSWORD2024#", true}, // case-insensitive
		{"Dragon99$", true},
		{"Qwerty123", true},
		{"1qaz2wsx", true},    // in the list as typed
		{"1Qaz2wsx!", true},   // as typed without the trailing symbol
		{"Woaini1314", true},  // the local additions
		{"Sunshine@1", true},  // trailing symbol and digit
		{"123456789", true},   // digits only: as typed
		{"Xq7$mK2p9!", false}, // nothing common in it
		{"Tj-river-2023", false},
		{"!Password", false}, // leading symbols are not stripped
		{"", false},
	} {
		if got := auth.Common(tc.password); got != tc.want {
			t.Errorf("Common(%q): got %v, want %v", tc.password, got, tc.want)
		}
	}
}

// The password rules follow the policy given: its minimum length and its number of classes.
func TestValidatePasswordPolicy(t *testing.T) {
	strict := domain.SecurityPolicy{PasswordMinLength: 12, PasswordClasses: 4}
	lax := domain.SecurityPolicy{PasswordMinLength: 8, PasswordClasses: 2}
	for _, tc := range []struct {
		password string
		policy   domain.SecurityPolicy
		wantKey  string // "": accepted
	}{
		{"Ab1-efgh", strict, "policy.password.length"},
		{"Ab1-efghijkl", strict, ""},
		{"Ab1xefghijkl", strict, "policy.password.classes"},
		{"abcdefg1x", lax, ""},
		{"abcdefgxy", lax, "policy.password.classes"},
		{"Password1!", lax, "err.password.common"},
	} {
		err := auth.ValidatePasswordPolicy(tc.password, "alice", tc.policy)
		got := ""
		if e, ok := err.(*domain.Error); ok {
			got = e.Msg.Key
		} else if err != nil {
			got = err.Error()
		}
		if got != tc.wantKey {
			t.Errorf("%q under %d/%d: got %q, want %q", tc.password, tc.policy.PasswordMinLength, tc.policy.PasswordClasses, got, tc.wantKey)
		}
	}
}
