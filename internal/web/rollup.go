package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/scorecard"
)

// The roll-up (GET /rollup, GET /api/v1/rollup): a prefecture's counties — or a province's
// prefectures or counties — side by side. Package scorecard computes it (Scorecards.Rollup); this
// file arranges it for reading in the page's language and as a spreadsheet.

// rollupWhere reads ?region= (the parent), ?period= and ?counties=1. Without a region the roll-up
// is the home county's parent's; without a period, the home period (homeOf).
func (s *Server) rollupWhere(r *http.Request) (scorecard.RollupQuery, error) {
	q := r.URL.Query()
	rq := scorecard.RollupQuery{Parent: strings.TrimSpace(q.Get("region")), Period: strings.TrimSpace(q.Get("period")),
		Counties: q.Get("counties") == "1" || q.Get("counties") == "true"}
	if rq.Parent != "" && rq.Period != "" {
		return rq, nil
	}
	at, err := s.homeOf(r)
	if err != nil {
		return rq, err
	}
	if rq.Parent == "" {
		rq.Home = at.Region
	}
	if rq.Period == "" {
		rq.Period = at.Period
	}
	if rq.Period == "" {
		return rq, domain.E(domain.EINVALID, "setup.no_data", at.Name, at.Year)
	}
	return rq, nil
}

// GET /rollup — the table of children × indicators, the parent beside the sum of its children,
// and who has not submitted or approved the period; ?format=xlsx downloads all three.
func (s *Server) rollupPage(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	q := r.URL.Query()
	v := &rollupView{Region: q.Get("region"), Period: q.Get("period"), Counties: q.Get("counties") == "1"}
	code := http.StatusOK
	rq, err := s.rollupWhere(r)
	var ru *scorecard.Rollup
	if err == nil {
		ru, err = s.Scorecards.Rollup(r.Context(), rq)
	}
	if err != nil {
		if wantsXLSX(r) {
			s.pageError(w, r, err)
			return
		}
		code, v.Error = status(err), displayError(r, err)
		if e := (*domain.Error)(nil); errors.As(err, &e) && e.Msg.Key == "rollup.err.no_children" {
			code = http.StatusOK // a county with no towns yet: an empty state the nav leads to, not a bad request
		}
	}
	if ru != nil {
		rollupArrange(lang, ru, v)
		if wantsXLSX(r) {
			if !auth.Can(userOf(r).Role, auth.ExportData) {
				s.renderError(w, r, http.StatusForbidden, tr(r, "error.forbidden"))
				return
			}
			title := locale.T(lang, "rollup.sheet")
			s.writeXLSX(w, r, fmt.Sprintf("%s-%s-%s", ru.Parent.Name, ru.Period, title), title, rollupRows(lang, v))
			return
		}
	}
	s.render(w, r, code, "rollup.html", v)
}

// GET /api/v1/rollup?region=&period=&counties=
func (s *Server) apiRollup(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("region") == "" || q.Get("period") == "" {
		s.apiError(w, r, domain.E(domain.EINVALID, "err.param.region_period"))
		return
	}
	rq, err := s.rollupWhere(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	lang := apiLang(r)
	body, err := cached(s, r.Context(), "rollup.json\x00"+lang+"\x00"+rq.Parent+"\x00"+rq.Period+"\x00"+strconv.FormatBool(rq.Counties), func() ([]byte, error) {
		ru, err := s.Scorecards.Rollup(r.Context(), rq)
		if err != nil {
			return nil, err
		}
		return encodeJSON(ru.In(lang)) // reasons are catalogue keys until rendered
	})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body)
}

// rollupView is the page: the form, then the three sections.
type rollupView struct {
	Region, Period string // as asked
	Counties       bool
	Error          string

	R        *scorecard.Rollup
	Province bool // the parent is a province: its counties may be asked for instead of its prefectures
	Heading  string
	Query    template.URL // region=…&period=…[&counties=1] of this roll-up
	Cols     []rollupCol
	Rows     []rollupRow
	Wholes   []rollupWholeRow
	Round    []rollupRoundRow
	Sample   bool
}

// rollupCol is one indicator of the table: its columns are value, growth, rank and one per tier
// some child has a target of.
type rollupCol struct {
	Code, Name, Unit string
	At               string // the period compared, "2024年1-6月"
	Assigned         bool
	Stretch          bool
	Span             int // columns under the indicator's heading
}

