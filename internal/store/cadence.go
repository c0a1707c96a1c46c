package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"pacer/internal/domain"
)

// The cadence's tables (migration 0017): follow-ups and their events and photos, meetings,
// the analyst's agenda items, and snapshots — frozen: the database refuses to change one.

const followUpCols = `id, region_code, COALESCE(meeting_id, 0), title, owner_unit, cooperating, deadline, link_kind, link_ref,
	state, COALESCE(extension_deadline, ''), extension_reason, version, created_by, created_at, closed_at, leader, escalated_deadline`

func scanFollowUp(sc interface{ Scan(...any) error }) (domain.FollowUp, error) {
	var f domain.FollowUp
	var coop string
	var closed sql.NullTime
	err := sc.Scan(&f.ID, &f.RegionCode, &f.MeetingID, &f.Title, &f.OwnerUnit, &coop, &f.Deadline, &f.LinkKind, &f.LinkRef,
		&f.State, &f.ExtensionDeadline, &f.ExtensionReason, &f.Version, &f.CreatedBy, &f.CreatedAt, &closed, &f.Leader, &f.EscalatedDeadline)
	if coop != "" {
		f.Cooperating = strings.Split(coop, ",")
	}
	if closed.Valid {
		t := closed.Time
		f.ClosedAt = &t
	}
	return f, err
}

// FollowUpNotice makes the events a new follow-up raises (its owner unit told it is assigned),
// once its id is known; the store writes their messages in the follow-up's transaction. nil
// raises none.
type FollowUpNotice func(domain.FollowUp) []domain.Event

// insertFollowUp writes a new follow-up (state open, version 1) with its create event, audit and
// the messages of notice's events.
func (s *Store) insertFollowUp(ctx context.Context, tx *sql.Tx, a auditor, by Who, f *domain.FollowUp, now time.Time, notice FollowUpNotice) error {
	f.State, f.Version, f.CreatedBy, f.CreatedAt = domain.FollowUpOpen, 1, by.Username, now
	var meeting any
	if f.MeetingID != 0 {
		meeting = f.MeetingID
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO followups (region_code, meeting_id, title, owner_unit, cooperating, deadline,
		link_kind, link_ref, state, extension_reason, version, created_by, created_at, leader)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', 1, $10, $11, $12) RETURNING id`,
		f.RegionCode, meeting, f.Title, f.OwnerUnit, strings.Join(f.Cooperating, ","), f.Deadline, f.LinkKind, f.LinkRef,
		f.State, by.Username, s.dialect.stamp(now), f.Leader).Scan(&f.ID); err != nil {
		return followUpRefused(err, f)
	}
	if _, err := s.insertFollowUpEvent(ctx, tx, f.ID, domain.FollowUpEvent{Kind: domain.EventCreate, Text: f.Title, Deadline: f.Deadline, Actor: by.Username}, now); err != nil {
		return err
	}
	if err := a.log("followup.create", "followup:"+strconv.FormatInt(f.ID, 10), "", strings.TrimSpace(f.OwnerUnit+" "+f.Deadline+" "+f.Title+" "+leaderText(f.Leader))); err != nil {
		return err
	}
	if notice == nil {
		return nil
	}
	return s.noticesTx(ctx, tx, a, now, notice(*f)...)
}

func leaderText(username string) string {
	if username == "" {
		return ""
	}
	return "leader=" + username
}

// noticesTx writes the messages of events in tx, each event audited as notify.enqueue.
func (s *Store) noticesTx(ctx context.Context, tx *sql.Tx, a auditor, now time.Time, events ...domain.Event) error {
	for _, ev := range events {
		n, err := enqueueTx(ctx, tx, s.dialect, now, ev)
		if err != nil {
			return err
		}
		if err := a.log("notify.enqueue", "unit:"+ev.UnitCode, "", ev.Kind+": "+ev.Subject+" → "+strconv.Itoa(n)); err != nil {
			return err
		}
	}
	return nil
}

// followUpRefused turns a foreign-key refusal (an unknown unit or region) into a not-found.
func followUpRefused(err error, f *domain.FollowUp) error {
	if msg := strings.ToLower(err.Error()); strings.Contains(msg, "foreign key") {
		return domain.E(domain.ENOTFOUND, "err.unit.unknown", f.OwnerUnit)
	}
	return err
}

func (s *Store) insertFollowUpEvent(ctx context.Context, tx *sql.Tx, id int64, ev domain.FollowUpEvent, now time.Time) (int64, error) {
	var evID int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO followup_events (followup_id, kind, text, deadline, actor, unit_code, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, id, ev.Kind, ev.Text, nullString(ev.Deadline), ev.Actor, ev.UnitCode,
		s.dialect.stamp(now)).Scan(&evID); err != nil {
		return 0, err
	}
	for _, p := range ev.Photos {
		if _, err := tx.ExecContext(ctx, `INSERT INTO followup_photos (event_id, name, content_type, data) VALUES ($1, $2, $3, $4)`,
			evID, p.Name, p.ContentType, p.Data); err != nil {
			return 0, err
		}
	}
	return evID, nil
}

