package scorecard

import (
	"context"
	"slices"

	"pacer/internal/cache"
	"pacer/internal/domain"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// A roll-up (汇总) shows a prefecture's counties — or a province's prefectures, or all its
// counties — side by side at one period: each child's scorecard figures against both tiers with
// its status and its rank among the children; for the indicators that add up, the parent's own
// published figure beside the sum of its children; and the round of the period (who has not yet
// submitted, whose figures await approval). Each child's figures are its scorecard's (the same
// line arithmetic); only the rank is among the roll-up's children.

// RollupQuery asks for a roll-up.
type RollupQuery struct {
	// Parent is the region whose children are compared: a prefecture, a province (a county's
	// children are its towns). When empty, the parent of Home.
	Parent string
	Home   string
	Period string // YYYY-MM
	// Counties: a province's county-level units rather than its prefectures.
	Counties bool
}

// Rollup is a parent region's children side by side at a period. All rates are in percent.
type Rollup struct {
	Parent       RegionRef     `json:"parent"`
	ParentLevel  string        `json:"parent_level"` // province | prefecture | county
	Period       string        `json:"period"`
	TimeProgress float64       `json:"time_progress"` // linear, at Period
	Counties     bool          `json:"counties"`      // the children are a province's county-level units
	Children     []RegionRef   `json:"children"`
	Indicators   []RollupLine  `json:"indicators"`
	Round        []RollupRound `json:"round"` // one per child, in Children's order
}

// RollupLine is one indicator across the children.
type RollupLine struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	NameEN    string `json:"name_en"`
	Unit      string `json:"unit"`
	Kind      string `json:"kind"`
	Direction string `json:"direction"`
	Precision int    `json:"precision"`
	// Period is the period the children are ranked and summed at: the latest up to the
	// roll-up's at which a child has a figure (GDP, quarterly, compares June in July); null when
	// none has.
	Period   *string `json:"period"`
	Additive bool    `json:"additive"` // adds up across regions (pace.Additive)
	Ranked   int     `json:"ranked"`   // children ranked (with a growth at Period)
	// Cells: one per child, in Children's order.
	Cells []RollupCell `json:"cells"`
	// Whole is the parent's own figure against the sum of its children: additive indicators only.
	Whole *RollupWhole `json:"whole"`
}

// RollupCell is one child's figure on one indicator: its scorecard line, ranked among the
// roll-up's children.
type RollupCell struct {
	Region string `json:"region"`
	// Period of the figure shown; null when the child has none this year up to the roll-up's
	// period (未报). A figure older than the line's Period is shown but not ranked.
	Period         *string      `json:"period"`
	Stale          bool         `json:"stale"` // a later figure was due (pace.Stale): its status is stale
	Value          *float64     `json:"value"`
	Growth         *float64     `json:"growth"`
	GrowthComputed bool         `json:"growth_computed"` // from values (nominal), not published
	Rank           *int         `json:"rank"`            // among the children at the line's Period; null: not ranked
	Sample         bool         `json:"sample"`
	Targets        []RollupTier `json:"targets"` // assigned, then stretch, where set
}

// RollupTier is a child's figure against one tier of its target.
type RollupTier struct {
	Tier         string   `json:"tier"`
	TargetValue  *float64 `json:"value"`
	TargetGrowth *float64 `json:"growth"`
	Completion   *float64 `json:"completion"`
	GapPP        *float64 `json:"gap_pp"`
	GrowthGapPP  *float64 `json:"growth_gap_pp"`
	LevelGap     *float64 `json:"level_gap"`
	Status       string   `json:"status"`
	Sample       bool     `json:"sample"`
}

// RollupWhole is the parent's own published figure at the line's Period beside the sum of its
// children (pace.SumAcross) and the difference (pace.SumGap: only when every child is in).
type RollupWhole struct {
	Value          *float64          `json:"value"`
	Growth         *float64          `json:"growth"`
	GrowthComputed bool              `json:"growth_computed"`
	Sum            *float64          `json:"sum"`
	SumBase        *float64          `json:"sum_base"`   // the children's last-year values summed
	SumGrowth      *float64          `json:"sum_growth"` // growth of the sum, never an average of growths
	BaseImplied    bool              `json:"base_implied"`
	Reported       int               `json:"reported"` // children in the sum
	Children       int               `json:"children"`
	Difference     *float64          `json:"difference"`        // Value − Sum, in the indicator's unit
	GrowthDiffPP   *float64          `json:"growth_difference"` // Growth − SumGrowth, percentage points
	Sample         bool              `json:"sample"`            // some figure in it is 示例
	Reasons        map[string]string `json:"reasons,omitempty"` // "sum", "sum_growth", "value": catalogue keys until In
}

