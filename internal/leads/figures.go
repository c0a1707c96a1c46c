package leads

import (
	"context"
	"slices"
	"sort"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/figures"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// The register figures of the attraction leads (issue 12 §7): attracted_projects and
// attracted_investment (and any indicator an analyst links to a leads sum) are the summary's
// count and investment, summed by the same rule (Lead.Counts, Tally), so the figures and
// `pacer attraction summary` agree exactly.
//
// What a write reaches: the regions of the leads written (new and former region; Recompute adds
// each town's county) and every year in which a written lead has a date, or had its signing date
// before the write; of each such year, every month from January to the register's month
// (figures.RegisterMonths). The register is a live ledger, current as of its last write: its
// month is the later of its latest date and the write's month (China Standard Time), capped at
// December — all 12 months of a past year, January to the write's month of the current year
// (never a figure for the future), none of a later year. A lead signed 2023-08-15 and imported
// in October 2023 gives figures for September and October (1 project, as in August), none for
// November; imported in 2026, for every month of 2023. Known limit:
// a lead moved by an import from another county leaves that county's figures to its next write.

// UseFigures provides the register's sums to figs and makes every later write of s (Import,
// Save) recompute them once it has committed. It returns s.
func (s *Service) UseFigures(figs *figures.Service) *Service {
	figs.Provide(domain.RegisterLeads, s)
	s.figs = figs
	return s
}

// SumRegister is figures.Summer: for each region (its towns, or counties, included) the leads
// that count at period's end (at or past 签约, ≥ 1亿, signed in the year up to the period's end,
// 终止 never) that sum's filter (industry, source_region, team) selects — count: how many;
// investment: their investment (亿元, two decimals) — exactly as Summary tallies them. A region
// without any lead is left out. The figure is 示例 when a lead the filter selects is, counted or
// not (the invented stages and dates of the 示例 leads decide what counts).
func (s *Service) SumRegister(ctx context.Context, sum domain.RegisterSum, regions []string, period string) (map[string]figures.Sum, error) {
	if len(period) != 7 || !domain.ValidDate(period+"-01") {
		return nil, domain.E(domain.EINVALID, "leads.bad_period", period)
	}
	end := domain.MonthEnd(period)
	cond := sum.Conditions()
	ls, within, err := s.under(ctx, regions)
	if err != nil {
		return nil, err
	}
	out := map[string]figures.Sum{}
	for _, code := range regions {
		idx := within(code)
		if len(idx) == 0 {
			continue
		}
		var sel []domain.Lead
		sample := false
		for _, i := range idx {
			if leadSelected(cond, ls[i]) {
				sel = append(sel, ls[i])
				sample = sample || ls[i].Sample
			}
		}
		t := Tally(sel, end)
		switch sum.Measure {
		case "count":
			out[code] = figures.Sum{Value: float64(t.Projects), Sample: sample}
		case "investment":
			out[code] = figures.Sum{Value: t.Investment, Sample: sample}
		default:
			return nil, domain.E(domain.EINVALID, "figures.bad_measure", sum.Measure, sum.Register, "count、investment")
		}
	}
	return out, nil
}

// under reads, in one pass per prefix, the leads of regions and of every region within them
// (by code), and returns them with a function giving the indexes of those of one of regions
// (its towns, or counties, included), in code order.
func (s *Service) under(ctx context.Context, regions []string) ([]domain.Lead, func(string) []int, error) {
	all, err := s.regions(ctx)
	if err != nil {
		return nil, nil, err
	}
	prefixOf := map[string]string{}
	var prefixes []string
	for _, code := range regions {
		r, ok := all[code]
		if !ok {
			return nil, nil, domain.E(domain.ENOTFOUND, "err.region.unknown", code)
		}
		prefixOf[code] = domain.RegionPrefix(r)
		prefixes = append(prefixes, prefixOf[code])
	}
	slices.Sort(prefixes) // a prefix sorts before the longer ones it covers
	var ls []domain.Lead
	var read []string
	for _, p := range prefixes {
		if len(read) > 0 && strings.HasPrefix(p, read[len(read)-1]) {
			continue
		}
		got, err := s.store.Leads(ctx, p)
		if err != nil {
			return nil, nil, err
		}
		ls = append(ls, got...)
		read = append(read, p)
	}
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].Code < ls[j].Code })
	byCode := map[string][]int{}   // region code → indexes
	byCounty := map[string][]int{} // the first six digits of the region code → indexes
	for i, l := range ls {
		byCode[l.RegionCode] = append(byCode[l.RegionCode], i)
		if len(l.RegionCode) >= 6 {
			byCounty[l.RegionCode[:6]] = append(byCounty[l.RegionCode[:6]], i)
		}
	}
	within := func(code string) []int {
		p := prefixOf[code]
		var idx []int
		switch {
		case len(p) == 6 && len(code) == 6:
			idx = append(idx, byCounty[p]...)
		case len(p) == len(code):
			idx = append(idx, byCode[code]...)
		default:
			for i, l := range ls {
				if strings.HasPrefix(l.RegionCode, p) {
					idx = append(idx, i)
				}
			}
		}
		slices.Sort(idx)
		return idx
	}
	return ls, within, nil
}

