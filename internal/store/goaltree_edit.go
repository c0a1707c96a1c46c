package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"pacer/internal/domain"
)

// Editing the goal tree: analysts add focus points and measures, change a measure's text,
// indicator, figure and owner units, and archive measures. Nothing is deleted; every change
// writes an audit row (old → new) in the transaction of the change. What is valid is decided by
// internal/goals (domain.FocusPoint.Validate, domain.Measure.Validate) before these are called.

// FocusPoint returns a focus point (without its measures); an archived one is ENOTFOUND.
func (s *Store) FocusPoint(ctx context.Context, id int64) (domain.FocusPoint, error) {
	return focusPoint(ctx, s.rd(ctx), id)
}

func focusPoint(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id int64) (domain.FocusPoint, error) {
	fp := domain.FocusPoint{ID: id}
	err := q.QueryRowContext(ctx, `SELECT region_code, year, position, title FROM focus_points WHERE id = $1 AND NOT archived`, id).
		Scan(&fp.RegionCode, &fp.Year, &fp.Position, &fp.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return fp, domain.E(domain.ENOTFOUND, "err.goaltree.focus_not_found", id)
	}
	return fp, err
}

// Measure returns a measure and the focus point it belongs to; an archived measure (or one
// under an archived focus point) is ENOTFOUND.
func (s *Store) Measure(ctx context.Context, id int64) (domain.Measure, domain.FocusPoint, error) {
	return measure(ctx, s.rd(ctx), id)
}

func measure(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id int64) (domain.Measure, domain.FocusPoint, error) {
	var m domain.Measure
	var fp domain.FocusPoint
	var fig sql.NullFloat64
	err := q.QueryRowContext(ctx, `SELECT m.id, m.position, m.text, COALESCE(m.indicator_code, ''), m.figure, m.figure_unit,
		m.owner_units, m.sample, f.id, f.region_code, f.year, f.position, f.title
		FROM measures m JOIN focus_points f ON f.id = m.focus_point_id
		WHERE m.id = $1 AND NOT m.archived AND NOT f.archived`, id).
		Scan(&m.ID, &m.Position, &m.Text, &m.IndicatorCode, &fig, &m.FigureUnit, &m.OwnerUnits, &m.Sample,
			&fp.ID, &fp.RegionCode, &fp.Year, &fp.Position, &fp.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return m, fp, domain.E(domain.ENOTFOUND, "err.goaltree.measure_not_found", id)
	}
	m.Figure = floatPtr(fig)
	return m, fp, err
}

// AddFocusPoint appends a focus point to a region's year of the goal tree and audits it.
func (s *Store) AddFocusPoint(ctx context.Context, by Who, region string, year int, title string) (domain.FocusPoint, error) {
	fp := domain.FocusPoint{RegionCode: region, Year: year, Title: title}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, region).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return domain.E(domain.ENOTFOUND, "err.region.unknown", region)
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM focus_points WHERE region_code = $1 AND year = $2`,
			region, year).Scan(&fp.Position); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO focus_points (region_code, year, position, title) VALUES ($1, $2, $3, $4) RETURNING id`,
			region, year, fp.Position, title).Scan(&fp.ID); err != nil {
			return fmt.Errorf("insert focus point: %w", err)
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("focus_point.create", fmt.Sprintf("focus_point:%d", fp.ID), "",
			fmt.Sprintf("region=%s year=%d position=%d title=%s", region, year, fp.Position, title))
	})
	return fp, err
}

// AddMeasure appends a measure to a focus point and audits it.
func (s *Store) AddMeasure(ctx context.Context, by Who, focusID int64, m domain.Measure) (domain.Measure, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := focusPoint(ctx, tx, focusID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM measures WHERE focus_point_id = $1`,
			focusID).Scan(&m.Position); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO measures (focus_point_id, position, text, indicator_code, figure, figure_unit, owner_units, sample)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, focusID, m.Position, m.Text, nullString(m.IndicatorCode),
			nullFloat(m.Figure), m.FigureUnit, m.OwnerUnits, m.Sample).Scan(&m.ID); err != nil {
			return fmt.Errorf("insert measure: %w", err)
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("measure.create", fmt.Sprintf("measure:%d", m.ID), "", fmt.Sprintf("focus_point=%d ", focusID)+describeMeasure(m))
	})
	return m, err
}

// EditMeasure changes a measure's text, indicator, figure, figure unit and owner units (and
// whether its figure is a sample) and audits old → new. It reports whether anything changed;
// an unchanged measure is not written.
func (s *Store) EditMeasure(ctx context.Context, by Who, id int64, m domain.Measure) (bool, error) {
	changed := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		old, _, err := measure(ctx, tx, id)
		if err != nil {
			return err
		}
		m.ID, m.Position = old.ID, old.Position
		if describeMeasure(old) == describeMeasure(m) {
			return nil
		}
		changed = true
		if _, err := tx.ExecContext(ctx, `UPDATE measures SET text = $2, indicator_code = $3, figure = $4, figure_unit = $5,
			owner_units = $6, sample = $7 WHERE id = $1`, id, m.Text, nullString(m.IndicatorCode), nullFloat(m.Figure),
			m.FigureUnit, m.OwnerUnits, m.Sample); err != nil {
			return fmt.Errorf("update measure: %w", err)
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("measure.update", fmt.Sprintf("measure:%d", id), describeMeasure(old), describeMeasure(m))
	})
	return changed, err
}

// ArchiveMeasure takes a measure off the goal tree; the row stays (archived) and the change is
// audited.
func (s *Store) ArchiveMeasure(ctx context.Context, by Who, id int64) (domain.FocusPoint, error) {
	var fp domain.FocusPoint
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var old domain.Measure
		var err error
		if old, fp, err = measure(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE measures SET archived = TRUE WHERE id = $1`, id); err != nil {
			return fmt.Errorf("archive measure: %w", err)
		}
		a := auditor{tx: tx, ctx: ctx, at: s.dialect.stamp(s.now()), actor: by.Actor(), ip: by.IP}
		return a.log("measure.archive", fmt.Sprintf("measure:%d", id), "archived=false "+describeMeasure(old), "archived=true")
	})
	return fp, err
}

func describeMeasure(m domain.Measure) string {
	fig := ""
	if m.Figure != nil {
		fig = strconv.FormatFloat(*m.Figure, 'f', -1, 64)
	}
	return fmt.Sprintf("text=%s indicator=%s figure=%s figure_unit=%s owners=%s sample=%t",
		m.Text, m.IndicatorCode, fig, m.FigureUnit, m.OwnerUnits, m.Sample)
}
