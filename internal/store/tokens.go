package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"pacer/internal/domain"
)

const tokenCols = `t.id, t.user_id, u.username, t.name, t.created_at, t.last_used_at, t.expires_at, t.revoked, t.revoked_at`

func scanToken(sc interface{ Scan(...any) error }) (domain.APIToken, error) {
	var t domain.APIToken
	var used, expires, revoked sql.NullTime
	err := sc.Scan(&t.ID, &t.UserID, &t.Username, &t.Label, &t.CreatedAt, &used, &expires, &t.Revoked, &revoked)
	t.LastUsedAt, t.ExpiresAt, t.RevokedAt = timePtr(used), timePtr(expires), timePtr(revoked)
	return t, err
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// CreateAPIToken stores a per-account API token of u (only its hash), labelled label, expiring at
// expires (nil: never), and audits it; it returns the token as stored.
func (s *Store) CreateAPIToken(ctx context.Context, by Who, u domain.User, label, token string, expires *time.Time) (domain.APIToken, error) {
	t := domain.APIToken{UserID: u.ID, Username: u.Username, Label: label, ExpiresAt: expires}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		t.CreatedAt = s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			hashToken(token), u.ID, label, s.dialect.stamp(t.CreatedAt), s.dialect.nullStamp(expires)).Scan(&t.ID); err != nil {
			return fmt.Errorf("insert api token: %w", err)
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(t.CreatedAt), actor: by.Actor(), ip: by.IP}
		return a.log("api_token.create", "user:"+u.Username, "", tokenDescription(t))
	})
	return t, err
}

// tokenDescription is how the audit log names a token: its label, id and expiry.
func tokenDescription(t domain.APIToken) string {
	d := fmt.Sprintf("%s (#%d)", t.Label, t.ID)
	if t.ExpiresAt != nil {
		d += " expires " + t.ExpiresAt.UTC().Format(time.RFC3339)
	}
	return d
}

// APIToken returns the API token stored under token and its account, revoked, expired or not, or
// ENOTFOUND: whether it may still be used is the caller's to decide (domain.APIToken.Usable,
// domain.User.CanUseAPI).
func (s *Store) APIToken(ctx context.Context, token string) (domain.APIToken, domain.User, error) {
	// It runs on every API request: gathered by tokenLookups like the session's.
	tu, ok, err := s.tokenLookups.get(ctx, hashToken(token), s.apiTokensByHash)
	if err == nil && !ok {
		err = domain.E(domain.ENOTFOUND, "accounts.bad_token")
	}
	if err != nil {
		return domain.APIToken{}, domain.User{}, err
	}
	return tu.token, tu.user, nil
}

// tokenUser is an API token and its account.
type tokenUser struct {
	token domain.APIToken
	user  domain.User
}

// apiTokensByHash reads the API tokens under the hashes, and their accounts, in one query.
func (s *Store) apiTokensByHash(ctx context.Context, hashes []string) (map[string]tokenUser, error) {
	const sel = `SELECT t.token_hash, ` + tokenCols + `, u.display_name, u.role, COALESCE(u.unit_code, ''), u.password_hash,
		u.must_change, u.failed_logins, u.locked_until, u.disabled, u.lang, u.created_at, u.password_changed_at,
		COALESCE(u.region_code, '')
		FROM api_tokens t JOIN users u ON u.id = t.user_id`
	rows, err := s.byHashes(ctx, sel, "t.token_hash", hashes)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]tokenUser, len(hashes))
	for rows.Next() {
		var hash, role string
		var t domain.APIToken
		var u domain.User
		var used, expires, revoked, locked sql.NullTime
		if err := rows.Scan(&hash, &t.ID, &t.UserID, &t.Username, &t.Label, &t.CreatedAt, &used, &expires, &t.Revoked, &revoked,
			&u.DisplayName, &role, &u.UnitCode, &u.PasswordHash, &u.MustChange, &u.FailedLogins, &locked, &u.Disabled, &u.Lang,
			&u.CreatedAt, &u.PasswordChangedAt, &u.RegionCode); err != nil {
			return nil, err
		}
		t.LastUsedAt, t.ExpiresAt, t.RevokedAt = timePtr(used), timePtr(expires), timePtr(revoked)
		u.ID, u.Username, u.Role, u.LockedUntil = t.UserID, t.Username, domain.Role(role), timePtr(locked)
		out[hash] = tokenUser{t, u}
	}
	return out, rows.Err()
}

// APITokenByID returns the API token with the given id, or ENOTFOUND.
func (s *Store) APITokenByID(ctx context.Context, id int64) (domain.APIToken, error) {
	t, err := scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, domain.E(domain.ENOTFOUND, "tokens.unknown", id)
	}
	return t, err
}

// APITokens lists the API tokens of the account userID (0: of every account), revoked ones
// included, by account and then newest first.
func (s *Store) APITokens(ctx context.Context, userID int64) ([]domain.APIToken, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+tokenCols+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE $1 = 0 OR t.user_id = $1 ORDER BY lower(u.username), t.created_at DESC, t.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TouchAPIToken records that the API token id was used at at (no audit row: a use is not a
// change).
func (s *Store) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, id, s.dialect.stamp(at))
	return err
}

// RevokeAPIToken revokes the API token t and audits it, in one transaction; a token already
// revoked is a conflict.
func (s *Store) RevokeAPIToken(ctx context.Context, by Who, t domain.APIToken) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		r, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked = TRUE, revoked_at = $2 WHERE id = $1 AND NOT revoked`,
			t.ID, s.dialect.stamp(now))
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return domain.E(domain.ECONFLICT, "tokens.already_revoked", t.ID)
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		return a.log("api_token.revoke", "user:"+t.Username, tokenDescription(t), "revoked")
	})
}
