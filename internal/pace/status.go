package pace

import "math"

// Status 红黄绿: how a figure stands against its target and time progress.
type Status string

const (
	StatusGreen  Status = "green"  // on or ahead of pace
	StatusYellow Status = "yellow" // behind by no more than the tolerance
	StatusRed    Status = "red"    // behind by more than the tolerance
	StatusNone   Status = "none"   // nothing to judge: a target or figure is missing
	// StatusStale: a later figure was due and is not in (数据未报): grey, never a colour, and
	// never counted among the red and yellow.
	StatusStale Status = "stale"
)

// Defaults callers pass in Figures unless an indicator says otherwise.
const (
	DefaultTolerance       = 5.0 // completion tolerance, percentage points
	DefaultGrowthTolerance = 1.0 // growth tolerance, percentage points
	DefaultGrowthDecimals  = 1   // published precision of growth
	// GapDecimals is the precision a gap in percentage points (个百分点) is shown with.
	GapDecimals = 1
)

// StatusFromGap judges a gap in percentage points, signed so that positive is better, as it is
// displayed: rounded to GapDecimals (one decimal), so −4.96 and −5.04 are both −5.0 and the same
// colour. ≥ 0 green; ≥ −tolerance yellow (a gap of exactly the tolerance is yellow); otherwise
// red. NaN is StatusNone.
func StatusFromGap(gapPP, tolerance float64) Status {
	if math.IsNaN(gapPP) {
		return StatusNone
	}
	g := RoundTo(gapPP, GapDecimals)
	switch {
	case g >= 0:
		return StatusGreen
	case g >= -RoundTo(tolerance, GapDecimals):
		return StatusYellow
	}
	return StatusRed
}

// StatusFromLevelGap judges a level gap (in the indicator's unit, positive is better) as
// displayed, rounded to decimals: green when ≥ 0, else red — a level is within its bound or not.
func StatusFromLevelGap(gap float64, decimals int) Status {
	if math.IsNaN(gap) {
		return StatusNone
	}
	if RoundTo(gap, decimals) >= 0 {
		return StatusGreen
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
// over a real status. Unknown values (and stale, which EvaluateTier sets last) count as none.
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
