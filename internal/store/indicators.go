package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"

	"pacer/internal/catalog"
	"pacer/internal/domain"
)

const indicatorCols = `code, name, name_en, unit, kind, direction, precision, mode, tolerance, growth_tolerance, owner_unit, built_in, comparable_price, frequency`

func scanIndicator(sc interface{ Scan(...any) error }) (domain.Indicator, error) {
	var i domain.Indicator
	var kind, dir, mode, freq string
	err := sc.Scan(&i.Code, &i.Name, &i.NameEN, &i.Unit, &kind, &dir, &i.Precision, &mode,
		&i.Tolerance, &i.GrowthTolerance, &i.OwnerUnit, &i.BuiltIn, &i.ComparablePrice, &freq)
	i.Kind, i.Direction, i.Mode = domain.IndicatorKind(kind), domain.Direction(dir), domain.TimeProgressMode(mode)
	i.Frequency = domain.Frequency(freq)
	return i, err
}

// frequency is what the store writes for an indicator's publication frequency: "" is monthly.
func frequency(i domain.Indicator) string {
	if i.Frequency == "" {
		return string(domain.Monthly)
	}
	return string(i.Frequency)
}

// Indicator returns the indicator with the given code.
func (s *Store) Indicator(ctx context.Context, code string) (domain.Indicator, error) {
	i, err := scanIndicator(s.rd(ctx).QueryRowContext(ctx, `SELECT `+indicatorCols+` FROM indicators WHERE code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return i, domain.E(domain.ENOTFOUND, "err.indicator.unknown", code)
	}
	return i, err
}

// Indicators returns the whole indicator catalogue: built-in ones first, in catalogue order
// for the built-in and by code for the rest.
func (s *Store) Indicators(ctx context.Context) ([]domain.Indicator, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, `SELECT `+indicatorCols+` FROM indicators`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Indicator
	for rows.Next() {
		i, err := scanIndicator(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortIndicators(out)
	return out, nil
}

func sortIndicators(inds []domain.Indicator) {
	order := map[string]int{}
	for n, i := range catalog.Indicators() {
		order[i.Code] = n + 1
	}
	sort.SliceStable(inds, func(a, b int) bool {
		oa, ob := order[inds[a].Code], order[inds[b].Code]
		switch {
		case oa != 0 && ob != 0:
			return oa < ob
		case oa != 0 || ob != 0:
			return oa != 0
		}
		return inds[a].Code < inds[b].Code
	})
}
