package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"pacer/internal/domain"
)

// Notifications: subscriptions (who receives what, per unit) and the outbox. An event's messages
// are written to the outbox in the transaction of the event (enqueueTx, which every store method
// that records an event calls with its own transaction; Enqueue for an event of its own), so a
// committed event always has its messages and a rolled-back one none. Deliverers (internal/notify)
// claim due messages with a lease, send, and mark them sent or failed; a claim whose deliverer
// died is taken again when its lease ends, and the message goes out again with the same
// idempotency key. The claims and marks are the deliverers' bookkeeping, not data: they do not
// move the data version.

// enqueueTx writes one outbox message for every subscription that takes ev — its unit's, and the
// own subscriptions of the accounts it names (ev.Accounts, disabled accounts skipped) — of its
// kind or every kind; when ev names its recipients (ev.To), one for each of them instead of the
// unit's subscribers (the accounts' still hear), as when ev keeps the unit out (ev.NotUnit). It writes inside tx and returns how many.
func enqueueTx(ctx context.Context, tx *sql.Tx, d Dialect, now time.Time, ev domain.Event) (int, error) {
	var subs []outboxTarget
	for _, r := range ev.To {
		subs = append(subs, outboxTarget{channel: r.Channel, target: r.Target})
	}
	notUnit := ev.NotUnit || len(ev.To) > 0 // named recipients replace the unit's subscribers
	if notUnit && len(ev.Accounts) == 0 {
		return writeOutbox(ctx, tx, d, now, ev, subs)
	}
	args := []any{ev.UnitCode, ev.Kind}
	who := "unit_code = $1"
	if notUnit {
		who = "(unit_code = $1 AND FALSE)" // $1 still typed for PostgreSQL
	}
	if len(ev.Accounts) > 0 {
		marks := make([]string, len(ev.Accounts))
		for i, u := range ev.Accounts {
			args = append(args, u)
			marks[i] = "$" + strconv.Itoa(len(args))
		}
		who = "(" + who + " OR username <> '' AND username IN (" + strings.Join(marks, ", ") + `)
			AND NOT EXISTS (SELECT 1 FROM users u WHERE u.username = notify_subscriptions.username AND u.disabled))`
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, channel, target, secret, username FROM notify_subscriptions
		WHERE `+who+` AND (event_kind = $2 OR event_kind = '*') ORDER BY id`, args...)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var x outboxTarget
		if err := rows.Scan(&x.id, &x.channel, &x.target, &x.secret, &x.username); err != nil {
			rows.Close()
			return 0, err
		}
		subs = append(subs, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return writeOutbox(ctx, tx, d, now, ev, subs)
}

// outboxTarget is where one message goes: a subscription's (id set) or a named recipient's.
type outboxTarget struct {
	id                                sql.NullInt64
	channel, target, secret, username string
}

// writeOutbox writes ev's message to each of subs.
func writeOutbox(ctx context.Context, tx *sql.Tx, d Dialect, now time.Time, ev domain.Event, subs []outboxTarget) (int, error) {
	if len(subs) == 0 {
		return 0, nil
	}
	data := ev.Data
	if data == nil {
		data = map[string]any{}
	}
	msg := map[string]any{"subject": ev.Subject, "text": ev.Text, "data": data}
	if len(ev.Attachments) > 0 {
		msg["attachments"] = ev.Attachments
	}
	body, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("outbox: encode event: %w", err)
	}
	at := d.stamp(now)
	for _, x := range subs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (idempotency_key, subscription_id, event_kind, unit_code, channel,
			target, secret, subject, body, state, attempts, next_attempt_at, created_at, username)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', 0, $10, $10, $11)`,
			newIdempotencyKey(), x.id, ev.Kind, ev.UnitCode, x.channel, x.target, x.secret, ev.Subject, string(body), at, x.username); err != nil {
			return 0, fmt.Errorf("outbox: %w", err)
		}
	}
	return len(subs), nil
}

// newIdempotencyKey is a message's key: 128 random bits, as the receiver sees it.
func newIdempotencyKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return "pacer-" + hex.EncodeToString(b)
}

// Enqueue records events (each audited as notify.enqueue) and their outbox messages in one
// transaction, and returns how many messages it wrote (none when nobody subscribes).
func (s *Store) Enqueue(ctx context.Context, by Who, events ...domain.Event) (int, error) {
	var total int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		for _, ev := range events {
			n, err := enqueueTx(ctx, tx, s.dialect, now, ev)
			if err != nil {
				return err
			}
			total += n
			if err := a.log("notify.enqueue", "unit:"+ev.UnitCode, "", ev.Kind+": "+ev.Subject+" → "+strconv.Itoa(n)); err != nil {
				return err
			}
		}
		return nil
	})
	return total, err
}

