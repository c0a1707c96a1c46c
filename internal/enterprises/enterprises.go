// Package enterprises keeps the enterprise register (企业培育): firms keyed by 统一社会信用代码
// with their titles (the 专精特新 ladder, 高新技术企业), above-scale registration, output and tax;
// the cultivation funnel against its targets and the lists of the largest firms.
package enterprises

import (
	"context"
	"sort"
	"time"

	"pacer/internal/domain"
	"pacer/internal/figures"
	"pacer/internal/ingest"
	"pacer/internal/leads"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// Service is the enterprises workflow over one store.
type Service struct {
	store *store.Store
	figs  *figures.Service // register figures recomputed after each import (UseFigures); nil: none
	// Observe, when set (app.Observe: the server's metrics), is told each import's duration and
	// outcome (ingest.Outcome).
	Observe func(kind, outcome string, d time.Duration)
}

// New returns the workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }

func who(a domain.Actor) store.Who { return store.Who{Username: a.Username, Role: a.Role, IP: a.IP} }

// Funnel measures and the indicator of new above-scale registrations.
const (
	MeasureApplications = "applications" // 专精特新 applications made in the year
	MeasureApprovals    = "approvals"    // 专精特新 titles granted in the year
	MeasureAboveScale   = "above_scale"  // firms newly registered above scale (规上入库) in the year
	IndicatorAboveScale = "new_above_scale_industrial"
)

// Lines of the lists: output of at least 50亿, tax of at least 1亿.
const (
	BigOutput = 50.0
	BigTax    = 1.0
)

func (s *Service) regions(ctx context.Context) (map[string]domain.Region, error) {
	rs, err := s.store.Regions(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]domain.Region, len(rs))
	for _, r := range rs {
		m[r.Code] = r
	}
	return m, nil
}

// Import checks enterprises tables and writes them in one transaction; a bad row (a credit code
// with the wrong check character among them) returns ingest.Problems and writes nothing.
func (s *Service) Import(ctx context.Context, by domain.Actor, tables []sheet.Table) (counts store.RegisterCounts, err error) {
	if s.Observe != nil {
		defer func(start time.Time) { s.Observe("enterprises", ingest.Outcome(err), time.Since(start)) }(time.Now())
	}
	return s.importTables(ctx, by, tables)
}

func (s *Service) importTables(ctx context.Context, by domain.Actor, tables []sheet.Table) (store.RegisterCounts, error) {
	es, err := s.Check(ctx, tables)
	if err != nil {
		return store.RegisterCounts{}, err
	}
	old, err := s.Before(ctx, es)
	if err != nil {
		return store.RegisterCounts{}, err
	}
	c, err := s.store.SaveEnterprises(ctx, who(by), es)
	if err != nil {
		return c, err
	}
	return s.saved(ctx, by, es, old, c)
}

// Check reads enterprises tables as Import does, writing nothing.
func (s *Service) Check(ctx context.Context, tables []sheet.Table) ([]domain.Enterprise, error) {
	regs, err := s.regions(ctx)
	if err != nil {
		return nil, err
	}
	sc := domain.ScopeOf(ctx)
	es, probs := ParseEnterprises(tables, regs, sc)
	if len(probs) > 0 {
		return nil, probs
	}
	if !sc.Whole() { // a scoped account may not rewrite another region's firm under its credit code
		for _, e := range es {
			old, err := s.store.Enterprise(ctx, e.CreditCode)
			if domain.ErrorKind(err) == domain.ENOTFOUND {
				continue
			}
			if err != nil {
				return nil, err
			}
			if !sc.CoversCode(old.RegionCode, regs) {
				probs = append(probs, leads.ProblemAt(tables, "credit_code", e.CreditCode, locale.M("registers.expect.code_elsewhere", sc.Label(regs))))
			}
		}
		if len(probs) > 0 {
			return nil, probs
		}
	}
	return es, nil
}

// SetGoal sets a region's yearly goal of applications or approvals.
func (s *Service) SetGoal(ctx context.Context, by domain.Actor, region string, year int, measure string, value float64) error {
	if measure != MeasureApplications && measure != MeasureApprovals {
		return domain.E(domain.EINVALID, "enterprises.bad_measure", measure)
	}
	if value <= 0 {
		return domain.E(domain.EINVALID, "enterprises.bad_goal")
	}
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return err
	}
	if _, err := s.store.Region(ctx, region); err != nil {
		return err
	}
	return s.store.SetEnterpriseGoal(ctx, who(by), region, year, measure, value)
}

// Step is one step of the cultivation funnel: the count in the year up to the period's end,
// its target (nil if none), completion (percent) and status against 时序进度.
type Step struct {
	Measure    string      `json:"measure"`
	Count      int         `json:"count"`
	Target     *float64    `json:"target"`
	Completion *float64    `json:"completion"`
	Status     pace.Status `json:"status"`
}

// Rung is a title of the ladder and the firms holding it.
type Rung struct {
	Title string `json:"title"`
	Count int    `json:"count"`
}

// Register is the /enterprises page: the funnel, the ladder, the lists and the firms.
type Register struct {
	Region       domain.Region
	Period       string
	TimeProgress float64
	Funnel       []Step
	Ladder       []Rung
	BigOutput    []domain.Enterprise // output ≥ 50亿, largest first
	BigTax       []domain.Enterprise // tax ≥ 1亿, largest first
	Enterprises  []domain.Enterprise
	Sample       bool
}

