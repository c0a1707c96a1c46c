package pace

// TierTarget is one tier's target (下达 assigned / 自我加压 stretch): a value or count, a growth
// in percent, or both. Nil means not set. For a down indicator a value is a ceiling (上限) and a
// growth a maximum, or a decline to reach written negative (下降3% is −3).
type TierTarget struct {
	Value, Growth *float64
}

// Bounds and bases of a required growth.
const (
	BoundMin = "min" // the rest of the year must grow at least this much (up)
	BoundMax = "max" // the rest of the year may grow at most this much (down)

	FromValue  = "value"  // required growth from the value target
	FromGrowth = "growth" // required growth from the growth target

	BasisCurrent    = "current"    // 现价
	BasisComparable = "comparable" // 可比价
)

// TierResult is one indicator measured against one tier (DESIGN.md §4a). Every gap is signed so
// that positive is better. Every absent figure has its reason, a catalogue key, under its JSON
// field name in Reasons.
type TierResult struct {
	// Completion 完成率, percent: V/T of a flow's value target (for a ceiling, the share of the
	// cap used); (V − S0)/(T − S0) of a stock's year-end target; none for a level.
	Completion   *float64
	GapPP        *float64 // 差距, pp: of completion against time progress; for a growth-only tier the growth gap
	GrowthGapPP  *float64 // growth against target growth, at the published precision
	LevelGap     *float64 // a level (or a stock under a ceiling) against its bound, in the indicator's unit
	TimeProgress *float64 // 时序进度 (Derived.TimeProgress)

	// RequiredGrowth 需增速 for the rest of the year: the binding one of RequiredGrowthValue and
	// RequiredGrowthGrowth (the larger for up, the smaller for down); RequiredGrowthFrom says which,
	// PriceBasis its basis, RequiredGrowthBound whether it is a minimum or a maximum.
	RequiredGrowth       *float64
	RequiredGrowthBound  string // BoundMin, BoundMax, or "" when there is no required growth
	RequiredGrowthFrom   string // FromValue, FromGrowth, or ""
	PriceBasis           string // BasisCurrent, BasisComparable, or ""
	RequiredGrowthValue  *float64
	RequiredGrowthGrowth *float64
	RequiredValueBasis   string // basis of RequiredGrowthValue: always current prices
	RequiredGrowthBasis  string // basis of RequiredGrowthGrowth: comparable for a comparable-price indicator

	ProjectedValue *float64 // 全年预计 (Derived.Projected)
	Status         Status
	Reasons        map[string]string
}

// EvaluateTier measures f (with its Derived d) against tier t, following DESIGN.md §4a's table:
//   - flow, count, rate: completion = V/T×100; gap_pp = completion − time progress (up) or time
//     progress − completion (down, V/T being the share of the cap used); growth_gap_pp = growth −
//     target (up) or target − growth (down); required growth from the value target
//     (RequiredGrowthFromValue, current prices) and from the growth target
//     (RequiredGrowthFromGrowth), a minimum for up and a maximum for down, the binding one kept.
//   - stock, up: a growth target means a year-end balance S0 × (1 + g/100); completion = (V − S0)/
//     (T − S0)×100 against linear time progress; required growth (T/V − 1)×100, a minimum.
//   - stock, down, and level with a value target: level_gap = V − T (up) or T − V (down), green
//     when ≥ 0 else red; no completion, no required growth.
//   - level with a growth target: the growth gap as for a flow; never a required growth.
//   - status: the worst of the value and growth statuses, each judged on the gap as displayed;
//     StatusNone when neither can be judged; StatusStale when f.Stale, the figures kept.
//   - required growth is ErrYearOver only for a December figure.
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
	tv, tg := positiveOrNil(t.Value), finiteOrNil(t.Growth)

	var valueStatus, growthStatus Status
	switch f.kind() {
	case KindLevel:
		valueStatus = r.level(f, tv)
		growthStatus = r.growthGap(f, d, tg)
		r.Reasons["completion"] = ErrLevelNoCompletion.Error()
		if tv != nil {
			r.gapFromGrowth(tg, ErrLevelNoCompletion)
		} else {
			r.gapFromGrowth(tg, ErrNoTarget)
		}
		r.noRequired(ErrLevelNoRequired)
	case KindStock:
		valueStatus = r.stock(f, d, tv, tg)
		growthStatus = StatusNone
	default:
		valueStatus = r.flow(f, tv)
		growthStatus = r.growthGap(f, d, tg)
		if tv == nil {
			r.gapFromGrowth(tg, ErrNoTarget)
		}
		r.flowRequired(f, d, tv, tg)
	}

	r.Status = Worse(valueStatus, growthStatus)
	if r.Status == StatusNone {
		r.Reasons["status"] = reasonOr(r.Reasons["gap_pp"], ErrNoTarget)
		if why := r.Reasons["level_gap"]; why != "" && why != ErrNoTarget.Error() {
			r.Reasons["status"] = why
		}
	}
	if f.Stale {
		r.Status = StatusStale
		r.Reasons["status"] = ErrStale.Error()
	}
	return r
}

