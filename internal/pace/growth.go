package pace

import "math"

// CumulativeGrowth 累计增速: year-on-year growth of a cumulative value over last year's same
// period, (v/b − 1) × 100. A base that is missing or not positive is ErrNoBase.
//
// Statistics offices publish GDP and value-added growth at comparable prices; this nominal
// growth is for indicators whose growth is not published.
func CumulativeGrowth(value, base float64) (float64, error) {
	if !finite(base) || base <= 0 {
		return 0, ErrNoBase
	}
	if !finite(value) {
		return 0, ErrNoValue
	}
	return (value/base - 1) * 100, nil
}

// ImpliedBase is the last-year base implied by a value and its published growth,
// v / (1 + g/100): at comparable prices when the growth is, which is the right base for
// RequiredGrowthFromGrowth. A growth of −100% or below (or not a number) is ErrNoGrowth.
func ImpliedBase(value, growth float64) (float64, error) {
	if !finite(growth) || growth <= -100 {
		return 0, ErrNoGrowth
	}
	if !finite(value) {
		return 0, ErrNoValue
	}
	return value / (1 + growth/100), nil
}

// Contribution 拉动: how many percentage points a part adds to the whole's growth,
// (V_i − B_i) / B_total × 100. A whole base that is missing or not positive is ErrNoBase.
func Contribution(valuePart, basePart, baseTotal float64) (float64, error) {
	if !finite(baseTotal) || baseTotal <= 0 || !finite(basePart) {
		return 0, ErrNoBase
	}
	if !finite(valuePart) {
		return 0, ErrNoValue
	}
	return (valuePart - basePart) / baseTotal * 100, nil
}

// TwoYearAverageGrowth 两年平均增速: the geometric mean of two years' growth, percent in and out,
// (sqrt((1+g1/100)(1+g2/100)) − 1) × 100. It is NaN when the product is negative (a fall of
// more than 100%, which no real figure has).
func TwoYearAverageGrowth(g1, g2 float64) float64 {
	return (math.Sqrt((1+g1/100)*(1+g2/100)) - 1) * 100
}