// Register assembles the enterprise register of region (and every region within it) at period.
func (s *Service) Register(ctx context.Context, region, period string) (*Register, error) {
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return nil, domain.E(domain.EINVALID, "enterprises.bad_period", period)
	}
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	r, err := s.store.Region(ctx, region)
	if err != nil {
		return nil, err
	}
	es, err := s.store.Enterprises(ctx, domain.RegionPrefix(r))
	if err != nil {
		return nil, err
	}
	goals, err := s.store.EnterpriseGoals(ctx, r.Code, p.Year)
	if err != nil {
		return nil, err
	}
	targets, err := s.store.Targets(ctx, r.Code, p.Year)
	if err != nil {
		return nil, err
	}
	out := &Register{Region: r, Period: p.String(), TimeProgress: pace.RoundTo(pace.LinearTimeProgress(p.Month), 2), Enterprises: es}
	counts := Count(es, domain.MonthEnd(p.String()))
	aboveTarget := (*float64)(nil)
	for _, tier := range []domain.Tier{domain.Assigned, domain.Stretch} { // the assigned target first, else the stretch one
		for _, t := range targets {
			if aboveTarget == nil && t.IndicatorCode == IndicatorAboveScale && t.Tier == tier && t.Value != nil {
				aboveTarget = t.Value
			}
		}
	}
	for _, m := range []string{MeasureApplications, MeasureApprovals, MeasureAboveScale} {
		st := Step{Measure: m, Count: counts[m], Status: pace.StatusNone}
		if g, ok := goals[m]; ok {
			st.Target = domain.F(g)
		}
		if m == MeasureAboveScale {
			st.Target = aboveTarget
		}
		if st.Target != nil {
			if c, err := pace.Completion(float64(st.Count), *st.Target); err == nil {
				st.Completion = domain.F(pace.RoundTo(c, 2))
				st.Status = pace.StatusFromGap(c-pace.LinearTimeProgress(p.Month), pace.DefaultTolerance)
			}
		}
		out.Funnel = append(out.Funnel, st)
	}
	end := domain.MonthEnd(p.String())
	for _, t := range domain.Titles {
		n := 0
		for _, e := range es {
			if holdsBy(e, t, end) {
				n++
			}
		}
		out.Ladder = append(out.Ladder, Rung{Title: t, Count: n})
	}
	for _, e := range es {
		out.Sample = out.Sample || e.Sample
		if e.Output != nil && pace.RoundTo(*e.Output, 2) >= BigOutput {
			out.BigOutput = append(out.BigOutput, e)
		}
		if e.Tax != nil && pace.RoundTo(*e.Tax, 2) >= BigTax {
			out.BigTax = append(out.BigTax, e)
		}
	}
	sort.SliceStable(out.BigOutput, func(i, j int) bool { return *out.BigOutput[i].Output > *out.BigOutput[j].Output })
	sort.SliceStable(out.BigTax, func(i, j int) bool { return *out.BigTax[i].Tax > *out.BigTax[j].Tax })
	return out, nil
}

func holdsBy(e domain.Enterprise, title, end string) bool {
	for _, t := range e.Titles {
		if t.Title == title && t.Granted != "" && t.Granted <= end {
			return true
		}
	}
	return false
}

// Count counts the funnel in end's year up to end (YYYY-MM-DD): 专精特新 applications and
// approvals (provincial and national titles), and new above-scale registrations.
func Count(es []domain.Enterprise, end string) map[string]int {
	from := end[:4] + "-01-01"
	in := func(d string) bool { return d != "" && d >= from && d <= end }
	out := map[string]int{}
	for _, e := range es {
		for _, t := range e.Titles {
			if !domain.SRDI(t.Title) {
				continue
			}
			if in(t.Applied) {
				out[MeasureApplications]++
			}
			if in(t.Granted) {
				out[MeasureApprovals]++
			}
		}
		if in(e.AboveScaleDate) {
			out[MeasureAboveScale]++
		}
	}
	return out
}

// Enterprise returns one firm and its revisions.
func (s *Service) Enterprise(ctx context.Context, code string) (domain.Enterprise, []store.RegisterRevision, error) {
	e, err := s.store.Enterprise(ctx, code)
	if err == nil {
		err = domain.InScope(ctx, s.store, e.RegionCode, code)
	}
	if err != nil {
		return e, nil, err
	}
	revs, err := s.store.EnterpriseRevisions(ctx, code)
	return e, revs, err
}

// ExportHeader is the header of an exported enterprises sheet (it imports back).
func ExportHeader() []any {
	var h []any
	for _, c := range append(append([]string{}, Required...), Optional...) {
		h = append(h, c)
	}
	return h
}

// ExportRow is a firm as a row under ExportHeader.
func ExportRow(e domain.Enterprise) []any {
	sample := ""
	if e.Sample {
		sample = "示例"
	}
	num := func(p *float64) any {
		if p == nil {
			return ""
		}
		return *p
	}
	return []any{e.CreditCode, e.Name, e.RegionCode, e.Industry, FormatTitles(e.Titles), e.AboveScaleDate, num(e.Output), num(e.Tax), sample}
}
