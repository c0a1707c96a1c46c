package enterprises

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

// The register figures of the enterprise register (issue 12 §7): new_above_scale_industrial
// (and any indicator an analyst links to an enterprises sum) is the funnel's count of firms newly
// registered above scale (规上入库) in the year up to the period's end — the /enterprises page's
// figure, counted by the same function (Count).
//
// What a write reaches: the regions of the firms written (new and former; Recompute adds each
// town's county) and every year in which a written firm is, or was before the write, registered
// above scale; of each such year, every month from January to the register's month
// (figures.RegisterMonths, as for the leads): the register is a live ledger, current as of its
// last write — all 12 months of a past year, January to the write's month (China Standard Time)
// of the current year, never a month after the write. Sums an analyst links (count, output, tax by title) are recomputed at those months.

// UseFigures provides the register's sums to figs and makes every later import of s recompute
// them once it has committed. It returns s.
func (s *Service) UseFigures(figs *figures.Service) *Service {
	figs.Provide(domain.RegisterEnterprises, s)
	s.figs = figs
	return s
}

// SumRegister is figures.Summer: for each region (and every region within it) the firms that
// sum's filter (industry; title: holding the title by the period's end) selects — new_above_scale:
// those registered above scale in the year up to the period's end; count: how many; output and
// tax: their sums (亿元, two decimals). A region without any firm is left out. The figure is 示例
// when a firm the filter selects is.
func (s *Service) SumRegister(ctx context.Context, sum domain.RegisterSum, regions []string, period string) (map[string]figures.Sum, error) {
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return nil, domain.E(domain.EINVALID, "enterprises.bad_period", period)
	}
	end := domain.MonthEnd(p.String())
	cond := sum.Conditions()
	all, within, err := s.under(ctx, regions)
	if err != nil {
		return nil, err
	}
	out := map[string]figures.Sum{}
	for _, code := range regions {
		es := within(all, code)
		if len(es) == 0 {
			continue
		}
		var sel []domain.Enterprise
		sample := false
		for _, e := range es {
			if (cond["industry"] == "" || cond["industry"] == e.Industry) && (cond["title"] == "" || holdsBy(e, cond["title"], end)) {
				sel = append(sel, e)
				sample = sample || e.Sample
			}
		}
		switch sum.Measure {
		case "new_above_scale":
			out[code] = figures.Sum{Value: float64(Count(sel, end)[MeasureAboveScale]), Sample: sample}
		case "count":
			out[code] = figures.Sum{Value: float64(len(sel)), Sample: sample}
		case "output", "tax":
			v := 0.0
			for _, e := range sel {
				x := e.Output
				if sum.Measure == "tax" {
					x = e.Tax
				}
				if x != nil {
					v += *x
				}
			}
			out[code] = figures.Sum{Value: pace.RoundTo(v, 2), Sample: sample}
		default:
			return nil, domain.E(domain.EINVALID, "figures.bad_measure", sum.Measure, sum.Register, "new_above_scale、count、output、tax")
		}
	}
	return out, nil
}

// under reads, once per prefix, the firms of regions and of every region within them, and
// returns them with a function giving those of one of regions (in credit-code order).
func (s *Service) under(ctx context.Context, regions []string) ([]domain.Enterprise, func([]domain.Enterprise, string) []domain.Enterprise, error) {
	regs, err := s.regions(ctx)
	if err != nil {
		return nil, nil, err
	}
	prefixOf := map[string]string{}
	var prefixes []string
	for _, code := range regions {
		r, ok := regs[code]
		if !ok {
			return nil, nil, domain.E(domain.ENOTFOUND, "err.region.unknown", code)
		}
		prefixOf[code] = domain.RegionPrefix(r)
		prefixes = append(prefixes, prefixOf[code])
	}
	slices.Sort(prefixes) // a prefix sorts before the longer ones it covers
	var es []domain.Enterprise
	var read []string
	for _, p := range prefixes {
		if len(read) > 0 && strings.HasPrefix(p, read[len(read)-1]) {
			continue
		}
		got, err := s.store.Enterprises(ctx, p)
		if err != nil {
			return nil, nil, err
		}
		es = append(es, got...)
		read = append(read, p)
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].CreditCode < es[j].CreditCode })
	within := func(es []domain.Enterprise, code string) []domain.Enterprise {
		var out []domain.Enterprise
		for _, e := range es {
			if strings.HasPrefix(e.RegionCode, prefixOf[code]) {
				out = append(out, e)
			}
		}
		return out
	}
	return es, within, nil
}

// Before reads the firms about to be written as they stand, by credit code (their counties'):
// what the write reaches (none when the workflow is not wired to figures).
func (s *Service) Before(ctx context.Context, es []domain.Enterprise) (map[string]domain.Enterprise, error) {
	if s.figs == nil {
		return map[string]domain.Enterprise{}, nil
	}
	return s.Existing(ctx, es)
}

// Existing reads the firms of es that are already in the register, as they stand, by code.
func (s *Service) Existing(ctx context.Context, es []domain.Enterprise) (map[string]domain.Enterprise, error) {
	old := map[string]domain.Enterprise{}
	want := map[string]bool{}
	prefixes := map[string]bool{}
	for _, e := range es {
		want[e.CreditCode] = true
		prefixes[e.RegionCode[:min(6, len(e.RegionCode))]] = true
	}
	for p := range prefixes {
		got, err := s.store.Enterprises(ctx, p)
		if err != nil {
			return nil, err
		}
		for _, e := range got {
			if want[e.CreditCode] {
				old[e.CreditCode] = e
			}
		}
	}
	return old, nil
}

// recordFigures recomputes the figures written firms reach (see the top of this file); nothing
// when the workflow is not wired to figures.
func (s *Service) recordFigures(ctx context.Context, by domain.Actor, written []domain.Enterprise, old map[string]domain.Enterprise) error {
	if s.figs == nil || len(written) == 0 {
		return nil
	}
	regions := map[string]bool{}
	years := map[string]bool{}
	for _, e := range written {
		regions[e.RegionCode] = true
		if domain.ValidDate(e.AboveScaleDate) {
			years[e.AboveScaleDate[:4]] = true
		}
		if o, ok := old[e.CreditCode]; ok {
			regions[o.RegionCode] = true
			if domain.ValidDate(o.AboveScaleDate) {
				years[o.AboveScaleDate[:4]] = true
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
	_, err := s.figs.Recompute(ctx, by, domain.RegisterEnterprises, rs, periods)
	return err
}

// Written records the figures firms reach once another transaction committed them (an import of
// several registers, store.ApplyRegisters): firms as Check returned them, old as Before read them.
func (s *Service) Written(ctx context.Context, by domain.Actor, es []domain.Enterprise, old map[string]domain.Enterprise) error {
	return s.recordFigures(ctx, by, es, old)
}

// saved is what Import returns after the firms committed: the counts, or the error of
// recording the figures they reach.
func (s *Service) saved(ctx context.Context, by domain.Actor, es []domain.Enterprise, old map[string]domain.Enterprise, c store.RegisterCounts) (store.RegisterCounts, error) {
	return c, s.recordFigures(ctx, by, es, old)
}
