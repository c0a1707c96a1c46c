package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"pacer/internal/domain"
)

// Submissions: a unit's reporter enters a figure for an indicator it reports (unit_indicators)
// in an open period; an analyst approves it — the figure then becomes an official observation
// through the same path as an import (a changed figure is a new revision) — or returns it. The
// rules (who may do what, in which state) are domain.Save and the *domain.Submission methods,
// applied by internal/review; the store reads, and writes each change in one transaction with its
// audit rows, only if what the decision was made on has not changed meanwhile (else ErrStale).

// ErrStale is returned by a conditional write when the record (or the period) it was decided on
// changed since it was read: the caller reads again, or tells the user to reload.
var ErrStale = errors.New("store: changed since read")

// SubmissionQuery selects submissions. Empty fields do not filter. Latest keeps only the newest
// submission of each (unit, region, indicator, period).
type SubmissionQuery struct {
	Unit string
	// Under keeps the submissions of that region and the regions below it (an account's scope),
	// before Limit applies.
	Under   string
	States  []string
	Periods []string
	Latest  bool
	Limit   int
}

// PeriodRow is a region's reporting period and its state (domain.PeriodOpen or PeriodLocked).
type PeriodRow struct {
	Region, Period, State, ChangedBy string
	ChangedAt                        time.Time
}

// rowQuerier is a transaction or the read pool.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

const submissionCols = `id, unit_code, region_code, indicator_code, period, value, growth, note, state,
	submitted_by, submitted_at, reviewed_by, reviewed_at, reason`

func scanSubmission(sc interface{ Scan(...any) error }) (domain.Submission, error) {
	var x domain.Submission
	var v, g sql.NullFloat64
	var reviewed sql.NullTime
	err := sc.Scan(&x.ID, &x.UnitCode, &x.RegionCode, &x.IndicatorCode, &x.Period, &v, &g, &x.Note, &x.State,
		&x.SubmittedBy, &x.SubmittedAt, &x.ReviewedBy, &reviewed, &x.Reason)
	x.Value, x.Growth = floatPtr(v), floatPtr(g)
	if reviewed.Valid {
		t := reviewed.Time
		x.ReviewedAt = &t
	}
	return x, err
}

// periodState is the state of a region's period: its own, else (for a town with no row of its
// own) its parent's, and so on up; "" when no region of the chain has opened it.
func periodState(ctx context.Context, q rowQuerier, region, period string) (string, error) {
	for range 6 {
		var st string
		err := q.QueryRowContext(ctx, `SELECT state FROM periods WHERE region_code = $1 AND period = $2`, region, period).Scan(&st)
		if err == nil {
			return st, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
		var parent sql.NullString
		err = q.QueryRowContext(ctx, `SELECT parent_code FROM regions WHERE code = $1`, region).Scan(&parent)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !parent.Valid) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		region = parent.String
	}
	return "", nil
}

