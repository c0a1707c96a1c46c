package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/scorecard"
)

// The goal tree: headline (the focus point at position 0) → focus points → measures → the
// indicators they move (with their current status) and the units that own them. Analysts edit
// it; nothing is deleted, measures are archived.

type gtPage struct {
	Region   domain.Region
	Year     int
	Period   string // the period statuses are shown at
	Headline *gtFocus
	Focus    []gtFocus
	// For the edit forms.
	CanEdit    bool
	Indicators []gtOption
	Units      []gtOption
	Error      string
	Query      string // region=…&year=… for links back to this page
	CSRF       string
}

type gtFocus struct {
	Page     *gtPage
	Labelled bool // the headline's title already says it is the headline
	ID       int64
	Position int
	Title    string
	Measures []gtMeasure
}

type gtMeasure struct {
	ID         int64
	Position   int
	Text       string
	Figure     *float64
	FigureText string // as typed back into the edit form
	FigureUnit string
	Sample     bool
	Indicator  *gtIndicator
	Owners     []gtOption
	OwnerSet   map[string]bool
}

type gtIndicator struct {
	Code, Name, Unit string
	Precision        int
	Period           string
	Value, Growth    *float64
	Tiers            []scorecard.TierLine
	Sample           bool
}

type gtOption struct{ Code, Name string }

// gtWhere reads ?region=&year= (defaults: the home region and the home period's year).
func (s *Server) gtWhere(r *http.Request) (domain.Region, int, error) {
	code := r.URL.Query().Get("region")
	if code == "" {
		code = s.HomeRegion
	}
	region, err := s.Store.Region(r.Context(), code)
	if err != nil {
		return region, 0, err
	}
	year := manageYear(s.HomePeriod)
	if y := r.URL.Query().Get("year"); y != "" {
		if year, err = strconv.Atoi(y); err != nil || year < 1900 || year > 2999 {
			return region, 0, domain.E(domain.EINVALID, "goaltree.bad_year", y)
		}
	}
	return region, year, nil
}

