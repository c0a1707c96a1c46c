package report

import (
	"context"
	"image/color"
	"strconv"
	"strings"

	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/leads"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/projects"
	"pacer/internal/scorecard"
	"pacer/internal/store"
)

// Service writes the monthly economic analysis (一月一分析) of a region from the figures the
// scorecard, the key-project register and the attraction register hold.
type Service struct {
	scorecards *scorecard.Service
	projects   *projects.Service
	leads      *leads.Service
	store      *store.Store // the analysts' edits and the versions kept; nil: none
}

// New returns the report workflow over the three services it reads.
func New(sc *scorecard.Service, pj *projects.Service, ld *leads.Service) *Service {
	return &Service{scorecards: sc, projects: pj, leads: ld}
}

// WithStore returns a copy of s that applies the analysts' edits kept in st to every report it
// writes, and keeps its versions there (edit.go, versions.go). Without it a report is the
// generated text alone and editing or keeping versions is refused.
func (s *Service) WithStore(st *store.Store) *Service {
	c := *s
	c.store = st
	return &c
}

// Monthly is what a monthly analysis is written from: the dashboard (the scorecard arranged by
// the goal tree) and the registers' summaries (nil when the register has nothing for the region).
type Monthly struct {
	Dashboard *scorecard.Dashboard
	Projects  *projects.Summary
	Leads     *leads.Summary
	Series    map[string]*scorecard.Series // the charted indicators' series, by code
	Month     int
	Year      int
	// Edits are the analysts' current edits of its paragraphs, by language and paragraph key;
	// Compose applies them (a renderer of the blocks shows the edited words).
	Edits map[string]map[string]domain.ReportEdit
}

// Monthly gathers the figures of region's analysis at period (YYYY-MM).
func (s *Service) Monthly(ctx context.Context, region, period string) (*Monthly, error) {
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return nil, domain.E(domain.EINVALID, "err.period.invalid", period)
	}
	d, err := s.scorecards.Dashboard(ctx, region, period)
	if err != nil {
		return nil, err
	}
	m := &Monthly{Dashboard: d, Month: p.Month, Year: p.Year, Series: map[string]*scorecard.Series{}}
	for _, l := range charted(d) {
		sr, err := s.scorecards.Series(ctx, l.Code, region, period)
		if err != nil {
			return nil, err
		}
		m.Series[l.Code] = sr
	}
	// Each register is told at its own month, the months its figures cover: the key projects at
	// their latest progress report, the leads at the register's month (its last write), so the
	// section and the indicator's register figure name the same months.
	pp, err := s.projects.LatestPeriod(ctx, region, period)
	if err != nil {
		return nil, err
	}
	if ps, err := s.projects.Summary(ctx, region, pp); err != nil {
		return nil, err
	} else if ps.Count > 0 {
		m.Projects = &ps
	}
	lp, err := s.leads.RegisterMonth(ctx, region, period)
	if err != nil {
		return nil, err
	}
	if ls, err := s.leads.Summary(ctx, region, lp); err != nil {
		return nil, err
	} else if ls.Projects > 0 || len(ls.Targets) > 0 {
		m.Leads = ls
	}
	if s.store != nil {
		es, err := s.store.ReportEdits(ctx, region, period)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			lang := locale.Match(e.Lang)
			if m.Edits == nil {
				m.Edits = map[string]map[string]domain.ReportEdit{}
			}
			if m.Edits[lang] == nil {
				m.Edits[lang] = map[string]domain.ReportEdit{}
			}
			m.Edits[lang][e.Key] = e
		}
	}
	return m, nil
}

// MonthlyDocx is the analysis as a Word document, in lang.
func (s *Service) MonthlyDocx(ctx context.Context, region, period, lang string) ([]byte, error) {
	m, err := s.Monthly(ctx, region, period)
	if err != nil {
		return nil, err
	}
	return Render(Compose(m, lang))
}

