package ingest

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// sheetCtx reads one bulletin sheet.
type sheetCtx struct {
	rv      *resolver
	opt     *BulletinOptions
	source  string
	res     *sheetResult
	region  *domain.Region // --region
	s       *shape
	idx     int
	classes map[int]*colClass
}

// read recognises the sheet's layout and reads its figures. It reports false when the sheet is
// no bulletin (the caller decides whether that is a problem).
func (c *sheetCtx) read(idx int) bool {
	c.idx = idx
	t := c.res.t
	if t.Hidden {
		c.res.info.Skipped = locale.M("ingest.skip.hidden")
		return true
	}
	s, ok := analyse(t)
	if !ok {
		c.res.info.Skipped = locale.M("ingest.skip.not_bulletin")
		return false
	}
	c.s = s
	layout := c.opt.Layout
	if layout == LayoutAuto {
		layout = s.guessLayout(c.rv, c.source)
	}
	switch layout {
	case LayoutIndicatorRows:
		c.res.layout = layout
		c.indicatorRows()
	case LayoutRegionRows:
		c.res.layout = layout
		c.regionRows()
	default:
		c.res.info.Skipped = locale.M("ingest.skip.no_layout")
		return false
	}
	c.res.info.Layout = c.res.layout
	return true
}

func (c *sheetCtx) titleRef() string {
	if len(c.s.titleRefs) > 0 {
		return c.s.titleRefs[0]
	}
	return sheet.CellRef(c.s.hdr0, 0)
}

// titleText is the text of the title cell (titleRef).
func (c *sheetCtx) titleText() string {
	if len(c.s.titles) > 0 {
		return c.s.titles[0]
	}
	return ""
}

// period reads the sheet's period: --period, else the title, else a year in the title with the
// month of a cumulative column header (1-6月).
func (c *sheetCtx) period(cls map[int]*colClass) (pace.Period, bool) {
	if c.opt.Period != "" {
		p, _ := pace.ParsePeriod(c.opt.Period)
		c.res.info.Period = p.String()
		return p, true
	}
	year, month, best := 0, 0, 0
	for _, x := range c.s.titles {
		y, m, pr := periodText(x)
		if y != 0 && year == 0 {
			year = y
		}
		if pr > best && m != 0 {
			best, month = pr, m
			if y != 0 {
				year = y
			}
		}
	}
	if y, m, ok := sheetPeriod(c.res.t.Sheet); ok && (year == 0 || month == 0) { // a sheet named 2023.03
		if year == 0 {
			year = y
		}
		if month == 0 {
			month = m
		}
	}
	if month == 0 { // the latest month of the cumulative columns (1-5月 beside 1-4月增速)
		for _, k := range cls {
			if k.scope == scopeCum && k.month > month {
				month = k.month
			}
		}
	}
	p := pace.Period{Year: year, Month: month}
	if !p.Valid() {
		c.res.fail(c.titleRef(), c.titleText(), "ingest.expect.title_period")
		return p, false
	}
	c.res.info.Period = p.String()
	return p, true
}

// dropEarlier sets aside the cumulative columns of an earlier period than p (1-4月增速(%) beside
// 1-5月), with a warning naming them, when the sheet has columns of p itself; a sheet whose
// cumulative columns all name another month is left to checkMonths.
func (c *sheetCtx) dropEarlier(p pace.Period, cls map[int]*colClass) {
	var cols, own []int
	for col, k := range cls {
		switch {
		case k.scope == scopeCum && k.month != 0 && k.month < p.Month:
			cols = append(cols, col)
		case k.scope == scopeCum:
			own = append(own, col)
		}
	}
	if len(cols) == 0 || len(own) == 0 {
		return
	}
	sort.Ints(cols)
	var list locale.Msg
	for i, col := range cols {
		k := cls[col]
		k.scope = scopeEarlier
		key := "bulletin.col"
		if c.res.t.ColHidden(col) {
			key = "bulletin.col_hidden"
		}
		item := locale.M(key, k.ref, k.text)
		if i == 0 {
			list = item
		} else {
			list = locale.M("bulletin.list", list, item)
		}
	}
	c.res.notes = append(c.res.notes, Warning{Kind: WarnEarlierColumns, File: c.res.t.File, Sheet: c.res.t.Sheet, Cell: cls[cols[0]].ref,
		Period: p.String(), Message: locale.M("bulletin.warn.earlier_columns", list, p.String(), p.Month)})
}

