package store

import (
	"context"
	"database/sql"

	"pacer/internal/domain"
)

// Reads for a roll-up (a prefecture's or province's regions side by side): many regions at once,
// in one query each.

// TargetsIn returns the current targets of year of the regions listed, by region, indicator and
// tier; none when regions is empty.
func (s *Store) TargetsIn(ctx context.Context, regions []string, year int) ([]domain.Target, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	args := []any{year}
	rows, err := s.r.QueryContext(ctx, `SELECT `+targetCols+` FROM targets WHERE is_current AND year = $1 AND region_code IN (`+
		placeholders(&args, regions)+`) ORDER BY region_code, indicator_code, tier`, args...)
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

// RoundRow is one assignment (an indicator a unit in use reports for a region) at a period: the
// state of the unit's latest submission for it, and whether an official figure is in.
type RoundRow struct {
	UnitCode, UnitName, RegionCode, IndicatorCode string
	Latest                                        string // the latest submission's state for the period; "" when none
	Official                                      bool   // a current observation of (region, indicator, period) exists
}

// Round returns, for the regions listed, every assignment of a unit in use (retired units owe
// nothing) with where it stands at period, by region, unit and indicator; none when regions is
// empty.
func (s *Store) Round(ctx context.Context, regions []string, period string) ([]RoundRow, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	args := []any{period}
	rows, err := s.r.QueryContext(ctx, `SELECT ui.unit_code, u.name, ui.region_code, ui.indicator_code,
		COALESCE((SELECT x.state FROM submissions x WHERE x.unit_code = ui.unit_code AND x.region_code = ui.region_code
			AND x.indicator_code = ui.indicator_code AND x.period = $1 ORDER BY x.id DESC LIMIT 1), ''),
		EXISTS (SELECT 1 FROM observations o WHERE o.region_code = ui.region_code AND o.indicator_code = ui.indicator_code
			AND o.period = $1 AND o.is_current)
		FROM unit_indicators ui JOIN units u ON u.code = ui.unit_code
		WHERE NOT u.archived AND ui.region_code IN (`+placeholders(&args, regions)+`)
		ORDER BY ui.region_code, ui.unit_code, ui.indicator_code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RoundRow
	for rows.Next() {
		var x RoundRow
		if err := rows.Scan(&x.UnitCode, &x.UnitName, &x.RegionCode, &x.IndicatorCode, &x.Latest, &x.Official); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