// CreateFollowUp adds a follow-up (validated before), open, audited, with the messages of
// notice's events (nil for none); it returns it with its id.
func (s *Store) CreateFollowUp(ctx context.Context, by Who, f domain.FollowUp, notice FollowUpNotice) (domain.FollowUp, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		return s.insertFollowUp(ctx, tx, auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}, by, &f, now, notice)
	})
	return f, err
}

// FollowUp returns one follow-up.
func (s *Store) FollowUp(ctx context.Context, id int64) (domain.FollowUp, error) {
	f, err := scanFollowUp(s.rd(ctx).QueryRowContext(ctx, `SELECT `+followUpCols+` FROM followups WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, domain.E(domain.ENOTFOUND, "cadence.followup.unknown", id)
	}
	return f, err
}

// FollowUpQuery selects follow-ups: of a region (required); of one owner unit, of one meeting,
// or only those not done, when set.
type FollowUpQuery struct {
	Region    string
	Unit      string
	MeetingID int64
	NotDone   bool
}

// FollowUps returns the follow-ups q selects, by deadline then id.
func (s *Store) FollowUps(ctx context.Context, q FollowUpQuery) ([]domain.FollowUp, error) {
	where, args := []string{"region_code = $1"}, []any{q.Region}
	if q.Unit != "" {
		args = append(args, q.Unit)
		where = append(where, "owner_unit = $"+strconv.Itoa(len(args)))
	}
	if q.MeetingID != 0 {
		args = append(args, q.MeetingID)
		where = append(where, "meeting_id = $"+strconv.Itoa(len(args)))
	}
	if q.NotDone {
		where = append(where, "state <> 'done'")
	}
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT `+followUpCols+` FROM followups WHERE `+strings.Join(where, " AND ")+
		` ORDER BY deadline, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.FollowUp
	for rows.Next() {
		f, err := scanFollowUp(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// UpdateFollowUp writes f — the follow-up as a rule of domain.FollowUp changed it from the
// version the workflow read (prev) — with the event that changed it and the messages of the
// notices it raises, audited, in one transaction. A follow-up changed meanwhile is a conflict
// and nothing is written.
func (s *Store) UpdateFollowUp(ctx context.Context, by Who, prev int64, f domain.FollowUp, ev domain.FollowUpEvent, notices ...domain.Event) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		r, err := tx.ExecContext(ctx, `UPDATE followups SET state = $1, deadline = $2, extension_deadline = $3, extension_reason = $4,
			closed_at = $5, leader = $6, version = version + 1 WHERE id = $7 AND version = $8`,
			f.State, f.Deadline, nullString(f.ExtensionDeadline), f.ExtensionReason, s.dialect.nullStamp(f.ClosedAt), f.Leader, f.ID, prev)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return domain.E(domain.ECONFLICT, "cadence.followup.changed", f.ID)
		}
		ev.Actor = by.Username
		if _, err := s.insertFollowUpEvent(ctx, tx, f.ID, ev, now); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		if err := a.log("followup."+ev.Kind, "followup:"+strconv.FormatInt(f.ID, 10), "", strings.TrimSpace(f.State+" "+f.Deadline+" "+ev.Text)); err != nil {
			return err
		}
		return s.noticesTx(ctx, tx, a, now, notices...)
	})
}

// EscalateFollowUp records that follow-up id's passing of deadline is escalated, with the
// messages of ev, in one transaction — once: it reports false and writes nothing when that
// deadline's passing was escalated already, the deadline is no longer deadline (an extension
// was granted meanwhile) or the follow-up is done. Escalating moves no version: it does not
// conflict with the owner's or the analyst's changes.
func (s *Store) EscalateFollowUp(ctx context.Context, by Who, id int64, deadline string, ev domain.Event) (bool, error) {
	var done bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE followups SET escalated_deadline = $1
			WHERE id = $2 AND deadline = $1 AND escalated_deadline <> $1 AND state <> 'done'`, deadline, id)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return nil
		}
		done = true
		now := s.now()
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		if err := a.log("followup.escalate", "followup:"+strconv.FormatInt(id, 10), "", "overdue since "+deadline); err != nil {
			return err
		}
		return s.noticesTx(ctx, tx, a, now, ev)
	})
	return done, err
}

