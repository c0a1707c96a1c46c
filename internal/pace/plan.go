package pace

import "math"

// 以月保季、以季保年: an annual target turned into a plan of cumulative values month by month,
// each month and quarter judged against it, and what the rest of the year then requires.
//
// A plan is a list of planned cumulative values P_m at the months a figure is planned (every
// month from the first, or the quarter ends for a quarterly indicator). P before the first
// planned month is the plan's opening: 0 for a flow or count, last December's balance S0 for a
// stock (DESIGN.md §4a: a stock is never cumulated; its plan is the path of the balance from S0 to
// the year-end target). A month's own planned amount is P_m − P_prev, prev being the previous
// planned month (or the opening); a quarter's is P_3q − P_(3q−3), so with a 1–2月 start Q1's
// amount is the March cumulative itself.
//
// Direction (§4a, every gap signed so that positive is better): for an up indicator a plan is
// a floor — a month is secured when the cumulative actual reaches the plan. For a down indicator
// (a ceiling, 上限) the plan is the allowance used so far: a month is secured when the
// cumulative actual stays at or under it (using less of the cap than planned is better), and a
// quarter when its own amount stays at or under its own plan. The catch-up of a ceiling is then
// the most each remaining month may use. A stock under a ceiling is judged like a level: every
// planned month's balance against the cap itself (Plan.Ceiling), with no amounts and no
// catch-up.

// Plan methods.
const (
	PlanShares  = "shares"  // last year's cumulative shares B_m / B_12
	PlanMean3   = "mean3"   // the mean of the last three years' cumulative shares
	PlanLinear  = "linear"  // m / 12
	PlanEntered = "entered" // typed in (or assigned by the prefecture for its quarters)
)

// Reasons a plan cannot be made or read.
var (
	// ErrLevelNoPlan: a level (a ratio) is never cumulated: it has no monthly plan.
	ErrLevelNoPlan = &Error{key: "reason.plan.level"}
	// ErrRateNoPlan: only growth is published for a rate: there is no value to plan.
	ErrRateNoPlan = &Error{key: "reason.plan.rate"}
	// ErrNoShares: last year (or one of the last three) lacks a cumulative figure at a planned
	// month, so its shares are unknown; errors.Is(err, ErrNoBase) holds.
	ErrNoShares = &Error{key: "reason.plan.no_shares", kind: ErrNoBase}
	// ErrNeverReached: at the growth given, the threshold (growing at its own rate) is never reached.
	ErrNeverReached = &Error{key: "reason.plan.never_reached"}
)

// PlanReasonKeys lists the catalogue keys of this file's reasons.
func PlanReasonKeys() []string {
	return []string{ErrLevelNoPlan.key, ErrRateNoPlan.key, ErrNoShares.key, ErrNeverReached.key}
}

// Year is a year's cumulative values by month: Year[m−1] is January to the end of month m; nil
// where there is no figure.
type Year [12]*float64

// PlannedMonths are the months a plan of an indicator of freq has a value for. A monthly
// indicator is planned every month from start (1, or 2 with a 1–2月 start, when February is the
// first planned month); any other frequency at the months it is due (GDP at 03, 06, 09, 12).
func PlannedMonths(freq Frequency, start int) []int {
	var out []int
	for m := 1; m <= 12; m++ {
		if freq == Monthly || freq == "" {
			if m >= start {
				out = append(out, m)
			}
		} else if freq.Due(m) {
			out = append(out, m)
		}
	}
	return out
}

// Shares are cumulative shares of the year at the planned months (1 at December); nil elsewhere.
type Shares [12]*float64

// SharesOf 以月保季: one year's cumulative shares B_m / B_12 at months. A December that is
// missing or not positive is ErrNoBaseYear; a planned month without a figure (or a negative one)
// is ErrNoShares.
func SharesOf(last Year, months []int) (Shares, error) {
	var s Shares
	b12 := last[11]
	if b12 == nil || !finite(*b12) || *b12 <= 0 {
		return s, ErrNoBaseYear
	}
	for _, m := range months {
		b := last[m-1]
		if b == nil || !finite(*b) || *b < 0 {
			return Shares{}, ErrNoShares
		}
		s[m-1] = ptr(*b / *b12)
	}
	return s, nil
}

