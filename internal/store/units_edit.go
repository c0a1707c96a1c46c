package store

import (
	"context"
	"database/sql"
	"fmt"

	"pacer/internal/domain"
)

// CreateUnit adds u, and first town when it is not nil (a town the catalogue lacks), in one
// audited transaction. A unit code already taken is a conflict.
func (s *Store) CreateUnit(ctx context.Context, by Who, u domain.Unit, town *domain.Region) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		if town != nil {
			if _, err := insertRegions(ctx, tx, []domain.Region{*town}); err != nil {
				return err
			}
			if err := a.log("region.create", "region:"+town.Code, "", town.Name); err != nil {
				return err
			}
		}
		r, err := tx.ExecContext(ctx, `INSERT INTO units (code, name, region_code, kind) VALUES ($1, $2, $3, $4)
			ON CONFLICT (code) DO NOTHING`, u.Code, u.Name, u.RegionCode, u.Kind)
		if err != nil {
			return fmt.Errorf("insert unit %s: %w", u.Code, err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return domain.E(domain.ECONFLICT, "units.exists", u.Code)
		}
		return a.log("unit.create", "unit:"+u.Code, "", u.Name)
	})
}

// RenameUnit gives a unit a new name, audited; the same name writes nothing.
func (s *Store) RenameUnit(ctx context.Context, by Who, code, name string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var old string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM units WHERE code = $1`, code).Scan(&old); err != nil {
			if err == sql.ErrNoRows {
				return domain.E(domain.ENOTFOUND, "err.unit.unknown", code)
			}
			return err
		}
		if old == name {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE units SET name = $2 WHERE code = $1`, code, name); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("unit.rename", "unit:"+code, old, name)
	})
}

// RetireUnit marks a unit retired, audited, unless an account that is not disabled still
// belongs to it: then it writes nothing and returns how many do (the workflow refuses).
func (s *Store) RetireUnit(ctx context.Context, by Who, code string) (accounts int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var retired bool
		if err := tx.QueryRowContext(ctx, `SELECT archived FROM units WHERE code = $1`, code).Scan(&retired); err != nil {
			if err == sql.ErrNoRows {
				return domain.E(domain.ENOTFOUND, "err.unit.unknown", code)
			}
			return err
		}
		if retired {
			return nil
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE unit_code = $1 AND NOT disabled`, code).Scan(&accounts); err != nil {
			return err
		}
		if accounts > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE units SET archived = TRUE WHERE code = $1`, code); err != nil {
			return err
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("unit.retire", "unit:"+code, "", "")
	})
	return accounts, err
}

// SetAssignments makes indicators (for region) exactly what a unit reports: those it lacks are
// added and those it no longer reports removed, each audited.
func (s *Store) SetAssignments(ctx context.Context, by Who, unit, region string, indicators []string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		want := map[string]bool{}
		for _, ind := range indicators {
			want[ind] = true
		}
		rows, err := tx.QueryContext(ctx, `SELECT indicator_code, region_code FROM unit_indicators WHERE unit_code = $1`, unit)
		if err != nil {
			return err
		}
		var drop []Assignment
		have := map[string]bool{}
		for rows.Next() {
			var x Assignment
			if err := rows.Scan(&x.IndicatorCode, &x.RegionCode); err != nil {
				rows.Close()
				return err
			}
			x.UnitCode = unit
			if x.RegionCode == region && want[x.IndicatorCode] {
				have[x.IndicatorCode] = true
			} else {
				drop = append(drop, x)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, x := range drop {
			if _, err := tx.ExecContext(ctx, `DELETE FROM unit_indicators WHERE unit_code = $1 AND indicator_code = $2 AND region_code = $3`,
				x.UnitCode, x.IndicatorCode, x.RegionCode); err != nil {
				return err
			}
			if err := a.log("unit_indicator.delete", "unit:"+unit, x.IndicatorCode+"@"+x.RegionCode, ""); err != nil {
				return err
			}
		}
		for _, ind := range indicators {
			if have[ind] {
				continue
			}
			have[ind] = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO unit_indicators (unit_code, indicator_code, region_code) VALUES ($1, $2, $3)`,
				unit, ind, region); err != nil {
				return fmt.Errorf("assign %s to %s: %w", ind, unit, err)
			}
			if err := a.log("unit_indicator.create", "unit:"+unit, "", ind+"@"+region); err != nil {
				return err
			}
		}
		return nil
	})
}
