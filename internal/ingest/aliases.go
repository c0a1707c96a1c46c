package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"pacer/internal/domain"
)

// indicatorAliases maps the names statistics bureaus print for the built-in indicators, as
// cleanName leaves them, to indicator codes. The catalogue's own names (and codes) are matched
// too, so they need no entry here.
var indicatorAliases = map[string]string{
	"地区生产总值": "gdp", "GDP": "gdp", "生产总值": "gdp", "本地生产总值": "gdp", "全市生产总值": "gdp",
	"规模以上工业增加值": "industry_va", "规上工业增加值": "industry_va", "规模以上工业企业增加值": "industry_va",
	"规上工业企业增加值": "industry_va",
	"固定资产投资":    "fai", "固投": "fai", "固定资产投资额": "fai", "固定资产投资总额": "fai", "固定资产投资不含农户": "fai",
	"全社会固定资产投资": "fai", "固定资产投资完成额": "fai", "固定资产投资(不含农户)": "fai",
	"工业投资": "industrial_investment", "工业固定资产投资": "industrial_investment", "工业投资额": "industrial_investment",
	"基础设施投资": "infra_investment", "基础设施建设投资": "infra_investment", "基建投资": "infra_investment",
	"房地产开发投资": "realestate_investment", "房地产投资": "realestate_investment", "房地产开发投资额": "realestate_investment",
	"房地产开发投资完成额": "realestate_investment",
	"技术改造投资":     "techreform_investment", "技改投资": "techreform_investment", "工业技术改造投资": "techreform_investment",
	"工业技改投资":    "techreform_investment",
	"社会消费品零售总额": "retail", "社零总额": "retail", "社零": "retail", "社会消费品零售额": "retail",
	"外贸进出口总额": "trade", "外贸进出口": "trade", "进出口总额": "trade", "进出口": "trade", "外贸进出口总值": "trade",
	"进出口总值": "trade", "货物进出口总额": "trade", "货物进出口": "trade",
	"第三产业用电量": "tertiary_power", "三产用电量": "tertiary_power", "第三产业用电": "tertiary_power",
	"规模以上服务业营业收入": "services_revenue", "规上服务业营业收入": "services_revenue", "规上服务业营收": "services_revenue",
	"接待游客": "tourists", "接待游客人次": "tourists", "接待游客总人次": "tourists", "游客接待量": "tourists",
	"旅游收入": "tourism_revenue", "旅游总收入": "tourism_revenue",
	"一般公共预算收入": "budget_revenue", "地方一般公共预算收入": "budget_revenue", "一般公共财政预算收入": "budget_revenue",
	"地方一般公共财政预算收入": "budget_revenue", "公共财政预算收入": "budget_revenue", "地方公共财政预算收入": "budget_revenue",
	"重点项目完成投资": "key_project_investment", "重点项目投资": "key_project_investment",
	"引进亿元以上项目": "attracted_projects", "引进亿元以上项目数": "attracted_projects",
	"引进项目计划总投资": "attracted_investment",
	"新入库规上工业企业": "new_above_scale_industrial", "新增规上工业企业": "new_above_scale_industrial",
	"新入库规模以上工业企业": "new_above_scale_industrial",
	"城镇调查失业率":     "unemployment", "调查失业率": "unemployment",
	"单位GDP能耗": "energy_intensity", "单位生产总值能耗": "energy_intensity", "万元GDP能耗": "energy_intensity",
	"金融机构本外币各项存款余额": "deposits", "本外币存款余额": "deposits", "各项存款余额": "deposits", "存款余额": "deposits",
	"金融机构本外币各项贷款余额": "loans", "本外币贷款余额": "loans", "各项贷款余额": "loans", "贷款余额": "loans",
	"城镇化率": "urbanization", "常住人口城镇化水平": "urbanization", "研发经费投入强度": "rd_intensity", "R&D投入强度": "rd_intensity",
}

// harmlessQualifiers are bracketed remarks after a name that do not change what it measures.
var harmlessQualifiers = map[string]bool{
	"GDP": true, "可比价": true, "现价": true, "当年价": true, "累计": true, "不含农户": true, "全口径": true,
	"按可比价计算": true, "按现价计算": true,
}

// nameMarks are characters stripped from names wherever they stand: spaces of every width used
// to align names in a table, and footnote marks.
func nameMark(r rune) bool {
	switch {
	case unicode.IsSpace(r), r == '\u3000', r == '\u00a0', r == '\u200b', r == '\ufeff':
		return true
	case r == '*', r == '＊', r == '※', r == '△', r == '▲', r == '☆', r == '★', r == '#', r == '＃':
		return true
	case r >= '①' && r <= '⑳', r >= '⑴' && r <= '⒇', r == '¹', r == '²', r == '³', r >= '⁰' && r <= '⁹':
		return true
	}
	return false
}

var brackets = strings.NewReplacer("（", "(", "）", ")", "【", "[", "】", "]", "：", ":", "〔", "[", "〕", "]")