// MeanShares is the mean, month by month, of several years' cumulative shares (PlanMean3 passes
// the last three). Every year must have its shares: a year without them (December included) is
// ErrNoShares.
func MeanShares(years []Year, months []int) (Shares, error) {
	var out Shares
	if len(years) == 0 {
		return out, ErrNoBaseYear
	}
	sums := map[int]float64{}
	for _, y := range years {
		s, err := SharesOf(y, months)
		if err != nil {
			return Shares{}, ErrNoShares
		}
		for _, m := range months {
			sums[m] += *s[m-1]
		}
	}
	for _, m := range months {
		out[m-1] = ptr(sums[m] / float64(len(years)))
	}
	return out, nil
}

// LinearShares are m / 12 at months.
func LinearShares(months []int) Shares {
	var s Shares
	for _, m := range months {
		s[m-1] = ptr(float64(m) / 12)
	}
	return s
}

// Plan is a monthly plan of cumulative values.
type Plan struct {
	// Opening is P before the first planned month: 0 for a flow or count, S0 for a stock.
	Opening float64
	// Cumulative[m−1] is P_m, the planned value from January to month m (a stock's planned
	// balance at the end of m); nil at months not planned.
	Cumulative Year
	// Ceiling: a stock under a ceiling, judged like a level — each planned month's balance
	// against the cap, no amounts, no catch-up.
	Ceiling bool
	// Down: a ceiling or maximum (lower is better): secured means at or under the plan.
	Down bool
}

// PlanFromShares is the plan reaching target at December along shares:
// P_m = opening + (target − opening) × share_m. A target that is not a number is ErrNoTarget.
func PlanFromShares(target, opening float64, shares Shares, down bool) (Plan, error) {
	if !finite(target) || !finite(opening) {
		return Plan{}, ErrNoTarget
	}
	p := Plan{Opening: opening, Down: down}
	for m, s := range shares {
		if s != nil {
			p.Cumulative[m] = ptr(opening + (target-opening)**s)
		}
	}
	return p, nil
}

// CeilingPlan is a stock's cap held at every planned month (DESIGN.md §4a: a stock under a
// ceiling is judged like a level, green when V ≤ T).
func CeilingPlan(cap float64, months []int) Plan {
	p := Plan{Opening: cap, Ceiling: true, Down: true}
	for _, m := range months {
		p.Cumulative[m-1] = ptr(cap)
	}
	return p
}

// At is P_m: the plan at the latest planned month ≤ m, or the opening before the first.
func (p Plan) At(m int) float64 {
	for k := min(m, 12); k >= 1; k-- {
		if v := p.Cumulative[k-1]; v != nil {
			return *v
		}
	}
	return p.Opening
}

// Months are the planned months, in order.
func (p Plan) Months() []int {
	var out []int
	for m, v := range p.Cumulative {
		if v != nil {
			out = append(out, m+1)
		}
	}
	return out
}

// Amount is month m's own planned amount, P_m − P_prev (the previous planned month, or the
// opening). With a 1–2月 start, February's amount is the January–February plan.
func (p Plan) Amount(m int) float64 { return p.At(m) - p.At(m-1) }

// QuarterAmount is quarter q's (1..4) own planned amount, P_3q − P_(3q−3): the plan at a
// quarter's end for a ceiling.
func (p Plan) QuarterAmount(q int) float64 {
	if p.Ceiling {
		return p.At(3 * q)
	}
	return p.At(3*q) - p.At(3*q-3)
}

// Secured reports whether actual meets plan as both are displayed (rounded to decimals): at least
// the plan for a floor, at most the plan for a ceiling.
func Secured(actual, plan float64, down bool, decimals int) bool {
	a, b := RoundTo(actual, decimals), RoundTo(plan, decimals)
	if down {
		return a <= b
	}
	return a >= b
}

// Shortfall is how far actual is behind plan, as displayed, signed so that positive is behind:
// plan − actual for a floor, actual − plan for a ceiling; 0 when secured.
func Shortfall(actual, plan float64, down bool, decimals int) float64 {
	s := RoundTo(plan, decimals) - RoundTo(actual, decimals)
	if down {
		s = -s
	}
	return math.Max(0, RoundTo(s, decimals))
}

// MonthCheck is one planned month against its actual figures. Actual fields are nil when the
// month has no figure yet.
type MonthCheck struct {
	Month        int
	Plan         float64  // P_m, cumulative
	PlanAmount   float64  // P_m − P_prev
	Actual       *float64 // V_m, cumulative
	ActualAmount *float64 // V_m − V_prev (nil when the previous planned month has no figure)
	Secured      *bool    // cumulative actual against cumulative plan
	Shortfall    *float64 // ≥ 0; 0 when secured
}

