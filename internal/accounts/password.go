package accounts

import (
	"context"

	"pacer/internal/auth"
	"pacer/internal/domain"
)

// PasswordChange is what the password form sends: the current password, the new one and the new
// one again; and the session it is sent from, which stays signed in (every other session of the
// account ends).
type PasswordChange struct {
	Current, New, Again string
	KeepSession         string
}

// ChangePassword sets u's password to c.New after checking, in this order: that u is not locked
// out, the current password — a wrong one counts towards the lockout like a failed sign-in
// (audited auth.password_check_failed, or auth.lockout), so it cannot be guessed without limit —,
// that the new one was typed the same twice, the password rules of the policy in force, and that
// it is none of the policy's last PasswordHistory passwords. It clears must-change, ends the
// account's other sessions and is audited as by's.
func (s *Service) ChangePassword(ctx context.Context, by domain.Who, u domain.User, c PasswordChange) error {
	p, err := s.Policy(ctx)
	if err != nil {
		return err
	}
	p = p.WithDefaults()
	if stored, err := s.store.UserByName(ctx, u.Username); err != nil {
		return err
	} else if err := stored.CanSignIn(s.now()); err != nil {
		return err
	}
	if !auth.CheckPassword(u.PasswordHash, c.Current) {
		after, err := s.countFailure(ctx, u, by.IP, "auth.password_check_failed", p)
		if err != nil {
			return err
		}
		if err := after.CanSignIn(s.now()); err != nil {
			return err
		}
		return domain.E(domain.EINVALID, "password.wrong_current")
	}
	if c.New != c.Again {
		return domain.E(domain.EINVALID, "password.mismatch")
	}
	if err := auth.ValidatePasswordPolicy(c.New, u.Username, p); err != nil {
		return err
	}
	hash, err := auth.HashPassword(c.New)
	if err != nil {
		return err
	}
	return s.store.ChangePassword(ctx, by, u, hash, p.PasswordHistory, c.KeepSession, func(recent []string) error {
		for _, old := range append(recent, u.PasswordHash) {
			if auth.CheckPassword(old, c.New) {
				return domain.E(domain.EINVALID, "accounts.password_reused", p.PasswordHistory)
			}
		}
		return nil
	})
}
