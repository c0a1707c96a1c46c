package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"pacer/internal/domain"
)

// Monthly plans and long-range benchmarks. A plan version is written once: SavePlan adds the next
// version as a draft (or approved at once), ApprovePlan freezes a draft, and nothing updates an
// approved version. What is valid is decided by internal/plans (domain.MonthPlan.Validate) first.

const planCols = `id, region_code, indicator_code, year, tier, version, method, target, opening, state, source, sample,
	created_by, created_at, COALESCE(approved_by, ''), approved_at`

func scanPlan(sc interface{ Scan(...any) error }) (domain.MonthPlan, error) {
	var p domain.MonthPlan
	var tier string
	var at sql.NullTime
	err := sc.Scan(&p.ID, &p.RegionCode, &p.IndicatorCode, &p.Year, &tier, &p.Version, &p.Method, &p.Target, &p.Opening,
		&p.State, &p.Source, &p.Sample, &p.CreatedBy, &p.CreatedAt, &p.ApprovedBy, &at)
	p.Tier, p.ApprovedAt = domain.Tier(tier), timePtr(at)
	return p, err
}

// describePlan is a plan version as the audit log records it.
func describePlan(p domain.MonthPlan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "region=%s indicator=%s year=%d tier=%s version=%d method=%s target=%s opening=%s state=%s",
		p.RegionCode, p.IndicatorCode, p.Year, p.Tier, p.Version, p.Method,
		strconv.FormatFloat(p.Target, 'f', -1, 64), strconv.FormatFloat(p.Opening, 'f', -1, 64), p.State)
	for m, v := range p.Months {
		if v != nil {
			fmt.Fprintf(&b, " %02d=%s", m+1, strconv.FormatFloat(*v, 'f', -1, 64))
		}
	}
	if p.Sample {
		b.WriteString(" sample")
	}
	return b.String()
}

// SavePlan writes p as the next version of its region, indicator, year and tier (its Version,
// ID, CreatedBy and CreatedAt are set here), in state p.State (draft unless approved), with its
// planned months, and audits it. Earlier versions are kept unchanged.
func (s *Store) SavePlan(ctx context.Context, by Who, p domain.MonthPlan) (domain.MonthPlan, error) {
	if p.State == "" {
		p.State = domain.PlanDraft
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM plans
			WHERE region_code = $1 AND indicator_code = $2 AND year = $3 AND tier = $4`,
			p.RegionCode, p.IndicatorCode, p.Year, string(p.Tier)).Scan(&p.Version); err != nil {
			return err
		}
		now := s.now()
		p.CreatedBy, p.CreatedAt = by.Username, now
		var approvedAt any
		if p.State == domain.PlanApproved {
			p.ApprovedBy, p.ApprovedAt = by.Username, &now
			approvedAt = s.dialect.stamp(now)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO plans (region_code, indicator_code, year, tier, version, method, target,
			opening, state, source, sample, created_by, created_at, approved_by, approved_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			p.RegionCode, p.IndicatorCode, p.Year, string(p.Tier), p.Version, p.Method, p.Target, p.Opening, p.State,
			p.Source, p.Sample, p.CreatedBy, s.dialect.stamp(now), nullString(p.ApprovedBy), approvedAt).Scan(&p.ID); err != nil {
			return fmt.Errorf("insert plan: %w", err)
		}
		for m, v := range p.Months {
			if v == nil {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_months (plan_id, month, value) VALUES ($1, $2, $3)`, p.ID, m+1, *v); err != nil {
				return fmt.Errorf("insert plan month: %w", err)
			}
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		return a.log("plan.save", fmt.Sprintf("plan:%d", p.ID), "", describePlan(p))
	})
	if err != nil {
		return domain.MonthPlan{}, err
	}
	return p, nil
}

// ApprovePlan freezes draft plan id: its state becomes approved, once. A plan already approved
// (by another request, say) is ECONFLICT; an unknown one ENOTFOUND.
func (s *Store) ApprovePlan(ctx context.Context, by Who, id int64) (domain.MonthPlan, error) {
	var p domain.MonthPlan
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = planByID(ctx, tx, id); err != nil {
			return err
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE plans SET state = $2, approved_by = $3, approved_at = $4 WHERE id = $1 AND state = $5`,
			id, domain.PlanApproved, by.Username, s.dialect.stamp(now), domain.PlanDraft)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.E(domain.ECONFLICT, "plans.err.frozen", id)
		}
		old := describePlan(p)
		p.State, p.ApprovedBy, p.ApprovedAt = domain.PlanApproved, by.Username, &now
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		return a.log("plan.approve", fmt.Sprintf("plan:%d", id), old, describePlan(p))
	})
	if err != nil {
		return domain.MonthPlan{}, err
	}
	return p, nil
}

// Plan returns plan version id with its months; ENOTFOUND when there is none.
func (s *Store) Plan(ctx context.Context, id int64) (domain.MonthPlan, error) {
	return planByID(ctx, s.rd(ctx), id)
}

func planByID(ctx context.Context, q rowQuerier, id int64) (domain.MonthPlan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planCols+` FROM plans WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, domain.E(domain.ENOTFOUND, "plans.err.not_found", id)
	}
	if err != nil {
		return p, err
	}
	ps := []domain.MonthPlan{p}
	if err := planMonths(ctx, q, ps); err != nil {
		return p, err
	}
	return ps[0], nil
}