// FollowUpEvents returns a follow-up's history, oldest first, each with its photos (without
// their data).
func (s *Store) FollowUpEvents(ctx context.Context, id int64) ([]domain.FollowUpEvent, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT e.id, e.followup_id, e.kind, e.text, COALESCE(e.deadline, ''), e.actor, e.unit_code, e.at,
		COALESCE(p.id, 0), COALESCE(p.name, ''), COALESCE(p.content_type, '')
		FROM followup_events e LEFT JOIN followup_photos p ON p.event_id = e.id WHERE e.followup_id = $1 ORDER BY e.id, p.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.FollowUpEvent
	for rows.Next() {
		var e domain.FollowUpEvent
		var p domain.FollowUpPhoto
		if err := rows.Scan(&e.ID, &e.FollowUpID, &e.Kind, &e.Text, &e.Deadline, &e.Actor, &e.UnitCode, &e.At, &p.ID, &p.Name, &p.ContentType); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != e.ID {
			out = append(out, e)
		}
		if p.ID != 0 {
			out[len(out)-1].Photos = append(out[len(out)-1].Photos, p)
		}
	}
	return out, rows.Err()
}

// FollowUpPhoto returns a photo with its data and the follow-up it belongs to.
func (s *Store) FollowUpPhoto(ctx context.Context, id int64) (domain.FollowUpPhoto, int64, error) {
	var p domain.FollowUpPhoto
	var fid int64
	err := s.rd(ctx).QueryRowContext(ctx, `SELECT p.id, p.name, p.content_type, p.data, e.followup_id FROM followup_photos p
		JOIN followup_events e ON e.id = p.event_id WHERE p.id = $1`, id).Scan(&p.ID, &p.Name, &p.ContentType, &p.Data, &fid)
	if errors.Is(err, sql.ErrNoRows) {
		return p, 0, domain.E(domain.ENOTFOUND, "cadence.photo.unknown", id)
	}
	return p, fid, err
}

// RecordMeeting writes a meeting and its decisions, each a new follow-up naming it, in one
// transaction, audited.
// notice makes each decision's events (nil for none), as CreateFollowUp's.
func (s *Store) RecordMeeting(ctx context.Context, by Who, m domain.Meeting, decisions []domain.FollowUp, notice FollowUpNotice) (domain.Meeting, []domain.FollowUp, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		m.RecordedBy, m.RecordedAt = by.Username, now
		if err := tx.QueryRowContext(ctx, `INSERT INTO meetings (region_code, week, held_on, chair, attendees, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, m.RegionCode, m.Week, m.HeldOn, m.Chair, strings.Join(m.Attendees, "\n"),
			by.Username, s.dialect.stamp(now)).Scan(&m.ID); err != nil {
			return err
		}
		if err := a.log("meeting.record", "meeting:"+strconv.FormatInt(m.ID, 10), "", m.Week+" "+m.HeldOn+" "+m.Chair); err != nil {
			return err
		}
		for i := range decisions {
			decisions[i].MeetingID = m.ID
			if err := s.insertFollowUp(ctx, tx, a, by, &decisions[i], now, notice); err != nil {
				return err
			}
		}
		return nil
	})
	return m, decisions, err
}

const meetingCols = `id, region_code, week, held_on, chair, attendees, recorded_by, recorded_at`

func scanMeeting(sc interface{ Scan(...any) error }) (domain.Meeting, error) {
	var m domain.Meeting
	var att string
	err := sc.Scan(&m.ID, &m.RegionCode, &m.Week, &m.HeldOn, &m.Chair, &att, &m.RecordedBy, &m.RecordedAt)
	if att != "" {
		m.Attendees = strings.Split(att, "\n")
	}
	return m, err
}

// Meeting returns one meeting.
func (s *Store) Meeting(ctx context.Context, id int64) (domain.Meeting, error) {
	m, err := scanMeeting(s.rd(ctx).QueryRowContext(ctx, `SELECT `+meetingCols+` FROM meetings WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, domain.E(domain.ENOTFOUND, "cadence.meeting.unknown", id)
	}
	return m, err
}

