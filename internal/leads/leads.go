// Package leads keeps the attraction register (招商线索): leads imported and edited, the
// attraction summary against both target tiers, the funnel with its conversion and days between
// stages, the team leaderboard, overdue responses, and a signed lead turned into a key project.
// Every entry point — `pacer import`, `pacer attraction`, the /attraction pages — goes through it.
package leads

import (
	"context"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"pacer/internal/cache"
	"pacer/internal/domain"
	"pacer/internal/figures"
	"pacer/internal/ingest"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// Service is the leads workflow over one store.
type Service struct {
	store *store.Store
	ref   *cache.Versioned // what a summary holds the leads against (region, targets, tolerances), per data version
	figs  *figures.Service // register figures recomputed after each write (UseFigures); nil: none
	// Observe, when set (app.Observe: the server's metrics), is told each import's duration and
	// outcome (ingest.Outcome).
	Observe func(kind, outcome string, d time.Duration)
}

// New returns the workflow over st.
func New(st *store.Store) *Service { return &Service{store: st, ref: cache.New(st.DataVersion)} }

// reference is what a summary holds the leads against: the region, the year's targets and the
// indicators' tolerances. It is kept for one data version (any write moves it on); the leads
// themselves are read on every summary.
type reference struct {
	region  domain.Region
	targets []domain.Target
	tol     map[string]float64
}

func (s *Service) reference(ctx context.Context, region string, year int) (*reference, error) {
	return cache.Get(s.ref, ctx, region+"\x00"+strconv.Itoa(year), func() (*reference, error) {
		r, err := s.store.Region(ctx, region)
		if err != nil {
			return nil, err
		}
		ref := &reference{region: r, tol: map[string]float64{IndicatorProjects: pace.DefaultTolerance, IndicatorInvestment: pace.DefaultTolerance}}
		if ref.targets, err = s.store.Targets(ctx, r.Code, year); err != nil {
			return nil, err
		}
		inds, err := s.store.Indicators(ctx)
		if err != nil {
			return nil, err
		}
		for _, ind := range inds {
			if _, ok := ref.tol[ind.Code]; ok {
				ref.tol[ind.Code] = ind.Tolerance
			}
		}
		return ref, nil
	})
}

func who(a domain.Actor) store.Who { return store.Who{Username: a.Username, Role: a.Role, IP: a.IP} }

// Indicator codes the summary holds the register against.
const (
	IndicatorProjects   = "attracted_projects"
	IndicatorInvestment = "attracted_investment"
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

// Import checks leads tables and writes them in one transaction: any bad row returns
// ingest.Problems (file, row, column, value, what was expected) and writes nothing.
func (s *Service) Import(ctx context.Context, by domain.Actor, tables []sheet.Table) (counts store.RegisterCounts, err error) {
	if s.Observe != nil {
		defer func(start time.Time) { s.Observe("leads", ingest.Outcome(err), time.Since(start)) }(time.Now())
	}
	return s.importTables(ctx, by, tables)
}

func (s *Service) importTables(ctx context.Context, by domain.Actor, tables []sheet.Table) (store.RegisterCounts, error) {
	ls, err := s.Check(ctx, tables)
	if err != nil {
		return store.RegisterCounts{}, err
	}
	old, err := s.Before(ctx, ls)
	if err != nil {
		return store.RegisterCounts{}, err
	}
	c, err := s.store.SaveLeads(ctx, who(by), ls)
	if err != nil {
		return c, err
	}
	return s.saved(ctx, by, ls, old, c)
}

// Check reads leads tables as Import does, writing nothing.
func (s *Service) Check(ctx context.Context, tables []sheet.Table) ([]domain.Lead, error) {
	regs, err := s.regions(ctx)
	if err != nil {
		return nil, err
	}
	sc := domain.ScopeOf(ctx)
	ls, probs := ParseLeads(tables, regs, sc)
	if len(probs) > 0 {
		return nil, probs
	}
	if !sc.Whole() { // a scoped account may not rewrite another region's lead under its code
		for _, l := range ls {
			old, err := s.store.Lead(ctx, l.Code)
			if domain.ErrorKind(err) == domain.ENOTFOUND {
				continue
			}
			if err != nil {
				return nil, err
			}
			if !sc.CoversCode(old.RegionCode, regs) {
				probs = append(probs, ProblemAt(tables, "code", l.Code, locale.M("registers.expect.code_elsewhere", sc.Label(regs))))
			}
		}
		if len(probs) > 0 {
			return nil, probs
		}
	}
	return ls, nil
}

// Save writes one lead (a form's edit), checked by the same rules as a file row; a reporter may
// only write leads of its own town.
func (s *Service) Save(ctx context.Context, by domain.Actor, l domain.Lead) error {
	if fes := l.Validate(); len(fes) > 0 {
		return fes[0]
	}
	if _, err := s.store.Region(ctx, l.RegionCode); err != nil {
		return err
	}
	if err := domain.InScope(ctx, s.store, l.RegionCode, ""); err != nil {
		return err
	}
	if old, err := s.store.Lead(ctx, l.Code); err == nil {
		if err := domain.InScope(ctx, s.store, old.RegionCode, l.Code); err != nil {
			return err // another region's lead is not moved into this one
		}
	}
	if err := s.mayEdit(ctx, by, l.RegionCode); err != nil {
		return err
	}
	if old, err := s.store.Lead(ctx, l.Code); err == nil {
		if err := s.mayEdit(ctx, by, old.RegionCode); err != nil {
			return err
		}
		if l.ProjectCode == "" {
			l.ProjectCode = old.ProjectCode
		}
	}
	if l.StageDates == nil {
		l.StageDates = map[domain.LeadStage]string{}
	}
	if l.SignedDate != "" {
		l.StageDates[domain.LeadSigned] = l.SignedDate
	}
	if l.ReceivedDate != "" {
		l.StageDates[domain.LeadNew] = l.ReceivedDate
	}
	old, err := s.Before(ctx, []domain.Lead{l})
	if err != nil {
		return err
	}
	c, err := s.store.SaveLeads(ctx, who(by), []domain.Lead{l})
	if err != nil {
		return err
	}
	_, err = s.saved(ctx, by, []domain.Lead{l}, old, c)
	return err
}

// mayEdit: analysts edit every lead; a reporter only those of its own unit's town.
func (s *Service) mayEdit(ctx context.Context, by domain.Actor, region string) error {
	if by.Role == domain.RoleAnalyst {
		return nil
	}
	if by.Role == domain.RoleReporter {
		if acc, err := s.store.UserByName(ctx, by.Username); err == nil && acc.UnitCode != "" {
			u, err := s.store.Unit(ctx, acc.UnitCode)
			if err == nil && u.Kind == domain.UnitTown && u.RegionCode == region {
				return nil
			}
		}
	}
	return domain.E(domain.EFORBIDDEN, "leads.not_yours", region)
}

// Lead returns one lead and its revisions.
func (s *Service) Lead(ctx context.Context, code string) (domain.Lead, []store.RegisterRevision, error) {
	l, err := s.lead(ctx, code)
	if err != nil {
		return l, nil, err
	}
	revs, err := s.store.LeadRevisions(ctx, code)
	return l, revs, err
}

// Leads returns the leads of a region and of every region within it.
func (s *Service) Leads(ctx context.Context, region string) (domain.Region, []domain.Lead, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return domain.Region{}, nil, err
	}
	r, err := s.store.Region(ctx, region)
	if err != nil {
		return r, nil, err
	}
	ls, err := s.store.Leads(ctx, domain.RegionPrefix(r))
	return r, ls, err
}

// TierTarget is the attraction target of one tier and how the register stands against it.
type TierTarget struct {
	Tier                 domain.Tier `json:"tier"`
	Projects             *float64    `json:"projects"`
	Investment           *float64    `json:"investment"`
	CompletionProjects   *float64    `json:"completion_projects"`
	CompletionInvestment *float64    `json:"completion_investment"`
	Status               pace.Status `json:"status"`
}

// TeamRow and SourceRow break the headline down; they count the same leads.
type TeamRow struct {
	Team       string  `json:"team"`
	Projects   int     `json:"projects"`
	Investment float64 `json:"investment"`
}

type SourceRow struct {
	SourceRegion string  `json:"source_region"`
	Projects     int     `json:"projects"`
	Investment   float64 `json:"investment"`
}

// Summary is `pacer attraction summary`: the leads at or past 签约 of ≥ 1亿 signed in the year up
// to the period's end (终止 never), their investment (亿元), against both tiers' targets.
type Summary struct {
	Region         string       `json:"region"`
	RegionName     string       `json:"region_name"`
	Period         string       `json:"period"`
	TimeProgress   float64      `json:"time_progress"`
	Projects       int          `json:"projects"`
	Investment     float64      `json:"investment"`
	Targets        []TierTarget `json:"targets"`
	ByTeam         []TeamRow    `json:"by_team"`
	BySourceRegion []SourceRow  `json:"by_source_region"`
}

// Summary computes the attraction summary of region (its towns, or its counties, included)
// for period YYYY-MM.
func (s *Service) Summary(ctx context.Context, region, period string) (*Summary, error) {
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return nil, domain.E(domain.EINVALID, "leads.bad_period", period)
	}
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	ref, err := s.reference(ctx, region, p.Year)
	if err != nil {
		return nil, err
	}
	r, targets, tol := ref.region, ref.targets, ref.tol
	// The store counts and sums by team and source region the leads that count (the rule of
	// Lead.Counts, as SQL); tallyGroups makes the headline and breakdowns as Tally does.
	end := domain.MonthEnd(p.String())
	gs, err := s.store.SignedLeadGroups(ctx, domain.RegionPrefix(r), domain.CountedStages(), domain.BigLeadInvestment, end[:4]+"-01-01", end)
	if err != nil {
		return nil, err
	}
	sum := tallyGroups(gs)
	sum.Region, sum.RegionName, sum.Period = r.Code, r.Name, p.String()
	sum.TimeProgress = round(pace.LinearTimeProgress(p.Month), 2)
	for _, tier := range []domain.Tier{domain.Assigned, domain.Stretch} {
		tt := TierTarget{Tier: tier, Status: pace.StatusNone}
		for _, t := range targets {
			if t.Tier != tier || t.Value == nil {
				continue
			}
			switch t.IndicatorCode {
			case IndicatorProjects:
				tt.Projects = t.Value
			case IndicatorInvestment:
				tt.Investment = t.Value
			}
		}
		judge := func(value float64, target *float64, code string) *float64 {
			if target == nil {
				return nil
			}
			c, err := pace.Completion(value, *target)
			if err != nil {
				return nil
			}
			tt.Status = pace.Worse(tt.Status, pace.StatusFromGap(c-pace.LinearTimeProgress(p.Month), tol[code]))
			return domain.F(round(c, 2))
		}
		tt.CompletionProjects = judge(float64(sum.Projects), tt.Projects, IndicatorProjects)
		tt.CompletionInvestment = judge(sum.Investment, tt.Investment, IndicatorInvestment)
		sum.Targets = append(sum.Targets, tt)
	}
	return sum, nil
}

