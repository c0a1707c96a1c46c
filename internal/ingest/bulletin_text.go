package ingest

import (
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// unit is a unit of measure a bulletin prints: its dimension and its size in the dimension's
// smallest unit, as a power of ten (万元 is 10⁴ 元).
type unit struct {
	dim string
	exp int
}

var units = map[string]unit{
	"元": {"money", 0}, "千元": {"money", 3}, "万元": {"money", 4}, "百万元": {"money", 6}, "亿元": {"money", 8},
	"人次": {"visits", 0}, "万人次": {"visits", 4}, "亿人次": {"visits", 8},
	"千瓦时": {"energy", 0}, "度": {"energy", 0}, "万千瓦时": {"energy", 4}, "万度": {"energy", 4}, "亿千瓦时": {"energy", 8},
	"亿度": {"energy", 8},
	"个":  {"count", 0}, "家": {"count", 0}, "项": {"count", 0}, "户": {"count", 0}, "宗": {"count", 0},
	"人": {"people", 0}, "万人": {"people", 4},
	"吨": {"mass", 0}, "万吨": {"mass", 4},
	"吨标准煤": {"coal", 0}, "万吨标准煤": {"coal", 4}, "吨标准煤/万元": {"coal per money", 0},
	"亿美元": {"usd", 8}, "万美元": {"usd", 4}, "千美元": {"usd", 3}, "美元": {"usd", 0},
	"%": {"percent", 0},
}

// cleanUnit reads a unit as printed: 亿元, （亿元）, 单位：亿元、%. It returns the first unit that is
// not %, or % when that is all there is, or "" when s names no known unit.
func cleanUnit(s string) string {
	s = cleanName(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "单位:"), "单位")
	s = strings.Trim(s, "()[]")
	if _, ok := units[s]; ok {
		return s // a compound unit such as 吨标准煤/万元
	}
	pct := false
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '、' || r == ',' || r == '/' || r == ';' }) {
		if part == "%" {
			pct = true
			continue
		}
		if _, ok := units[part]; ok {
			return part
		}
	}
	if pct {
		return "%"
	}
	return ""
}

var unitRemark = regexp.MustCompile(`[(\[]([^()\[\]]*)[)\]]`)

// unitIn finds a unit named in a header text: a bracketed remark (绝对值（万元）), a 单位： note,
// or the whole text (亿元).
func unitIn(s string) string {
	c := brackets.Replace(normalise(s))
	if u := cleanUnit(c); u != "" {
		return u
	}
	for _, m := range unitRemark.FindAllStringSubmatch(c, -1) {
		if u := cleanUnit(m[1]); u != "" {
			return u
		}
	}
	if i := strings.Index(c, "单位"); i >= 0 {
		return cleanUnit(c[i:])
	}
	return ""
}

// convertible reports whether a figure in unit from can be stated in unit to, and the power of
// ten to shift it by.
func convertible(from, to string) (shift int, ok bool) {
	if from == "" || to == "" || from == to {
		return 0, true
	}
	f, ok1 := units[from]
	t, ok2 := units[to]
	if !ok1 || !ok2 || f.dim != t.dim {
		return 0, false
	}
	return f.exp - t.exp, true
}

// shiftDecimal multiplies the decimal number text s (as ParseNumber accepts it) by 10^shift by
// moving the decimal point, so that 704256 万元 is exactly 70.4256 亿元 with no binary rounding on
// the way. It returns the plain decimal text ("70.4256").
func shiftDecimal(s string, shift int) string {
	s = strings.TrimSpace(strings.TrimSuffix(normalise(s), "%"))
	s = strings.ReplaceAll(s, ",", "")
	if shift == 0 {
		return s
	}
	if strings.ContainsAny(s, "eE") {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return s
		}
		return strconv.FormatFloat(v*math.Pow10(shift), 'f', -1, 64)
	}
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		if s[0] == '-' {
			sign = "-"
		}
		s = s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	digits := intPart + frac
	point := len(intPart) + shift // position of the decimal point in digits
	for point < 0 {
		digits, point = "0"+digits, point+1
	}
	for point > len(digits) {
		digits += "0"
	}
	ip, fp := strings.TrimLeft(digits[:point], "0"), strings.TrimRight(digits[point:], "0")
	if ip == "" {
		ip = "0"
	}
	if fp == "" {
		if ip == "0" {
			return "0"
		}
		return sign + ip
	}
	return sign + ip + "." + fp
}

// notPublished reports a cell a bulletin uses for "not published": blank, a dash of any
// length or width, a slash or an ellipsis.
func notPublished(s string) bool {
	s = strings.Map(func(r rune) rune {
		if nameMark(r) {
			return -1
		}
		return r
	}, normalise(s))
	if s == "" {
		return true
	}
	for _, r := range s {
		switch r {
		case '-', '—', '–', '―', '─', '－', '/', '…', '.', '·', '~':
		default:
			return false
		}
	}
	return true
}

