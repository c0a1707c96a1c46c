package scorecard

import (
	"pacer/internal/domain"
	"pacer/internal/pace"
)

// Figures gives pages the scorecard's own rules for observations they have read: which growth
// counts (published, else computed from last year's value, never at comparable prices) and how
// peers rank.
type Figures struct{ f figures }

// NewFigures indexes current observations by region, indicator and period.
func NewFigures(obs []domain.Observation) Figures { return Figures{index(obs)} }

// Get returns the observation of region for ind at p.
func (f Figures) Get(region, ind string, p pace.Period) (domain.Observation, bool) {
	return f.f.get(region, ind, p)
}

// Growth returns the growth of region for ind at p, and whether it was computed from values.
func (f Figures) Growth(region string, ind domain.Indicator, p pace.Period) (*float64, bool) {
	g := f.f.growth(region, ind, p)
	o, _ := f.f.get(region, ind.Code, p)
	return g, g != nil && o.Growth == nil
}

// Ranks ranks regions on ind at p by growth (or by value); 0 means unranked. It returns the
// ranks, the figures ranked, and how many were ranked.
func (f Figures) Ranks(regions []string, ind domain.Indicator, p pace.Period, byValue bool) ([]int, []*float64, int) {
	ranks, vals := ranksOf(f.f, regions, ind, p, byValue)
	n := 0
	for _, r := range ranks {
		if r > 0 {
			n++
		}
	}
	return ranks, vals, n
}
