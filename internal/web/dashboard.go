package web

import (
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"pacer/internal/auth"
	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/scorecard"
)

// The leader's dashboard (GET /dashboard): package scorecard assembles it, this file arranges it
// for reading in the page's language.

// dashFuncs are the template functions of the dashboard, the scorecard and the indicator page.
func dashFuncs(lang string) template.FuncMap {
	return template.FuncMap{
		// dashName picks an indicator's name in the page's language.
		"dashName": func(zh, en string) string { return dashPick(lang, zh, en) },
		// dashUnit translates a unit of measure when the catalog knows it.
		"dashUnit": func(u string) string { return dashUnit(lang, u) },
		// dashUnitAfter is a unit written straight after a number: 12亿元, 12 100m yuan.
		"dashUnitAfter": func(u string) string { return locale.After(lang, u) },
		// dashYTD names a cumulative period: "2023年1-6月", "Jan–Jun 2023".
		"dashYTD": func(p any) string {
			switch v := p.(type) {
			case string:
				return dashYTD(lang, v)
			case *string:
				if v != nil {
					return dashYTD(lang, *v)
				}
			}
			return display.Absent
		},
		// dashNum writes a number without trailing zeros: 500, 1.6.
		"dashNum": func(v *float64) string { return dashNumP(v, 2) },
		// dashRank writes a rank among peers, "2/7", "无同级数据" or "—".
		"dashRank": func(rank *int, peers int) string { return display.Rank(lang, rank, peers) },
		// dashWidth is the CSS class giving a bar its length (static/dashboard.css): w0 … w100.
		"dashWidth": func(p *float64) string { return "w" + strconv.Itoa(dashPct(p)) },
		// dashAt is the CSS class placing the time-progress mark on a bar: at0 … at100.
		"dashAt": func(p *float64) string { return "at" + strconv.Itoa(dashPct(p)) },
		// dashOrdinal numbers the focus points from index 0: "一、", "1.".
		"dashOrdinal": func(i int) string {
			if locale.Match(lang) != "en" && i >= 0 && i < 10 {
				return string([]rune("一二三四五六七八九十")[i]) + "、"
			}
			return strconv.Itoa(i+1) + "."
		},
		// dashTime formats a recording time.
		"dashTime": func(t time.Time) string {
			if t.IsZero() {
				return display.Absent
			}
			return t.Local().Format("2006-01-02 15:04")
		},
	}
}

// ---- where: region and period ----

// dashWhere reads ?region= and ?period=: by default the home region (homeOf) and the latest
// month of the home year in which the region has a figure (so approving a figure of a new month
// moves the dashboard on to it).
func (s *Server) dashWhere(r *http.Request) (region, period string, err error) {
	q := r.URL.Query()
	region, period = strings.TrimSpace(q.Get("region")), strings.TrimSpace(q.Get("period"))
	if region != "" && period != "" {
		return region, period, nil
	}
	at, err := s.homeOf(r)
	if region == "" && err != nil {
		return "", "", err
	}
	if region == "" {
		region = at.Region
	}
	if period == "" {
		if region != at.Region {
			if period, err = s.latest(r, region, at.Year); err != nil {
				return "", "", err
			}
		} else {
			period = at.Period
		}
		if period == "" {
			name := region
			if region == at.Region && at.Name != "" {
				name = at.Name
			}
			return "", "", domain.E(domain.EINVALID, "setup.no_data", name, at.Year)
		}
	}
	return region, period, nil
}

// noData reports whether err says the home county has no figure in its year yet (dashWhere).
func noData(err error) bool {
	var e *domain.Error
	return errors.As(err, &e) && e.Msg.Key == "setup.no_data"
}

// ---- the dashboard ----

type dashView struct {
	RegionCode, Period string // as asked, for the form
	Region             scorecard.RegionRef
	Year               int
	TimeProgress       float64
	HeadlineTitle      string
	Headline           *dashItem
	Sentences          []dashSentence
	HeadlineRest       *dashFocus // the headline's other measures
	Focus              []dashFocus
	Others             []dashItem
	Sample             bool
	Error              string
	// Needs is 本月需完成: the headline's catch-up, a sentence a tier (plans.go).
	Needs []dashSentence
	// Scenario is the headline's "if the rest of the year grows g%" field (plans.go).
	Scenario *planSection
}