// Meetings returns a region's meetings held before the day given (YYYY-MM-DD; every meeting
// when ""), latest first.
func (s *Store) Meetings(ctx context.Context, region, before string) ([]domain.Meeting, error) {
	if before == "" {
		before = "9999-12-31"
	}
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT `+meetingCols+` FROM meetings WHERE region_code = $1 AND held_on < $2
		ORDER BY held_on DESC, id DESC`, region, before)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// AgendaEntry is an item the analyst placed on a week's agenda: added by hand, or ordered.
type AgendaEntry struct {
	Kind, Ref, Title string
	Position         int
	Added            bool
}

// AgendaEntries returns what the analyst placed on a region's agenda for a week, by position.
func (s *Store) AgendaEntries(ctx context.Context, region, week string) ([]AgendaEntry, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT kind, ref, title, position, added FROM agenda_items WHERE region_code = $1 AND week = $2
		ORDER BY position, kind, ref`, region, week)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AgendaEntry
	for rows.Next() {
		var e AgendaEntry
		if err := rows.Scan(&e.Kind, &e.Ref, &e.Title, &e.Position, &e.Added); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SetAgendaEntries replaces what the analyst placed on a week's agenda, audited.
func (s *Store) SetAgendaEntries(ctx context.Context, by Who, region, week string, entries []AgendaEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM agenda_items WHERE region_code = $1 AND week = $2`, region, week); err != nil {
			return err
		}
		var list []string
		for _, e := range entries {
			if _, err := tx.ExecContext(ctx, `INSERT INTO agenda_items (region_code, week, kind, ref, title, position, added)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, region, week, e.Kind, e.Ref, e.Title, e.Position, e.Added); err != nil {
				return err
			}
			list = append(list, e.Kind+":"+e.Ref)
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("agenda.set", "agenda:"+region+"/"+week, "", strings.Join(list, " "))
	})
}

const snapshotCols = `id, region_code, taken_on, period, body, taken_by, taken_at`

func scanSnapshot(sc interface{ Scan(...any) error }) (domain.Snapshot, error) {
	var x domain.Snapshot
	var body string
	err := sc.Scan(&x.ID, &x.RegionCode, &x.TakenOn, &x.Period, &body, &x.TakenBy, &x.TakenAt)
	x.Body = []byte(body)
	return x, err
}

// CreateSnapshot stores a snapshot unless the region has one for that day already; either way
// it returns the stored one, and whether this call stored it. Snapshots are never changed.
func (s *Store) CreateSnapshot(ctx context.Context, by Who, x domain.Snapshot) (domain.Snapshot, bool, error) {
	created := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		r, err := tx.ExecContext(ctx, `INSERT INTO snapshots (region_code, taken_on, period, body, taken_by, taken_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (region_code, taken_on) DO NOTHING`,
			x.RegionCode, x.TakenOn, x.Period, string(x.Body), by.Username, s.dialect.stamp(now))
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return nil
		}
		created = true
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		return a.log("snapshot.take", "snapshot:"+x.RegionCode+"/"+x.TakenOn, "", x.Period)
	})
	if err != nil {
		return x, false, err
	}
	got, err := s.SnapshotOn(ctx, x.RegionCode, x.TakenOn)
	return got, created, err
}

// SnapshotOn returns a region's snapshot of a day.
func (s *Store) SnapshotOn(ctx context.Context, region, day string) (domain.Snapshot, error) {
	x, err := scanSnapshot(s.w.QueryRowContext(ctx, `SELECT `+snapshotCols+` FROM snapshots WHERE region_code = $1 AND taken_on = $2`, region, day))
	if errors.Is(err, sql.ErrNoRows) {
		return x, domain.E(domain.ENOTFOUND, "cadence.snapshot.none", region, day)
	}
	return x, err
}

// Snapshots returns a region's snapshots, latest first, without their bodies.
func (s *Store) Snapshots(ctx context.Context, region string) ([]domain.Snapshot, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT id, region_code, taken_on, period, '', taken_by, taken_at FROM snapshots
		WHERE region_code = $1 ORDER BY taken_on DESC`, region)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Snapshot
	for rows.Next() {
		x, err := scanSnapshot(rows)
		if err != nil {
			return nil, err
		}
		x.Body = nil
		out = append(out, x)
	}
	return out, rows.Err()
}

// AddSnapshotNote appends the analyst's note on an indicator of a snapshot, audited.
func (s *Store) AddSnapshotNote(ctx context.Context, by Who, n domain.SnapshotNote) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO snapshot_notes (snapshot_id, indicator_code, note, actor, at) VALUES ($1, $2, $3, $4, $5)`,
			n.SnapshotID, n.IndicatorCode, n.Note, by.Username, s.dialect.stamp(now)); err != nil {
			if strings.Contains(strings.ToLower(err.Error()), "foreign key") {
				return domain.E(domain.ENOTFOUND, "cadence.snapshot.unknown", n.SnapshotID)
			}
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		return a.log("snapshot.note", "snapshot:"+strconv.FormatInt(n.SnapshotID, 10)+"/"+n.IndicatorCode, "", n.Note)
	})
}

// SnapshotNotes returns the notes on a snapshot, oldest first.
func (s *Store) SnapshotNotes(ctx context.Context, snapshot int64) ([]domain.SnapshotNote, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT id, snapshot_id, indicator_code, note, actor, at FROM snapshot_notes WHERE snapshot_id = $1 ORDER BY id`, snapshot)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.SnapshotNote
	for rows.Next() {
		var n domain.SnapshotNote
		if err := rows.Scan(&n.ID, &n.SnapshotID, &n.IndicatorCode, &n.Note, &n.Actor, &n.At); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
