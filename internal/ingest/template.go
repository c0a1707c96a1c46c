package ingest

import (
	"context"
	"sort"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Aliases are the other names the import reads as indicator code (besides its code and its
// catalogue name): the names statistics bureaus print, for the indicator list a template offers.
func Aliases(code string) []string {
	var out []string
	for name, c := range indicatorAliases {
		if c == code {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// Template is what the import templates are filled with: a region, every indicator, and the
// region's current figures at a period (by indicator code; none when period is "").
type Template struct {
	Region     domain.Region
	Indicators []domain.Indicator
	Current    map[string]domain.Observation
}

// Template reads what the templates for region at period are filled with.
func (s *Service) Template(ctx context.Context, region, period string) (*Template, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	reg, err := s.store.Region(ctx, region)
	if err != nil {
		return nil, err
	}
	t := &Template{Region: reg, Current: map[string]domain.Observation{}}
	if t.Indicators, err = s.store.Indicators(ctx); err != nil {
		return nil, err
	}
	if period == "" {
		return t, nil
	}
	obs, err := s.store.Observations(ctx, store.ObservationQuery{Regions: []string{region}, Periods: []string{period}})
	if err != nil {
		return nil, err
	}
	for _, o := range obs {
		t.Current[o.IndicatorCode] = o
	}
	return t, nil
}
