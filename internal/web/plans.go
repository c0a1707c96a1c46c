package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

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

// planSection is the indicator page's plan and scenario: the tiers' plans, or why there is none.
type planSection struct {
	Blocks      []planBlock
	Reason      string
	ScenarioURL string // the API, without growth=
	Growth      string // the field's first value: the year-to-date growth
}

// planBlocks builds the page's plan section of code in region at period's year.
func (s *Server) planSection(ctx context.Context, lang, code, region, period string, growth *float64) *planSection {
	sec := &planSection{ScenarioURL: "/api/v1/indicators/" + urlPathEscape(code) + "/scenario?region=" + urlQueryEscape(region) +
		"&period=" + urlQueryEscape(period)}
	if growth != nil {
		sec.Growth = strconv.FormatFloat(pace.RoundTo(*growth, 1), 'f', 1, 64)
	}
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return sec
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
