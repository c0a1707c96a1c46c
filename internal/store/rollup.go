package store

import (
	"context"

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
	return scanTargets(s.rd(ctx).QueryContext(ctx, `SELECT `+targetCols+` FROM targets WHERE is_current AND year = $1 AND region_code IN (`+
		placeholders(&args, regions)+`) ORDER BY region_code, indicator_code, tier`, args...))
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

// PeriodStates returns the state of period for each region listed, as PeriodState gives it for
// one (its own, else its parent's, and so on up; "" when no region of the chain has opened it),
// in a few queries whatever the number of regions.
func (s *Store) PeriodStates(ctx context.Context, regions []string, period string) (map[string]string, error) {
	own := map[string]string{}
	rows, err := s.r.QueryContext(ctx, `SELECT region_code, state FROM periods WHERE period = $1`, period)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r, st string
		if err := rows.Scan(&r, &st); err != nil {
			rows.Close()
			return nil, err
		}
		own[r] = st
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(regions))
	at := make(map[string]string, len(regions)) // a region listed → the region of its chain looked at
	for _, r := range regions {
		at[r] = r
	}
	for range 6 {
		var up []string
		for r, code := range at {
			if st, ok := own[code]; ok {
				out[r] = st
				delete(at, r)
				continue
			}
			up = append(up, code)
		}
		if len(up) == 0 {
			break
		}
		var args []any
		rows, err := s.r.QueryContext(ctx, `SELECT code, COALESCE(parent_code, '') FROM regions WHERE code IN (`+placeholders(&args, up)+`)`, args...)
		if err != nil {
			return nil, err
		}
		parent := map[string]string{}
		for rows.Next() {
			var c, p string
			if err := rows.Scan(&c, &p); err != nil {
				rows.Close()
				return nil, err
			}
			parent[c] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for r, code := range at {
			if p := parent[code]; p != "" {
				at[r] = p
			} else {
				out[r] = ""
				delete(at, r)
			}
		}
	}
	for r := range at {
		out[r] = ""
	}
	return out, nil
}