// AddSubscription stores a subscription of a unit or of an account (audited; the secret is not
// written to the audit log).
func (s *Store) AddSubscription(ctx context.Context, by Who, sub domain.Subscription) (domain.Subscription, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var one int
		if sub.Username != "" {
			if err := tx.QueryRowContext(ctx, `SELECT 1 FROM users WHERE username = $1`, sub.Username).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return domain.E(domain.ENOTFOUND, "accounts.unknown_user", sub.Username)
			} else if err != nil {
				return err
			}
		} else if err := tx.QueryRowContext(ctx, `SELECT 1 FROM units WHERE code = $1`, sub.UnitCode).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return domain.E(domain.ENOTFOUND, "err.unit.unknown", sub.UnitCode)
		} else if err != nil {
			return err
		}
		now := s.now()
		sub.CreatedBy, sub.CreatedAt = by.Username, now
		if err := tx.QueryRowContext(ctx, `INSERT INTO notify_subscriptions (unit_code, username, event_kind, channel, target, secret, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, nullString(sub.UnitCode), sub.Username, sub.EventKind, sub.Channel, sub.Target, sub.Secret,
			sub.CreatedBy, s.dialect.stamp(now)).Scan(&sub.ID); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		return a.log("notify.subscribe", "subscription:"+strconv.FormatInt(sub.ID, 10), "", subscriptionText(sub))
	})
	return sub, err
}

// subscriptionText is a subscription as the audit log shows it: never its secret, nor the
// credentials in a robot's URL.
func subscriptionText(sub domain.Subscription) string {
	signed := ""
	if sub.Secret != "" {
		signed = " (signed)"
	}
	to := "unit=" + sub.UnitCode
	if sub.Username != "" {
		to = "account=" + sub.Username
	}
	return fmt.Sprintf("%s kind=%s channel=%s target=%s%s", to, sub.EventKind, sub.Channel, domain.MaskTarget(sub.Target), signed)
}

// RemoveSubscription deletes a subscription (audited). Messages already in the outbox for it are
// still delivered: they were owed when the event happened.
func (s *Store) RemoveSubscription(ctx context.Context, by Who, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		subs, err := querySubscriptions(ctx, tx, `WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if len(subs) == 0 {
			return domain.E(domain.ENOTFOUND, "notify.subscription_unknown", id)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM notify_subscriptions WHERE id = $1`, id); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("notify.unsubscribe", "subscription:"+strconv.FormatInt(id, 10), subscriptionText(subs[0]), "")
	})
}

// Subscriptions lists the subscriptions of unit (every unit's when unit is ""), by unit and id.
func (s *Store) Subscriptions(ctx context.Context, unit string) ([]domain.Subscription, error) {
	if unit == "" {
		return querySubscriptions(ctx, s.r, ``)
	}
	return querySubscriptions(ctx, s.r, `WHERE unit_code = $1`, unit)
}

func querySubscriptions(ctx context.Context, q rowQuerier, where string, args ...any) ([]domain.Subscription, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, COALESCE(unit_code, ''), username, event_kind, channel, target, secret, created_by, created_at
		FROM notify_subscriptions `+where+` ORDER BY COALESCE(unit_code, ''), username, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Subscription
	for rows.Next() {
		var x domain.Subscription
		if err := rows.Scan(&x.ID, &x.UnitCode, &x.Username, &x.EventKind, &x.Channel, &x.Target, &x.Secret, &x.CreatedBy, &x.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

const outboxCols = `id, idempotency_key, COALESCE(subscription_id, 0), event_kind, unit_code, channel, target, secret, subject, body,
	state, attempts, next_attempt_at, last_error, created_at, sent_at, username`

func scanOutbox(sc interface{ Scan(...any) error }) (domain.OutboxMessage, error) {
	var m domain.OutboxMessage
	var sent sql.NullTime
	err := sc.Scan(&m.ID, &m.IdempotencyKey, &m.SubscriptionID, &m.EventKind, &m.UnitCode, &m.Channel, &m.Target, &m.Secret,
		&m.Subject, &m.Body, &m.State, &m.Attempts, &m.NextAttemptAt, &m.LastError, &m.CreatedAt, &sent, &m.Username)
	if sent.Valid {
		t := sent.Time
		m.SentAt = &t
	}
	return m, err
}

// bookTx runs fn in one write transaction that does not move the data version: the deliverers'
// and the scheduler's bookkeeping, which no page's figures depend on.
func (s *Store) bookTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ClaimOutbox leases up to limit due messages of channel to owner until leaseUntil and returns
// them in the order they fell due; each claim counts as an attempt. A message is due when it is pending, its
// next attempt is at or before now and no lease on it runs past now. On PostgreSQL two deliverers
// never claim the same row (FOR UPDATE SKIP LOCKED); on SQLite the single writer connection
// orders them.
func (s *Store) ClaimOutbox(ctx context.Context, owner, channel string, now, leaseUntil time.Time, limit int) ([]domain.OutboxMessage, error) {
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var out []domain.OutboxMessage
	err := s.bookTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE outbox SET lease_owner = $1, lease_until = $2, attempts = attempts + 1
			WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND channel = $3 AND next_attempt_at <= $4
				AND (lease_until IS NULL OR lease_until <= $4) ORDER BY next_attempt_at, id LIMIT $5`+lock+`)
			RETURNING `+outboxCols, owner, s.dialect.stamp(leaseUntil), channel, s.dialect.stamp(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanOutbox(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b domain.OutboxMessage) int { return int(a.ID - b.ID) })
	return out, nil
}

// MarkOutboxSent marks delivered messages sent at at and returns how many it marked: those still
// pending (whoever holds the lease now — the receiver has the message).
func (s *Store) MarkOutboxSent(ctx context.Context, ids []int64, at time.Time) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	var b strings.Builder
	args := []any{s.dialect.stamp(at)}
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		args = append(args, id)
		fmt.Fprintf(&b, "$%d", len(args))
	}
	var n int64
	err := s.bookTx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'sent', sent_at = $1, lease_owner = '', lease_until = NULL, last_error = ''
			WHERE state = 'pending' AND id IN (`+b.String()+`)`, args...)
		if err != nil {
			return err
		}
		n, err = r.RowsAffected()
		return err
	})
	return int(n), err
}

// MarkOutboxFailed records a failed attempt of a message owner holds: its error, and either its
// next attempt at next or, when dead, that it is given up. It reports whether owner still held it.
func (s *Store) MarkOutboxFailed(ctx context.Context, owner string, id int64, errText string, next time.Time, dead bool) (bool, error) {
	state := domain.OutboxPending
	if dead {
		state = domain.OutboxDead
	}
	if len(errText) > 1000 {
		errText = errText[:1000]
	}
	var n int64
	err := s.bookTx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE outbox SET state = $1, last_error = $2, next_attempt_at = $3, lease_owner = '', lease_until = NULL
			WHERE id = $4 AND lease_owner = $5 AND state = 'pending'`, state, strings.ToValidUTF8(errText, "?"), s.dialect.stamp(next), id, owner)
		if err != nil {
			return err
		}
		n, err = r.RowsAffected()
		return err
	})
	return n == 1, err
}

