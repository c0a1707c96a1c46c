package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"pacer/internal/domain"
)

// The audit log is append-only (triggers of migrations 0001 and 0007 refuse UPDATE, DELETE,
// TRUNCATE and REPLACE on both databases). Rows leave by one door only, PurgeAudit: the delete
// triggers let a row go when it is older than the retention by the database's own clock (never
// less than 180 days), is not itself the record of a purge, and the purge's permit names the
// newest row of the log, an audit.purge row written in the same transaction.

// ErrAuditPurgePrivilege is PurgeAudit's error when the connection's role may not purge (on
// PostgreSQL, the least-privilege role of `pacer serve`): purging is the database owner's.
var ErrAuditPurgePrivilege = domain.E(domain.EFORBIDDEN, "audit.purge.err_privilege")

// AuditRetention returns how many days audit rows are kept: the stored setting, else
// domain.MinAuditRetentionDays.
func (s *Store) AuditRetention(ctx context.Context) (int, error) {
	var days int
	err := s.rd(ctx).QueryRowContext(ctx, `SELECT days FROM audit_retention WHERE id = 1`).Scan(&days)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.MinAuditRetentionDays, nil
	}
	return days, err
}

// SetAuditRetention stores days as the retention and audits the change (audit.retention, old →
// new); the same value again writes nothing. The database refuses fewer than 180 days.
func (s *Store) SetAuditRetention(ctx context.Context, by Who, days int) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old := domain.MinAuditRetentionDays
		if err := tx.QueryRowContext(ctx, `SELECT days FROM audit_retention WHERE id = 1`).Scan(&old); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if old == days {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_retention (id, days) VALUES (1, $1)
			ON CONFLICT (id) DO UPDATE SET days = excluded.days`, days); err != nil {
			return fmt.Errorf("set audit retention: %w", err)
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("audit.retention", "audit_log", "days="+strconv.Itoa(old), "days="+strconv.Itoa(days))
	})
}

// PurgeAudit removes the audit rows recorded before before (records of earlier purges stay) and
// returns how many it removed. In one transaction it first writes its own audit row, which stays:
// action audit.purge, object "audit_log before <cut-off>", old → new "rows=N" → "rows=0"; the database refuses the whole
// purge when a row it would remove is within the retention. It is the business of the caller
// to refuse a cut-off within the retention with a clear message first.
func (s *Store) PurgeAudit(ctx context.Context, by Who, before time.Time) (int64, error) {
	var removed int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		cut := s.dialect.stamp(before)
		// The permit holds while the purge's record is the newest row: other writers wait (on
		// SQLite the one writer connection already serialises them). Reads go on.
		if s.dialect == Postgres {
			if _, err := tx.ExecContext(ctx, `LOCK TABLE audit_log IN EXCLUSIVE MODE`); err != nil {
				return purgeError(err)
			}
		}
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE recorded_at < $1 AND action <> 'audit.purge'`,
			cut).Scan(&n); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO audit_log (recorded_at, actor, source_ip, action, object, old_value, new_value, outcome)
			VALUES ($1, $2, $3, 'audit.purge', $4, $5, 'rows=0', 'ok') RETURNING id`,
			s.dialect.stamp(s.now()), by.Actor(), by.IP, "audit_log before "+before.Format(time.RFC3339),
			"rows="+strconv.FormatInt(n, 10)).Scan(&id); err != nil {
			return fmt.Errorf("write audit record: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_purge_gate (audit_id) VALUES ($1)`, id); err != nil {
			return purgeError(err)
		}
		r, err := tx.ExecContext(ctx, `DELETE FROM audit_log WHERE recorded_at < $1 AND action <> 'audit.purge'`, cut)
		if err != nil {
			return purgeError(err)
		}
		if removed, err = r.RowsAffected(); err != nil {
			return err
		}
		if removed != n {
			return fmt.Errorf("purge audit log: removed %d rows, counted %d", removed, n)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM audit_purge_gate WHERE audit_id = $1`, id)
		return err
	})
	return removed, err
}

// purgeError names a permission refusal (PostgreSQL's insufficient_privilege) as such.
func purgeError(err error) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "42501" {
		return fmt.Errorf("%w (%s)", ErrAuditPurgePrivilege, pg.Message)
	}
	return fmt.Errorf("purge audit log: %w", err)
}
