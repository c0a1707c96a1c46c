package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/plans"
)

// The long-range goals (2025 全国工业百强县, 2026 百强县 entry level, a five-year plan): each
// benchmark threshold, stored as data with its source, against the latest full year — the gap,
// the compound growth needed by the goal year and the year reached at the current growth.
// Analysts add or revise a benchmark (a revision keeps the old one).

type lrPage struct {
	RegionCode string
	LR         *plans.LongRange
	CanEdit    bool
	Form       lrForm
	Error      string
	CSRF       string
	Sample     bool
}

type lrForm struct{ Goal, Name, Indicator, Year, Value, ThresholdGrowth, Source string }

// GET /goals/long-range?region=
func (s *Server) longRangePage(w http.ResponseWriter, r *http.Request) {
	s.lrRender(w, r, http.StatusOK, r.URL.Query().Get("region"), lrForm{}, "")
}

func (s *Server) lrRender(w http.ResponseWriter, r *http.Request, code int, region string, f lrForm, msg string) {
	p := &lrPage{RegionCode: region, Form: f, Error: msg, CSRF: identityOf(r).csrf, CanEdit: auth.Can(userOf(r).Role, auth.EditTargets)}
	if region == "" {
		at, err := s.homeOf(r)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		p.RegionCode = at.Region
	}
	lr, err := s.Plans.LongRange(r.Context(), p.RegionCode)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.LR = lr
	for _, row := range lr.Rows {
		p.Sample = p.Sample || row.Sample
	}
	s.render(w, r, code, "longrange.html", p)
}

// POST /goals/long-range: region and a benchmark's fields; a blank threshold growth is 0.
func (s *Server) longRangeSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := lrForm{Goal: strings.TrimSpace(r.PostFormValue("goal")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Indicator: r.PostFormValue("indicator"), Year: strings.TrimSpace(r.PostFormValue("year")), Value: r.PostFormValue("value"),
		ThresholdGrowth: r.PostFormValue("threshold_growth"), Source: strings.TrimSpace(r.PostFormValue("source"))}
	region := r.PostFormValue("region")
	b := domain.Benchmark{RegionCode: region, Goal: f.Goal, Name: f.Name, IndicatorCode: f.Indicator, Source: f.Source,
		Sample: r.PostFormValue("sample") != ""}
	var err error
	if b.Year, err = strconv.Atoi(f.Year); err != nil {
		err = domain.E(domain.EINVALID, "plans.err.year_text", f.Year)
	}
	if err == nil {
		err = lrNumber(f.Value, &b.Value)
	}
	if err == nil && strings.TrimSpace(f.ThresholdGrowth) != "" {
		err = lrNumber(f.ThresholdGrowth, &b.ThresholdGrowth)
	}
	if err == nil {
		_, err = s.Plans.SaveBenchmark(r.Context(), actorOf(r), b)
	}
	if err != nil {
		if status(err) == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		s.lrRender(w, r, status(err), region, f, displayError(r, err))
		return
	}
	http.Redirect(w, r, "/goals/long-range?"+url.Values{"region": {region}}.Encode(), http.StatusSeeOther)
}

func lrNumber(text string, dst *float64) error {
	v, err := ingest.ParseNumber(text)
	if err != nil || v == nil {
		return domain.E(domain.EINVALID, "plans.err.number", text)
	}
	*dst = *v
	return nil
}