// RollupRound is where one child's monthly round stands at the period: every indicator its units
// (and its towns' and lower regions') report, counted by state, and those still owed.
type RollupRound struct {
	Region      RegionRef   `json:"region"`
	PeriodState string      `json:"period_state"` // open | locked | "" (not opened)
	Assignments int         `json:"assignments"`
	Done        int         `json:"done"`      // approved, or an official figure is in
	Submitted   int         `json:"submitted"` // 未审: awaiting approval
	Missing     int         `json:"missing"`   // 未报: not submitted, or returned for correction
	Owed        []RoundItem `json:"owed"`      // the submitted, returned and missing ones
}

// RoundItem is one indicator a unit owes for a region at the period.
type RoundItem struct {
	Unit          string `json:"unit"`
	UnitName      string `json:"unit_name"`
	Region        string `json:"region"`
	RegionName    string `json:"region_name"`
	Indicator     string `json:"indicator"`
	IndicatorName string `json:"indicator_name"`
	// IndicatorNameEN is the indicator's English name ("" when it has none).
	IndicatorNameEN string `json:"indicator_name_en"`
	State           string `json:"state"` // domain.RoundSubmitted | RoundReturned | RoundMissing
}

// Rollup builds the roll-up q asks for. The result is shared: read only.
//
// Region scope (issue 16 §1): the parent must be within the account's region (the roll-up shows
// its children's targets and rounds). Without a parent it is the home county's — or, for an
// account whose scope does not reach that far (a county's), the scope's own region (its towns).
func (s *Service) Rollup(ctx context.Context, q RollupQuery) (*Rollup, error) {
	if sc := domain.ScopeOf(ctx); q.Parent == "" && !sc.Whole() && q.Home != "" {
		q.Parent = sc.Region
		if chain, err := s.store.RegionChain(ctx, q.Home); err == nil && len(chain) > 1 && sc.Covers(chain[1:]) {
			q.Parent = chain[1].Code
		}
	}
	if q.Parent != "" {
		if err := domain.InScope(ctx, s.store, q.Parent, ""); err != nil {
			return nil, err
		}
	}
	key := q.Parent + "\x00" + q.Home + "\x00" + q.Period
	if q.Counties {
		key += "\x00counties"
	}
	return cache.Get(s.cache, ctx, key, func() (*Rollup, error) { return BuildRollup(ctx, s.store, q) })
}

// BuildRollup computes the roll-up q asks for.
func BuildRollup(ctx context.Context, st *store.Store, q RollupQuery) (*Rollup, error) {
	p, err := pace.ParsePeriod(q.Period)
	if err != nil {
		return nil, domain.E(domain.EINVALID, "err.period.invalid", q.Period)
	}
	all, err := st.Regions(ctx)
	if err != nil {
		return nil, err
	}
	tree := newRegionTree(all)
	parentCode := q.Parent
	if parentCode == "" {
		home, ok := tree.byCode[q.Home]
		if !ok {
			return nil, domain.E(domain.ENOTFOUND, "err.region.unknown", q.Home)
		}
		if home.Parent == "" {
			return nil, domain.E(domain.EINVALID, "rollup.err.no_parent", home.Name)
		}
		parentCode = home.Parent
	}
	parent, ok := tree.byCode[parentCode]
	if !ok {
		return nil, domain.E(domain.ENOTFOUND, "err.region.unknown", parentCode)
	}
	counties := q.Counties && parent.Level == domain.LevelProvince
	children := tree.children[parent.Code]
	if counties {
		children = tree.countiesUnder(parent.Code)
	}
	if len(children) == 0 {
		return nil, domain.E(domain.EINVALID, "rollup.err.no_children", parent.Name)
	}
	codes := make([]string, len(children))
	ru := &Rollup{Parent: RegionRef{parent.Code, parent.Name}, ParentLevel: string(parent.Level), Period: p.String(), TimeProgress: pace.LinearTimeProgress(p.Month),
		Counties: counties, Indicators: []RollupLine{}}
	for i, c := range children {
		codes[i] = c.Code
		ru.Children = append(ru.Children, RegionRef{c.Code, c.Name})
	}

	inds, err := st.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	targets, err := st.TargetsIn(ctx, codes, p.Year)
	if err != nil {
		return nil, err
	}
	byKey := map[[2]string][]domain.Target{}
	for _, t := range targets {
		k := [2]string{t.RegionCode, t.IndicatorCode}
		byKey[k] = append(byKey[k], t)
	}
	// Only the periods a line reads: this year's months up to p (the latest figure), last year's
	// same months (its base) and last December (the year's base).
	periods := []string{pace.Period{Year: p.Year - 1, Month: 12}.String()}
	for m := 1; m <= p.Month; m++ {
		periods = append(periods, pace.Period{Year: p.Year, Month: m}.String(), pace.Period{Year: p.Year - 1, Month: m}.String())
	}
	obs, _, err := counting(ctx, st, store.ObservationQuery{Regions: append(slices.Clone(codes), parent.Code), Brief: true, Periods: periods})
	if err != nil {
		return nil, err
	}
	fig := index(obs)
	for _, ind := range inds {
		if l, ok := rollupLine(ind, parent.Code, codes, p, fig, byKey); ok {
			ru.Indicators = append(ru.Indicators, l)
		}
	}
	if ru.Round, err = round(ctx, st, tree, ru.Children, p, inds); err != nil {
		return nil, err
	}
	return ru, nil
}

