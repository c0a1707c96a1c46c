package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"pacer/internal/domain"
)

// Unit returns the unit with the given code.
func (s *Store) Unit(ctx context.Context, code string) (domain.Unit, error) {
	var u domain.Unit
	err := s.rd(ctx).QueryRowContext(ctx, `SELECT code, name, region_code, kind, archived FROM units WHERE code = $1`, code).
		Scan(&u.Code, &u.Name, &u.RegionCode, &u.Kind, &u.Retired)
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.E(domain.ENOTFOUND, "err.unit.unknown", code)
	}
	return u, err
}

// Units returns the units in use of a region and of its towns, departments first, by code.
func (s *Store) Units(ctx context.Context, region string) ([]domain.Unit, error) {
	return s.units(ctx, `NOT u.archived AND (u.region_code = $1 OR r.parent_code = $1)`, region)
}

// AllUnits returns the units of a region and of its towns, retired ones too; every unit when
// region is "".
func (s *Store) AllUnits(ctx context.Context, region string) ([]domain.Unit, error) {
	return s.units(ctx, `$1 = '' OR u.region_code = $1 OR r.parent_code = $1`, region)
}

func (s *Store) units(ctx context.Context, where string, args ...any) ([]domain.Unit, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT u.code, u.name, u.region_code, u.kind, u.archived FROM units u
		JOIN regions r ON r.code = u.region_code WHERE `+where+` ORDER BY u.kind, u.code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Unit
	for rows.Next() {
		var u domain.Unit
		if err := rows.Scan(&u.Code, &u.Name, &u.RegionCode, &u.Kind, &u.Retired); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Assignment is an indicator a unit reports for a region.
type Assignment struct {
	UnitCode, IndicatorCode, RegionCode string
}

// Assign records indicators a unit reports (skipping ones it already has) and audits each.
func (s *Store) Assign(ctx context.Context, by Who, as []Assignment) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		for _, x := range as {
			r, err := tx.ExecContext(ctx, `INSERT INTO unit_indicators (unit_code, indicator_code, region_code) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`, x.UnitCode, x.IndicatorCode, x.RegionCode)
			if err != nil {
				return fmt.Errorf("assign %s to %s: %w", x.IndicatorCode, x.UnitCode, err)
			}
			if n, _ := r.RowsAffected(); n > 0 {
				if err := a.log("unit_indicator.create", "unit:"+x.UnitCode, "", x.IndicatorCode+"@"+x.RegionCode); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Assignments returns what a unit reports, by indicator and region.
func (s *Store) Assignments(ctx context.Context, unit string) ([]Assignment, error) {
	return scanAssignments(s.rd(ctx).QueryContext(ctx, `SELECT unit_code, indicator_code, region_code FROM unit_indicators WHERE unit_code = $1
		ORDER BY region_code, indicator_code`, unit))
}

// scanAssignments reads the rows of a query selecting unit, indicator and region codes.
func scanAssignments(rows *sql.Rows, err error) ([]Assignment, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Assignment
	for rows.Next() {
		var x Assignment
		if err := rows.Scan(&x.UnitCode, &x.IndicatorCode, &x.RegionCode); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Period states (domain.PeriodOpen, domain.PeriodLocked).
const (
	PeriodOpen   = domain.PeriodOpen
	PeriodLocked = domain.PeriodLocked
)

// SetPeriod sets a region's reporting period to state (checked by domain.CheckPeriodState
// before), audited; setting the state it already has writes nothing.
func (s *Store) SetPeriod(ctx context.Context, by Who, region, period, state string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT state FROM periods WHERE region_code = $1 AND period = $2`, region, period).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if old == state {
			return nil
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO periods (region_code, period, state, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (region_code, period) DO UPDATE SET state = $3, changed_by = $4, changed_at = $5`,
			region, period, state, by.Username, s.dialect.stamp(now)); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(now), actor: by.Actor(), ip: by.IP}
		return a.log("period."+state, "period:"+region+"/"+period, old, state)
	})
}

// OpenPeriods returns the open periods of the given regions, newest first.
func (s *Store) OpenPeriods(ctx context.Context, regions []string) ([]string, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	var args []any
	ph := placeholders(&args, regions)
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT DISTINCT period FROM periods WHERE state = 'open' AND region_code IN (`+ph+`) ORDER BY period DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
