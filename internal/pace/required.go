package pace

// RequiredGrowthFromGrowth 需增速: the growth the rest of the year needs for the whole year to grow
// by targetGrowth, given growthYTD so far: with w = B_ytd / B_year,
// g_rest = (g − w × g_ytd) / (1 − w).
//
// baseYTD should be the base growthYTD is measured against — for a published comparable-price
// growth, the implied base (ImpliedBase) when no stored one exists.
// Errors: ErrNoBaseYear (B_year missing or ≤ 0), ErrNoBase (B_ytd missing or ≤ 0), ErrNoTarget,
// ErrNoGrowth, and ErrNoRestBase when w ≥ 1 (last year had nothing after B_ytd: not "the year is over",
// which only a December figure means).
func RequiredGrowthFromGrowth(targetGrowth, growthYTD, baseYTD, baseYear float64) (float64, error) {
	if !finite(baseYear) || baseYear <= 0 {
		return 0, ErrNoBaseYear
	}
	if !finite(baseYTD) || baseYTD <= 0 {
		return 0, ErrNoBase
	}
	if !finite(targetGrowth) {
		return 0, ErrNoTarget
	}
	if !finite(growthYTD) {
		return 0, ErrNoGrowth
	}
	w := baseYTD / baseYear
	if w >= 1 {
		return 0, ErrNoRestBase
	}
	return (targetGrowth - w*growthYTD) / (1 - w), nil
}

// RequiredGrowthFromValue 需增速: the growth over last year's rest-of-year the remaining months need
// for the year to reach target, ((T − V) / (B_year − B_ytd) − 1) × 100.
// Errors: ErrNoBaseYear (B_year missing or ≤ 0), ErrNoBase (B_ytd missing or < 0), ErrNoTarget
// (T missing or ≤ 0), ErrNoValue, and ErrNoRestBase when B_year − B_ytd ≤ 0.
func RequiredGrowthFromValue(target, valueYTD, baseYTD, baseYear float64) (float64, error) {
	if !finite(baseYear) || baseYear <= 0 {
		return 0, ErrNoBaseYear
	}
	if !finite(baseYTD) || baseYTD < 0 {
		return 0, ErrNoBase
	}
	if !finite(target) || target <= 0 {
		return 0, ErrNoTarget
	}
	if !finite(valueYTD) {
		return 0, ErrNoValue
	}
	rest := baseYear - baseYTD
	if rest <= 0 {
		return 0, ErrNoRestBase
	}
	return ((target-valueYTD)/rest - 1) * 100, nil
}

// RequiredGrowthStock 需增速 of a stock: the growth the balance needs from now to the year end to
// reach target, (T / V − 1) × 100. Errors: ErrNoTarget (T missing or ≤ 0), ErrNoValue (V missing
// or ≤ 0).
func RequiredGrowthStock(target, value float64) (float64, error) {
	if !finite(target) || target <= 0 {
		return 0, ErrNoTarget
	}
	if !finite(value) || value <= 0 {
		return 0, ErrNoValue
	}
	return (target/value - 1) * 100, nil
}
