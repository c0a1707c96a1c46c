package store

import (
	"context"
	"database/sql"
	"errors"

	"pacer/internal/domain"
)

const regionCols = `code, name, level, COALESCE(parent_code, '')`

func scanRegion(sc interface{ Scan(...any) error }) (domain.Region, error) {
	var r domain.Region
	var level string
	err := sc.Scan(&r.Code, &r.Name, &level, &r.Parent)
	r.Level = domain.RegionLevel(level)
	return r, err
}

// Region returns the region with the given code.
func (s *Store) Region(ctx context.Context, code string) (domain.Region, error) {
	r, err := scanRegion(s.rd(ctx).QueryRowContext(ctx, `SELECT `+regionCols+` FROM regions WHERE code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return r, domain.E(domain.ENOTFOUND, "err.region.unknown", code)
	}
	return r, err
}

// Regions returns every region, ordered by code.
func (s *Store) Regions(ctx context.Context) ([]domain.Region, error) {
	return s.queryRegions(ctx, `SELECT `+regionCols+` FROM regions ORDER BY code`)
}

// Peers returns the regions ranked against each other under parent: the direct children of a
// prefecture or county; the county-level units of a province; with parent "CN" (or "000000")
// every county-level unit in the country.
func (s *Store) Peers(ctx context.Context, parent string) ([]domain.Region, error) {
	if parent == "CN" || parent == "000000" {
		return s.queryRegions(ctx, `SELECT `+regionCols+` FROM regions WHERE level = 'county' ORDER BY code`)
	}
	p, err := s.Region(ctx, parent)
	if err != nil {
		return nil, err
	}
	if p.Level == domain.LevelProvince {
		return s.queryRegions(ctx, `SELECT `+regionCols+` FROM regions WHERE level = 'county' AND code LIKE $1 ORDER BY code`, p.Code[:2]+"%")
	}
	return s.queryRegions(ctx, `SELECT `+regionCols+` FROM regions WHERE parent_code = $1 ORDER BY code`, parent)
}

func (s *Store) queryRegions(ctx context.Context, q string, args ...any) ([]domain.Region, error) {
	rows, err := s.rd(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Siblings returns the regions ranked against r in its scorecard: those with the same parent
// and level, r included.
func (s *Store) Siblings(ctx context.Context, r domain.Region) ([]domain.Region, error) {
	if r.Parent == "" {
		return s.queryRegions(ctx, `SELECT `+regionCols+` FROM regions WHERE parent_code IS NULL AND level = $1 ORDER BY code`, string(r.Level))
	}
	return s.queryRegions(ctx, `SELECT `+regionCols+` FROM regions WHERE parent_code = $1 AND level = $2 ORDER BY code`, r.Parent, string(r.Level))
}

// RegionChain returns the region code and its ancestors, nearest first (a town, its county,
// prefecture, province), or ENOTFOUND. A region's parent never changes, so chains are kept once
// read.
func (s *Store) RegionChain(ctx context.Context, code string) ([]domain.Region, error) {
	if c, ok := s.chains.Load(code); ok {
		return c.([]domain.Region), nil
	}
	var chain []domain.Region
	for next := code; next != "" && len(chain) < 8; {
		r, err := s.Region(ctx, next)
		if err != nil {
			return nil, err
		}
		chain = append(chain, r)
		next = r.Parent
	}
	s.chains.Store(code, chain)
	return chain, nil
}
