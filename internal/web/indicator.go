package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/scorecard"
)

// The indicator page and its series.

// seriesLabels are the charts' texts in lang.
func seriesLabels(lang string, ind scorecard.SeriesIndicator) map[string]string {
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
	region, period, err := s.dashWhere(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	sr, err := s.Scorecards.Series(r.Context(), r.PathValue("code"), region, period)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, seriesIn(apiLang(r), sr))
}

// seriesIn is a copy of the (shared) series with the chart texts and its reasons (catalogue
// keys) in lang.
func seriesIn(lang string, sr *scorecard.Series) *scorecard.Series {
	out := *sr
	out.Labels = seriesLabels(lang, sr.Indicator)
	if sr.Reasons != nil {
		out.Reasons = make(map[string]string, len(sr.Reasons))
		for field, key := range sr.Reasons {
			out.Reasons[field] = locale.T(lang, key)
		}
	}
	out.MonthLabels = make([]string, len(sr.Months))
	for i := range sr.Months {
		out.MonthLabels[i] = locale.T(lang, "dash.month", dashMonth(lang, i+1))
	}
	return &out
}

type indView struct {
	RegionCode, Period string
	Ind                domain.Indicator
	Name, Unit         string
	Region             scorecard.RegionRef
	Item               *dashItem
	Series             *scorecard.Series
	SeriesURL          string
	Revisions          []domain.Observation
	Rows               []indSeriesRow
	Defs               []indDef
	Plan               *planSection // 以月保季: the plan, catch-up and scenario (plans.go)
	Error              string
	// The indicator's figure basis, whether it was just saved, and the register's figures.
	Basis             domain.FigureBasis
	BasisSaved        bool
	BasisShared       bool // the account may set the basis, which every region shares (deployment-wide)
	RegisterRevisions []indRegRow
	Sum               *domain.RegisterSum
}

// indRegRow is one revision of a register figure, its value as the page's number functions take it.
type indRegRow struct {
	domain.RegisterFigure
	V *float64
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
	ind, err := s.Scorecards.Indicator(ctx, r.PathValue("code"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &indView{Ind: ind, Name: dashPick(lang, ind.Name, ind.NameEN), Unit: dashUnit(lang, ind.Unit), Defs: indDefs(lang, ind),
		RegionCode: r.URL.Query().Get("region"), Period: r.URL.Query().Get("period"), BasisShared: domain.ScopeOf(ctx).Whole()}
	err = func() error {
		region, period, err := s.dashWhere(r)
		if err != nil {
			return err
		}
		v.RegionCode, v.Period = region, period
		iv, err := s.Scorecards.IndicatorView(ctx, ind.Code, region, period)
		if err != nil {
			return err
		}
		v.Region, v.Period, v.Revisions = iv.Region, iv.Period, iv.Revisions
		v.Basis, v.BasisSaved = iv.Basis, r.URL.Query().Get("basis_saved") != ""
		for _, f := range iv.RegisterRevisions {
			val := f.Value
			v.RegisterRevisions = append(v.RegisterRevisions, indRegRow{f, &val})
		}
		query := "region=" + urlQueryEscape(iv.Region.Code) + "&period=" + urlQueryEscape(iv.Period)
		it := dashLineItem(lang, iv.Line, iv.Known, template.URL(query))
		if it.Fig == nil && iv.Sum != nil {
			it.Fig = registerLink(lang, iv.Sum.Register, template.URL(query))
		}
		v.Sum = iv.Sum
		v.Item = &it
		v.Series = seriesIn(lang, iv.Series)
		v.SeriesURL = "/api/v1/indicators/" + urlPathEscape(ind.Code) + "/series?" + query
		v.Plan = s.planSection(r, ind.Code, iv.Region.Code, iv.Period, iv.Line.Growth)
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
		locale.T(lang, "ind.col.recorded_at"), locale.T(lang, "approval.col.approved_by"), locale.T(lang, "approval.col.approved_at"),
		locale.T(lang, "ind.col.batch")}}
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
		approvedAt := ""
		if o.ApprovedAt != nil {
			approvedAt = o.ApprovedAt.Local().Format("2006-01-02 15:04:05")
		}
		rows = append(rows, []any{o.Period, o.Revision, xnum(o.Value, v.Ind.Precision), xnum(o.Growth, 1), cur, o.Source,
			o.Note, sample, o.RecordedBy, o.RecordedAt.Local().Format("2006-01-02 15:04:05"), o.ApprovedBy, approvedAt, batch})
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
