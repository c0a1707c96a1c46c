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
type Who struct {
	Username string
	Role     domain.Role
	IP       string
}

func (w Who) actor() string {
	if w.Role != "" {
		return w.Username + " (" + string(w.Role) + ")"
	}
	return w.Username
}

const userCols = `id, username, display_name, role, COALESCE(unit_code, ''), password_hash, must_change, failed_logins,
	locked_until, disabled, lang, created_at, password_changed_at`

func scanUser(sc interface{ Scan(...any) error }) (domain.User, error) {
	var u domain.User
	var role string
	var locked sql.NullTime
	err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.UnitCode, &u.PasswordHash, &u.MustChange,
		&u.FailedLogins, &locked, &u.Disabled, &u.Lang, &u.CreatedAt, &u.PasswordChangedAt)
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
			return domain.Errorf(domain.ECONFLICT, "用户名「%s」已存在", u.Username)
		}
		if u.UnitCode != "" {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE code = $1`, u.UnitCode).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return domain.Errorf(domain.ENOTFOUND, "未知单位代码「%s」", u.UnitCode)
			}
		}
		now := s.now()
		u.CreatedAt, u.PasswordChangedAt = now, now
		if u.Lang == "" {
			u.Lang = "zh-CN"
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (username, display_name, role, unit_code, password_hash, must_change,
			lang, created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			u.Username, u.DisplayName, string(u.Role), nullString(u.UnitCode), u.PasswordHash, u.MustChange, u.Lang, s.dialect.stamp(now), s.dialect.stamp(now)).Scan(&u.ID); err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_history (user_id, hash, changed_at) VALUES ($1, $2, $3)`, u.ID, u.PasswordHash, s.dialect.stamp(now)); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.actor(), ip: by.IP}
		return a.log("user.create", "user:"+u.Username, "", fmt.Sprintf("role=%s unit=%s", u.Role, u.UnitCode))
	})
	return u, err
}

// UserByName returns the account with the given username (case-insensitive).
func (s *Store) UserByName(ctx context.Context, username string) (domain.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE lower(username) = lower($1)`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.Errorf(domain.ENOTFOUND, "未知用户「%s」", username)
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

// Login policy: after MaxFailedLogins consecutive failures the account is locked for LockFor.
const (
	MaxFailedLogins = 5
	LockFor         = 15 * time.Minute
)

// RecordLogin records the outcome of a login attempt for an existing account, locking it after
// too many failures, and audits it. It returns the account as it now stands.
func (s *Store) RecordLogin(ctx context.Context, u domain.User, ok bool, ip string) (domain.User, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: u.Username, ip: ip}
		if ok {
			u.FailedLogins, u.LockedUntil = 0, nil
			if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, u.ID); err != nil {
				return err
			}
			return a.log("auth.login", "user:"+u.Username, "", "ok")
		}
		u.FailedLogins++
		action := "auth.login_failed"
		if u.FailedLogins >= MaxFailedLogins {
			until := now.Add(LockFor)
			u.LockedUntil, u.FailedLogins = &until, 0
			action = "auth.lockout"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1`,
			u.ID, u.FailedLogins, s.dialect.nullStamp(u.LockedUntil)); err != nil {
			return err
		}
		return a.logOutcome(action, "user:"+u.Username, "", "", "failure")
	})
	return u, err
}

// AuditEvent writes one audit row on its own (authentication events without a change).
func (s *Store) AuditEvent(ctx context.Context, by Who, action, object, outcome string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.actor(), ip: by.IP}
		return a.logOutcome(action, object, "", "", outcome)
	})
}

