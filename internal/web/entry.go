package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/locale"
	"pacer/internal/review"
)

// Data entry under review: a reporter enters its own unit's figures for the open periods
// (GET/POST /entry); an analyst approves or returns them (review.go) and opens or locks periods
// (periods.go). Only approved figures become observations, which is all the dashboard reads.
// The rules are internal/review's and domain's; these handlers parse, call and render.

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
type entryFig = review.Figure

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
	Warnings                       []string // about the saved figure, in the reader's language
	Check                          entryCheck
}

// entryCheck is what the entry page's script compares a typed figure with (review.Checks, as
// text for data- attributes; "" when a warning cannot apply).
type entryCheck struct {
	Prev, PrevPeriod, LastYear, PrevSingle, Tolerance, Factor string
}

func entryCheckOf(c review.Checks) entryCheck {
	e := entryCheck{LastYear: formatFigure(c.LastYearValue), PrevSingle: formatFigure(c.PreviousSingle),
		Tolerance: formatFigure(&c.GrowthTolerance), Factor: formatFigure(&c.JumpFactor)}
	if c.Previous != nil {
		e.Prev, e.PrevPeriod = formatFigure(c.Previous.Value), c.Previous.Period
	}
	return e
}

// entryWarnTexts are the warnings of review.Around.Warnings with {name} placeholders for the
// script to fill in, rendered from the same catalogue entries.
type entryWarnTexts struct{ Down, Mismatch, Jump string }