// EntryScope reports whether (region, indicator) is one of unit's assignments, and the state of
// period for region (see periodState).
func (s *Store) EntryScope(ctx context.Context, unit, region, indicator, period string) (assigned bool, state string, err error) {
	var n int
	if err := s.rd(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM unit_indicators WHERE unit_code = $1 AND indicator_code = $2 AND region_code = $3`,
		unit, indicator, region).Scan(&n); err != nil {
		return false, "", err
	}
	state, err = periodState(ctx, s.rd(ctx), region, period)
	return n > 0, state, err
}

// PeriodState returns the state of a region's period: its own, else its parent's, and so on up;
// "" when no region of the chain has opened it.
func (s *Store) PeriodState(ctx context.Context, region, period string) (string, error) {
	return periodState(ctx, s.rd(ctx), region, period)
}

// LatestSubmission returns the unit's newest submission for (region, indicator, period); ok is
// false when there is none.
func (s *Store) LatestSubmission(ctx context.Context, unit, region, indicator, period string) (x domain.Submission, ok bool, err error) {
	return latestSubmission(ctx, s.rd(ctx), unit, region, indicator, period)
}

func latestSubmission(ctx context.Context, q rowQuerier, unit, region, indicator, period string) (domain.Submission, bool, error) {
	x, err := scanSubmission(q.QueryRowContext(ctx, `SELECT `+submissionCols+` FROM submissions
		WHERE unit_code = $1 AND region_code = $2 AND indicator_code = $3 AND period = $4 ORDER BY id DESC LIMIT 1`,
		unit, region, indicator, period))
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Submission{}, false, nil
	}
	return x, err == nil, err
}

// describeSubmission is a submission as its audit rows show it, old → new: the state, the figure
// and the note (when there is one), so that a change of any of them shows.
func describeSubmission(x domain.Submission) string {
	d := fmt.Sprintf("state=%s %s", x.State, describeFigure(x.Value, x.Growth))
	if x.Note != "" {
		d += " note=" + strconv.Quote(x.Note)
	}
	return d
}

// WriteSubmission writes next, the outcome of domain.Save: a new submission when next.ID is 0,
// else an update of it. prev is the latest submission the decision was made on (nil: none) and
// wantPeriod the period's state then; when either changed meanwhile nothing is written and the
// error is ErrStale.
func (s *Store) WriteSubmission(ctx context.Context, by Who, prev *domain.Submission, next domain.Submission, wantPeriod string) (domain.Submission, error) {
	out := next
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkUnchanged(ctx, tx, next, prev, wantPeriod); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		if next.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO submissions (unit_code, region_code, indicator_code, period, value, growth,
				note, state, submitted_by, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
				next.UnitCode, next.RegionCode, next.IndicatorCode, next.Period, nullFloat(next.Value), nullFloat(next.Growth), next.Note,
				next.State, next.SubmittedBy, s.dialect.stamp(next.SubmittedAt)).Scan(&out.ID); err != nil {
				return fmt.Errorf("insert submission: %w", err)
			}
			oldDesc := ""
			if prev != nil {
				oldDesc = fmt.Sprintf("approved submission:%d %s", prev.ID, describeFigure(prev.Value, prev.Growth))
			}
			return a.log("submission."+out.State, submissionObject(out), oldDesc, describeSubmission(out))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE submissions SET value = $2, growth = $3, note = $4, state = $5, submitted_by = $6,
			submitted_at = $7, reviewed_by = $8, reviewed_at = $9, reason = $10 WHERE id = $1`,
			next.ID, nullFloat(next.Value), nullFloat(next.Growth), next.Note, next.State, next.SubmittedBy, s.dialect.stamp(next.SubmittedAt),
			next.ReviewedBy, s.dialect.nullStamp(next.ReviewedAt), next.Reason); err != nil {
			return fmt.Errorf("update submission: %w", err)
		}
		return a.log("submission."+next.State, submissionObject(next), describeSubmission(*prev), describeSubmission(next))
	})
	return out, err
}

// checkUnchanged returns ErrStale when the latest submission for next's key is no longer prev
// (same id and state), or the period's state is no longer periodState.
func checkUnchanged(ctx context.Context, tx *sql.Tx, next domain.Submission, prev *domain.Submission, wantPeriod string) error {
	cur, had, err := latestSubmission(ctx, tx, next.UnitCode, next.RegionCode, next.IndicatorCode, next.Period)
	if err != nil {
		return err
	}
	if had != (prev != nil) || (had && (cur.ID != prev.ID || cur.State != prev.State)) {
		return ErrStale
	}
	if (prev == nil && next.ID != 0) || (prev != nil && next.ID != 0 && next.ID != prev.ID) {
		return fmt.Errorf("write submission: id %d is not the latest", next.ID)
	}
	st, err := periodState(ctx, tx, next.RegionCode, next.Period)
	if err != nil {
		return err
	}
	if st != wantPeriod {
		return ErrStale
	}
	return nil
}

