package domain

import (
	"math"
	"pacer/internal/locale"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Key projects (重点项目): a register of investment projects, each with a level, a category, the
// town it is in, its stage, its total and annual planned investment and its monthly cumulative
// completed investment (亿元), milestones and problems.

// ProjectLevels are the levels of a key project, as written in files and JSON.
var ProjectLevels = []string{"省重点", "市重点", "县重点"}

// ProjectCategories are the categories of a key project.
var ProjectCategories = []string{"工业", "技改", "基础设施", "房地产", "服务业", "其他"}

// ProjectStages are the stages of a key project in order: 谋划储备 → 前期 → 挂牌 → 供地 → 动工 →
// 入库 → 封顶 → 试产 → 投产.
var ProjectStages = []string{"谋划储备", "前期", "挂牌", "供地", "动工", "入库", "封顶", "试产", "投产"}

// ProblemStates are the states of a project's problem (问题): open, being coordinated, solved.
var ProblemStates = []string{"待协调", "协调中", "已解决"}

// StageIndex is the position of stage in ProjectStages, -1 for an unknown stage.
func StageIndex(stage string) int { return slices.Index(ProjectStages, stage) }

// Project is one key project of the register.
type Project struct {
	Code            string
	Name            string
	Level           string
	Category        string
	RegionCode      string // a county or a town (镇街)
	Stage           string
	TotalInvestment float64 // 亿元
	OwnerUnit       string  // 责任单位
	Leader          string  // 挂点领导
	Sample          bool    // 示例: invented for the demo
	UpdatedAt       time.Time
	UpdatedBy       string
}

// Started reports whether the project has reached 动工.
func (p Project) Started() bool { return StageIndex(p.Stage) >= StageIndex("动工") }

// MaxProjectName is the longest name a project may have, in characters.
const MaxProjectName = 100

// Validate checks the project's own fields (not whether its region exists): every problem, as
// field errors keyed by column (code, name, level, category, stage, total_investment).
func (p Project) Validate() []*FieldError {
	var errs []*FieldError
	if !ValidProjectCode(p.Code) {
		errs = append(errs, projField("code", "projects.expect.code"))
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(p.Name)); n == 0 || n > MaxProjectName {
		errs = append(errs, projField("name", "projects.expect.name", MaxProjectName))
	}
	if !slices.Contains(ProjectLevels, p.Level) {
		errs = append(errs, projField("level", "projects.expect.level", strings.Join(ProjectLevels, "、")))
	}
	if !slices.Contains(ProjectCategories, p.Category) {
		errs = append(errs, projField("category", "projects.expect.category", strings.Join(ProjectCategories, "、")))
	}
	if StageIndex(p.Stage) < 0 {
		errs = append(errs, projField("stage", "projects.expect.stage", strings.Join(ProjectStages, "、")))
	}
	if !validMoney(p.TotalInvestment) {
		errs = append(errs, projField("total_investment", "projects.expect.money"))
	}
	return errs
}

// projField is an invalid field of a register row: key says what was expected.
func projField(field, key string, args ...any) *FieldError {
	return &FieldError{Field: field, Err: E(EINVALID, key, args...), Expected: locale.M(key, args...)}
}

func validMoney(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) && v >= 0 && v < 1e7 }

// ValidMoney reports whether v is an amount in 亿元 a register may hold: finite, not negative.
func ValidMoney(v float64) bool { return validMoney(v) }

