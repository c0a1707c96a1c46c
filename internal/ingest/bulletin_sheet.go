package ingest

import (
	"regexp"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/sheet"
)

// grid is a bulletin sheet with its merged ranges resolved: a cell inside a merged range reads
// as the range's text (for headers and names; figures are read as stored).
type grid struct {
	t      *sheet.Table
	origin map[[2]int][2]int // cells inside a merged range, except its top-left → the top-left
	width  int
	// formats caches parsed number formats by code
	formats map[string]sheet.NumFormat
}

func newGrid(t *sheet.Table) *grid {
	g := &grid{t: t, origin: map[[2]int][2]int{}}
	for _, row := range t.Rows {
		g.width = max(g.width, len(row))
	}
	for _, m := range t.Merges {
		r0, c0, r1, c1, ok := m.Bounds()
		if !ok {
			continue
		}
		r1, c1 = min(r1, len(t.Rows)-1), min(c1, g.width-1)
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				if r != r0 || c != c0 {
					g.origin[[2]int{r, c}] = [2]int{r0, c0}
				}
			}
		}
	}
	return g
}

// raw is the cell's stored text, except that a date (a number under a date format, as Excel
// makes of 2023年6月 typed in a title or header) reads as the date it shows: 2023年6月.
func (g *grid) raw(r, c int) string {
	x := strings.TrimSpace(g.t.Cell(r, c))
	if x == "" || g.t.View == nil {
		return x
	}
	if code := g.t.NumFormat(r, c); code != "" {
		if d, ok := g.date(x, code); ok {
			return d
		}
	}
	return x
}

// date renders a date serial under a date format code as 2023年6月 (2023年6月20日 when the
// format shows the day).
func (g *grid) date(x, code string) (string, bool) {
	nf, ok := g.formats[code]
	if !ok {
		if g.formats == nil {
			g.formats = map[string]sheet.NumFormat{}
		}
		nf = sheet.ParseNumFormat(code)
		g.formats[code] = nf
	}
	if !nf.Date {
		return "", false
	}
	serial, err := strconv.ParseFloat(x, 64)
	if err != nil || serial < 1 || serial > 2958465 {
		return "", false
	}
	days := int(serial)
	if g.t.Date1904 {
		days += 1462
	}
	y, m, d := unixDay(days - 25569)
	out := strconv.Itoa(y) + "年" + strconv.Itoa(m) + "月"
	if strings.ContainsAny(strings.ToLower(stripQuoted(code)), "d") {
		out += strconv.Itoa(d) + "日"
	}
	return out, true
}

