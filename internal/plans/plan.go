// Package plans is 以月保季、以季保年: an annual target turned into a month-by-month plan (by last
// year's shares, the mean of three years', linear, or entered — a prefecture may assign
// quarters), each month and quarter judged secured or not, the catch-up the rest of the year
// now requires, scenarios ("if the rest of the year grows g%") and the long-range goals against
// their benchmarks. The arithmetic is pace's (plan.go); this package reads the figures, targets
// and stored plans, and keeps plan versions (approved ones frozen) and benchmarks.
package plans

import (
	"context"
	"errors"
	"strconv"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/scorecard"
	"pacer/internal/store"
)

// Service is the plans workflow over one store.
type Service struct {
	store *store.Store
	sc    *scorecard.Service
}

// New returns the workflow over st; sc gives the scorecard lines scenarios start from.
func New(st *store.Store, sc *scorecard.Service) *Service { return &Service{store: st, sc: sc} }

func who(a domain.Actor) store.Who { return store.Who{Username: a.Username, Role: a.Role, IP: a.IP} }

// Options choose the plan: Method "" takes the approved stored plan when there is one, else the
// indicator's own way (shares when its time progress is seasonal, linear otherwise; a stock is
// always linear); Tier "" is assigned.
type Options struct {
	Method string
	Tier   domain.Tier
}

// View is one indicator's plan for a region's year against its actual figures.
type View struct {
	Region    domain.Region
	Indicator domain.Indicator
	Year      int
	Tier      domain.Tier
	Method    string
	// Target is the annual target the plan reaches; FromGrowth when it is a growth-only target
	// turned into the value B_12 × (1 + g/100).
	Target     float64
	FromGrowth bool
	Sample     bool              // the target, the plan or a figure is 示例
	Stored     *domain.MonthPlan // the stored plan shown (approved, or as asked), nil when derived now
	Plan       pace.Plan
	Months     []pace.MonthCheck
	Quarters   []pace.QuarterCheck
	Latest     int // the latest month with an actual figure, 0 when none
	CatchUp    []pace.Required
	// CatchUpReason is why there is no catch-up (a catalogue key), "" when there is one.
	CatchUpReason string
}

// figures are one indicator's cumulative values by year.
type figures struct {
	years  map[int]*pace.Year
	sample bool
}

func (f figures) year(y int) pace.Year {
	if v := f.years[y]; v != nil {
		return *v
	}
	return pace.Year{}
}

func (s *Service) figures(ctx context.Context, region, indicator string, from, to int) (figures, error) {
	obs, err := s.store.Observations(ctx, store.ObservationQuery{Regions: []string{region}, Indicators: []string{indicator},
		From: pace.Period{Year: from, Month: 1}.String(), To: pace.Period{Year: to, Month: 12}.String(), Brief: true})
	if err != nil {
		return figures{}, err
	}
	f := figures{years: map[int]*pace.Year{}}
	for _, o := range obs {
		p, err := pace.ParsePeriod(o.Period)
		if err != nil || o.Value == nil {
			continue
		}
		if f.years[p.Year] == nil {
			f.years[p.Year] = &pace.Year{}
		}
		v := *o.Value
		f.years[p.Year][p.Month-1] = &v
		if p.Year == to {
			f.sample = f.sample || o.Sample
		}
	}
	return f, nil
}

// paceErr is a pace reason as an error users read.
func paceErr(err error) error {
	var pe *pace.Error
	if errors.As(err, &pe) {
		return domain.E(domain.EINVALID, "plans.err.cannot", locale.Key(pe.Key()))
	}
	return err
}

func frequency(ind domain.Indicator) pace.Frequency {
	if ind.Frequency == "" {
		return pace.Monthly
	}
	return pace.Frequency(ind.Frequency)
}

