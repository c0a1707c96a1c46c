package domain

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// LeadStage is where an attraction lead (招商线索) stands: 线索 → 洽谈 → 签约 → 注册 → 供地 → 动工 →
// 投产, or 终止 (given up, with a reason). Stages are written, stored and shown by their Chinese
// names, which are the contract of files and JSON.
type LeadStage string

const (
	LeadNew        LeadStage = "线索"
	LeadTalks      LeadStage = "洽谈"
	LeadSigned     LeadStage = "签约"
	LeadRegistered LeadStage = "注册"
	LeadLand       LeadStage = "供地"
	LeadStarted    LeadStage = "动工"
	LeadProducing  LeadStage = "投产"
	LeadTerminated LeadStage = "终止"
)

// LeadStages are the stages of the funnel in order (终止 is not one of them).
var LeadStages = []LeadStage{LeadNew, LeadTalks, LeadSigned, LeadRegistered, LeadLand, LeadStarted, LeadProducing}

// Index is the stage's place in the funnel (0 for 线索), -1 for 终止 or an unknown stage.
func (s LeadStage) Index() int {
	for i, x := range LeadStages {
		if x == s {
			return i
		}
	}
	return -1
}

// Valid reports whether s is a funnel stage or 终止.
func (s LeadStage) Valid() bool { return s == LeadTerminated || s.Index() >= 0 }

// AtOrPast reports whether s has reached stage o of the funnel (never for 终止).
func (s LeadStage) AtOrPast(o LeadStage) bool { return s.Index() >= 0 && s.Index() >= o.Index() }

// SourceRegions are where leads come from (来源地区).
var SourceRegions = []string{"大湾区", "长三角", "成渝", "京津", "欧洲", "其他"}

// BigLeadInvestment is the line of 亿元以上项目, in 亿元: a lead of exactly 1亿 is one.
const BigLeadInvestment = 1.0

// MaxLeadName is the longest lead name, in characters.
const MaxLeadName = 80

// Lead is one attraction lead. Money is in 亿元; dates are YYYY-MM-DD ("" when not reached).
type Lead struct {
	Code         string
	Name         string
	Stage        LeadStage
	Investment   float64 // planned investment, 亿元
	Industry     string  // industry cluster
	SourceRegion string
	Team         string // 招商小组
	RegionCode   string // the county or one of its towns
	SignedDate   string
	// The handling of a received lead, for the response deadlines: received (线索 date),
	// responded, assessed (研判), fed back.
	ReceivedDate, RespondedDate, AssessedDate, FeedbackDate string
	TerminateReason                                         string
	// StageDates: the date each stage was reached (signed is SignedDate as well).
	StageDates  map[LeadStage]string
	ProjectCode string // the key project the lead became, if any
	Sample      bool   // 示例
	Revision    int
}

// Big reports the ≥ 1亿 flag (亿元以上, 1亿 included), judged at the two decimals 亿元 are written with.
func (l Lead) Big() bool { return math.Round(l.Investment*100) >= BigLeadInvestment*100 }

// Counts reports whether the lead counts among the year's attracted projects up to end
// (YYYY-MM-DD, inclusive): at or past 签约, ≥ 1亿, signed in end's year no later than end.
// A 终止 lead never counts.
func (l Lead) Counts(end string) bool {
	if !l.Stage.AtOrPast(LeadSigned) || !l.Big() || len(end) < 4 || len(l.SignedDate) != 10 {
		return false
	}
	return l.SignedDate >= end[:4]+"-01-01" && l.SignedDate <= end
}

// Validate returns every rule the lead breaks, each naming its import column.
func (l Lead) Validate() []*FieldError {
	var out []*FieldError
	if l.Code == "" || len(l.Code) > 40 || strings.ContainsAny(l.Code, " \t/\\?#%") {
		out = append(out, fieldError("code", "leads.bad_code", "leads.expect.code", l.Code))
	}
	if strings.TrimSpace(l.Name) == "" || utf8.RuneCountInString(l.Name) > MaxLeadName {
		out = append(out, fieldError("name", "leads.bad_name", "leads.expect.name", MaxLeadName))
	}
	if !l.Stage.Valid() {
		out = append(out, fieldError("stage", "leads.bad_stage", "leads.expect.stage", string(l.Stage)))
	}
	if l.Investment < 0 || math.IsNaN(l.Investment) || math.IsInf(l.Investment, 0) {
		out = append(out, fieldError("investment", "leads.bad_investment", "leads.expect.investment"))
	}
	if !validSource(l.SourceRegion) {
		out = append(out, fieldError("source_region", "leads.bad_source", "leads.expect.source_region", l.SourceRegion))
	}
	if strings.TrimSpace(l.Team) == "" {
		out = append(out, fieldError("team", "leads.team_missing", "leads.expect.team"))
	}
	for _, d := range []struct{ col, v string }{{"signed_date", l.SignedDate}, {"received_date", l.ReceivedDate},
		{"responded_date", l.RespondedDate}, {"assessed_date", l.AssessedDate}, {"feedback_date", l.FeedbackDate}} {
		if d.v != "" && !ValidDate(d.v) {
			out = append(out, fieldError(d.col, "leads.bad_date", "leads.expect.date", d.v))
		}
	}
	if l.Stage.AtOrPast(LeadSigned) && l.SignedDate == "" {
		out = append(out, fieldError("signed_date", "leads.signed_date_missing", "leads.expect.signed_date", string(l.Stage)))
	}
	if l.Stage == LeadTerminated && strings.TrimSpace(l.TerminateReason) == "" {
		out = append(out, fieldError("terminate_reason", "leads.reason_missing", "leads.expect.reason"))
	}
	return out
}

