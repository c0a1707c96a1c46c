package store

import (
	"context"
	"database/sql"
	"fmt"

	"pacer/internal/domain"
)

// auditor writes audit rows inside the transaction of the change they record: if the audit
// write fails, the change fails.
type auditor struct {
	tx    *sql.Tx
	ctx   context.Context
	at    any // the time of the change, as stamp makes it
	actor string
	ip    string
}

func (a auditor) log(action, object, oldValue, newValue string) error {
	return a.logOutcome(action, object, oldValue, newValue, "ok")
}

func (a auditor) logOutcome(action, object, oldValue, newValue, outcome string) error {
	if _, err := a.tx.ExecContext(a.ctx, `INSERT INTO audit_log (recorded_at, actor, source_ip, action, object, old_value, new_value, outcome)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a.at, a.actor, a.ip, action, object, oldValue, newValue, outcome); err != nil {
		return fmt.Errorf("write audit record: %w", err)
	}
	return nil
}

// AuditEntry is one row of the audit log.
type AuditEntry = domain.AuditEntry

// AuditLog returns the most recent audit rows, newest first.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT id, recorded_at, actor, source_ip, action, object, old_value, new_value, outcome
		FROM audit_log ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.RecordedAt, &e.Actor, &e.SourceIP, &e.Action, &e.Object, &e.OldValue, &e.NewValue, &e.Outcome); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