// GET /goaltree[?region=&year=][&format=xlsx]
func (s *Server) goalTreePage(w http.ResponseWriter, r *http.Request) {
	region, year, err := s.gtWhere(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.gtRender(w, r, http.StatusOK, region, year, "")
}

func (s *Server) gtBuild(r *http.Request, region domain.Region, year int) (*gtPage, error) {
	ctx := r.Context()
	lang := langOf(r)
	tree, err := s.Store.GoalTree(ctx, region.Code, year)
	if err != nil {
		return nil, err
	}
	inds, err := s.Store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	units, err := s.Store.Units(ctx, region.Code)
	if err != nil {
		return nil, err
	}
	p := &gtPage{Region: region, Year: year, CanEdit: auth.Can(userOf(r).Role, auth.EditGoalTree),
		Query: url.Values{"region": {region.Code}, "year": {strconv.Itoa(year)}}.Encode(), CSRF: identityOf(r).csrf}
	p.Period = fmt.Sprintf("%d-12", year)
	if hp := s.HomePeriod; len(hp) == 7 && manageYear(hp) == year {
		p.Period = hp
	}
	lines := map[string]scorecard.Line{}
	if sc, err := scorecard.Build(ctx, s.Store, region.Code, p.Period); err == nil {
		for _, l := range sc.Indicators {
			lines[l.Code] = l
		}
	}
	byCode := map[string]domain.Indicator{}
	for _, ind := range inds {
		byCode[ind.Code] = ind
		p.Indicators = append(p.Indicators, gtOption{ind.Code, gtIndicatorName(lang, ind)})
	}
	unitNames := map[string]string{}
	for _, u := range units {
		unitNames[u.Code] = u.Name
		p.Units = append(p.Units, gtOption{u.Code, u.Name})
	}
	for _, fp := range tree {
		f := gtFocus{Page: p, ID: fp.ID, Position: fp.Position, Title: fp.Title}
		for _, m := range fp.Measures {
			gm := gtMeasure{ID: m.ID, Position: m.Position, Text: m.Text, Figure: m.Figure, FigureUnit: m.FigureUnit,
				Sample: m.Sample, OwnerSet: map[string]bool{}}
			if m.Figure != nil {
				gm.FigureText = strconv.FormatFloat(*m.Figure, 'f', -1, 64)
			}
			if ind, ok := byCode[m.IndicatorCode]; ok {
				gi := &gtIndicator{Code: ind.Code, Name: gtIndicatorName(lang, ind), Unit: ind.Unit, Precision: ind.Precision}
				if l, ok := lines[ind.Code]; ok {
					gi.Value, gi.Growth, gi.Tiers, gi.Sample = l.Value, l.Growth, l.Targets, l.Sample
					if l.Period != nil {
						gi.Period = *l.Period
					}
				}
				gm.Indicator = gi
			}
			for _, o := range strings.Split(m.OwnerUnits, ",") {
				if o = strings.TrimSpace(o); o == "" {
					continue
				}
				name := unitNames[o]
				if name == "" {
					if u, err := s.Store.Unit(ctx, o); err == nil {
						name = u.Name
					} else {
						name = o
					}
				}
				gm.Owners = append(gm.Owners, gtOption{o, name})
				gm.OwnerSet[o] = true
			}
			f.Measures = append(f.Measures, gm)
		}
		if fp.Position == 0 && p.Headline == nil {
			h := f
			h.Labelled = strings.HasPrefix(fp.Title, "总目标") || strings.HasPrefix(strings.ToLower(fp.Title), "headline")
			p.Headline = &h
			continue
		}
		p.Focus = append(p.Focus, f)
	}
	return p, nil
}

func (s *Server) gtRender(w http.ResponseWriter, r *http.Request, code int, region domain.Region, year int, msg string) {
	p, err := s.gtBuild(r, region, year)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Error = msg
	if wantsXLSX(r) && code == http.StatusOK {
		s.writeXLSX(w, r, fmt.Sprintf("goaltree-%s-%d", region.Code, year), tr(r, "goaltree.title"), gtRows(r, p))
		return
	}
	s.render(w, r, code, "goaltree.html", p)
}

func gtRows(r *http.Request, p *gtPage) [][]any {
	rows := [][]any{{tr(r, "goaltree.col.focus_no"), tr(r, "goaltree.col.focus"), tr(r, "goaltree.col.measure_no"),
		tr(r, "goaltree.col.measure"), tr(r, "goaltree.col.figure"), tr(r, "goaltree.col.figure_unit"),
		tr(r, "goaltree.col.indicator_code"), tr(r, "goaltree.col.indicator"), tr(r, "goaltree.col.value"),
		tr(r, "goaltree.col.growth"), tr(r, "goaltree.col.status"), tr(r, "goaltree.col.owners"), tr(r, "goaltree.col.sample")}}
	all := p.Focus
	if p.Headline != nil {
		all = append([]gtFocus{*p.Headline}, all...)
	}
	for _, f := range all {
		if len(f.Measures) == 0 {
			rows = append(rows, []any{f.Position, f.Title})
		}
		for _, m := range f.Measures {
			row := []any{f.Position, f.Title, m.Position, m.Text, m.Figure, m.FigureUnit}
			if m.Indicator != nil {
				var st []string
				for _, t := range m.Indicator.Tiers {
					tierKey, statusKey := "tier."+t.Tier, "status."+t.Status
					st = append(st, tr(r, tierKey)+" "+tr(r, statusKey))
				}
				row = append(row, m.Indicator.Code, m.Indicator.Name, m.Indicator.Value, m.Indicator.Growth, strings.Join(st, "；"))
			} else {
				row = append(row, nil, nil, nil, nil, nil)
			}
			var owners []string
			for _, o := range m.Owners {
				owners = append(owners, o.Name)
			}
			sample := ""
			if m.Sample {
				sample = tr(r, "common.sample")
			}
			rows = append(rows, append(row, strings.Join(owners, "、"), sample))
		}
	}
	return rows
}

func gtIndicatorName(lang string, ind domain.Indicator) string {
	if lang == "en" && ind.NameEN != "" {
		return ind.NameEN
	}
	return ind.Name
}

// gtBack redirects to the goal tree of a focus point's region and year, at an anchor.
func gtBack(w http.ResponseWriter, r *http.Request, fp domain.FocusPoint, anchor string) {
	q := url.Values{"region": {fp.RegionCode}, "year": {strconv.Itoa(fp.Year)}}.Encode()
	http.Redirect(w, r, "/goaltree?"+q+anchor, http.StatusSeeOther)
}

// gtFail shows the goal tree of fp's region and year again with a message, or an error page.
func (s *Server) gtFail(w http.ResponseWriter, r *http.Request, fp domain.FocusPoint, err error) {
	code := status(err)
	if code == http.StatusInternalServerError || code == http.StatusNotFound || fp.RegionCode == "" {
		s.pageError(w, r, err)
		return
	}
	region, rerr := s.Store.Region(r.Context(), fp.RegionCode)
	if rerr != nil {
		s.pageError(w, r, err)
		return
	}
	s.gtRender(w, r, code, region, fp.Year, displayError(r, err))
}

// POST /goaltree/focus: region, year, title.
func (s *Server) goalTreeAddFocus(w http.ResponseWriter, r *http.Request) {
	region, err := s.Store.Region(r.Context(), r.PostFormValue("region"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	year, err := strconv.Atoi(r.PostFormValue("year"))
	if err != nil || year < 1900 || year > 2999 {
		s.pageError(w, r, domain.E(domain.EINVALID, "goaltree.bad_year", r.PostFormValue("year")))
		return
	}
	title := strings.TrimSpace(r.PostFormValue("title"))
	fp := domain.FocusPoint{RegionCode: region.Code, Year: year}
	if title == "" {
		s.gtFail(w, r, fp, domain.E(domain.EINVALID, "goaltree.err.title"))
		return
	}
	added, err := s.Store.AddFocusPoint(r.Context(), who(r), region.Code, year, title)
	if err != nil {
		s.gtFail(w, r, fp, err)
		return
	}
	gtBack(w, r, added, fmt.Sprintf("#f%d", added.ID))
}

// gtMeasureForm reads a measure from the form: text, indicator, figure, figure_unit, owner (many).
func gtMeasureForm(r *http.Request) (domain.Measure, error) {
	r.ParseForm()
	m := domain.Measure{Text: strings.TrimSpace(r.PostFormValue("text")), IndicatorCode: strings.TrimSpace(r.PostFormValue("indicator")),
		FigureUnit: strings.TrimSpace(r.PostFormValue("figure_unit"))}
	if m.Text == "" {
		return m, domain.E(domain.EINVALID, "goaltree.err.text")
	}
	fig, err := ingest.ParseNumber(r.PostFormValue("figure"))
	if err != nil {
		return m, domain.E(domain.EINVALID, "goaltree.err.figure", r.PostFormValue("figure"))
	}
	m.Figure = fig
	var owners []string
	for _, o := range r.PostForm["owner"] {
		for _, x := range strings.Split(o, ",") {
			if x = strings.TrimSpace(x); x != "" {
				owners = append(owners, x)
			}
		}
	}
	m.OwnerUnits = strings.Join(owners, ",")
	return m, nil
}

func gtPathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.E(domain.ENOTFOUND, "error.notfound")
	}
	return id, nil
}

// POST /goaltree/measures: focus_id and the measure's fields.
func (s *Server) goalTreeAddMeasure(w http.ResponseWriter, r *http.Request) {
	fid, err := strconv.ParseInt(r.PostFormValue("focus_id"), 10, 64)
	if err != nil {
		s.pageError(w, r, domain.E(domain.ENOTFOUND, "error.notfound"))
		return
	}
	fp, err := s.Store.FocusPoint(r.Context(), fid)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	m, err := gtMeasureForm(r)
	if err != nil {
		s.gtFail(w, r, fp, err)
		return
	}
	added, err := s.Store.AddMeasure(r.Context(), who(r), fid, m)
	if err != nil {
		s.gtFail(w, r, fp, err)
		return
	}
	gtBack(w, r, fp, fmt.Sprintf("#m%d", added.ID))
}

// POST /goaltree/measures/{id}: the measure's new text, indicator, figure and owner units.
func (s *Server) goalTreeEditMeasure(w http.ResponseWriter, r *http.Request) {
	id, err := gtPathID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	old, fp, err := s.Store.Measure(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	m, err := gtMeasureForm(r)
	if err != nil {
		s.gtFail(w, r, fp, err)
		return
	}
	// A figure typed by the analyst is no longer the demo's sample figure.
	m.Sample = old.Sample && gtSameFloat(old.Figure, m.Figure)
	if _, err := s.Store.EditMeasure(r.Context(), who(r), id, m); err != nil {
		s.gtFail(w, r, fp, err)
		return
	}
	gtBack(w, r, fp, fmt.Sprintf("#m%d", id))
}

// POST /goaltree/measures/{id}/archive
func (s *Server) goalTreeArchiveMeasure(w http.ResponseWriter, r *http.Request) {
	id, err := gtPathID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	fp, err := s.Store.ArchiveMeasure(r.Context(), who(r), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	gtBack(w, r, fp, fmt.Sprintf("#f%d", fp.ID))
}

func gtSameFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
