package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// Data entry under review: a reporter enters its own unit's figures for the open periods
// (GET/POST /entry); an analyst approves or returns them and opens or locks periods (/review,
// /periods). Only approved figures become observations, which is all the dashboard reads.

// entryFuncs are the template functions of the entry and review pages.
func entryFuncs(lang string) template.FuncMap {
	return template.FuncMap{
		// stateName translates a submission state (draft, submitted, approved, returned).
		"stateName": func(state string) string { return locale.T(lang, catalogKey("entry.state.", state)) },
		// periodStateName translates a period state (open, locked).
		"periodStateName": func(state string) string { return locale.T(lang, catalogKey("period.state.", state)) },
	}
}

// entryFig is an official figure shown for context.
type entryFig struct {
	Period        string
	Value, Growth *float64
}

// entryRow is one assignment at one open period.
type entryRow struct {
	ID                             string // element-id suffix: the indicator code, made unique when repeated
	Region, RegionName             string
	Indicator, IndicatorName, Unit string
	Precision                      int
	Period                         string
	LastYear, Previous, Official   *entryFig
	Sub                            *domain.Submission
	Value, Growth, Note            string // the form's values
	ValueErr, GrowthErr, RowErr    string
}

type entryData struct {
	Unit    domain.Unit
	Rows    []entryRow
	History []entryHistory
	Focus   *entryHistory
	Flash   string
	Error   string
}

type entryHistory struct {
	Sub           domain.Submission
	RegionName    string
	IndicatorName string
	Unit          string
	Precision     int
}

// entryNames caches names looked up while building a page.
type entryNames struct {
	s       *Server
	ctx     context.Context
	regions map[string]string
	units   map[string]string
	inds    map[string]domain.Indicator
	lang    string
}

func (s *Server) entryNames(ctx context.Context, lang string) (*entryNames, error) {
	n := &entryNames{s: s, ctx: ctx, lang: lang, regions: map[string]string{}, units: map[string]string{}, inds: map[string]domain.Indicator{}}
	inds, err := s.Store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	for _, i := range inds {
		if lang == "en" && i.NameEN != "" {
			i.Name = i.NameEN
		}
		n.inds[i.Code] = i
	}
	return n, nil
}

func (n *entryNames) region(code string) string {
	if name, ok := n.regions[code]; ok {
		return name
	}
	name := code
	if r, err := n.s.Store.Region(n.ctx, code); err == nil {
		name = r.Name
	}
	n.regions[code] = name
	return name
}

func (n *entryNames) unit(code string) string {
	if name, ok := n.units[code]; ok {
		return name
	}
	name := code
	if u, err := n.s.Store.Unit(n.ctx, code); err == nil {
		name = u.Name
	}
	n.units[code] = name
	return name
}

func (n *entryNames) indicator(code string) domain.Indicator {
	if ind, ok := n.inds[code]; ok {
		return ind
	}
	return domain.Indicator{Code: code, Name: code}
}

