package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"pacer/internal/domain"
)

// Who is the actor of a change, for the audit log.
type Who = domain.Who

const userCols = `id, username, display_name, role, COALESCE(unit_code, ''), password_hash, must_change, failed_logins,
	locked_until, disabled, lang, created_at, password_changed_at, COALESCE(region_code, '')`

func scanUser(sc interface{ Scan(...any) error }) (domain.User, error) {
	var u domain.User
	var role string
	var locked sql.NullTime
	err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.UnitCode, &u.PasswordHash, &u.MustChange,
		&u.FailedLogins, &locked, &u.Disabled, &u.Lang, &u.CreatedAt, &u.PasswordChangedAt, &u.RegionCode)
	u.Role = domain.Role(role)
	if locked.Valid {
		t := locked.Time
		u.LockedUntil = &t
	}
	return u, err
}

// CreateUser adds an account (the password already hashed) and audits it.
func (s *Store) CreateUser(ctx context.Context, by Who, u domain.User) (domain.User, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE lower(username) = lower($1)`, u.Username).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return domain.E(domain.ECONFLICT, "accounts.username_taken", u.Username)
		}
		if u.UnitCode != "" {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE code = $1`, u.UnitCode).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return domain.E(domain.ENOTFOUND, "accounts.unknown_unit", u.UnitCode)
			}
		}
		now := s.now()
		u.CreatedAt, u.PasswordChangedAt = now, now
		if u.Lang == "" {
			u.Lang = "zh-CN"
		}
		if u.RegionCode != "" {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, u.RegionCode).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return domain.E(domain.ENOTFOUND, "err.region.unknown", u.RegionCode)
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (username, display_name, role, unit_code, password_hash, must_change,
			lang, created_at, password_changed_at, region_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			u.Username, u.DisplayName, string(u.Role), nullString(u.UnitCode), u.PasswordHash, u.MustChange, u.Lang, s.dialect.stamp(now), s.dialect.stamp(now),
			nullString(u.RegionCode)).Scan(&u.ID); err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_history (user_id, hash, changed_at) VALUES ($1, $2, $3)`, u.ID, u.PasswordHash, s.dialect.stamp(now)); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		return a.log("user.create", "user:"+u.Username, "", fmt.Sprintf("role=%s unit=%s region=%s", u.Role, u.UnitCode, u.RegionCode))
	})
	return u, err
}

// UserByName returns the account with the given username (case-insensitive).
func (s *Store) UserByName(ctx context.Context, username string) (domain.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE lower(username) = lower($1)`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.E(domain.ENOTFOUND, "accounts.unknown_user", username)
	}
	return u, err
}

// Users returns every account, by username.
func (s *Store) Users(ctx context.Context) ([]domain.User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY lower(username)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// RecordLoginFailure records a failed sign-in of account id, read, decided and written in one
// transaction so that concurrent failures all count: it takes the account's row for writing,
// lets fail apply the lockout policy to the account as it stands (fail reports whether it locked
// it), stores the failure count and lock fail left, and audits auth.lockout or auth.login_failed.
// action names the failure in the audit log (auth.login_failed for a sign-in,
// auth.password_check_failed for the current-password field of the password form).
// It returns the account as it now stands.
func (s *Store) RecordLoginFailure(ctx context.Context, id int64, ip, action string, fail func(*domain.User) (locked bool)) (domain.User, error) {
	var u domain.User
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// A write that changes nothing takes the row (PostgreSQL) or the database (SQLite) for
		// this transaction: SELECT … FOR UPDATE in the SQL both dialects share.
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins WHERE id = $1 RETURNING `+userCols, id))
		if err != nil {
			return err
		}
		if fail(&u) {
			action = "auth.lockout"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1`,
			u.ID, u.FailedLogins, s.dialect.nullStamp(u.LockedUntil)); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: u.Username, ip: ip}
		return a.logOutcome(action, "user:"+u.Username, "", "", "failure")
	})
	return u, err
}

