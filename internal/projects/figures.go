package projects

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"pacer/internal/domain"
	"pacer/internal/figures"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// The register figures of the key projects (issue 12 §7): the workflow sums its rows for
// figures.Service (SumRegister) and, once wired (UseFigures), has them recomputed after every
// committed write — an import, a progress report, an edit of a project.
//
// What a write reaches: the regions of the projects it wrote (Recompute adds each town's county)
// and, for every year it touched (a plan's year, a progress report's year, for an edit every
// year the project has a plan for), every month from January to the latest month of that year
// with a progress report of those regions — a report counts until a later one of the same year
// replaces it, so a write in March may move every later month. Months after the latest report
// get no figure: unlike the leads and the enterprises (live ledgers, current as of their last
// write: figures.RegisterMonths), progress is reported month by month, and a month not yet
// reported is not current — written in October with reports to August, September has no
// figure (the dashboard shows August's, 截至8月, and the monthly report tells the key projects as
// 1–8月). Known limit: a project moved by an import from one town (or county) to another
// leaves the old town's figures to the next write there.

// UseFigures provides the register's sums to figs and makes every later write of s recompute
// them (figs.Recompute once the write has committed). It returns s.
func (s *Service) UseFigures(figs *figures.Service) *Service {
	figs.Provide(domain.RegisterProjects, s)
	s.figs = figs
	return s
}

// SumRegister is figures.Summer: for each region, the sum over its projects (its towns
// included) with a plan for period's year that sum's filter (level, category, stage) selects,
// at period — completed: their latest cumulatives of the year up to period (a project without a
// report for the month at its latest earlier one, 0 if none), as the summary counts them
// (亿元, two decimals); planned: their annual plans; count: how many. A region without any project
// with a plan for the year is left out; one whose projects the filter does not select is 0. The
// figure is 示例 when a project it selects, or the cumulative such a project counts at, is.
func (s *Service) SumRegister(ctx context.Context, sum domain.RegisterSum, regions []string, period string) (map[string]figures.Sum, error) {
	p, err := parsePeriod(period)
	if err != nil {
		return nil, err
	}
	areas := make([]area, 0, len(regions))
	var codes []string
	for _, r := range regions {
		a, err := s.areaOf(ctx, r)
		if err != nil {
			return nil, err
		}
		areas = append(areas, a)
		codes = append(codes, a.Codes...)
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	figs, err := s.store.ProjectFigures(ctx, codes, p.String())
	if err != nil {
		return nil, err
	}
	cond := sum.Conditions()
	byRegion := map[string][]int{} // indexes into figs, by region
	for i, f := range figs {
		byRegion[f.RegionCode] = append(byRegion[f.RegionCode], i)
	}
	out := map[string]figures.Sum{}
	for _, a := range areas {
		var in []int
		for _, c := range a.Codes {
			in = append(in, byRegion[c]...)
		}
		if len(in) == 0 {
			continue
		}
		slices.Sort(in) // added in the summary's order (by project code), so the sums agree to the bit
		var t domain.ProjectTotals
		sample := false
		for _, i := range in {
			if selects(cond, figs[i].Project) {
				t.Add(figs[i])
				sample = sample || figs[i].Sample || figs[i].ReportSample
			}
		}
		switch sum.Measure {
		case "completed":
			out[a.Root.Code] = figures.Sum{Value: pace.RoundTo(t.Completed, 2), Sample: sample}
		case "planned":
			out[a.Root.Code] = figures.Sum{Value: pace.RoundTo(t.Planned, 2), Sample: sample}
		case "count":
			out[a.Root.Code] = figures.Sum{Value: float64(t.Count), Sample: sample}
		default:
			return nil, domain.E(domain.EINVALID, "figures.bad_measure", sum.Measure, sum.Register, "completed、planned、count")
		}
	}
	return out, nil
}

// selects reports whether a filter's conditions (level, category, stage) hold for p.
func selects(cond map[string]string, p domain.Project) bool {
	for k, v := range cond {
		var got string
		switch k {
		case "level":
			got = p.Level
		case "category":
			got = p.Category
		case "stage":
			got = p.Stage
		default:
			return false
		}
		if got != v {
			return false
		}
	}
	return true
}

// Written records the figures a batch reaches once another transaction committed it (an import
// of several registers, store.ApplyRegisters): the batch as Parse returned it.
func (s *Service) Written(ctx context.Context, by domain.Actor, b store.ProjectBatch) error {
	return s.recordFigures(ctx, by, b)
}

// recordFigures recomputes the register figures a committed batch reaches (see the top of this
// file); nothing when the workflow is not wired to figures.
func (s *Service) recordFigures(ctx context.Context, by domain.Actor, b store.ProjectBatch) error {
	if s.figs == nil {
		return nil
	}
	regionOf := map[string]string{}
	for _, p := range b.Projects {
		regionOf[p.Code] = p.RegionCode
	}
	region := func(code string) (string, error) {
		if r, ok := regionOf[code]; ok {
			return r, nil
		}
		p, err := s.store.Project(ctx, code)
		if err != nil {
			return "", err
		}
		regionOf[code] = p.RegionCode
		return p.RegionCode, nil
	}
	regions := map[string]bool{}
	years := map[int]bool{}
	for _, p := range b.Projects {
		regions[p.RegionCode] = true
	}
	for _, pl := range b.Plans {
		r, err := region(pl.ProjectCode)
		if err != nil {
			return err
		}
		regions[r], years[pl.Year] = true, true
	}
	for _, pr := range b.Progress {
		r, err := region(pr.ProjectCode)
		if err != nil {
			return err
		}
		y, _ := strconv.Atoi(pr.Period[:4])
		regions[r], years[y] = true, true
	}
	return s.recompute(ctx, by, keys(regions), years)
}

// recompute records the figures of regions for every month of years up to each year's latest
// progress report in those regions.
func (s *Service) recompute(ctx context.Context, by domain.Actor, regions []string, years map[int]bool) error {
	if s.figs == nil || len(regions) == 0 || len(years) == 0 {
		return nil
	}
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	var codes []string
	for _, r := range regions {
		a, err := s.areaOf(ctx, r)
		if err != nil {
			return err
		}
		codes = append(codes, a.Codes...)
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	var periods []string
	for _, y := range ys {
		// The latest report of the year in those regions: ProjectFigures at December reads each
		// project's latest cumulative of the year.
		figs, err := s.store.ProjectFigures(ctx, codes, fmt.Sprintf("%d-12", y))
		if err != nil {
			return err
		}
		latest := ""
		for _, f := range figs {
			latest = max(latest, f.Reported)
		}
		if latest == "" {
			continue
		}
		lp, err := parsePeriod(latest)
		if err != nil {
			return err
		}
		for m := 1; m <= lp.Month; m++ {
			periods = append(periods, fmt.Sprintf("%d-%02d", y, m))
		}
	}
	if len(periods) == 0 {
		return nil
	}
	_, err := s.figs.Recompute(ctx, by, domain.RegisterProjects, regions, periods)
	return err
}

// yearsOf returns the years project code has a plan for.
func (s *Service) yearsOf(ctx context.Context, code string) (map[int]bool, error) {
	pls, err := s.store.ProjectPlans(ctx, code)
	if err != nil {
		return nil, err
	}
	ys := map[int]bool{}
	for _, pl := range pls {
		ys[pl.Year] = true
	}
	return ys, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
