package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// AuditQuery selects audit rows for the auditor's page and export. Empty fields do not filter.
type AuditQuery struct {
	Actor  string    // part of the actor ("demo-analyst" matches "demo-analyst (analyst)"), case-insensitive
	Action string    // an action, or its prefix up to a dot: "target" matches target.create and target.revise
	From   time.Time // recorded at or after
	Before time.Time // recorded before
	Limit  int       // 0: no limit
	Offset int
	// Actors, when not nil, keeps the rows of these accounts only (by username, case-insensitive):
	// a region's audit trail is what its accounts did (issue 16). An empty, non-nil list keeps none.
	Actors []string
}

func (q AuditQuery) where(d Dialect) (string, []any) {
	var where []string
	var args []any
	if q.Actor != "" {
		args = append(args, "%"+likeEscape(strings.ToLower(q.Actor))+"%")
		where = append(where, fmt.Sprintf(`lower(actor) LIKE $%d ESCAPE '\'`, len(args)))
	}
	if q.Actors != nil {
		var or []string
		for _, a := range q.Actors {
			args = append(args, strings.ToLower(a), likeEscape(strings.ToLower(a))+" (%")
			or = append(or, fmt.Sprintf(`lower(actor) = $%d OR lower(actor) LIKE $%d ESCAPE '\'`, len(args)-1, len(args)))
		}
		if len(or) == 0 {
			or = []string{"1 = 0"}
		}
		where = append(where, "("+strings.Join(or, " OR ")+")")
	}
	if q.Action != "" {
		args = append(args, q.Action, likeEscape(q.Action)+".%")
		where = append(where, fmt.Sprintf(`(action = $%d OR action LIKE $%d ESCAPE '\')`, len(args)-1, len(args)))
	}
	if !q.From.IsZero() {
		args = append(args, d.stamp(q.From))
		where = append(where, fmt.Sprintf("recorded_at >= $%d", len(args)))
	}
	if !q.Before.IsZero() {
		args = append(args, d.stamp(q.Before))
		where = append(where, fmt.Sprintf("recorded_at < $%d", len(args)))
	}
	if len(where) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SearchAudit returns the audit rows q selects, newest first, and how many there are in all.
func (s *Store) SearchAudit(ctx context.Context, q AuditQuery) ([]AuditEntry, int, error) {
	where, args := q.where(s.dialect)
	var total int
	if err := s.rd(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	query := `SELECT id, recorded_at, actor, source_ip, action, object, old_value, new_value, outcome FROM audit_log` +
		where + ` ORDER BY id DESC`
	if q.Limit > 0 {
		args = append(args, q.Limit, max(q.Offset, 0))
		query += fmt.Sprintf(" LIMIT $%d OFFSET $%d", len(args)-1, len(args))
	}
	rows, err := s.rd(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.RecordedAt, &e.Actor, &e.SourceIP, &e.Action, &e.Object, &e.OldValue, &e.NewValue, &e.Outcome); err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// AuditActions lists the distinct actions in the audit log, for the filter.
func (s *Store) AuditActions(ctx context.Context) ([]string, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT DISTINCT action FROM audit_log ORDER BY action`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
