package pace

import "math"

// Status 红黄绿: how a figure stands against its target and time progress.
type Status string

const (
	StatusGreen  Status = "green"  // on or ahead of pace
	StatusYellow Status = "yellow" // behind by no more than the tolerance
	StatusRed    Status = "red"    // behind by more than the tolerance
	StatusNone   Status = "none"   // nothing to judge: a target or figure is missing
)

// Defaults callers pass in Figures unless an indicator says otherwise.
const (
	DefaultTolerance       = 5.0 // completion tolerance, percentage points
	DefaultGrowthTolerance = 1.0 // growth tolerance, percentage points
	DefaultGrowthDecimals  = 1   // published precision of growth
)

// StatusFromGap judges a gap in percentage points (completion − time progress, or growth −
// target growth) after rounding it to two decimals: ≥ 0 green; ≥ −tolerance yellow (a gap of
// exactly the tolerance is yellow); otherwise red. NaN is StatusNone.
func StatusFromGap(gapPP, tolerance float64) Status {
	if math.IsNaN(gapPP) {
		return StatusNone
	}
	g := RoundTo(gapPP, 2)
	switch {
	case g >= 0:
		return StatusGreen
	case g >= -RoundTo(tolerance, 2):
		return StatusYellow
	}
	return StatusRed
}

// GrowthGap 增速差距: growth − target growth in percentage points, both compared at the published
// precision (decimals), so that 7.96 against 8.0 at one decimal is 0.0, on target.
func GrowthGap(growth, targetGrowth float64, decimals int) float64 {
	return RoundTo(RoundTo(growth, decimals)-RoundTo(targetGrowth, decimals), decimals)
}

func severity(s Status) int {
	switch s {
	case StatusRed:
		return 3
	case StatusYellow:
		return 2
	case StatusGreen:
		return 1
	}
	return 0
}

// Worse is the more severe of two statuses: red > yellow > green > none, so "none" never wins
// over a real status. Unknown values count as none.
func Worse(a, b Status) Status {
	sa, sb := severity(a), severity(b)
	switch {
	case sa == 0 && sb == 0:
		return StatusNone
	case sb > sa:
		return b
	}
	return a
}
