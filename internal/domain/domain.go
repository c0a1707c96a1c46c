// Package domain holds Pacer's entities and its error vocabulary. It does no I/O.
package domain

import "time"

// RegionLevel is the administrative level of a region (GB/T 2260 and below).
type RegionLevel string

const (
	LevelProvince   RegionLevel = "province"
	LevelPrefecture RegionLevel = "prefecture"
	LevelCounty     RegionLevel = "county"
	LevelTown       RegionLevel = "town" // 镇街
)

// Region is a place with a GB/T 2260 code (towns: the 9-digit statistical code).
type Region struct {
	Code   string
	Name   string
	Level  RegionLevel
	Parent string // empty for a province
}

// Unit is a department or a town that owns indicators and submits figures.
type Unit struct {
	Code       string
	Name       string
	RegionCode string
	Kind       string // department | town
	Retired    bool   // no longer reports; kept for the records that name it
}

// IndicatorKind says how an indicator accumulates over the year.
type IndicatorKind string

const (
	KindFlow  IndicatorKind = "flow"  // year-to-date cumulative (GDP, investment, retail)
	KindCount IndicatorKind = "count" // things counted over the year (projects attracted)
	KindStock IndicatorKind = "stock" // balance at the end of the period (存款余额); never cumulated
	KindRate  IndicatorKind = "rate"  // a flow of which only growth is published at this level
	KindLevel IndicatorKind = "level" // a ratio or percentage level (失业率, 能耗强度); never cumulated
)

// Frequency is how often an indicator is published; a figure older than the last period at
// which it was due is stale (DESIGN.md §4a).
type Frequency string

const (
	Monthly    Frequency = "monthly"     // every month (January may be published with February)
	Quarterly  Frequency = "quarterly"   // 03, 06, 09, 12 (GDP)
	HalfYearly Frequency = "half-yearly" // 06, 12
	Yearly     Frequency = "yearly"      // 12
)

// Direction says whether more is better.
type Direction string

const (
	Up   Direction = "up"
	Down Direction = "down"
)

// TimeProgressMode chooses how 时序进度 is computed for an indicator.
type TimeProgressMode string

const (
	Linear   TimeProgressMode = "linear"   // m / 12
	Seasonal TimeProgressMode = "seasonal" // last year's cumulative share (以月保季)
)

// Indicator is a measured quantity in the catalogue.
type Indicator struct {
	Code      string
	Name      string // zh-CN
	NameEN    string
	Unit      string // 亿元, 万人次, 个, %
	Kind      IndicatorKind
	Direction Direction
	// Precision is the number of decimals the value is published with; values are
	// compared (ranked) at this precision. Growth is always published with one decimal.
	Precision int
	Mode      TimeProgressMode
	// Tolerance is how many percentage points completion may trail time progress
	// and still be yellow; GrowthTolerance likewise for growth against a growth target.
	Tolerance       float64
	GrowthTolerance float64
	OwnerUnit       string
	// ComparablePrice: growth is published at comparable prices (GDP, value added); Pacer
	// never computes it from nominal values.
	ComparablePrice bool
	// Frequency of publication; "" means monthly.
	Frequency Frequency
	BuiltIn   bool
}

// Tier distinguishes the two levels of target.
type Tier string

const (
	Assigned Tier = "assigned" // 下达: assigned from above, must
	Stretch  Tier = "stretch"  // 自我加压 / 奋斗: self-raised
)

// Target is a year's goal for one indicator in one region, at one tier.
// Value and Growth may each be absent (nil), not both.
type Target struct {
	RegionCode    string
	IndicatorCode string
	Year          int
	Tier          Tier
	Value         *float64
	Growth        *float64
	Source        string
	Sample        bool // 示例: not an official figure
	Revision      int
	RecordedAt    time.Time
}

// Observation is one published cumulative figure, January to the end of Period.
// Every revision is kept; Current marks the one in force.
type Observation struct {
	RegionCode    string
	IndicatorCode string
	Period        string // YYYY-MM
	Value         *float64
	Growth        *float64 // published cumulative YoY growth, percent
	Source        string
	Note          string
	Sample        bool // 示例: not an official figure
	Revision      int
	Current       bool
	RecordedAt    time.Time
	RecordedBy    string     // 录入人: who entered the figure (a submission's reporter, an import's importer)
	ApprovedBy    string     // 审核人: who approved the submission that wrote it; "" for imports
	ApprovedAt    *time.Time // when it was approved; nil for imports
	BatchID       int64
}

// F returns a pointer to v, for optional figures.
func F(v float64) *float64 { return &v }

// FocusPoint is a 着力点 of a region's year: a branch of the goal tree holding measures.
type FocusPoint struct {
	ID         int64
	RegionCode string
	Year       int
	Position   int
	Title      string
	Measures   []Measure
}

// Measure is a 举措 under a focus point: what will be done, the indicator it moves (if any),
// the figure it commits to and the units that own it.
type Measure struct {
	ID            int64
	Position      int
	Text          string
	IndicatorCode string
	Figure        *float64
	FigureUnit    string
	OwnerUnits    string // unit codes, comma-separated
	Sample        bool
}

// Role is what an account may do. The three administrators (三员分立) are mutually exclusive
// with each other and with business roles: an account has exactly one role.
type Role string

const (
	RoleAnalyst  Role = "analyst"  // 分析员: targets, review, cadence, reports
	RoleReporter Role = "reporter" // 填报员: its own unit's figures only
	RoleLeader   Role = "leader"   // 领导: reads everything
	RoleSysadmin Role = "sysadmin" // 系统管理员: accounts, configuration
	RoleSecadmin Role = "secadmin" // 安全管理员: roles, policies
	RoleAuditor  Role = "auditor"  // 审计员: reads and exports the audit log
)

// Roles lists every role.
var Roles = []Role{RoleAnalyst, RoleReporter, RoleLeader, RoleSysadmin, RoleSecadmin, RoleAuditor}

// User is an account.
type User struct {
	ID                int64
	Username          string
	DisplayName       string
	Role              Role
	UnitCode          string // reporters: the unit whose figures they submit
	RegionCode        string // the scope: the region it sees and everything below; empty: the whole deployment
	PasswordHash      string
	MustChange        bool
	FailedLogins      int
	LockedUntil       *time.Time
	Disabled          bool
	Lang              string
	CreatedAt         time.Time
	PasswordChangedAt time.Time
}

// Submission is a figure a unit submitted for review (draft → submitted → approved / returned).
type Submission struct {
	ID            int64
	UnitCode      string
	RegionCode    string
	IndicatorCode string
	Period        string
	Value         *float64
	Growth        *float64
	Note          string
	State         string
	SubmittedBy   string
	SubmittedAt   time.Time
	ReviewedBy    string
	ReviewedAt    *time.Time
	Reason        string
}

// Submission states.
const (
	Draft     = "draft"
	Submitted = "submitted"
	Approved  = "approved"
	Returned  = "returned"
)