type rollupRow struct {
	Code, Name string
	Query      template.URL // region=…&period=… of the child's scorecard
	Cells      []rollupCellView
}

// rollupCellView is one child's figures on one indicator, as shown; each Sort is the number a
// column sorts by ("" sorts last).
type rollupCellView struct {
	Missing             bool   // no figure this year up to the period: 未报
	AsOf                string // 截至X月 when the figure is older than the one compared
	Value, Growth, Rank string
	ValueSort           string
	GrowthSort          string
	RankSort            string
	GrowthNote          string // how a growth not published was computed
	Sample              bool
	Assigned, Stretch   *rollupTierView // nil when the column is not shown
}

// rollupTierView is a child against one tier: completion (or the gap to a growth target, or a
// level's gap), coloured by status.
type rollupTierView struct {
	Text, Status, Title, Sort string
}

// rollupWholeRow is an additive indicator: the parent's own figure beside the sum of children.
type rollupWholeRow struct {
	Code, Name, Unit, At                          string
	Value, Growth, Sum, SumGrowth, Diff, GrowDiff string
	Reported                                      string // "2/3"
	Notes                                         []string
	Sample                                        bool
}

type rollupRoundRow struct {
	Code, Name, PeriodState               string
	Assignments, Done, Submitted, Missing int
	Owed                                  []string // "甲县商务局 · 外贸进出口总额（未审）"
}