// Plans returns every version of the plans of region's year (of one indicator when indicator is
// not ""), with their months, ordered by indicator, tier and version.
func (s *Store) Plans(ctx context.Context, region, indicator string, year int) ([]domain.MonthPlan, error) {
	q := `SELECT ` + planCols + ` FROM plans WHERE region_code = $1 AND year = $2`
	args := []any{region, year}
	if indicator != "" {
		q += ` AND indicator_code = $3`
		args = append(args, indicator)
	}
	rows, err := s.rd(ctx).QueryContext(ctx, q+` ORDER BY indicator_code, tier, version`, args...)
	if err != nil {
		return nil, err
	}
	var out []domain.MonthPlan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, planMonths(ctx, s.rd(ctx), out)
}

// planMonths fills the months of ps.
func planMonths(ctx context.Context, q querier, ps []domain.MonthPlan) error {
	if len(ps) == 0 {
		return nil
	}
	byID := map[int64]*domain.MonthPlan{}
	ph := make([]string, len(ps))
	args := make([]any, len(ps))
	for i := range ps {
		byID[ps[i].ID] = &ps[i]
		ph[i] = fmt.Sprintf("$%d", i+1)
		args[i] = ps[i].ID
	}
	rows, err := q.QueryContext(ctx, `SELECT plan_id, month, value FROM plan_months WHERE plan_id IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m int
		var v float64
		if err := rows.Scan(&id, &m, &v); err != nil {
			return err
		}
		if p := byID[id]; p != nil && m >= 1 && m <= 12 {
			p.Months[m-1] = &v
		}
	}
	return rows.Err()
}

const benchmarkCols = `id, region_code, goal, name, indicator_code, year, value, threshold_growth, source, sample, revision,
	recorded_by, recorded_at`

func describeBenchmark(b domain.Benchmark) string {
	s := fmt.Sprintf("region=%s goal=%s name=%s indicator=%s year=%d value=%s threshold_growth=%s source=%s",
		b.RegionCode, b.Goal, b.Name, b.IndicatorCode, b.Year, strconv.FormatFloat(b.Value, 'f', -1, 64),
		strconv.FormatFloat(b.ThresholdGrowth, 'f', -1, 64), b.Source)
	if b.Sample {
		s += " sample"
	}
	return s
}

// SaveBenchmark records b as the current benchmark of its region, goal and indicator: the first
// revision, or the next one when b differs from the current (which is kept, no longer current).
// An unchanged benchmark writes nothing. It returns the benchmark in force.
func (s *Store) SaveBenchmark(ctx context.Context, by Who, b domain.Benchmark) (domain.Benchmark, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := scanBenchmark(tx.QueryRowContext(ctx, `SELECT `+benchmarkCols+` FROM benchmarks
			WHERE region_code = $1 AND goal = $2 AND indicator_code = $3 AND is_current`, b.RegionCode, b.Goal, b.IndicatorCode))
		had := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		oldText := ""
		if had {
			oldText = describeBenchmark(old)
			if oldText == describeBenchmark(b) {
				b = old
				return nil
			}
			if _, err := tx.ExecContext(ctx, `UPDATE benchmarks SET is_current = FALSE WHERE id = $1`, old.ID); err != nil {
				return err
			}
		}
		now := s.now()
		b.Revision, b.RecordedBy, b.RecordedAt = old.Revision+1, by.Username, now
		if err := tx.QueryRowContext(ctx, `INSERT INTO benchmarks (region_code, goal, name, indicator_code, year, value,
			threshold_growth, source, sample, revision, is_current, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, TRUE, $11, $12) RETURNING id`,
			b.RegionCode, b.Goal, b.Name, b.IndicatorCode, b.Year, b.Value, b.ThresholdGrowth, b.Source, b.Sample,
			b.Revision, b.RecordedBy, s.dialect.stamp(now)).Scan(&b.ID); err != nil {
			return fmt.Errorf("insert benchmark: %w", err)
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		return a.log("benchmark.save", fmt.Sprintf("benchmark:%d", b.ID), oldText, describeBenchmark(b))
	})
	if err != nil {
		return domain.Benchmark{}, err
	}
	return b, nil
}

func scanBenchmark(sc interface{ Scan(...any) error }) (domain.Benchmark, error) {
	var b domain.Benchmark
	err := sc.Scan(&b.ID, &b.RegionCode, &b.Goal, &b.Name, &b.IndicatorCode, &b.Year, &b.Value, &b.ThresholdGrowth,
		&b.Source, &b.Sample, &b.Revision, &b.RecordedBy, &b.RecordedAt)
	return b, err
}

// Benchmarks returns the current benchmarks of region, ordered by goal year, goal and indicator;
// with allRevisions, every revision (oldest first within each).
func (s *Store) Benchmarks(ctx context.Context, region string, allRevisions bool) ([]domain.Benchmark, error) {
	q := `SELECT ` + benchmarkCols + ` FROM benchmarks WHERE region_code = $1`
	if !allRevisions {
		q += ` AND is_current`
	}
	rows, err := s.rd(ctx).QueryContext(ctx, q+` ORDER BY year, goal, indicator_code, revision`, region)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Benchmark
	for rows.Next() {
		b, err := scanBenchmark(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