// rollupLine is one indicator across the children; ok is false when neither a child nor the
// parent has a figure for it this year up to p, nor a child a target.
func rollupLine(ind domain.Indicator, parent string, children []string, p pace.Period, fig figures, targets map[[2]string][]domain.Target) (RollupLine, bool) {
	known := false
	var at pace.Period
	found := false
	for _, c := range children {
		if q, ok := fig.latest(c, ind.Code, p); ok {
			known = true
			if !found || at.String() < q.String() {
				at, found = q, true
			}
		}
		known = known || len(targets[[2]string{c, ind.Code}]) > 0
	}
	if q, ok := fig.latest(parent, ind.Code, p); ok {
		known = true
		if !found {
			at, found = q, true
		}
	}
	if !known {
		return RollupLine{}, false
	}
	rl := RollupLine{Code: ind.Code, Name: ind.Name, NameEN: ind.NameEN, Unit: ind.Unit, Kind: string(ind.Kind),
		Direction: string(ind.Direction), Precision: ind.Precision, Additive: pace.Additive(pace.Kind(ind.Kind)),
		Cells: make([]RollupCell, len(children))}
	if rl.Direction == "" {
		rl.Direction = string(domain.Up)
	}
	var ranks []int
	if found {
		ps := at.String()
		rl.Period = &ps
		ranks, _ = ranksOf(fig, children, ind, at, false)
	}
	parts := make([]pace.Part, len(children))
	sample := false
	for i, c := range children {
		own, has := fig.latest(c, ind.Code, p)
		l := line(ind, c, own, has, p, fig, nil, targets[[2]string{c, ind.Code}])
		cell := RollupCell{Region: c, Period: l.Period, Stale: l.Stale, Value: l.Value, Growth: l.Growth,
			GrowthComputed: l.GrowthComputed, Sample: l.Sample, Targets: []RollupTier{}}
		if found && has && own == at && ranks[i] > 0 {
			r := ranks[i]
			cell.Rank = &r
			rl.Ranked++
		}
		for _, t := range l.Targets {
			cell.Targets = append(cell.Targets, RollupTier{Tier: t.Tier, TargetValue: t.TargetValue, TargetGrowth: t.TargetGrowth,
				Completion: t.Completion, GapPP: t.GapPP, GrowthGapPP: t.GrowthGapPP, LevelGap: t.LevelGap, Status: t.Status, Sample: t.Sample})
		}
		rl.Cells[i] = cell
		if found && has && own == at {
			o := fig.at(c, ind.Code, at)
			parts[i] = pace.Part{Value: o.Value, Growth: o.Growth}
			sample = sample || o.Sample
			if b, ok := fig.get(c, ind.Code, at.LastYear()); ok {
				parts[i].Base = b.Value
				sample = sample || b.Sample
			}
		}
	}
	if rl.Additive {
		rl.Whole = whole(ind, parent, found, at, fig, parts, sample)
	}
	return rl, true
}

