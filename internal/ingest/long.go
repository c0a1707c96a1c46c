package ingest

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// Format is the kind of long file, recognised by its header.
type Format string

const (
	Observations Format = "observations"
	Targets      Format = "targets"
	Indicators   Format = "indicators"
)

// columns lists each format's required columns (in the contract order) and optional ones.
var columns = map[Format]struct{ required, optional []string }{
	Observations: {[]string{"region_code", "indicator", "period", "value", "growth"}, []string{"region_name", "source", "note", "sample"}},
	Targets:      {[]string{"region_code", "indicator", "year", "tier", "value", "growth"}, []string{"region_name", "source", "sample"}},
	Indicators: {[]string{"code", "name", "unit", "kind", "direction", "precision"},
		[]string{"name_en", "mode", "tolerance", "growth_tolerance", "owner_unit", "comparable_price", "frequency"}},
}

// Catalogue is what validation checks codes against.
type Catalogue struct {
	Regions    map[string]domain.Region
	Indicators map[string]domain.Indicator
}

// LoadCatalogue reads the regions and indicators a store knows.
func LoadCatalogue(ctx context.Context, s *store.Store) (Catalogue, error) {
	c := Catalogue{Regions: map[string]domain.Region{}, Indicators: map[string]domain.Indicator{}}
	regions, err := s.Regions(ctx)
	if err != nil {
		return c, err
	}
	for _, r := range regions {
		c.Regions[r.Code] = r
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		return c, err
	}
	for _, i := range inds {
		c.Indicators[i.Code] = i
	}
	return c, nil
}

// table is one recognised table with its column positions.
type table struct {
	sheet.Table
	format  Format
	col     map[string]int
	multi   bool // the workbook has several tables: name the sheet in problems
	fromXLS bool
}

// Parse checks every table of one command against the catalogue and returns the batch to write,
// or every problem found. Indicator definitions apply to the other tables of the same command.
func Parse(tables []sheet.Table, cat Catalogue) (store.Batch, Problems) {
	var b store.Batch
	var probs Problems
	var recognised []*table
	perFile := map[string]int{}
	for _, t := range tables {
		if !blankTable(t) {
			perFile[t.File]++
		}
	}
	for _, t := range tables {
		if blankTable(t) {
			continue
		}
		rt, p := recognise(t)
		if p != nil {
			probs = append(probs, *p)
			continue
		}
		rt.multi = perFile[t.File] > 1
		recognised = append(recognised, rt)
	}
	// Definitions first, so observations and targets in the same command may use them.
	sort.SliceStable(recognised, func(i, j int) bool {
		return recognised[i].format == Indicators && recognised[j].format != Indicators
	})
	inds := map[string]domain.Indicator{}
	for k, v := range cat.Indicators {
		inds[k] = v
	}
	cat.Indicators = inds
	seen := map[string]seenAt{} // key → where first seen, for duplicates across files
	for _, t := range recognised {
		r := rowReader{t: t, seen: seen, cat: cat}
		for row := 1; row < len(t.Rows); row++ {
			if blankRow(t.Rows[row]) {
				continue
			}
			r.row = row
			switch t.format {
			case Indicators:
				if ind, ok := r.indicator(); ok {
					b.Indicators = append(b.Indicators, ind)
					cat.Indicators[ind.Code] = ind
				}
			case Targets:
				if tg, ok := r.target(); ok {
					b.Targets = append(b.Targets, tg)
				}
			case Observations:
				if o, ok := r.observation(); ok {
					b.Observations = append(b.Observations, o)
				}
			}
		}
		probs = append(probs, r.probs...)
	}
	return b, probs
}