// Session is a signed-in browser.
type Session struct {
	User      domain.User
	CSRFToken string
	LastSeen  time.Time
	CreatedAt time.Time
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession records a successful login of u: it clears the failure count, stores a new
// session under token (only its hash is kept) and writes the auth.login audit row, in one
// transaction.
func (s *Store) CreateSession(ctx context.Context, u domain.User, token, csrf, ip string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, u.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, source_ip)
			VALUES ($1, $2, $3, $4, $5, $6)`, hashToken(token), u.ID, csrf, s.dialect.stamp(now), s.dialect.stamp(now), ip); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: Who{Username: u.Username, Role: u.Role}.actor(), ip: ip}
		return a.log("auth.login", "user:"+u.Username, "", "ok")
	})
}

// SessionByToken returns the session for token if it exists, its account is enabled, and it has
// been used within idle and created within absolute; it then marks it used. Otherwise ENOTFOUND
// (and an expired session is deleted).
func (s *Store) SessionByToken(ctx context.Context, token string, idle, absolute time.Duration) (Session, error) {
	var sess Session
	h := hashToken(token)
	// One round trip: the session and its account.
	var role string
	var locked sql.NullTime
	u := &sess.User
	err := s.r.QueryRowContext(ctx, `SELECT s.csrf_token, s.created_at, s.last_seen, u.id, u.username, u.display_name, u.role,
		COALESCE(u.unit_code, ''), u.password_hash, u.must_change, u.failed_logins, u.locked_until, u.disabled, u.lang,
		u.created_at, u.password_changed_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, h).
		Scan(&sess.CSRFToken, &sess.CreatedAt, &sess.LastSeen, &u.ID, &u.Username, &u.DisplayName, &role, &u.UnitCode,
			&u.PasswordHash, &u.MustChange, &u.FailedLogins, &locked, &u.Disabled, &u.Lang, &u.CreatedAt, &u.PasswordChangedAt)
	u.Role = domain.Role(role)
	if locked.Valid {
		t := locked.Time
		u.LockedUntil = &t
	}
	if errors.Is(err, sql.ErrNoRows) {
		return sess, domain.Errorf(domain.ENOTFOUND, "会话不存在或已过期")
	}
	if err != nil {
		return sess, err
	}
	now := s.now()
	if now.Sub(sess.LastSeen) > idle || now.Sub(sess.CreatedAt) > absolute {
		s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, h)
		return sess, domain.Errorf(domain.ENOTFOUND, "会话已过期，请重新登录")
	}
	if sess.User.Disabled {
		return sess, domain.Errorf(domain.ENOTFOUND, "账号已停用")
	}
	// Touch at most once a minute (sooner for idle timeouts under ten minutes, so an active
	// session never lapses): reads must not turn into a write each.
	if now.Sub(sess.LastSeen) > min(time.Minute, idle/10) {
		if _, err := s.w.ExecContext(ctx, `UPDATE sessions SET last_seen = $2 WHERE token_hash = $1`, h, s.dialect.stamp(now)); err != nil {
			return sess, err
		}
		sess.LastSeen = now
	}
	return sess, nil
}

// DeleteSession ends a session (logout) and writes the auth.logout audit row, in one transaction.
func (s *Store) DeleteSession(ctx context.Context, by Who, token string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(token)); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.actor(), ip: by.IP}
		return a.log("auth.logout", "user:"+by.Username, "", "ok")
	})
}

// CreateAPIToken stores a per-account API token (only its hash) and audits it.
func (s *Store) CreateAPIToken(ctx context.Context, by Who, u domain.User, name, token string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4)`,
			hashToken(token), u.ID, name, s.dialect.stamp(now)); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.actor(), ip: by.IP}
		return a.log("api_token.create", "user:"+u.Username, "", name)
	})
}

// UserByAPIToken returns the enabled account an unrevoked API token belongs to.
func (s *Store) UserByAPIToken(ctx context.Context, token string) (domain.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE NOT disabled AND id =
		(SELECT user_id FROM api_tokens WHERE token_hash = $1 AND NOT revoked)`, hashToken(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.Errorf(domain.ENOTFOUND, "API 令牌无效")
	}
	return u, err
}

// PasswordHistory is how many previous passwords may not be reused.
const PasswordHistory = 5

// ChangePassword sets u's password hash, clears must_change, keeps the history and audits it.
// reused reports whether the new password matches an old hash; the last PasswordHistory
// (including the current one) are checked.
func (s *Store) ChangePassword(ctx context.Context, by Who, u domain.User, newHash string, reused func(oldHash string) bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT hash FROM password_history WHERE user_id = $1 ORDER BY changed_at DESC LIMIT $2`, u.ID, PasswordHistory)
		if err != nil {
			return err
		}
		var old []string
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				rows.Close()
				return err
			}
			old = append(old, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, h := range append(old, u.PasswordHash) {
			if reused(h) {
				return domain.Errorf(domain.EINVALID, "新密码不能与最近 %d 次使用过的密码相同", PasswordHistory)
			}
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, must_change = FALSE, password_changed_at = $3 WHERE id = $1`,
			u.ID, newHash, s.dialect.stamp(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_history (user_id, hash, changed_at) VALUES ($1, $2, $3)`, u.ID, newHash, s.dialect.stamp(now)); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.actor(), ip: by.IP}
		return a.log("user.password_change", "user:"+u.Username, "", "changed")
	})
}