// charted are the lines the report draws charts of: the headline's and the focus points'
// indicators with a figure.
func charted(d *scorecard.Dashboard) []scorecard.Line {
	var out []scorecard.Line
	add := func(it scorecard.Item) {
		if it.Known && (it.Line.Value != nil || it.Line.Growth != nil) {
			out = append(out, it.Line)
		}
	}
	if d.Headline != nil {
		add(*d.Headline)
	}
	if d.HeadlineRest != nil {
		for _, it := range d.HeadlineRest.Items {
			add(it)
		}
	}
	for _, f := range d.Focus {
		for _, it := range f.Items {
			add(it)
		}
	}
	return out
}

// Block is one block of a composed report.
type Block struct {
	Kind   string // title | subtitle | heading | subheading | para | table | image
	Text   string // an image's caption
	Header []string
	Rows   [][]string
	Image  []byte // PNG
	W, H   int    // the image's pixels
	// Key names a paragraph (kind para) for its edits: "headline/gdp", "focus:<title>/retail",
	// "red", "projects" …; Edit is "edited" when an analyst's edit gives its words, "stale" when
	// an edit was made on generated words the figures no longer give (the generated paragraph
	// is shown), "" otherwise.
	Key  string
	Edit string
}

// Render writes blocks as a .docx.
func Render(blocks []Block) ([]byte, error) {
	var d Document
	for _, b := range blocks {
		switch b.Kind {
		case "title":
			d.Title(b.Text)
		case "subtitle":
			d.Subtitle(b.Text)
		case "heading":
			d.Heading(b.Text)
		case "subheading":
			d.Subheading(b.Text)
		case "para":
			d.Para(b.Text)
		case "table":
			d.DataTable(b.Header, b.Rows)
		case "image":
			d.Image(b.Image, b.W, b.H, 150)
			d.Caption(b.Text)
		}
	}
	return d.Bytes()
}

// Text is the blocks as plain text: paragraphs a line each, tables a row a line, cells
// separated by " | " (the golden file holds it).
func Text(blocks []Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		if bl.Kind == "image" {
			b.WriteString("[" + bl.Text + "]\n")
			continue
		}
		if bl.Kind == "table" {
			b.WriteString(strings.Join(bl.Header, " | ") + "\n")
			for _, r := range bl.Rows {
				b.WriteString(strings.Join(r, " | ") + "\n")
			}
			continue
		}
		b.WriteString(bl.Text + "\n")
	}
	return b.String()
}

// chineseNumeral numbers sections 一、二、… (up to 二十), Arabic in English.
func chineseNumeral(lang string, n int) string {
	if locale.Match(lang) != "zh-CN" {
		return strconv.Itoa(n)
	}
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	switch {
	case n <= 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n-10]
	}
	return strconv.Itoa(n)
}

// subject turns a scorecard line into a Subject, its gaps turned back into raw differences.
func subject(lang string, l scorecard.Line) Subject {
	s := Subject{Name: nameOf(lang, l), Unit: locale.After(lang, l.Unit), Precision: l.Precision, Kind: l.Kind, Direction: l.Direction,
		Value: l.Value, Growth: l.Growth, Rank: l.Rank, Peers: l.Peers, Sample: registerSample(l)}
	sign := 1.0
	if l.Direction == "down" {
		sign = -1
	}
	raw := func(p *float64) *float64 {
		if p == nil {
			return nil
		}
		v := sign * *p
		return &v
	}
	for _, t := range l.Targets {
		tf := TierFigures{Tier: t.Tier, TargetValue: t.TargetValue, TargetGrowth: t.TargetGrowth,
			GrowthVs: raw(t.GrowthGapPP), LevelVs: raw(t.LevelGap), Required: t.RequiredGrowth}
		if t.Completion != nil {
			tf.Completion = t.Completion
			tf.CompletionVs = raw(t.GapPP)
		}
		if t.RequiredGrowthBound != nil {
			tf.Bound = *t.RequiredGrowthBound
		}
		if l.Stale {
			tf.Required = nil // a stale figure's required growth belongs to its own period
		}
		s.Tiers = append(s.Tiers, tf)
	}
	return s
}

