// Package figures is the workflow of the figures registers derive for indicators (issue 12 §7):
// which register sums feed which indicator (the built-in ones and those an analyst links),
// recording the sums as register figures beside the bureau's observations (revisions kept,
// audited), and each indicator's figure basis — which of the two counts when both exist.
//
// # What a register workflow must do
//
// A register workflow (internal/projects, internal/leads, internal/enterprises) does two things:
//
//  1. Once, when it is wired (internal/app), it declares how it sums its rows:
//
//     figs.Provide(domain.RegisterProjects, projectsService) // a Summer
//
//  2. After every write that changes what a sum reads — a register import (pacer import, the
//     upload page), a progress report, an edit of a row's amount, stage, category, town or dates,
//     a deletion — once the write has committed, it calls
//
//     figs.Recompute(ctx, who, domain.RegisterProjects, regions, periods)
//
//     with the regions whose rows changed (towns or counties: Recompute adds each town's county,
//     whose sum includes its towns) and the periods (YYYY-MM) the change reaches: for a cumulative
//     progress report its own month; for a change of a row itself (amount, stage, category, town,
//     signing date) every month of the year from the first month it affects up to the register's
//     month. For a live ledger (the leads, the enterprises: a row is written when its event
//     happens) that is Months — December for a past year, the write's month for the current
//     year: the register is current as of its last write, so a lead signed in August and written
//     in October gives figures for September and October too. For the key projects' progress
//     (reported month by month) it is the latest month reported: a month not yet reported is not
//     current. Recompute asks the register's Summer for every sum of
//     that register (Sums) and records the results in one transaction: unchanged figures write
//     nothing, changed ones a new revision.
//
// A figure summed from any row marked 示例 (Sum.Sample) is recorded marked 示例 and shown so on
// the dashboard, the indicator page, the scorecard JSON (register_sample) and the monthly report:
// the demo's registers feed their indicators like real ones without their invented figures
// reading as real.
//
// The two writes are two transactions: if Recompute fails after the register committed, the
// figures are stale until the next Recompute of those regions and periods (the error is the
// caller's to report; running the same Recompute again repairs it).
package figures

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Sum is one region's figure of a register sum: its value and whether it is 示例 (sample).
type Sum struct {
	Value float64
	// Sample: some row the sum read is marked 示例 — a row of the region or its towns that the
	// filter selects (for the key projects, also the progress report a project counts at),
	// whether or not it ended up counted (a 示例 lead not yet signed still shapes the count).
	// A sample figure is recorded and shown labelled 示例, never as a real one.
	Sample bool
}

// Summer sums a register's rows for a RegisterSum. Each register workflow implements it.
type Summer interface {
	// SumRegister returns, for each region of regions, the value of sum at period (YYYY-MM): the
	// cumulative figure from January to the end of period, in the unit of sum.Indicator (亿元 for
	// money, a count for counts), over the rows of the region and of its towns that sum.Filter
	// selects (sum.Conditions()). A region for which the register holds no row at all is left out
	// of the map (no figure is recorded for it); a region with rows that add up to 0 is 0.
	SumRegister(ctx context.Context, sum domain.RegisterSum, regions []string, period string) (map[string]Sum, error)
}

// Service is the figures workflow over one store.
type Service struct {
	store   *store.Store
	mu      sync.RWMutex
	summers map[string]Summer
	now     func() time.Time // the time of a write (Months); time.Now unless WithClock
}

// New returns the figures workflow over st.
func New(st *store.Store) *Service {
	return &Service{store: st, summers: map[string]Summer{}, now: time.Now}
}

// Provide declares how register (domain.RegisterProjects, RegisterLeads, RegisterEnterprises)
// sums its rows. Called once when the application is wired; a later call replaces the summer.
func (s *Service) Provide(register string, sm Summer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.summers[register] = sm
}

func (s *Service) summer(register string) Summer {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.summers[register]
}

// Sums lists every register sum that feeds an indicator: the built-in ones
// (domain.BuiltInRegisterSums) with the links analysts made, a link replacing the built-in sum of
// the same indicator; by indicator code.
func (s *Service) Sums(ctx context.Context) ([]domain.RegisterSum, error) {
	links, err := s.store.RegisterSumLinks(ctx)
	if err != nil {
		return nil, err
	}
	return domain.RegisterSums(links), nil
}

// Record validates figures and records them in one transaction (all or nothing): new ones as
// revision 1, changed ones as a new revision, unchanged ones not at all; each write audited.
// Every indicator must exist and every key (region, indicator, period) appear once.
func (s *Service) Record(ctx context.Context, by domain.Actor, figs []domain.RegisterFigure) (store.Counts, error) {
	known := map[string]bool{}
	seen := map[[3]string]bool{}
	for _, f := range figs {
		if err := f.Validate(); err != nil {
			return store.Counts{}, err
		}
		if !known[f.Indicator] {
			if _, err := s.store.Indicator(ctx, f.Indicator); err != nil {
				return store.Counts{}, err
			}
			known[f.Indicator] = true
		}
		k := [3]string{f.Region, f.Indicator, f.Period}
		if seen[k] {
			return store.Counts{}, domain.E(domain.EINVALID, "figures.duplicate", f.Region, f.Indicator, f.Period)
		}
		seen[k] = true
	}
	return s.store.RecordRegisterFigures(ctx, who(by), figs)
}