// RetryOutbox puts a dead message back in the queue, due at now with its attempts reset (audited).
func (s *Store) RetryOutbox(ctx context.Context, by Who, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.dialect.stamp(s.now())
		r, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = $1, lease_owner = '', lease_until = NULL
			WHERE id = $2 AND state = 'dead'`, now, id)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return domain.E(domain.ENOTFOUND, "notify.not_dead", id)
		}
		a := auditor{tx: tx, ctx: ctx, at: now, actor: by.Actor(), ip: by.IP}
		return a.log("notify.retry", "outbox:"+strconv.FormatInt(id, 10), domain.OutboxDead, domain.OutboxPending)
	})
}

// OutboxStats counts the outbox's messages by state, and the pending ones due at now.
func (s *Store) OutboxStats(ctx context.Context, now time.Time) (domain.OutboxStats, error) {
	var st domain.OutboxStats
	err := s.r.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'sent' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'dead' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'pending' AND next_attempt_at <= $1 THEN 1 ELSE 0 END), 0)
		FROM outbox`, s.dialect.stamp(now)).Scan(&st.Pending, &st.Sent, &st.Dead, &st.Due)
	return st, err
}

// OutboxMessages lists up to limit messages in state (every state when ""), newest first.
func (s *Store) OutboxMessages(ctx context.Context, state string, limit int) ([]domain.OutboxMessage, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+outboxCols+` FROM outbox WHERE ($1 = '' OR state = $1) ORDER BY id DESC LIMIT $2`, state, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// PruneOutbox deletes the messages sent before before and returns how many.
func (s *Store) PruneOutbox(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.bookTx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE state = 'sent' AND sent_at < $1`, s.dialect.stamp(before))
		if err != nil {
			return err
		}
		n, err = r.RowsAffected()
		return err
	})
	return n, err
}