// registerSample: the value a line counts is a register's figure marked 示例.
func registerSample(l scorecard.Line) bool {
	return l.Value != nil && l.Basis == string(domain.BasisRegister) && l.RegisterSample
}

// indicatorRows are the table rows of lines: one per tier (the first with the indicator's
// figures), or one without a target. A 示例 register figure is marked so in its cell.
func indicatorRows(lang string, lines []scorecard.Line) [][]string {
	var rows [][]string
	for _, l := range lines {
		value := display.Value(l.Value, l.Precision)
		if registerSample(l) {
			value += locale.T(lang, "report.sample_mark")
		}
		fig := []string{nameOf(lang, l), locale.Unit(lang, l.Unit), value, display.Growth(l.Growth)}
		if len(l.Targets) == 0 {
			rows = append(rows, append(fig, display.Absent, display.Absent, display.Absent, display.Absent, display.Absent, display.Absent))
			continue
		}
		for i, t := range l.Targets {
			if i > 0 {
				fig = []string{"", "", "", ""}
			}
			target := display.Value(t.TargetValue, l.Precision)
			if t.TargetValue == nil && t.TargetGrowth != nil {
				target = display.Growth(t.TargetGrowth) + "%"
			}
			gap := display.PP(t.GapPP)
			switch {
			case t.LevelGap != nil:
				gap = display.Signed(t.LevelGap, l.Precision)
			case t.GapPP == nil && t.GrowthGapPP != nil:
				gap = display.PP(t.GrowthGapPP)
			}
			req := display.Growth(t.RequiredGrowth)
			if t.RequiredGrowth != nil && t.RequiredGrowthBound != nil && *t.RequiredGrowthBound == "max" {
				req = locale.T(lang, "report.bound.max", req)
			}
			rows = append(rows, append(fig, locale.T(lang, "tier."+t.Tier), target, display.Percent(t.Completion), gap, req,
				locale.T(lang, "status."+t.Status)))
		}
	}
	return rows
}

func indicatorHeader(lang string) []string {
	var out []string
	for _, c := range []string{"indicator", "unit", "value", "growth", "tier", "target", "completion", "gap", "required", "status"} {
		out = append(out, locale.T(lang, "report.col."+c))
	}
	return out
}

// Compose writes the analysis of m in lang as blocks: every sentence from Sentence and the
// templates of the catalogue over m's figures.
func Compose(m *Monthly, lang string) []Block {
	return applyEdits(compose(m, lang, true), m.Edits[locale.Match(lang)])
}