// stripQuoted drops the quoted literals of a format code.
func stripQuoted(code string) string {
	var b strings.Builder
	quoted := false
	for _, r := range code {
		if r == '"' {
			quoted = !quoted
			continue
		}
		if !quoted {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// text is the cell's text, or the text of the merged range holding it.
func (g *grid) text(r, c int) string {
	if o, ok := g.origin[[2]int{r, c}]; ok {
		return g.raw(o[0], o[1])
	}
	return g.raw(r, c)
}

// ref is the A1 reference of the cell whose text text(r, c) shows.
func (g *grid) ref(r, c int) string {
	if o, ok := g.origin[[2]int{r, c}]; ok {
		return sheet.CellRef(o[0], o[1])
	}
	return sheet.CellRef(r, c)
}

func (g *grid) blank(r int) bool {
	for c := 0; c < g.width; c++ {
		if g.raw(r, c) != "" {
			return false
		}
	}
	return true
}

// firstText is the first column of row r with text, or -1.
func (g *grid) firstText(r int) int {
	for c := 0; c < g.width; c++ {
		if g.raw(r, c) != "" {
			return c
		}
	}
	return -1
}

func (g *grid) hasFigureAfter(r, c0 int) bool {
	for c := c0 + 1; c < g.width; c++ {
		if x := g.raw(r, c); x != "" && isFigure(x) && !footnote(x) {
			return true
		}
	}
	return false
}

var footnoteStart = regexp.MustCompile(`^(注[:：0-9①-⑳释]|注$|说明[:：]|备注|附注|资料来源|数据来源|\*注)`)

// footnote reports a row label that starts the notes under a table (注：…, 说明：, 资料来源：).
func footnote(s string) bool { return footnoteStart.MatchString(strings.TrimSpace(normalise(s))) }

var titleWords = regexp.MustCompile(`单位|制表|编制|来源|日期|发布`)

// titleish reports a row above the header: a single text (the merged title), or texts that
// only give the unit, period or compiler.
func (g *grid) titleish(r int) bool {
	var texts []string
	for c := 0; c < g.width; c++ {
		if x := g.raw(r, c); x != "" {
			texts = append(texts, x)
		}
	}
	if len(texts) <= 1 {
		return true
	}
	for _, x := range texts {
		if _, _, p := periodText(x); p < 2 && !titleWords.MatchString(x) {
			return false
		}
	}
	return true
}

// colHead is one column's header: the texts from the top header row down, and their cells.
type colHead struct {
	parts, refs []string
}

func (h colHead) text() string { return strings.Join(h.parts, "/") }

// layoutGuess is a sheet's shape: where the title, header and data are.
type shape struct {
	g            *grid
	first        int // first non-blank row
	hdr0, data0  int // header rows are [hdr0, data0)
	heads        []colHead
	label        int      // the column of row names
	titles       []string // texts above the header
	titleRefs    []string
	skipCols     map[int]bool // 序号 and the like
	sheetUnit    string
	sheetUnitRef string
	body         []int // the rows dataRows visits, once found
}

var serialHeader = regexp.MustCompile(`^(序号|编号|行次|代码|序)$`)

// analyse finds the title, header and data rows of a bulletin sheet, or returns false.
func analyse(t *sheet.Table) (*shape, bool) {
	g := newGrid(t)
	s := &shape{g: g, first: -1, skipCols: map[int]bool{}}
	for r := range t.Rows {
		if !g.blank(r) {
			s.first = r
			break
		}
	}
	if s.first < 0 {
		return nil, false
	}
	s.data0 = -1
	for r := s.first + 1; r < len(t.Rows) && r < s.first+40; r++ {
		if c := g.firstText(r); c >= 0 && g.hasFigureAfter(r, c) {
			s.data0 = r
			break
		}
	}
	if s.data0 < 0 {
		return nil, false
	}
	s.hdr0 = -1
	for r := s.first; r < s.data0; r++ {
		if g.blank(r) {
			continue
		}
		if s.hdr0 < 0 && !g.titleish(r) {
			s.hdr0 = r
		}
		if s.hdr0 < 0 {
			for c := 0; c < g.width; c++ {
				if x := g.raw(r, c); x != "" {
					s.titles, s.titleRefs = append(s.titles, x), append(s.titleRefs, sheet.CellRef(r, c))
				}
			}
		}
	}
	if s.hdr0 < 0 {
		return nil, false
	}
	s.heads = make([]colHead, g.width)
	carry := len(t.Merges) == 0
	for r := s.hdr0; r < s.data0; r++ {
		last, lastRef := "", ""
		for c := 0; c < g.width; c++ {
			x, ref := g.text(r, c), g.ref(r, c)
			if x == "" && carry && c > 0 && r < s.data0-1 && last != "" && g.raw(r+1, c) != "" {
				x, ref = last, lastRef
			}
			if x != "" {
				last, lastRef = x, ref
			}
			if x == "" {
				continue
			}
			h := &s.heads[c]
			if n := len(h.refs); n > 0 && h.refs[n-1] == ref {
				continue
			}
			h.parts, h.refs = append(h.parts, x), append(h.refs, ref)
			if u := unitNote(x); u != "" && s.sheetUnit == "" {
				s.sheetUnit, s.sheetUnitRef = u, ref
			}
		}
	}
	for c, h := range s.heads {
		if len(h.parts) > 0 && serialHeader.MatchString(cleanName(h.text())) {
			s.skipCols[c] = true
		}
	}
	for i, x := range s.titles {
		if u := unitNote(x); u != "" {
			s.sheetUnit, s.sheetUnitRef = u, s.titleRefs[i]
			break
		}
	}
	s.label = -1
	for c := 0; c < g.width && s.label < 0; c++ {
		if s.skipCols[c] {
			continue
		}
		for r := s.data0; r < len(t.Rows); r++ {
			x := g.text(r, c)
			if fc := g.firstText(r); fc >= 0 && footnote(g.raw(r, fc)) {
				break
			}
			if x != "" && !isFigure(x) {
				s.label = c
				break
			}
		}
	}
	return s, s.label >= 0
}

// unitNote reads a 单位：亿元 note.
func unitNote(s string) string {
	c := brackets.Replace(normalise(s))
	i := strings.Index(c, "单位")
	if i < 0 {
		return ""
	}
	return cleanUnit(c[i:])
}

// dataRows calls fn for each row of the table body, up to the notes under it.
func (s *shape) dataRows(fn func(r int)) {
	if s.body == nil {
		s.body = []int{}
		for r := s.data0; r < len(s.g.t.Rows); r++ {
			if s.g.blank(r) {
				continue
			}
			if fc := s.g.firstText(r); fc >= 0 && footnote(s.g.raw(r, fc)) {
				break
			}
			s.body = append(s.body, r)
		}
	}
	for _, r := range s.body {
		fn(r)
	}
}

var (
	labelIndicatorWords = regexp.MustCompile(`指标|项目`)
	labelRegionWords    = regexp.MustCompile(`地区|区域|县|市|镇|街|地市|城市|单位名称`)
)

// guessLayout tells the two bulletin layouts apart: by the label column's header, else by what
// its names resolve to.
func (s *shape) guessLayout(rv *resolver, source string) Layout {
	head := cleanName(s.heads[s.label].text())
	switch {
	case labelIndicatorWords.MatchString(head):
		return LayoutIndicatorRows
	case labelRegionWords.MatchString(head):
		return LayoutRegionRows
	}
	inds, regions := 0, 0
	s.dataRows(func(r int) {
		name := cleanName(s.g.text(r, s.label))
		if _, _, _, ok := rv.indicator(source, name); ok {
			inds++
		}
		if totalNames[name] || len(rv.all.find(name)) > 0 {
			regions++
		}
	})
	switch {
	case inds > regions:
		return LayoutIndicatorRows
	case regions > inds:
		return LayoutRegionRows
	}
	return ""
}

type colRole int

const (
	roleIgnore colRole = iota
	roleValue
	roleGrowth
	roleRank
)

type scope int

const (
	scopeNone scope = iota
	scopeCum
	scopeMonth
	scopeEarlier // a cumulative column of an earlier period (1-4月 beside 1-5月): not read
)

// colClass is what a figure column holds.
type colClass struct {
	role   colRole
	scope  scope
	month  int    // a month the header names (1-6月 → 6), 0 when none
	rankBy string // for roleRank
	unit   string
	unitAt string // the header cell that gives unit
	ref    string // the header cell that says the scope or role
	text   string
}

var (
	rankWords     = regexp.MustCompile(`排名|位次|名次|排位|排序`)
	rankValue     = regexp.MustCompile(`总量|绝对值|规模|数值|总额`)
	growthWords   = regexp.MustCompile(`增长|增速|增幅|同比|比上年|比去年|±|^\(?%\)?$`)
	lastYearWords = regexp.MustCompile(`上年|去年|上期`)
	shareWords    = regexp.MustCompile(`占比|比重|占全|贡献`)
	cumWords      = regexp.MustCompile(`累计|1-本月|1-\d{1,2}月|本年|上半年|前三季度|全年|1-[1-4]季度?|[一二三四1-4]季度`)
	monthWords    = regexp.MustCompile(`本月|当月|同月`)
	monthLead     = regexp.MustCompile(`^(\d{1,2})月份?($|[^末底])`) // 9月比上年同月增长: a single month's
	cumMonth      = regexp.MustCompile(`1-(\d{1,2})月`)
)

func classify(parts, refs []string) colClass {
	var c colClass
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = dashes.Replace(strings.Map(func(r rune) rune {
			if nameMark(r) && r != '*' {
				return -1
			}
			return r
		}, brackets.Replace(normalise(p))))
		if u := unitIn(p); u != "" && u != "%" && c.unit == "" {
			c.unit, c.unitAt = u, refs[i]
		}
	}
	c.text = strings.Join(texts, "/")
	any := func(re *regexp.Regexp) int {
		for i, t := range texts {
			if re.MatchString(t) {
				return i
			}
		}
		return -1
	}
	switch {
	case any(rankWords) >= 0:
		c.role, c.rankBy = roleRank, "growth"
		if any(rankValue) >= 0 {
			c.rankBy = "value"
		}
	case any(growthWords) >= 0:
		c.role = roleGrowth
	case any(lastYearWords) >= 0, any(shareWords) >= 0:
		c.role = roleIgnore
	default:
		c.role = roleValue
	}
	if i := any(cumWords); i >= 0 {
		c.scope, c.ref = scopeCum, refs[i]
		if m := cumMonth.FindStringSubmatch(texts[i]); m != nil {
			c.month, _ = strconv.Atoi(m[1])
		} else if _, mo, p := periodText(texts[i]); p >= 3 {
			c.month = mo
		}
	} else if i := any(monthWords); i >= 0 {
		c.scope, c.ref = scopeMonth, refs[i]
		if m := monthLead.FindStringSubmatch(texts[i]); m != nil {
			c.month, _ = strconv.Atoi(m[1])
		}
	} else if i := any(monthLead); i >= 0 {
		c.scope, c.ref = scopeMonth, refs[i]
		c.month, _ = strconv.Atoi(monthLead.FindStringSubmatch(texts[i])[1])
	} else {
		for i, t := range texts {
			if m, ok := monthHeader(t); ok {
				c.scope, c.month, c.ref = scopeMonth, m, refs[i]
				break
			}
		}
	}
	if c.ref == "" && len(refs) > 0 {
		c.ref = refs[len(refs)-1]
	}
	return c
}

// picked is the columns a group of figure columns is read from.
type picked struct {
	value, growth, monthly int // -1 when absent
	ranks                  []int
	onlyMonthly            bool // only single-month columns: nothing cumulative to read
}

// pick chooses, among cols (classes in cls), the cumulative value and growth, the ranks that go
// with them and a single-month value (for the consistency check). A growth or rank column that
// names no scope takes the scope of the nearest value column to its left.
func pick(cols []int, cls map[int]*colClass, monthIsCum bool) picked {
	p := picked{value: -1, growth: -1, monthly: -1}
	sc := scopeNone
	for _, c := range cols {
		k := cls[c]
		if k.role == roleValue || k.role == roleIgnore {
			sc = k.scope
		} else if k.scope == scopeNone {
			k.scope = sc
		}
	}
	want := scopeNone
	has := map[scope]bool{}
	for _, c := range cols {
		if cls[c].role != roleIgnore {
			has[cls[c].scope] = true
		}
	}
	switch {
	case has[scopeCum]:
		want = scopeCum
	case has[scopeNone]:
		want = scopeNone
	case has[scopeMonth] && monthIsCum:
		want = scopeMonth
	case has[scopeMonth]:
		p.onlyMonthly = true
		return p
	}
	for _, c := range cols {
		k := cls[c]
		switch {
		case k.scope == want && k.role == roleValue && p.value < 0:
			p.value = c
		case k.scope == want && k.role == roleGrowth && p.growth < 0:
			p.growth = c
		case k.scope == want && k.role == roleRank:
			p.ranks = append(p.ranks, c)
		case k.scope == scopeMonth && want != scopeMonth && k.role == roleValue && p.monthly < 0:
			p.monthly = c
		}
	}
	return p
}

// regionsInTitle finds the regions whose names a title contains: the most specific level first,
// then the longest name. It returns every region sharing that name (more than one when the name
// is ambiguous).
func (rv *resolver) regionsInTitle(titles []string) []domain.Region {
	text := cleanName(strings.Join(titles, ""))
	depth := map[domain.RegionLevel]int{domain.LevelProvince: 1, domain.LevelPrefecture: 2, domain.LevelCounty: 3, domain.LevelTown: 4}
	var best []domain.Region
	bestD, bestL := 0, 0
	for name, rs := range rv.all.full {
		if len([]rune(name)) < 2 || !strings.Contains(text, name) {
			continue
		}
		d, l := depth[rs[0].Level], len(name)
		switch {
		case d > bestD || (d == bestD && l > bestL):
			best, bestD, bestL = append([]domain.Region(nil), rs...), d, l
		case d == bestD && l == bestL:
			best = append(best, rs...)
		}
	}
	return best
}
