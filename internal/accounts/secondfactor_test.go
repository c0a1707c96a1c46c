package accounts_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"pacer/internal/accounts"
	"pacer/internal/auth"
	"pacer/internal/domain"
)

// rfcTOTP is the test's own TOTP (RFC 6238: HMAC-SHA1 of the 30-second step, dynamic
// truncation), written apart from auth's so that a code the tests compute checks auth's
// implementation rather than repeating it. TestRFCTOTP checks it against the RFC's vectors.
func rfcTOTP(secret []byte, at time.Time, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(at.Unix()/30))
	mac := hmac.New(sha1.New, secret)
	mac.Write(msg[:])
	h := mac.Sum(nil)
	o := h[19] & 15
	v := (uint32(h[o])&0x7f)<<24 | uint32(h[o+1])<<16 | uint32(h[o+2])<<8 | uint32(h[o+3])
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, v%mod)
}

func TestRFCTOTP(t *testing.T) {
	secret := []byte("12345678901234567890")
	for unix, want := range map[int64]string{59: "94287082", 1111111109: "07081804", 1234567890: "89005924", 20000000000: "65353130"} {
		if got := rfcTOTP(secret, time.Unix(unix, 0), 8); got != want {
			t.Errorf("at %d: got %s, want %s (RFC 6238 appendix B)", unix, got, want)
		}
	}
}

// decodeSecret is the secret an app reads from the page's text (base32, no padding).
func decodeSecret(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	if err != nil || len(b) != 20 {
		t.Fatalf("secret %q: got %d bytes, %v; want 20", s, len(b), err)
	}
	return b
}

