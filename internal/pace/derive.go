package pace

// Figures are one indicator's published and stored numbers at one observation, with the
// indicator's settings; the input to Derive and EvaluateTier. Nil means not published / not
// stored — never zero.
type Figures struct {
	Month           int      // the observation's month, 1..12
	Value           *float64 // V_ytd 累计值, this year's cumulative value
	Growth          *float64 // g_ytd 累计增速 as published (comparable prices for GDP, value added)
	BaseYTD         *float64 // stored last-year same-period cumulative value (上年同期)
	BaseYear        *float64 // stored last-year full-year value (上年全年, December)
	Seasonal        bool     // time progress seasonal (以月保季) rather than linear
	Tolerance       float64  // completion tolerance, pp (DefaultTolerance)
	GrowthTolerance float64  // growth tolerance, pp (DefaultGrowthTolerance)
	GrowthDecimals  int      // published precision of growth (DefaultGrowthDecimals)
	// ComparablePrice: growth is published at comparable prices (GDP, value added) and must
	// never be computed from nominal values.
	ComparablePrice bool
}

// Derived are the figures computed once per indicator observation, shared by its tiers.
type Derived struct {
	Growth       *float64 // published growth, else computed from Value and stored BaseYTD
	BaseYTD      *float64 // stored base, else implied by Value and the published growth
	TimeProgress *float64 // 时序进度, percent
	Projected    *float64 // 全年预计: SeasonalProjection of Value

	GrowthComputed       bool // Growth was computed (nominal), not published
	BaseImplied          bool // BaseYTD was implied from the published growth (comparable prices)
	TimeProgressFallback bool // seasonal progress wanted but last year's figures missing: linear used

	// Reasons maps a JSON field name ("growth", "base_ytd", "time_progress", "projected_value")
	// to why it is absent or how it was derived, in Chinese (ReasonTextEN translates).
	Reasons map[string]string
}

// Derive computes the derived figures of f:
//   - Growth: published, else CumulativeGrowth(Value, stored BaseYTD) (GrowthComputed).
//   - BaseYTD: stored, else ImpliedBase(Value, published Growth) (BaseImplied) — the
//     comparable-price base. A stored base that is not positive counts as not stored.
//   - TimeProgress: linear month/12; seasonal BaseYTD/BaseYear using the derived BaseYTD, falling
//     back to linear (TimeProgressFallback) when either is missing. December is 100 in both modes:
//     the whole year has elapsed. Nil only when Month is outside 1..12.
//   - Projected: SeasonalProjection(Value, BaseYTD, BaseYear).
func Derive(f Figures) Derived {
	d := Derived{Reasons: map[string]string{}}
	value := finiteOrNil(f.Value)
	published := finiteOrNil(f.Growth)
	stored := positiveOrNil(f.BaseYTD)
	baseYear := positiveOrNil(f.BaseYear)

	switch {
	case published != nil:
		d.Growth = ptr(*published)
	case value == nil:
		d.Reasons["growth"] = ErrNoGrowth.Error()
	case f.ComparablePrice:
		d.Reasons["growth"] = "按可比价计算，须以公布增速为准，不由现价数值推算"
	case stored == nil:
		d.Reasons["growth"] = ErrNoGrowth.Error()
	default:
		g, err := CumulativeGrowth(*value, *stored)
		d.setOr(&d.Growth, g, err, "growth")
		if err == nil {
			d.GrowthComputed = true
			d.Reasons["growth"] = noteGrowthComputed.Error()
		}
	}

	switch {
	case stored != nil:
		d.BaseYTD = ptr(*stored)
	case value == nil || published == nil:
		d.Reasons["base_ytd"] = ErrNoBase.Error()
	default:
		b, err := ImpliedBase(*value, *published)
		if err == nil && b <= 0 {
			err = ErrNoBase
		}
		d.setOr(&d.BaseYTD, b, err, "base_ytd")
		if err == nil {
			d.BaseImplied = true
			d.Reasons["base_ytd"] = noteBaseImplied.Error()
		}
	}

	switch {
	case f.Month < 1 || f.Month > 12:
		d.Reasons["time_progress"] = ErrBadPeriod.Error()
	case f.Month == 12:
		d.TimeProgress = ptr(100.0)
	case !f.Seasonal:
		d.TimeProgress = ptr(LinearTimeProgress(f.Month))
	default:
		tp, err := seasonal(d.BaseYTD, baseYear)
		if err != nil {
			tp = LinearTimeProgress(f.Month)
			d.TimeProgressFallback = true
			d.Reasons["time_progress"] = noteLinearFallback.Error()
		}
		d.TimeProgress = ptr(tp)
	}

	switch {
	case value == nil:
		d.Reasons["projected_value"] = ErrNoValue.Error()
	case baseYear == nil:
		d.Reasons["projected_value"] = ErrNoBaseYear.Error()
	case d.BaseYTD == nil:
		d.Reasons["projected_value"] = ErrNoBase.Error()
	default:
		v, err := SeasonalProjection(*value, *d.BaseYTD, *baseYear)
		d.setOr(&d.Projected, v, err, "projected_value")
	}
	return d
}

func seasonal(baseYTD, baseYear *float64) (float64, error) {
	if baseYear == nil {
		return 0, ErrNoBaseYear
	}
	if baseYTD == nil {
		return 0, ErrNoBase
	}
	return SeasonalTimeProgress(*baseYTD, *baseYear)
}

// setOr stores x in *dst, or records err as the reason field is absent.
func (d *Derived) setOr(dst **float64, x float64, err error, field string) {
	if err != nil {
		d.Reasons[field] = err.Error()
		return
	}
	*dst = ptr(x)
}

func ptr[T any](x T) *T { return &x }

func finiteOrNil(p *float64) *float64 {
	if p == nil || !finite(*p) {
		return nil
	}
	return p
}

func positiveOrNil(p *float64) *float64 {
	if p = finiteOrNil(p); p == nil || *p <= 0 {
		return nil
	}
	return p
}
