package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"pacer/internal/domain"
)

// ObservationQuery selects observations. Empty fields do not filter; Periods lists exact periods;
// From and To bound the period inclusively. Only current revisions unless AllRevisions.
type ObservationQuery struct {
	Regions      []string
	Indicators   []string
	Periods      []string
	From, To     string
	AllRevisions bool
	// Brief reads only the current figures (region, indicator, period, value, growth, source, sample):
	// what computations need, several times faster to scan than whole rows.
	Brief bool
}

const observationCols = `region_code, indicator_code, period, value, growth, source, note, sample,
	revision, is_current, recorded_at, recorded_by, approved_by, approved_at, COALESCE(batch_id, 0)`

func scanObservation(sc interface{ Scan(...any) error }) (domain.Observation, error) {
	var o domain.Observation
	var v, g sql.NullFloat64
	var approved sql.NullTime
	err := sc.Scan(&o.RegionCode, &o.IndicatorCode, &o.Period, &v, &g, &o.Source, &o.Note, &o.Sample,
		&o.Revision, &o.Current, &o.RecordedAt, &o.RecordedBy, &o.ApprovedBy, &approved, &o.BatchID)
	o.Value, o.Growth = floatPtr(v), floatPtr(g)
	if approved.Valid {
		t := approved.Time
		o.ApprovedAt = &t
	}
	return o, err
}

// Observations returns the observations q selects, ordered by region, indicator, period, revision.
func (s *Store) Observations(ctx context.Context, q ObservationQuery) ([]domain.Observation, error) {
	var where []string
	var args []any
	in := func(col string, vals []string) {
		ph := make([]string, len(vals))
		for i, v := range vals {
			args = append(args, v)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		where = append(where, col+" IN ("+strings.Join(ph, ", ")+")")
	}
	if !q.AllRevisions || q.Brief {
		where = append(where, "is_current")
	}
	if len(q.Regions) > 0 {
		in("region_code", q.Regions)
	}
	if len(q.Indicators) > 0 {
		in("indicator_code", q.Indicators)
	}
	if len(q.Periods) > 0 {
		in("period", q.Periods)
	}
	if q.From != "" {
		args = append(args, q.From)
		where = append(where, fmt.Sprintf("period >= $%d", len(args)))
	}
	if q.To != "" {
		args = append(args, q.To)
		where = append(where, fmt.Sprintf("period <= $%d", len(args)))
	}
	cols, scan := observationCols, scanObservation
	if q.Brief {
		cols, scan = briefCols, scanBrief
	}
	query := `SELECT ` + cols + ` FROM observations`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY region_code, indicator_code, period, revision"
	rows, err := s.rd(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Observation
	for rows.Next() {
		o, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

const briefCols = `region_code, indicator_code, period, value, growth, source, sample`

func scanBrief(sc interface{ Scan(...any) error }) (domain.Observation, error) {
	var o domain.Observation
	var v, g sql.NullFloat64
	err := sc.Scan(&o.RegionCode, &o.IndicatorCode, &o.Period, &v, &g, &o.Source, &o.Sample)
	o.Value, o.Growth, o.Current = floatPtr(v), floatPtr(g), true
	return o, err
}

const targetCols = `region_code, indicator_code, year, tier, value, growth, source, sample, revision, recorded_at`

// Targets returns the current targets of a region for a year (every region when region is "").
func (s *Store) Targets(ctx context.Context, region string, year int) ([]domain.Target, error) {
	q := `SELECT ` + targetCols + ` FROM targets WHERE is_current AND year = $1`
	args := []any{year}
	if region != "" {
		q += ` AND region_code = $2`
		args = append(args, region)
	}
	return scanTargets(s.rd(ctx).QueryContext(ctx, q+` ORDER BY region_code, indicator_code, tier`, args...))
}

// scanTargets reads the rows of a query selecting targetCols.
func scanTargets(rows *sql.Rows, err error) ([]domain.Target, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Target
	for rows.Next() {
		var t domain.Target
		var v, g sql.NullFloat64
		var tier string
		if err := rows.Scan(&t.RegionCode, &t.IndicatorCode, &t.Year, &tier, &v, &g, &t.Source, &t.Sample, &t.Revision, &t.RecordedAt); err != nil {
			return nil, err
		}
		t.Tier, t.Value, t.Growth = domain.Tier(tier), floatPtr(v), floatPtr(g)
		out = append(out, t)
	}
	return out, rows.Err()
}