// flow judges a flow's (count's, rate's) value target; it sets completion and gap_pp.
func (r *TierResult) flow(f Figures, tv *float64) Status {
	value := finiteOrNil(f.Value)
	switch {
	case tv == nil:
		r.Reasons["completion"] = ErrNoTarget.Error()
		return StatusNone
	case value == nil:
		r.Reasons["completion"] = ErrNoValue.Error()
	default:
		c, err := Completion(*value, *tv)
		r.set(&r.Completion, c, err, "completion")
	}
	switch {
	case r.Completion == nil:
		r.Reasons["gap_pp"] = r.Reasons["completion"]
	case r.TimeProgress == nil:
		r.Reasons["gap_pp"] = r.Reasons["time_progress"]
	default:
		gap := *r.Completion - *r.TimeProgress
		if f.down() {
			gap = -gap
		}
		r.GapPP = &gap
		return StatusFromGap(gap, f.Tolerance)
	}
	return StatusNone
}

// growthGap judges a growth target; it sets growth_gap_pp.
func (r *TierResult) growthGap(f Figures, d Derived, tg *float64) Status {
	growth := finiteOrNil(d.Growth)
	switch {
	case tg == nil:
		r.Reasons["growth_gap_pp"] = ErrNoTarget.Error()
	case growth == nil:
		r.Reasons["growth_gap_pp"] = reasonOr(d.Reasons["growth"], ErrNoGrowth)
	default:
		gap := GrowthGap(*growth, *tg, f.GrowthDecimals)
		if f.down() {
			gap = GrowthGap(*tg, *growth, f.GrowthDecimals)
		}
		r.GrowthGapPP = &gap
		return StatusFromGap(gap, f.GrowthTolerance)
	}
	return StatusNone
}

// gapFromGrowth sets gap_pp of a tier whose gap_pp is not a completion gap: the growth gap when
// there is a growth target, else absent because otherwise.
func (r *TierResult) gapFromGrowth(tg *float64, otherwise *Error) {
	switch {
	case tg != nil && r.GrowthGapPP != nil:
		r.GapPP = clonePtr(r.GrowthGapPP)
	case tg != nil:
		r.Reasons["gap_pp"] = r.Reasons["growth_gap_pp"]
	default:
		r.Reasons["gap_pp"] = otherwise.Error()
	}
}

// level judges a level's value target (a floor for up, a ceiling for down); it sets level_gap.
func (r *TierResult) level(f Figures, tv *float64) Status {
	if tv == nil {
		r.Reasons["level_gap"] = ErrNoTarget.Error()
		return StatusNone
	}
	return r.levelGap(f, *tv, true)
}

// levelGap sets level_gap (when show) and judges V against the bound T.
func (r *TierResult) levelGap(f Figures, target float64, show bool) Status {
	value := finiteOrNil(f.Value)
	if value == nil {
		if show {
			r.Reasons["level_gap"] = ErrNoValue.Error()
		}
		return StatusNone
	}
	gap := *value - target
	if f.down() {
		gap = target - *value
	}
	gap = RoundTo(gap, 9) // binary noise only: 5.5 − 5.8 is −0.3
	if show {
		r.LevelGap = &gap
	}
	return StatusFromLevelGap(gap, f.Decimals)
}

