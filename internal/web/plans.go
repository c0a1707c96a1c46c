package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/plans"
)

// 以月保季: the monthly plan on the indicator page, "this month needs X" on the dashboard, and
// the scenario API the indicator page's field calls.

// GET /api/v1/indicators/{code}/scenario?region=&period=&growth=g
func (s *Server) apiScenario(w http.ResponseWriter, r *http.Request) {
	region, period, err := s.dashWhere(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	raw := strings.TrimSpace(r.URL.Query().Get("growth"))
	g, perr := strconv.ParseFloat(raw, 64)
	if perr != nil {
		s.apiError(w, r, domain.E(domain.EINVALID, "plans.err.growth_text", raw))
		return
	}
	sc, err := s.Plans.Scenario(r.Context(), region, r.PathValue("code"), period, g)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sc.In(apiLang(r)))
}

// planBlock is one tier's plan as the indicator page shows it.
type planBlock struct {
	Tier, Method, Target string
	FromGrowth           bool
	Sample               bool
	Rows                 []planRow
	Quarters             []planQuarter
	Needs                string // 本月需完成 X
	NoCatchUp            string // why there is no catch-up
	Prec                 int
}

type planRow struct {
	Period                   string
	Plan                     float64
	Actual                   *float64
	Class, SecuredText       string // secured | missed | "" (not reported), and as shown
	Shortfall                *float64
	Required, RequiredAmount *float64
}

type planQuarter struct {
	Quarter            int
	Plan               float64
	Actual, Shortfall  *float64
	Class, SecuredText string
}

// planSecured is a secured flag as a row's class and text.
func planSecured(lang string, s *bool) (class, text string) {
	switch {
	case s == nil:
		return "", display.Absent
	case *s:
		return "secured", locale.T(lang, "plans.secured")
	}
	return "missed", locale.T(lang, "plans.not_secured")
}

// planSection is the indicator page's plan and scenario: the tiers' plans, or why there is none;
// for an analyst, the stored versions and the form that saves one.
type planSection struct {
	Blocks      []planBlock
	Reason      string
	ScenarioURL string // the API, without growth=
	Growth      string // the field's first value: the year-to-date growth
	CanEdit     bool
	CSRF        string
	Region      string
	Indicator   string
	Year        int
	Period      string
	Versions    []planVersion
}

type planVersion struct {
	ID                   int64
	Tier, Method, State  string
	Version              int
	Draft, Sample        bool
	Target               string
	CreatedBy, CreatedAt string
}

// planBlocks builds the page's plan section of code in region at period's year.
func (s *Server) planSection(r *http.Request, code, region, period string, growth *float64) *planSection {
	ctx, lang := r.Context(), langOf(r)
	sec := &planSection{Region: region, Indicator: code, Period: period, CSRF: identityOf(r).csrf,
		CanEdit: auth.Can(userOf(r).Role, auth.EditTargets), ScenarioURL: "/api/v1/indicators/" + urlPathEscape(code) + "/scenario?region=" + urlQueryEscape(region) +
			"&period=" + urlQueryEscape(period)}
	if growth != nil {
		sec.Growth = strconv.FormatFloat(pace.RoundTo(*growth, 1), 'f', 1, 64)
	}
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return sec
	}
	sec.Year = p.Year
	if sec.CanEdit {
		vs, err := s.Plans.Versions(ctx, region, code, p.Year)
		if err != nil {
			sec.Reason = planErrorText(lang, err)
			return sec
		}
		for i := len(vs) - 1; i >= 0; i-- {
			v := vs[i]
			sec.Versions = append(sec.Versions, planVersion{ID: v.ID, Tier: dashKey(lang, "tier.", string(v.Tier)),
				Method: locale.T(lang, "plans.method."+v.Method), State: locale.T(lang, "plans.state."+v.State), Version: v.Version,
				Draft: v.State == domain.PlanDraft, Sample: v.Sample, Target: dashNum(v.Target, 2), CreatedBy: v.CreatedBy,
				CreatedAt: v.CreatedAt.Local().Format("2006-01-02 15:04")})
		}
	}
	views, err := s.Plans.Tiers(ctx, region, code, p.Year)
	if err != nil {
		sec.Reason = planErrorText(lang, err)
		return sec
	}
	for _, v := range views {
		sec.Blocks = append(sec.Blocks, planBlockOf(lang, v))
	}
	return sec
}

func planErrorText(lang string, err error) string {
	if status(err) == http.StatusInternalServerError {
		return locale.T(lang, "error.internal")
	}
	return domain.Message(lang, err)
}