// compose is Compose before the analysts' edits: the generated report; without its charts
// (their drawing is most of the cost) when withCharts is false.
func compose(m *Monthly, lang string, withCharts bool) []Block {
	d := m.Dashboard
	sc := d.Scorecard
	span, rest := Span(lang, m.Month), Rest(lang, m.Month)
	area := AreaWord(lang, sc.Region.Name)
	lead := span + locale.T(lang, "report.comma") + area
	var out []Block
	add := func(kind, text string) { out = append(out, Block{Kind: kind, Text: text}) }
	para := func(key, text string) { out = append(out, Block{Kind: "para", Text: text, Key: key}) }
	table := func(h []string, rows [][]string) { out = append(out, Block{Kind: "table", Header: h, Rows: rows}) }

	add("title", locale.T(lang, "report.title", sc.Region.Name, m.Year, span))
	add("subtitle", locale.T(lang, "report.subtitle", sc.Period))

	// 一、总体情况: the headline indicator, then the headline focus point's other indicators.
	add("heading", locale.T(lang, "report.h.headline"))
	var headLines []scorecard.Line
	if d.Headline != nil {
		headLines = append(headLines, d.Headline.Line)
	}
	if d.HeadlineRest != nil {
		for _, it := range d.HeadlineRest.Items {
			headLines = append(headLines, it.Line)
		}
	}
	paragraphs(lang, m.Month, lead, rest, "headline", headLines, para)
	if len(headLines) > 0 {
		table(indicatorHeader(lang), indicatorRows(lang, headLines))
	}
	if withCharts {
		out = append(out, charts(lang, m, headLines)...)
	}

	n := 1
	for _, f := range d.Focus {
		var lines []scorecard.Line
		for _, it := range f.Items {
			lines = append(lines, it.Line)
		}
		if len(lines) == 0 {
			continue
		}
		n++
		add("heading", locale.T(lang, "report.h.focus", chineseNumeral(lang, n), f.Title))
		paragraphs(lang, m.Month, lead, rest, "focus:"+f.Title, lines, para)
		table(indicatorHeader(lang), indicatorRows(lang, lines))
		if withCharts {
			out = append(out, charts(lang, m, lines)...)
		}
	}

	// The indicators no measure of the goal tree names, with a figure.
	var others []scorecard.Line
	for _, it := range d.Others {
		if isConstraint(it.Line) { // read in the constraints' section
			continue
		}
		if it.Line.Value != nil || it.Line.Growth != nil {
			others = append(others, it.Line)
		}
	}
	if len(others) > 0 {
		n++
		add("heading", locale.T(lang, "report.h.others", chineseNumeral(lang, n)))
		paragraphs(lang, m.Month, lead, rest, "others", others, para)
		table(indicatorHeader(lang), indicatorRows(lang, others))
	}

	// The red list: every indicator with a tier in red.
	n++
	add("heading", locale.T(lang, "report.h.red", chineseNumeral(lang, n)))
	var red []scorecard.Line
	var names []string
	for _, l := range sc.Indicators {
		for _, t := range l.Targets {
			if t.Status == string(pace.StatusRed) {
				red = append(red, l)
				names = append(names, nameOf(lang, l))
				break
			}
		}
	}
	if len(red) == 0 {
		para("red", locale.T(lang, "report.p.red_none"))
	} else {
		para("red", locale.T(lang, "report.p.red", len(red), strings.Join(names, locale.T(lang, "report.p.and"))))
		table(indicatorHeader(lang), indicatorRows(lang, red))
	}

	// Constraints (DESIGN.md §4a): ceilings (direction down) and levels, read against their bound.
	n++
	add("heading", locale.T(lang, "report.h.constraint", chineseNumeral(lang, n)))
	var cons []scorecard.Line
	for _, l := range sc.Indicators {
		if isConstraint(l) && l.Value != nil {
			cons = append(cons, l)
		}
	}
	if len(cons) == 0 {
		para("constraint", locale.T(lang, "report.p.constraint_none"))
	} else {
		para("constraint", locale.T(lang, "report.p.constraint"))
		paragraphs(lang, m.Month, lead, rest, "constraint", cons, para)
		table(indicatorHeader(lang), indicatorRows(lang, cons))
	}

	// Key projects and attraction.
	n++
	add("heading", locale.T(lang, "report.h.registers", chineseNumeral(lang, n)))
	add("subheading", locale.T(lang, "report.h.projects"))
	if p := m.Projects; p == nil {
		para("projects", locale.T(lang, "report.p.projects_none"))
	} else {
		s := locale.T(lang, "report.p.projects", spanOf(lang, p.Period, span), area, p.Count, money(p.Planned), money(p.Completed), display.Percent(p.Completion))
		if p.Gap != nil {
			s += locale.T(lang, "report.comma") + Compare(lang, "faster", locale.T(lang, "report.s.time_progress"), *p.Gap, 1, locale.T(lang, "report.pp"))
		}
		para("projects", s+locale.T(lang, "report.stop"))
		var rows [][]string
		for _, c := range p.ByCategory {
			rows = append(rows, []string{locale.Word(lang, c.Category), strconv.Itoa(c.Count), money(c.Planned), money(c.Completed),
				display.Percent(c.Completion), locale.T(lang, "status."+c.Status)})
		}
		table([]string{locale.T(lang, "report.col.category"), locale.T(lang, "report.col.count"), locale.T(lang, "report.col.planned"),
			locale.T(lang, "report.col.completed"), locale.T(lang, "report.col.completion"), locale.T(lang, "report.col.status")}, rows)
	}
	add("subheading", locale.T(lang, "report.h.leads"))
	if l := m.Leads; l != nil {
		s := locale.T(lang, "report.p.leads", spanOf(lang, l.Period, span), area, l.Projects, money(l.Investment))
		for _, t := range l.Targets {
			var what, done []string
			if t.Projects != nil {
				what = append(what, locale.T(lang, "report.p.leads_projects", display.Value(t.Projects, 0)))
				done = append(done, locale.T(lang, "report.p.pct", display.Percent(t.CompletionProjects)))
			}
			if t.Investment != nil {
				what = append(what, locale.T(lang, "report.p.leads_investment", money(*t.Investment)))
				done = append(done, locale.T(lang, "report.p.pct", display.Percent(t.CompletionInvestment)))
			}
			if len(what) > 0 {
				and := locale.T(lang, "report.p.and")
				s += locale.T(lang, "report.comma") + locale.T(lang, "report.p.leads_tier", locale.T(lang, "tier."+string(t.Tier)),
					strings.Join(what, and), strings.Join(done, and))
			}
		}
		para("leads", s+locale.T(lang, "report.stop"))
	}

	// What the rest of the year requires.
	n++
	add("heading", locale.T(lang, "report.h.rest", chineseNumeral(lang, n)))
	if rest == "" {
		para("rest", locale.T(lang, "report.p.year_end"))
		return out
	}
	var rows [][]string
	for _, l := range sc.Indicators {
		if l.Stale || l.Period != nil && *l.Period != sc.Period {
			continue // its required growth is of the months after its own period, not after span
		}
		for _, t := range l.Targets {
			if t.RequiredGrowth == nil {
				continue
			}
			req := display.Growth(t.RequiredGrowth)
			if t.RequiredGrowthBound != nil && *t.RequiredGrowthBound == "max" {
				req = locale.T(lang, "report.bound.max", req)
			}
			rows = append(rows, []string{nameOf(lang, l), locale.T(lang, "tier."+t.Tier), display.Growth(l.Growth), req})
		}
	}
	if len(rows) == 0 {
		para("rest", locale.T(lang, "report.p.rest_none"))
	} else {
		para("rest", locale.T(lang, "report.p.rest", span, rest))
		table([]string{locale.T(lang, "report.col.indicator"), locale.T(lang, "report.col.tier"), locale.T(lang, "report.col.growth"),
			locale.T(lang, "report.col.required")}, rows)
	}
	return out
}

