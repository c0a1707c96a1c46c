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
// in an open period, as a draft or submitted; an analyst other than the submitter approves it —
// the figure then becomes an official observation through the same path as an import (a changed
// figure is a new revision) — or returns it with a reason. Only approved figures reach
// observations. Every write is one transaction with its audit rows.

// SubmissionInput is what a reporter saves.
type SubmissionInput struct {
	Unit, Region, Indicator, Period string
	Value, Growth                   *float64
	Note                            string
	Draft                           bool // save without submitting
}

// SubmissionQuery selects submissions. Empty fields do not filter. Latest keeps only the newest
// submission of each (unit, region, indicator, period).
type SubmissionQuery struct {
	Unit    string
	States  []string
	Periods []string
	Latest  bool
	Limit   int
}

// PeriodRow is a region's reporting period and its state.
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

// checkScope refuses, as not found, a (region, indicator) the unit does not report or a period
// not open for it: a reporter learns nothing about what is not its own.
func checkScope(ctx context.Context, q rowQuerier, unit, region, indicator, period string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM unit_indicators WHERE unit_code = $1 AND indicator_code = $2 AND region_code = $3`,
		unit, indicator, region).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.ENOTFOUND, "没有这项填报任务（%s / %s）", region, indicator)
	}
	st, err := periodState(ctx, q, region, period)
	if err != nil {
		return err
	}
	switch st {
	case PeriodOpen:
		return nil
	case PeriodLocked:
		return domain.Errorf(domain.ENOTFOUND, "期别「%s」已锁定，不再接受报送", period)
	}
	return domain.Errorf(domain.ENOTFOUND, "期别「%s」未开放填报", period)
}

// SubmissionScope reports, as a not-found error, whether unit may not submit indicator for
// region at period (not its assignment, or the period is not open).
func (s *Store) SubmissionScope(ctx context.Context, unit, region, indicator, period string) error {
	return checkScope(ctx, s.r, unit, region, indicator, period)
}

func describeSubmission(x domain.Submission) string {
	return fmt.Sprintf("state=%s %s", x.State, describeFigure(x.Value, x.Growth))
}

// SaveSubmission creates or updates the unit's submission for (region, indicator, period) as
// submitted (or draft). A returned or draft one is updated; after an approved one a new
// submission is made (the approved figure stays official until this one is approved).
func (s *Store) SaveSubmission(ctx context.Context, by Who, in SubmissionInput) (domain.Submission, error) {
	if in.Value == nil && in.Growth == nil {
		return domain.Submission{}, domain.Errorf(domain.EINVALID, "本期累计值和增速至少填写一项")
	}
	state := domain.Submitted
	if in.Draft {
		state = domain.Draft
	}
	in.Note = strings.TrimSpace(in.Note)
	var out domain.Submission
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkScope(ctx, tx, in.Unit, in.Region, in.Indicator, in.Period); err != nil {
			return err
		}
		now := s.now()
		a := auditor{tx: tx, ctx: ctx, at: now, actor: by.Actor(), ip: by.IP}
		old, err := scanSubmission(tx.QueryRowContext(ctx, `SELECT `+submissionCols+` FROM submissions
			WHERE unit_code = $1 AND region_code = $2 AND indicator_code = $3 AND period = $4 ORDER BY id DESC LIMIT 1`,
			in.Unit, in.Region, in.Indicator, in.Period))
		had := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if had && old.State == state && old.Note == in.Note && sameFigure(old.Value, in.Value) && sameFigure(old.Growth, in.Growth) {
			out = old // nothing changed
			return nil
		}
		if !had || old.State == domain.Approved {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO submissions (unit_code, region_code, indicator_code, period, value, growth,
				note, state, submitted_by, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
				in.Unit, in.Region, in.Indicator, in.Period, nullFloat(in.Value), nullFloat(in.Growth), in.Note, state,
				by.Username, now).Scan(&id); err != nil {
				return fmt.Errorf("insert submission: %w", err)
			}
			out = domain.Submission{ID: id, UnitCode: in.Unit, RegionCode: in.Region, IndicatorCode: in.Indicator, Period: in.Period,
				Value: in.Value, Growth: in.Growth, Note: in.Note, State: state, SubmittedBy: by.Username, SubmittedAt: now}
			oldDesc := ""
			if had {
				oldDesc = fmt.Sprintf("approved submission:%d %s", old.ID, describeFigure(old.Value, old.Growth))
			}
			return a.log("submission."+state, submissionObject(out), oldDesc, describeSubmission(out))
		}
		out = old
		out.Value, out.Growth, out.Note, out.State, out.SubmittedBy, out.SubmittedAt = in.Value, in.Growth, in.Note, state, by.Username, now
		if state == domain.Submitted {
			out.ReviewedBy, out.ReviewedAt, out.Reason = "", nil, ""
		}
		if _, err := tx.ExecContext(ctx, `UPDATE submissions SET value = $2, growth = $3, note = $4, state = $5, submitted_by = $6,
			submitted_at = $7, reviewed_by = $8, reviewed_at = $9, reason = $10 WHERE id = $1`,
			out.ID, nullFloat(out.Value), nullFloat(out.Growth), out.Note, out.State, out.SubmittedBy, now,
			out.ReviewedBy, nullTime(out.ReviewedAt), out.Reason); err != nil {
			return fmt.Errorf("update submission: %w", err)
		}
		return a.log("submission."+state, submissionObject(out), describeSubmission(old), describeSubmission(out))
	})
	return out, err
}

func submissionObject(x domain.Submission) string {
	return fmt.Sprintf("submission:%d %s/%s/%s/%s", x.ID, x.UnitCode, x.RegionCode, x.IndicatorCode, x.Period)
}

// Submission returns the submission with the given id.
func (s *Store) Submission(ctx context.Context, id int64) (domain.Submission, error) {
	return submissionByID(ctx, s.r, id)
}

func submissionByID(ctx context.Context, q rowQuerier, id int64) (domain.Submission, error) {
	x, err := scanSubmission(q.QueryRowContext(ctx, `SELECT `+submissionCols+` FROM submissions WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return x, domain.Errorf(domain.ENOTFOUND, "没有编号为 %d 的报送", id)
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
	rows, err := s.r.QueryContext(ctx, query, args...)
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

// review loads a submission under review and checks the reviewer may act on it.
func review(ctx context.Context, tx *sql.Tx, by Who, id int64) (domain.Submission, error) {
	x, err := submissionByID(ctx, tx, id)
	if err != nil {
		return x, err
	}
	if x.State != domain.Submitted {
		return x, domain.Errorf(domain.ECONFLICT, "该报送当前状态为「%s」，只能审核已报送的数据", x.State)
	}
	if strings.EqualFold(x.SubmittedBy, by.Username) {
		return x, domain.Errorf(domain.EFORBIDDEN, "不能审核自己报送的数据")
	}
	return x, nil
}

// ApproveSubmission makes a submitted figure official, in one transaction: the observation is
// written as an import writes it (a changed official figure becomes a new revision, source
// "填报:<unit>"), the submission is marked approved, and both are audited. Nobody approves their
// own submission, and nothing is approved in a locked period.
func (s *Store) ApproveSubmission(ctx context.Context, by Who, id int64) (BatchResult, error) {
	var res BatchResult
	err := s.inConnTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		x, err := review(ctx, tx, by, id)
		if err != nil {
			return err
		}
		st, err := periodState(ctx, tx, x.RegionCode, x.Period)
		if err != nil {
			return err
		}
		if st == PeriodLocked {
			return domain.Errorf(domain.ECONFLICT, "期别「%s」已锁定，不能审核", x.Period)
		}
		now := s.now()
		a := auditor{tx: tx, ctx: ctx, at: now, actor: by.Actor(), ip: by.IP}
		source := "填报:" + x.UnitCode
		res, err = s.writeObservationsTx(ctx, conn, tx, a, source, []domain.Observation{{
			RegionCode: x.RegionCode, IndicatorCode: x.IndicatorCode, Period: x.Period,
			Value: x.Value, Growth: x.Growth, Source: source, Note: x.Note,
		}})
		if err != nil {
			return err
		}
		var batch any
		if res.BatchID != 0 {
			batch = res.BatchID
		}
		r, err := tx.ExecContext(ctx, `UPDATE submissions SET state = 'approved', reviewed_by = $2, reviewed_at = $3, reason = '',
			batch_id = $4 WHERE id = $1 AND state = 'submitted'`, id, by.Username, now, batch)
		if err != nil {
			return fmt.Errorf("approve submission: %w", err)
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return domain.Errorf(domain.ECONFLICT, "该报送已被他人处理，请刷新")
		}
		newDesc := "state=approved"
		if res.BatchID != 0 {
			newDesc += " batch=" + strconv.FormatInt(res.BatchID, 10)
		} else {
			newDesc += " (official figure unchanged)"
		}
		return a.log("submission.approve", submissionObject(x), describeSubmission(x), newDesc)
	})
	return res, err
}