// Tally counts the leads that count by end (YYYY-MM-DD): the headline and its breakdowns by
// team and by source region, which count the same leads. Money is rounded to 亿元's two decimals
// after summing.
func Tally(ls []domain.Lead, end string) *Summary {
	at := map[[2]string]int{}
	var gs []store.LeadGroup
	for _, l := range ls {
		if !l.Counts(end) {
			continue
		}
		k := [2]string{l.Team, l.SourceRegion}
		i, ok := at[k]
		if !ok {
			i = len(gs)
			at[k] = i
			gs = append(gs, store.LeadGroup{Team: l.Team, SourceRegion: l.SourceRegion})
		}
		gs[i].Count++
		gs[i].Investment += l.Investment
	}
	return tallyGroups(gs)
}

// tallyGroups makes the headline and its breakdowns from the counted leads grouped by team and
// source region, summed in one order (team, then source region) whatever order the groups
// come in.
func tallyGroups(gs []store.LeadGroup) *Summary {
	gs = slices.Clone(gs)
	sort.Slice(gs, func(i, j int) bool {
		if gs[i].Team != gs[j].Team {
			return gs[i].Team < gs[j].Team
		}
		return gs[i].SourceRegion < gs[j].SourceRegion
	})
	sum := &Summary{ByTeam: []TeamRow{}, BySourceRegion: []SourceRow{}}
	teams, sources := map[string]*TeamRow{}, map[string]*SourceRow{}
	for _, g := range gs {
		sum.Projects += g.Count
		sum.Investment += g.Investment
		t := teams[g.Team]
		if t == nil {
			t = &TeamRow{Team: g.Team}
			teams[g.Team] = t
		}
		t.Projects += g.Count
		t.Investment += g.Investment
		so := sources[g.SourceRegion]
		if so == nil {
			so = &SourceRow{SourceRegion: g.SourceRegion}
			sources[g.SourceRegion] = so
		}
		so.Projects += g.Count
		so.Investment += g.Investment
	}
	sum.Investment = round(sum.Investment, 2)
	for _, t := range teams {
		t.Investment = round(t.Investment, 2)
		sum.ByTeam = append(sum.ByTeam, *t)
	}
	sort.Slice(sum.ByTeam, func(i, j int) bool {
		a, b := sum.ByTeam[i], sum.ByTeam[j]
		if a.Projects != b.Projects {
			return a.Projects > b.Projects
		}
		if a.Investment != b.Investment {
			return a.Investment > b.Investment
		}
		return a.Team < b.Team
	})
	for _, src := range domain.SourceRegions {
		if so := sources[src]; so != nil {
			so.Investment = round(so.Investment, 2)
			sum.BySourceRegion = append(sum.BySourceRegion, *so)
		}
	}
	return sum
}