// AuditEvent writes one audit row on its own (authentication events without a change).
func (s *Store) AuditEvent(ctx context.Context, by Who, action, object, outcome string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.logOutcome(action, object, "", "", outcome)
	})
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession records a successful sign-in of u at at: it stores u's failure count and lock as
// the caller left them, a new session under token (only its hash is kept) and the auth.login
// audit row, in one transaction.
func (s *Store) CreateSession(ctx context.Context, u domain.User, token, csrf, ip string, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1`,
			u.ID, u.FailedLogins, s.dialect.nullStamp(u.LockedUntil)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, source_ip)
			VALUES ($1, $2, $3, $4, $5, $6)`, hashToken(token), u.ID, csrf, s.dialect.stamp(at), s.dialect.stamp(at), ip); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(at), actor: Who{Username: u.Username, Role: u.Role}.Actor(), ip: ip}
		return a.log("auth.login", "user:"+u.Username, "", "ok")
	})
}

// SessionByToken returns the session stored under token and its account, or ENOTFOUND. Whether
// it is still good is the caller's to decide (domain.Session.Expired, domain.User.Enabled).
func (s *Store) SessionByToken(ctx context.Context, token string) (domain.Session, error) {
	sess, ok, err := s.sessionLookups.get(ctx, hashToken(token), s.sessionsByHash)
	if err == nil && !ok {
		err = domain.E(domain.ENOTFOUND, "accounts.no_session")
	}
	return sess, err
}

// sessionsByHash reads the sessions under the token hashes, and their accounts, in one query:
// every request makes this read, gathered by sessionLookups.
func (s *Store) sessionsByHash(ctx context.Context, hashes []string) (map[string]domain.Session, error) {
	const sel = `SELECT s.token_hash, s.csrf_token, s.created_at, s.last_seen, u.id, u.username, u.display_name, u.role,
		COALESCE(u.unit_code, ''), u.password_hash, u.must_change, u.failed_logins, u.locked_until, u.disabled, u.lang,
		u.created_at, u.password_changed_at, COALESCE(u.region_code, '')
		FROM sessions s JOIN users u ON u.id = s.user_id`
	rows, err := s.byHashes(ctx, sel, "s.token_hash", hashes)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]domain.Session, len(hashes))
	for rows.Next() {
		var hash, role string
		var sess domain.Session
		var locked sql.NullTime
		u := &sess.User
		if err := rows.Scan(&hash, &sess.CSRFToken, &sess.CreatedAt, &sess.LastSeen, &u.ID, &u.Username, &u.DisplayName, &role, &u.UnitCode,
			&u.PasswordHash, &u.MustChange, &u.FailedLogins, &locked, &u.Disabled, &u.Lang, &u.CreatedAt, &u.PasswordChangedAt, &u.RegionCode); err != nil {
			return nil, err
		}
		u.Role = domain.Role(role)
		u.LockedUntil = timePtr(locked)
		out[hash] = sess
	}
	return out, rows.Err()
}

// TouchSession records that the session under token was used at at.
func (s *Store) TouchSession(ctx context.Context, token string, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE sessions SET last_seen = $2 WHERE token_hash = $1`, hashToken(token), s.dialect.stamp(at))
	return err
}

// ExpireSession deletes the session under token without an audit row: it lapsed, nobody ended it.
func (s *Store) ExpireSession(ctx context.Context, token string) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(token))
	return err
}

// DeleteSession ends a session (logout) and writes the auth.logout audit row, in one transaction.
func (s *Store) DeleteSession(ctx context.Context, by Who, token string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(token)); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("auth.logout", "user:"+by.Username, "", "ok")
	})
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// ChangePassword sets u's password hash, clears must_change and the failure count, keeps the
// history, ends every
// session of u but the one under keepSession ("" for none) and audits it, in one transaction.
// check sees the last keep hashes of the history, newest first, and refuses the change by
// returning an error.
func (s *Store) ChangePassword(ctx context.Context, by Who, u domain.User, newHash string, keep int, keepSession string, check func(recent []string) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT hash FROM password_history WHERE user_id = $1 ORDER BY changed_at DESC LIMIT $2`, u.ID, keep)
		if err != nil {
			return err
		}
		var recent []string
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				rows.Close()
				return err
			}
			recent = append(recent, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := check(recent); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, must_change = FALSE, password_changed_at = $3, failed_logins = 0 WHERE id = $1`,
			u.ID, newHash, s.dialect.stamp(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_history (user_id, hash, changed_at) VALUES ($1, $2, $3)`, u.ID, newHash, s.dialect.stamp(now)); err != nil {
			return err
		}
		ended, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, u.ID, hashToken(keepSession))
		if err != nil {
			return err
		}
		n, _ := ended.RowsAffected()
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		return a.log("user.password_change", "user:"+u.Username, "", fmt.Sprintf("changed; %d other sessions ended", n))
	})
}