// whole is the parent's own figure at at beside the sum of parts.
func whole(ind domain.Indicator, parent string, found bool, at pace.Period, fig figures, parts []pace.Part, sample bool) *RollupWhole {
	sum := pace.SumAcross(pace.Kind(ind.Kind), ind.ComparablePrice, parts)
	w := &RollupWhole{Sum: sum.Value, SumBase: sum.Base, SumGrowth: sum.Growth, BaseImplied: sum.BaseImplied,
		Reported: sum.Reported, Children: sum.Parts, Sample: sample, Reasons: map[string]string{}}
	for field, key := range sum.Reasons {
		w.Reasons["sum_"+field] = key
	}
	if o, ok := fig.get(parent, ind.Code, at); found && ok {
		w.Value, w.Growth = o.Value, fig.growth(parent, ind, at)
		w.GrowthComputed = o.Growth == nil && w.Growth != nil
		w.Sample = w.Sample || o.Sample
	} else {
		w.Reasons["value"] = reasonNoData
	}
	w.Difference, w.GrowthDiffPP = pace.SumGap(w.Value, w.Growth, sum)
	if len(w.Reasons) == 0 {
		w.Reasons = nil
	}
	return w
}

// round is where each child's monthly round stands at p.
func round(ctx context.Context, st *store.Store, tree regionTree, children []RegionRef, p pace.Period, inds []domain.Indicator) ([]RollupRound, error) {
	names, namesEN := map[string]string{}, map[string]string{}
	for _, i := range inds {
		names[i.Code], namesEN[i.Code] = i.Name, i.NameEN
	}
	under := map[string]int{} // a region at or below a child → the child's index
	for i, c := range children {
		for _, code := range tree.below(c.Code) {
			under[code] = i
		}
	}
	regions := make([]string, 0, len(under))
	for code := range under {
		regions = append(regions, code)
	}
	slices.Sort(regions)
	rows, err := st.Round(ctx, regions, p.String())
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(children))
	for i, c := range children {
		codes[i] = c.Code
	}
	states, err := st.PeriodStates(ctx, codes, p.String())
	if err != nil {
		return nil, err
	}
	out := make([]RollupRound, len(children))
	for i, c := range children {
		out[i] = RollupRound{Region: c, PeriodState: states[c.Code], Owed: []RoundItem{}}
	}
	for _, x := range rows {
		r := &out[under[x.RegionCode]]
		r.Assignments++
		state := domain.RoundState(x.Latest, x.Official)
		switch state {
		case domain.RoundSubmitted:
			r.Submitted++
		case domain.RoundMissing, domain.RoundReturned:
			r.Missing++
		default:
			r.Done++
		}
		if domain.RoundOwed(state) {
			r.Owed = append(r.Owed, RoundItem{Unit: x.UnitCode, UnitName: x.UnitName, Region: x.RegionCode,
				RegionName: tree.byCode[x.RegionCode].Name, Indicator: x.IndicatorCode, IndicatorName: names[x.IndicatorCode],
				IndicatorNameEN: namesEN[x.IndicatorCode], State: state})
		}
	}
	return out, nil
}

// regionTree is the catalogue of regions by code and by parent.
type regionTree struct {
	byCode   map[string]domain.Region
	children map[string][]domain.Region // by parent code, ordered by code
}

func newRegionTree(all []domain.Region) regionTree {
	t := regionTree{byCode: make(map[string]domain.Region, len(all)), children: map[string][]domain.Region{}}
	for _, r := range all { // ordered by code
		t.byCode[r.Code] = r
		if r.Parent != "" {
			t.children[r.Parent] = append(t.children[r.Parent], r)
		}
	}
	return t
}

// below is code and every region under it.
func (t regionTree) below(code string) []string {
	out := []string{code}
	for i := 0; i < len(out); i++ {
		for _, c := range t.children[out[i]] {
			out = append(out, c.Code)
		}
	}
	return out
}

// countiesUnder is the county-level units under code, ordered by code.
func (t regionTree) countiesUnder(code string) []domain.Region {
	var out []domain.Region
	for _, c := range t.below(code)[1:] {
		if r := t.byCode[c]; r.Level == domain.LevelCounty {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b domain.Region) int {
		switch {
		case a.Code < b.Code:
			return -1
		case a.Code > b.Code:
			return 1
		}
		return 0
	})
	return out
}

// In returns a copy of ru with every reason rendered in lang; ru itself is left as it is.
func (ru *Rollup) In(lang string) *Rollup {
	if ru == nil {
		return nil
	}
	out := *ru
	out.Indicators = slices.Clone(ru.Indicators)
	for i := range out.Indicators {
		if w := out.Indicators[i].Whole; w != nil {
			c := *w
			c.Reasons = render(lang, w.Reasons)
			out.Indicators[i].Whole = &c
		}
	}
	return &out
}