// leadSelected reports whether a filter's conditions (industry, source_region, team) hold for l.
func leadSelected(cond map[string]string, l domain.Lead) bool {
	for k, v := range cond {
		var got string
		switch k {
		case "industry":
			got = l.Industry
		case "source_region":
			got = l.SourceRegion
		case "team":
			got = l.Team
		default:
			return false
		}
		if got != v {
			return false
		}
	}
	return true
}

// leadDates are every date a lead holds (YYYY-MM-DD).
func leadDates(l domain.Lead) []string {
	ds := []string{l.SignedDate, l.ReceivedDate, l.RespondedDate, l.AssessedDate, l.FeedbackDate}
	for _, d := range l.StageDates {
		ds = append(ds, d)
	}
	return ds
}

// Before reads, for leads about to be written, the same leads as they stand (by code): their
// former region and signing date count among what the write reaches (none when the workflow is
// not wired to figures).
func (s *Service) Before(ctx context.Context, ls []domain.Lead) (map[string]domain.Lead, error) {
	if s.figs == nil {
		return map[string]domain.Lead{}, nil
	}
	return s.Existing(ctx, ls)
}

// Existing reads the leads of ls that are already in the register, as they stand, by code.
func (s *Service) Existing(ctx context.Context, ls []domain.Lead) (map[string]domain.Lead, error) {
	old := map[string]domain.Lead{}
	if len(ls) <= 10 { // a form's edit: each lead wherever it stood
		for _, l := range ls {
			o, err := s.store.Lead(ctx, l.Code)
			if domain.ErrorKind(err) == domain.ENOTFOUND {
				continue
			}
			if err != nil {
				return nil, err
			}
			old[l.Code] = o
		}
		return old, nil
	}
	prefixes := map[string]bool{}
	for _, l := range ls {
		if len(l.RegionCode) >= 6 {
			prefixes[l.RegionCode[:6]] = true
		}
	}
	want := map[string]bool{}
	for _, l := range ls {
		want[l.Code] = true
	}
	for p := range prefixes {
		got, err := s.store.Leads(ctx, p)
		if err != nil {
			return nil, err
		}
		for _, l := range got {
			if want[l.Code] {
				old[l.Code] = l
			}
		}
	}
	return old, nil
}

// recordFigures recomputes the figures written leads reach (see the top of this file); nothing
// when the workflow is not wired to figures.
func (s *Service) recordFigures(ctx context.Context, by domain.Actor, written []domain.Lead, old map[string]domain.Lead) error {
	if s.figs == nil || len(written) == 0 {
		return nil
	}
	regions := map[string]bool{}
	years := map[string]bool{}
	for _, l := range written {
		regions[l.RegionCode] = true
		for _, d := range leadDates(l) {
			if domain.ValidDate(d) {
				years[d[:4]] = true
			}
		}
		if o, ok := old[l.Code]; ok {
			regions[o.RegionCode] = true
			if domain.ValidDate(o.SignedDate) {
				years[o.SignedDate[:4]] = true
			}
		}
	}
	rs := make([]string, 0, len(regions))
	for r := range regions {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	ys := make([]string, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	periods := s.figs.Months(ys) // the register's month: current as of this write
	if len(periods) == 0 {
		return nil
	}
	_, err := s.figs.Recompute(ctx, by, domain.RegisterLeads, rs, periods)
	return err
}

// Written records the figures leads reach once another transaction committed them (an import of
// several registers, store.ApplyRegisters): leads as Check returned them, old as Before read them.
func (s *Service) Written(ctx context.Context, by domain.Actor, ls []domain.Lead, old map[string]domain.Lead) error {
	return s.recordFigures(ctx, by, ls, old)
}

// saved is what Import and Save return after the leads committed: the counts, or the error of
// recording the figures they reach.
func (s *Service) saved(ctx context.Context, by domain.Actor, ls []domain.Lead, old map[string]domain.Lead, c store.RegisterCounts) (store.RegisterCounts, error) {
	return c, s.recordFigures(ctx, by, ls, old)
}

// RegisterMonth is the register's month at period for region: the latest month of period's
// year, up to period, for which the register recorded a figure of region (the month of its last
// write, or December of a past year: see the top of this file). It is period itself when the
// register recorded none that year (the workflow not wired to figures, or no lead): the summary
// is then told at period. The monthly report tells the leads at this month, so its section and
// the indicator's figure name the same months.
func (s *Service) RegisterMonth(ctx context.Context, region, period string) (string, error) {
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return "", domain.E(domain.EINVALID, "leads.bad_period", period)
	}
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return "", err
	}
	figs, err := s.store.RegisterFigures(ctx, store.ObservationQuery{Regions: []string{region},
		From: pace.Period{Year: p.Year, Month: 1}.String(), To: p.String()})
	if err != nil {
		return "", err
	}
	latest := ""
	for _, f := range figs {
		if f.Register == domain.RegisterLeads {
			latest = max(latest, f.Period)
		}
	}
	if latest == "" {
		return p.String(), nil
	}
	return latest, nil
}
