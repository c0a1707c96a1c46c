package projects

import (
	"context"
	"slices"
	"time"

	"pacer/internal/domain"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// Figures are a group's totals against time progress: count, plan and completed (亿元), the
// completion (%, nil when nothing is planned), its gap to time progress (个百分点) and status.
type Figures struct {
	Count      int      `json:"count"`
	Planned    float64  `json:"planned"`
	Completed  float64  `json:"completed"`
	Completion *float64 `json:"completion"`
	Gap        *float64 `json:"gap"`
	Status     string   `json:"status"`
}

// CategoryFigures are the figures of one category (工业 …).
type CategoryFigures struct {
	Category string `json:"category"`
	Figures
}

// LevelFigures are the figures of one level (省重点 …).
type LevelFigures struct {
	Level string `json:"level"`
	Figures
}

// TownFigures are the figures of the projects of one region (a town, or the county itself).
type TownFigures struct {
	Region string `json:"region"`
	Name   string `json:"name"`
	Figures
}

// StageCount is how many projects are at a stage.
type StageCount struct {
	Stage string `json:"stage"`
	Count int    `json:"count"`
}

// Summary is the key-project summary of a region (its towns included) at a period: the
// projects with a plan for the period's year, counted at their latest cumulative of that year at
// or before the period. NotReported lists the projects without a report for the period itself.
type Summary struct {
	Region       string            `json:"region"`
	RegionName   string            `json:"region_name"`
	Period       string            `json:"period"`
	Figures                        // count, planned, completed, completion, gap, status
	TimeProgress float64           `json:"time_progress"`
	ByCategory   []CategoryFigures `json:"by_category"`
	ByStage      []StageCount      `json:"by_stage"`
	ByLevel      []LevelFigures    `json:"by_level"`
	ByTown       []TownFigures     `json:"by_town"`
	NotReported  []string          `json:"not_reported"`
	Sample       bool              `json:"sample"` // some figure is 示例
}

// figuresOf rounds t's money to 2 decimals and its completion to 2 and judges it against tp.
func figuresOf(t domain.ProjectTotals, tp float64) Figures {
	f := Figures{Count: t.Count, Planned: pace.RoundTo(t.Planned, 2), Completed: pace.RoundTo(t.Completed, 2), Status: string(pace.StatusNone)}
	if c, err := pace.Completion(t.Completed, t.Planned); err == nil {
		gap := c - tp
		f.Status = string(pace.StatusFromGap(gap, pace.DefaultTolerance))
		c, gap = pace.RoundTo(c, 2), pace.RoundTo(gap, 2)
		f.Completion, f.Gap = &c, &gap
	}
	return f
}

// periodEnd is the last day of period's month.
func periodEnd(p pace.Period) time.Time {
	return time.Date(p.Year, time.Month(p.Month)+1, 0, 0, 0, 0, 0, time.UTC)
}

func parsePeriod(period string) (pace.Period, error) {
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return p, domain.E(domain.EINVALID, "projects.bad_period", period)
	}
	return p, nil
}

// Summary sums the key projects of region (its towns included) at period.
func (s *Service) Summary(ctx context.Context, region, period string) (Summary, error) {
	p, err := parsePeriod(period)
	if err != nil {
		return Summary{}, err
	}
	a, err := s.scopedArea(ctx, region)
	if err != nil {
		return Summary{}, err
	}
	groups, err := s.store.ProjectGroups(ctx, a.Codes, p.String())
	if err != nil {
		return Summary{}, err
	}
	return summariseGroups(a, p, groups), nil
}

// summarise is the arithmetic of Summary over figures already read (the list page has them):
// grouped here as the database groups them for Summary, then the same arithmetic.
func summarise(a area, p pace.Period, figs []domain.ProjectFigure) Summary {
	total := store.ProjectGroup{By: "total"}
	idx := map[[2]string]int{}
	var groups []store.ProjectGroup
	add := func(by, key string, f domain.ProjectFigure) {
		i, ok := idx[[2]string{by, key}]
		if !ok {
			i = len(groups)
			idx[[2]string{by, key}] = i
			groups = append(groups, store.ProjectGroup{By: by, Key: key})
		}
		groups[i].Add(f)
	}
	for _, f := range figs {
		total.Add(f)
		total.Sample = total.Sample || f.Sample
		add("category", f.Category, f)
		add("level", f.Level, f)
		add("town", f.RegionCode, f)
		add("stage", f.Stage, f)
		if f.Reported != p.String() {
			groups = append(groups, store.ProjectGroup{By: "unreported", Key: f.Code})
		}
	}
	return summariseGroups(a, p, append(groups, total))
}