// Plan is the plan of indicator in region's year at opt.Tier against the year's figures.
func (s *Service) Plan(ctx context.Context, region, indicator string, year int, opt Options) (*View, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	if opt.Tier == "" {
		opt.Tier = domain.Assigned
	}
	if opt.Tier != domain.Assigned && opt.Tier != domain.Stretch {
		return nil, domain.E(domain.EINVALID, "plans.err.tier", string(opt.Tier))
	}
	if year < 1900 || year > 2999 {
		return nil, domain.E(domain.EINVALID, "plans.err.year", year)
	}
	r, err := s.store.Region(ctx, region)
	if err != nil {
		return nil, err
	}
	ind, err := s.store.Indicator(ctx, indicator)
	if err != nil {
		return nil, err
	}
	switch ind.Kind {
	case domain.KindLevel:
		return nil, domain.E(domain.EINVALID, "plans.err.level", locale.Name{ZH: ind.Name, EN: ind.NameEN})
	case domain.KindRate:
		return nil, domain.E(domain.EINVALID, "plans.err.rate", locale.Name{ZH: ind.Name, EN: ind.NameEN})
	}
	stock, down := ind.Kind == domain.KindStock, ind.Direction == domain.Down
	switch opt.Method {
	case "", pace.PlanShares, pace.PlanMean3, pace.PlanLinear:
	default:
		return nil, domain.E(domain.EINVALID, "plans.err.method", opt.Method)
	}
	if stock && opt.Method != "" && opt.Method != pace.PlanLinear {
		return nil, domain.E(domain.EINVALID, "plans.err.stock_linear", locale.Name{ZH: ind.Name, EN: ind.NameEN})
	}

	figs, err := s.figures(ctx, r.Code, ind.Code, year-3, year)
	if err != nil {
		return nil, err
	}
	v := &View{Region: r, Indicator: ind, Year: year, Tier: opt.Tier, Sample: figs.sample}
	last := figs.year(year - 1)

	// The plan in force: the latest approved stored version, unless a method is asked for.
	if opt.Method == "" {
		stored, err := s.store.Plans(ctx, r.Code, ind.Code, year)
		if err != nil {
			return nil, err
		}
		for i := len(stored) - 1; i >= 0; i-- {
			if p := stored[i]; p.Tier == opt.Tier && p.State == domain.PlanApproved {
				v.Stored = &p
				break
			}
		}
	}
	if v.Stored != nil {
		v.Method, v.Target, v.Sample = v.Stored.Method, v.Stored.Target, v.Sample || v.Stored.Sample
		v.Plan = pace.Plan{Opening: v.Stored.Opening, Cumulative: v.Stored.Months, Down: down, Ceiling: stock && down}
	} else {
		if v.Target, v.FromGrowth, err = s.target(ctx, r.Code, ind, year, opt.Tier, last, &v.Sample); err != nil {
			return nil, err
		}
		if v.Plan, v.Method, err = derive(ind, opt.Method, v.Target, figs, year); err != nil {
			return nil, err
		}
	}

	actual := figs.year(year)
	v.Months, v.Quarters = pace.Check(v.Plan, actual, ind.Precision)
	value := v.Plan.Opening
	for m := 12; m >= 1; m-- {
		if actual[m-1] != nil {
			v.Latest, value = m, *actual[m-1]
			break
		}
	}
	if v.CatchUp, err = pace.CatchUp(v.Plan, v.Target, value, v.Latest); err != nil {
		var pe *pace.Error
		if !errors.As(err, &pe) {
			return nil, err
		}
		v.CatchUp, v.CatchUpReason = nil, pe.Key()
	}
	return v, nil
}

// target is the tier's annual target as a value: the value target, else the growth target as
// B_12 × (1 + g/100) (for a stock B_12 is last December's balance S0).
func (s *Service) target(ctx context.Context, region string, ind domain.Indicator, year int, tier domain.Tier, last pace.Year, sample *bool) (float64, bool, error) {
	ts, err := s.store.Targets(ctx, region, year)
	if err != nil {
		return 0, false, err
	}
	for _, t := range ts {
		if t.IndicatorCode != ind.Code || t.Tier != tier {
			continue
		}
		*sample = *sample || t.Sample
		if t.Value != nil {
			return *t.Value, false, nil
		}
		b12 := 0.0
		if last[11] != nil {
			b12 = *last[11]
		}
		v, err := pace.GrowthTargetValue(b12, *t.Growth)
		if err != nil {
			return 0, false, paceErr(err)
		}
		return v, true, nil
	}
	return 0, false, domain.E(domain.ENOTFOUND, "plans.err.no_target", locale.Name{ZH: ind.Name, EN: ind.NameEN}, year, locale.Key("plans.tier."+string(tier)))
}

