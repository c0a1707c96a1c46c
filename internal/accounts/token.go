package accounts

import (
	"context"

	"pacer/internal/auth"
	"pacer/internal/domain"
)

// CreateToken issues a new API token for the account username, labelled label, audited as by's.
// The token is returned once; only its hash is kept. API clients send it as
// "Authorization: Bearer TOKEN".
func (s *Service) CreateToken(ctx context.Context, by domain.Who, username, label string) (string, error) {
	u, err := s.store.UserByName(ctx, username)
	if err != nil {
		return "", err
	}
	token := auth.NewToken()
	if err := s.store.CreateAPIToken(ctx, by, u, label, token); err != nil {
		return "", err
	}
	return token, nil
}

// TokenUser returns the account an API token belongs to, refusing a revoked or unknown token
// (ENOTFOUND) and a disabled account's (EFORBIDDEN).
func (s *Service) TokenUser(ctx context.Context, token string) (domain.User, error) {
	u, err := s.store.UserByAPIToken(ctx, token)
	if err != nil {
		return u, err
	}
	if err := u.Enabled(); err != nil {
		return domain.User{}, err
	}
	return u, nil
}
