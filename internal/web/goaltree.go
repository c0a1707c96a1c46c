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

// The goal tree: headline (domain.Headline) → focus points → measures → the indicators they move
// (with their current status) and the units that own them. Analysts edit it; nothing is deleted,
// measures are archived. The rules are domain's and internal/goals'; these handlers parse, call
// and render.

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
	AsOf             string // 截至X月 when the figure is stale: its tiers' status reads so, in grey
}

type gtOption struct{ Code, Name string }

// gtWhere reads ?region=&year= (defaults: the home region and its current year).
func (s *Server) gtWhere(r *http.Request) (string, int, error) {
	code, y := r.URL.Query().Get("region"), r.URL.Query().Get("year")
	if code != "" && y != "" {
		year, err := parseYear(r, y, 0)
		return code, year, err
	}
	at, err := s.homeOf(r)
	if err != nil {
		return "", 0, err
	}
	if code == "" {
		code = at.Region
	}
	year, err := parseYear(r, y, at.Year)
	return code, year, err
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

// gtBuild reads the goal tree and the statuses of the indicators it names (through the
// scorecard cache) and arranges them for reading.
func (s *Server) gtBuild(r *http.Request, region string, year int) (*gtPage, error) {
	ctx := r.Context()
	lang := langOf(r)
	tree, err := s.Goals.Tree(ctx, region, year)
	if err != nil {
		return nil, err
	}
	p := &gtPage{Region: tree.Region, Year: year, CanEdit: auth.Can(userOf(r).Role, auth.EditGoalTree),
		Query: url.Values{"region": {tree.Region.Code}, "year": {strconv.Itoa(year)}}.Encode(), CSRF: identityOf(r).csrf}
	// 截至: the server's home period when one was given for this year (pacer serve --period),
	// else the latest period of the year the region has a figure for (December when none).
	if p.Period = s.homePeriodOf(year); p.Period == "" {
		if p.Period, err = s.latest(r, tree.Region.Code, year); err != nil {
			return nil, err
		}
	}
	if p.Period == "" {
		p.Period = fmt.Sprintf("%d-12", year)
	}
	sc, err := s.Scorecards.Scorecard(ctx, tree.Region.Code, p.Period)
	if err != nil {
		return nil, err
	}
	lines := map[string]scorecard.Line{}
	for _, l := range sc.Indicators {
		lines[l.Code] = l
	}
	byCode := map[string]domain.Indicator{}
	for _, ind := range tree.Indicators {
		byCode[ind.Code] = ind
		p.Indicators = append(p.Indicators, gtOption{ind.Code, indicatorName(lang, ind)})
	}
	for _, u := range tree.Units {
		p.Units = append(p.Units, gtOption{u.Code, u.Name})
	}
	focus := func(fp domain.FocusPoint) gtFocus {
		f := gtFocus{Page: p, ID: fp.ID, Position: fp.Position, Title: fp.Title, Labelled: fp.SaysHeadline()}
		for _, m := range fp.Measures {
			gm := gtMeasure{ID: m.ID, Position: m.Position, Text: m.Text, Figure: m.Figure, FigureUnit: m.FigureUnit,
				Sample: m.Sample, OwnerSet: map[string]bool{}, FigureText: formatFigure(m.Figure)}
			if ind, ok := byCode[m.IndicatorCode]; ok {
				gi := &gtIndicator{Code: ind.Code, Name: indicatorName(lang, ind), Unit: ind.Unit, Precision: ind.Precision}
				if l, ok := lines[ind.Code]; ok {
					gi.Value, gi.Growth, gi.Tiers, gi.Sample, gi.AsOf = l.Value, l.Growth, l.Targets, l.Sample, dashAsOf(lang, l)
					if l.Period != nil {
						gi.Period = *l.Period
					}
				}
				gm.Indicator = gi
			}
			for _, o := range m.Owners() {
				gm.Owners = append(gm.Owners, gtOption{o, tree.UnitNames[o]})
				gm.OwnerSet[o] = true
			}
			f.Measures = append(f.Measures, gm)
		}
		return f
	}
	if tree.Headline != nil {
		h := focus(*tree.Headline)
		p.Headline = &h
	}
	for _, fp := range tree.Focus {
		p.Focus = append(p.Focus, focus(fp))
	}
	return p, nil
}

func (s *Server) gtRender(w http.ResponseWriter, r *http.Request, code int, region string, year int, msg string) {
	p, err := s.gtBuild(r, region, year)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Error = msg
	if wantsXLSX(r) && code == http.StatusOK {
		s.writeXLSX(w, r, fmt.Sprintf("goaltree-%s-%d", p.Region.Code, year), tr(r, "goaltree.title"), gtRows(r, p))
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
					st = append(st, tr(r, "tier."+t.Tier)+" "+dashStatusText(langOf(r), t.Status, m.Indicator.AsOf))
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
	s.gtRender(w, r, code, fp.RegionCode, fp.Year, displayError(r, err))
}

// POST /goaltree/focus: region, year, title.
func (s *Server) goalTreeAddFocus(w http.ResponseWriter, r *http.Request) {
	region := r.PostFormValue("region")
	year, err := strconv.Atoi(r.PostFormValue("year"))
	if err != nil || year < 1900 || year > 2999 {
		s.pageError(w, r, domain.E(domain.EINVALID, "goaltree.bad_year", r.PostFormValue("year")))
		return
	}
	added, err := s.Goals.AddFocus(r.Context(), actorOf(r), region, year, strings.TrimSpace(r.PostFormValue("title")))
	if err != nil {
		s.gtFail(w, r, added, err)
		return
	}
	gtBack(w, r, added, fmt.Sprintf("#f%d", added.ID))
}

// measureForm is a measure as the goal tree's forms send it: text, indicator, figure,
// figure_unit and owner (many, or comma-separated).
type measureForm struct {
	Measure    domain.Measure
	FigureText string
}

// parseMeasureForm reads a measure; the figure must be a number or blank.
func parseMeasureForm(r *http.Request) (measureForm, error) {
	r.ParseForm()
	f := measureForm{FigureText: r.PostFormValue("figure")}
	f.Measure = domain.Measure{Text: r.PostFormValue("text"), IndicatorCode: r.PostFormValue("indicator"),
		FigureUnit: r.PostFormValue("figure_unit"), OwnerUnits: strings.Join(r.PostForm["owner"], ",")}
	fig, err := ingest.ParseNumber(f.FigureText)
	if err != nil {
		return f, domain.E(domain.EINVALID, "goaltree.err.figure", f.FigureText)
	}
	f.Measure.Figure = fig
	return f, nil
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
	f, err := parseMeasureForm(r)
	if err != nil {
		fp, ferr := s.Goals.FocusPoint(r.Context(), fid)
		if ferr != nil {
			err = ferr
		}
		s.gtFail(w, r, fp, err)
		return
	}
	added, fp, err := s.Goals.AddMeasure(r.Context(), actorOf(r), fid, f.Measure)
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
	f, err := parseMeasureForm(r)
	if err != nil {
		fp, ferr := s.Goals.MeasureFocus(r.Context(), id)
		if ferr != nil {
			err = ferr
		}
		s.gtFail(w, r, fp, err)
		return
	}
	fp, err := s.Goals.EditMeasure(r.Context(), actorOf(r), id, f.Measure)
	if err != nil {
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
	fp, err := s.Goals.ArchiveMeasure(r.Context(), actorOf(r), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	gtBack(w, r, fp, fmt.Sprintf("#f%d", fp.ID))
}