// QuarterCheck is one quarter's own amount against its own plan (for a ceiling stock, the
// balance at the quarter's end against the cap).
type QuarterCheck struct {
	Quarter   int
	Plan      float64
	Actual    *float64
	Secured   *bool
	Shortfall *float64
}

// Check judges actual against p: each planned month by its cumulative value, each quarter whose
// end is planned by its own amount V_3q − V_(3q−3) (V_0 being the opening; with a 1–2月 start,
// Q1's amount is the March cumulative), compared at decimals.
func Check(p Plan, actual Year, decimals int) ([]MonthCheck, []QuarterCheck) {
	at := func(m int) *float64 {
		if m == 0 {
			return ptr(p.Opening)
		}
		if v := actual[m-1]; v != nil && finite(*v) {
			return v
		}
		return nil
	}
	var months []MonthCheck
	prev := 0
	for _, m := range p.Months() {
		c := MonthCheck{Month: m, Plan: p.At(m), PlanAmount: p.Amount(m)}
		if v := at(m); v != nil {
			c.Actual = ptr(*v)
			if pv := at(prev); pv != nil && !p.Ceiling {
				c.ActualAmount = ptr(*v - *pv)
			}
			c.Secured = ptr(Secured(*v, c.Plan, p.Down, decimals))
			c.Shortfall = ptr(Shortfall(*v, c.Plan, p.Down, decimals))
		}
		months = append(months, c)
		prev = m
	}
	var quarters []QuarterCheck
	for q := 1; q <= 4; q++ {
		if p.Cumulative[3*q-1] == nil {
			continue
		}
		c := QuarterCheck{Quarter: q, Plan: p.QuarterAmount(q)}
		end, start := at(3*q), at(3*q-3)
		switch {
		case end == nil:
		case p.Ceiling:
			c.Actual = ptr(*end)
		case start != nil:
			c.Actual = ptr(*end - *start)
		}
		if c.Actual != nil {
			c.Secured = ptr(Secured(*c.Actual, c.Plan, p.Down, decimals))
			c.Shortfall = ptr(Shortfall(*c.Actual, c.Plan, p.Down, decimals))
		}
		quarters = append(quarters, c)
	}
	return months, quarters
}

// Required is what one remaining month must reach for the year to make its target.
type Required struct {
	Month      int
	Cumulative float64 // the cumulative value required at the end of the month
	Amount     float64 // the month's own amount: Cumulative − the previous required (or V_m)
}

// CatchUp 追赶: after the latest actual month m (cumulative value), the remainder T − V_m spread
// over the planned months after m in proportion to their planned amounts P_k − P_(k−1):
// required_k = V_m + (T − V_m) × (P_k − P_m) / (P_12 − P_m). For a ceiling it is the most each
// month may use and stay within the cap. Errors: ErrYearOver when no planned month remains,
// ErrStockCeiling for a stock under a ceiling (nothing to spread: the balance must stay under
// the cap), ErrNoRestBase when the plan leaves nothing after m (P_12 ≤ P_m), ErrNoTarget,
// ErrNoValue.
func CatchUp(p Plan, target, value float64, month int) ([]Required, error) {
	if p.Ceiling {
		return nil, ErrStockCeiling
	}
	if !finite(target) {
		return nil, ErrNoTarget
	}
	if !finite(value) {
		return nil, ErrNoValue
	}
	var rest []int
	for _, k := range p.Months() {
		if k > month {
			rest = append(rest, k)
		}
	}
	if len(rest) == 0 {
		return nil, ErrYearOver
	}
	pm := p.At(month)
	w := p.At(12) - pm
	if w <= 0 {
		return nil, ErrNoRestBase
	}
	out := make([]Required, 0, len(rest))
	prev := value
	for _, k := range rest {
		c := value + (target-value)*(p.At(k)-pm)/w
		out = append(out, Required{Month: k, Cumulative: c, Amount: c - prev})
		prev = c
	}
	return out, nil
}

// Landing is where the year lands in a scenario.
type Landing struct {
	Value  float64 // the year-end cumulative value (a stock's year-end balance)
	Growth float64 // the year's growth, percent
}

