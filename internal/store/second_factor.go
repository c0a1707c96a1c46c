package store

import (
	"context"
	"database/sql"
	"errors"

	"pacer/internal/domain"
)

// SecondFactor returns the second factor of the account userID, enrolled or waiting for its
// first code, and how many recovery codes it has left; ENOTFOUND when it has none.
func (s *Store) SecondFactor(ctx context.Context, userID int64) (domain.SecondFactor, int, error) {
	var f domain.SecondFactor
	var enrolled sql.NullTime
	var left int
	err := s.r.QueryRowContext(ctx, `SELECT f.user_id, f.secret, f.created_at, f.enrolled_at, f.last_step,
		(SELECT COUNT(*) FROM recovery_codes c WHERE c.user_id = f.user_id)
		FROM second_factors f WHERE f.user_id = $1`, userID).Scan(&f.UserID, &f.Sealed, &f.CreatedAt, &enrolled, &f.LastStep, &left)
	if errors.Is(err, sql.ErrNoRows) {
		return f, 0, domain.E(domain.ENOTFOUND, "second_factor.none")
	}
	f.EnrolledAt = timePtr(enrolled)
	return f, left, err
}

// StartSecondFactor stores sealed as the secret of u's second factor waiting for its first
// code, replacing one that waits; an enrolled second factor is a conflict.
func (s *Store) StartSecondFactor(ctx context.Context, u domain.User, sealed string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM second_factors WHERE user_id = $1 AND enrolled_at IS NOT NULL`, u.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return domain.E(domain.ECONFLICT, "second_factor.already_enrolled", u.Username)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM second_factors WHERE user_id = $1`, u.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO second_factors (user_id, secret, created_at) VALUES ($1, $2, $3)`,
			u.ID, sealed, s.dialect.stamp(s.now()))
		return err
	})
}

// EnrolSecondFactor confirms u's waiting second factor with a code of time step step, stores the
// hashes of its recovery codes (replacing any) and audits the enrolment, in one transaction. A
// second factor not waiting, or a step not after the last one taken, is a conflict.
func (s *Store) EnrolSecondFactor(ctx context.Context, by Who, u domain.User, step int64, recoveryHashes []string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		r, err := tx.ExecContext(ctx, `UPDATE second_factors SET enrolled_at = $2, last_step = $3
			WHERE user_id = $1 AND enrolled_at IS NULL AND last_step < $3`, u.ID, s.dialect.stamp(now), step)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return domain.E(domain.ECONFLICT, "second_factor.not_waiting", u.Username)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, u.ID); err != nil {
			return err
		}
		for _, h := range recoveryHashes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, u.ID, h); err != nil {
				return err
			}
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		return a.log("second_factor.enrol", "user:"+u.Username, "", "enrolled")
	})
}

// TakeSecondFactorStep marks time step step of the account userID's enrolled second factor as
// used, and reports whether it was not used (nor a later one) before: a code is taken once.
func (s *Store) TakeSecondFactorStep(ctx context.Context, userID, step int64) (bool, error) {
	r, err := s.w.ExecContext(ctx, `UPDATE second_factors SET last_step = $2
		WHERE user_id = $1 AND enrolled_at IS NOT NULL AND last_step < $2`, userID, step)
	if err != nil {
		return false, err
	}
	n, err := r.RowsAffected()
	return n == 1, err
}

// UseRecoveryCode takes the recovery code of u whose hash is hash, once: it reports whether
// there was one, deletes it and audits its use, in one transaction.
func (s *Store) UseRecoveryCode(ctx context.Context, by Who, u domain.User, hash string) (bool, error) {
	var ok bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1 AND code_hash = $2`, u.ID, hash)
		if err != nil {
			return err
		}
		n, err := r.RowsAffected()
		if err != nil || n != 1 {
			return err
		}
		ok = true
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("second_factor.recovery_code", "user:"+u.Username, "", "used")
	})
	return ok, err
}

// RemoveSecondFactor deletes u's second factor and its recovery codes and audits it, in one
// transaction; an account without one is ENOTFOUND.
func (s *Store) RemoveSecondFactor(ctx context.Context, by Who, u domain.User) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, u.ID); err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, `DELETE FROM second_factors WHERE user_id = $1`, u.ID)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return domain.E(domain.ENOTFOUND, "second_factor.none")
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("second_factor.remove", "user:"+u.Username, "enrolled", "removed")
	})
}