// dashItem is one indicator as the dashboard shows it.
type dashItem struct {
	Code, Name, Unit string
	L                scorecard.Line
	Known            bool   // has a scorecard line at this period
	Measure          string // the goal-tree measure that links it
	MeasureSample    bool
	Status           string // the assigned tier's status, else the stretch tier's, else "none"
	StatusText       string // the status as shown: 红/黄/绿, 截至X月 when stale
	AsOf             string // 截至X月 when the figure is stale, else ""
	StaleNote        string // why a stale figure is grey (数据未报…)
	Level            bool   // a level: its gap and change are in its unit, it has no completion
	Change           string // a level's change on last year, in its unit: "-0.2个百分点"
	GrowthNote       string // how a growth not published was computed (按上年同期值计算（现价）)
	RankWhy          string // why the rank shows "—", on hover and in a download's note
	Tiers            []dashTier
	Query            template.URL // region=…&period=… for its link (a URL part: escaped when built, not again)
	Fig              *dashFigures // the register figure beside the bureau's, when there is one (figures.go)
}

type dashTier struct {
	scorecard.TierLine
	TargetText   string    // "500亿元", "8%", "185亿元、增长20%", "不超过108万吨标准煤"
	StatusText   string    // as dashItem.StatusText
	LevelGapText string    // a level against its bound, in its unit: "-0.3个百分点"
	Required     []dashReq // 需增速 in words, the binding one first; none when it cannot be computed
	Notes        []string  // why completion or 需增速 is absent
	// CompletionWhy and RequiredWhy say, on hover and in a download's note, why completion or
	// 需增速 shows "—"; empty when it shows a figure.
	CompletionWhy, RequiredWhy string
	AtMost                     bool // 需增速 is a maximum (a ceiling): shown "≤6.0"
}

type dashSentence struct{ Tier, Basis, Text string }

type dashFocus struct {
	Title string
	Items []dashItem
	Notes []dashNote
}

// dashNote is a measure that is not (or no longer) shown as an indicator of its own.
type dashNote scorecard.Note

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	v := &dashView{RegionCode: r.URL.Query().Get("region"), Period: r.URL.Query().Get("period")}
	region, period, err := s.dashWhere(r)
	if err == nil {
		var built *dashView
		built, err = cached(s, r.Context(), "dashboard\x00"+lang+"\x00"+region+"\x00"+period, func() (*dashView, error) {
			d, err := s.Scorecards.Dashboard(r.Context(), region, period)
			if err != nil {
				return nil, err
			}
			dv := dashArrange(lang, region, period, d)
			dv.Needs = s.dashNeeds(r.Context(), lang, dv)
			dv.Scenario = dashScenario(dv)
			return dv, nil
		})
		if err == nil {
			v = built
		}
	}
	if err != nil {
		if wantsXLSX(r) {
			s.pageError(w, r, err)
			return
		}
		v.Error = displayError(r, err)
		code := status(err)
		if noData(err) {
			code = http.StatusOK // a county without a figure yet is a state to show, not a bad request
		}
		s.render(w, r, code, "dashboard.html", v)
		return
	}
	if wantsXLSX(r) {
		if !auth.Can(userOf(r).Role, auth.ExportData) {
			s.renderError(w, r, http.StatusForbidden, tr(r, "error.forbidden"))
			return
		}
		var items []dashItem
		if v.Headline != nil {
			items = append(items, *v.Headline)
		}
		if v.HeadlineRest != nil {
			items = append(items, v.HeadlineRest.Items...)
		}
		for _, f := range v.Focus {
			items = append(items, f.Items...)
		}
		items = append(items, v.Others...)
		name := fmt.Sprintf("%s-%s-%s", v.Region.Name, v.Period, locale.T(lang, "dash.title"))
		s.writeXLSX(w, r, name, locale.T(lang, "dash.title"), dashRows(lang, items))
		return
	}
	s.renderSharedBefore(w, r, http.StatusOK, "dashboard.html", region+"\x00"+period, v, s.dashOverdue(r, region)+s.dashLate(r, region))
}

