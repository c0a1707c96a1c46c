package ingest

import (
	"sort"
	"strconv"
	"strings"

	"pacer/internal/domain"
)

// headerAliases maps the headers analysts write, as headerKey leaves them, to the long format's
// column names. 地区 alone is the region's name; 指标 alone is a code or a name.
var headerAliases = map[string]string{
	"地区代码": "region_code", "区划代码": "region_code", "行政区划代码": "region_code", "地区编码": "region_code",
	"地区": "region_name", "地区名称": "region_name", "区域": "region_name", "县(市、区)": "region_name", "县市区": "region_name",
	"指标": "indicator", "指标代码": "indicator", "指标编码": "indicator",
	"指标名称": "indicator_name", "名称": "indicator_name",
	"期别": "period", "时期": "period", "报告期": "period", "统计期": "period", "月份": "period", "期间": "period",
	"累计值": "value", "数值": "value", "本期累计": "value", "本年累计": "value", "累计": "value", "绝对值": "value",
	"增速": "growth", "增长": "growth", "同比增长": "growth", "同比增速": "growth", "累计增长": "growth",
	"比上年同期增长": "growth", "增幅": "growth",
	"年份": "year", "年度": "year",
	"目标层级": "tier", "层级": "tier", "目标类型": "tier",
	"目标值": "value", "目标": "value", "目标增速": "growth", "目标增长": "growth",
	"来源": "source", "数据来源": "source", "备注": "note", "说明": "note", "示例": "sample",
	// The units file (UnitsFile) in Chinese, as the /units download writes it.
	"单位代码": "code", "单位名称": "name", "单位类型": "kind", "报送指标": "indicators", "所报指标": "indicators",
}

// headerKey is a header cell as matched: half-width, ASCII brackets, no spaces, lower-case.
func headerKey(h string) string {
	h = brackets.Replace(normalise(strings.TrimPrefix(h, "\ufeff")))
	return strings.ToLower(strings.Join(strings.Fields(h), ""))
}

// headerName is the column a header cell names: an English column name as written, or the
// column a Chinese header stands for (with or without a trailing unit remark: 增长(%)).
func headerName(h string) string {
	k := headerKey(h)
	if c, ok := headerAliases[k]; ok {
		return c
	}
	if strings.HasSuffix(k, ")") {
		if open := strings.LastIndex(k, "("); open > 0 {
			if c, ok := headerAliases[k[:open]]; ok {
				return c
			}
		}
	}
	return k
}

// hasColumn reports whether a header provides column c: a region's code or its name, an
// indicator's code or its name.
func hasColumn(col map[string]int, c string) bool {
	if _, ok := col[c]; ok {
		return true
	}
	switch c {
	case "region_code":
		_, ok := col["region_name"]
		return ok
	case "indicator":
		_, ok := col["indicator_name"]
		return ok
	}
	return false
}

// written is how the file's header names column c, for problems: 增速 rather than growth.
func (t *table) written(c string) string {
	i, ok := t.col[c]
	if !ok || i >= len(t.Rows[0]) {
		return c
	}
	if h := strings.TrimSpace(strings.TrimPrefix(t.Rows[0][i], "\ufeff")); h != "" && !strings.EqualFold(h, c) {
		return h
	}
	return c
}

func regionsOf(cat Catalogue) *regionIndex {
	rs := make([]domain.Region, 0, len(cat.Regions))
	for _, r := range cat.Regions {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Code < rs[j].Code })
	return newRegionIndex(rs)
}

// region reads the row's region from its code, its name, or both. A name alone resolves when
// one region bears it; with a code, the code decides and a name that disagrees with it is a
// warning (WarnRegionName, naming the row), never silence.
func (r *rowReader) region() (string, bool) {
	code, ok := r.regionOf()
	if ok && !r.cat.covers(code) {
		column, value := "region_code", r.cell("region_code")
		if value == "" {
			column, value = "region_name", r.cell("region_name")
		}
		r.fail(column, value, "long.expect.in_scope", r.cat.scopeLabel())
		return "", false
	}
	return code, ok
}

