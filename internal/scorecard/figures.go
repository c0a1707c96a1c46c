package scorecard

import (
	"pacer/internal/domain"
	"pacer/internal/pace"
)

type figKey struct {
	region, indicator string
	period            pace.Period
}

// figures indexes current observations by region, indicator and period.
type figures map[figKey]domain.Observation

func index(obs []domain.Observation) figures {
	f := make(figures, len(obs))
	for _, o := range obs {
		p, err := pace.ParsePeriod(o.Period)
		if err != nil {
			continue // the importer only stores valid periods
		}
		f[figKey{o.RegionCode, o.IndicatorCode, p}] = o
	}
	return f
}

func (f figures) get(region, ind string, p pace.Period) (domain.Observation, bool) {
	o, ok := f[figKey{region, ind, p}]
	return o, ok
}

func (f figures) at(region, ind string, p pace.Period) domain.Observation {
	return f[figKey{region, ind, p}]
}

// latest returns the latest period of p's year, up to p, with a figure.
func (f figures) latest(region, ind string, p pace.Period) (pace.Period, bool) {
	for m := p.Month; m >= 1; m-- {
		q := pace.Period{Year: p.Year, Month: m}
		if _, ok := f[figKey{region, ind, q}]; ok {
			return q, true
		}
	}
	return pace.Period{}, false
}

// growth returns the published growth, else growth computed from last year's same-period value
// — never for an indicator published at comparable prices.
func (f figures) growth(region string, ind domain.Indicator, p pace.Period) *float64 {
	o, ok := f.get(region, ind.Code, p)
	if !ok {
		return nil
	}
	if o.Growth != nil || ind.ComparablePrice {
		return o.Growth
	}
	b, ok := f.get(region, ind.Code, p.LastYear())
	if !ok || o.Value == nil || b.Value == nil {
		return nil
	}
	g, err := pace.CumulativeGrowth(*o.Value, *b.Value)
	if err != nil {
		return nil
	}
	return &g
}

// any reports whether the region has a figure for ind in any month of year.
func (f figures) any(region, ind string, year int) bool {
	for m := 1; m <= 12; m++ {
		if _, ok := f[figKey{region, ind, pace.Period{Year: year, Month: m}}]; ok {
			return true
		}
	}
	return false
}
