package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/store"
)

// Targets: both tiers per indicator for the home region and a year.

var tgTiers = []domain.Tier{domain.Assigned, domain.Stretch}

type tgPage struct {
	Region  domain.Region
	Year    int
	Rows    []tgRow
	Errors  []string
	Saved   string // counts of the last save
	Changed bool
	Tiers   []string
}

type tgRow struct {
	Code, Name, Unit string
	Fields           map[string]string // "<tier>.value", "<tier>.growth", "source"
	Bad              map[string]bool
	Current          map[string]domain.Target // by tier
}

func (s *Server) tgRegion(r *http.Request) (domain.Region, int, error) {
	if s.HomeRegion == "" {
		return domain.Region{}, 0, domain.E(domain.EINVALID, "targets.no_region")
	}
	region, err := s.Store.Region(r.Context(), s.HomeRegion)
	if err != nil {
		return region, 0, err
	}
	year := manageYear(s.HomePeriod)
	v := r.URL.Query().Get("year")
	if r.Method == http.MethodPost {
		v = r.PostFormValue("year")
	}
	if v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 2999 {
			return region, 0, domain.E(domain.EINVALID, "goaltree.bad_year", v)
		}
		year = y
	}
	return region, year, nil
}

func tgFigure(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// tgBuild lists every indicator with its current targets, the form filled with them.
func (s *Server) tgBuild(r *http.Request, region domain.Region, year int) (*tgPage, map[string]domain.Indicator, error) {
	inds, err := s.Store.Indicators(r.Context())
	if err != nil {
		return nil, nil, err
	}
	targets, err := s.Store.Targets(r.Context(), region.Code, year)
	if err != nil {
		return nil, nil, err
	}
	cur := map[string]map[string]domain.Target{}
	for _, t := range targets {
		if cur[t.IndicatorCode] == nil {
			cur[t.IndicatorCode] = map[string]domain.Target{}
		}
		cur[t.IndicatorCode][string(t.Tier)] = t
	}
	lang := langOf(r)
	p := &tgPage{Region: region, Year: year, Tiers: []string{string(domain.Assigned), string(domain.Stretch)}}
	byCode := map[string]domain.Indicator{}
	for _, ind := range inds {
		byCode[ind.Code] = ind
		row := tgRow{Code: ind.Code, Name: gtIndicatorName(lang, ind), Unit: ind.Unit, Fields: map[string]string{},
			Bad: map[string]bool{}, Current: cur[ind.Code]}
		if row.Current == nil {
			row.Current = map[string]domain.Target{}
		}
		for _, tier := range tgTiers {
			t := row.Current[string(tier)]
			row.Fields[string(tier)+".value"], row.Fields[string(tier)+".growth"] = tgFigure(t.Value), tgFigure(t.Growth)
		}
		p.Rows = append(p.Rows, row)
	}
	return p, byCode, nil
}

// GET /targets[?year=][&format=xlsx]
func (s *Server) targetsPage(w http.ResponseWriter, r *http.Request) {
	region, year, err := s.tgRegion(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p, _, err := s.tgBuild(r, region, year)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if wantsXLSX(r) {
		s.writeXLSX(w, r, fmt.Sprintf("targets-%s-%d", region.Code, year), tr(r, "targets.title"), tgRows(r, p))
		return
	}
	q := r.URL.Query()
	if q.Has("new") {
		p.Saved = tr(r, "targets.saved", mgAtoi(q.Get("new")), mgAtoi(q.Get("revised")), mgAtoi(q.Get("unchanged")))
		p.Changed = mgAtoi(q.Get("new"))+mgAtoi(q.Get("revised")) > 0
	}
	s.render(w, r, http.StatusOK, "targets.html", p)
}

func mgAtoi(s string) int { n, _ := strconv.Atoi(s); return n }

func tgRows(r *http.Request, p *tgPage) [][]any {
	head := []any{tr(r, "targets.col.code"), tr(r, "targets.col.indicator"), tr(r, "targets.col.unit")}
	for _, tier := range tgTiers {
		key := "tier." + string(tier)
		name := tr(r, key)
		head = append(head, name+" "+tr(r, "targets.col.value"), name+" "+tr(r, "targets.col.growth"),
			name+" "+tr(r, "targets.col.source"), name+" "+tr(r, "targets.col.revision"))
	}
	rows := [][]any{head}
	for _, row := range p.Rows {
		out := []any{row.Code, row.Name, row.Unit}
		for _, tier := range tgTiers {
			t, ok := row.Current[string(tier)]
			if !ok {
				out = append(out, nil, nil, nil, nil)
				continue
			}
			out = append(out, t.Value, t.Growth, t.Source, t.Revision)
		}
		rows = append(rows, out)
	}
	return rows
}

// POST /targets: for each indicator and tier, value and growth (ParseNumber), and a source.
// Everything is checked before anything is written; the write is one batch (revisions kept,
// audited).
func (s *Server) targetsSave(w http.ResponseWriter, r *http.Request) {
	region, year, err := s.tgRegion(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p, byCode, err := s.tgBuild(r, region, year)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	r.ParseForm()
	var ts []domain.Target
	for i := range p.Rows {
		row := &p.Rows[i]
		ind := byCode[row.Code]
		src := strings.TrimSpace(r.PostFormValue(row.Code + ".source"))
		row.Fields["source"] = src
		for _, tier := range tgTiers {
			tierKey := "tier." + string(tier)
			tierName := tr(r, tierKey)
			vk, gk := row.Code+"."+string(tier)+".value", row.Code+"."+string(tier)+".growth"
			_, hasV := r.PostForm[vk]
			_, hasG := r.PostForm[gk]
			if !hasV && !hasG {
				continue // not on the form that was sent
			}
			vs, gs := strings.TrimSpace(r.PostFormValue(vk)), strings.TrimSpace(r.PostFormValue(gk))
			row.Fields[string(tier)+".value"], row.Fields[string(tier)+".growth"] = vs, gs
			fail := func(field, key string, args ...any) {
				row.Bad[string(tier)+"."+field] = true
				p.Errors = append(p.Errors, tr(r, key, append([]any{row.Name, tierName}, args...)...))
			}
			v, errV := ingest.ParseNumber(vs)
			g, errG := ingest.ParseNumber(gs)
			if errV != nil {
				fail("value", "targets.err.value_number", vs)
			}
			if errG != nil {
				fail("growth", "targets.err.growth_number", gs)
			}
			if errV != nil || errG != nil {
				continue
			}
			_, had := row.Current[string(tier)]
			switch {
			case v == nil && g == nil && had:
				fail("value", "targets.err.clear")
				continue
			case v == nil && g == nil:
				continue
			}
			ok := true
			if v != nil && *v <= 0 {
				fail("value", "targets.err.value_positive", vs)
				ok = false
			}
			if g != nil && *g <= -100 {
				fail("growth", "targets.err.growth_range", gs)
				ok = false
			}
			if ind.Kind == domain.KindRate && v != nil {
				fail("value", "targets.err.rate_value", vs)
				ok = false
			}
			if ok {
				ts = append(ts, domain.Target{RegionCode: region.Code, IndicatorCode: row.Code, Year: year, Tier: tier,
					Value: v, Growth: g, Source: src})
			}
		}
	}
	if len(p.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "targets.html", p)
		return
	}
	res, err := s.Store.ApplyBatch(r.Context(), store.Batch{Actor: manageActor(r), SourceIP: clientIP(r),
		Source: "web /targets", Targets: ts})
	if err != nil {
		if status(err) == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		p.Errors = append(p.Errors, displayError(r, err))
		s.render(w, r, status(err), "targets.html", p)
		return
	}
	q := url.Values{"year": {strconv.Itoa(year)}, "new": {strconv.Itoa(res.Targets.New)},
		"revised": {strconv.Itoa(res.Targets.Revised)}, "unchanged": {strconv.Itoa(res.Targets.Unchanged)}}
	http.Redirect(w, r, "/targets?"+q.Encode(), http.StatusSeeOther)
}