var sheetYearMonth = regexp.MustCompile(`^(\d{4})\s*[.\-_/年]\s*(\d{1,2})\s*(月份?)?$|^(\d{4})(\d{2})$`)

// sheetPeriod reads a period from a sheet's name: 2023.03, 2023-3, 202303, 2023年1-3月.
func sheetPeriod(name string) (year, month int, ok bool) {
	n := dashes.Replace(normalise(name))
	if m := sheetYearMonth.FindStringSubmatch(n); m != nil {
		ys, ms := m[1], m[2]
		if ys == "" {
			ys, ms = m[4], m[5]
		}
		year, _ = strconv.Atoi(ys)
		month, _ = strconv.Atoi(ms)
		return year, month, month >= 1 && month <= 12 && year >= 1900
	}
	if y, m, pr := periodText(n); pr >= 2 && y != 0 && m != 0 {
		return y, m, true
	}
	return 0, 0, false
}

// checkMonths reports a cumulative column whose header names another month than the period.
func (c *sheetCtx) checkMonths(p pace.Period, cols []int, cls map[int]*colClass) bool {
	ok := true
	for _, col := range cols {
		if col < 0 {
			continue
		}
		if k := cls[col]; k.scope == scopeCum && k.month != 0 && k.month != p.Month {
			c.res.fail(k.ref, k.text, "ingest.expect.month_column", p.String(), p.Month)
			ok = false
		}
	}
	return ok
}

// bulletinRegion is the region of an indicator-row bulletin: --region, else the title.
func (c *sheetCtx) bulletinRegion() (domain.Region, bool) {
	if c.region != nil {
		return *c.region, true
	}
	rs := c.rv.regionsInTitle(c.s.titles)
	if len(rs) == 0 {
		rs = c.rv.regionsInTitle([]string{c.res.t.Sheet}) // a sheet named 鹤山市
	}
	switch len(rs) {
	case 1:
		return rs[0], true
	case 0:
		c.res.fail(c.titleRef(), c.titleText(), "ingest.expect.title_region")
	default:
		c.res.fail(c.titleRef(), c.titleText(), "ingest.expect.one_region", describeRegions(rs))
	}
	return domain.Region{}, false
}

func describeRegions(rs []domain.Region) string {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Code < rs[j].Code })
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.Code+" "+r.Name)
	}
	return strings.Join(parts, "、")
}

// readCell reads one figure cell as it shows (figureCell): "" and nil when not published; the
// shown number converted by shift (a power of ten, from unit) — or, when the cell's own number
// format prints a unit, from that unit to ind's — and its number; false, with a problem, when it
// is not a number. rd records the conversion.
func (c *sheetCtx) readCell(rd *reading, shift int, unit string, ind *domain.Indicator) (string, *float64, bool) {
	if notPublished(rd.shown) {
		return "", nil, true
	}
	t := figureText(rd.shown)
	if v, err := ParseNumber(t); err != nil || v == nil {
		c.res.fail(rd.ref, rd.stored, "ingest.expect.bulletin_number")
		return "", nil, false
	}
	if ind != nil && rd.unit != "" {
		s, ok := convertible(rd.unit, ind.Unit)
		if !ok {
			c.res.fail(rd.ref, rd.unit, "ingest.expect.unit_convertible", ind.Name, ind.Unit, ind.Code)
			return "", nil, false
		}
		shift, unit = s, rd.unit
	} else if unit != "" && unit != "%" {
		rd.unit = unit
	}
	if ind != nil && rd.unit != "" && rd.unit != ind.Unit {
		rd.to = ind.Unit
	}
	rd.shift = shift
	text := shiftDecimal(t, shift)
	v, err := ParseNumber(text)
	if err != nil {
		return t, nil, true // Parse reports it
	}
	return text, v, true
}