func recognise(t sheet.Table) (*table, *Problem) {
	header := t.Rows[0]
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if h != "" {
			if _, dup := col[h]; !dup {
				col[h] = i
			}
		}
	}
	for _, f := range []Format{Observations, Targets, Indicators} {
		ok := true
		for _, c := range columns[f].required {
			if _, has := col[c]; !has {
				ok = false
				break
			}
		}
		if ok {
			return &table{Table: t, format: f, col: col, fromXLS: t.Sheet != ""}, nil
		}
	}
	return nil, &Problem{File: t.File, Sheet: t.Sheet, Row: 1, Value: strings.Join(header, ","),
		Expected:   "可识别的表头：观测值 region_code,indicator,period,value,growth；目标 region_code,indicator,year,tier,value,growth；指标 code,name,unit,kind,direction,precision",
		ExpectedEN: "a known header: observations region_code,indicator,period,value,growth; targets region_code,indicator,year,tier,value,growth; indicators code,name,unit,kind,direction,precision"}
}

type rowReader struct {
	t     *table
	row   int
	cat   Catalogue
	seen  map[string]seenAt
	probs Problems
}

// seenAt is where a key was first seen in a command, and with which figures.
type seenAt struct {
	t       *table
	row     int
	figures string
}

func (r *rowReader) cell(name string) string {
	i, ok := r.t.col[name]
	if !ok || i >= len(r.t.Rows[r.row]) {
		return ""
	}
	return strings.TrimSpace(r.t.Rows[r.row][i])
}

func (r *rowReader) fail(column, value, expected, expectedEN string) {
	p := Problem{File: r.t.File, Row: r.row + 1, Column: column, Value: value, Expected: expected, ExpectedEN: expectedEN}
	if r.t.multi {
		p.Sheet = r.t.Sheet
	}
	r.probs = append(r.probs, p)
}

func (at seenAt) where() string {
	w := at.t.File
	if at.t.multi {
		w += "[" + at.t.Sheet + "]"
	}
	return w + ":" + strconv.Itoa(at.row+1)
}

func (r *rowReader) region() (string, bool) {
	code := normalise(r.cell("region_code"))
	code = strings.TrimSuffix(code, ".0")
	if _, ok := r.cat.Regions[code]; !ok {
		r.fail("region_code", r.cell("region_code"), "已知的地区代码（GB/T 2260，如 440784）", "a known region code (GB/T 2260, e.g. 440784)")
		return "", false
	}
	return code, true
}

func (r *rowReader) indicatorCode() (domain.Indicator, bool) {
	code := strings.ToLower(r.cell("indicator"))
	ind, ok := r.cat.Indicators[code]
	if !ok {
		r.fail("indicator", r.cell("indicator"), "已知的指标代码（如 gdp、retail），或在同一命令的指标文件中定义", "a known indicator code (e.g. gdp, retail), or one defined by an indicator file in the same command")
	}
	return ind, ok
}

func (r *rowReader) number(column string) (*float64, bool) {
	v, err := ParseNumber(r.cell(column))
	if err != nil {
		r.fail(column, r.cell(column), "数字（如 1,234.5 或 4.7%），未公布请留空", "a number (e.g. 1,234.5 or 4.7%), or blank when not published")
		return nil, false
	}
	return v, true
}

func (r *rowReader) figures() (v, g *float64, ok bool) {
	v, okV := r.number("value")
	g, okG := r.number("growth")
	if !okV || !okG {
		return nil, nil, false
	}
	if v == nil && g == nil {
		r.fail("value", "", "value 与 growth 至少填写一项", "a value or a growth (they may not both be blank)")
		return nil, nil, false
	}
	if g != nil && *g <= -100 {
		r.fail("growth", r.cell("growth"), "大于 -100 的增速（百分数）", "a growth above -100 (percent)")
		return nil, nil, false
	}
	return v, g, true
}

func (r *rowReader) sample() bool {
	switch strings.ToLower(r.cell("sample")) {
	case "1", "true", "yes", "y", "示例", "是":
		return true
	}
	return false
}

func (r *rowReader) source() string {
	if s := r.cell("source"); s != "" {
		return s
	}
	return r.t.File
}

