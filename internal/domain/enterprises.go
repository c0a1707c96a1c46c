package domain

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// Enterprise titles (称号) of the cultivation ladder, lowest first; written and shown by these
// Chinese names.
const (
	TitleInnovativeSME  = "创新型中小企业"
	TitleProvincialSRDI = "省级专精特新"
	TitleLittleGiant    = `国家级专精特新"小巨人"`
	TitleHighTech       = "高新技术企业"
)

// Titles lists the titles: the 专精特新 ladder in order, then 高新技术企业.
var Titles = []string{TitleInnovativeSME, TitleProvincialSRDI, TitleLittleGiant, TitleHighTech}

// ValidTitle reports whether t is one of Titles. The little giant may be written with Chinese
// quotes (“小巨人”) or none; NormalTitle makes them one.
func ValidTitle(t string) bool {
	for _, x := range Titles {
		if x == t {
			return true
		}
	}
	return false
}

// NormalTitle writes the little-giant title one way, whatever quotes it came with.
func NormalTitle(t string) string {
	t = strings.TrimSpace(t)
	r := strings.NewReplacer("“", "", "”", "", `"`, "", "＂", "", "'", "")
	if r.Replace(t) == "国家级专精特新小巨人" {
		return TitleLittleGiant
	}
	return t
}

// SRDI reports whether t is a 专精特新 title (provincial or national), the ones applications count.
func SRDI(t string) bool { return t == TitleProvincialSRDI || t == TitleLittleGiant }

// EnterpriseTitle is a title an enterprise holds (Granted set) or applied for (Applied set).
type EnterpriseTitle struct {
	Title            string
	Applied, Granted string // YYYY-MM-DD or ""
}

// Enterprise is a firm of the county, keyed by its 统一社会信用代码. Money is in 亿元.
type Enterprise struct {
	CreditCode     string
	Name           string
	RegionCode     string
	Industry       string
	Titles         []EnterpriseTitle
	AboveScaleDate string   // 规上入库 date, "" if not above scale
	Output, Tax    *float64 // annual output and tax, 亿元
	Sample         bool
	Revision       int
}

// creditChars are the characters of a 统一社会信用代码 (GB 32100-2015): digits and upper-case
// letters without I, O, Z, S, V; a character's value is its index.
const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCheckChar returns the check character of the first 17 characters of a code, false when
// they are not 17 characters of the code's set.
func CreditCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditChars, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * creditWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return creditChars[c], true
}

// CheckCreditCode validates a 统一社会信用代码: 18 characters of the code's set whose 3rd–8th
// are the registering region's digits and whose last is the check character. A wrong check
// character is refused with the one expected.
func CheckCreditCode(code string) *FieldError {
	if len(code) != 18 || utf8.RuneCountInString(code) != 18 {
		return fieldError("credit_code", "enterprises.bad_credit_code", "enterprises.expect.credit_code", code)
	}
	for i := 2; i < 8; i++ {
		if code[i] < '0' || code[i] > '9' {
			return fieldError("credit_code", "enterprises.bad_credit_code", "enterprises.expect.credit_code", code)
		}
	}
	want, ok := CreditCheckChar(code[:17])
	if !ok || strings.IndexByte(creditChars, code[17]) < 0 {
		return fieldError("credit_code", "enterprises.bad_credit_code", "enterprises.expect.credit_code", code)
	}
	if code[17] != want {
		fe := fieldError("credit_code", "enterprises.bad_check_char", "enterprises.expect.check_char", code, string(want))
		fe.Expected.Args = []any{string(want)}
		return fe
	}
	return nil
}

// Validate returns every rule the enterprise breaks, each naming its import column.
func (e Enterprise) Validate() []*FieldError {
	var out []*FieldError
	if fe := CheckCreditCode(e.CreditCode); fe != nil {
		out = append(out, fe)
	}
	if strings.TrimSpace(e.Name) == "" || utf8.RuneCountInString(e.Name) > 100 {
		out = append(out, fieldError("name", "enterprises.bad_name", "enterprises.expect.name"))
	}
	for _, t := range e.Titles {
		if !ValidTitle(t.Title) {
			out = append(out, fieldError("titles", "enterprises.bad_title", "enterprises.expect.title", t.Title))
		}
		for _, d := range []string{t.Applied, t.Granted} {
			if d != "" && !ValidDate(d) {
				out = append(out, fieldError("titles", "enterprises.bad_date", "enterprises.expect.title_date", d))
			}
		}
	}
	if e.AboveScaleDate != "" && !ValidDate(e.AboveScaleDate) {
		out = append(out, fieldError("above_scale_date", "enterprises.bad_date", "enterprises.expect.date", e.AboveScaleDate))
	}
	for _, m := range []struct {
		col string
		v   *float64
	}{{"output", e.Output}, {"tax", e.Tax}} {
		if m.v != nil && (*m.v < 0 || math.IsNaN(*m.v) || math.IsInf(*m.v, 0)) {
			out = append(out, fieldError(m.col, "enterprises.bad_money", "enterprises.expect.money"))
		}
	}
	return out
}

// Holds reports whether the enterprise holds title (granted, on any date).
func (e Enterprise) Holds(title string) bool {
	for _, t := range e.Titles {
		if t.Title == title && t.Granted != "" {
			return true
		}
	}
	return false
}

// SortTitles orders titles as the ladder does (Titles), so that a firm reads the same however
// its titles were written.
func SortTitles(ts []EnterpriseTitle) {
	rank := func(t string) int {
		for i, x := range Titles {
			if x == t {
				return i
			}
		}
		return len(Titles)
	}
	sort.SliceStable(ts, func(i, j int) bool { return rank(ts[i].Title) < rank(ts[j].Title) })
}