// readRank reads a rank cell: 0 when not published.
func (c *sheetCtx) readRank(raw, ref string) (int, bool) {
	if notPublished(raw) {
		return 0, true
	}
	n, ok := parseRank(raw)
	if !ok {
		c.res.fail(ref, raw, "ingest.expect.rank")
	}
	return n, ok
}

// unitShift says how to state a figure printed in unit u (from refU) in ind's unit. A unit of
// another dimension than the indicator's is a problem unless it only came from a sheet-wide note.
func (c *sheetCtx) unitShift(u, refU string, sheetWide bool, ind domain.Indicator) (int, bool) {
	if u == "" || u == "%" {
		return 0, true
	}
	shift, ok := convertible(u, ind.Unit)
	if ok {
		return shift, true
	}
	if sheetWide {
		if _, known := units[ind.Unit]; !known || units[u].dim != units[ind.Unit].dim {
			return 0, true // a note for the sheet's money figures, not for this indicator
		}
	}
	c.res.fail(refU, u, "ingest.expect.unit_convertible", ind.Name, ind.Unit, ind.Code)
	return 0, false
}

// figureFor starts a figure of this sheet.
func (c *sheetCtx) figureFor(r int, label string, region domain.Region, total bool, ind domain.Indicator, p pace.Period) *figure {
	return &figure{file: c.res.t.File, sheet: c.res.t.Sheet, label: label, labelRef: sheet.CellRef(r, c.s.label),
		region: region, total: total, ind: ind, period: p.String(), periodRef: c.titleRef(), sheetIdx: c.idx}
}

// fill reads the value, growth, ranks and single-month value of one figure from the picked
// columns of row r. growthOnly: the name is of a growth, so a figure in the value column is the
// growth. It reports whether anything was published.
func (c *sheetCtx) fill(f *figure, r int, pk picked, shift int, unit string, growthOnly, pctUnit bool) (published, ok bool) {
	g := c.s.g
	ok = true
	vcol, gcol := pk.value, pk.growth
	if (growthOnly || pctUnit) && vcol >= 0 {
		if gcol < 0 || notPublished(g.raw(r, gcol)) {
			gcol = vcol
		}
		vcol = -1
	}
	for _, col := range []int{vcol, gcol} {
		if m, ok := c.mergedFigure(r, col); ok { // one number across two figure columns: which is it?
			c.res.fail(sheet.CellRef(r, col), m.Start+":"+m.End, "bulletin.expect.merged_figure", m.Start+":"+m.End)
			return false, false
		}
	}
	if vcol >= 0 {
		f.valueRd = g.figureCell(r, vcol)
		f.valueRd.head = c.s.heads[vcol].text()
		f.valueRaw, f.valueRef, f.valueSheet = f.valueRd.stored, f.valueRd.ref, f.sheet
		var good bool
		f.valueText, f.value, good = c.readCell(&f.valueRd, shift, unit, &f.ind)
		ok = ok && good
	}
	if gcol >= 0 {
		f.growthRd = g.figureCell(r, gcol)
		f.growthRd.head = c.s.heads[gcol].text()
		f.growthRaw, f.growthRef, f.growthSheet = f.growthRd.stored, f.growthRd.ref, f.sheet
		var good bool
		f.growthText, f.growth, good = c.readCell(&f.growthRd, 0, "", nil)
		ok = ok && good
	}
	for _, rc := range pk.ranks {
		raw, ref := g.raw(r, rc), sheet.CellRef(r, rc)
		n, good := c.readRank(raw, ref)
		ok = ok && good
		if n > 0 {
			by := store.RankByGrowth
			if k := c.classes[rc]; k != nil && k.rankBy == "value" {
				by = store.RankByValue
			}
			f.ranks = append(f.ranks, rankCell{rank: n, by: by, ref: ref, raw: raw})
		}
	}
	if pk.monthly >= 0 && !growthOnly && !pctUnit {
		if rd := g.figureCell(r, pk.monthly); !notPublished(rd.shown) {
			if _, v, good := c.readCell(&rd, shift, unit, &f.ind); good {
				f.monthly, f.monthlyRef = v, rd.ref
			} else {
				ok = false
			}
		}
	}
	published = f.valueText != "" || f.growthText != "" || len(f.ranks) > 0 ||
		(f.valueRaw != "" && !notPublished(f.valueRaw)) || (f.growthRaw != "" && !notPublished(f.growthRaw))
	return published, ok
}

