// Package scorecard measures a region's indicators against their targets and its peers: the
// store supplies the figures, package pace does the arithmetic.
package scorecard

import (
	"context"
	"sort"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// RegionRef names a region.
type RegionRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Scorecard is a region's indicators at a period. All rates are in percent.
type Scorecard struct {
	Region       RegionRef `json:"region"`
	Period       string    `json:"period"`
	TimeProgress float64   `json:"time_progress"` // linear, at Period
	Indicators   []Line    `json:"indicators"`
}

// Line is one indicator of a scorecard. Period is the period of the figures shown: the latest
// of the year up to the scorecard's (GDP, published quarterly, shows June in July).
type Line struct {
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	NameEN    string  `json:"name_en"`
	Unit      string  `json:"unit"`
	Kind      string  `json:"kind"`
	Direction string  `json:"direction"` // up | down
	Precision int     `json:"precision"` // decimals the value is published with
	Period    *string `json:"period"`
	// Stale: a later figure was due by the scorecard's period (see pace.Stale) and is not in;
	// Period says 截至 when. The figure keeps its own period's arithmetic; its tiers' status is stale.
	Stale            bool       `json:"stale"`
	Value            *float64   `json:"value"`
	Growth           *float64   `json:"growth"`
	GrowthComputed   bool       `json:"growth_computed"` // from values (nominal), not published
	BaseValue        *float64   `json:"base_value"`      // last year, same period
	BaseImplied      bool       `json:"base_implied"`    // derived from value and published growth
	BaseYearValue    *float64   `json:"base_year_value"` // last year, whole year
	Change           *float64   `json:"change"`          // a level's V − last year's, in its unit
	TimeProgressMode string     `json:"time_progress_mode"`
	Rank             *int       `json:"rank"`
	Peers            int        `json:"peers"`
	PublishedRank    *int       `json:"published_rank"` // as printed in a bulletin (by growth), beside the computed one
	Sample           bool       `json:"sample"`         // some figure shown is 示例, not official
	Source           string     `json:"source,omitempty"`
	Targets          []TierLine `json:"targets"`
	// Reasons: why a figure is absent or how it was derived, by JSON field name; catalogue keys
	// inside the package, text once rendered by Scorecard.In.
	Reasons map[string]string `json:"reasons,omitempty"`

	// Basis says which figure Value is: official (统计局) or register (台账), the indicator's figure
	// basis or, when that has no figure for Period, the other. When the bureau and a register both
	// have a figure for Period, OfficialValue and RegisterValue are both given; Register names the
	// register (projects | leads | enterprises) whenever it has a figure for Period, and
	// RegisterSample says that figure is 示例 (summed from rows marked 示例) — whether it counts
	// (then Sample is true too) or is shown beside the bureau's.
	Basis          string   `json:"basis,omitempty"`
	OfficialValue  *float64 `json:"official_value,omitempty"`
	RegisterValue  *float64 `json:"register_value,omitempty"`
	Register       string   `json:"register,omitempty"`
	RegisterSample bool     `json:"register_sample,omitempty"`
}

// TierLine is one indicator against one tier of target.
type TierLine struct {
	Tier           string   `json:"tier"`
	TargetValue    *float64 `json:"value"`
	TargetGrowth   *float64 `json:"growth"`
	Completion     *float64 `json:"completion"`
	GapPP          *float64 `json:"gap_pp"`
	GrowthGapPP    *float64 `json:"growth_gap_pp"`
	LevelGap       *float64 `json:"level_gap"` // a level (or a capped stock) against its bound, in the indicator's unit
	TimeProgress   *float64 `json:"time_progress"`
	RequiredGrowth *float64 `json:"required_growth"`
	// RequiredGrowthBound is "min" (up) or "max" (down), null with no required growth;
	// RequiredGrowthFrom the target it comes from ("value" | "growth"); PriceBasis its basis.
	RequiredGrowthBound *string `json:"required_growth_bound"`
	RequiredGrowthFrom  *string `json:"required_growth_from"`
	PriceBasis          *string `json:"price_basis"` // comparable | current
	// Both required growths of a tier with a value and a growth target, each with its basis.
	RequiredGrowthValue       *float64          `json:"required_growth_value"`
	RequiredGrowthValueBasis  *string           `json:"required_growth_value_basis"` // current
	RequiredGrowthGrowth      *float64          `json:"required_growth_growth"`
	RequiredGrowthGrowthBasis *string           `json:"required_growth_growth_basis"` // comparable | current
	ProjectedValue            *float64          `json:"projected_value"`
	Status                    string            `json:"status"`
	Sample                    bool              `json:"sample"`
	Reasons                   map[string]string `json:"reasons,omitempty"`
}

// Build computes the scorecard of region at period (YYYY-MM).
func Build(ctx context.Context, s *store.Store, regionCode, period string) (*Scorecard, error) {
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return nil, domain.E(domain.EINVALID, "err.period.invalid", period)
	}
	region, err := s.Region(ctx, regionCode)
	if err != nil {
		return nil, err
	}
	peers, err := s.Siblings(ctx, region)
	if err != nil {
		return nil, err
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	targets, err := s.Targets(ctx, region.Code, p.Year)
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(peers))
	var others []string
	for i, r := range peers {
		codes[i] = r.Code
		if r.Code != region.Code {
			others = append(others, r.Code)
		}
	}
	// The region's own figures for this year and last; then its peers' only at the periods
	// the region's lines are ranked at.
	obs, both, err := counting(ctx, s, store.ObservationQuery{Regions: []string{region.Code}, Brief: true,
		From: pace.Period{Year: p.Year - 1, Month: 1}.String(), To: p.YearEnd().String()})
	if err != nil {
		return nil, err
	}
	fig := index(obs)
	if len(others) > 0 {
		periods, inds := map[string]bool{}, map[string]bool{}
		for _, o := range obs {
			inds[o.IndicatorCode] = true
		}
		for ind := range inds {
			if at, ok := fig.latest(region.Code, ind, p); ok {
				periods[at.String()], periods[at.LastYear().String()] = true, true
			}
		}
		if len(periods) > 0 {
			peerObs, _, err := counting(ctx, s, store.ObservationQuery{Regions: others, Brief: true,
				Indicators: keys(inds), Periods: keys(periods)})
			if err != nil {
				return nil, err
			}
			for k, v := range index(peerObs) {
				fig[k] = v
			}
		}
	}
	byInd := map[string][]domain.Target{}
	for _, t := range targets {
		byInd[t.IndicatorCode] = append(byInd[t.IndicatorCode], t)
	}
	sc := &Scorecard{Region: RegionRef{region.Code, region.Name}, Period: p.String(),
		TimeProgress: pace.LinearTimeProgress(p.Month), Indicators: []Line{}}
	for _, ind := range inds {
		at, hasObs := fig.latest(region.Code, ind.Code, p)
		if !hasObs && len(byInd[ind.Code]) == 0 && !fig.any(region.Code, ind.Code, p.Year) {
			continue
		}
		l := line(ind, region.Code, at, hasObs, p, fig, codes, byInd[ind.Code])
		if hasObs {
			both.label(&l, region.Code, at.String())
		}
		sc.Indicators = append(sc.Indicators, l)
	}
	return sc, addPublishedRanks(ctx, s, region.Code, sc.Indicators)
}