// summariseGroups is the arithmetic of Summary over the sums grouped by category, level, town
// and stage (store.ProjectGroups).
func summariseGroups(a area, p pace.Period, groups []store.ProjectGroup) Summary {
	tp := pace.LinearTimeProgress(p.Month)
	sum := Summary{Region: a.Root.Code, RegionName: a.Root.Name, Period: p.String(), TimeProgress: pace.RoundTo(tp, 2), NotReported: []string{}}
	var total domain.ProjectTotals
	cats := map[string]*domain.ProjectTotals{}
	levels := map[string]*domain.ProjectTotals{}
	towns := map[string]*domain.ProjectTotals{}
	stages := map[string]int{}
	for _, g := range groups {
		t := g.ProjectTotals
		switch g.By {
		case "total":
			total, sum.Sample = t, g.Sample
		case "category":
			cats[g.Key] = &t
		case "level":
			levels[g.Key] = &t
		case "town":
			towns[g.Key] = &t
		case "stage":
			stages[g.Key] = g.Count
		case "unreported":
			sum.NotReported = append(sum.NotReported, g.Key)
		}
	}
	slices.Sort(sum.NotReported)
	sum.Figures = figuresOf(total, tp)
	for _, c := range domain.ProjectCategories {
		t := cats[c]
		if t == nil {
			t = &domain.ProjectTotals{}
		}
		sum.ByCategory = append(sum.ByCategory, CategoryFigures{Category: c, Figures: figuresOf(*t, tp)})
	}
	for _, l := range domain.ProjectLevels {
		t := levels[l]
		if t == nil {
			t = &domain.ProjectTotals{}
		}
		sum.ByLevel = append(sum.ByLevel, LevelFigures{Level: l, Figures: figuresOf(*t, tp)})
	}
	for _, st := range domain.ProjectStages {
		sum.ByStage = append(sum.ByStage, StageCount{Stage: st, Count: stages[st]})
	}
	codes := make([]string, 0, len(towns))
	for c := range towns {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		sum.ByTown = append(sum.ByTown, TownFigures{Region: c, Name: a.Names[c], Figures: figuresOf(*towns[c], tp)})
	}
	return sum
}

// WorkItem is one project on a worklist: who owns it and how late it is.
type WorkItem struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Stage       string `json:"stage"`
	Region      string `json:"region"`
	RegionName  string `json:"region_name"`
	OwnerUnit   string `json:"owner_unit"`
	Leader      string `json:"leader"`
	Milestone   string `json:"milestone"`
	Planned     string `json:"planned_date"`
	DaysOverdue int    `json:"days_overdue"`
}

// Worklist is one stage worklist with its projects, most overdue first.
type Worklist struct {
	List  domain.Worklist `json:"list"`
	Items []WorkItem      `json:"items"`
}

// Worklists computes the stage worklists of region's projects (its towns included) at the end
// of period, from their stages and milestones.
func (s *Service) Worklists(ctx context.Context, region, period string) ([]Worklist, error) {
	p, err := parsePeriod(period)
	if err != nil {
		return nil, err
	}
	a, err := s.scopedArea(ctx, region)
	if err != nil {
		return nil, err
	}
	figs, err := s.store.ProjectFigures(ctx, a.Codes, p.String())
	if err != nil {
		return nil, err
	}
	ms, err := s.store.Milestones(ctx, a.Codes)
	if err != nil {
		return nil, err
	}
	return worklists(a, figs, ms, periodEnd(p)), nil
}

func worklists(a area, figs []domain.ProjectFigure, ms []domain.Milestone, asOf time.Time) []Worklist {
	byProject := map[string][]domain.Milestone{}
	for _, m := range ms {
		byProject[m.ProjectCode] = append(byProject[m.ProjectCode], m)
	}
	lists := map[domain.Worklist][]WorkItem{}
	for _, f := range figs {
		for _, e := range f.Work(byProject[f.Code], asOf) {
			lists[e.List] = append(lists[e.List], WorkItem{Code: f.Code, Name: f.Name, Stage: f.Stage, Region: f.RegionCode, RegionName: a.Names[f.RegionCode],
				OwnerUnit: f.OwnerUnit, Leader: f.Leader, Milestone: e.Milestone.Stage, Planned: e.Milestone.Planned, DaysOverdue: e.DaysOverdue})
		}
	}
	var out []Worklist
	for _, l := range domain.Worklists {
		items := lists[l]
		slices.SortStableFunc(items, func(x, y WorkItem) int {
			if x.DaysOverdue != y.DaysOverdue {
				return y.DaysOverdue - x.DaysOverdue
			}
			if x.Code < y.Code {
				return -1
			}
			return 1
		})
		if items == nil {
			items = []WorkItem{}
		}
		out = append(out, Worklist{List: l, Items: items})
	}
	return out
}