// dashArrange arranges the dashboard for reading in lang.
func dashArrange(lang, region, period string, d *scorecard.Dashboard) *dashView {
	sc := d.Scorecard
	v := &dashView{RegionCode: region, Period: period, Region: sc.Region, Year: d.Year, TimeProgress: sc.TimeProgress,
		HeadlineTitle: d.HeadlineTitle}
	v.Period = sc.Period
	query := template.URL("region=" + urlQueryEscape(sc.Region.Code) + "&period=" + urlQueryEscape(sc.Period))
	item := func(it scorecard.Item) dashItem {
		di := dashLineItem(lang, it.Line, it.Known, query)
		di.Measure, di.MeasureSample = it.Measure, it.MeasureSample
		if di.Fig == nil {
			di.Fig = registerLink(lang, it.Register, query)
		}
		return di
	}
	focus := func(f scorecard.Focus) dashFocus {
		df := dashFocus{Title: f.Title}
		for _, it := range f.Items {
			df.Items = append(df.Items, item(it))
		}
		for _, n := range f.Notes {
			df.Notes = append(df.Notes, dashNote(n))
		}
		return df
	}
	if d.Headline != nil {
		h := item(*d.Headline)
		v.Headline = &h
		for _, t := range h.Tiers {
			for _, req := range t.Required {
				v.Sentences = append(v.Sentences, dashSentence{Tier: dashKey(lang, "tier.", t.Tier), Basis: req.Basis, Text: req.Text})
			}
		}
	}
	if d.HeadlineRest != nil {
		rest := focus(*d.HeadlineRest)
		v.HeadlineRest = &rest
	}
	for _, f := range d.Focus {
		v.Focus = append(v.Focus, focus(f))
	}
	for _, it := range d.Others {
		v.Others = append(v.Others, item(it))
	}
	v.Sample = v.anySample()
	return v
}

// anySample says whether some figure the dashboard shows is 示例: only then does it carry the
// 示例 disclaimer.
func (v *dashView) anySample() bool {
	items := append([]dashItem{}, v.Others...)
	var notes []dashNote
	for _, f := range append([]dashFocus{}, v.Focus...) {
		items, notes = append(items, f.Items...), append(notes, f.Notes...)
	}
	if v.HeadlineRest != nil {
		items, notes = append(items, v.HeadlineRest.Items...), append(notes, v.HeadlineRest.Notes...)
	}
	if v.Headline != nil {
		items = append(items, *v.Headline)
	}
	for _, it := range items {
		if it.L.Sample || it.L.RegisterSample {
			return true
		}
		for _, t := range it.Tiers {
			if t.Sample {
				return true
			}
		}
	}
	for _, n := range notes {
		if n.Sample {
			return true
		}
	}
	return false
}

