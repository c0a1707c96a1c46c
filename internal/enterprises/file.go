package enterprises

import (
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/leads"
	"pacer/internal/locale"
	"pacer/internal/sheet"
)

// Columns of an enterprises file; the required ones recognise it. titles holds the titles
// separated by ";", each written `称号 日期` (granted on that date) or `称号 申报 日期 [认定 日期]`
// (applied for, and granted when a second date follows 认定).
var (
	Required = []string{"credit_code", "name", "region_code", "industry", "titles", "above_scale_date", "output", "tax"}
	Optional = []string{"sample"}
)

// aliases are the Chinese headers of an enterprises file's columns, as a bureau writes them.
var aliases = map[string]string{
	"统一社会信用代码": "credit_code", "信用代码": "credit_code", "社会信用代码": "credit_code",
	"企业名称": "name", "名称": "name", "地区代码": "region_code", "镇街代码": "region_code",
	"所属行业": "industry", "行业": "industry", "产业": "industry", "称号": "titles", "荣誉称号": "titles", "资质称号": "titles",
	"纳入规上日期": "above_scale_date", "规上日期": "above_scale_date", "升规日期": "above_scale_date",
	"产值": "output", "年产值": "output", "工业总产值": "output", "税收": "tax", "纳税额": "tax", "年纳税额": "tax", "示例": "sample",
}

// header maps a table's column names (trimmed, lower case; a Chinese header as the column it
// stands for, a trailing unit remark such as （亿元） ignored) to their index.
func header(t sheet.Table) map[string]int {
	h := map[string]int{}
	if len(t.Rows) == 0 {
		return h
	}
	for i, c := range t.Rows[0] {
		c = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(c, "\ufeff")))
		k := strings.NewReplacer("（", "(", "）", ")", " ", "").Replace(c)
		if j := strings.Index(k, "("); j > 0 {
			k = k[:j]
		}
		if col, ok := aliases[k]; ok {
			c = col
		}
		if _, dup := h[c]; !dup && c != "" {
			h[c] = i
		}
	}
	return h
}

// IsEnterprisesTable reports whether t's header holds every required column.
func IsEnterprisesTable(t sheet.Table) bool {
	h := header(t)
	for _, c := range Required {
		if _, ok := h[c]; !ok {
			return false
		}
	}
	return true
}

type reader struct {
	t     sheet.Table
	h     map[string]int
	row   int
	probs ingest.Problems
}

func (r *reader) cell(col string) string {
	i, ok := r.h[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.t.Cell(r.row, i))
}

func (r *reader) fail(col, value string, expected locale.Msg) {
	name := col
	if i, ok := r.h[col]; ok {
		name = r.t.Heading(i, col) // 线索编号 where the file says so, not code
	}
	r.probs = append(r.probs, ingest.Problem{File: r.t.File, Sheet: r.t.Sheet, Row: r.row + 1, Column: name, Value: value, Expected: expected})
}

// ParseTitles reads a titles cell; the error is the item that cannot be read.
func ParseTitles(cell string, date1904 bool) ([]domain.EnterpriseTitle, string, bool) {
	var out []domain.EnterpriseTitle
	for _, item := range strings.FieldsFunc(cell, func(c rune) bool { return c == ';' || c == '；' || c == '\n' }) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		toks := strings.FieldsFunc(item, func(c rune) bool { return c == ' ' || c == '\u3000' || c == ':' || c == '：' || c == '@' })
		if len(toks) < 2 {
			return nil, item, false
		}
		t := domain.EnterpriseTitle{Title: domain.NormalTitle(toks[0])}
		mode := "认定"
		for _, tok := range toks[1:] {
			switch tok {
			case "申报", "认定":
				mode = tok
				continue
			}
			d, ok := leads.ParseDate(tok, date1904)
			if !ok {
				return nil, item, false
			}
			if mode == "申报" {
				t.Applied = d
			} else {
				t.Granted = d
			}
		}
		if t.Applied == "" && t.Granted == "" {
			return nil, item, false
		}
		out = append(out, t)
	}
	domain.SortTitles(out)
	return out, "", true
}

// FormatTitles writes titles as a titles cell (ParseTitles reads it back).
func FormatTitles(ts []domain.EnterpriseTitle) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		s := t.Title
		if t.Applied != "" {
			s += " 申报 " + t.Applied
			if t.Granted != "" {
				s += " 认定 " + t.Granted
			}
		} else {
			s += " " + t.Granted
		}
		parts[i] = s
	}
	return strings.Join(parts, ";")
}

// ParseEnterprises reads enterprises tables, every row checked by domain.Enterprise's rules
// (the credit code's check character among them), its region within scope (the importing
// account's, issue 16).
func ParseEnterprises(tables []sheet.Table, regions map[string]domain.Region, scope domain.Scope) ([]domain.Enterprise, ingest.Problems) {
	var out []domain.Enterprise
	var probs ingest.Problems
	seen := map[string]string{}
	for _, t := range tables {
		r := &reader{t: t, h: header(t)}
		for r.row = 1; r.row < len(t.Rows); r.row++ {
			if blank(t.Rows[r.row]) {
				continue
			}
			e, ok := r.enterprise(regions, scope)
			if !ok {
				continue
			}
			if at, dup := seen[e.CreditCode]; dup {
				r.fail("credit_code", e.CreditCode, locale.M("enterprises.expect.unique_code", at))
				continue
			}
			seen[e.CreditCode] = t.File + ":" + strconv.Itoa(r.row+1)
			out = append(out, e)
		}
		probs = append(probs, r.probs...)
	}
	return out, probs
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func (r *reader) enterprise(regions map[string]domain.Region, scope domain.Scope) (domain.Enterprise, bool) {
	before := len(r.probs)
	e := domain.Enterprise{CreditCode: strings.ToUpper(r.cell("credit_code")), Name: r.cell("name"), RegionCode: r.cell("region_code"),
		Industry: r.cell("industry"), Sample: leads.IsSample(r.cell("sample"))}
	if _, ok := regions[e.RegionCode]; !ok {
		r.fail("region_code", e.RegionCode, locale.M("enterprises.expect.region"))
	} else if !scope.CoversCode(e.RegionCode, regions) {
		r.fail("region_code", e.RegionCode, locale.M("long.expect.in_scope", scope.Label(regions)))
	}
	if v := r.cell("above_scale_date"); v != "" {
		if d, ok := leads.ParseDate(v, r.t.Date1904); ok {
			e.AboveScaleDate = d
		} else {
			r.fail("above_scale_date", v, locale.M("enterprises.expect.date"))
		}
	}
	for _, col := range []string{"output", "tax"} {
		v := r.cell(col)
		if v == "" {
			continue
		}
		f, err := ingest.ParseNumber(v)
		if err != nil || f == nil {
			r.fail(col, v, locale.M("enterprises.expect.money"))
			continue
		}
		if col == "output" {
			e.Output = f
		} else {
			e.Tax = f
		}
	}
	ts, bad, ok := ParseTitles(r.cell("titles"), r.t.Date1904)
	if !ok {
		r.fail("titles", bad, locale.M("enterprises.expect.title_item"))
	}
	e.Titles = ts
	for _, fe := range e.Validate() {
		v := ""
		switch fe.Field {
		case "credit_code":
			v = e.CreditCode
		case "name":
			v = e.Name
		case "titles":
			v = r.cell("titles")
		case "output":
			v = r.cell("output")
		case "tax":
			v = r.cell("tax")
		default:
			continue // dates and money already reported as read
		}
		r.fail(fe.Field, v, fe.Expected)
	}
	return e, len(r.probs) == before
}