// derive makes the plan by method ("" chooses: a stock linear, a seasonal indicator shares, else
// linear). A 1–2月 start (February the first planned month) unless this year or last has a
// January figure.
func derive(ind domain.Indicator, method string, target float64, figs figures, year int) (pace.Plan, string, error) {
	stock, down := ind.Kind == domain.KindStock, ind.Direction == domain.Down
	if method == "" {
		method = pace.PlanLinear
		if ind.Mode == domain.Seasonal && !stock {
			method = pace.PlanShares
		}
	}
	start := 2
	if figs.year(year)[0] != nil || figs.year(year - 1)[0] != nil {
		start = 1
	}
	months := pace.PlannedMonths(frequency(ind), start)
	last := figs.year(year - 1)
	if stock {
		if down {
			return pace.CeilingPlan(target, months), method, nil
		}
		if last[11] == nil {
			return pace.Plan{}, method, paceErr(pace.ErrNoOpening)
		}
		p, err := pace.PlanFromShares(target, *last[11], pace.LinearShares(months), false)
		return p, method, paceErr(err)
	}
	var shares pace.Shares
	var err error
	switch method {
	case pace.PlanShares:
		shares, err = pace.SharesOf(last, months)
	case pace.PlanMean3:
		shares, err = pace.MeanShares([]pace.Year{figs.year(year - 3), figs.year(year - 2), last}, months)
	default:
		shares = pace.LinearShares(months)
	}
	if err != nil {
		return pace.Plan{}, method, paceErr(err)
	}
	p, err := pace.PlanFromShares(target, 0, shares, down)
	if err != nil {
		return pace.Plan{}, method, paceErr(err)
	}
	return p, method, nil
}

// PlanJSON is the plan as `pacer plan --json` gives it: exactly these fields. A quarter's plan
// and actual are its own amounts; actual and secured are null for a month not yet reported.
type PlanJSON struct {
	Method   string        `json:"method"`
	Target   float64       `json:"target"`
	Months   []MonthJSON   `json:"months"`
	Quarters []QuarterJSON `json:"quarters"`
	CatchUp  []CatchUpJSON `json:"catch_up"`
}

type MonthJSON struct {
	Period           string   `json:"period"`
	PlanCumulative   float64  `json:"plan_cumulative"`
	ActualCumulative *float64 `json:"actual_cumulative"`
	Secured          *bool    `json:"secured"`
}

type QuarterJSON struct {
	Quarter int      `json:"quarter"`
	Plan    float64  `json:"plan"`
	Actual  *float64 `json:"actual"`
	Secured *bool    `json:"secured"`
}

type CatchUpJSON struct {
	Period        string  `json:"period"`
	RequiredValue float64 `json:"required_value"`
}

// JSON is the view in the command's JSON shape.
func (v *View) JSON() PlanJSON {
	out := PlanJSON{Method: v.Method, Target: v.Target, Months: []MonthJSON{}, Quarters: []QuarterJSON{}, CatchUp: []CatchUpJSON{}}
	for _, m := range v.Months {
		out.Months = append(out.Months, MonthJSON{Period: v.period(m.Month), PlanCumulative: m.Plan, ActualCumulative: m.Actual, Secured: m.Secured})
	}
	for _, q := range v.Quarters {
		out.Quarters = append(out.Quarters, QuarterJSON{Quarter: q.Quarter, Plan: q.Plan, Actual: q.Actual, Secured: q.Secured})
	}
	for _, r := range v.CatchUp {
		out.CatchUp = append(out.CatchUp, CatchUpJSON{Period: v.period(r.Month), RequiredValue: r.Cumulative})
	}
	return out
}

func (v *View) period(m int) string { return pace.Period{Year: v.Year, Month: m}.String() }

// NextNeeds is "本月需完成 X": the first remaining month and its own required amount; ok false
// when there is no catch-up.
func (v *View) NextNeeds() (period string, amount float64, ok bool) {
	if len(v.CatchUp) == 0 {
		return "", 0, false
	}
	return v.period(v.CatchUp[0].Month), v.CatchUp[0].Amount, true
}

// Year parses a plan year ("2023").
func Year(s string) (int, error) {
	y, err := strconv.Atoi(s)
	if err != nil || y < 1900 || y > 2999 {
		return 0, domain.E(domain.EINVALID, "plans.err.year_text", s)
	}
	return y, nil
}

// Tiers is the plan of indicator in region's year at each tier that has a target (assigned
// first), against the year's figures: what the indicator page and the dashboard show. With no
// tier planned it returns the first tier's error (no target, a level, …).
func (s *Service) Tiers(ctx context.Context, region, indicator string, year int) ([]*View, error) {
	var out []*View
	var first error
	for _, t := range []domain.Tier{domain.Assigned, domain.Stretch} {
		v, err := s.Plan(ctx, region, indicator, year, Options{Tier: t})
		if err != nil {
			if domain.ErrorKind(err) == domain.EINTERNAL {
				return nil, err
			}
			if first == nil {
				first = err
			}
			continue
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, first
	}
	return out, nil
}