func planBlockOf(lang string, v *plans.View) planBlock {
	prec := v.Indicator.Precision
	b := planBlock{Tier: dashKey(lang, "tier.", string(v.Tier)), Method: locale.T(lang, "plans.method."+v.Method),
		Target: display.Value(&v.Target, prec) + " " + dashUnit(lang, v.Indicator.Unit), FromGrowth: v.FromGrowth,
		Sample: v.Sample, Prec: prec}
	for _, q := range v.Quarters {
		pq := planQuarter{Quarter: q.Quarter, Plan: q.Plan, Actual: q.Actual, Shortfall: q.Shortfall}
		pq.Class, pq.SecuredText = planSecured(lang, q.Secured)
		b.Quarters = append(b.Quarters, pq)
	}
	req := map[int]pace.Required{}
	for _, r := range v.CatchUp {
		req[r.Month] = r
	}
	for _, m := range v.Months {
		row := planRow{Period: pace.Period{Year: v.Year, Month: m.Month}.String(), Plan: m.Plan, Actual: m.Actual,
			Shortfall: m.Shortfall}
		row.Class, row.SecuredText = planSecured(lang, m.Secured)
		if r, ok := req[m.Month]; ok {
			c, a := r.Cumulative, r.Amount
			row.Required, row.RequiredAmount = &c, &a
		}
		b.Rows = append(b.Rows, row)
	}
	b.Needs = planNeeds(lang, v)
	if v.CatchUpReason != "" {
		b.NoCatchUp = locale.T(lang, v.CatchUpReason)
	}
	return b
}

// planNeeds is "本月需完成 X" of a view: the next planned month's own required amount (at most,
// for a ceiling), "" when there is no catch-up.
func planNeeds(lang string, v *plans.View) string {
	period, amount, ok := v.NextNeeds()
	if !ok {
		return ""
	}
	p, _ := pace.ParsePeriod(period)
	prec := v.Indicator.Precision
	cum := v.CatchUp[0].Cumulative
	key := "plans.needs"
	if v.Plan.Down {
		key = "plans.needs_at_most"
	}
	return locale.T(lang, key, dashMonth(lang, p.Month), display.Value(&amount, prec), dashUnit(lang, v.Indicator.Unit),
		display.Value(&cum, prec))
}

// dashNeeds is the headline's "this month needs X", one sentence a tier ("" when none).
func (s *Server) dashNeeds(ctx context.Context, lang string, d *dashView) []dashSentence {
	if d.Headline == nil {
		return nil
	}
	views, err := s.Plans.Tiers(ctx, d.Region.Code, d.Headline.Code, d.Year)
	if err != nil {
		return nil
	}
	var out []dashSentence
	for _, v := range views {
		if t := planNeeds(lang, v); t != "" {
			out = append(out, dashSentence{Tier: dashKey(lang, "tier.", string(v.Tier)), Text: t})
		}
	}
	return out
}

// POST /plans: region, indicator, year, tier, method, months or quarters, approve, period (to go
// back to). The plan is checked by the plans workflow and stored as the next version.
func (s *Server) planSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	year, err := plans.Year(f.Get("year"))
	e := plans.PlanEntry{Region: f.Get("region"), Indicator: f.Get("indicator"), Year: year, Tier: domain.Tier(f.Get("tier")),
		Method: f.Get("method"), Source: strings.TrimSpace(f.Get("source")), Approve: f.Get("approve") != "", Sample: f.Get("sample") != ""}
	if err == nil && strings.TrimSpace(f.Get("months")) != "" {
		e.Months, err = plans.ParseMonths(f.Get("months"))
	}
	if err == nil && strings.TrimSpace(f.Get("quarters")) != "" {
		e.Quarters, err = plans.ParseQuarters(f.Get("quarters"))
	}
	if err == nil {
		_, err = s.Plans.SavePlan(r.Context(), actorOf(r), e)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	planBack(w, r, e.Indicator, e.Region, f.Get("period"))
}

// POST /plans/{id}/approve: freezes a draft plan.
func (s *Server) planApprove(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.pageError(w, r, domain.E(domain.ENOTFOUND, "error.notfound"))
		return
	}
	p, err := s.Plans.ApprovePlan(r.Context(), actorOf(r), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	planBack(w, r, p.IndicatorCode, p.RegionCode, r.PostFormValue("period"))
}

func planBack(w http.ResponseWriter, r *http.Request, code, region, period string) {
	q := "region=" + urlQueryEscape(region)
	if _, err := pace.ParsePeriod(period); err == nil {
		q += "&period=" + urlQueryEscape(period)
	}
	http.Redirect(w, r, "/indicators/"+urlPathEscape(code)+"?"+q+"#plan", http.StatusSeeOther)
}

// dashScenario is the headline's scenario field: the same API as the indicator page's.
func dashScenario(d *dashView) *planSection {
	if d.Headline == nil {
		return nil
	}
	sec := &planSection{ScenarioURL: "/api/v1/indicators/" + urlPathEscape(d.Headline.Code) + "/scenario?region=" +
		urlQueryEscape(d.Region.Code) + "&period=" + urlQueryEscape(d.Period)}
	if g := d.Headline.L.Growth; g != nil {
		sec.Growth = strconv.FormatFloat(pace.RoundTo(*g, 1), 'f', 1, 64)
	}
	return sec
}