func round(x float64, d int) float64 { return pace.RoundTo(x, d) }

// ProjectSeed is what a key project takes from the lead it comes from: the projects register
// creates the project from it, and the lead keeps the project's code (its history stays on the
// lead and its revisions).
type ProjectSeed struct {
	Code            string
	Name            string
	RegionCode      string
	Industry        string
	TotalInvestment float64 // 亿元
	SignedDate      string
	LeadCode        string
	StageDates      map[domain.LeadStage]string
	Sample          bool
}

// ToProject turns a signed lead into a key project: the lead (at or past 签约, not yet a
// project) is linked to projectCode in a new revision, and the seed of the project returned.
func (s *Service) ToProject(ctx context.Context, by domain.Actor, code, projectCode string) (ProjectSeed, error) {
	projectCode = strings.TrimSpace(projectCode)
	l, err := s.lead(ctx, code)
	if err != nil {
		return ProjectSeed{}, err
	}
	if err := s.mayEdit(ctx, by, l.RegionCode); err != nil {
		return ProjectSeed{}, err
	}
	switch {
	case !l.Stage.AtOrPast(domain.LeadSigned):
		return ProjectSeed{}, domain.E(domain.EINVALID, "leads.not_signed", code, string(l.Stage))
	case projectCode == "":
		return ProjectSeed{}, domain.E(domain.EINVALID, "leads.project_code_missing")
	case l.ProjectCode != "" && l.ProjectCode != projectCode:
		return ProjectSeed{}, domain.E(domain.ECONFLICT, "leads.already_project", code, l.ProjectCode)
	}
	l.ProjectCode = projectCode
	// The key project is created from the lead unless it exists already (an analyst linking the
	// lead to a project imported before): 县重点 and 其他 until the analyst says otherwise, its
	// stage and the dates of 供地, 动工 and 投产 carried over as reached milestones.
	if _, err := s.store.Project(ctx, projectCode); domain.ErrorKind(err) == domain.ENOTFOUND {
		p, ms := projectOf(l, projectCode)
		if errs := p.Validate(); len(errs) > 0 {
			return ProjectSeed{}, errs[0]
		}
		if _, err := s.store.ApplyProjects(ctx, store.ProjectBatch{Actor: by.Username, SourceIP: by.IP, Source: "lead:" + l.Code,
			Projects: []domain.Project{p}, Milestones: ms}); err != nil {
			return ProjectSeed{}, err
		}
	} else if err != nil {
		return ProjectSeed{}, err
	}
	if _, err := s.store.SaveLeads(ctx, who(by), []domain.Lead{l}); err != nil {
		return ProjectSeed{}, err
	}
	return ProjectSeed{Code: projectCode, Name: l.Name, RegionCode: l.RegionCode, Industry: l.Industry, TotalInvestment: l.Investment,
		SignedDate: l.SignedDate, LeadCode: l.Code, StageDates: l.StageDates, Sample: l.Sample}, nil
}