// anyPublished reports whether row r has a published figure in any of cols.
func (c *sheetCtx) anyPublished(r int, cols ...int) bool {
	for _, col := range cols {
		if col >= 0 && !notPublished(c.s.g.raw(r, col)) {
			return true
		}
	}
	return false
}

func (pk picked) cols() []int {
	return append([]int{pk.value, pk.growth}, pk.ranks...)
}

var unitHeader = regexp.MustCompile(`^(计量)?单位$`)

// indicatorRows reads one row per indicator of one region.
func (c *sheetCtx) indicatorRows() {
	s, g := c.s, c.s.g
	unitCol := -1
	cls := map[int]*colClass{}
	var cols []int
	for col := 0; col < g.width; col++ {
		if col == s.label || s.skipCols[col] || len(s.heads[col].parts) == 0 {
			continue
		}
		if unitHeader.MatchString(cleanName(s.heads[col].text())) {
			unitCol = col
			continue
		}
		k := classify(s.heads[col].parts, s.heads[col].refs)
		cls[col] = &k
		cols = append(cols, col)
	}
	c.classes = cls
	region, okR := c.bulletinRegion()
	p, okP := c.period(cls)
	if okR {
		c.res.info.RegionCode, c.res.info.RegionName = region.Code, region.Name
	}
	if okP {
		c.dropEarlier(p, cls)
	}
	pk := pick(cols, cls, okP && p.Month == 1)
	if pk.onlyMonthly || (pk.value < 0 && pk.growth < 0) {
		key := "ingest.expect.cumulative"
		if pk.onlyMonthly {
			key = "ingest.expect.cumulative_only"
		}
		c.res.fail(sheet.CellRef(s.hdr0, 0), s.heads[s.label].text(), key)
		return
	}
	if !okR || !okP || !c.checkMonths(p, []int{pk.value, pk.growth}, cls) {
		return
	}
	s.dataRows(func(r int) {
		labelRaw := g.text(r, s.label)
		if labelRaw == "" {
			return
		}
		name := cleanName(labelRaw)
		ref := sheet.CellRef(r, s.label)
		if !c.anyPublished(r, pk.cols()...) {
			why := "ingest.skip.heading"
			if c.anyPublished(r, pk.monthly) {
				why = "ingest.skip.monthly_only"
			} else if c.rowHasDash(r) {
				why = "ingest.skip.not_published"
			}
			c.res.skip(r, labelRaw, ref, why)
			return
		}
		ind, growthOnly, skip, ok := c.rv.indicator(c.source, name)
		switch {
		case skip:
			c.res.skip(r, labelRaw, ref, "ingest.skip.by_map")
			return
		case !ok && c.res.t.RowHidden(r):
			c.res.skip(r, labelRaw, ref, "bulletin.skip.hidden_row") // a hidden row of an unknown name does not block
			return
		case !ok:
			c.res.unmappedName(store.MappingIndicator, labelRaw, name, ref)
			return
		}
		u, uref, sheetWide := "", "", false
		if unitCol >= 0 {
			if x := g.raw(r, unitCol); x != "" {
				u, uref = cleanUnit(x), sheet.CellRef(r, unitCol)
				if u == "" {
					u = cleanName(x)
				}
			}
		}
		if u == "" && pk.value >= 0 && cls[pk.value].unit != "" {
			u, uref = cls[pk.value].unit, cls[pk.value].unitAt
		}
		if u == "" {
			u, uref, sheetWide = s.sheetUnit, s.sheetUnitRef, true
		}
		shift, okU := c.unitShift(u, uref, sheetWide, ind)
		f := c.figureFor(r, labelRaw, region, false, ind, p)
		cu := u
		if _, conv := convertible(u, ind.Unit); !conv {
			cu = "" // a sheet-wide note for other figures
		}
		published, okF := c.fill(f, r, pk, shift, cu, growthOnly, u == "%" && ind.Unit != "%") // a level in % is a value
		if !okU || !okF {
			return
		}
		if !published {
			c.res.skip(r, labelRaw, ref, "ingest.skip.not_published")
			return
		}
		c.res.figures = append(c.res.figures, f)
	})
}