// addPublishedRanks sets the rank a bulletin printed for each line's own period, where there is one.
func addPublishedRanks(ctx context.Context, s *store.Store, region string, lines []Line) error {
	var periods []string
	for _, l := range lines {
		if l.Period != nil {
			periods = append(periods, *l.Period)
		}
	}
	if len(periods) == 0 {
		return nil
	}
	prs, err := s.PublishedRanks(ctx, store.PublishedRankQuery{Regions: []string{region}, Periods: periods})
	if err != nil {
		return err
	}
	for _, pr := range prs {
		for i := range lines {
			if l := &lines[i]; pr.By == store.RankByGrowth && l.Code == pr.IndicatorCode && l.Period != nil && *l.Period == pr.Period {
				r := pr.Rank
				l.PublishedRank = &r
			}
		}
	}
	return nil
}

func line(ind domain.Indicator, region string, at pace.Period, hasObs bool, p pace.Period, fig figures, peers []string, targets []domain.Target) Line {
	l := Line{Code: ind.Code, Name: ind.Name, NameEN: ind.NameEN, Unit: ind.Unit, Kind: string(ind.Kind), Direction: string(ind.Direction),
		Precision: ind.Precision, TimeProgressMode: string(ind.Mode), Targets: []TierLine{}, Reasons: map[string]string{}}
	if l.Direction == "" {
		l.Direction = string(domain.Up)
	}
	f := pace.Figures{Month: p.Month, Seasonal: ind.Mode == domain.Seasonal, Tolerance: ind.Tolerance,
		GrowthTolerance: ind.GrowthTolerance, GrowthDecimals: pace.DefaultGrowthDecimals, ComparablePrice: ind.ComparablePrice,
		Kind: pace.Kind(ind.Kind), Direction: pace.Direction(l.Direction), Decimals: ind.Precision,
		Money: strings.Contains(ind.Unit, "元")}
	if hasObs {
		// A figure older than the last period it was due by p keeps its own period's arithmetic.
		f.Stale = pace.Stale(at, p, pace.Frequency(ind.Frequency))
		l.Stale = f.Stale
		o := fig.at(region, ind.Code, at)
		ps := at.String()
		l.Period, l.Source, l.Sample = &ps, o.Source, o.Sample
		f.Month, f.Value, f.Growth = at.Month, o.Value, o.Growth
		if b, ok := fig.get(region, ind.Code, at.LastYear()); ok {
			f.BaseYTD, l.Sample = b.Value, l.Sample || b.Sample
		}
		if b, ok := fig.get(region, ind.Code, pace.Period{Year: p.Year - 1, Month: 12}); ok {
			f.BaseYear, l.Sample = b.Value, l.Sample || b.Sample
		}
		rank, n := rankAmong(fig, peers, ind, at, false, region)
		l.Rank, l.Peers = rank, n
	} else {
		l.Reasons["value"] = reasonNoData
	}
	d := pace.Derive(f)
	l.Value, l.Growth, l.GrowthComputed = f.Value, d.Growth, d.GrowthComputed
	l.BaseValue, l.BaseImplied, l.BaseYearValue, l.Change = d.BaseYTD, d.BaseImplied, f.BaseYear, d.Change
	for k, v := range d.Reasons {
		l.Reasons[k] = v
	}
	sort.Slice(targets, func(i, j int) bool { return targets[i].Tier < targets[j].Tier }) // assigned, stretch
	for _, t := range targets {
		r := pace.EvaluateTier(f, d, pace.TierTarget{Value: t.Value, Growth: t.Growth})
		if !hasObs {
			r.Reasons["status"] = reasonNoData
		}
		l.Targets = append(l.Targets, TierLine{Tier: string(t.Tier), TargetValue: t.Value, TargetGrowth: t.Growth,
			Completion: r.Completion, GapPP: r.GapPP, GrowthGapPP: r.GrowthGapPP, LevelGap: r.LevelGap, TimeProgress: r.TimeProgress,
			RequiredGrowth: r.RequiredGrowth, RequiredGrowthBound: str(r.RequiredGrowthBound),
			RequiredGrowthFrom: str(r.RequiredGrowthFrom), PriceBasis: str(r.PriceBasis),
			RequiredGrowthValue: r.RequiredGrowthValue, RequiredGrowthValueBasis: str(r.RequiredValueBasis),
			RequiredGrowthGrowth: r.RequiredGrowthGrowth, RequiredGrowthGrowthBasis: str(r.RequiredGrowthBasis),
			ProjectedValue: r.ProjectedValue, Status: string(r.Status), Sample: t.Sample, Reasons: r.Reasons})
	}
	if len(l.Reasons) == 0 {
		l.Reasons = nil
	}
	return l
}

// reasonNoData is the reason (a catalogue key) a line without a figure up to the period gives.
const reasonNoData = "reason.no_data"

// str is s as a JSON string, or null when empty.
func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
