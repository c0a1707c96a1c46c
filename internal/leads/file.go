package leads

import (
	"strconv"
	"strings"
	"time"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/locale"
	"pacer/internal/sheet"
)

// Columns of a leads file. The required ones recognise it (pacer import tells files by header);
// stage dates other than signed_date, the handling dates, the reason of a 终止, the key project
// a lead became and the 示例 mark are optional.
var (
	Required = []string{"code", "name", "stage", "investment", "industry", "source_region", "team", "region_code", "signed_date"}
	Optional = []string{"received_date", "responded_date", "assessed_date", "feedback_date", "talks_date", "registered_date",
		"land_date", "started_date", "producing_date", "terminated_date", "terminate_reason", "project_code", "sample"}
)

// stageColumns: the column holding the date each stage was reached.
var stageColumns = map[domain.LeadStage]string{
	domain.LeadNew: "received_date", domain.LeadTalks: "talks_date", domain.LeadSigned: "signed_date",
	domain.LeadRegistered: "registered_date", domain.LeadLand: "land_date", domain.LeadStarted: "started_date",
	domain.LeadProducing: "producing_date", domain.LeadTerminated: "terminated_date",
}

// aliases are the Chinese headers of a leads file's columns, as a bureau writes them.
var aliases = map[string]string{
	"线索编号": "code", "编号": "code", "线索名称": "name", "项目名称": "name", "名称": "name",
	"阶段": "stage", "当前阶段": "stage", "项目阶段": "stage",
	"计划投资": "investment", "计划总投资": "investment", "投资额": "investment", "协议投资": "investment",
	"产业": "industry", "行业": "industry", "所属产业": "industry", "来源地区": "source_region", "来源地": "source_region",
	"招商小组": "team", "招商团队": "team", "地区代码": "region_code", "镇街代码": "region_code",
	"签约日期": "signed_date", "接洽日期": "received_date", "响应日期": "responded_date", "研判日期": "assessed_date",
	"反馈日期": "feedback_date", "洽谈日期": "talks_date", "注册日期": "registered_date", "供地日期": "land_date",
	"开工日期": "started_date", "动工日期": "started_date", "投产日期": "producing_date", "终止日期": "terminated_date",
	"终止原因": "terminate_reason", "重点项目编号": "project_code", "示例": "sample",
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

// IsLeadsTable reports whether t's header holds every required column of a leads file.
func IsLeadsTable(t sheet.Table) bool {
	h := header(t)
	for _, c := range Required {
		if _, ok := h[c]; !ok {
			return false
		}
	}
	return true
}

// reader reads the rows of one table, collecting problems.
type reader struct {
	t     sheet.Table
	h     map[string]int
	row   int // 0-based index into t.Rows
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

// date reads a date column: YYYY-MM-DD (also YYYY/MM/DD), or a spreadsheet date serial.
func (r *reader) date(col string) string {
	v := r.cell(col)
	if v == "" {
		return ""
	}
	if d, ok := ParseDate(v, r.t.Date1904); ok {
		return d
	}
	r.fail(col, v, locale.M("leads.expect.date"))
	return ""
}

// ParseDate reads a date as files hold it: YYYY-MM-DD, YYYY/MM/DD, or a spreadsheet serial.
func ParseDate(v string, date1904 bool) (string, bool) {
	v = strings.ReplaceAll(strings.TrimSpace(v), "/", "-")
	if domain.ValidDate(v) {
		return v, true
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 1 && n < 2958466 {
		base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		if date1904 {
			base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return base.AddDate(0, 0, int(n)).Format("2006-01-02"), true
	}
	if len(v) >= 8 { // 2023-7-5
		p := strings.Split(v, "-")
		if len(p) == 3 {
			y, e1 := strconv.Atoi(p[0])
			m, e2 := strconv.Atoi(p[1])
			d, e3 := strconv.Atoi(p[2])
			if e1 == nil && e2 == nil && e3 == nil {
				s := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
				if domain.ValidDate(s) && s == strconv.Itoa(y)+"-"+twoDigits(m)+"-"+twoDigits(d) {
					return s, true
				}
			}
		}
	}
	return "", false
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// IsSample reads a sample mark: 示例, 是, 1, true, yes.
func IsSample(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "示例", "是", "1", "true", "yes", "y", "sample":
		return true
	}
	return false
}

// ParseLeads reads leads tables into leads, every row checked by the rules of domain.Lead:
// the regions a lead may name are regions (the catalogue's and the database's) within scope (the
// importing account's, issue 16). Any problem fails the whole import.
func ParseLeads(tables []sheet.Table, regions map[string]domain.Region, scope domain.Scope) ([]domain.Lead, ingest.Problems) {
	var out []domain.Lead
	var probs ingest.Problems
	seen := map[string]string{}
	for _, t := range tables {
		r := &reader{t: t, h: header(t)}
		for r.row = 1; r.row < len(t.Rows); r.row++ {
			if blank(t.Rows[r.row]) {
				continue
			}
			if l, ok := r.lead(regions, scope); ok {
				where := t.File + ":" + strconv.Itoa(r.row+1)
				if at, dup := seen[l.Code]; dup {
					r.fail("code", l.Code, locale.M("leads.expect.unique_code", at))
					continue
				}
				seen[l.Code] = where
				out = append(out, l)
			}
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

func (r *reader) lead(regions map[string]domain.Region, scope domain.Scope) (domain.Lead, bool) {
	before := len(r.probs)
	l := domain.Lead{Code: r.cell("code"), Name: r.cell("name"), Stage: domain.LeadStage(r.cell("stage")), Industry: r.cell("industry"),
		SourceRegion: r.cell("source_region"), Team: r.cell("team"), RegionCode: r.cell("region_code"),
		TerminateReason: r.cell("terminate_reason"), ProjectCode: r.cell("project_code"), Sample: IsSample(r.cell("sample"))}
	if v := r.cell("investment"); v == "" {
		r.fail("investment", v, locale.M("leads.expect.investment"))
	} else if f, err := ingest.ParseNumber(v); err != nil || f == nil {
		r.fail("investment", v, locale.M("leads.expect.investment"))
	} else {
		l.Investment = *f
	}
	if _, ok := regions[l.RegionCode]; !ok {
		r.fail("region_code", l.RegionCode, locale.M("leads.expect.region"))
	} else if !scope.CoversCode(l.RegionCode, regions) {
		r.fail("region_code", l.RegionCode, locale.M("long.expect.in_scope", scope.Label(regions)))
	}
	for st, col := range stageColumns {
		if d := r.date(col); d != "" {
			if l.StageDates == nil {
				l.StageDates = map[domain.LeadStage]string{}
			}
			l.StageDates[st] = d
		}
	}
	l.SignedDate, l.ReceivedDate = l.StageDates[domain.LeadSigned], l.StageDates[domain.LeadNew]
	l.RespondedDate, l.AssessedDate, l.FeedbackDate = r.date("responded_date"), r.date("assessed_date"), r.date("feedback_date")
	if len(r.probs) > before { // dates already reported; the rules below would repeat them
		for _, fe := range l.Validate() {
			if !strings.HasSuffix(fe.Field, "_date") && fe.Field != "investment" {
				r.fail(fe.Field, valueOf(l, fe.Field), fe.Expected)
			}
		}
		return l, false
	}
	for _, fe := range l.Validate() {
		r.fail(fe.Field, valueOf(l, fe.Field), fe.Expected)
	}
	return l, len(r.probs) == before
}

func valueOf(l domain.Lead, col string) string {
	switch col {
	case "code":
		return l.Code
	case "name":
		return l.Name
	case "stage":
		return string(l.Stage)
	case "investment":
		return strconv.FormatFloat(l.Investment, 'f', -1, 64)
	case "source_region":
		return l.SourceRegion
	case "team":
		return l.Team
	case "signed_date":
		return l.SignedDate
	case "terminate_reason":
		return l.TerminateReason
	}
	return ""
}

// ProblemAt is the problem of the first row of tables whose column col holds value (compared
// trimmed, case aside): its file, row, column and value, with what was expected. A register's
// check that needs the whole of a file (what the register already holds) names the row so.
func ProblemAt(tables []sheet.Table, col, value string, expected locale.Msg) ingest.Problem {
	for _, t := range tables {
		i, ok := header(t)[col]
		if !ok {
			continue
		}
		for row := 1; row < len(t.Rows); row++ {
			if strings.EqualFold(strings.TrimSpace(t.Cell(row, i)), value) {
				return ingest.Problem{File: t.File, Sheet: t.Sheet, Row: row + 1, Column: t.Heading(i, col), Value: value, Expected: expected}
			}
		}
	}
	return ingest.Problem{Column: col, Value: value, Expected: expected}
}