// mergedFigure reports a figure cell inside a range merged across columns whose top-left holds
// a number: the number stands for more than one column, and none of them can be told.
func (c *sheetCtx) mergedFigure(r, col int) (sheet.Merge, bool) {
	if col < 0 {
		return sheet.Merge{}, false
	}
	for _, m := range c.res.t.Merges {
		r0, c0, r1, c1, ok := m.Bounds()
		if !ok || c1 == c0 || r < r0 || r > r1 || col < c0 || col > c1 {
			continue
		}
		x := c.s.g.raw(r0, c0)
		if v, err := ParseNumber(figureText(x)); err == nil && v != nil {
			return m, true
		}
		return sheet.Merge{}, false
	}
	return sheet.Merge{}, false
}

// allHidden reports whether every column of cols is hidden.
func (c *sheetCtx) allHidden(cols []int) bool {
	for _, col := range cols {
		if !c.res.t.ColHidden(col) {
			return false
		}
	}
	return len(cols) > 0
}

func (c *sheetCtx) rowHasDash(r int) bool {
	for col := 0; col < c.s.g.width; col++ {
		if x := c.s.g.raw(r, col); x != "" && col != c.s.label && notPublished(x) {
			return true
		}
	}
	return false
}

var subWords = regexp.MustCompile(`绝对值|数值|总量|金额|总额|累计|本年|本月|当月|上年|去年|同期|同月|同比|增长率|增长|增速|增幅|` +
	`排名|位次|名次|排位|排序|全省|全市|全县|全区|在|中|比|的|值|率|上半年|前三季度|全年|季度|1-\d{1,2}月|\d{1,2}月份?|\d{4}年|` +
	`[%±\-/:()\[\]]|单位|亿元|万元|千元|元|万人次|人次|亿千瓦时|万千瓦时|千瓦时|个|家|项|占比|比重|年|月|[一二三四]`)

// subLabel reports a header text that only says what kind of figure a column holds (绝对值,
// 增长(%), 排名, 1-6月), not which indicator.
func subLabel(p string) bool {
	c := strings.Map(func(r rune) rune {
		if nameMark(r) {
			return -1
		}
		return r
	}, dashes.Replace(brackets.Replace(normalise(p))))
	return c != "" && subWords.ReplaceAllString(c, "") == ""
}

// group is the columns of one indicator in a region-row sheet.
type group struct {
	label, ref string
	cols       []int
}

var titleNoise = regexp.MustCompile(`\d{4}年(度)?|1-\d{1,2}月(份)?|\d{1,2}月(份)?|上半年|前三季度|全年|[一二三四1-4]季度|` +
	`各[县市区镇乡街](\([县市区镇乡街、,]*\))?|主要(经济)?指标|完成情况|情况表?|统计表?|一览表|^[(]|[)]$`)

// indicatorInTitle is the indicator a one-indicator table's title names: the longest name of an
// indicator (built-in, alias or mapped) it contains, else the title without its period, regions
// and words such as 各县（市、区）, for --map.
func (c *sheetCtx) indicatorInTitle() string {
	text := cleanName(strings.Join(c.s.titles, ""))
	best := ""
	consider := func(n string) {
		if len(n) > len(best) && utf8.RuneCountInString(n) >= 2 && strings.Contains(text, n) {
			best = n
		}
	}
	for n := range c.rv.indNames {
		consider(n)
	}
	for n, m := range c.rv.explicit {
		if m.kind != store.MappingRegion {
			consider(n)
		}
	}
	for n, m := range c.rv.remembered[c.source] {
		if m.kind != store.MappingRegion {
			consider(n)
		}
	}
	if best != "" {
		return best
	}
	for _, r := range c.rv.regionsInTitle(c.s.titles) {
		text = strings.ReplaceAll(text, cleanName(r.Name), "")
	}
	if rest := titleNoise.ReplaceAllString(text, ""); rest != "" {
		return rest
	}
	return text
}

