package plans

import (
	"context"
	"errors"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// LongRange is a region's long-range goals, each benchmark measured from the latest full year.
type LongRange struct {
	Region domain.Region
	Rows   []GoalRow
}

// GoalRow is one benchmark: the latest full year's value and growth, the gap, the compound growth
// needed to reach the threshold (itself growing at its ThresholdGrowth) by the goal year, and
// the year it is reached at the current growth. Nil figures have their reason (a catalogue key).
type GoalRow struct {
	domain.Benchmark
	Indicator    domain.Indicator
	FromYear     int      // the latest year with a December figure, 0 when none
	Current      *float64 // its December value
	Growth       *float64 // its published (or computed) growth
	Gap          *float64 // threshold − current, in the indicator's unit
	NeededGrowth *float64 // percent a year
	ReachedYear  *int
	Reasons      map[string]string
}

// LongRange measures every current benchmark of region.
func (s *Service) LongRange(ctx context.Context, region string) (*LongRange, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	r, err := s.store.Region(ctx, region)
	if err != nil {
		return nil, err
	}
	bs, err := s.store.Benchmarks(ctx, r.Code, false)
	if err != nil {
		return nil, err
	}
	out := &LongRange{Region: r}
	for _, b := range bs {
		row := GoalRow{Benchmark: b, Reasons: map[string]string{}}
		if row.Indicator, err = s.store.Indicator(ctx, b.IndicatorCode); err != nil {
			return nil, err
		}
		obs, err := s.store.Observations(ctx, storeDecembers(r.Code, b.IndicatorCode))
		if err != nil {
			return nil, err
		}
		// The latest December is the current value; the current growth is the latest published
		// one (a year-to-date growth of this year, say), else computed from the last two Decembers.
		var prev *float64
		values := map[string]float64{}
		var latest string
		for _, o := range obs { // oldest first
			if o.Value != nil {
				values[o.Period], latest = *o.Value, o.Period
			}
			if o.Growth != nil {
				row.Growth = o.Growth
			}
			if o.Value == nil || len(o.Period) != 7 || o.Period[5:] != "12" {
				continue
			}
			y, _ := Year(o.Period[:4])
			prev = row.Current
			row.FromYear, row.Current = y, o.Value
		}
		computable := row.Indicator.Kind != domain.KindLevel && !row.Indicator.ComparablePrice
		if p, err := pace.ParsePeriod(latest); err == nil && row.Growth == nil && computable {
			if b, ok := values[p.LastYear().String()]; ok { // the latest year-to-date growth from values
				if g, err := pace.CumulativeGrowth(values[latest], b); err == nil {
					row.Growth = &g
				}
			}
		}
		if row.Growth == nil && prev != nil && computable {
			if g, err := pace.CumulativeGrowth(*row.Current, *prev); err == nil {
				row.Growth = &g
			}
		}
		row.measure()
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func (row *GoalRow) measure() {
	b := row.Benchmark
	if row.Current == nil {
		row.Reasons["current"] = pace.ErrNoValue.Key()
		return
	}
	gap := b.Value - *row.Current
	if row.Indicator.Direction == domain.Down {
		gap = -gap
	}
	row.Gap = &gap
	reason := func(field string, err error) {
		var pe *pace.Error
		if errors.As(err, &pe) {
			row.Reasons[field] = pe.Key()
		}
	}
	if g, err := pace.CompoundGrowthNeeded(*row.Current, b.Value, b.ThresholdGrowth, b.Year-row.FromYear); err == nil {
		row.NeededGrowth = &g
	} else {
		reason("needed_growth", err)
	}
	if row.Growth == nil {
		row.Reasons["reached_year"] = pace.ErrNoGrowth.Key()
		return
	}
	if n, err := pace.YearsToReach(*row.Current, b.Value, *row.Growth, b.ThresholdGrowth); err == nil {
		y := row.FromYear + n
		row.ReachedYear = &y
	} else {
		reason("reached_year", err)
	}
}

// BenchmarkEntry is a benchmark as a form or the command gives it.
type BenchmarkEntry = domain.Benchmark

// SaveBenchmark checks b and records it (a change is a new revision).
func (s *Service) SaveBenchmark(ctx context.Context, by domain.Actor, b BenchmarkEntry) (domain.Benchmark, error) {
	if err := b.Validate(); err != nil {
		return domain.Benchmark{}, err
	}
	if err := domain.InScope(ctx, s.store, b.RegionCode, ""); err != nil {
		return domain.Benchmark{}, err
	}
	if _, err := s.store.Region(ctx, b.RegionCode); err != nil {
		return domain.Benchmark{}, err
	}
	if _, err := s.store.Indicator(ctx, b.IndicatorCode); err != nil {
		return domain.Benchmark{}, err
	}
	return s.store.SaveBenchmark(ctx, who(by), b)
}

// ReasonText renders a row's reason in lang ("" when none).
func (row GoalRow) ReasonText(lang, field string) string {
	if k := row.Reasons[field]; k != "" {
		return locale.T(lang, k)
	}
	return ""
}

func storeDecembers(region, indicator string) store.ObservationQuery {
	return store.ObservationQuery{Regions: []string{region}, Indicators: []string{indicator}, Brief: true}
}