// Recompute sums register's rows for every sum of that register (Sums), in regions and each
// town's county, at each of periods, and records the results (Record), each marked 示例 when its
// sum read a 示例 row (Sum.Sample). A register with no
// Summer provided is an error: the wiring forgot it.
func (s *Service) Recompute(ctx context.Context, by domain.Actor, register string, regions, periods []string) (store.Counts, error) {
	sm := s.summer(register)
	if sm == nil {
		return store.Counts{}, domain.E(domain.EINVALID, "figures.no_summer", register)
	}
	sums, err := s.Sums(ctx)
	if err != nil {
		return store.Counts{}, err
	}
	all, err := s.withCounties(ctx, regions)
	if err != nil {
		return store.Counts{}, err
	}
	var figs []domain.RegisterFigure
	for _, sum := range sums {
		if sum.Register != register {
			continue
		}
		for _, p := range periods {
			vals, err := sm.SumRegister(ctx, sum, all, p)
			if err != nil {
				return store.Counts{}, err
			}
			for _, r := range all {
				if v, ok := vals[r]; ok {
					figs = append(figs, domain.RegisterFigure{Region: r, Indicator: sum.Indicator, Period: p, Value: v.Value,
						Sample: v.Sample, Register: register})
				}
			}
		}
	}
	return s.Record(ctx, by, figs)
}

// withCounties returns regions, each once, with the county of every town among them.
func (s *Service) withCounties(ctx context.Context, regions []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(code string) {
		if code != "" && !seen[code] {
			seen[code] = true
			out = append(out, code)
		}
	}
	for _, code := range regions {
		r, err := s.store.Region(ctx, code)
		if err != nil {
			return nil, err
		}
		add(r.Code)
		if r.Level == domain.LevelTown {
			add(r.Parent)
		}
	}
	return out, nil
}

// Basis is indicator's figure basis: official unless an analyst chose the register.
func (s *Service) Basis(ctx context.Context, indicator string) (domain.FigureBasis, error) {
	if _, err := s.store.Indicator(ctx, indicator); err != nil {
		return "", err
	}
	bases, err := s.store.FigureBases(ctx)
	if err != nil {
		return "", err
	}
	if b := bases[indicator]; b != "" {
		return b, nil
	}
	return domain.BasisOfficial, nil
}

// SetBasis sets which figure of indicator counts when the bureau and a register both have one
// ("official" | "register"), audited; it reports whether anything changed.
func (s *Service) SetBasis(ctx context.Context, by domain.Actor, indicator, basis string) (bool, error) {
	if err := domain.DeploymentWide(ctx); err != nil {
		return false, err
	}
	b := domain.FigureBasis(basis)
	if !b.Valid() {
		return false, domain.E(domain.EINVALID, "figures.bad_basis", basis)
	}
	return s.store.SetFigureBasis(ctx, who(by), indicator, b)
}

// Link links an indicator to a register sum (replacing its link, or its built-in sum), audited.
// The filter is stored in its canonical form (keys sorted).
func (s *Service) Link(ctx context.Context, by domain.Actor, sum domain.RegisterSum) error {
	if err := domain.DeploymentWide(ctx); err != nil {
		return err
	}
	if err := sum.Validate(); err != nil {
		return err
	}
	sum.Filter = domain.CanonicalFilter(sum.Conditions())
	sum.BuiltIn = false
	return s.store.LinkRegisterSum(ctx, who(by), sum)
}

// Unlink removes an indicator's link to a register sum, audited; its recorded figures stay.
func (s *Service) Unlink(ctx context.Context, by domain.Actor, indicator string) error {
	if err := domain.DeploymentWide(ctx); err != nil {
		return err
	}
	return s.store.UnlinkRegisterSum(ctx, who(by), indicator)
}

// RegisterMonths lists the periods a register's figures are recomputed for after a write at
// written that reaches years ("YYYY"), years in order: of each year, every month from January to
// the register's month. A register is a live ledger, current as of its last write, so its month
// is the later of its latest date and the write's month, capped at December of the year: all 12
// months for a year before the write's, January to the write's month for the write's year (never
// beyond: no figure for the future, whatever date a row holds), nothing for a later year. The
// write's month is that of written in the process's local time zone (cmd/pacer keeps China
// Standard Time unless TZ says otherwise).
func RegisterMonths(years []string, written time.Time) []string {
	ys := slices.Clone(years)
	slices.Sort(ys)
	ys = slices.Compact(ys)
	now := written.Local()
	var periods []string
	for _, y := range ys {
		year, err := strconv.Atoi(y)
		if err != nil || len(y) != 4 {
			continue
		}
		last := 12
		switch {
		case year > now.Year():
			continue
		case year == now.Year():
			last = int(now.Month())
		}
		for m := 1; m <= last; m++ {
			periods = append(periods, fmt.Sprintf("%s-%02d", y, m))
		}
	}
	return periods
}

// WithClock makes s read the time of a write (RegisterMonths: what its Months reach) from now
// instead of time.Now; tests write "in October" with it. It returns s.
func (s *Service) WithClock(now func() time.Time) *Service {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
	return s
}

// Months is RegisterMonths for a write now (by s's clock): the periods a register recomputes
// after a write that reaches years.
func (s *Service) Months(years []string) []string {
	s.mu.RLock()
	now := s.now
	s.mu.RUnlock()
	return RegisterMonths(years, now())
}

// who is the store's name for the actor of a change.
func who(a domain.Actor) store.Who { return store.Who{Username: a.Username, Role: a.Role, IP: a.IP} }