// dashLineItem arranges one scorecard line (its reasons catalogue keys, as package scorecard
// builds it) for reading in lang.
func dashLineItem(lang string, l scorecard.Line, known bool, query template.URL) dashItem {
	it := dashItem{Code: l.Code, Name: dashPick(lang, l.Name, l.NameEN), Unit: dashUnit(lang, l.Unit), L: l, Known: known,
		Status: string(pace.StatusNone), AsOf: dashAsOf(lang, l), Level: l.Kind == "level",
		Change: dashInUnit(lang, l.Change, l.Precision, l.Unit)}
	it.Query = query
	if l.GrowthComputed {
		it.GrowthNote = strings.Join(dashReasons(lang, l.Reasons, "growth"), "")
	}
	month := 0
	if l.Period != nil {
		if p, err := pace.ParsePeriod(*l.Period); err == nil {
			month = p.Month
		}
	}
	it.RankWhy = dashRankWhy(lang, l)
	for _, t := range l.Targets {
		dt := dashTier{TierLine: t, TargetText: dashTargetText(lang, t, l), StatusText: dashStatusText(lang, t.Status, it.AsOf),
			LevelGapText: dashInUnit(lang, t.LevelGap, l.Precision, l.Unit), Required: dashRequiredLines(lang, month, t, l),
			Notes: dashTierNotes(lang, l, t), AtMost: t.RequiredGrowthBound != nil && *t.RequiredGrowthBound == pace.BoundMax}
		if t.Completion == nil && dt.LevelGapText == "" {
			dt.CompletionWhy = dashWhy(lang, l, t, "completion")
		}
		if t.RequiredGrowth == nil && len(dt.Required) == 0 {
			dt.RequiredWhy = dashWhy(lang, l, t, "required_growth")
		}
		for i := range dt.Required { // a stale figure's 需增速 is its own period's: say so
			if it.AsOf != "" {
				dt.Required[i].Text = locale.T(lang, "display.as_of_then", it.AsOf, dt.Required[i].Text)
			}
		}
		it.Tiers = append(it.Tiers, dt)
	}
	for _, t := range l.Targets { // assigned sorts first
		if t.Status != "" && t.Status != string(pace.StatusNone) {
			it.Status = t.Status
			break
		}
	}
	if it.AsOf != "" {
		it.StaleNote = locale.T(lang, pace.ErrStale.Error())
		if it.Status == string(pace.StatusNone) { // no target: still grey, still 截至X月
			it.Status = string(pace.StatusStale)
		}
	}
	it.StatusText = dashStatusText(lang, it.Status, it.AsOf)
	it.Fig = figuresOf(lang, l, query)
	return it
}

// dashRows is the dashboard table for a spreadsheet: one row per indicator and tier. A stale
// figure's status reads 截至X月 and its note says why; a level's gap is in its unit; both required
// growths of a tier stand in their price basis's column.
func dashRows(lang string, items []dashItem) [][]any {
	rows := [][]any{{locale.T(lang, "dash.col.indicator"), locale.T(lang, "dash.col.unit"), locale.T(lang, "dash.col.period"),
		locale.T(lang, "dash.col.value"), locale.T(lang, "dash.col.growth"), locale.T(lang, "dash.col.tier"),
		locale.T(lang, "dash.col.target"), locale.T(lang, "dash.col.completion"), locale.T(lang, "dash.col.time_progress"),
		locale.T(lang, "dash.col.gap"), locale.T(lang, "dash.col.required"), locale.T(lang, "dash.col.status"),
		locale.T(lang, "dash.col.rank"), locale.T(lang, "dash.col.note"), locale.T(lang, "display.col.level_gap"),
		locale.T(lang, "display.col.bound"), locale.T(lang, "display.col.required_value"), locale.T(lang, "display.col.basis"),
		locale.T(lang, "display.col.required_growth"), locale.T(lang, "display.col.basis")}}
	num := func(p *float64, prec int) any {
		if p == nil || math.IsNaN(*p) || math.IsInf(*p, 0) {
			return nil
		}
		return pace.RoundTo(*p, prec)
	}
	notes := func(sample bool, more ...string) string {
		var out []string
		if sample {
			out = append(out, locale.T(lang, "common.sample"))
		}
		seen := map[string]bool{}
		for _, m := range more {
			if m != "" && !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
		return strings.Join(out, locale.T(lang, "display.list_sep"))
	}
	for _, it := range items {
		l := it.L
		period := ""
		if l.Period != nil {
			period = *l.Period
		}
		head := []any{it.Name, it.Unit, period, num(l.Value, l.Precision), num(l.Growth, 1)}
		rank := display.Rank(lang, l.Rank, l.Peers)
		if len(it.Tiers) == 0 {
			rows = append(rows, append(head, nil, nil, nil, nil, nil, nil, it.StatusText, rank, notes(l.Sample, it.StaleNote, it.GrowthNote, it.RankWhy, it.figNote(lang))))
			continue
		}
		for _, t := range it.Tiers {
			var bound any
			if t.RequiredGrowthBound != nil {
				bound = locale.T(lang, "display.bound."+*t.RequiredGrowthBound)
			}
			// Both required growths, each with its price basis where it has one (dashRequiredLines).
			var fromValue, fromGrowth [2]any
			for _, req := range t.Required {
				cell := &fromValue
				if req.From == pace.FromGrowth {
					cell = &fromGrowth
				}
				cell[0], cell[1] = num(req.G, 2), req.Basis
			}
			row := append(append([]any{}, head...), dashKey(lang, "tier.", t.Tier), t.TargetText,
				num(t.Completion, 2), num(t.TimeProgress, 2), num(t.GapPP, 2), num(t.RequiredGrowth, 2),
				t.StatusText, rank, notes(l.Sample || t.Sample, append(append([]string{it.StaleNote, it.GrowthNote}, t.Notes...), t.CompletionWhy, t.RequiredWhy, it.RankWhy, it.figNote(lang))...),
				num(t.TierLine.LevelGap, l.Precision), bound, fromValue[0], fromValue[1], fromGrowth[0], fromGrowth[1])
			rows = append(rows, row)
		}
	}
	return rows
}

// dashKey translates a key made of a prefix and a name known only at run time.
func dashKey(lang, prefix, name string) string { return locale.T(lang, prefix+name) }

func dashStatus(s string) string {
	if s == "" {
		return string(pace.StatusNone)
	}
	return s
}

// ---- small formatting helpers ----

func dashPick(lang, zh, en string) string {
	if locale.Match(lang) == "en" && en != "" {
		return en
	}
	return zh
}

// dashUnit names a unit of measure in lang (locale.Unit).
func dashUnit(lang, u string) string { return locale.Unit(lang, u) }

func dashYTD(lang, period string) string {
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return period
	}
	if p.Month == 1 {
		return locale.T(lang, "dash.ytd.jan", p.Year, dashMonth(lang, 1))
	}
	return locale.T(lang, "dash.ytd", p.Year, dashMonth(lang, 1), dashMonth(lang, p.Month))
}