func validSource(s string) bool {
	for _, x := range SourceRegions {
		if x == s {
			return true
		}
	}
	return false
}

// ValidDate reports whether s is a calendar date written YYYY-MM-DD.
func ValidDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	y, m, d := atoi(s[:4]), atoi(s[5:7]), atoi(s[8:])
	if y < 1900 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && (y%4 == 0 && y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// DayNumber is the number of days from 1970-01-01 to a valid YYYY-MM-DD date (for differences).
func DayNumber(s string) int {
	t := time.Date(atoi(s[:4]), time.Month(atoi(s[5:7])), atoi(s[8:]), 0, 0, 0, 0, time.UTC)
	return int(t.Unix() / 86400)
}

// LeadDeadline is a response rule for leads of at least MinInvestment 亿元: days from receipt to
// respond, to assess (研判) and to feed back.
type LeadDeadline struct {
	MinInvestment                     float64
	RespondDays, AssessDays, FeedDays int
}

// DeadlineFor returns the rule for a lead: the one with the largest MinInvestment the lead reaches.
func DeadlineFor(rules []LeadDeadline, l Lead) (LeadDeadline, bool) {
	var best LeadDeadline
	found := false
	for _, r := range rules {
		if math.Round(l.Investment*100) >= math.Round(r.MinInvestment*100) && (!found || r.MinInvestment > best.MinInvestment) {
			best, found = r, true
		}
	}
	return best, found
}

// Overdue is a step of a lead's handling past its deadline on a day.
type Overdue struct {
	Step string // respond | assess | feedback
	Due  string // YYYY-MM-DD
	Days int    // days past Due
}

// OverdueOn returns the first step of l's handling not done by its deadline on day today
// (YYYY-MM-DD), by rule; a lead without a receipt date, or 终止, is never overdue.
func (l Lead) OverdueOn(rule LeadDeadline, today string) (Overdue, bool) {
	if l.Stage == LeadTerminated || !ValidDate(l.ReceivedDate) || !ValidDate(today) {
		return Overdue{}, false
	}
	start, now := DayNumber(l.ReceivedDate), DayNumber(today)
	for _, st := range []struct {
		step string
		done string
		days int
	}{{"respond", l.RespondedDate, rule.RespondDays}, {"assess", l.AssessedDate, rule.AssessDays}, {"feedback", l.FeedbackDate, rule.FeedDays}} {
		due := start + st.days
		if st.done == "" && now > due {
			return Overdue{Step: st.step, Due: dateOf(due), Days: now - due}, true
		}
	}
	return Overdue{}, false
}

// dateOf is the inverse of DayNumber.
func dateOf(n int) string { return time.Unix(int64(n)*86400, 0).UTC().Format("2006-01-02") }

// RegionPrefix is the code prefix of every region within r (GB/T 2260): a province's two
// digits, a prefecture's four, a county's six (its towns' nine-digit codes start with them).
func RegionPrefix(r Region) string {
	switch {
	case r.Level == LevelProvince && len(r.Code) >= 2:
		return r.Code[:2]
	case r.Level == LevelPrefecture && len(r.Code) >= 4:
		return r.Code[:4]
	}
	return r.Code
}

// MonthEnd is the last day (YYYY-MM-DD) of a valid month YYYY-MM.
func MonthEnd(period string) string {
	t := time.Date(atoi(period[:4]), time.Month(atoi(period[5:7]))+1, 0, 0, 0, 0, 0, time.UTC)
	return t.Format("2006-01-02")
}

// CountedStages are the stages at which a lead counts (签约 and after), as written.
func CountedStages() []string {
	var out []string
	for _, s := range LeadStages[LeadSigned.Index():] {
		out = append(out, string(s))
	}
	return out
}

// BigLeadFloor is the least investment Big accepts: 1亿 at two decimals, so 0.995亿.
const BigLeadFloor = BigLeadInvestment - 0.005

// RegisterRevision is one version of a register row (a lead, an enterprise): its number, the
// row as it stood (JSON), who wrote it and when.
type RegisterRevision struct {
	Revision   int
	Body       string
	RecordedBy string
	RecordedAt time.Time
}
