package plans

import (
	"context"
	"errors"
	"math"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
)

// Scenario is "if the rest of the year grows g%": where the year lands (value and growth) and
// each tier's completion, beside the inverse — the growth each tier requires (需增速), as the
// scorecard gives it. It is what GET /api/v1/indicators/{code}/scenario returns.
type Scenario struct {
	Indicator  string         `json:"indicator"`
	Region     string         `json:"region"`
	Period     *string        `json:"period"` // the figure's period the scenario starts from
	RestGrowth float64        `json:"rest_growth"`
	Unit       string         `json:"unit"`
	Precision  int            `json:"precision"`
	Value      *float64       `json:"value"`  // year-end value (a stock's year-end balance)
	Growth     *float64       `json:"growth"` // the year's growth, percent
	Tiers      []ScenarioTier `json:"tiers"`
	Sample     bool           `json:"sample"`
	// Reasons say why a figure is absent (catalogue keys; text once In renders them).
	Reasons map[string]string `json:"reasons,omitempty"`
}

// ScenarioTier is one tier against the landing.
type ScenarioTier struct {
	Tier         string   `json:"tier"`
	TargetValue  *float64 `json:"target_value"`
	TargetGrowth *float64 `json:"target_growth"`
	// Completion of the value target at the landing (for a ceiling the share of the cap used; a
	// stock's the way from S0 to T).
	Completion          *float64 `json:"completion"`
	GrowthGapPP         *float64 `json:"growth_gap_pp"` // landing growth against the target growth, signed so positive is better
	RequiredGrowth      *float64 `json:"required_growth"`
	RequiredGrowthBound *string  `json:"required_growth_bound"`
}

// Scenario lands indicator's year in region from the figure at period if the rest of the year
// grows restGrowth percent.
func (s *Service) Scenario(ctx context.Context, region, indicator, period string, restGrowth float64) (*Scenario, error) {
	if math.IsNaN(restGrowth) || math.IsInf(restGrowth, 0) || restGrowth <= -100 {
		return nil, domain.E(domain.EINVALID, "plans.err.scenario_growth", restGrowth)
	}
	sc, err := s.sc.Scorecard(ctx, region, period)
	if err != nil {
		return nil, err
	}
	ind, err := s.store.Indicator(ctx, indicator)
	if err != nil {
		return nil, err
	}
	out := &Scenario{Indicator: ind.Code, Region: sc.Region.Code, RestGrowth: restGrowth, Unit: ind.Unit, Precision: ind.Precision,
		Tiers: []ScenarioTier{}, Reasons: map[string]string{}}
	var found bool
	for _, l := range sc.Indicators {
		if l.Code != ind.Code {
			continue
		}
		found = true
		out.Period, out.Sample = l.Period, l.Sample
		var land pace.Landing
		var err error = pace.ErrNoValue
		switch {
		case ind.Kind == domain.KindLevel:
			err = pace.ErrLevelNoProjection
		case l.Value == nil && ind.Kind != domain.KindRate:
		case ind.Kind == domain.KindStock:
			err = pace.ErrNoOpening
			if l.BaseYearValue != nil {
				land, err = pace.LandStock(*l.Value, *l.BaseYearValue, restGrowth)
			}
		case l.Growth == nil:
			err = pace.ErrNoGrowth
		case l.BaseValue == nil || l.BaseYearValue == nil:
			err = pace.ErrNoBase
		default:
			v := *l.BaseValue * (1 + *l.Growth/100) // a rate has no value: its base and growth give one
			if l.Value != nil {
				v = *l.Value
			}
			land, err = pace.LandFlow(v, *l.Growth, *l.BaseValue, *l.BaseYearValue, restGrowth)
		}
		if err != nil {
			var pe *pace.Error
			if !errors.As(err, &pe) {
				return nil, err
			}
			out.Reasons["value"] = pe.Key()
		} else {
			out.Value, out.Growth = &land.Value, &land.Growth
			if ind.Kind == domain.KindRate {
				out.Value = nil // a rate's value is never shown
				out.Reasons["value"] = pace.ErrRateNoPlan.Key()
			}
		}
		for _, t := range l.Targets {
			st := ScenarioTier{Tier: t.Tier, TargetValue: t.TargetValue, TargetGrowth: t.TargetGrowth,
				RequiredGrowth: t.RequiredGrowth, RequiredGrowthBound: t.RequiredGrowthBound}
			if out.Value != nil && t.TargetValue != nil {
				var c float64
				var err error
				if ind.Kind == domain.KindStock && l.BaseYearValue != nil {
					c, err = pace.StockCompletion(*out.Value, *l.BaseYearValue, *t.TargetValue)
				} else {
					c, err = pace.Completion(*out.Value, *t.TargetValue)
				}
				if err == nil {
					st.Completion = &c
				}
			}
			if out.Growth != nil && t.TargetGrowth != nil {
				g := pace.GrowthGap(*out.Growth, *t.TargetGrowth, pace.DefaultGrowthDecimals)
				if ind.Direction == domain.Down {
					g = pace.GrowthGap(*t.TargetGrowth, *out.Growth, pace.DefaultGrowthDecimals)
				}
				st.GrowthGapPP = &g
			}
			out.Tiers = append(out.Tiers, st)
		}
	}
	if !found {
		out.Reasons["value"] = pace.ErrNoValue.Key()
	}
	return out, nil
}

// In renders the reasons in lang.
func (sc *Scenario) In(lang string) *Scenario {
	c := *sc
	c.Reasons = map[string]string{}
	for k, v := range sc.Reasons {
		c.Reasons[k] = locale.T(lang, v)
	}
	return &c
}