// stock judges a stock's targets: a growth target g is the year-end balance S0 × (1 + g/100).
func (r *TierResult) stock(f Figures, d Derived, tv, tg *float64) Status {
	opening := finiteOrNil(f.BaseYear)
	if opening != nil && *opening < 0 {
		opening = nil
	}
	type goal struct {
		from string
		t    *float64
		err  error
	}
	var goals []goal
	if tv != nil {
		goals = append(goals, goal{from: FromValue, t: tv})
	}
	r.Reasons["growth_gap_pp"] = ErrNoTarget.Error()
	if tg != nil {
		r.Reasons["growth_gap_pp"] = noteStockGrowthTarget.Error()
		g := goal{from: FromGrowth, err: ErrNoOpening}
		if opening != nil {
			g.t, g.err = ptr(*opening*(1+*tg/100)), nil
			if *g.t <= 0 {
				g.t, g.err = nil, ErrNoTarget
			}
		}
		goals = append(goals, g)
	}
	if len(goals) == 0 {
		r.Reasons["completion"] = ErrNoTarget.Error()
		r.Reasons["gap_pp"] = ErrNoTarget.Error()
		r.noRequired(ErrNoTarget)
		return StatusNone
	}
	shown := goals[0] // the value target when there is one, else the growth target's balance
	if shown.from == FromGrowth && shown.t != nil {
		r.Reasons["completion"] = noteStockGrowthTarget.Error()
	}

	if f.down() {
		r.noRequired(ErrStockCeiling)
		r.Reasons["completion"] = ErrStockCeiling.Error()
		r.Reasons["gap_pp"] = ErrStockCeiling.Error()
		status := StatusNone
		for i, g := range goals {
			if g.t == nil {
				if i == 0 {
					r.Reasons["level_gap"] = g.err.Error()
				}
				continue
			}
			status = Worse(status, r.levelGap(f, *g.t, i == 0))
		}
		return status
	}

	value := finiteOrNil(f.Value)
	status := StatusNone
	for i, g := range goals {
		show := i == 0
		if g.t == nil {
			if show {
				r.Reasons["completion"] = g.err.Error()
				r.Reasons["gap_pp"] = g.err.Error()
			}
			r.stockRequired(f, g.from, nil, g.err)
			continue
		}
		r.stockRequired(f, g.from, g.t, nil)
		if opening == nil {
			if show {
				r.Reasons["completion"], r.Reasons["gap_pp"] = ErrNoOpening.Error(), ErrNoOpening.Error()
			}
			continue
		}
		if value == nil {
			if show {
				r.Reasons["completion"], r.Reasons["gap_pp"] = ErrNoValue.Error(), ErrNoValue.Error()
			}
			continue
		}
		c, err := StockCompletion(*value, *opening, *g.t)
		if err == ErrStockTargetBelowOpening {
			// Nothing to complete: the balance is judged against the target like a level.
			if show {
				r.Reasons["completion"], r.Reasons["gap_pp"] = err.Error(), err.Error()
			}
			status = Worse(status, r.levelGap(f, *g.t, show))
			continue
		}
		if err != nil || r.TimeProgress == nil {
			if show {
				if err == nil {
					err = ErrBadPeriod
				}
				r.Reasons["completion"], r.Reasons["gap_pp"] = err.Error(), err.Error()
			}
			continue
		}
		gap := c - *r.TimeProgress
		if show {
			r.Completion, r.GapPP = ptr(c), ptr(gap)
		}
		status = Worse(status, StatusFromGap(gap, f.Tolerance))
	}
	r.bind(false)
	return status
}

