package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/scorecard"
	"pacer/internal/store"
)

// The indicator page and its series.

// series is what the indicator page's charts read (GET /api/v1/indicators/{code}/series).
// Arrays indexed by month hold January … December of Year; null where there is no figure.
type series struct {
	Indicator   seriesIndicator     `json:"indicator"`
	Region      scorecard.RegionRef `json:"region"`
	Period      string              `json:"period"` // the month asked for: this year's figures stop there
	Year        int                 `json:"year"`
	Months      []string            `json:"months"`       // YYYY-MM
	MonthLabels []string            `json:"month_labels"` // "1月", "Jan"
	Cumulative  seriesCumulative    `json:"cumulative"`
	Monthly     seriesMonthly       `json:"monthly"`
	// TimeProgress is 时序进度 at the end of each month (linear m/12, or last year's cumulative
	// share when the indicator is seasonal and last year is known).
	TimeProgress []*float64        `json:"time_progress"`
	Targets      []seriesTarget    `json:"targets"`
	Ranking      *seriesRanking    `json:"ranking"`      // peers at the latest month with a figure
	RankHistory  []seriesRankPoint `json:"rank_history"` // the region's rank each month
	Sample       bool              `json:"sample"`       // some figure here is 示例
	Labels       map[string]string `json:"labels"`       // chart texts in the request's language
	Reasons      map[string]string `json:"reasons,omitempty"`
}

