package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/goals"
	"pacer/internal/ingest"
)

// Targets: both tiers per indicator for the home region and a year. The rules are domain's
// (Target.Validate) and internal/goals'; this page parses, calls and renders.

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

// targetYear reads the home region and ?year= (or the form's year on a POST); the home year by
// default.
func (s *Server) targetYear(r *http.Request) (string, int, error) {
	at, err := s.homeOf(r)
	if err != nil {
		return "", 0, err
	}
	v, region := r.URL.Query().Get("year"), r.URL.Query().Get("region")
	if r.Method == http.MethodPost {
		v, region = r.PostFormValue("year"), r.PostFormValue("region")
	}
	if region == "" {
		// The home county, or the account's own region when the home lies outside its scope;
		// a prefecture's analyst names a county to set its targets (the workflow checks scope).
		region = at.Region
	}
	year, err := parseYear(r, v, at.Year)
	return region, year, err
}

// parseYear reads a four-digit year; def when v is empty.
func parseYear(r *http.Request, v string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2999 {
		return 0, domain.E(domain.EINVALID, "goaltree.bad_year", v)
	}
	return y, nil
}

// tgView lists every indicator of the sheet with its current targets, the form filled with them.
func tgView(r *http.Request, sh *goals.TargetSheet) *tgPage {
	lang := langOf(r)
	p := &tgPage{Region: sh.Region, Year: sh.Year}
	for _, tier := range goals.Tiers {
		p.Tiers = append(p.Tiers, string(tier))
	}
	for _, ind := range sh.Indicators {
		row := tgRow{Code: ind.Code, Name: indicatorName(lang, ind), Unit: ind.Unit, Fields: map[string]string{},
			Bad: map[string]bool{}, Current: map[string]domain.Target{}}
		for tier, t := range sh.Current[ind.Code] {
			row.Current[string(tier)] = t
		}
		for _, tier := range goals.Tiers {
			t := row.Current[string(tier)]
			row.Fields[string(tier)+".value"], row.Fields[string(tier)+".growth"] = formatFigure(t.Value), formatFigure(t.Growth)
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

// GET /targets[?year=][&format=xlsx]
func (s *Server) targetsPage(w http.ResponseWriter, r *http.Request) {
	region, year, err := s.targetYear(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	sh, err := s.Goals.Targets(r.Context(), region, year)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := tgView(r, sh)
	if wantsXLSX(r) {
		s.writeXLSX(w, r, fmt.Sprintf("targets-%s-%d", p.Region.Code, year), tr(r, "targets.title"), tgRows(r, p))
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

// tgRows is the targets download: the long targets format (one row per indicator and tier),
// with headers `pacer import` reads back in the page's language, so that the file imports
// unchanged.
func tgRows(r *http.Request, p *tgPage) [][]any {
	var head []any
	for _, c := range []string{"region_code", "region_name", "indicator", "indicator_name", "unit", "year", "tier",
		"value", "growth", "source", "sample", "revision"} {
		head = append(head, tr(r, "long.col."+c))
	}
	rows := [][]any{head}
	for _, row := range p.Rows {
		for _, tier := range goals.Tiers {
			t, ok := row.Current[string(tier)]
			if !ok {
				continue
			}
			sample := ""
			if t.Sample {
				sample = tr(r, "long.col.sample_yes")
			}
			rows = append(rows, []any{p.Region.Code, p.Region.Name, row.Code, row.Name, row.Unit, p.Year,
				tr(r, "tier."+string(tier)), t.Value, t.Growth, t.Source, sample, t.Revision})
		}
	}
	return rows
}

// targetForm is the targets form: for each indicator and tier on it, the typed value and growth
// (<code>.<tier>.value, <code>.<tier>.growth) and the indicator's source (<code>.source).
type targetForm struct {
	Entries []goals.TargetEntry
	Typed   map[string]string // "<code>.<tier>.<field>" and "<code>.source" → as typed (trimmed)
	Errs    []tgError         // figures that are not numbers
}

// tgError is a refused field of the targets form, rendered with targets.err.<Rule>.
type tgError struct {
	Indicator string
	Tier      domain.Tier
	Field     string // value | growth
	Rule      string
}

// parseTargetForm reads every indicator and tier the form carries (ingest.ParseNumber for the
// figures), in the order of the form's fields.
func parseTargetForm(r *http.Request) *targetForm {
	r.ParseForm()
	f := &targetForm{Typed: map[string]string{}}
	seen := map[string]bool{}
	var keys []string
	for k := range r.PostForm {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts := strings.Split(k, ".")
		if len(parts) != 3 || (parts[2] != "value" && parts[2] != "growth") {
			continue
		}
		code, tier := parts[0], domain.Tier(parts[1])
		if (tier != domain.Assigned && tier != domain.Stretch) || seen[code+"."+string(tier)] {
			continue
		}
		seen[code+"."+string(tier)] = true
		e := goals.TargetEntry{Indicator: code, Tier: tier, Source: strings.TrimSpace(r.PostFormValue(code + ".source"))}
		f.Typed[code+".source"] = e.Source
		prefix := code + "." + string(tier) + "."
		vs, gs := strings.TrimSpace(r.PostFormValue(prefix+"value")), strings.TrimSpace(r.PostFormValue(prefix+"growth"))
		f.Typed[prefix+"value"], f.Typed[prefix+"growth"] = vs, gs
		var errV, errG error
		e.Value, errV = ingest.ParseNumber(vs)
		e.Growth, errG = ingest.ParseNumber(gs)
		if errV != nil {
			f.Errs = append(f.Errs, tgError{code, tier, "value", "value_number"})
		}
		if errG != nil {
			f.Errs = append(f.Errs, tgError{code, tier, "growth", "growth_number"})
		}
		if errV == nil && errG == nil {
			f.Entries = append(f.Entries, e)
		}
	}
	return f
}

// tgRefusals are the workflow's refusals as the form's errors.
func tgRefusals(err error) ([]tgError, bool) {
	es, ok := err.(goals.TargetErrors)
	if !ok {
		return nil, false
	}
	var out []tgError
	for _, e := range es {
		out = append(out, tgError{e.Indicator, e.Tier, e.Field, strings.TrimPrefix(e.Err.Msg.Key, "goals.target.")})
	}
	return out, true
}

// tgShowErrors fills the page with the form's values and errors, by indicator and tier in the
// page's order.
func tgShowErrors(r *http.Request, p *tgPage, f *targetForm, errs []tgError) {
	index := map[string]int{}
	for i := range p.Rows {
		row := &p.Rows[i]
		index[row.Code] = i
		if src, ok := f.Typed[row.Code+".source"]; ok {
			row.Fields["source"] = src
		}
		for _, tier := range goals.Tiers {
			for _, field := range []string{"value", "growth"} {
				if v, ok := f.Typed[row.Code+"."+string(tier)+"."+field]; ok {
					row.Fields[string(tier)+"."+field] = v
				}
			}
		}
	}
	tierIndex := map[domain.Tier]int{domain.Assigned: 0, domain.Stretch: 1}
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i], errs[j]
		if index[a.Indicator] != index[b.Indicator] {
			return index[a.Indicator] < index[b.Indicator]
		}
		return tierIndex[a.Tier] < tierIndex[b.Tier]
	})
	for _, e := range errs {
		i, ok := index[e.Indicator]
		if !ok {
			continue
		}
		row := &p.Rows[i]
		row.Bad[string(e.Tier)+"."+e.Field] = true
		args := []any{row.Name, tr(r, "tier."+string(e.Tier))}
		if e.Rule != "clear" {
			args = append(args, f.Typed[e.Indicator+"."+string(e.Tier)+"."+e.Field])
		}
		p.Errors = append(p.Errors, tr(r, "targets.err."+e.Rule, args...))
	}
}

// POST /targets: for each indicator and tier, value and growth, and a source. Everything is
// checked before anything is written; the write is one batch (revisions kept, audited).
func (s *Server) targetsSave(w http.ResponseWriter, r *http.Request) {
	region, year, err := s.targetYear(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	f := parseTargetForm(r)
	var sh *goals.TargetSheet
	var saved goals.Saved
	if len(f.Errs) > 0 {
		sh, err = s.Goals.CheckTargets(r.Context(), region, year, f.Entries)
	} else {
		sh, saved, err = s.Goals.SaveTargets(r.Context(), actorOf(r), region, year, f.Entries)
	}
	refused, isRefusal := tgRefusals(err)
	switch {
	case sh == nil || (err != nil && !isRefusal && status(err) == http.StatusInternalServerError):
		s.pageError(w, r, err)
		return
	case err != nil && !isRefusal:
		p := tgView(r, sh)
		tgShowErrors(r, p, f, nil)
		p.Errors = append(p.Errors, displayError(r, err))
		s.render(w, r, status(err), "targets.html", p)
		return
	case len(f.Errs) > 0 || isRefusal:
		p := tgView(r, sh)
		tgShowErrors(r, p, f, append(f.Errs, refused...))
		s.render(w, r, http.StatusBadRequest, "targets.html", p)
		return
	}
	q := url.Values{"region": {region}, "year": {strconv.Itoa(year)}, "new": {strconv.Itoa(saved.New)},
		"revised": {strconv.Itoa(saved.Revised)}, "unchanged": {strconv.Itoa(saved.Unchanged)}}
	http.Redirect(w, r, "/targets?"+q.Encode(), http.StatusSeeOther)
}