type entryData struct {
	Unit    domain.Unit
	Warn    entryWarnTexts
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

// indicatorName is an indicator's name in lang.
func indicatorName(lang string, ind domain.Indicator) string {
	if lang == "en" && ind.NameEN != "" {
		return ind.NameEN
	}
	return ind.Name
}

func formatFigure(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func entryHistoryOf(lang string, h review.Submitted) entryHistory {
	return entryHistory{Sub: h.Sub, RegionName: h.RegionName, IndicatorName: indicatorName(lang, h.Indicator), Unit: locale.Unit(lang, h.Indicator.Unit),
		Precision: h.Indicator.Precision}
}

// entryView arranges the workflow's entry page for lang.
func entryView(e *review.Entry, lang string) *entryData {
	d := &entryData{Unit: e.Unit, Warn: entryWarnTexts{
		Down:     locale.T(lang, "warn.cumulative_down", "{value}", "{prev}", "{period}"),
		Mismatch: locale.T(lang, "warn.growth_mismatch", "{growth}", "{implied}"),
		Jump:     locale.T(lang, "warn.jump", "{single}", "{factor}", "{prev}"),
	}}
	seen := map[string]int{}
	for _, r := range e.Rows {
		ind := r.Indicator
		row := entryRow{Region: r.Region, RegionName: r.RegionName, Indicator: ind.Code, IndicatorName: indicatorName(lang, ind),
			Unit: locale.Unit(lang, ind.Unit), Precision: ind.Precision, Period: r.Period, LastYear: r.LastYear, Previous: r.Previous,
			Official: r.Official, Sub: r.Sub, Warnings: msgsIn(lang, r.Warnings), Check: entryCheckOf(r.Checks)}
		seen[ind.Code]++
		row.ID = ind.Code
		if seen[ind.Code] > 1 {
			row.ID = ind.Code + "-" + r.Region + "-" + r.Period
		}
		if x := r.Sub; x != nil {
			row.Value, row.Growth, row.Note = formatFigure(x.Value), formatFigure(x.Growth), x.Note
		}
		d.Rows = append(d.Rows, row)
	}
	for _, h := range e.History {
		d.History = append(d.History, entryHistoryOf(lang, h))
	}
	if e.Focus != nil {
		f := entryHistoryOf(lang, *e.Focus)
		d.Focus = &f
	}
	return d
}

// catalogKey joins a key prefix and a name (a state, an outcome).
func catalogKey(prefix, name string) string { return prefix + name }

var entryDone = map[string]bool{"submitted": true, "draft": true, "approved": true, "returned": true, "period": true}

// GET /entry — the reporter's own indicators for the open periods (?format=xlsx downloads them;
// ?id=N shows one of the unit's submissions).
func (s *Server) entryPage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	var at review.EntryAt
	if idText := r.URL.Query().Get("id"); idText != "" {
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil || id <= 0 {
			s.notFound(w, r)
			return
		}
		at.Focus = id
	}
	e, err := s.Review.Entry(r.Context(), u, at)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := entryView(e, langOf(r))
	if !entryFilter(d, u, r.URL.Query()) {
		s.notFound(w, r)
		return
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
	s.writeXLSX(w, r, tr(r, "entry.file", d.Unit.Name), tr(r, "entry.title"), rows)
}

// entryForm is a figure a reporter saves: what it is for, the typed value, growth and note, and
// what is wrong with them (in the reader's language, next to the field).
type entryForm struct {
	in                          review.Entered
	valueText, growthText       string
	valueErr, growthErr, rowErr string
	badID                       bool // an id that is not a submission number
}

func (f *entryForm) failed() bool { return f.valueErr != "" || f.growthErr != "" || f.rowErr != "" }

// parseEntryForm reads region, indicator, period, id, value, growth, note and action=draft, and
// checks the figures (ingest.ParseNumber, then domain's rules for a submission).
func parseEntryForm(r *http.Request) *entryForm {
	f := &entryForm{valueText: r.PostFormValue("value"), growthText: r.PostFormValue("growth")}
	f.in.Region, f.in.Indicator, f.in.Period = strings.TrimSpace(r.PostFormValue("region")), strings.TrimSpace(r.PostFormValue("indicator")),
		strings.TrimSpace(r.PostFormValue("period"))
	f.in.Note, f.in.Draft = r.PostFormValue("note"), r.PostFormValue("action") == "draft"
	if idText := r.PostFormValue("id"); idText != "" {
		id, err := strconv.ParseInt(idText, 10, 64)
		f.in.ID, f.badID = id, err != nil || id <= 0
	}
	valueName, growthName := tr(r, "entry.col.value"), tr(r, "entry.col.growth")
	var err error
	if f.in.Value, err = ingest.ParseNumber(f.valueText); err != nil {
		f.valueErr = tr(r, "entry.bad_number", valueName, strings.TrimSpace(f.valueText))
	}
	if f.in.Growth, err = ingest.ParseNumber(f.growthText); err != nil {
		f.growthErr = tr(r, "entry.bad_number", growthName, strings.TrimSpace(f.growthText))
	}
	f.fieldErrors(r, domain.Submission{Value: f.in.Value, Growth: f.in.Growth, Note: f.in.Note}.Validate())
	return f
}

// fieldErrors places the errors of domain's submission rules next to their fields; a blank row
// is only reported when neither figure was mistyped.
func (f *entryForm) fieldErrors(r *http.Request, err error) {
	for _, fe := range domain.FieldErrors(err) {
		switch {
		case fe.Field == "growth" && f.growthErr == "":
			f.growthErr = tr(r, "entry.growth_range", tr(r, "entry.col.growth"), strings.TrimSpace(f.growthText))
		case fe.Field == "" && fe.Err.Msg.Key == "review.entry.both_blank":
			if f.valueErr == "" && f.growthErr == "" {
				f.rowErr = domain.Message(langOf(r), fe)
			}
		case fe.Field == "":
			f.rowErr = domain.Message(langOf(r), fe)
		}
	}
}

// POST /entry — save the unit's figure for (region, indicator, period) as submitted or draft.
// Anything outside the unit's assignments or open periods is 404; a figure that is not a number
// re-renders the page (400) with the message next to the field.
func (s *Server) entrySave(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	f := parseEntryForm(r)
	if f.badID {
		s.notFound(w, r)
		return
	}
	if !f.failed() {
		_, err := s.Review.Save(r.Context(), actorOf(r), u, f.in)
		if err == nil {
			done := "submitted"
			if f.in.Draft {
				done = "draft"
			}
			http.Redirect(w, r, "/entry?done="+done+"#row-"+url.PathEscape(f.in.Indicator), http.StatusSeeOther)
			return
		}
		if domain.ErrorKind(err) != domain.EINVALID {
			s.pageError(w, r, err)
			return
		}
		f.fieldErrors(r, err)
		if !f.failed() {
			f.rowErr = displayError(r, err)
		}
	}
	e, err := s.Review.Entry(r.Context(), u, review.EntryAt{Key: &f.in.Key, ID: f.in.ID})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := entryView(e, langOf(r))
	for i := range d.Rows {
		row := &d.Rows[i]
		if row.Region == f.in.Region && row.Indicator == f.in.Indicator && row.Period == f.in.Period {
			row.Value, row.Growth, row.Note = f.valueText, f.growthText, f.in.Note
			row.ValueErr, row.GrowthErr, row.RowErr = f.valueErr, f.growthErr, f.rowErr
		}
	}
	var msgs []string
	for _, m := range []string{f.valueErr, f.growthErr, f.rowErr} {
		if m != "" {
			msgs = append(msgs, m)
		}
	}
	d.Error = strings.Join(msgs, "；")
	s.render(w, r, http.StatusBadRequest, "entry.html", d)
}

// actorOf is who makes the request, for the workflows' rules and audit rows.
func actorOf(r *http.Request) domain.Actor {
	u := userOf(r)
	return domain.Actor{Username: u.Username, Role: u.Role, IP: clientIP(r)}
}
