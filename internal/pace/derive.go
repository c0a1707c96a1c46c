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

	Kind      Kind      // how the indicator accumulates ("" is a flow)
	Direction Direction // which way is better ("" is up)
	Decimals  int       // published precision of the value: a level gap is judged at it
	// Money: values are money at current prices (unit in 元), so a growth computed from them is
	// labelled 现价.
	Money bool
	// Stale: a later figure was due (see Stale); the tiers keep this figure's arithmetic, at its
	// own month and time progress, and their status is StatusStale.
	Stale bool
}

func (f Figures) kind() Kind {
	if f.Kind == "" {
		return KindFlow
	}
	return f.Kind
}

func (f Figures) down() bool { return f.Direction == LowerIsBetter }

// Derived are the figures computed once per indicator observation, shared by its tiers.
type Derived struct {
	Growth       *float64 // published growth, else computed from Value and stored BaseYTD
	BaseYTD      *float64 // stored base, else implied by Value and the published growth
	TimeProgress *float64 // 时序进度, percent
	Projected    *float64 // 全年预计: SeasonalProjection of Value; StockProjection for a stock
	Change       *float64 // a level's change over last year's same period, V − B_ytd, in its unit

	GrowthComputed       bool // Growth was computed (nominal), not published
	BaseImplied          bool // BaseYTD was implied from the published growth (comparable prices)
	TimeProgressFallback bool // seasonal progress wanted but last year's figures missing: linear used

	// Reasons maps a JSON field name ("growth", "base_ytd", "time_progress", "projected_value")
	// to why it is absent or how it was derived, as a catalogue key ("reason.…").
	Reasons map[string]string
}

// Derive computes the derived figures of f:
//   - Growth: published, else CumulativeGrowth(Value, stored BaseYTD) (GrowthComputed) — never
//     for a level or a comparable-price indicator, whose growth is only ever the published one.
//   - BaseYTD: stored, else ImpliedBase(Value, published Growth) (BaseImplied) — the
//     comparable-price base. A stored base that is not positive counts as not stored.
//   - TimeProgress: linear month/12; seasonal BaseYTD/BaseYear using the derived BaseYTD, falling
//     back to linear (TimeProgressFallback) when either is missing. December is 100 in both modes:
//     the whole year has elapsed. A stock is always linear. Nil only when Month is outside 1..12.
//   - Projected: SeasonalProjection(Value, BaseYTD, BaseYear); for a stock
//     StockProjection(Value, S0 = BaseYear, time progress); none for a level.
//   - Change: a level's V − BaseYTD.
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
	case f.kind() == KindLevel:
		d.Reasons["growth"] = ErrLevelGrowthPublished.Error()
	case f.ComparablePrice:
		d.Reasons["growth"] = ErrComparableGrowth.Error()
	case stored == nil:
		d.Reasons["growth"] = ErrNoGrowth.Error()
	default:
		g, err := CumulativeGrowth(*value, *stored)
		d.setOr(&d.Growth, g, err, "growth")
		if err == nil {
			d.GrowthComputed = true
			d.Reasons["growth"] = noteGrowthComputed.Error()
			if f.Money {
				d.Reasons["growth"] = noteGrowthComputedCurrent.Error()
			}
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
			if f.ComparablePrice {
				d.Reasons["base_ytd"] = noteBaseImpliedComparable.Error()
			}
		}
	}

	switch {
	case f.Month < 1 || f.Month > 12:
		d.Reasons["time_progress"] = ErrBadPeriod.Error()
	case f.Month == 12:
		d.TimeProgress = ptr(100.0)
	case f.kind() == KindStock:
		d.TimeProgress = ptr(LinearTimeProgress(f.Month))
		if f.Seasonal {
			d.Reasons["time_progress"] = noteStockLinear.Error()
		}
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

	if f.kind() == KindLevel && value != nil && d.BaseYTD != nil {
		d.Change = ptr(RoundTo(*value-*d.BaseYTD, 9))
	}

	opening := finiteOrNil(f.BaseYear)
	switch {
	case f.kind() == KindLevel:
		d.Reasons["projected_value"] = ErrLevelNoProjection.Error()
	case value == nil:
		d.Reasons["projected_value"] = ErrNoValue.Error()
	case f.kind() == KindStock && (opening == nil || *opening < 0):
		d.Reasons["projected_value"] = ErrNoOpening.Error()
	case f.kind() == KindStock && d.TimeProgress == nil:
		d.Reasons["projected_value"] = ErrBadPeriod.Error()
	case f.kind() == KindStock:
		d.Projected = ptr(StockProjection(*value, *opening, *d.TimeProgress))
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