func formatFigure(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// buildEntry assembles the reporter's page: one row per assignment and open period, with last
// year's same-period figure, this year's previous figure, the official figure and the unit's
// latest submission.
func (s *Server) buildEntry(ctx context.Context, u domain.User, lang string) (*entryData, error) {
	d := &entryData{}
	unit, err := s.Store.Unit(ctx, u.UnitCode)
	if err != nil {
		return nil, err
	}
	d.Unit = unit
	names, err := s.entryNames(ctx, lang)
	if err != nil {
		return nil, err
	}
	as, err := s.Store.Assignments(ctx, u.UnitCode)
	if err != nil {
		return nil, err
	}
	var regions []string
	for _, a := range as {
		regions = append(regions, a.RegionCode)
	}
	open, err := s.Store.EntryPeriods(ctx, regions)
	if err != nil {
		return nil, err
	}
	subs, err := s.Store.Submissions(ctx, store.SubmissionQuery{Unit: u.UnitCode, Latest: true})
	if err != nil {
		return nil, err
	}
	latest := map[[3]string]domain.Submission{}
	for _, x := range subs {
		latest[[3]string{x.RegionCode, x.IndicatorCode, x.Period}] = x
	}
	seen := map[string]int{}
	for _, a := range as {
		ind := names.indicator(a.IndicatorCode)
		for _, period := range open[a.RegionCode] {
			row := entryRow{Region: a.RegionCode, RegionName: names.region(a.RegionCode), Indicator: ind.Code,
				IndicatorName: ind.Name, Unit: ind.Unit, Precision: ind.Precision, Period: period}
			seen[ind.Code]++
			row.ID = ind.Code
			if seen[ind.Code] > 1 {
				row.ID = ind.Code + "-" + a.RegionCode + "-" + period
			}
			if err := s.entryContext(ctx, &row); err != nil {
				return nil, err
			}
			if x, ok := latest[[3]string{a.RegionCode, ind.Code, period}]; ok {
				x := x
				row.Sub = &x
				row.Value, row.Growth, row.Note = formatFigure(x.Value), formatFigure(x.Growth), x.Note
			}
			d.Rows = append(d.Rows, row)
		}
	}
	for i, x := range subs {
		if i == 50 {
			break
		}
		ind := names.indicator(x.IndicatorCode)
		d.History = append(d.History, entryHistory{Sub: x, RegionName: names.region(x.RegionCode), IndicatorName: ind.Name,
			Unit: ind.Unit, Precision: ind.Precision})
	}
	return d, nil
}

// entryContext fills a row's official figures: last year's same period, this year's latest
// before the period, and the period's own current figure.
func (s *Server) entryContext(ctx context.Context, row *entryRow) error {
	p, err := pace.ParsePeriod(row.Period)
	if err != nil {
		return nil
	}
	obs, err := s.Store.Observations(ctx, store.ObservationQuery{Regions: []string{row.Region}, Indicators: []string{row.Indicator},
		From: p.LastYear().String(), To: row.Period})
	if err != nil {
		return err
	}
	yearStart := pace.Period{Year: p.Year, Month: 1}.String()
	for _, o := range obs {
		f := &entryFig{Period: o.Period, Value: o.Value, Growth: o.Growth}
		switch {
		case o.Period == p.LastYear().String():
			row.LastYear = f
		case o.Period == row.Period:
			row.Official = f
		case o.Period >= yearStart && o.Period < row.Period:
			row.Previous = f // ordered by period: the last one wins
		}
	}
	return nil
}

// catalogKey joins a key prefix and a name (a state, an outcome).
func catalogKey(prefix, name string) string { return prefix + name }

var entryDone = map[string]bool{"submitted": true, "draft": true, "approved": true, "returned": true, "period": true}

// GET /entry — the reporter's own indicators for the open periods (?format=xlsx downloads them;
// ?id=N shows one of the unit's submissions).
func (s *Server) entryPage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	d, err := s.buildEntry(r.Context(), u, langOf(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if !entryFilter(d, u, r.URL.Query()) {
		s.notFound(w, r)
		return
	}
	if idText := r.URL.Query().Get("id"); idText != "" {
		x, ok := s.ownSubmission(r.Context(), u, idText)
		if !ok {
			s.notFound(w, r)
			return
		}
		for _, h := range d.History {
			if h.Sub.ID == x.ID {
				h := h
				d.Focus = &h
			}
		}
		if d.Focus == nil {
			names, err := s.entryNames(r.Context(), langOf(r))
			if err != nil {
				s.pageError(w, r, err)
				return
			}
			ind := names.indicator(x.IndicatorCode)
			d.Focus = &entryHistory{Sub: x, RegionName: names.region(x.RegionCode), IndicatorName: ind.Name, Unit: ind.Unit, Precision: ind.Precision}
		}
	}
	if done := r.URL.Query().Get("done"); entryDone[done] {
		d.Flash = tr(r, catalogKey("entry.done.", done))
	}
	if wantsXLSX(r) {
		s.entryXLSX(w, r, d)
		return
	}
	s.render(w, r, http.StatusOK, "entry.html", d)
}

// entryFilter narrows the page to ?unit=, ?region=, ?indicator=, ?period= when given. It reports
// false — shown as 404 — when a filter names anything outside the user's own assignments.
func entryFilter(d *entryData, u domain.User, q url.Values) bool {
	unit, region, indicator, period := q.Get("unit"), q.Get("region"), q.Get("indicator"), q.Get("period")
	if q.Has("unit") && unit != u.UnitCode {
		return false
	}
	if region == "" && indicator == "" && period == "" {
		return true
	}
	var rows []entryRow
	for _, row := range d.Rows {
		if (region == "" || row.Region == region) && (indicator == "" || row.Indicator == indicator) && (period == "" || row.Period == period) {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 && (region != "" || indicator != "") {
		return false
	}
	d.Rows = rows
	return true
}

// ownSubmission returns the submission idText names when it is the user's unit's; any other id
// is as good as unknown.
func (s *Server) ownSubmission(ctx context.Context, u domain.User, idText string) (domain.Submission, bool) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return domain.Submission{}, false
	}
	x, err := s.Store.Submission(ctx, id)
	if err != nil || u.UnitCode == "" || x.UnitCode != u.UnitCode {
		return domain.Submission{}, false
	}
	return x, true
}

func (s *Server) entryXLSX(w http.ResponseWriter, r *http.Request, d *entryData) {
	rows := [][]any{{tr(r, "entry.col.indicator"), tr(r, "entry.col.region"), tr(r, "entry.col.period"), tr(r, "entry.col.unit"),
		tr(r, "entry.col.last_year_value"), tr(r, "entry.col.last_year_growth"), tr(r, "entry.col.previous_period"),
		tr(r, "entry.col.previous_value"), tr(r, "entry.col.previous_growth"), tr(r, "entry.col.value"), tr(r, "entry.col.growth"),
		tr(r, "entry.col.state"), tr(r, "entry.col.reason")}}
	fig := func(f *entryFig) (string, *float64, *float64) {
		if f == nil {
			return "", nil, nil
		}
		return f.Period, f.Value, f.Growth
	}
	for _, row := range d.Rows {
		_, lv, lg := fig(row.LastYear)
		pp, pv, pg := fig(row.Previous)
		var v, g *float64
		state, reason := "", ""
		if row.Sub != nil {
			v, g, state, reason = row.Sub.Value, row.Sub.Growth, tr(r, catalogKey("entry.state.", row.Sub.State)), row.Sub.Reason
		}
		rows = append(rows, []any{row.IndicatorName, row.RegionName, row.Period, row.Unit, lv, lg, pp, pv, pg, v, g, state, reason})
	}
	s.writeXLSX(w, r, "填报-"+d.Unit.Name, tr(r, "entry.title"), rows)
}

// POST /entry — save the unit's figure for (region, indicator, period) as submitted or draft.
// Anything outside the unit's assignments or open periods is 404; a figure that is not a number
// re-renders the page (400) with the message next to the field.
func (s *Server) entrySave(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	ctx := r.Context()
	region, indicator, period := strings.TrimSpace(r.PostFormValue("region")), strings.TrimSpace(r.PostFormValue("indicator")),
		strings.TrimSpace(r.PostFormValue("period"))
	if idText := r.PostFormValue("id"); idText != "" {
		x, ok := s.ownSubmission(ctx, u, idText)
		if !ok || x.RegionCode != region || x.IndicatorCode != indicator || x.Period != period {
			s.notFound(w, r)
			return
		}
	}
	if u.UnitCode == "" {
		s.notFound(w, r)
		return
	}
	if err := s.Store.SubmissionScope(ctx, u.UnitCode, region, indicator, period); err != nil {
		s.pageError(w, r, err)
		return
	}
	valueText, growthText, note := r.PostFormValue("value"), r.PostFormValue("growth"), r.PostFormValue("note")
	valueName, growthName := tr(r, "entry.col.value"), tr(r, "entry.col.growth")
	var valueErr, growthErr, rowErr string
	value, err := ingest.ParseNumber(valueText)
	if err != nil {
		valueErr = tr(r, "entry.bad_number", valueName, strings.TrimSpace(valueText))
	}
	growth, err := ingest.ParseNumber(growthText)
	switch {
	case err != nil:
		growthErr = tr(r, "entry.bad_number", growthName, strings.TrimSpace(growthText))
	case growth != nil && *growth <= -100:
		growthErr = tr(r, "entry.growth_range", growthName, strings.TrimSpace(growthText))
	}
	if valueErr == "" && growthErr == "" && value == nil && growth == nil {
		rowErr = tr(r, "entry.both_blank")
	}
	if len(note) > 500 {
		rowErr = tr(r, "entry.note_long")
	}
	if valueErr == "" && growthErr == "" && rowErr == "" {
		draft := r.PostFormValue("action") == "draft"
		_, err := s.Store.SaveSubmission(ctx, who(r), store.SubmissionInput{Unit: u.UnitCode, Region: region, Indicator: indicator,
			Period: period, Value: value, Growth: growth, Note: note, Draft: draft})
		if err == nil {
			done := "submitted"
			if draft {
				done = "draft"
			}
			http.Redirect(w, r, "/entry?done="+done+"#row-"+url.PathEscape(indicator), http.StatusSeeOther)
			return
		}
		if domain.ErrorKind(err) != domain.EINVALID {
			s.pageError(w, r, err)
			return
		}
		rowErr = displayError(err)
	}
	d, err := s.buildEntry(ctx, u, langOf(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var msgs []string
	for i := range d.Rows {
		row := &d.Rows[i]
		if row.Region == region && row.Indicator == indicator && row.Period == period {
			row.Value, row.Growth, row.Note = valueText, growthText, note
			row.ValueErr, row.GrowthErr, row.RowErr = valueErr, growthErr, rowErr
		}
	}
	for _, m := range []string{valueErr, growthErr, rowErr} {
		if m != "" {
			msgs = append(msgs, m)
		}
	}
	d.Error = strings.Join(msgs, "；")
	s.render(w, r, http.StatusBadRequest, "entry.html", d)
}

// reviewRow is one submission on the review page.
type reviewRow struct {
	Sub                                       domain.Submission
	UnitName, RegionName, IndicatorName, Unit string
	Precision                                 int
	Official                                  *domain.Observation
	Locked, Own                               bool
	Same                                      bool // the submission repeats the official figure
}

type reviewPeriod struct {
	store.PeriodRow
	RegionName string
}

type reviewData struct {
	Rows      []reviewRow
	Periods   []reviewPeriod
	State     string
	Flash     string
	Error     string // why the last approve or return was refused
	Region    string
	NewPeriod string
}

var reviewStates = []string{domain.Submitted, domain.Returned, domain.Approved}

// GET /review — submissions by state (submitted first), each with the official figure it would
// revise; periods with lock/open buttons. ?state= filters; ?format=xlsx downloads the table.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) {
	s.reviewRender(w, r, http.StatusOK, "")
}

// reviewRender renders the review page with code, and with refusal (when not empty) shown above
// the table: an approve or return that was refused comes back to the page it was made from.
func (s *Server) reviewRender(w http.ResponseWriter, r *http.Request, code int, refusal string) {
	ctx := r.Context()
	d := &reviewData{Region: s.HomeRegion, Error: refusal}
	states := reviewStates
	if st := r.URL.Query().Get("state"); st != "" {
		for _, x := range reviewStates {
			if x == st {
				states, d.State = []string{st}, st
			}
		}
	}
	subs, err := s.Store.Submissions(ctx, store.SubmissionQuery{States: states, Latest: true, Limit: 500})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	names, err := s.entryNames(ctx, langOf(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	periods, err := s.Store.Periods(ctx)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	locked := map[[2]string]bool{}
	for _, p := range periods {
		locked[[2]string{p.Region, p.Period}] = p.State == store.PeriodLocked
		d.Periods = append(d.Periods, reviewPeriod{PeriodRow: p, RegionName: names.region(p.Region)})
	}
	var q store.ObservationQuery
	seen := map[*[]string]map[string]bool{}
	add := func(list *[]string, v string) {
		if seen[list] == nil {
			seen[list] = map[string]bool{}
		}
		if !seen[list][v] {
			seen[list][v] = true
			*list = append(*list, v)
		}
	}
	for _, x := range subs {
		add(&q.Regions, x.RegionCode)
		add(&q.Indicators, x.IndicatorCode)
		add(&q.Periods, x.Period)
	}
	official := map[[3]string]domain.Observation{}
	if len(subs) > 0 {
		obs, err := s.Store.Observations(ctx, q)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		for _, o := range obs {
			official[[3]string{o.RegionCode, o.IndicatorCode, o.Period}] = o
		}
	}
	me := userOf(r).Username
	for _, x := range subs {
		ind := names.indicator(x.IndicatorCode)
		row := reviewRow{Sub: x, UnitName: names.unit(x.UnitCode), RegionName: names.region(x.RegionCode), IndicatorName: ind.Name,
			Unit: ind.Unit, Precision: ind.Precision, Own: strings.EqualFold(x.SubmittedBy, me),
			Locked: locked[[2]string{x.RegionCode, x.Period}]}
		if o, ok := official[[3]string{x.RegionCode, x.IndicatorCode, x.Period}]; ok {
			o := o
			row.Official = &o
			row.Same = sameFig(o.Value, x.Value) && sameFig(o.Growth, x.Growth)
		}
		d.Rows = append(d.Rows, row)
	}
	if done := r.URL.Query().Get("done"); entryDone[done] {
		d.Flash = tr(r, catalogKey("entry.done.", done))
	}
	if wantsXLSX(r) {
		rows := [][]any{{tr(r, "review.col.id"), tr(r, "review.col.unit"), tr(r, "entry.col.indicator"), tr(r, "entry.col.region"),
			tr(r, "entry.col.period"), tr(r, "entry.col.unit"), tr(r, "entry.col.value"), tr(r, "entry.col.growth"),
			tr(r, "review.col.official_value"), tr(r, "review.col.official_growth"), tr(r, "entry.col.state"),
			tr(r, "review.col.submitted_by"), tr(r, "review.col.submitted_at"), tr(r, "review.col.reviewed_by"), tr(r, "entry.col.reason")}}
		for _, row := range d.Rows {
			var ov, og *float64
			if row.Official != nil {
				ov, og = row.Official.Value, row.Official.Growth
			}
			rows = append(rows, []any{row.Sub.ID, row.UnitName, row.IndicatorName, row.RegionName, row.Sub.Period, row.Unit,
				row.Sub.Value, row.Sub.Growth, ov, og, tr(r, catalogKey("entry.state.", row.Sub.State)), row.Sub.SubmittedBy,
				row.Sub.SubmittedAt.Format("2006-01-02 15:04"), row.Sub.ReviewedBy, row.Sub.Reason})
		}
		s.writeXLSX(w, r, "审核", tr(r, "review.title"), rows)
		return
	}
	s.render(w, r, code, "review.html", d)
}

func sameFig(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// reviewID reads the {id} of a review route; anything but a positive integer is unknown.
func reviewID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// POST /review/{id}/approve — the figure becomes official (a revision when it changes one).
func (s *Server) reviewApprove(w http.ResponseWriter, r *http.Request) {
	id, ok := reviewID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if _, err := s.Store.ApproveSubmission(r.Context(), who(r), id); err != nil {
		s.reviewRefused(w, r, err)
		return
	}
	http.Redirect(w, r, "/review?done=approved", http.StatusSeeOther)
}

// POST /review/{id}/return — back to the unit with a reason (required).
func (s *Server) reviewReturn(w http.ResponseWriter, r *http.Request) {
	id, ok := reviewID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := s.Store.ReturnSubmission(r.Context(), who(r), id, r.PostFormValue("reason")); err != nil {
		s.reviewRefused(w, r, err)
		return
	}
	http.Redirect(w, r, "/review?done=returned", http.StatusSeeOther)
}

// POST /periods — open or lock a region's period (region, period, state=open|locked).
func (s *Server) periodSet(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	region := strings.TrimSpace(r.PostFormValue("region"))
	periodText := strings.TrimSpace(r.PostFormValue("period"))
	period, ok := ingest.ParsePeriod(periodText, false)
	if !ok {
		s.pageError(w, r, domain.Errorf(domain.EINVALID, "期别「%s」无效：应为 YYYY-MM，如 2023-07", periodText))
		return
	}
	if _, err := s.Store.Region(ctx, region); err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := s.Store.SetPeriod(ctx, who(r), region, period, r.PostFormValue("state")); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/review?done=period#periods", http.StatusSeeOther)
}

// reviewRefused shows a refused approve or return on the review page; an unknown submission is
// 404 and an internal failure the error page.
func (s *Server) reviewRefused(w http.ResponseWriter, r *http.Request, err error) {
	switch code := status(err); code {
	case http.StatusNotFound, http.StatusInternalServerError:
		s.pageError(w, r, err)
	default:
		s.reviewRender(w, r, code, domain.ErrorMessage(err))
	}
}