// ValidProjectCode: letters, digits, '-', '_' and '.', 1 to 40 characters.
func ValidProjectCode(code string) bool {
	if code == "" || len(code) > 40 {
		return false
	}
	for _, c := range code {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// ProjectPlan is a project's annual planned investment for one year (亿元).
type ProjectPlan struct {
	ProjectCode string
	Year        int
	AnnualPlan  float64
}

// ProjectProgress is a project's cumulative completed investment from January to the end of
// Period (亿元). Every revision is kept; Revision counts from 1.
type ProjectProgress struct {
	ProjectCode string
	Period      string
	Completed   float64
	Sample      bool
	Revision    int
	RecordedAt  time.Time
	RecordedBy  string
}

// Milestone is the planned and actual date (YYYY-MM-DD, "" when none) a project reaches a stage.
type Milestone struct {
	ProjectCode string
	Stage       string
	Planned     string
	Actual      string
}

// DateLayout is how dates are written: YYYY-MM-DD.
const DateLayout = "2006-01-02"

// ValidDate (leads.go) reports whether s is a YYYY-MM-DD date.

// Done reports whether the milestone was reached.
func (m Milestone) Done() bool { return m.Actual != "" }

// DelayDays is how late the milestone is at the date asOf: reached — actual minus planned (0 when
// on time or early); not reached — asOf minus planned when that is past (0 otherwise). A milestone
// without a planned date is never late.
func (m Milestone) DelayDays(asOf time.Time) int {
	planned, err := time.Parse(DateLayout, m.Planned)
	if err != nil {
		return 0
	}
	end := asOf
	if m.Actual != "" {
		if a, err := time.Parse(DateLayout, m.Actual); err == nil {
			end = a
		}
	}
	d := int(end.Sub(planned).Hours() / 24)
	return max(d, 0)
}

// Late reports whether the milestone is not reached and past its planned date at asOf.
func (m Milestone) Late(asOf time.Time) bool { return !m.Done() && m.DelayDays(asOf) > 0 }

// Validate checks the milestone's stage and dates.
func (m Milestone) Validate() []*FieldError {
	var errs []*FieldError
	if StageIndex(m.Stage) < 0 {
		errs = append(errs, projField("milestone", "projects.expect.stage", strings.Join(ProjectStages, "、")))
	}
	if m.Planned != "" && !ValidDate(m.Planned) {
		errs = append(errs, projField("planned_date", "projects.expect.date"))
	}
	if m.Actual != "" && !ValidDate(m.Actual) {
		errs = append(errs, projField("actual_date", "projects.expect.date"))
	}
	return errs
}

// Problem (问题) is an obstacle of a project that a coordinating unit must remove by a deadline.
type Problem struct {
	ID               int64
	ProjectCode      string
	Description      string
	CoordinatingUnit string
	Deadline         string // YYYY-MM-DD or ""
	State            string // one of ProblemStates
	RecordedAt       time.Time
	RecordedBy       string
}

// Validate checks a problem's description, deadline and state.
func (p Problem) Validate() error {
	if n := utf8.RuneCountInString(strings.TrimSpace(p.Description)); n == 0 || n > 500 {
		return E(EINVALID, "projects.problem.description")
	}
	if p.Deadline != "" && !ValidDate(p.Deadline) {
		return E(EINVALID, "projects.problem.deadline", p.Deadline)
	}
	if !slices.Contains(ProblemStates, p.State) {
		return E(EINVALID, "projects.problem.state", p.State, strings.Join(ProblemStates, "、"))
	}
	return nil
}

// Overdue reports whether an unsolved problem is past its deadline at asOf.
func (p Problem) Overdue(asOf time.Time) bool {
	d, err := time.Parse(DateLayout, p.Deadline)
	return err == nil && p.State != "已解决" && asOf.After(d)
}

// Photo is a site-progress picture (形象进度) of a project for a month: the image as uploaded,
// its thumbnail, and who uploaded it when.
type Photo struct {
	ID          int64
	ProjectCode string
	Period      string
	Caption     string
	ContentType string // image/jpeg or image/png, as the content says
	Data, Thumb []byte
	Size        int64
	UploadedAt  time.Time
	UploadedBy  string
}

// ProjectFigure is one project as a summary reads it at a period: its plan for the period's year
// and its latest cumulative of that year up to the period.
type ProjectFigure struct {
	Project
	Planned   float64
	Completed float64 // the latest cumulative of the year at or before the period, 0 if none
	Reported  string  // the period of that cumulative, "" when none
	// ReportSample: that cumulative is marked 示例 (Project.Sample says the same of the project).
	ReportSample bool
}

// ProjectTotals are the sums of a group of projects.
type ProjectTotals struct {
	Count     int
	Planned   float64
	Completed float64
}

// Add counts f into t.
func (t *ProjectTotals) Add(f ProjectFigure) {
	t.Count++
	t.Planned += f.Planned
	t.Completed += f.Completed
}

// Worklist names a stage worklist of the seed: projects not started that must reach listing or
// land supply (挂牌/供地), projects with land that must start (动工), projects started but not yet
// entered in the statistics library (入库), and projects late on a milestone.
type Worklist string

const (
	WorkToListOrSupply Worklist = "to_list_or_supply"
	WorkToStart        Worklist = "to_start"
	WorkToEnter        Worklist = "to_enter"
	WorkLate           Worklist = "late"
)

// Worklists are the lists in the order pages show them.
var Worklists = []Worklist{WorkToListOrSupply, WorkToStart, WorkToEnter, WorkLate}

// WorkEntry is one project on one worklist: the milestone concerned ("" when it has none) and how
// many days it is overdue at the date asked (0 when not yet due or without a planned date).
type WorkEntry struct {
	List        Worklist
	Milestone   Milestone
	DaysOverdue int
}

// Work returns the worklists p is on at asOf, given its milestones:
//   - to_list_or_supply: before 供地 (谋划储备, 前期, 挂牌: no land, not started) with a 挂牌 or 供地
//     milestone ahead of its stage, not reached and planned by the end of asOf's year (the first
//     such milestone);
//   - to_start: at 供地 (land, not started); its 动工 milestone when it has one;
//   - to_enter: at 动工 (started, not in the library); its 入库 milestone when it has one;
//   - late: one entry per milestone not reached (no actual date, and the project's stage is
//     before it) whose planned date is past at asOf.
func (p Project) Work(ms []Milestone, asOf time.Time) []WorkEntry {
	at := StageIndex(p.Stage)
	byStage := map[string]Milestone{}
	for _, m := range ms {
		byStage[m.Stage] = m
	}
	yearEnd := time.Date(asOf.Year(), 12, 31, 0, 0, 0, 0, asOf.Location())
	var out []WorkEntry
	if at < StageIndex("供地") {
		for _, st := range []string{"挂牌", "供地"} {
			m, ok := byStage[st]
			if !ok || m.Done() || StageIndex(st) <= at {
				continue
			}
			planned, err := time.Parse(DateLayout, m.Planned)
			if err != nil || planned.After(yearEnd) {
				continue
			}
			out = append(out, WorkEntry{List: WorkToListOrSupply, Milestone: m, DaysOverdue: m.DelayDays(asOf)})
			break
		}
	}
	stageList := map[string]struct {
		list      Worklist
		milestone string
	}{"供地": {WorkToStart, "动工"}, "动工": {WorkToEnter, "入库"}}
	if sl, ok := stageList[p.Stage]; ok {
		e := WorkEntry{List: sl.list}
		if m, ok := byStage[sl.milestone]; ok {
			e.Milestone, e.DaysOverdue = m, m.DelayDays(asOf)
		}
		out = append(out, e)
	}
	for _, st := range ProjectStages {
		m, ok := byStage[st]
		if !ok || m.Done() || StageIndex(st) <= at || !m.Late(asOf) {
			continue
		}
		out = append(out, WorkEntry{List: WorkLate, Milestone: m, DaysOverdue: m.DelayDays(asOf)})
	}
	return out
}

// CategoryIndicators are the indicators a key-project category's investment is part of, so that a
// category's sum can be shown beside its indicator's target (a part of it: key projects only).
var CategoryIndicators = map[string]string{
	"工业": "industrial_investment", "技改": "techreform_investment", "基础设施": "infra_investment", "房地产": "realestate_investment",
}
