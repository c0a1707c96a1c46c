package accounts

import (
	"context"
	"strings"
	"time"

	"pacer/internal/auth"
	"pacer/internal/domain"
)

// NewToken is an API token to issue: for which account, labelled what, expiring when (nil:
// never).
type NewToken struct {
	Username, Label string
	Expires         *time.Time
}

// CreateToken issues a new API token as t asks, audited as by's. The token is returned once;
// only its hash is kept. API clients send it as "Authorization: Bearer TOKEN". The label is
// required (at most 100 characters); an expiry must lie ahead.
func (s *Service) CreateToken(ctx context.Context, by domain.Who, t NewToken) (string, domain.APIToken, error) {
	label := strings.TrimSpace(t.Label)
	if label == "" || len([]rune(label)) > 100 {
		return "", domain.APIToken{}, domain.E(domain.EINVALID, "tokens.err.label")
	}
	if t.Expires != nil && !t.Expires.After(s.now()) {
		return "", domain.APIToken{}, domain.E(domain.EINVALID, "tokens.err.expiry_past")
	}
	u, err := s.store.UserByName(ctx, t.Username)
	if err != nil {
		return "", domain.APIToken{}, err
	}
	token := auth.NewToken()
	stored, err := s.store.CreateAPIToken(ctx, by, u, label, token, t.Expires)
	if err != nil {
		return "", domain.APIToken{}, err
	}
	return token, stored, nil
}

// TokenUser returns the account an API token belongs to while the token may be used: it refuses
// an unknown, revoked or expired token (ENOTFOUND) and the token of an account that is disabled,
// locked or must change its password under p (EFORBIDDEN) — a token is no way around the
// sign-in rules. The token's last use is written down at most once a minute.
func (s *Service) TokenUser(ctx context.Context, token string, p Policy) (domain.User, error) {
	t, u, err := s.store.APIToken(ctx, token)
	if err != nil {
		return domain.User{}, err
	}
	now := s.now()
	if err := t.Usable(now); err != nil {
		return domain.User{}, err
	}
	if err := u.CanUseAPI(now, p.PasswordMaxAge); err != nil {
		return domain.User{}, err
	}
	if t.NeedsTouch(now) {
		if err := s.store.TouchAPIToken(ctx, t.ID, now); err != nil {
			return domain.User{}, err
		}
	}
	return u, nil
}

// Tokens lists the API tokens of the account username, or of every account when username is "",
// revoked and expired ones included.
func (s *Service) Tokens(ctx context.Context, username string) ([]domain.APIToken, error) {
	var id int64
	if username != "" {
		u, err := s.store.UserByName(ctx, username)
		if err != nil {
			return nil, err
		}
		id = u.ID
	}
	ts, err := s.store.APITokens(ctx, id)
	if err != nil || domain.ScopeOf(ctx).Whole() {
		return ts, err
	}
	kept := ts[:0]
	for _, t := range ts {
		if err := s.account(ctx, t.Username); err == nil {
			kept = append(kept, t)
		} else if domain.ErrorKind(err) != domain.ENOTFOUND {
			return nil, err
		}
	}
	return kept, nil
}

// RevokeToken revokes the API token id of the account username (any account's when username is
// ""), audited as by's. A token of another account is not found, as an unknown one.
func (s *Service) RevokeToken(ctx context.Context, by domain.Who, username string, id int64) error {
	t, err := s.store.APITokenByID(ctx, id)
	if err != nil {
		return err
	}
	if username != "" && !strings.EqualFold(t.Username, username) {
		return domain.E(domain.ENOTFOUND, "tokens.unknown", id)
	}
	if err := s.account(ctx, t.Username); err != nil {
		return domain.E(domain.ENOTFOUND, "tokens.unknown", id)
	}
	return s.store.RevokeAPIToken(ctx, by, t)
}
