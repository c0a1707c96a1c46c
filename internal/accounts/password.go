package accounts

import (
	"context"

	"pacer/internal/auth"
	"pacer/internal/domain"
)

// PasswordChange is what the password form sends: the current password, the new one and the new
// one again.
type PasswordChange struct {
	Current, New, Again string
}

// ChangePassword sets u's password to c.New after checking, in this order: the current password,
// that the new one was typed the same twice, the password policy (auth.ValidatePassword), and
// that it is none of the last domain.PasswordHistory passwords. It clears must-change and is
// audited as by's.
func (s *Service) ChangePassword(ctx context.Context, by domain.Who, u domain.User, c PasswordChange) error {
	if !auth.CheckPassword(u.PasswordHash, c.Current) {
		return domain.E(domain.EINVALID, "password.wrong_current")
	}
	if c.New != c.Again {
		return domain.E(domain.EINVALID, "password.mismatch")
	}
	if err := auth.ValidatePassword(c.New, u.Username); err != nil {
		return err
	}
	hash, err := auth.HashPassword(c.New)
	if err != nil {
		return err
	}
	return s.store.ChangePassword(ctx, by, u, hash, domain.PasswordHistory, func(recent []string) error {
		for _, old := range append(recent, u.PasswordHash) {
			if auth.CheckPassword(old, c.New) {
				return domain.E(domain.EINVALID, "accounts.password_reused", domain.PasswordHistory)
			}
		}
		return nil
	})
}