// duplicate reports a key seen before in this command with different figures.
func (r *rowReader) duplicate(key, figures, column, value string) bool {
	if prev, ok := r.seen[key]; ok {
		if prev.figures != figures {
			at := prev.where()
			r.fail(column, value, "每个地区、指标、期别只出现一次（与 "+at+" 冲突）", "each region, indicator and period once (conflicts with "+at+")")
		}
		return true
	}
	r.seen[key] = seenAt{r.t, r.row, figures}
	return false
}

func (r *rowReader) observation() (domain.Observation, bool) {
	region, okR := r.region()
	ind, okI := r.indicatorCode()
	period, okP := parsePeriod(r.cell("period"), r.t.fromXLS, r.t.Date1904)
	if !okP {
		r.fail("period", r.cell("period"), "期别 YYYY-MM（如 2023-06，表示 1 月至该月累计）", "a period YYYY-MM (e.g. 2023-06: January to that month, cumulative)")
	}
	v, g, okF := r.figures()
	if !okR || !okI || !okP || !okF {
		return domain.Observation{}, false
	}
	if r.duplicate("o\x00"+region+"\x00"+ind.Code+"\x00"+period, describe(v, g), "period", r.cell("period")) {
		return domain.Observation{}, false
	}
	return domain.Observation{RegionCode: region, IndicatorCode: ind.Code, Period: period, Value: v, Growth: g,
		Source: r.source(), Note: r.cell("note"), Sample: r.sample()}, true
}

var tiers = map[string]domain.Tier{
	"assigned": domain.Assigned, "下达": domain.Assigned, "下达目标": domain.Assigned,
	"stretch": domain.Stretch, "自我加压": domain.Stretch, "奋斗": domain.Stretch, "奋斗目标": domain.Stretch, "自我加压目标": domain.Stretch,
}

func (r *rowReader) target() (domain.Target, bool) {
	region, okR := r.region()
	ind, okI := r.indicatorCode()
	year, okY := ParseYear(r.cell("year"))
	if !okY {
		r.fail("year", r.cell("year"), "四位年份（如 2023）", "a four-digit year (e.g. 2023)")
	}
	tier, okT := tiers[strings.ToLower(r.cell("tier"))]
	if !okT {
		r.fail("tier", r.cell("tier"), "assigned（下达）或 stretch（自我加压）", "assigned or stretch")
	}
	v, g, okF := r.figures()
	if okF && v != nil && *v <= 0 {
		r.fail("value", r.cell("value"), "大于 0 的目标值", "a target value above 0")
		okF = false
	}
	if !okR || !okI || !okY || !okT || !okF {
		return domain.Target{}, false
	}
	if r.duplicate(fmt.Sprintf("t\x00%s\x00%s\x00%d\x00%s", region, ind.Code, year, tier), describe(v, g), "tier", r.cell("tier")) {
		return domain.Target{}, false
	}
	return domain.Target{RegionCode: region, IndicatorCode: ind.Code, Year: year, Tier: tier, Value: v, Growth: g,
		Source: r.source(), Sample: r.sample()}, true
}

var codePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

