package pace

// LinearTimeProgress 时序进度 (linear): the share of the year elapsed at the end of month,
// month/12 × 100. month is 1..12.
func LinearTimeProgress(month int) float64 { return float64(month) / 12 * 100 }

// SeasonalTimeProgress 时序进度 (seasonal, 以月保季): last year's cumulative share at the same
// point, B_ytd / B_year × 100. A full-year base that is missing or not positive is
// ErrNoBaseYear; a same-period base that is missing or negative is ErrNoBase.
func SeasonalTimeProgress(baseYTD, baseYear float64) (float64, error) {
	if !finite(baseYear) || baseYear <= 0 {
		return 0, ErrNoBaseYear
	}
	if !finite(baseYTD) || baseYTD < 0 {
		return 0, ErrNoBase
	}
	return baseYTD / baseYear * 100, nil
}

// Completion 完成率: the share of a value or count target reached, V / T × 100. A target that is
// missing or not positive is ErrNoTarget.
func Completion(value, target float64) (float64, error) {
	if !finite(target) || target <= 0 {
		return 0, ErrNoTarget
	}
	if !finite(value) {
		return 0, ErrNoValue
	}
	return value / target * 100, nil
}

// SeasonalProjection 全年预计: the year-end value if the rest of the year keeps last year's
// seasonal shape, V / w with w = B_ytd / B_year. Bases that are missing or not positive are
// ErrNoBaseYear / ErrNoBase.
func SeasonalProjection(value, baseYTD, baseYear float64) (float64, error) {
	if !finite(baseYear) || baseYear <= 0 {
		return 0, ErrNoBaseYear
	}
	if !finite(baseYTD) || baseYTD <= 0 {
		return 0, ErrNoBase
	}
	if !finite(value) {
		return 0, ErrNoValue
	}
	return value * baseYear / baseYTD, nil
}

// StockProjection 全年预计 of a stock: the year-end balance if it keeps moving as it has since last
// December, S0 + (V − S0) / (time progress / 100), time progress linear and in percent.
func StockProjection(value, opening, timeProgress float64) float64 {
	return opening + (value-opening)/(timeProgress/100)
}

// StockCompletion 完成率 of a stock's year-end target T: the share of the way from last
// December's balance S0 to T covered, (V − S0) / (T − S0) × 100. A target not above S0 is
// ErrStockTargetBelowOpening (nothing to complete), a missing one ErrNoTarget.
func StockCompletion(value, opening, target float64) (float64, error) {
	if !finite(target) || target <= 0 {
		return 0, ErrNoTarget
	}
	if !finite(opening) || opening < 0 {
		return 0, ErrNoOpening
	}
	if !finite(value) {
		return 0, ErrNoValue
	}
	if target <= opening {
		return 0, ErrStockTargetBelowOpening
	}
	return (value - opening) / (target - opening) * 100, nil
}
