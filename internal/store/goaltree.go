package store

import (
	"context"
	"database/sql"
	"fmt"

	"pacer/internal/domain"
)

func addFocusPoints(ctx context.Context, tx *sql.Tx, a auditor, fps []domain.FocusPoint) error {
	for _, fp := range fps {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO focus_points (region_code, year, position, title)
			VALUES ($1, $2, $3, $4) RETURNING id`, fp.RegionCode, fp.Year, fp.Position, fp.Title).Scan(&id); err != nil {
			return fmt.Errorf("insert focus point: %w", err)
		}
		if err := a.log("focus_point.create", fmt.Sprintf("focus_point:%d", id), "", fp.Title); err != nil {
			return err
		}
		for _, m := range fp.Measures {
			var mid int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO measures (focus_point_id, position, text, indicator_code, figure, figure_unit, owner_units, sample)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, id, m.Position, m.Text, nullString(m.IndicatorCode),
				nullFloat(m.Figure), m.FigureUnit, m.OwnerUnits, m.Sample).Scan(&mid); err != nil {
				return fmt.Errorf("insert measure: %w", err)
			}
			if err := a.log("measure.create", fmt.Sprintf("measure:%d", mid), "", m.Text); err != nil {
				return err
			}
		}
	}
	return nil
}

// GoalTree returns the focus points of a region's year with their measures, in order; archived
// ones are left out.
func (s *Store) GoalTree(ctx context.Context, region string, year int) ([]domain.FocusPoint, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT f.id, f.position, f.title, m.id, m.position, m.text,
		COALESCE(m.indicator_code, ''), m.figure, m.figure_unit, m.owner_units, m.sample
		FROM focus_points f LEFT JOIN measures m ON m.focus_point_id = f.id AND NOT m.archived
		WHERE f.region_code = $1 AND f.year = $2 AND NOT f.archived
		ORDER BY f.position, f.id, m.position, m.id`, region, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.FocusPoint
	for rows.Next() {
		var fp domain.FocusPoint
		var mid, mpos sql.NullInt64
		var text, ind, unit, owners sql.NullString
		var fig sql.NullFloat64
		var sample sql.NullBool
		if err := rows.Scan(&fp.ID, &fp.Position, &fp.Title, &mid, &mpos, &text, &ind, &fig, &unit, &owners, &sample); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != fp.ID {
			fp.RegionCode, fp.Year = region, year
			out = append(out, fp)
		}
		if mid.Valid {
			last := &out[len(out)-1]
			last.Measures = append(last.Measures, domain.Measure{ID: mid.Int64, Position: int(mpos.Int64), Text: text.String,
				IndicatorCode: ind.String, Figure: floatPtr(fig), FigureUnit: unit.String, OwnerUnits: owners.String, Sample: sample.Bool})
		}
	}
	return out, rows.Err()
}