// rollupArrange fills v from ru in lang.
func rollupArrange(lang string, ru *scorecard.Rollup, v *rollupView) {
	v.R, v.Province = ru, ru.ParentLevel == string(domain.LevelProvince)
	v.Region, v.Period, v.Counties = ru.Parent.Code, ru.Period, ru.Counties
	query := "region=" + urlQueryEscape(ru.Parent.Code) + "&period=" + urlQueryEscape(ru.Period)
	if ru.Counties {
		query += "&counties=1"
	}
	v.Query = template.URL(query)
	v.Heading = locale.T(lang, "rollup.heading", ru.Parent.Name, ru.Parent.Code, dashYTD(lang, ru.Period))
	for _, l := range ru.Indicators {
		c := rollupCol{Code: l.Code, Name: dashPick(lang, l.Name, l.NameEN), Unit: dashUnit(lang, l.Unit), Span: 3}
		if l.Period != nil {
			c.At = dashYTD(lang, *l.Period)
		}
		for _, cell := range l.Cells {
			for _, t := range cell.Targets {
				c.Assigned = c.Assigned || t.Tier == string(domain.Assigned)
				c.Stretch = c.Stretch || t.Tier == string(domain.Stretch)
			}
		}
		if c.Assigned {
			c.Span++
		}
		if c.Stretch {
			c.Span++
		}
		v.Cols = append(v.Cols, c)
	}
	for i, child := range ru.Children {
		row := rollupRow{Code: child.Code, Name: child.Name,
			Query: template.URL("region=" + urlQueryEscape(child.Code) + "&period=" + urlQueryEscape(ru.Period))}
		for k, l := range ru.Indicators {
			cell := rollupCell(lang, l, l.Cells[i], v.Cols[k])
			v.Sample = v.Sample || cell.Sample
			row.Cells = append(row.Cells, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	for _, l := range ru.Indicators {
		if l.Whole == nil {
			continue
		}
		v.Wholes = append(v.Wholes, rollupWhole(lang, l))
		v.Sample = v.Sample || l.Whole.Sample
	}
	for _, r := range ru.Round {
		row := rollupRoundRow{Code: r.Region.Code, Name: r.Region.Name, PeriodState: locale.T(lang, "rollup.period_state."+rollupPeriodState(r.PeriodState)),
			Assignments: r.Assignments, Done: r.Done, Submitted: r.Submitted, Missing: r.Missing}
		for _, o := range r.Owed {
			unit := o.UnitName
			if o.Region != r.Region.Code {
				unit = locale.T(lang, "rollup.round.unit_in", o.UnitName, o.RegionName)
			}
			row.Owed = append(row.Owed, locale.T(lang, "rollup.round.item", unit, dashPick(lang, o.IndicatorName, o.IndicatorNameEN), locale.T(lang, "rollup.round.state."+o.State)))
		}
		v.Round = append(v.Round, row)
	}
}

func rollupPeriodState(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// rollupCell is one child's figures on indicator l, as shown.
func rollupCell(lang string, l scorecard.RollupLine, c scorecard.RollupCell, col rollupCol) rollupCellView {
	cv := rollupCellView{Missing: c.Period == nil, Sample: c.Sample, Rank: display.Absent}
	if cv.Missing {
		cv.Value, cv.Growth = locale.T(lang, "rollup.missing"), display.Absent
	} else {
		cv.Value, cv.Growth = display.Value(c.Value, l.Precision), display.Growth(c.Growth)
		cv.ValueSort, cv.GrowthSort = sortKey(c.Value), sortKey(c.Growth)
		if p, err := pace.ParsePeriod(*c.Period); err == nil && (c.Stale || l.Period == nil || *c.Period != *l.Period) {
			cv.AsOf = locale.T(lang, "display.as_of", dashMonth(lang, p.Month))
		}
		if c.GrowthComputed {
			cv.GrowthNote = locale.T(lang, "reason.growth_computed")
		}
	}
	if c.Rank != nil {
		cv.Rank = strconv.Itoa(*c.Rank)
		cv.RankSort = cv.Rank
	}
	line := scorecard.Line{Unit: l.Unit, Precision: l.Precision, Kind: l.Kind, Direction: l.Direction}
	for _, t := range c.Targets {
		tv := rollupTier(lang, line, t, cv.AsOf)
		switch {
		case t.Tier == string(domain.Assigned) && col.Assigned:
			cv.Assigned = &tv
		case t.Tier == string(domain.Stretch) && col.Stretch:
			cv.Stretch = &tv
		}
		cv.Sample = cv.Sample || t.Sample
	}
	none := rollupTierView{Text: display.Absent, Status: string(pace.StatusNone), Title: locale.T(lang, "dash.no_target")}
	if col.Assigned && cv.Assigned == nil {
		cv.Assigned = &none
	}
	if col.Stretch && cv.Stretch == nil {
		cv.Stretch = &none
	}
	return cv
}

// rollupTier is a child against one tier: its completion, else its gap to the growth target (个百分点),
// else a level's gap in its unit; coloured by its status, the target and status on hover.
func rollupTier(lang string, l scorecard.Line, t scorecard.RollupTier, asOf string) rollupTierView {
	tl := scorecard.TierLine{Tier: t.Tier, TargetValue: t.TargetValue, TargetGrowth: t.TargetGrowth}
	st := dashStatus(t.Status)
	tv := rollupTierView{Text: display.Absent, Status: st}
	switch {
	case t.Completion != nil:
		tv.Text, tv.Sort = display.Percent(t.Completion)+"%", sortKey(t.Completion)
	case t.GrowthGapPP != nil:
		tv.Text, tv.Sort = dashInUnit(lang, t.GrowthGapPP, 1, "%"), sortKey(t.GrowthGapPP)
	case t.LevelGap != nil:
		tv.Text, tv.Sort = dashInUnit(lang, t.LevelGap, l.Precision, l.Unit), sortKey(t.LevelGap)
	}
	tv.Title = locale.T(lang, "rollup.tier.title", locale.T(lang, "tier."+t.Tier), dashTargetText(lang, tl, l), dashStatusText(lang, st, asOf))
	return tv
}

// rollupWhole is an additive indicator's parent-against-sum row.
func rollupWhole(lang string, l scorecard.RollupLine) rollupWholeRow {
	w := l.Whole
	row := rollupWholeRow{Code: l.Code, Name: dashPick(lang, l.Name, l.NameEN), Unit: dashUnit(lang, l.Unit),
		Value: display.Value(w.Value, l.Precision), Growth: display.Growth(w.Growth),
		Sum: display.Value(w.Sum, l.Precision), SumGrowth: display.Growth(w.SumGrowth),
		Diff: display.Signed(w.Difference, l.Precision), GrowDiff: dashInUnit(lang, w.GrowthDiffPP, 1, "%"),
		Reported: fmt.Sprintf("%d/%d", w.Reported, w.Children), Sample: w.Sample}
	if row.GrowDiff == "" {
		row.GrowDiff = display.Absent
	}
	if l.Period != nil {
		row.At = dashYTD(lang, *l.Period)
	}
	seen := map[string]bool{}
	for _, field := range []string{"value", "sum_value", "sum_growth"} {
		if k := w.Reasons[field]; k != "" && !seen[k] {
			seen[k] = true
			text := locale.T(lang, k)
			if field == "value" {
				text = locale.T(lang, "rollup.whole.parent_none")
			}
			row.Notes = append(row.Notes, text)
		}
	}
	if w.GrowthComputed {
		row.Notes = append(row.Notes, locale.T(lang, "rollup.whole.parent_growth_computed"))
	}
	return row
}

// sortKey is a number as the table sorts it, "" when absent.
func sortKey(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// rollupRows is the roll-up as a spreadsheet: the table (one row per child, its columns as on the
// page), then the parent against the sum, then the round, each under its title.
func rollupRows(lang string, v *rollupView) [][]any {
	ru := v.R
	num := func(p *float64, prec int) any {
		if p == nil {
			return nil
		}
		return pace.RoundTo(*p, prec)
	}
	rows := [][]any{{v.Heading}}
	head := []any{locale.T(lang, "rollup.col.region"), locale.T(lang, "rollup.col.code")}
	for _, c := range v.Cols {
		name := c.Name + "（" + c.Unit + "）"
		head = append(head, name+" "+locale.T(lang, "dash.col.value"), name+" "+locale.T(lang, "dash.col.growth")+"%",
			name+" "+locale.T(lang, "dash.col.rank"))
		if c.Assigned {
			head = append(head, name+" "+locale.T(lang, "tier.assigned"), name+" "+locale.T(lang, "tier.assigned")+locale.T(lang, "dash.col.status"))
		}
		if c.Stretch {
			head = append(head, name+" "+locale.T(lang, "tier.stretch"), name+" "+locale.T(lang, "tier.stretch")+locale.T(lang, "dash.col.status"))
		}
	}
	rows = append(rows, head)
	for i, child := range ru.Children {
		row := []any{child.Name, child.Code}
		for k, l := range ru.Indicators {
			cell, cv, col := l.Cells[i], v.Rows[i].Cells[k], v.Cols[k]
			var value any = num(cell.Value, l.Precision)
			if cv.Missing {
				value = cv.Value
			}
			var rank any
			if cell.Rank != nil {
				rank = *cell.Rank
			}
			row = append(row, value, num(cell.Growth, 1), rank)
			for _, tier := range []struct {
				show bool
				tv   *rollupTierView
			}{{col.Assigned, cv.Assigned}, {col.Stretch, cv.Stretch}} {
				if tier.show {
					row = append(row, tier.tv.Text, dashStatusText(lang, tier.tv.Status, cv.AsOf))
				}
			}
		}
		rows = append(rows, row)
	}
	rows = append(rows, nil, []any{locale.T(lang, "rollup.whole.title")}, []any{
		locale.T(lang, "dash.col.indicator"), locale.T(lang, "dash.col.unit"), locale.T(lang, "dash.col.period"),
		locale.T(lang, "rollup.whole.col.value", ru.Parent.Name), locale.T(lang, "rollup.whole.col.growth", ru.Parent.Name),
		locale.T(lang, "rollup.whole.col.sum"), locale.T(lang, "rollup.whole.col.sum_growth"),
		locale.T(lang, "rollup.whole.col.diff"), locale.T(lang, "rollup.whole.col.growth_diff"),
		locale.T(lang, "rollup.whole.col.reported"), locale.T(lang, "dash.col.note")})
	k := 0
	for _, l := range ru.Indicators {
		w := l.Whole
		if w == nil {
			continue
		}
		wr := v.Wholes[k]
		k++
		rows = append(rows, []any{wr.Name, wr.Unit, wr.At, num(w.Value, l.Precision), num(w.Growth, 1), num(w.Sum, l.Precision),
			num(w.SumGrowth, 1), num(w.Difference, l.Precision), num(w.GrowthDiffPP, 1), wr.Reported,
			strings.Join(wr.Notes, locale.T(lang, "display.list_sep"))})
	}
	rows = append(rows, nil, []any{locale.T(lang, "rollup.round.title")}, []any{
		locale.T(lang, "rollup.col.region"), locale.T(lang, "rollup.round.col.period_state"), locale.T(lang, "rollup.round.col.assignments"),
		locale.T(lang, "rollup.round.col.done"), locale.T(lang, "rollup.round.col.submitted"), locale.T(lang, "rollup.round.col.missing"),
		locale.T(lang, "rollup.round.col.owed")})
	for _, r := range v.Round {
		rows = append(rows, []any{r.Name, r.PeriodState, r.Assignments, r.Done, r.Submitted, r.Missing,
			strings.Join(r.Owed, locale.T(lang, "display.list_sep"))})
	}
	if v.Sample {
		rows = append(rows, nil, []any{locale.T(lang, "dash.sample_note")})
	}
	return rows
}