// spanOf is the months a register's section covers: those of its own period (YYYY-MM), else the
// report's span.
func spanOf(lang, period, span string) string {
	if p, err := pace.ParsePeriod(period); err == nil {
		return Span(lang, p.Month)
	}
	return span
}

// money is an amount in 亿元, two decimals.
func money(v float64) string { return display.Value(&v, 2) }

// paragraphs adds a sentence per line with a figure, keyed section/code. A figure of an earlier
// month than the report's (a stale one, or a quarterly one between its quarters: GDP's 1–9月 in
// October's report) is told with its own months, and what the rest of the year after them requires.
func paragraphs(lang string, month int, lead, rest, section string, lines []scorecard.Line, para func(key, text string)) {
	for _, l := range lines {
		if l.Value == nil && l.Growth == nil {
			continue
		}
		lineLead, lineRest := lead, rest
		if l.Period != nil {
			if p, err := pace.ParsePeriod(*l.Period); err == nil && p.Month != month {
				lineLead = Span(lang, p.Month) + locale.T(lang, "report.comma") + lead[strings.Index(lead, locale.T(lang, "report.comma"))+len(locale.T(lang, "report.comma")):]
				lineRest = Rest(lang, p.Month)
			}
		}
		para(section+"/"+l.Code, Sentence(lang, lineLead, lineRest, subject(lang, l)))
	}
}