func submissionObject(x domain.Submission) string {
	return fmt.Sprintf("submission:%d %s/%s/%s/%s", x.ID, x.UnitCode, x.RegionCode, x.IndicatorCode, x.Period)
}

// Submission returns the submission with the given id.
func (s *Store) Submission(ctx context.Context, id int64) (domain.Submission, error) {
	return submissionByID(ctx, s.rd(ctx), id)
}

func submissionByID(ctx context.Context, q rowQuerier, id int64) (domain.Submission, error) {
	x, err := scanSubmission(q.QueryRowContext(ctx, `SELECT `+submissionCols+` FROM submissions WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return x, domain.E(domain.ENOTFOUND, "review.err.not_found", id)
	}
	return x, err
}

// Submissions returns the submissions q selects: submitted first, then returned, draft and
// approved; within a state the newest period and the latest submitted first.
func (s *Store) Submissions(ctx context.Context, q SubmissionQuery) ([]domain.Submission, error) {
	var where []string
	var args []any
	if q.Unit != "" {
		args = append(args, q.Unit)
		where = append(where, fmt.Sprintf("unit_code = $%d", len(args)))
	}
	if len(q.States) > 0 {
		where = append(where, "state IN ("+placeholders(&args, q.States)+")")
	}
	if len(q.Periods) > 0 {
		where = append(where, "period IN ("+placeholders(&args, q.Periods)+")")
	}
	if q.Under != "" {
		args = append(args, q.Under)
		where = append(where, fmt.Sprintf(`region_code IN (WITH RECURSIVE below (code) AS (SELECT code FROM regions WHERE code = $%d
			UNION ALL SELECT r.code FROM regions r JOIN below b ON r.parent_code = b.code) SELECT code FROM below)`, len(args)))
	}
	if q.Latest {
		where = append(where, `id IN (SELECT MAX(id) FROM submissions GROUP BY unit_code, region_code, indicator_code, period)`)
	}
	query := `SELECT ` + submissionCols + ` FROM submissions`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += ` ORDER BY CASE state WHEN 'submitted' THEN 0 WHEN 'returned' THEN 1 WHEN 'draft' THEN 2 ELSE 3 END,
		period DESC, submitted_at DESC, id DESC`
	if q.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(q.Limit)
	}
	rows, err := s.rd(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Submission
	for rows.Next() {
		x, err := scanSubmission(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// ApproveSubmission writes x, approved by domain's (*Submission).Approve, in one transaction: the
// figure becomes an observation as an import writes it (a changed official figure becomes a new
// revision, source "填报:<unit>", recorded by the submission's reporter and approved by its
// reviewer), the submission is marked approved, and both are audited. It
// returns ErrStale, writing nothing, when the submission is no longer submitted or the period's
// state is no longer wantPeriod.
func (s *Store) ApproveSubmission(ctx context.Context, by Who, x domain.Submission, wantPeriod string) (BatchResult, error) {
	var res BatchResult
	err := s.inConnTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		st, err := periodState(ctx, tx, x.RegionCode, x.Period)
		if err != nil {
			return err
		}
		if st != wantPeriod {
			return ErrStale
		}
		old, err := submissionByID(ctx, tx, x.ID)
		if err != nil {
			return err
		}
		if old.State != domain.Submitted {
			return ErrStale
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		source := "填报:" + x.UnitCode
		res, err = s.writeObservationsTx(ctx, conn, tx, a, source, []domain.Observation{{
			RegionCode: x.RegionCode, IndicatorCode: x.IndicatorCode, Period: x.Period,
			Value: x.Value, Growth: x.Growth, Source: source, Note: x.Note,
			RecordedBy: old.SubmittedBy, ApprovedBy: x.ReviewedBy, ApprovedAt: x.ReviewedAt,
		}})
		if err != nil {
			return err
		}
		var batch any
		if res.BatchID != 0 {
			batch = res.BatchID
		}
		r, err := tx.ExecContext(ctx, `UPDATE submissions SET state = $2, reviewed_by = $3, reviewed_at = $4, reason = $5,
			batch_id = $6 WHERE id = $1 AND state = 'submitted'`, x.ID, x.State, x.ReviewedBy, s.dialect.nullStamp(x.ReviewedAt), x.Reason, batch)
		if err != nil {
			return fmt.Errorf("approve submission: %w", err)
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return ErrStale
		}
		newDesc := "state=approved"
		if res.BatchID != 0 {
			newDesc += " batch=" + strconv.FormatInt(res.BatchID, 10)
		} else {
			newDesc += " (official figure unchanged)"
		}
		return a.log("submission.approve", submissionObject(old), describeSubmission(old), newDesc)
	})
	return res, err
}

// ReturnSubmission writes x, returned by domain's (*Submission).Return, and audits it, with the
// messages of notices (the reporter's unit told); ErrStale when the submission is no longer
// submitted.
func (s *Store) ReturnSubmission(ctx context.Context, by Who, x domain.Submission, notices ...domain.Event) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := submissionByID(ctx, tx, x.ID)
		if err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, `UPDATE submissions SET state = $2, reviewed_by = $3, reviewed_at = $4, reason = $5
			WHERE id = $1 AND state = 'submitted'`, x.ID, x.State, x.ReviewedBy, s.dialect.nullStamp(x.ReviewedAt), x.Reason)
		if err != nil {
			return fmt.Errorf("return submission: %w", err)
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return ErrStale
		}
		now := s.now()
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		if err := a.log("submission.return", submissionObject(old), describeSubmission(old), "state=returned reason="+x.Reason); err != nil {
			return err
		}
		return s.noticesTx(ctx, tx, a, now, notices...)
	})
}

// Periods returns every region's reporting periods, newest first.
func (s *Store) Periods(ctx context.Context) ([]PeriodRow, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT region_code, period, state, changed_by, changed_at FROM periods
		ORDER BY period DESC, region_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PeriodRow
	for rows.Next() {
		var p PeriodRow
		if err := rows.Scan(&p.Region, &p.Period, &p.State, &p.ChangedBy, &p.ChangedAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// EntryPeriods returns, for each region, the periods open for submissions, newest first: a
// region's own periods, and those of the regions above it that it has no row of its own for (a
// county's open month is open for its towns unless a town's is set apart).
func (s *Store) EntryPeriods(ctx context.Context, regions []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, region := range regions {
		if _, done := out[region]; done {
			continue
		}
		chain := []string{}
		for code := region; code != "" && len(chain) < 6; {
			chain = append(chain, code)
			var parent sql.NullString
			err := s.rd(ctx).QueryRowContext(ctx, `SELECT parent_code FROM regions WHERE code = $1`, code).Scan(&parent)
			if errors.Is(err, sql.ErrNoRows) {
				break
			}
			if err != nil {
				return nil, err
			}
			code = parent.String
		}
		var args []any
		rows, err := s.rd(ctx).QueryContext(ctx, `SELECT region_code, period, state FROM periods WHERE region_code IN (`+
			placeholders(&args, chain)+`)`, args...)
		if err != nil {
			return nil, err
		}
		states := map[string]map[string]string{} // period → region → state
		for rows.Next() {
			var r, p, st string
			if err := rows.Scan(&r, &p, &st); err != nil {
				rows.Close()
				return nil, err
			}
			if states[p] == nil {
				states[p] = map[string]string{}
			}
			states[p][r] = st
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		open := []string{}
		for p, byRegion := range states {
			for _, code := range chain {
				if st, ok := byRegion[code]; ok {
					if st == domain.PeriodOpen {
						open = append(open, p)
					}
					break
				}
			}
		}
		sort.Sort(sort.Reverse(sort.StringSlice(open)))
		out[region] = open
	}
	return out, nil
}