// stockRequired sets a stock's required growth from one target (T/V − 1, current prices).
func (r *TierResult) stockRequired(f Figures, from string, target *float64, err error) {
	var g float64
	switch {
	case err != nil:
	case f.Month == 12:
		err = ErrYearOver
	case f.Month < 1 || f.Month > 12:
		err = ErrBadPeriod
	case finiteOrNil(f.Value) == nil:
		err = ErrNoValue
	default:
		g, err = RequiredGrowthStock(*target, *f.Value)
	}
	basis := BasisCurrent
	if from == FromGrowth && f.ComparablePrice {
		basis = BasisComparable
	}
	r.setRequired(from, g, err, basis)
}

// flowRequired sets a flow's required growths from each target, and the binding one.
func (r *TierResult) flowRequired(f Figures, d Derived, tv, tg *float64) {
	if tv == nil && tg == nil {
		r.noRequired(ErrNoTarget)
		return
	}
	common := func() error {
		switch {
		case f.Month == 12:
			return ErrYearOver
		case f.Month < 1 || f.Month > 12:
			return ErrBadPeriod
		case positiveOrNil(f.BaseYear) == nil:
			return ErrNoBaseYear
		case positiveOrNil(d.BaseYTD) == nil:
			return ErrNoBase
		}
		return nil
	}()
	if tg != nil {
		var g float64
		err := common
		if err == nil {
			if growth := finiteOrNil(d.Growth); growth == nil {
				err = ErrNoGrowth
			} else {
				g, err = RequiredGrowthFromGrowth(*tg, *growth, *d.BaseYTD, *f.BaseYear)
			}
		}
		basis := BasisCurrent
		if f.ComparablePrice {
			basis = BasisComparable
		}
		r.setRequired(FromGrowth, g, err, basis)
	}
	if tv != nil {
		var g float64
		err := common
		if err == nil {
			if value := finiteOrNil(f.Value); value == nil {
				err = ErrNoValue
			} else {
				g, err = RequiredGrowthFromValue(*tv, *value, *d.BaseYTD, *f.BaseYear)
			}
		}
		r.setRequired(FromValue, g, err, BasisCurrent)
	}
	r.bind(f.down())
}

// setRequired records the required growth from one target, or why there is none.
func (r *TierResult) setRequired(from string, g float64, err error, basis string) {
	dst, basisDst, field := &r.RequiredGrowthValue, &r.RequiredValueBasis, "required_growth_value"
	if from == FromGrowth {
		dst, basisDst, field = &r.RequiredGrowthGrowth, &r.RequiredGrowthBasis, "required_growth_growth"
	}
	if err != nil {
		r.Reasons[field] = err.Error()
		return
	}
	*dst, *basisDst = ptr(g), basis
}

// bind picks the binding required growth: the larger (a minimum, up) or the smaller (a maximum,
// down). When a target is set but its required growth cannot be computed, there is none: a
// partial answer would understate what is needed.
func (r *TierResult) bind(down bool) {
	type cand struct {
		from, field, basis string
		g                  *float64
	}
	var cs []cand
	if r.RequiredGrowthValue != nil || r.Reasons["required_growth_value"] != "" {
		cs = append(cs, cand{FromValue, "required_growth_value", r.RequiredValueBasis, r.RequiredGrowthValue})
	}
	if r.RequiredGrowthGrowth != nil || r.Reasons["required_growth_growth"] != "" {
		cs = append(cs, cand{FromGrowth, "required_growth_growth", r.RequiredGrowthBasis, r.RequiredGrowthGrowth})
	}
	if len(cs) == 0 {
		r.Reasons["required_growth"] = ErrNoTarget.Error()
		return
	}
	var best *cand
	for i := range cs {
		c := &cs[i]
		if c.g == nil {
			r.Reasons["required_growth"] = r.Reasons[c.field]
			return
		}
		if best == nil || (!down && *c.g > *best.g) || (down && *c.g < *best.g) {
			best = c
		}
	}
	r.RequiredGrowth = ptr(*best.g)
	r.RequiredGrowthFrom, r.PriceBasis = best.from, best.basis
	r.RequiredGrowthBound = BoundMin
	if down {
		r.RequiredGrowthBound = BoundMax
	}
}

// noRequired records that there is no required growth at all, and why.
func (r *TierResult) noRequired(why *Error) {
	r.Reasons["required_growth"] = why.Error()
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