// SetUserDisabled disables or enables the account u (as stored; ENOTFOUND if it is gone), audited
// as by's user.disable or user.enable, in one transaction. Disabling also ends every session of
// the account and revokes its API tokens; enabling gives neither back. It returns the account as
// it now stands.
func (s *Store) SetUserDisabled(ctx context.Context, by Who, username string, disabled bool) (domain.User, error) {
	var u domain.User
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, `UPDATE users SET disabled = $2 WHERE lower(username) = lower($1) RETURNING `+userCols, username, disabled))
		if errors.Is(err, sql.ErrNoRows) {
			return domain.E(domain.ENOTFOUND, "accounts.unknown_user", username)
		}
		if err != nil {
			return err
		}
		now := s.now()
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		if !disabled {
			return a.log("user.enable", "user:"+u.Username, "disabled", "enabled")
		}
		sessions, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID)
		if err != nil {
			return err
		}
		tokens, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked = TRUE, revoked_at = $2 WHERE user_id = $1 AND NOT revoked`,
			u.ID, s.dialect.stamp(now))
		if err != nil {
			return err
		}
		ns, _ := sessions.RowsAffected()
		nt, _ := tokens.RowsAffected()
		return a.log("user.disable", "user:"+u.Username, "enabled", fmt.Sprintf("disabled; %d sessions ended, %d API tokens revoked", ns, nt))
	})
	return u, err
}

// SetUserRole gives the account u.Username the role u.Role and unit u.UnitCode (a reporter's;
// the unit must exist, and its region becomes the account's scope), audited as by's user.role with old → new, in one transaction. Whether
// the change is allowed is the caller's to decide; check sees the account as stored and refuses
// by returning an error. It returns the account as it now stands.
func (s *Store) SetUserRole(ctx context.Context, by Who, u domain.User, check func(old domain.User) error) (domain.User, error) {
	var out domain.User
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := scanUser(tx.QueryRowContext(ctx, `UPDATE users SET role = role WHERE lower(username) = lower($1) RETURNING `+userCols, u.Username))
		if errors.Is(err, sql.ErrNoRows) {
			return domain.E(domain.ENOTFOUND, "accounts.unknown_user", u.Username)
		}
		if err != nil {
			return err
		}
		if err := check(old); err != nil {
			return err
		}
		if u.UnitCode != "" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE code = $1`, u.UnitCode).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return domain.E(domain.ENOTFOUND, "accounts.unknown_unit", u.UnitCode)
			}
		}
		// A reporter's scope is its unit's region (issue 16); other accounts keep theirs.
		out, err = scanUser(tx.QueryRowContext(ctx, `UPDATE users SET role = $2, unit_code = $3,
			region_code = COALESCE((SELECT region_code FROM units WHERE code = $3), region_code) WHERE id = $1 RETURNING `+userCols,
			old.ID, string(u.Role), nullString(u.UnitCode)))
		if err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("user.role", "user:"+old.Username, fmt.Sprintf("role=%s unit=%s", old.Role, old.UnitCode),
			fmt.Sprintf("role=%s unit=%s", out.Role, out.UnitCode))
	})
	return out, err
}