// isConstraint: a ceiling (direction down) or a level, read against its bound (DESIGN.md §4a).
func isConstraint(l scorecard.Line) bool { return l.Direction == "down" || l.Kind == "level" }

// charts are the trend and ranking charts of lines that have a series: the trend of the
// cumulative value against each tier's path and last year (the growth's when there is no value),
// and the peers' growth, best first.
func charts(lang string, m *Monthly, lines []scorecard.Line) []Block {
	var out []Block
	and := locale.T(lang, "report.p.and")
	for _, l := range lines {
		sr := m.Series[l.Code]
		if sr == nil {
			continue
		}
		var trends []Trend
		var legend []string
		hasValue := false
		for _, v := range sr.Cumulative.Value {
			hasValue = hasValue || v != nil
		}
		tierColor := map[string]color.RGBA{"assigned": red, "stretch": orange}
		if hasValue {
			trends = append(trends, Trend{Points: sr.Cumulative.Value, Color: blue}, Trend{Points: sr.Cumulative.LastYearValue, Color: grey})
			for _, t := range sr.Targets {
				if col, ok := tierColor[t.Tier]; ok && anyPoint(t.Path) {
					trends = append(trends, Trend{Points: t.Path, Color: col, Dashed: true})
					legend = append(legend, locale.T(lang, "report.chart.path."+t.Tier))
				}
			}
		} else {
			trends = append(trends, Trend{Points: sr.Cumulative.Growth, Color: blue}, Trend{Points: sr.Cumulative.LastYearGrowth, Color: grey})
			for _, t := range sr.Targets {
				if col, ok := tierColor[t.Tier]; ok && t.Growth != nil {
					flat := make([]*float64, 12)
					for i := range flat {
						flat[i] = t.Growth
					}
					trends = append(trends, Trend{Points: flat, Color: col, Dashed: true})
					legend = append(legend, locale.T(lang, "report.chart.growth."+t.Tier))
				}
			}
		}
		if !anyPoint(trends[0].Points) {
			continue
		}
		if b, err := TrendChart(trends); err == nil {
			key, unit := "report.chart.trend_value", locale.Unit(lang, l.Unit)
			if !hasValue {
				key, unit = "report.chart.trend_growth", "%"
			}
			caption := locale.T(lang, key, nameOf(lang, l), unit)
			if len(legend) > 0 {
				caption += locale.T(lang, "report.comma") + strings.Join(legend, and)
			}
			out = append(out, Block{Kind: "image", Image: b, W: 1200, H: 560, Text: caption + locale.T(lang, "report.chart.months")})
		}
		if r := sr.Ranking; r != nil && len(r.Rows) > 1 {
			var bars []Bar
			var names []string
			for _, row := range r.Rows {
				if row.Growth == nil {
					continue
				}
				bars = append(bars, Bar{Rank: row.Rank, Value: *row.Growth, Self: row.Self})
				names = append(names, row.Name)
			}
			if len(bars) > 1 {
				if b, err := RankingChart(bars); err == nil {
					out = append(out, Block{Kind: "image", Image: b, W: 1200, H: 40 + 56*len(bars),
						Text: locale.T(lang, "report.chart.rank", nameOf(lang, l), strings.Join(names, and))})
				}
			}
		}
	}
	return out
}

func anyPoint(ps []*float64) bool {
	for _, p := range ps {
		if p != nil {
			return true
		}
	}
	return false
}

// nameOf is an indicator's name in lang: its English name (a data value) in English, when it has one.
func nameOf(lang string, l scorecard.Line) string {
	if locale.Match(lang) == "en" && l.NameEN != "" {
		return l.NameEN
	}
	return l.Name
}
