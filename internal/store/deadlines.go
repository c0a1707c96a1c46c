package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"pacer/internal/domain"
)

// Late data (issue 13 §7): the deadline days set per indicator and per unit, the assignments
// not yet submitted for a period, and notices told once.

// DeadlineDay is a deadline day set for an indicator or a unit (Scope domain.DeadlineIndicator
// or domain.DeadlineUnit).
type DeadlineDay struct {
	Scope, Code string
	Day         int
	ChangedBy   string
}

// SubmissionDeadlines returns every deadline day set, by scope and code.
func (s *Store) SubmissionDeadlines(ctx context.Context) ([]DeadlineDay, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT scope, code, day, changed_by FROM submission_deadlines ORDER BY scope, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DeadlineDay
	for rows.Next() {
		var d DeadlineDay
		if err := rows.Scan(&d.Scope, &d.Code, &d.Day, &d.ChangedBy); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SetSubmissionDeadline sets the deadline day of an indicator or a unit (checked by the
// workflow), audited; a day of 0 removes it, and the day it already has writes nothing.
func (s *Store) SetSubmissionDeadline(ctx context.Context, by Who, scope, code string, day int) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var old int
		err := tx.QueryRowContext(ctx, `SELECT day FROM submission_deadlines WHERE scope = $1 AND code = $2`, scope, code).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if old == day {
			return nil
		}
		now := s.dialect.stamp(s.now())
		if day == 0 {
			_, err = tx.ExecContext(ctx, `DELETE FROM submission_deadlines WHERE scope = $1 AND code = $2`, scope, code)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO submission_deadlines (scope, code, day, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (scope, code) DO UPDATE SET day = $3, changed_by = $4, changed_at = $5`, scope, code, day, by.Username, now)
		}
		if err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: now, actor: by.Actor(), ip: by.IP}
		text := func(d int) string {
			if d == 0 {
				return ""
			}
			return strconv.Itoa(d)
		}
		return a.log("deadline.set", "deadline:"+scope+"/"+code, text(old), text(day))
	})
}

// Unsubmitted returns the assignments of the units in use of region and of its towns that have,
// for period, neither a submission submitted or approved (a draft or a returned one is not
// submitted) nor an official figure.
func (s *Store) Unsubmitted(ctx context.Context, region, period string) ([]Assignment, error) {
	return scanAssignments(s.rd(ctx).QueryContext(ctx, `SELECT ui.unit_code, ui.indicator_code, ui.region_code FROM unit_indicators ui
		JOIN units u ON u.code = ui.unit_code JOIN regions r ON r.code = u.region_code
		WHERE NOT u.archived AND (u.region_code = $1 OR r.parent_code = $1)
		AND NOT EXISTS (SELECT 1 FROM submissions x WHERE x.unit_code = ui.unit_code AND x.region_code = ui.region_code
			AND x.indicator_code = ui.indicator_code AND x.period = $2 AND x.state IN ('submitted', 'approved'))
		AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.region_code = ui.region_code AND o.indicator_code = ui.indicator_code
			AND o.period = $2 AND o.is_current)
		ORDER BY ui.unit_code, ui.region_code, ui.indicator_code`, region, period))
}

// Notice is an event told once: each of its keys names something it tells of (a reminder of
// one assignment, the pack of a period to one recipient).
type Notice struct {
	Keys  []string
	Event domain.Event
}

// NoticesTold returns which of keys were told already.
func (s *Store) NoticesTold(ctx context.Context, keys []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(keys) == 0 {
		return out, nil
	}
	var args []any
	rows, err := s.r.QueryContext(ctx, `SELECT key FROM notices_once WHERE key IN (`+placeholders(&args, keys)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out[k] = true
	}
	return out, rows.Err()
}

// EnqueueOnce records notices in one transaction: a notice with a key not told before queues its
// event's outbox messages (as Enqueue does, audited as notify.enqueue) and records its keys; a
// notice whose keys were all told already writes nothing, so running a job twice tells nothing
// twice. It returns how many notices it told and how many messages it wrote.
func (s *Store) EnqueueOnce(ctx context.Context, by Who, notices ...Notice) (told, messages int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		told, messages = 0, 0
		now := s.now()
		at := s.dialect.stamp(now)
		a := auditor{tx: tx, ctx: ctx, at: at, actor: by.Actor(), ip: by.IP}
		for _, nt := range notices {
			var fresh []string
			for _, k := range nt.Keys {
				r, err := tx.ExecContext(ctx, `INSERT INTO notices_once (key, messages, created_at) VALUES ($1, 0, $2)
					ON CONFLICT (key) DO NOTHING`, k, at)
				if err != nil {
					return err
				}
				if n, _ := r.RowsAffected(); n > 0 {
					fresh = append(fresh, k)
				}
			}
			if len(fresh) == 0 {
				continue
			}
			n, err := enqueueTx(ctx, tx, s.dialect, now, nt.Event)
			if err != nil {
				return err
			}
			var args []any
			args = append(args, n)
			if _, err := tx.ExecContext(ctx, `UPDATE notices_once SET messages = $1 WHERE key IN (`+placeholders(&args, fresh)+`)`, args...); err != nil {
				return err
			}
			object := "unit:" + nt.Event.UnitCode
			if nt.Event.UnitCode == "" {
				object = "notice:" + fresh[0] // to named recipients (the monthly pack)
			}
			if err := a.log("notify.enqueue", object, "", nt.Event.Kind+": "+nt.Event.Subject+" → "+strconv.Itoa(n)); err != nil {
				return err
			}
			told++
			messages += n
		}
		return nil
	})
	return told, messages, err
}