// LandFlow is the year of a flow if the rest of the year grows restGrowth percent over last
// year's rest: value V_ytd + (B_year − B_ytd)(1 + g/100); growth w × g_ytd + (1 − w) × g with
// w = B_ytd / B_year — the inverse of RequiredGrowthFromGrowth, so that at g = 需增速 the year
// grows by its target (and at the published comparable-price growth, GDP's year is comparable
// too). growthYTD is the published growth, or the one computed from values. Errors as
// RequiredGrowthFromGrowth's.
func LandFlow(valueYTD, growthYTD, baseYTD, baseYear, restGrowth float64) (Landing, error) {
	if !finite(baseYear) || baseYear <= 0 {
		return Landing{}, ErrNoBaseYear
	}
	if !finite(baseYTD) || baseYTD <= 0 {
		return Landing{}, ErrNoBase
	}
	if !finite(valueYTD) {
		return Landing{}, ErrNoValue
	}
	if !finite(growthYTD) || !finite(restGrowth) {
		return Landing{}, ErrNoGrowth
	}
	w := baseYTD / baseYear
	if w >= 1 {
		return Landing{}, ErrNoRestBase
	}
	return Landing{
		Value:  valueYTD + (baseYear-baseYTD)*(1+restGrowth/100),
		Growth: w*growthYTD + (1-w)*restGrowth,
	}, nil
}

// LandStock is the year of a stock whose balance grows restGrowth percent from now to December:
// V × (1 + g/100), its growth over last December's balance S0 — the inverse of
// RequiredGrowthStock.
func LandStock(value, opening, restGrowth float64) (Landing, error) {
	if !finite(opening) || opening <= 0 {
		return Landing{}, ErrNoOpening
	}
	if !finite(value) {
		return Landing{}, ErrNoValue
	}
	if !finite(restGrowth) {
		return Landing{}, ErrNoGrowth
	}
	v := value * (1 + restGrowth/100)
	return Landing{Value: v, Growth: (v/opening - 1) * 100}, nil
}

// GrowthTargetValue is the value a growth-only target stands for: last year's full-year value
// (a stock's last December balance) × (1 + g/100).
func GrowthTargetValue(baseYear, growth float64) (float64, error) {
	if !finite(baseYear) || baseYear <= 0 {
		return 0, ErrNoBaseYear
	}
	if !finite(growth) || growth <= -100 {
		return 0, ErrNoTarget
	}
	return baseYear * (1 + growth/100), nil
}

// ThresholdAt is a benchmark threshold `years` years on, growing at rate percent a year.
func ThresholdAt(threshold, rate float64, years int) float64 {
	return threshold * math.Pow(1+rate/100, float64(years))
}

// CompoundGrowthNeeded is the yearly growth, percent, that takes current to the threshold in
// years years, the threshold itself growing at rate percent a year:
// ((threshold × (1 + r)^n / current)^(1/n) − 1) × 100. Errors: ErrNoValue (current ≤ 0),
// ErrNoTarget (threshold ≤ 0), ErrYearOver (n ≤ 0).
func CompoundGrowthNeeded(current, threshold, rate float64, years int) (float64, error) {
	if !finite(current) || current <= 0 {
		return 0, ErrNoValue
	}
	if !finite(threshold) || threshold <= 0 || !finite(rate) || rate <= -100 {
		return 0, ErrNoTarget
	}
	if years <= 0 {
		return 0, ErrYearOver
	}
	goal := ThresholdAt(threshold, rate, years)
	return (math.Pow(goal/current, 1/float64(years)) - 1) * 100, nil
}

// YearsToReach is how many whole years current, growing at growth percent a year, takes to reach
// the threshold growing at rate percent a year: the smallest n ≥ 0 with
// current × (1 + g)^n ≥ threshold × (1 + r)^n. ErrNeverReached when it never does (g ≤ r and not
// reached already); ErrNoValue / ErrNoTarget / ErrNoGrowth for figures that are missing.
func YearsToReach(current, threshold, growth, rate float64) (int, error) {
	if !finite(current) || current <= 0 {
		return 0, ErrNoValue
	}
	if !finite(threshold) || threshold <= 0 || !finite(rate) || rate <= -100 {
		return 0, ErrNoTarget
	}
	if !finite(growth) || growth <= -100 {
		return 0, ErrNoGrowth
	}
	if current >= threshold {
		return 0, nil
	}
	ratio := (1 + growth/100) / (1 + rate/100)
	if ratio <= 1 {
		return 0, ErrNeverReached
	}
	n := math.Log(threshold/current) / math.Log(ratio)
	years := int(math.Ceil(n - 1e-9))
	if years > 1000 {
		return 0, ErrNeverReached
	}
	return years, nil
}
