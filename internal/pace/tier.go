package pace

import "math"

// TierTarget is one tier's target (下达 assigned / 自我加压 stretch): a value or count, a growth
// in percent, or both. Nil means not set.
type TierTarget struct {
	Value, Growth *float64
}

// TierResult is one indicator measured against one tier. Every absent figure has its reason, in
// Chinese, under its JSON field name in Reasons.
type TierResult struct {
	Completion     *float64 // 完成率, percent of the value target
	GapPP          *float64 // 差距: completion − time progress; for a growth-only tier, growth − target growth
	GrowthGapPP    *float64 // growth − target growth, at the published precision (GrowthGap)
	TimeProgress   *float64 // 时序进度 (Derived.TimeProgress)
	RequiredGrowth *float64 // 需增速 for the rest of the year; the larger when both targets are set
	ProjectedValue *float64 // 全年预计 (Derived.Projected)
	Status         Status
	Reasons        map[string]string
}

// EvaluateTier measures f (with its Derived d) against tier t:
//   - completion = V/T×100 and gap_pp = completion − time progress, from the value target;
//     a growth-only tier has no completion and its gap_pp is its growth gap.
//   - growth_gap_pp = GrowthGap(growth, target growth) whenever both exist.
//   - required_growth: RequiredGrowthFromGrowth(target g, d.Growth, d.BaseYTD, B_year) and
//     RequiredGrowthFromValue(T, V, d.BaseYTD, B_year); the larger when both targets are set, nil
//     when either cannot be computed; ErrYearOver in December.
//   - status = Worse(completion status, growth status), StatusNone when neither can be judged.
func EvaluateTier(f Figures, d Derived, t TierTarget) TierResult {
	r := TierResult{
		TimeProgress:   clonePtr(finiteOrNil(d.TimeProgress)),
		ProjectedValue: clonePtr(finiteOrNil(d.Projected)),
		Status:         StatusNone,
		Reasons:        map[string]string{},
	}
	if r.TimeProgress == nil || d.TimeProgressFallback {
		r.Reasons["time_progress"] = reasonOr(d.Reasons["time_progress"], ErrBadPeriod)
	}
	if r.ProjectedValue == nil {
		r.Reasons["projected_value"] = reasonOr(d.Reasons["projected_value"], ErrNoBase)
	}

	value := finiteOrNil(f.Value)
	growth := finiteOrNil(d.Growth)
	tv, tg := finiteOrNil(t.Value), finiteOrNil(t.Growth)
	valueStatus, growthStatus := StatusNone, StatusNone

	switch {
	case tv == nil:
		r.Reasons["completion"] = ErrNoTarget.Error()
	case value == nil:
		r.Reasons["completion"] = ErrNoValue.Error()
	default:
		c, err := Completion(*value, *tv)
		r.set(&r.Completion, c, err, "completion")
	}

	switch {
	case tg == nil:
		r.Reasons["growth_gap_pp"] = ErrNoTarget.Error()
	case growth == nil:
		r.Reasons["growth_gap_pp"] = reasonOr(d.Reasons["growth"], ErrNoGrowth)
	default:
		gap := GrowthGap(*growth, *tg, f.GrowthDecimals)
		r.GrowthGapPP = &gap
		growthStatus = StatusFromGap(gap, f.GrowthTolerance)
	}

	switch {
	case tv != nil && r.Completion == nil:
		r.Reasons["gap_pp"] = r.Reasons["completion"]
	case tv != nil && r.TimeProgress == nil:
		r.Reasons["gap_pp"] = r.Reasons["time_progress"]
	case tv != nil:
		gap := *r.Completion - *r.TimeProgress
		r.GapPP = &gap
		valueStatus = StatusFromGap(gap, f.Tolerance)
	case tg != nil && r.GrowthGapPP != nil:
		r.GapPP = clonePtr(r.GrowthGapPP)
	case tg != nil:
		r.Reasons["gap_pp"] = r.Reasons["growth_gap_pp"]
	default:
		r.Reasons["gap_pp"] = ErrNoTarget.Error()
	}

	rg, err := requiredGrowth(f, d, tv, tg)
	r.set(&r.RequiredGrowth, rg, err, "required_growth")

	r.Status = Worse(valueStatus, growthStatus)
	if r.Status == StatusNone {
		r.Reasons["status"] = reasonOr(r.Reasons["gap_pp"], ErrNoTarget)
	}
	return r
}

func requiredGrowth(f Figures, d Derived, tv, tg *float64) (float64, error) {
	switch {
	case f.Month == 12:
		return 0, ErrYearOver
	case f.Month < 1 || f.Month > 12:
		return 0, ErrBadPeriod
	case tv == nil && tg == nil:
		return 0, ErrNoTarget
	}
	baseYTD, baseYear := positiveOrNil(d.BaseYTD), positiveOrNil(f.BaseYear)
	if baseYear == nil {
		return 0, ErrNoBaseYear
	}
	if baseYTD == nil {
		return 0, ErrNoBase
	}
	need := math.Inf(-1)
	if tg != nil {
		growth := finiteOrNil(d.Growth)
		if growth == nil {
			return 0, ErrNoGrowth
		}
		g, err := RequiredGrowthFromGrowth(*tg, *growth, *baseYTD, *baseYear)
		if err != nil {
			return 0, err
		}
		need = g
	}
	if tv != nil {
		value := finiteOrNil(f.Value)
		if value == nil {
			return 0, ErrNoValue
		}
		g, err := RequiredGrowthFromValue(*tv, *value, *baseYTD, *baseYear)
		if err != nil {
			return 0, err
		}
		need = math.Max(need, g)
	}
	return need, nil
}

func (r *TierResult) set(dst **float64, x float64, err error, field string) {
	if err != nil {
		r.Reasons[field] = err.Error()
		return
	}
	*dst = ptr(x)
}

func reasonOr(reason string, fallback error) string {
	if reason != "" {
		return reason
	}
	return fallback.Error()
}

func clonePtr(p *float64) *float64 {
	if p == nil {
		return nil
	}
	return ptr(*p)
}