// parentOfRows is the region whose children every row names that names one region only (at
// least two rows: 蓬江区, 江海区, … are all of 江门市), so that 合计 is its total and 鹤山 its
// 鹤山市; nil when the rows are of several regions.
func (c *sheetCtx) parentOfRows() *domain.Region {
	var rows [][]domain.Region // the regions each named row may be
	count := map[string]int{}  // parent → rows that may be its children
	c.s.dataRows(func(r int) {
		name := cleanName(c.s.g.text(r, c.s.label))
		if name == "" || totalNames[name] {
			return
		}
		var rs []domain.Region
		if m, ok := c.rv.mapped(c.source, name); ok {
			if m.kind != store.MappingRegion {
				return
			}
			rs = []domain.Region{c.rv.byCode[m.code]}
		} else {
			rs = c.rv.all.find(name)
		}
		if len(rs) == 0 {
			return
		}
		rows = append(rows, rs)
		seen := map[string]bool{}
		for _, x := range rs {
			if x.Parent != "" && !seen[x.Parent] {
				seen[x.Parent] = true
				count[x.Parent]++
			}
		}
	})
	parent := ""
	for code, n := range count {
		if n > count[parent] || (n == count[parent] && code < parent) {
			parent = code
		}
	}
	if count[parent] < 2 {
		return nil
	}
	for _, rs := range rows { // every row is the parent's child, or the parent itself (its total)
		ok := false
		for _, x := range rs {
			ok = ok || x.Parent == parent || x.Code == parent
		}
		if !ok {
			return nil
		}
	}
	p, ok := c.rv.byCode[parent]
	if !ok {
		return nil
	}
	return &p
}