func (r *rowReader) indicator() (domain.Indicator, bool) {
	ok := true
	ind := domain.Indicator{Code: strings.ToLower(r.cell("code")), Name: r.cell("name"), NameEN: r.cell("name_en"),
		Unit: r.cell("unit"), OwnerUnit: r.cell("owner_unit"), Tolerance: 5, GrowthTolerance: 1, Mode: domain.Linear}
	if old, known := r.cat.Indicators[ind.Code]; known {
		ind.Tolerance, ind.GrowthTolerance, ind.Mode, ind.NameEN, ind.OwnerUnit = old.Tolerance, old.GrowthTolerance, old.Mode, old.NameEN, old.OwnerUnit
		ind.ComparablePrice, ind.Frequency = old.ComparablePrice, old.Frequency
		if v := r.cell("name_en"); v != "" {
			ind.NameEN = v
		}
		if v := r.cell("owner_unit"); v != "" {
			ind.OwnerUnit = v
		}
	}
	if !codePattern.MatchString(ind.Code) {
		r.fail("code", r.cell("code"), "小写字母开头、由小写字母数字和下划线组成的代码（如 platform_investment）", "a code of lower-case letters, digits and underscores, starting with a letter")
		ok = false
	}
	if ind.Name == "" {
		r.fail("name", "", "指标名称", "the indicator's name")
		ok = false
	}
	if ind.Unit == "" {
		r.fail("unit", "", "计量单位（如 亿元、个、%）", "a unit (e.g. 亿元, 个, %)")
		ok = false
	}
	switch k := domain.IndicatorKind(strings.ToLower(r.cell("kind"))); k {
	case domain.KindFlow, domain.KindCount, domain.KindStock, domain.KindRate, domain.KindLevel:
		ind.Kind = k
	default:
		r.fail("kind", r.cell("kind"), "flow、count、stock、rate 或 level", "flow, count, stock, rate or level")
		ok = false
	}
	switch d := domain.Direction(strings.ToLower(r.cell("direction"))); d {
	case domain.Up, domain.Down:
		ind.Direction = d
	default:
		r.fail("direction", r.cell("direction"), "up（越大越好）或 down（越小越好）", "up (higher is better) or down")
		ok = false
	}
	p, err := strconv.Atoi(strings.TrimSuffix(r.cell("precision"), ".0"))
	if err != nil || p < 0 || p > 6 {
		r.fail("precision", r.cell("precision"), "0 到 6 的整数（数值公布的小数位数）", "a whole number from 0 to 6 (decimals the value is published with)")
		ok = false
	}
	ind.Precision = p
	if m := strings.ToLower(r.cell("mode")); m != "" {
		switch domain.TimeProgressMode(m) {
		case domain.Linear, domain.Seasonal:
			ind.Mode = domain.TimeProgressMode(m)
		default:
			r.fail("mode", r.cell("mode"), "linear（按月均衡）或 seasonal（按上年进度）", "linear or seasonal")
			ok = false
		}
	}
	switch f := domain.Frequency(strings.ToLower(r.cell("frequency"))); f {
	case "":
	case domain.Monthly, domain.Quarterly, domain.HalfYearly, domain.Yearly:
		ind.Frequency = f
	default:
		r.fail("frequency", r.cell("frequency"), "monthly（按月，默认）、quarterly、half-yearly 或 yearly", "monthly (the default), quarterly, half-yearly or yearly")
		ok = false
	}
	switch strings.ToLower(r.cell("comparable_price")) {
	case "":
	case "1", "true", "yes", "y", "是", "可比价":
		ind.ComparablePrice = true
	case "0", "false", "no", "n", "否", "现价":
		ind.ComparablePrice = false
	default:
		r.fail("comparable_price", r.cell("comparable_price"), "true（增速按可比价公布）或 false", "true (growth published at comparable prices) or false")
		ok = false
	}
	for _, c := range []struct {
		col string
		dst *float64
	}{{"tolerance", &ind.Tolerance}, {"growth_tolerance", &ind.GrowthTolerance}} {
		if v, good := r.number(c.col); !good {
			ok = false
		} else if v != nil {
			if *v < 0 {
				r.fail(c.col, r.cell(c.col), "不小于 0 的百分点数", "a number of percentage points, 0 or more")
				ok = false
			}
			*c.dst = *v
		}
	}
	if ok && r.duplicate("i\x00"+ind.Code, describeIndicator(ind), "code", r.cell("code")) {
		return ind, false
	}
	return ind, ok
}

func describe(v, g *float64) string {
	f := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return strconv.FormatFloat(*p, 'g', -1, 64)
	}
	return f(v) + "/" + f(g)
}

func describeIndicator(i domain.Indicator) string { return fmt.Sprintf("%+v", i) }

func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func blankTable(t sheet.Table) bool {
	for _, row := range t.Rows {
		if !blankRow(row) {
			return false
		}
	}
	return true
}