// figureText returns a bulletin cell's number text without footnote marks.
func figureText(s string) string {
	s = normalise(s)
	return strings.TrimRightFunc(s, func(r rune) bool { return nameMark(r) && r != ' ' })
}

// isFigure reports whether a cell holds a number or a not-published mark (and is not blank).
func isFigure(s string) bool {
	if strings.TrimSpace(s) == "" {
		return false
	}
	if notPublished(s) {
		return true
	}
	v, err := ParseNumber(figureText(s))
	return err == nil && v != nil
}

// parseRank reads a published rank: 3, 3.0, 第3, 第3名, 3位.
func parseRank(s string) (int, bool) {
	s = figureText(s)
	s = strings.TrimPrefix(s, "第")
	s = strings.TrimRight(s, "名位")
	v, err := ParseNumber(s)
	if err != nil || v == nil || *v < 1 || *v != math.Trunc(*v) || *v > 1e6 {
		return 0, false
	}
	return int(*v), true
}

var (
	dashes      = strings.NewReplacer("—", "-", "–", "-", "―", "-", "~", "-", "～", "-", "至", "-", "到", "-", "－", "-")
	yearIn      = regexp.MustCompile(`(\d{4})\s*年`)
	rangeMonth  = regexp.MustCompile(`1\s*月?\s*-\s*(\d{1,2})\s*月`)
	quarterRng  = regexp.MustCompile(`1\s*-\s*([1-4])\s*季度?`)
	firstQs     = regexp.MustCompile(`前\s*([一二两三四1-4])\s*季度?`)
	firstQ      = regexp.MustCompile(`(^|[^二三四前])(一|第一|1)季度`)
	singleMonth = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月(份)?`)
	monthOnly   = regexp.MustCompile(`^(\d{1,2})\s*月(份)?$`)
	cnDigit     = map[string]int{"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
)

// periodText finds the cumulative period a title or header names: 2023年1-6月, 2023年上半年 (06),
// 2023年1-2月 (02), 2023年1-3季度 or 前三季度 (09), 2023年一季度 (03), 2023年全年 (12), 2023年6月
// (06, not a date such as 2023年7月20日). year or month is 0 when the text does not name it;
// priority is how sure the reading is (range forms first), 0 for nothing found.
func periodText(s string) (year, month, priority int) {
	s = dashes.Replace(normalise(s))
	if m := yearIn.FindStringSubmatch(s); m != nil {
		year, _ = strconv.Atoi(m[1])
	}
	if m := rangeMonth.FindStringSubmatch(s); m != nil {
		month, _ = strconv.Atoi(m[1])
		return year, month, 4
	}
	if m := quarterRng.FindStringSubmatch(s); m != nil {
		return year, cnDigit[m[1]] * 3, 4
	}
	if m := firstQs.FindStringSubmatch(s); m != nil {
		return year, cnDigit[m[1]] * 3, 4
	}
	switch {
	case strings.Contains(s, "上半年"):
		return year, 6, 4
	case strings.Contains(s, "全年") || strings.Contains(s, "年度"):
		return year, 12, 3
	case firstQ.MatchString(s):
		return year, 3, 3
	}
	for _, loc := range singleMonth.FindAllStringSubmatchIndex(s, -1) {
		rest := strings.TrimSpace(s[loc[1]:])
		if len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9' {
			continue // 2023年7月20日: a date
		}
		y, _ := strconv.Atoi(s[loc[2]:loc[3]])
		m, _ := strconv.Atoi(s[loc[4]:loc[5]])
		return y, m, 2
	}
	if year != 0 {
		return year, 0, 1
	}
	return 0, 0, 0
}

// monthHeader reads a single-month column header: 6月, 6月份.
func monthHeader(s string) (int, bool) {
	m := monthOnly.FindStringSubmatch(normalise(s))
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	return n, n >= 1 && n <= 12
}

var (
	sourceDates = regexp.MustCompile(`[0-9]+\s*(年|月份|月|日|号|季度|季)?|上半年|下半年|前三季度|[一二三四]季度|全年`)
	sourceSeps  = regexp.MustCompile(`[\s\-_.~—–－()\[\]（）【】、,，]+`)
)

// SourceName is the source a workbook's remembered mappings are kept under: its file name
// without extension, date digits and period words (江门统计月报2023-06.xlsx → 江门统计月报).
func SourceName(file string) string {
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	s := sourceDates.ReplaceAllString(normalise(base), " ")
	s = strings.Trim(sourceSeps.ReplaceAllString(s, "-"), "-")
	if s == "" {
		return base
	}
	return s
}