var namePrefixes = []*regexp.Regexp{
	regexp.MustCompile(`^其中[:,、]?`),
	regexp.MustCompile(`^内[:：]`),
	regexp.MustCompile(`^[0-9]+[.、)]`),
	regexp.MustCompile(`^\([0-9]+\)`),
	regexp.MustCompile(`^[一二三四五六七八九十]+[、.]`),
	regexp.MustCompile(`^\([一二三四五六七八九十]+\)`),
}

// cleanName turns a name as printed in a bulletin into the form names are matched in: ASCII
// digits and brackets, no spaces or footnote marks, no leading 其中： or numbering, no trailing
// remark naming a unit or a harmless qualifier (（亿元）, (%), （可比价）), ASCII letters upper-case.
func cleanName(s string) string {
	s = brackets.Replace(normalise(s))
	s = strings.Map(func(r rune) rune {
		if nameMark(r) {
			return -1
		}
		if r < utf8.RuneSelf {
			return unicode.ToUpper(r)
		}
		return r
	}, s)
	for changed := prefixable(s); changed; {
		changed = false
		for _, re := range namePrefixes {
			if loc := re.FindStringIndex(s); loc != nil && loc[1] < len(s) {
				s, changed = s[loc[1]:], true
			}
		}
	}
	for strings.HasSuffix(s, ")") || strings.HasSuffix(s, "]") {
		open := strings.LastIndexAny(s, "([")
		if open <= 0 {
			break
		}
		inner := s[open+1 : len(s)-1]
		if !harmlessQualifiers[inner] && !isUnitRemark(inner) {
			break
		}
		s = s[:open]
	}
	return s
}

// prefixable reports whether s may start with a prefix cleanName strips (其中, 内:, numbering),
// so that plain names skip the regular expressions.
func prefixable(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("其内0123456789(一二三四五六七八九十", r)
}

// isUnitRemark reports whether a bracketed remark only names units: 亿元, %, 单位:万元, 亿元、%.
func isUnitRemark(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "单位:"), "单位")
	if s == "" {
		return false
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '、' || r == ',' || r == '/' || r == ';' }) {
		if _, ok := units[part]; !ok {
			return false
		}
	}
	return true
}

var growthSuffixes = []string{"累计同比增长", "同比增长率", "同比增速", "同比增长", "累计增速", "增长率", "增速", "增幅", "增长"}

// growthName reports whether a cleaned name names a growth (规上工业增加值增速) and returns the name
// of what grows.
func growthName(s string) (string, bool) {
	for _, suf := range growthSuffixes {
		if base, ok := strings.CutSuffix(s, suf); ok && utf8.RuneCountInString(base) >= 2 {
			return base, true
		}
	}
	return s, false
}

// indicatorNames indexes the catalogue's names, codes and the aliases by cleaned name.
func indicatorNames(cat Catalogue) map[string]string {
	m := map[string]string{}
	for alias, code := range indicatorAliases {
		if _, ok := cat.Indicators[code]; ok {
			m[alias] = code
		}
	}
	for code, ind := range cat.Indicators {
		m[cleanName(ind.Name)] = code
		m[strings.ToUpper(code)] = code
	}
	return m
}

// Total-row names: the parent region itself.
var totalNames = map[string]bool{
	"全市": true, "全省": true, "全县": true, "全区": true, "合计": true, "总计": true, "全市合计": true, "全省合计": true,
	"全县合计": true, "全区合计": true, "汇总": true, "全市总计": true, "全省总计": true, "全市(县、区)合计": true,
}

// regionSuffixes are stripped to match a region printed without its suffix (蓬江 for 蓬江区).
var regionSuffixes = []string{"自治县", "街道", "市", "区", "县", "镇", "乡", "街"}

// regionStem returns name without its administrative suffix, or "" when what is left is shorter
// than two characters.
func regionStem(name string) string {
	for _, suf := range regionSuffixes {
		if stem, ok := strings.CutSuffix(name, suf); ok {
			if utf8.RuneCountInString(stem) >= 2 {
				return stem
			}
			return ""
		}
	}
	return ""
}

// regionIndex finds regions by cleaned name, with or without their suffix.
type regionIndex struct {
	full, stem map[string][]domain.Region
}

func newRegionIndex(regions []domain.Region) *regionIndex {
	x := &regionIndex{full: map[string][]domain.Region{}, stem: map[string][]domain.Region{}}
	for _, r := range regions {
		n := cleanName(r.Name)
		x.full[n] = append(x.full[n], r)
		if st := regionStem(n); st != "" {
			x.stem[st] = append(x.stem[st], r)
		}
	}
	return x
}

// find returns the regions a cleaned label may name: by full name first, else by stem.
func (x *regionIndex) find(label string) []domain.Region {
	if rs := x.full[label]; len(rs) > 0 {
		return rs
	}
	if rs := x.stem[label]; len(rs) > 0 {
		return rs
	}
	if st := regionStem(label); st != "" {
		return x.stem[st]
	}
	return nil
}
