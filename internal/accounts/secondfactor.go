package accounts

import (
	"context"
	"fmt"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/domain"
)

// The second factor (TOTP, RFC 6238; 等保 third level). An account that has enrolled one is
// asked for a code (or a one-time recovery code) at every sign-in. Where the server enforces it
// (WithSecondFactor), an account whose role the policy names (Policy.SecondFactorRoles) must
// enrol before it may do anything else; elsewhere enrolment is each account's choice, and
// deployments of the second level (the demo, the tests) need none.
//
// The shared secret is stored sealed with the server's key (auth.Seal), which lives outside the
// database: a dump of the database alone does not give the secrets away. It is never logged.

// RecoveryCodes is how many one-time recovery codes an enrolment gives.
const RecoveryCodes = 10

// ErrSecondFactorNeeded answers a sign-in of an account with a second factor that came without
// a code. The password was not checked, so it tells nothing about it.
var ErrSecondFactorNeeded = domain.E(domain.EFORBIDDEN, "second_factor.code_needed")

// Issuer names Pacer in authenticator apps.
const Issuer = "Pacer"

// WithSecondFactor returns the workflow with key (auth.SecretKeySize bytes) sealing second-factor
// secrets, enforcing a second factor for the policy's roles when enforce is set. Without a key
// no second factor can be enrolled.
func (s *Service) WithSecondFactor(key []byte, enforce bool) *Service {
	c := *s
	c.secretKey, c.enforce = key, enforce
	return &c
}

// SecondFactorStatus is what the second-factor page shows of an account.
type SecondFactorStatus struct {
	Enrolled     bool
	RecoveryLeft int
	Required     bool // the server enforces it for the account's role
}