type seriesIndicator struct {
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

type seriesCumulative struct {
	Value          []*float64 `json:"value"`
	Growth         []*float64 `json:"growth"`
	GrowthComputed []bool     `json:"growth_computed"` // from values (nominal), not published
	LastYearValue  []*float64 `json:"last_year_value"`
	LastYearGrowth []*float64 `json:"last_year_growth"`
	Sample         []bool     `json:"sample"`
}

// seriesMonthly holds single-month values (当月值, pace.MonthlyValues); Months says how many
// months a value covers (2 for a 1–2月 figure, more when months are missing between figures).
type seriesMonthly struct {
	Value          []*float64 `json:"value"`
	Months         []int      `json:"months"`
	LastYearValue  []*float64 `json:"last_year_value"`
	LastYearMonths []int      `json:"last_year_months"`
}

// seriesTarget is one tier of target; Path is the cumulative value on pace for it at the end
// of each month (target × time progress).
type seriesTarget struct {
	Tier   string     `json:"tier"`
	Value  *float64   `json:"value"`
	Growth *float64   `json:"growth"`
	Path   []*float64 `json:"path"`
	Sample bool       `json:"sample"`
}

type seriesRanking struct {
	Period string      `json:"period"`
	By     string      `json:"by"`    // growth
	Peers  int         `json:"peers"` // regions ranked against each other, with or without a figure
	Ranked int         `json:"ranked"`
	Rows   []seriesRow `json:"rows"` // ranked regions, best first
}

type seriesRow struct {
	Code   string   `json:"code"`
	Name   string   `json:"name"`
	Value  *float64 `json:"value"`
	Growth *float64 `json:"growth"`
	Rank   int      `json:"rank"`
	Sample bool     `json:"sample"`
	Self   bool     `json:"self"`
}

type seriesRankPoint struct {
	Period string `json:"period"`
	Rank   *int   `json:"rank"`
	Ranked int    `json:"ranked"`
}

// buildSeries gathers the series of ind in region for period's year, up to period.
func (s *Server) buildSeries(ctx context.Context, lang string, ind domain.Indicator, regionCode, period string) (*series, error) {
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return nil, domain.E(domain.EINVALID, "err.period.invalid", period)
	}
	region, err := s.Store.Region(ctx, regionCode)
	if err != nil {
		return nil, err
	}
	peers, err := s.Store.Siblings(ctx, region)
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(peers))
	for i, r := range peers {
		codes[i] = r.Code
	}
	obs, err := s.Store.Observations(ctx, store.ObservationQuery{Regions: codes, Indicators: []string{ind.Code},
		From: pace.Period{Year: p.Year - 1, Month: 1}.String(), To: p.YearEnd().String()})
	if err != nil {
		return nil, err
	}
	fig := scorecard.NewFigures(obs)
	get := func(region string, q pace.Period) (domain.Observation, bool) { return fig.Get(region, ind.Code, q) }
	growthAt := func(region string, q pace.Period) (*float64, bool) { return fig.Growth(region, ind, q) }

	sr := &series{
		Indicator: seriesIndicator{Code: ind.Code, Name: ind.Name, NameEN: ind.NameEN, Unit: ind.Unit, Kind: string(ind.Kind),
			Direction: string(ind.Direction), Precision: ind.Precision, TimeProgressMode: string(ind.Mode), ComparablePrice: ind.ComparablePrice},
		Region: scorecard.RegionRef{Code: region.Code, Name: region.Name}, Period: p.String(), Year: p.Year,
		Targets: []seriesTarget{}, RankHistory: []seriesRankPoint{}, Labels: seriesLabels(lang, ind),
	}
	mk := func() []*float64 { return make([]*float64, 12) }
	c := seriesCumulative{Value: mk(), Growth: mk(), GrowthComputed: make([]bool, 12), LastYearValue: mk(), LastYearGrowth: mk(), Sample: make([]bool, 12)}
	var cur, last []pace.Point
	for m := 1; m <= 12; m++ {
		q := pace.Period{Year: p.Year, Month: m}
		sr.Months = append(sr.Months, q.String())
		sr.MonthLabels = append(sr.MonthLabels, locale.T(lang, "dash.month", dashMonth(lang, m)))
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
	sr.Monthly = seriesMonthly{Value: mk(), Months: make([]int, 12), LastYearValue: mk(), LastYearMonths: make([]int, 12)}
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
		tp := pace.LinearTimeProgress(m)
		if ind.Mode == domain.Seasonal {
			b := c.LastYearValue[m-1]
			if b == nil || baseYear == nil {
				sr.Reasons = map[string]string{"time_progress": "以月保季需要上年各月累计值和全年值；缺少时按月份线性推算"}
			} else if v, err := pace.SeasonalTimeProgress(*b, *baseYear); err == nil {
				tp = v
			}
		}
		sr.TimeProgress[m-1] = &tp
	}

	targets, err := s.Store.Targets(ctx, region.Code, p.Year)
	if err != nil {
		return nil, err
	}
	for _, t := range targets {
		if t.IndicatorCode != ind.Code {
			continue
		}
		st := seriesTarget{Tier: string(t.Tier), Value: t.Value, Growth: t.Growth, Path: mk(), Sample: t.Sample}
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
	rankAt := func(q pace.Period) ([]int, []*float64, int) { return fig.Ranks(codes, ind, q, false) }
	latest := pace.Period{}
	for m := 1; m <= p.Month; m++ {
		q := pace.Period{Year: p.Year, Month: m}
		ranks, _, n := rankAt(q)
		if n == 0 {
			continue
		}
		pt := seriesRankPoint{Period: q.String(), Ranked: n}
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
		rk := &seriesRanking{Period: latest.String(), By: "growth", Peers: len(codes), Ranked: n, Rows: []seriesRow{}}
		for i, pr := range peers {
			if ranks[i] == 0 {
				continue
			}
			o, _ := get(pr.Code, latest)
			rk.Rows = append(rk.Rows, seriesRow{Code: pr.Code, Name: pr.Name, Value: o.Value, Growth: vals[i], Rank: ranks[i],
				Sample: o.Sample, Self: pr.Code == region.Code})
		}
		sortRows(rk.Rows)
		sr.Ranking = rk
	}
	return sr, nil
}

