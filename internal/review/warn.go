package review

import (
	"context"
	"math"

	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// JumpFactor is how many times the previous single month an implied single month may be before
// it is warned about (a constant: issue 11 asks for 3×; change it here).
const JumpFactor = 3.0

// GrowthTolerance is how far, in percentage points, an entered growth may be from the growth its
// value implies over last year's same period before it is warned about.
const GrowthTolerance = 1.0

// Around is the official context of a figure for one region, indicator and period: this year's
// previous cumulative and its single month, and last year's same period with its single month.
// Any of them is nil when not published or not computable.
type Around struct {
	Previous       *Figure  // this year's latest cumulative before the period
	monthAfter     bool     // the period is the month right after Previous's
	PreviousSingle *float64 // the single month the previous cumulative adds (nil unless it is one month)
	LastYear       *Figure  // last year's same-period cumulative
	LastYearSingle *float64 // last year's same single month, where computable
	// comparable: the indicator's growth is published at comparable prices (GDP, value added),
	// so it is not expected to match the growth of the nominal values.
	comparable bool
}

// around reads the official figures from January of last year up to (not including) period.
func (s *Service) around(ctx context.Context, region, indicator, period string) (Around, error) {
	var a Around
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return a, nil
	}
	if ind, err := s.store.Indicator(ctx, indicator); err == nil {
		a.comparable = ind.ComparablePrice
	}
	obs, err := s.store.Observations(ctx, store.ObservationQuery{Regions: []string{region}, Indicators: []string{indicator},
		From: pace.Period{Year: p.Year - 1, Month: 1}.String(), To: period})
	if err != nil {
		return a, err
	}
	var pts []pace.Point
	for _, o := range obs {
		if o.Period == period {
			continue
		}
		op, err := pace.ParsePeriod(o.Period)
		if err != nil {
			continue
		}
		f := &Figure{Period: o.Period, Value: o.Value, Growth: o.Growth}
		switch {
		case op == p.LastYear():
			a.LastYear = f
		case op.Year == p.Year && op.Compare(p) < 0:
			if a.Previous == nil || a.Previous.Period < o.Period {
				a.Previous, a.monthAfter = f, op.Month+1 == p.Month
			}
		}
		if o.Value != nil {
			pts = append(pts, pace.Point{Period: op, Value: *o.Value})
		}
	}
	for _, m := range pace.MonthlyValues(pts) {
		m := m
		switch {
		case m.Period == p.LastYear() && m.Months == 1:
			a.LastYearSingle = &m.Value
		case a.Previous != nil && m.Period.String() == a.Previous.Period && m.Months == 1:
			a.PreviousSingle = &m.Value
		}
	}
	return a, nil
}

// Implied is the single month a cumulative value implies after the previous cumulative (nil when
// either is missing).
func (a Around) Implied(value *float64) *float64 {
	if value == nil || a.Previous == nil || a.Previous.Value == nil {
		return nil
	}
	v := *value - *a.Previous.Value
	return &v
}

// Warnings are what a figure entered for a period should make its reporter and reviewer look at
// twice; none of them refuses it. Keys are warn.* in catalog/*/warnings.json.
func (a Around) Warnings(value, growth *float64) []locale.Msg {
	var ws []locale.Msg
	if value == nil {
		return nil
	}
	if a.Previous != nil && a.Previous.Value != nil && *value < *a.Previous.Value {
		ws = append(ws, locale.M("warn.cumulative_down", *value, *a.Previous.Value, a.Previous.Period))
	}
	if growth != nil && !a.comparable && a.LastYear != nil && a.LastYear.Value != nil {
		if g, err := pace.CumulativeGrowth(*value, *a.LastYear.Value); err == nil && math.Abs(g-*growth) > GrowthTolerance {
			ws = append(ws, locale.M("warn.growth_mismatch", *growth, round1(g)))
		}
	}
	if single := a.Implied(value); single != nil && a.monthAfter && a.PreviousSingle != nil && *a.PreviousSingle > 0 &&
		*single > JumpFactor**a.PreviousSingle {
		ws = append(ws, locale.M("warn.jump", round2(*single), JumpFactor, round2(*a.PreviousSingle)))
	}
	return ws
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// Checks are the numbers Warnings compares a typed figure with, for a page that warns as the
// figure is typed (the entry page's script): each is nil when its warning cannot apply, so the
// script needs no rule of its own beyond the comparison named beside each field.
type Checks struct {
	// Previous: warn.cumulative_down when the value is below Previous.Value.
	Previous *Figure
	// LastYearValue: warn.growth_mismatch when the growth differs from
	// (value / LastYearValue − 1) × 100 by more than GrowthTolerance points. Nil for growth
	// published at comparable prices.
	LastYearValue   *float64
	GrowthTolerance float64
	// PreviousSingle: warn.jump when the implied single month, value − Previous.Value, exceeds
	// JumpFactor × PreviousSingle. Nil unless the period follows Previous's month and that
	// month's single value is positive.
	PreviousSingle *float64
	JumpFactor     float64
}

// Checks returns the numbers Warnings compares a figure with.
func (a Around) Checks() Checks {
	c := Checks{GrowthTolerance: GrowthTolerance, JumpFactor: JumpFactor}
	if a.Previous != nil && a.Previous.Value != nil {
		c.Previous = a.Previous
		if a.monthAfter && a.PreviousSingle != nil && *a.PreviousSingle > 0 {
			c.PreviousSingle = a.PreviousSingle
		}
	}
	if !a.comparable && a.LastYear != nil && a.LastYear.Value != nil && *a.LastYear.Value > 0 {
		c.LastYearValue = a.LastYear.Value
	}
	return c
}