// SecondFactorStatus returns u's second factor's state under p.
func (s *Service) SecondFactorStatus(ctx context.Context, u domain.User, p Policy) (SecondFactorStatus, error) {
	st := SecondFactorStatus{Required: s.required(u, p)}
	f, left, err := s.store.SecondFactor(ctx, u.ID)
	if domain.ErrorKind(err) == domain.ENOTFOUND {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	st.Enrolled, st.RecoveryLeft = f.Enrolled(), left
	return st, nil
}

func (s *Service) required(u domain.User, p Policy) bool {
	return s.enforce && p.NeedsSecondFactor(u.Role)
}

// MustEnrolSecondFactor reports whether u must enrol a second factor before anything else: the
// server enforces one for u's role under p and u has none yet. It costs no query when the
// server does not enforce one or u's role needs none.
func (s *Service) MustEnrolSecondFactor(ctx context.Context, u domain.User, p Policy) (bool, error) {
	if !s.required(u, p) {
		return false, nil
	}
	st, err := s.SecondFactorStatus(ctx, u, p)
	return !st.Enrolled, err
}

// Enrolment is a second factor waiting for its first code: the secret as typed into an app and
// the otpauth:// URI its QR code carries.
type Enrolment struct {
	Secret, URI string
}

// StartEnrolment returns u's second factor waiting for its first code, creating one (a new
// secret, sealed) if none waits. An enrolled one is a conflict: remove it first.
func (s *Service) StartEnrolment(ctx context.Context, u domain.User) (Enrolment, error) {
	if len(s.secretKey) == 0 {
		return Enrolment{}, domain.E(domain.EINVALID, "second_factor.no_key")
	}
	f, _, err := s.store.SecondFactor(ctx, u.ID)
	var secret []byte
	switch {
	case err == nil && f.Enrolled():
		return Enrolment{}, domain.E(domain.ECONFLICT, "second_factor.already_enrolled", u.Username)
	case err == nil:
		if secret, err = auth.Open(s.secretKey, f.Sealed, sealContext(u.ID)); err != nil {
			return Enrolment{}, err
		}
	case domain.ErrorKind(err) == domain.ENOTFOUND:
		secret = auth.NewTOTPSecret()
		sealed, err := auth.Seal(s.secretKey, secret, sealContext(u.ID))
		if err != nil {
			return Enrolment{}, err
		}
		if err := s.store.StartSecondFactor(ctx, u, sealed); err != nil {
			return Enrolment{}, err
		}
	default:
		return Enrolment{}, err
	}
	return Enrolment{Secret: auth.EncodeTOTPSecret(secret), URI: auth.TOTPURI(Issuer, u.Username, secret)}, nil
}

// sealContext binds a sealed secret to its account.
func sealContext(userID int64) string { return fmt.Sprintf("second_factor:user:%d", userID) }

// ConfirmEnrolment enrols u's waiting second factor when code is its current code, and returns
// the recovery codes — shown this once, only their hashes are kept. Audited as by's.
func (s *Service) ConfirmEnrolment(ctx context.Context, by domain.Who, u domain.User, code string) ([]string, error) {
	if len(s.secretKey) == 0 {
		return nil, domain.E(domain.EINVALID, "second_factor.no_key")
	}
	f, _, err := s.store.SecondFactor(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if f.Enrolled() {
		return nil, domain.E(domain.ECONFLICT, "second_factor.already_enrolled", u.Username)
	}
	secret, err := auth.Open(s.secretKey, f.Sealed, sealContext(u.ID))
	if err != nil {
		return nil, err
	}
	step, ok := auth.MatchTOTP(secret, code, s.now())
	if !ok {
		return nil, domain.E(domain.EINVALID, "second_factor.wrong_code")
	}
	codes := make([]string, RecoveryCodes)
	hashes := make([]string, RecoveryCodes)
	for i := range codes {
		codes[i] = auth.NewRecoveryCode()
		hashes[i] = auth.HashRecoveryCode(codes[i])
	}
	if err := s.store.EnrolSecondFactor(ctx, by, u, step, hashes); err != nil {
		return nil, err
	}
	return codes, nil
}

// RemoveSecondFactor removes the second factor of the account username (a lost phone), audited
// as by's; the account enrols again at its next sign-in where one is required.
func (s *Service) RemoveSecondFactor(ctx context.Context, by domain.Who, username string) error {
	u, err := s.store.UserByName(ctx, username)
	if err != nil {
		return err
	}
	return s.store.RemoveSecondFactor(ctx, by, u)
}

// checkSecondFactor reports whether code is good for u's enrolled second factor f: a TOTP code
// of a step not taken before (each step is taken once, so a code cannot be replayed), or one of
// u's unused recovery codes (then used up).
func (s *Service) checkSecondFactor(ctx context.Context, u domain.User, f domain.SecondFactor, code, ip string) (bool, error) {
	code = strings.TrimSpace(code)
	if len(code) == auth.TOTPDigits {
		secret, err := auth.Open(s.secretKey, f.Sealed, sealContext(u.ID))
		if err != nil {
			return false, err
		}
		step, ok := auth.MatchTOTP(secret, code, s.now())
		if !ok || step <= f.LastStep {
			return false, nil
		}
		return s.store.TakeSecondFactorStep(ctx, u.ID, step)
	}
	return s.store.UseRecoveryCode(ctx, domain.Who{Username: u.Username, Role: u.Role, IP: ip}, u, auth.HashRecoveryCode(code))
}

// SecondFactorView is the second-factor page of an account: its state and, while it has none
// enrolled, the enrolment waiting for its first code (KeyMissing when the server has no key to
// seal a secret with).
type SecondFactorView struct {
	SecondFactorStatus
	Enrolment  Enrolment
	KeyMissing bool
}

// SecondFactorView returns u's second-factor page under p, starting an enrolment when u has
// none enrolled.
func (s *Service) SecondFactorView(ctx context.Context, u domain.User, p Policy) (SecondFactorView, error) {
	var v SecondFactorView
	var err error
	if v.SecondFactorStatus, err = s.SecondFactorStatus(ctx, u, p); err != nil || v.Enrolled {
		return v, err
	}
	if len(s.secretKey) == 0 {
		v.KeyMissing = true
		return v, nil
	}
	v.Enrolment, err = s.StartEnrolment(ctx, u)
	return v, err
}