func dashMonth(lang string, m int) string {
	if locale.Match(lang) == "en" {
		return time.Month(m).String()[:3]
	}
	return strconv.Itoa(m)
}

// dashNum writes v at prec decimals without trailing zeros.
func dashNum(v float64, prec int) string {
	return strconv.FormatFloat(pace.RoundTo(v, prec), 'f', -1, 64)
}

func dashNumP(v *float64, prec int) string {
	if v == nil {
		return ""
	}
	return dashNum(*v, prec)
}

// dashPct is a percentage clamped to 0…100 and rounded, for bar lengths.
func dashPct(p *float64) int {
	if p == nil || math.IsNaN(*p) {
		return 0
	}
	return int(math.Round(math.Max(0, math.Min(100, *p))))
}

// dashWhy is why a tier's field (completion, required_growth) shows "—", in lang: the reason
// package scorecard gives, or that the line has no figure yet.
func dashWhy(lang string, l scorecard.Line, t scorecard.TierLine, field string) string {
	switch k := t.Reasons[field]; {
	case k == pace.ErrNoTarget.Error() && field == "completion" && t.TargetValue == nil && t.TargetGrowth != nil:
		return locale.T(lang, "wording.why.growth_target_only")
	case k != "":
		return locale.T(lang, k)
	case l.Period == nil:
		return locale.T(lang, "reason.no_data")
	}
	return locale.T(lang, "wording.why.unknown")
}

// dashRankWhy is why a line's rank shows "—", in lang; "" when it shows a rank.
func dashRankWhy(lang string, l scorecard.Line) string {
	switch {
	case l.Rank != nil && l.Peers > 0:
		return ""
	case l.Period == nil:
		return locale.T(lang, "reason.no_data")
	case l.Growth == nil:
		return locale.T(lang, "reason.no_growth")
	}
	return locale.T(lang, "wording.rank.unranked")
}
