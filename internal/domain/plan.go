package domain

import (
	"math"
	"time"

	"pacer/internal/locale"
)

// Plan states: a draft may be replaced by a newer version; an approved plan is frozen.
const (
	PlanDraft    = "draft"
	PlanApproved = "approved"
)

// Plan methods a stored plan may have been made by.
const (
	PlanShares   = "shares"   // last year's cumulative shares
	PlanMean3    = "mean3"    // mean shares of the last three years
	PlanLinear   = "linear"   // m / 12
	PlanEntered  = "entered"  // typed in month by month
	PlanQuarters = "quarters" // quarterly amounts assigned by the prefecture
)

// MonthPlan 月度计划 is one version of a region's plan for an indicator, year and tier: the
// planned cumulative value at each planned month (Months[m−1], nil where not planned). Versions
// are never changed once approved; a revision is a new version.
type MonthPlan struct {
	ID            int64
	RegionCode    string
	IndicatorCode string
	Year          int
	Tier          Tier
	Version       int
	Method        string
	Target        float64 // the annual target the plan reaches (a growth-only target as a value)
	Opening       float64 // P before the first planned month: 0, or a stock's S0
	Months        [12]*float64
	State         string
	Source        string
	Sample        bool // 示例
	CreatedBy     string
	CreatedAt     time.Time
	ApprovedBy    string
	ApprovedAt    *time.Time
}

// Validate checks a plan against its indicator: a known method and tier, a year, finite values,
// December planned, no plan for a level or a growth-only (rate) indicator, and — for a flow or a
// count, which cumulate — planned cumulative values that never fall. The error names the month.
func (p MonthPlan) Validate(ind Indicator) error {
	switch ind.Kind {
	case KindLevel:
		return E(EINVALID, "plans.err.level", locale.Name{ZH: ind.Name, EN: ind.NameEN})
	case KindRate:
		return E(EINVALID, "plans.err.rate", locale.Name{ZH: ind.Name, EN: ind.NameEN})
	}
	switch p.Method {
	case PlanShares, PlanMean3, PlanLinear, PlanEntered, PlanQuarters:
	default:
		return E(EINVALID, "plans.err.method", p.Method)
	}
	if p.Tier != Assigned && p.Tier != Stretch {
		return E(EINVALID, "plans.err.tier", string(p.Tier))
	}
	if p.Year < 1900 || p.Year > 2999 {
		return E(EINVALID, "plans.err.year", p.Year)
	}
	if math.IsNaN(p.Opening) || math.IsInf(p.Opening, 0) || math.IsNaN(p.Target) || math.IsInf(p.Target, 0) {
		return E(EINVALID, "plans.err.target")
	}
	if p.Months[11] == nil {
		return E(EINVALID, "plans.err.december")
	}
	prev := p.Opening
	for m, v := range p.Months {
		if v == nil {
			continue
		}
		if math.IsNaN(*v) || math.IsInf(*v, 0) {
			return E(EINVALID, "plans.err.value", m+1)
		}
		if (ind.Kind == KindFlow || ind.Kind == KindCount || ind.Kind == "") && *v < prev {
			return E(EINVALID, "plans.err.falls", m+1, *v, prev)
		}
		prev = *v
	}
	return nil
}

// Benchmark 标杆 is a threshold a long-range goal measures an indicator against (全国百强县 entry
// level, 工业百强县 by 2025, a five-year plan's figure): data with its source, never code. A
// revision is a new row.
type Benchmark struct {
	ID              int64
	RegionCode      string
	Goal            string // the long-range goal it belongs to, e.g. 2026年主要指标达到全国百强县入围水平
	Name            string // the threshold's name, e.g. 百强县入围门槛（GDP）
	IndicatorCode   string
	Year            int     // the goal year
	Value           float64 // the threshold, in the indicator's unit
	ThresholdGrowth float64 // percent a year the threshold itself is assumed to grow (default 0)
	Source          string
	Sample          bool // 示例
	Revision        int
	RecordedBy      string
	RecordedAt      time.Time
}

// Validate checks a benchmark: a goal, a name, an indicator, a year and a positive threshold.
func (b Benchmark) Validate() error {
	switch {
	case b.Goal == "":
		return E(EINVALID, "plans.err.goal_empty")
	case b.Name == "":
		return E(EINVALID, "plans.err.name_empty")
	case b.IndicatorCode == "":
		return E(EINVALID, "plans.err.indicator_empty")
	case b.Year < 1900 || b.Year > 2999:
		return E(EINVALID, "plans.err.year", b.Year)
	case math.IsNaN(b.Value) || math.IsInf(b.Value, 0) || b.Value <= 0:
		return E(EINVALID, "plans.err.threshold", b.Value)
	case math.IsNaN(b.ThresholdGrowth) || b.ThresholdGrowth <= -100:
		return E(EINVALID, "plans.err.threshold_growth", b.ThresholdGrowth)
	}
	return nil
}