func sortRows(rows []seriesRow) {
	for i := 1; i < len(rows); i++ { // insertion sort: stable, few rows
		for j := i; j > 0 && rows[j].Rank < rows[j-1].Rank; j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}

// seriesLabels are the charts' texts in lang.
func seriesLabels(lang string, ind domain.Indicator) map[string]string {
	out := map[string]string{"unit": dashUnit(lang, ind.Unit), "name": dashPick(lang, ind.Name, ind.NameEN)}
	for _, k := range []string{"value", "growth", "last_year_value", "last_year_growth", "monthly", "monthly_last_year",
		"target_path", "target_growth", "rank", "rank_title", "ranking_title", "trend_title", "monthly_title",
		"percent", "no_data", "sample", "months_covered"} {
		out[k] = dashKey(lang, "dash.chart.", k)
	}
	for _, t := range []domain.Tier{domain.Assigned, domain.Stretch} {
		out["tier."+string(t)] = dashKey(lang, "tier.", string(t))
	}
	return out
}

// GET /api/v1/indicators/{code}/series?region=&period=
func (s *Server) apiSeries(w http.ResponseWriter, r *http.Request) {
	ind, err := s.Store.Indicator(r.Context(), r.PathValue("code"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	region, period, err := s.dashWhere(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	sr, err := s.buildSeries(r.Context(), langOf(r), ind, region, period)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sr)
}

type indView struct {
	RegionCode, Period string
	Ind                domain.Indicator
	Name, Unit         string
	Region             scorecard.RegionRef
	Item               *dashItem
	Series             *series
	SeriesURL          string
	Revisions          []domain.Observation
	Rows               []indSeriesRow
	Defs               []indDef
	Error              string
}

type indDef struct{ Term, Desc string }

// indDefs says how the indicator's figures are defined and judged.
func indDefs(lang string, ind domain.Indicator) []indDef {
	mode := locale.T(lang, "ind.def.mode_linear")
	if ind.Mode == domain.Seasonal {
		mode = locale.T(lang, "ind.def.mode_seasonal")
	}
	dir := locale.T(lang, "ind.def.direction_up")
	if ind.Direction == domain.Down {
		dir = locale.T(lang, "ind.def.direction_down")
	}
	price := locale.T(lang, "ind.def.price_nominal")
	if ind.ComparablePrice {
		price = locale.T(lang, "ind.def.price_comparable")
	}
	defs := []indDef{
		{locale.T(lang, "ind.def.code"), ind.Code},
		{locale.T(lang, "ind.def.kind"), dashKey(lang, "ind.kind.", string(ind.Kind))},
		{locale.T(lang, "ind.def.unit"), dashUnit(lang, ind.Unit)},
		{locale.T(lang, "ind.def.precision"), locale.T(lang, "ind.def.precision_text", ind.Precision, pace.DefaultGrowthDecimals)},
		{locale.T(lang, "ind.def.direction"), dir},
		{locale.T(lang, "ind.def.mode"), mode},
		{locale.T(lang, "ind.def.tolerance"), locale.T(lang, "ind.def.tolerance_text", dashNum(ind.Tolerance, 2), dashNum(ind.GrowthTolerance, 2))},
		{locale.T(lang, "ind.def.price"), price},
		{locale.T(lang, "ind.def.required"), locale.T(lang, "ind.def.required_text")},
		{locale.T(lang, "ind.def.rank"), locale.T(lang, "ind.def.rank_text")},
	}
	if ind.OwnerUnit != "" {
		defs = append(defs, indDef{locale.T(lang, "ind.def.owner"), ind.OwnerUnit})
	}
	return defs
}

// indSeriesRow is one month of the series table under the charts (and in its download).
type indSeriesRow struct {
	Period                                   string
	Value, Growth, Monthly, LastYear, LastYG *float64
	Months                                   int
	Sample                                   bool
}

// GET /indicators/{code}?region=&period=
func (s *Server) indicatorPage(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	ctx := r.Context()
	ind, err := s.Store.Indicator(ctx, r.PathValue("code"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &indView{Ind: ind, Name: dashPick(lang, ind.Name, ind.NameEN), Unit: dashUnit(lang, ind.Unit), Defs: indDefs(lang, ind),
		RegionCode: r.URL.Query().Get("region"), Period: r.URL.Query().Get("period")}
	err = func() error {
		region, period, err := s.dashWhere(r)
		if err != nil {
			return err
		}
		v.RegionCode, v.Period = region, period
		sc, err := scorecard.Build(ctx, s.Store, region, period)
		if err != nil {
			return err
		}
		v.Region, v.Period = sc.Region, sc.Period
		query := "region=" + urlQueryEscape(sc.Region.Code) + "&period=" + urlQueryEscape(sc.Period)
		for _, l := range sc.Indicators {
			if l.Code == ind.Code {
				it := dashLineItem(lang, l, true, query)
				v.Item = &it
			}
		}
		if v.Item == nil {
			it := dashLineItem(lang, scorecard.Line{Code: ind.Code, Name: ind.Name, NameEN: ind.NameEN, Unit: ind.Unit,
				Kind: string(ind.Kind), Precision: ind.Precision, TimeProgressMode: string(ind.Mode)}, false, query)
			v.Item = &it
		}
		if v.Series, err = s.buildSeries(ctx, lang, ind, sc.Region.Code, sc.Period); err != nil {
			return err
		}
		v.SeriesURL = "/api/v1/indicators/" + urlPathEscape(ind.Code) + "/series?" + query
		sr := v.Series
		for m := 0; m < 12; m++ {
			row := indSeriesRow{Period: sr.Months[m], Value: sr.Cumulative.Value[m], Growth: sr.Cumulative.Growth[m],
				Monthly: sr.Monthly.Value[m], Months: sr.Monthly.Months[m], LastYear: sr.Cumulative.LastYearValue[m],
				LastYG: sr.Cumulative.LastYearGrowth[m], Sample: sr.Cumulative.Sample[m]}
			if row.Value == nil && row.Growth == nil && row.LastYear == nil && row.LastYG == nil {
				continue
			}
			v.Rows = append(v.Rows, row)
		}
		revs, err := s.Store.Observations(ctx, store.ObservationQuery{Regions: []string{sc.Region.Code},
			Indicators: []string{ind.Code}, AllRevisions: true})
		if err != nil {
			return err
		}
		for i := len(revs) - 1; i >= 0; i-- { // newest period first, newest revision first
			v.Revisions = append(v.Revisions, revs[i])
		}
		return nil
	}()
	if err != nil {
		if wantsXLSX(r) {
			s.pageError(w, r, err)
			return
		}
		v.Error = displayError(r, err)
		s.render(w, r, status(err), "indicator.html", v)
		return
	}
	if wantsXLSX(r) {
		if !auth.Can(userOf(r).Role, auth.ExportData) {
			s.renderError(w, r, http.StatusForbidden, tr(r, "error.forbidden"))
			return
		}
		if r.URL.Query().Get("table") == "series" {
			s.writeXLSX(w, r, fmt.Sprintf("%s-%s-%s", v.Region.Name, v.Name, v.Period), v.Name, indSeriesSheet(lang, v))
			return
		}
		s.writeXLSX(w, r, fmt.Sprintf("%s-%s-%s", v.Region.Name, v.Name, locale.T(lang, "ind.revisions")),
			locale.T(lang, "ind.revisions"), indRevisionSheet(lang, v))
		return
	}
	s.render(w, r, http.StatusOK, "indicator.html", v)
}

func urlPathEscape(s string) string { return strings.ReplaceAll(urlQueryEscape(s), "+", "%20") }

func xnum(p *float64, prec int) any {
	if p == nil || math.IsNaN(*p) || math.IsInf(*p, 0) {
		return nil
	}
	return pace.RoundTo(*p, prec)
}

func indRevisionSheet(lang string, v *indView) [][]any {
	rows := [][]any{{locale.T(lang, "ind.col.period"), locale.T(lang, "ind.col.revision"), locale.T(lang, "ind.col.value"),
		locale.T(lang, "ind.col.growth"), locale.T(lang, "ind.col.current"), locale.T(lang, "ind.col.source"),
		locale.T(lang, "ind.col.note"), locale.T(lang, "ind.col.sample"), locale.T(lang, "ind.col.recorded_by"),
		locale.T(lang, "ind.col.recorded_at"), locale.T(lang, "ind.col.batch")}}
	for _, o := range v.Revisions {
		cur, sample := "", ""
		if o.Current {
			cur = locale.T(lang, "ind.current")
		}
		if o.Sample {
			sample = locale.T(lang, "common.sample")
		}
		var batch any
		if o.BatchID != 0 {
			batch = o.BatchID
		}
		rows = append(rows, []any{o.Period, o.Revision, xnum(o.Value, v.Ind.Precision), xnum(o.Growth, 1), cur, o.Source,
			o.Note, sample, o.RecordedBy, o.RecordedAt.Local().Format("2006-01-02 15:04:05"), batch})
	}
	return rows
}

func indSeriesSheet(lang string, v *indView) [][]any {
	rows := [][]any{{locale.T(lang, "ind.col.period"), locale.T(lang, "ind.col.value"), locale.T(lang, "ind.col.growth"),
		locale.T(lang, "ind.col.monthly"), locale.T(lang, "ind.col.months"), locale.T(lang, "ind.col.last_year"),
		locale.T(lang, "ind.col.last_year_growth"), locale.T(lang, "ind.col.sample")}}
	for _, r := range v.Rows {
		sample := ""
		if r.Sample {
			sample = locale.T(lang, "common.sample")
		}
		var months any
		if r.Months > 0 {
			months = r.Months
		}
		rows = append(rows, []any{r.Period, xnum(r.Value, v.Ind.Precision), xnum(r.Growth, 1), xnum(r.Monthly, v.Ind.Precision),
			months, xnum(r.LastYear, v.Ind.Precision), xnum(r.LastYG, 1), sample})
	}
	return rows
}
