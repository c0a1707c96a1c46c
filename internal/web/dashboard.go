package web

import (
	"context"
	"fmt"
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
	"pacer/internal/store"
)

// This file serves the leader's dashboard (GET /dashboard), the indicator page
// (GET /indicators/{code}) and the series its charts read (GET /api/v1/indicators/{code}/series).
// The arithmetic is package scorecard's; this file only arranges it for reading.

func init() {
	// dashName picks an indicator's name in the page's language.
	pageFuncs["dashName"] = func(lang string) any {
		return func(zh, en string) string { return dashPick(lang, zh, en) }
	}
	// dashUnit translates a unit of measure when the catalog knows it.
	pageFuncs["dashUnit"] = func(lang string) any { return func(u string) string { return dashUnit(lang, u) } }
	// dashYTD names a cumulative period: "2023年1-6月", "Jan–Jun 2023".
	pageFuncs["dashYTD"] = func(lang string) any {
		return func(p any) string {
			switch v := p.(type) {
			case string:
				return dashYTD(lang, v)
			case *string:
				if v != nil {
					return dashYTD(lang, *v)
				}
			}
			return display.Absent
		}
	}
	// dashNum writes a number without trailing zeros: 500, 1.6.
	pageFuncs["dashNum"] = func(string) any { return func(v *float64) string { return dashNumP(v, 2) } }
	// dashRank writes a rank among peers, "2/7", or "—".
	pageFuncs["dashRank"] = func(string) any { return dashRank }
	// dashWidth is the CSS class giving a bar its length (static/dashboard.css): w0 … w100.
	pageFuncs["dashWidth"] = func(string) any { return func(p *float64) string { return "w" + strconv.Itoa(dashPct(p)) } }
	// dashAt is the CSS class placing the time-progress mark on a bar: at0 … at100.
	pageFuncs["dashAt"] = func(string) any { return func(p *float64) string { return "at" + strconv.Itoa(dashPct(p)) } }
	// dashOrdinal numbers the focus points from index 0: "一、", "1.".
	pageFuncs["dashOrdinal"] = func(lang string) any {
		return func(i int) string {
			if locale.Match(lang) != "en" && i >= 0 && i < 10 {
				return string([]rune("一二三四五六七八九十")[i]) + "、"
			}
			return strconv.Itoa(i+1) + "."
		}
	}
	// dashTime formats a recording time.
	pageFuncs["dashTime"] = func(string) any {
		return func(t time.Time) string {
			if t.IsZero() {
				return display.Absent
			}
			return t.Local().Format("2006-01-02 15:04")
		}
	}
}

// ---- where: region and period ----

// dashWhere reads ?region= and ?period=: the home region by default, and by default the latest
// month of the home period's year in which the region has a figure (so approving a figure of a
// new month moves the dashboard on to it), else the home period.
func (s *Server) dashWhere(r *http.Request) (region, period string, err error) {
	q := r.URL.Query()
	region, period = strings.TrimSpace(q.Get("region")), strings.TrimSpace(q.Get("period"))
	if region == "" {
		region = s.HomeRegion
	}
	if region == "" {
		return "", "", domain.E(domain.EINVALID, "err.param.region")
	}
	if period == "" {
		var latest any
		latest, err = s.cached(r.Context(), "latest\x00"+region, func() (any, error) { return s.dashLatestPeriod(r.Context(), region) })
		if err == nil {
			period = latest.(string)
		}
	}
	return region, period, err
}

func (s *Server) dashLatestPeriod(ctx context.Context, region string) (string, error) {
	q := store.ObservationQuery{Regions: []string{region}, Brief: true}
	if p, err := pace.ParsePeriod(s.HomePeriod); err == nil {
		q.From, q.To = pace.Period{Year: p.Year, Month: 1}.String(), p.YearEnd().String()
	}
	obs, err := s.Store.Observations(ctx, q)
	if err != nil {
		return "", err
	}
	latest := ""
	for _, o := range obs {
		if o.Period > latest {
			latest = o.Period
		}
	}
	if latest == "" {
		latest = s.HomePeriod
	}
	if latest == "" {
		return "", domain.E(domain.EINVALID, "err.param.period")
	}
	return latest, nil
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
}

// dashItem is one indicator as the dashboard shows it.
type dashItem struct {
	Code, Name, Unit string
	L                scorecard.Line
	Known            bool   // has a scorecard line at this period
	Measure          string // the goal-tree measure that links it
	MeasureSample    bool
	Status           string // the assigned tier's status, else the stretch tier's, else "none"
	Tiers            []dashTier
	Query            string // ?region=&period= for its link
}

type dashTier struct {
	scorecard.TierLine
	TargetText string // "500亿元", "8%", "185亿元、增长20%"
	Required   string // 需增速 in words, "" when it cannot be computed
}

type dashSentence struct{ Tier, Text string }

type dashFocus struct {
	Title string
	Items []dashItem
	Notes []dashNote
}