// ReturnSubmission sends a submitted figure back to its unit with a reason.
func (s *Store) ReturnSubmission(ctx context.Context, by Who, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		x, err := review(ctx, tx, by, id)
		if err != nil {
			return err
		}
		if reason == "" {
			return domain.Errorf(domain.EINVALID, "退回须填写原因")
		}
		now := s.now()
		r, err := tx.ExecContext(ctx, `UPDATE submissions SET state = 'returned', reviewed_by = $2, reviewed_at = $3, reason = $4
			WHERE id = $1 AND state = 'submitted'`, id, by.Username, now, reason)
		if err != nil {
			return fmt.Errorf("return submission: %w", err)
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return domain.Errorf(domain.ECONFLICT, "该报送已被他人处理，请刷新")
		}
		a := auditor{tx: tx, ctx: ctx, at: now, actor: by.Actor(), ip: by.IP}
		return a.log("submission.return", submissionObject(x), describeSubmission(x), "state=returned reason="+reason)
	})
}

// Periods returns every region's reporting periods, newest first.
func (s *Store) Periods(ctx context.Context) ([]PeriodRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT region_code, period, state, changed_by, changed_at FROM periods
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
			err := s.r.QueryRowContext(ctx, `SELECT parent_code FROM regions WHERE code = $1`, code).Scan(&parent)
			if errors.Is(err, sql.ErrNoRows) {
				break
			}
			if err != nil {
				return nil, err
			}
			code = parent.String
		}
		var args []any
		rows, err := s.r.QueryContext(ctx, `SELECT region_code, period, state FROM periods WHERE region_code IN (`+
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
					if st == PeriodOpen {
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