// regionRows reads one row per region, indicators across the top.
func (c *sheetCtx) regionRows() {
	s, g := c.s, c.s.g
	if c.region != nil {
		c.res.parent = c.region
	} else if rs := c.rv.regionsInTitle(s.titles); len(rs) == 1 {
		c.res.parent = &rs[0]
	} else if len(rs) > 1 {
		c.res.fail(c.titleRef(), c.titleText(), "ingest.expect.one_parent", describeRegions(rs))
		return
	} else if rs := c.rv.regionsInTitle([]string{c.res.t.Sheet}); len(rs) == 1 && rs[0].Level != domain.LevelCounty {
		c.res.parent = &rs[0] // a sheet named 江门
	} else if p := c.parentOfRows(); p != nil {
		c.res.parent = p
	}
	if c.res.parent != nil {
		c.res.info.RegionCode, c.res.info.RegionName = c.res.parent.Code, c.res.parent.Name
	}
	cands, childLevel := c.rv.candidates(c.res.parent)
	c.res.childLevel = childLevel

	cls := map[int]*colClass{}
	var groups []*group
	for col := 0; col < g.width; col++ {
		h := s.heads[col]
		if col == s.label || s.skipCols[col] || len(h.parts) == 0 {
			continue
		}
		li := -1
		for i, part := range h.parts {
			if !subLabel(part) {
				li = i
				break
			}
		}
		var sub, subRefs []string
		for i := range h.parts {
			if i != li {
				sub, subRefs = append(sub, h.parts[i]), append(subRefs, h.refs[i])
			}
		}
		if li >= 0 && len(sub) == 0 {
			sub, subRefs = h.parts[li:li+1], h.refs[li:li+1]
		}
		k := classify(sub, subRefs)
		if li >= 0 {
			if u := unitIn(h.parts[li]); u != "" && u != "%" && k.unit == "" {
				k.unit, k.unitAt = u, h.refs[li]
			}
		}
		cls[col] = &k
		switch {
		case li >= 0 && (len(groups) == 0 || groups[len(groups)-1].ref != h.refs[li]):
			groups = append(groups, &group{label: h.parts[li], ref: h.refs[li], cols: []int{col}})
		case len(groups) > 0:
			groups[len(groups)-1].cols = append(groups[len(groups)-1].cols, col)
		}
	}
	if len(groups) == 0 {
		// No indicator above the columns (地区 | 1-5月（亿元） | 增长（%）): a table of the one
		// indicator its title names.
		var cols []int
		for col := 0; col < g.width; col++ {
			if cls[col] != nil {
				cols = append(cols, col)
			}
		}
		if len(cols) > 0 {
			groups = append(groups, &group{label: c.indicatorInTitle(), ref: c.titleRef(), cols: cols})
		}
	}
	c.classes = cls
	p, okP := c.period(cls)
	if !okP {
		return
	}
	c.dropEarlier(p, cls)
	type resolved struct {
		*group
		ind        domain.Indicator
		growthOnly bool
		pk         picked
		shift      int
		unit       string
		ok         bool
	}
	var gs []*resolved
	for _, gr := range groups {
		x := &resolved{group: gr, pk: pick(gr.cols, cls, p.Month == 1)}
		if x.pk.onlyMonthly || (x.pk.value < 0 && x.pk.growth < 0 && len(x.pk.ranks) == 0) {
			continue // single-month or share columns only
		}
		if !c.checkMonths(p, []int{x.pk.value, x.pk.growth}, cls) {
			continue
		}
		published := false
		s.dataRows(func(r int) { published = published || c.anyPublished(r, x.pk.cols()...) })
		if !published {
			continue
		}
		name := cleanName(gr.label)
		ind, growthOnly, skip, ok := c.rv.indicator(c.source, name)
		switch {
		case skip:
			continue
		case !ok && c.allHidden(gr.cols):
			continue // hidden columns of an unknown indicator do not block
		case !ok:
			c.res.unmappedName(store.MappingIndicator, gr.label, name, gr.ref)
			continue
		}
		x.ind, x.growthOnly = ind, growthOnly
		u, uref, sheetWide := "", "", false
		if x.pk.value >= 0 && cls[x.pk.value].unit != "" {
			u, uref = cls[x.pk.value].unit, cls[x.pk.value].unitAt
		} else if uu := unitIn(gr.label); uu != "" && uu != "%" {
			u, uref = uu, gr.ref
		} else {
			u, uref, sheetWide = s.sheetUnit, s.sheetUnitRef, true
		}
		x.shift, x.ok = c.unitShift(u, uref, sheetWide, ind)
		if _, conv := convertible(u, ind.Unit); conv {
			x.unit = u
		}
		if x.ok {
			gs = append(gs, x)
		}
	}
	lastPref := ""
	s.dataRows(func(r int) {
		labelRaw := g.text(r, s.label)
		if labelRaw == "" {
			return
		}
		name := cleanName(labelRaw)
		ref := sheet.CellRef(r, s.label)
		var all []int
		for _, x := range gs {
			all = append(all, x.pk.cols()...)
		}
		if !c.anyPublished(r, all...) {
			why := "ingest.skip.no_figures"
			if c.rowHasDash(r) {
				why = "ingest.skip.not_published"
			}
			c.res.skip(r, labelRaw, ref, why)
			return
		}
		region, total, skip, amb, ok := c.rv.rowRegion(c.source, name, c.res.parent, cands, lastPref)
		switch {
		case skip:
			c.res.skip(r, labelRaw, ref, "ingest.skip.by_map")
			return
		case len(amb) > 0:
			c.res.fail(ref, labelRaw, "ingest.expect.one_region_name", describeRegions(amb), name)
			return
		case !ok && c.res.t.RowHidden(r):
			c.res.skip(r, labelRaw, ref, "bulletin.skip.hidden_row") // a hidden row of an unknown name does not block
			return
		case !ok:
			c.res.unmappedName(store.MappingRegion, labelRaw, name, ref)
			return
		}
		if region.Level == domain.LevelPrefecture {
			lastPref = region.Code
		}
		for _, x := range gs {
			f := c.figureFor(r, labelRaw, region, total, x.ind, p)
			published, okF := c.fill(f, r, x.pk, x.shift, x.unit, x.growthOnly, false)
			if !okF {
				continue
			}
			if !published {
				c.res.skip(r, labelRaw+" / "+x.label, sheet.CellRef(r, x.cols[0]), "ingest.skip.not_published")
				continue
			}
			c.res.figures = append(c.res.figures, f)
		}
	})
}