// dashNote is a measure that is not (or no longer) shown as an indicator of its own.
type dashNote struct {
	Text      string
	Figure    *float64
	Unit      string
	Sample    bool
	Indicator string
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	v := &dashView{RegionCode: r.URL.Query().Get("region"), Period: r.URL.Query().Get("period")}
	region, period, err := s.dashWhere(r)
	if err == nil {
		var built any
		built, err = s.cached(r.Context(), "dashboard\x00"+lang+"\x00"+region+"\x00"+period, func() (any, error) {
			b := &dashView{RegionCode: region, Period: period}
			return b, s.dashBuild(r.Context(), lang, region, period, b)
		})
		if err == nil {
			v = built.(*dashView)
		}
	}
	if err != nil {
		if wantsXLSX(r) {
			s.pageError(w, r, err)
			return
		}
		v.Error = displayError(r, err)
		s.render(w, r, status(err), "dashboard.html", v)
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
	s.renderShared(w, r, http.StatusOK, "dashboard.html", region+"\x00"+period, v)
}

func (s *Server) dashBuild(ctx context.Context, lang, region, period string, v *dashView) error {
	sc, err := s.scorecardOf(ctx, region, period)
	if err != nil {
		return err
	}
	p, _ := pace.ParsePeriod(sc.Period)
	tree, err := s.Store.GoalTree(ctx, sc.Region.Code, p.Year)
	if err != nil {
		return err
	}
	inds, err := s.Store.Indicators(ctx)
	if err != nil {
		return err
	}
	catalogue := map[string]domain.Indicator{}
	for _, i := range inds {
		catalogue[i.Code] = i
	}
	lines := map[string]scorecard.Line{}
	for _, l := range sc.Indicators {
		lines[l.Code] = l
	}
	v.Region, v.Period, v.Year, v.TimeProgress = sc.Region, sc.Period, p.Year, sc.TimeProgress
	query := "region=" + urlQueryEscape(sc.Region.Code) + "&period=" + urlQueryEscape(sc.Period)

	seen := map[string]bool{}
	item := func(code string, m *domain.Measure) (dashItem, bool) {
		l, known := lines[code]
		if !known {
			ind, ok := catalogue[code]
			if !ok {
				return dashItem{}, false
			}
			l = scorecard.Line{Code: ind.Code, Name: ind.Name, NameEN: ind.NameEN, Unit: ind.Unit, Kind: string(ind.Kind),
				Precision: ind.Precision, TimeProgressMode: string(ind.Mode)}
		}
		it := dashLineItem(lang, l, known, query)
		if m != nil {
			it.Measure, it.MeasureSample = m.Text, m.Sample
		}
		seen[code] = true
		return it, true
	}
	focus := func(fp domain.FocusPoint) dashFocus {
		f := dashFocus{Title: fp.Title}
		for _, m := range fp.Measures {
			if m.IndicatorCode != "" && !seen[m.IndicatorCode] {
				if it, ok := item(m.IndicatorCode, &m); ok {
					f.Items = append(f.Items, it)
					continue
				}
			}
			f.Notes = append(f.Notes, dashNote{Text: m.Text, Figure: m.Figure, Unit: m.FigureUnit, Sample: m.Sample, Indicator: m.IndicatorCode})
		}
		return f
	}

	// The headline: a focus point at position 0 (总目标), its first linked indicator; GDP else.
	if len(tree) > 0 && tree[0].Position == 0 {
		head := focus(tree[0])
		v.HeadlineTitle = head.Title
		if len(head.Items) > 0 {
			h := head.Items[0]
			v.Headline, head.Items = &h, head.Items[1:]
		}
		v.HeadlineRest = &head
		tree = tree[1:]
	}
	if v.Headline == nil {
		if h, ok := item("gdp", nil); ok {
			v.Headline = &h
		}
	}
	if v.Headline != nil {
		for _, t := range v.Headline.Tiers {
			if t.Required != "" {
				v.Sentences = append(v.Sentences, dashSentence{Tier: dashKey(lang, "tier.", t.Tier), Text: t.Required})
			}
		}
	}
	for _, fp := range tree {
		v.Focus = append(v.Focus, focus(fp))
	}
	for _, l := range sc.Indicators {
		if !seen[l.Code] {
			v.Others = append(v.Others, dashLineItem(lang, l, true, query))
		}
	}
	for _, l := range sc.Indicators {
		v.Sample = v.Sample || l.Sample
	}
	return nil
}

// dashLineItem arranges one scorecard line for reading.
func dashLineItem(lang string, l scorecard.Line, known bool, query string) dashItem {
	it := dashItem{Code: l.Code, Name: dashPick(lang, l.Name, l.NameEN), Unit: dashUnit(lang, l.Unit), L: l, Known: known,
		Status: string(pace.StatusNone), Query: query}
	month := 0
	if l.Period != nil {
		if p, err := pace.ParsePeriod(*l.Period); err == nil {
			month = p.Month
		}
	}
	for _, t := range l.Targets {
		dt := dashTier{TierLine: t, TargetText: dashTargetText(lang, t, l)}
		if t.RequiredGrowth != nil && month > 0 && month < 12 {
			dt.Required = dashRequired(lang, month, *t.RequiredGrowth, dt.TargetText)
		}
		it.Tiers = append(it.Tiers, dt)
	}
	for _, t := range l.Targets { // assigned sorts first
		if t.Status != "" && t.Status != string(pace.StatusNone) {
			it.Status = t.Status
			break
		}
	}
	return it
}

// dashRequired writes 需增速 in words: "下半年需增长10.9%才能完成全年8%目标".
func dashRequired(lang string, month int, g float64, target string) string {
	var rest string
	switch {
	case month == 6:
		rest = locale.T(lang, "dash.rest.h2")
	case month == 9:
		rest = locale.T(lang, "dash.rest.q4")
	case month == 11:
		rest = locale.T(lang, "dash.rest.month")
	default:
		rest = locale.T(lang, "dash.rest.months", 12-month)
	}
	if pace.RoundTo(g, 1) <= 0 {
		return locale.T(lang, "dash.required.met", rest, display.Growth(&g), target)
	}
	return locale.T(lang, "dash.required", rest, display.Growth(&g), target)
}

// dashTargetText writes a tier's target the way the goal is spoken: "500亿元", "8%".
func dashTargetText(lang string, t scorecard.TierLine, l scorecard.Line) string {
	var val string
	if t.TargetValue != nil {
		val = locale.T(lang, "dash.target.value", dashNum(*t.TargetValue, l.Precision), dashUnit(lang, l.Unit))
	}
	switch {
	case t.TargetValue != nil && t.TargetGrowth != nil:
		return locale.T(lang, "dash.target.both", val, dashNum(*t.TargetGrowth, 1))
	case t.TargetGrowth != nil:
		return locale.T(lang, "dash.target.growth", dashNum(*t.TargetGrowth, 1))
	}
	return val
}

// dashRows is the dashboard table for a spreadsheet: one row per indicator and tier.
func dashRows(lang string, items []dashItem) [][]any {
	rows := [][]any{{locale.T(lang, "dash.col.indicator"), locale.T(lang, "dash.col.unit"), locale.T(lang, "dash.col.period"),
		locale.T(lang, "dash.col.value"), locale.T(lang, "dash.col.growth"), locale.T(lang, "dash.col.tier"),
		locale.T(lang, "dash.col.target"), locale.T(lang, "dash.col.completion"), locale.T(lang, "dash.col.time_progress"),
		locale.T(lang, "dash.col.gap"), locale.T(lang, "dash.col.required"), locale.T(lang, "dash.col.status"),
		locale.T(lang, "dash.col.rank"), locale.T(lang, "dash.col.note")}}
	num := func(p *float64, prec int) any {
		if p == nil || math.IsNaN(*p) || math.IsInf(*p, 0) {
			return nil
		}
		return pace.RoundTo(*p, prec)
	}
	for _, it := range items {
		l := it.L
		period := ""
		if l.Period != nil {
			period = *l.Period
		}
		note := ""
		if l.Sample {
			note = locale.T(lang, "common.sample")
		}
		head := []any{it.Name, it.Unit, period, num(l.Value, l.Precision), num(l.Growth, 1)}
		rank := dashRank(l.Rank, l.Peers)
		if len(it.Tiers) == 0 {
			rows = append(rows, append(head, nil, nil, nil, nil, nil, nil, locale.T(lang, "status.none"), rank, note))
			continue
		}
		for _, t := range it.Tiers {
			n := note
			if t.Sample && n == "" {
				n = locale.T(lang, "common.sample")
			}
			row := append(append([]any{}, head...), dashKey(lang, "tier.", t.Tier), t.TargetText,
				num(t.Completion, 2), num(t.TimeProgress, 2), num(t.GapPP, 2), num(t.RequiredGrowth, 2),
				dashKey(lang, "status.", dashStatus(t.Status)), rank, n)
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

var dashUnitKeys = map[string]string{
	"亿元": "dash.unit.yi_yuan", "万元": "dash.unit.wan_yuan", "元": "dash.unit.yuan", "亿千瓦时": "dash.unit.yi_kwh", "万千瓦时": "dash.unit.wan_kwh",
	"万人次": "dash.unit.wan_visits", "个": "dash.unit.count", "家": "dash.unit.firms", "%": "dash.unit.percent", "亩": "dash.unit.mu", "年": "dash.unit.year",
}

func dashUnit(lang, u string) string {
	if k, ok := dashUnitKeys[u]; ok {
		return locale.T(lang, k)
	}
	return u
}

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

func dashRank(rank *int, peers int) string {
	if rank == nil || peers == 0 {
		return display.Absent
	}
	return fmt.Sprintf("%d/%d", *rank, peers)
}

// dashPct is a percentage clamped to 0…100 and rounded, for bar lengths.
func dashPct(p *float64) int {
	if p == nil || math.IsNaN(*p) {
		return 0
	}
	return int(math.Round(math.Max(0, math.Min(100, *p))))
}