// regionOf reads the row's region, by code or else by name.
func (r *rowReader) regionOf() (string, bool) {
	raw := r.cell("region_code")
	name := r.cell("region_name")
	if raw != "" {
		code := strings.TrimSuffix(normalise(raw), ".0")
		_, ok := r.cat.Regions[code]
		if !ok {
			r.fail("region_code", raw, "ingest.expect.region")
			return "", false
		}
		return code, true
	}
	if name == "" {
		column := "region_code"
		if _, ok := r.t.col[column]; !ok {
			column = "region_name"
		}
		r.fail(column, "", "ingest.expect.region")
		return "", false
	}
	if reg, ok := r.cat.Regions[strings.TrimSuffix(normalise(name), ".0")]; ok {
		return reg.Code, true // a code in the name column
	}
	found := r.homeFirst(r.regions.find(cleanName(name)))
	switch len(found) {
	case 1:
		return found[0].Code, true
	case 0:
		r.fail("region_name", name, "long.expect.region_name")
	default:
		var names []string
		for _, f := range found {
			names = append(names, f.Name+" "+f.Code)
		}
		r.fail("region_name", name, "long.expect.region_ambiguous", strings.Join(names, "、"))
	}
	return "", false
}

// homeFirst keeps, of several regions, those within the home county's prefecture, when there
// are any.
func (r *rowReader) homeFirst(found []domain.Region) []domain.Region {
	home, ok := r.cat.Regions[r.cat.Home]
	if len(found) < 2 || !ok {
		return found
	}
	pref := home.Parent
	if home.Level != domain.LevelCounty || pref == "" {
		pref = home.Code
	}
	var in []domain.Region
	for _, f := range found {
		if f.Code == pref || f.Parent == pref || (f.Parent != "" && r.cat.Regions[f.Parent].Parent == pref) {
			in = append(in, f)
		}
	}
	if len(in) == 0 {
		return found
	}
	return in
}

func (r *rowReader) namesRegion(name string, reg domain.Region) bool {
	for _, f := range r.regions.find(cleanName(name)) {
		if f.Code == reg.Code {
			return true
		}
	}
	return false
}

// lookupIndicator finds an indicator by code, name or alias.
func (r *rowReader) lookupIndicator(s string) (domain.Indicator, bool) {
	if ind, ok := r.cat.Indicators[strings.ToLower(s)]; ok {
		return ind, true
	}
	n := cleanName(s)
	if code, ok := r.names[n]; ok {
		ind, ok := r.cat.Indicators[code]
		return ind, ok
	}
	for code, ind := range r.cat.Indicators { // defined by an indicator file of this command
		if cleanName(ind.Name) == n || (ind.NameEN != "" && cleanName(ind.NameEN) == n) {
			return r.cat.Indicators[code], true
		}
	}
	return domain.Indicator{}, false
}

// indicatorCode reads the row's indicator from its code or name column (a code, a name or an
// alias the bulletin reader knows); when both are given they must name the same indicator.
func (r *rowReader) indicatorCode() (domain.Indicator, bool) {
	v, name := r.cell("indicator"), r.cell("indicator_name")
	if v == "" && name != "" {
		ind, ok := r.lookupIndicator(name)
		if !ok {
			r.fail("indicator_name", name, "ingest.expect.indicator")
		}
		return ind, ok
	}
	ind, ok := r.lookupIndicator(v)
	if !ok {
		column := "indicator"
		if _, has := r.t.col[column]; !has {
			column = "indicator_name"
		}
		r.fail(column, v, "ingest.expect.indicator")
		return ind, false
	}
	if name != "" {
		if other, found := r.lookupIndicator(name); !found || other.Code != ind.Code {
			r.fail("indicator_name", name, "long.expect.indicator_name_code", ind.Name, ind.Code)
			return ind, false
		}
	}
	return ind, true
}

// period reads the row's period: YYYY-MM and the forms ParsePeriod accepts, or as a bulletin
// writes it (2023年1-9月, 2023年9月, 2023年前三季度), or without its year (1-9月) when the row has
// a year column.
func (r *rowReader) period() (string, bool) {
	s := r.cell("period")
	if p, ok := parsePeriod(s, r.t.fromXLS, r.t.Date1904); ok {
		return p, true
	}
	year, month, _ := periodText(s)
	if month < 1 || month > 12 {
		return "", false
	}
	if year == 0 {
		y, ok := ParseYear(r.cell("year"))
		if !ok {
			return "", false
		}
		year = y
	} else if yc := r.cell("year"); yc != "" {
		if y, ok := ParseYear(yc); ok && y != year {
			return "", false
		}
	}
	if year < 1900 || year > 2999 {
		return "", false
	}
	return strconv.Itoa(year) + "-" + twoDigits(month), true
}
