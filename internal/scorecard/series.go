package scorecard

import (
	"context"

	"pacer/internal/cache"
	"pacer/internal/domain"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// Series is what the indicator page's charts read (GET /api/v1/indicators/{code}/Series).
// Arrays indexed by month hold January … December of Year; null where there is no figure.
type Series struct {
	Indicator   SeriesIndicator  `json:"indicator"`
	Region      RegionRef        `json:"region"`
	Period      string           `json:"period"` // the month asked for: this year's figures stop there
	Year        int              `json:"year"`
	Months      []string         `json:"months"`       // YYYY-MM
	MonthLabels []string         `json:"month_labels"` // "1月", "Jan" (set by the page)
	Cumulative  SeriesCumulative `json:"cumulative"`
	Monthly     SeriesMonthly    `json:"monthly"`
	// TimeProgress is 时序进度 at the end of each month (linear m/12, or last year's cumulative
	// share when the indicator is seasonal and last year is known).
	TimeProgress []*float64        `json:"time_progress"`
	Targets      []SeriesTarget    `json:"targets"`
	Ranking      *SeriesRanking    `json:"ranking"`      // peers at the latest month with a figure
	RankHistory  []SeriesRankPoint `json:"rank_history"` // the region's rank each month
	Sample       bool              `json:"sample"`       // some figure here is 示例
	Labels       map[string]string `json:"labels"`       // chart texts in the reader's language (set by the page)
	Reasons      map[string]string `json:"reasons,omitempty"`
}

type SeriesIndicator struct {
	Code             string `json:"code"`
	Name             string `json:"name"`
	NameEN           string `json:"name_en"`
	Unit             string `json:"unit"`
	Kind             string `json:"kind"`
	Direction        string `json:"direction"`
	Precision        int    `json:"precision"`
	TimeProgressMode string `json:"time_progress_mode"`
	ComparablePrice  bool   `json:"comparable_price"`
}

type SeriesCumulative struct {
	Value          []*float64 `json:"value"`
	Growth         []*float64 `json:"growth"`
	GrowthComputed []bool     `json:"growth_computed"` // from values (nominal), not published
	LastYearValue  []*float64 `json:"last_year_value"`
	LastYearGrowth []*float64 `json:"last_year_growth"`
	Sample         []bool     `json:"sample"`
}

// SeriesMonthly holds single-month values (当月值, pace.MonthlyValues); Months says how many
// months a value covers (2 for a 1–2月 figure, more when months are missing between figures).
type SeriesMonthly struct {
	Value          []*float64 `json:"value"`
	Months         []int      `json:"months"`
	LastYearValue  []*float64 `json:"last_year_value"`
	LastYearMonths []int      `json:"last_year_months"`
}

// SeriesTarget is one tier of target; Path is the cumulative value on pace for it at the end
// of each month (target × time progress).
type SeriesTarget struct {
	Tier   string     `json:"tier"`
	Value  *float64   `json:"value"`
	Growth *float64   `json:"growth"`
	Path   []*float64 `json:"path"`
	Sample bool       `json:"sample"`
}

type SeriesRanking struct {
	Period string      `json:"period"`
	By     string      `json:"by"`    // growth
	Peers  int         `json:"peers"` // regions ranked against each other, with or without a figure
	Ranked int         `json:"ranked"`
	Rows   []SeriesRow `json:"rows"` // ranked regions, best first
}

type SeriesRow struct {
	Code   string   `json:"code"`
	Name   string   `json:"name"`
	Value  *float64 `json:"value"`
	Growth *float64 `json:"growth"`
	Rank   int      `json:"rank"`
	Sample bool     `json:"sample"`
	Self   bool     `json:"self"`
}

type SeriesRankPoint struct {
	Period string `json:"period"`
	Rank   *int   `json:"rank"`
	Ranked int    `json:"ranked"`
}

// Series gathers the series of indicator code in region for period's year, up to period.
// The result is shared: read only.
// A region outside ctx's scope is ENOTFOUND.
func (s *Service) Series(ctx context.Context, code, regionCode, period string) (*Series, error) {
	if err := domain.InScope(ctx, s.store, regionCode, ""); err != nil {
		return nil, err
	}
	return cache.Get(s.cache, ctx, code+"\x00"+regionCode+"\x00"+period, func() (*Series, error) {
		ind, err := s.store.Indicator(ctx, code)
		if err != nil {
			return nil, err
		}
		return series(ctx, s.store, ind, regionCode, period)
	})
}

// IndicatorView is what the indicator page shows: the indicator, its scorecard line (Known is
// false when the region has no figure or target for it), its series and every revision of its
// figures, newest period and revision first.
type IndicatorView struct {
	Indicator domain.Indicator
	Region    RegionRef
	Period    string
	Line      Line
	Known     bool
	Series    *Series
	Revisions []domain.Observation
	// Basis is the indicator's figure basis (which figure counts when the bureau and a register
	// both have one); RegisterRevisions every revision of the register's figures, newest first.
	Basis             domain.FigureBasis
	RegisterRevisions []domain.RegisterFigure
	Sum               *domain.RegisterSum // the register sum that feeds the indicator, nil for none
}

// IndicatorView gathers the indicator page of code in region at period.
func (s *Service) IndicatorView(ctx context.Context, code, region, period string) (*IndicatorView, error) {
	ind, err := s.store.Indicator(ctx, code)
	if err != nil {
		return nil, err
	}
	sc, err := s.Scorecard(ctx, region, period)
	if err != nil {
		return nil, err
	}
	v := &IndicatorView{Indicator: ind, Region: sc.Region, Period: sc.Period, Line: DefinitionLine(ind)}
	for _, l := range sc.Indicators {
		if l.Code == ind.Code {
			v.Line, v.Known = l, true
		}
	}
	if v.Series, err = s.Series(ctx, ind.Code, sc.Region.Code, sc.Period); err != nil {
		return nil, err
	}
	revs, err := s.store.Observations(ctx, store.ObservationQuery{Regions: []string{sc.Region.Code},
		Indicators: []string{ind.Code}, AllRevisions: true})
	if err != nil {
		return nil, err
	}
	for i := len(revs) - 1; i >= 0; i-- {
		v.Revisions = append(v.Revisions, revs[i])
	}
	regs, err := s.store.RegisterFigures(ctx, store.ObservationQuery{Regions: []string{sc.Region.Code},
		Indicators: []string{ind.Code}, AllRevisions: true})
	if err != nil {
		return nil, err
	}
	for i := len(regs) - 1; i >= 0; i-- {
		v.RegisterRevisions = append(v.RegisterRevisions, regs[i])
	}
	bases, err := s.store.FigureBases(ctx)
	if err != nil {
		return nil, err
	}
	if v.Basis = bases[ind.Code]; v.Basis == "" {
		v.Basis = domain.BasisOfficial
	}
	links, err := s.store.RegisterSumLinks(ctx)
	if err != nil {
		return nil, err
	}
	for _, sum := range domain.RegisterSums(links) {
		if sum.Indicator == ind.Code {
			v.Sum = &sum
		}
	}
	return v, nil
}

func series(ctx context.Context, st *store.Store, ind domain.Indicator, regionCode, period string) (*Series, error) {
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return nil, badPeriod(period)
	}
	region, err := st.Region(ctx, regionCode)
	if err != nil {
		return nil, err
	}
	peers, err := st.Siblings(ctx, region)
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(peers))
	for i, r := range peers {
		codes[i] = r.Code
	}
	obs, _, err := counting(ctx, st, store.ObservationQuery{Regions: codes, Indicators: []string{ind.Code},
		From: pace.Period{Year: p.Year - 1, Month: 1}.String(), To: p.YearEnd().String()})
	if err != nil {
		return nil, err
	}
	fig := index(obs)
	get := func(region string, q pace.Period) (domain.Observation, bool) { return fig.get(region, ind.Code, q) }
	growthAt := func(region string, q pace.Period) (*float64, bool) {
		g := fig.growth(region, ind, q)
		o, _ := fig.get(region, ind.Code, q)
		return g, g != nil && o.Growth == nil
	}

	sr := &Series{
		Indicator: SeriesIndicator{Code: ind.Code, Name: ind.Name, NameEN: ind.NameEN, Unit: ind.Unit, Kind: string(ind.Kind),
			Direction: string(ind.Direction), Precision: ind.Precision, TimeProgressMode: string(ind.Mode), ComparablePrice: ind.ComparablePrice},
		Region: RegionRef{Code: region.Code, Name: region.Name}, Period: p.String(), Year: p.Year,
		Targets: []SeriesTarget{}, RankHistory: []SeriesRankPoint{},
	}
	mk := func() []*float64 { return make([]*float64, 12) }
	c := SeriesCumulative{Value: mk(), Growth: mk(), GrowthComputed: make([]bool, 12), LastYearValue: mk(), LastYearGrowth: mk(), Sample: make([]bool, 12)}
	var cur, last []pace.Point
	for m := 1; m <= 12; m++ {
		q := pace.Period{Year: p.Year, Month: m}
		sr.Months = append(sr.Months, q.String())
		if o, ok := get(region.Code, q.LastYear()); ok {
			c.LastYearValue[m-1] = o.Value
			c.LastYearGrowth[m-1], _ = growthAt(region.Code, q.LastYear())
			sr.Sample = sr.Sample || o.Sample
			if o.Value != nil {
				last = append(last, pace.Point{Period: q.LastYear(), Value: *o.Value})
			}
		}
		if m > p.Month {
			continue
		}
		if o, ok := get(region.Code, q); ok {
			c.Value[m-1] = o.Value
			c.Growth[m-1], c.GrowthComputed[m-1] = growthAt(region.Code, q)
			c.Sample[m-1] = o.Sample
			sr.Sample = sr.Sample || o.Sample
			if o.Value != nil {
				cur = append(cur, pace.Point{Period: q, Value: *o.Value})
			}
		}
	}
	sr.Cumulative = c
	sr.Monthly = SeriesMonthly{Value: mk(), Months: make([]int, 12), LastYearValue: mk(), LastYearMonths: make([]int, 12)}
	for _, mp := range pace.MonthlyValues(cur) {
		v := mp.Value
		sr.Monthly.Value[mp.Period.Month-1], sr.Monthly.Months[mp.Period.Month-1] = &v, mp.Months
	}
	for _, mp := range pace.MonthlyValues(last) {
		v := mp.Value
		sr.Monthly.LastYearValue[mp.Period.Month-1], sr.Monthly.LastYearMonths[mp.Period.Month-1] = &v, mp.Months
	}

	// Time progress, month by month.
	var baseYear *float64
	if o, ok := get(region.Code, pace.Period{Year: p.Year - 1, Month: 12}); ok {
		baseYear = o.Value
	}
	sr.TimeProgress = mk()
	for m := 1; m <= 12; m++ {
		d := pace.Derive(pace.Figures{Month: m, Seasonal: ind.Mode == domain.Seasonal, BaseYTD: c.LastYearValue[m-1], BaseYear: baseYear})
		if d.TimeProgressFallback {
			sr.Reasons = map[string]string{"time_progress": d.Reasons["time_progress"]}
		}
		sr.TimeProgress[m-1] = d.TimeProgress
	}

	targets, err := st.Targets(ctx, region.Code, p.Year)
	if err != nil {
		return nil, err
	}
	for _, t := range targets {
		if t.IndicatorCode != ind.Code {
			continue
		}
		st := SeriesTarget{Tier: string(t.Tier), Value: t.Value, Growth: t.Growth, Path: mk(), Sample: t.Sample}
		if t.Value != nil {
			for m := 0; m < 12; m++ {
				v := *t.Value * *sr.TimeProgress[m] / 100
				st.Path[m] = &v
			}
		}
		sr.Targets = append(sr.Targets, st)
	}

	// Ranks among peers: each month of the year up to period, by growth at its published
	// precision, lower first when the indicator says lower is better.
	rankAt := func(q pace.Period) ([]int, []*float64, int) {
		ranks, vals := ranksOf(fig, codes, ind, q, false)
		n := 0
		for _, r := range ranks {
			if r > 0 {
				n++
			}
		}
		return ranks, vals, n
	}
	latest := pace.Period{}
	for m := 1; m <= p.Month; m++ {
		q := pace.Period{Year: p.Year, Month: m}
		ranks, _, n := rankAt(q)
		if n == 0 {
			continue
		}
		pt := SeriesRankPoint{Period: q.String(), Ranked: n}
		for i, code := range codes {
			if code == region.Code && ranks[i] > 0 {
				r := ranks[i]
				pt.Rank = &r
				latest = q
			}
		}
		sr.RankHistory = append(sr.RankHistory, pt)
	}
	if latest.Valid() {
		ranks, vals, n := rankAt(latest)
		rk := &SeriesRanking{Period: latest.String(), By: "growth", Peers: len(codes), Ranked: n, Rows: []SeriesRow{}}
		for i, pr := range peers {
			if ranks[i] == 0 {
				continue
			}
			o, _ := get(pr.Code, latest)
			rk.Rows = append(rk.Rows, SeriesRow{Code: pr.Code, Name: pr.Name, Value: o.Value, Growth: vals[i], Rank: ranks[i],
				Sample: o.Sample, Self: pr.Code == region.Code})
		}
		sortRows(rk.Rows)
		sr.Ranking = rk
	}
	return sr, nil
}

func sortRows(rows []SeriesRow) {
	for i := 1; i < len(rows); i++ { // insertion sort: stable, few rows
		for j := i; j > 0 && rows[j].Rank < rows[j-1].Rank; j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}