// Enrolment and sign-in with a second factor, on the fixture's clock: where the server enforces
// it, the policy's roles must enrol (others need not); the secret is stored sealed; the first
// code confirms it and gives ten recovery codes; then a sign-in needs a code: a real TOTP code
// works once (a replay in its window is refused), a recovery code works once, and wrong codes
// count towards the lockout like wrong passwords.
func TestSecondFactorSignIn(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		key := auth.NewSecretKey()
		acc := f.acc.WithSecondFactor(key, true)
		p := accounts.DefaultPolicy()
		ana := f.create(t, "ana", pw, false) // an analyst: the default policy names the role
		leader, err := acc.Create(ctx, admin, accounts.NewAccount{Username: "lee", Role: domain.RoleLeader, Password: pw, Again: pw})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			acc  *accounts.Service
			u    domain.User
			want bool
		}{
			{"an analyst where enforced", acc, ana, true},
			{"a leader where enforced", acc, leader, false},
			{"an analyst where not enforced", f.acc.WithSecondFactor(key, false), ana, false},
		} {
			if got, err := tc.acc.MustEnrolSecondFactor(ctx, tc.u, p); err != nil || got != tc.want {
				t.Errorf("%s must enrol: got %t, %v; want %t", tc.name, got, err, tc.want)
			}
		}
		if _, err := f.acc.StartEnrolment(ctx, ana); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("enrolment without a server key: got %v, want invalid", err)
		}

		e, err := acc.StartEnrolment(ctx, ana)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := acc.StartEnrolment(ctx, ana); err != nil || again != e {
			t.Errorf("starting again before confirming: got %+v, %v; want the same secret", again, err)
		}
		if !strings.HasPrefix(e.URI, "otpauth://totp/Pacer:ana?") || !strings.Contains(e.URI, "secret="+e.Secret) {
			t.Errorf("URI: got %s, want otpauth://totp/Pacer:ana with the secret", e.URI)
		}
		secret := decodeSecret(t, e.Secret)
		var stored string
		if err := f.raw.QueryRowContext(ctx, `SELECT secret FROM second_factors WHERE user_id = $1`, ana.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored, e.Secret) || strings.Contains(stored, string(secret)) || !strings.HasPrefix(stored, "v1:") {
			t.Errorf("stored secret %q: want it sealed, not the secret itself", stored)
		}

		f.at(time.Hour)
		if _, err := acc.ConfirmEnrolment(ctx, admin, ana, rfcTOTP(secret, f.now.Add(-2*time.Minute), 6)); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("confirming with a stale code: got %v, want invalid", err)
		}
		codes, err := acc.ConfirmEnrolment(ctx, admin, ana, rfcTOTP(secret, f.now, 6))
		if err != nil || len(codes) != accounts.RecoveryCodes {
			t.Fatalf("confirm: got %v, %v; want %d recovery codes", codes, err, accounts.RecoveryCodes)
		}
		if st, err := acc.SecondFactorStatus(ctx, ana, p); err != nil || !st.Enrolled || st.RecoveryLeft != 10 || !st.Required {
			t.Errorf("status: got %+v, %v; want enrolled, required, 10 recovery codes", st, err)
		}
		if must, _ := acc.MustEnrolSecondFactor(ctx, ana, p); must {
			t.Error("after enrolling: got must enrol, want not")
		}

		signIn := func(password, code string) error {
			_, err := acc.SignIn(ctx, accounts.Credentials{Username: "ana", Password: password, Code: code, IP: "10.0.0.5"})
			return err
		}
		failures := func() int { return f.user(t, "ana").FailedLogins }
		f.at(time.Hour + 30*time.Second) // the next step: the enrolment took the last one
		code := rfcTOTP(secret, f.now, 6)
		for _, tc := range []struct {
			name, password, code string
			want                 error // nil: signed in
			failures             int   // the account's failure count after it
		}{
			{"no code", pw, "", accounts.ErrSecondFactorNeeded, 0},
			{"no code, wrong password", "Wrong-Pass-1", "", accounts.ErrSecondFactorNeeded, 0},
			{"a wrong password with the right code", "Wrong-Pass-1", code, accounts.ErrSignInFailed, 1},
			{"a wrong code", pw, "000000", accounts.ErrSignInFailed, 2},
			{"the code of two steps ago", pw, rfcTOTP(secret, f.now.Add(-time.Minute), 6), accounts.ErrSignInFailed, 3},
			{"the real code", pw, code, nil, 0},
			{"the same code again (replay)", pw, code, accounts.ErrSignInFailed, 1},
			{"the previous step's code, already passed", pw, rfcTOTP(secret, f.now.Add(-30*time.Second), 6), accounts.ErrSignInFailed, 2},
			{"a recovery code", pw, strings.ToUpper(codes[0]), nil, 0},
			{"the same recovery code again", pw, codes[0], accounts.ErrSignInFailed, 1},
			{"the next step's code", pw, rfcTOTP(secret, f.now.Add(30*time.Second), 6), nil, 0},
		} {
			if err := signIn(tc.password, tc.code); !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
				t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
			}
			if got := failures(); got != tc.failures {
				t.Errorf("%s: got %d failures counted, want %d", tc.name, got, tc.failures)
			}
		}
		if st, _ := acc.SecondFactorStatus(ctx, ana, p); st.RecoveryLeft != 9 {
			t.Errorf("recovery codes left: got %d, want 9", st.RecoveryLeft)
		}

		// Wrong codes lock the account like wrong passwords; then even a right code is refused.
		f.at(2 * time.Hour)
		for i := range domain.MaxFailedLogins {
			if err := signIn(pw, fmt.Sprintf("%06d", i)); !errors.Is(err, accounts.ErrSignInFailed) {
				t.Fatalf("wrong code %d: got %v, want refused", i, err)
			}
		}
		if u := f.user(t, "ana"); u.LockedUntil == nil {
			t.Fatalf("after %d wrong codes: got no lock, want the account locked", domain.MaxFailedLogins)
		}
		if err := signIn(pw, rfcTOTP(secret, f.now, 6)); !errors.Is(err, accounts.ErrSignInFailed) {
			t.Errorf("the right code while locked: got %v, want refused", err)
		}
		f.at(2*time.Hour + domain.LockFor + time.Minute)
		if err := signIn(pw, rfcTOTP(secret, f.now, 6)); err != nil {
			t.Errorf("the right code after the lock: got %v, want signed in", err)
		}
		var audit []string
		for _, a := range f.actionsSince(t, 0) {
			if strings.HasPrefix(a, "second_factor.") || strings.HasPrefix(a, "auth.second_factor") || strings.HasPrefix(a, "auth.lockout") {
				audit = append(audit, a)
			}
		}
		if len(audit) < 3 || audit[0] != "second_factor.enrol:ok" || !strings.Contains(strings.Join(audit, " "), "second_factor.recovery_code:ok") ||
			!strings.Contains(strings.Join(audit, " "), "auth.lockout:failure") {
			t.Errorf("audit: got %v, want the enrolment, the recovery code's use, refusals and the lockout", audit)
		}

		if err := acc.RemoveSecondFactor(ctx, admin, "ana"); err != nil {
			t.Fatal(err)
		}
		if err := signIn(pw, ""); err != nil {
			t.Errorf("after the sysadmin removed the second factor: got %v, want signed in with the password", err)
		}
		if must, _ := acc.MustEnrolSecondFactor(ctx, ana, p); !must {
			t.Error("after removal: got no need to enrol, want enrolment again")
		}
	})
}