// projectOf is the key project a signed lead becomes, and the milestones it has reached.
func projectOf(l domain.Lead, code string) (domain.Project, []domain.Milestone) {
	stage := "前期"
	var ms []domain.Milestone
	for _, st := range []struct {
		lead    domain.LeadStage
		project string
	}{{domain.LeadLand, "供地"}, {domain.LeadStarted, "动工"}, {domain.LeadProducing, "投产"}} {
		if l.Stage.AtOrPast(st.lead) {
			stage = st.project
		}
		if d := l.StageDates[st.lead]; d != "" {
			ms = append(ms, domain.Milestone{ProjectCode: code, Stage: st.project, Planned: d, Actual: d})
		}
	}
	return domain.Project{Code: code, Name: l.Name, Level: "县重点", Category: "其他", RegionCode: l.RegionCode, Stage: stage,
		TotalInvestment: l.Investment, Sample: l.Sample}, ms
}

// Deadlines returns the response rules by lead size.
func (s *Service) Deadlines(ctx context.Context) ([]domain.LeadDeadline, error) {
	return s.store.LeadDeadlines(ctx)
}

// SetDeadlines replaces the response rules (days not negative, each line once).
func (s *Service) SetDeadlines(ctx context.Context, by domain.Actor, rules []domain.LeadDeadline) error {
	if err := domain.DeploymentWide(ctx); err != nil {
		return err
	}
	seen := map[float64]bool{}
	for _, r := range rules {
		if r.MinInvestment < 0 || r.RespondDays < 0 || r.AssessDays < 0 || r.FeedDays < 0 || seen[r.MinInvestment] || math.IsNaN(r.MinInvestment) {
			return domain.E(domain.EINVALID, "leads.bad_deadline")
		}
		seen[r.MinInvestment] = true
	}
	return s.store.SetLeadDeadlines(ctx, who(by), rules)
}

// lead is lead code when ctx's scope covers its region, else ENOTFOUND.
func (s *Service) lead(ctx context.Context, code string) (domain.Lead, error) {
	l, err := s.store.Lead(ctx, code)
	if err == nil {
		err = domain.InScope(ctx, s.store, l.RegionCode, code)
	}
	return l, err
}
