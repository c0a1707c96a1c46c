package projects

import (
	"context"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/pace"
)

// Filter narrows a project list: each field empty (false) means any.
type Filter struct {
	Level, Category, Town, Stage string
	Overdue                      bool // only projects late on a milestone or with an overdue problem
}

// Row is one project of a list at a period.
type Row struct {
	domain.ProjectFigure
	RegionName   string
	Completion   *float64 // % of the annual plan
	LateDays     int      // the most days any milestone is late, 0 when none
	OpenProblems int
	Overdue      bool
}

// List is the register of a region at a period, filtered, with the summary of the whole region.
type List struct {
	Summary
	Filter    Filter
	Rows      []Row
	Worklists []Worklist
	Towns     []domain.Region // the region's towns, for the town filter
	// CategoryTargets are, per category with an indicator (工业 → industrial_investment …), the
	// value targets of that indicator for the region and year with the category's completed
	// investment as a share of each: key projects are a part of the indicator, not all of it.
	CategoryTargets map[string][]CategoryTarget
}

// CategoryTarget is a category's completed investment against one tier of its indicator's target.
type CategoryTarget struct {
	Indicator string
	Tier      domain.Tier
	Target    float64
	Share     *float64 // completed / target × 100
}

// List returns region's projects (its towns included) with a plan for period's year, filtered.
func (s *Service) List(ctx context.Context, region, period string, f Filter) (*List, error) {
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
	probs, err := s.store.Problems(ctx, a.Codes)
	if err != nil {
		return nil, err
	}
	asOf := periodEnd(p)
	l := &List{Summary: summarise(a, p, figs), Filter: f, Worklists: worklists(a, figs, ms, asOf)}
	all, err := s.store.Regions(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range all {
		if r.Level == domain.LevelTown && a.within(r.Code) {
			l.Towns = append(l.Towns, r)
		}
	}
	if l.CategoryTargets, err = s.categoryTargets(ctx, a.Root.Code, p.Year, l.Summary); err != nil {
		return nil, err
	}
	late := map[string]int{}
	for _, m := range ms {
		if m.Late(asOf) {
			late[m.ProjectCode] = max(late[m.ProjectCode], m.DelayDays(asOf))
		}
	}
	open, overdueProblem := map[string]int{}, map[string]bool{}
	for _, q := range probs {
		if q.State != "已解决" {
			open[q.ProjectCode]++
		}
		if q.Overdue(asOf) {
			overdueProblem[q.ProjectCode] = true
		}
	}
	for _, fig := range figs {
		if (f.Level != "" && fig.Level != f.Level) || (f.Category != "" && fig.Category != f.Category) ||
			(f.Stage != "" && fig.Stage != f.Stage) || (f.Town != "" && fig.RegionCode != f.Town) {
			continue
		}
		row := Row{ProjectFigure: fig, RegionName: a.Names[fig.RegionCode], LateDays: late[fig.Code], OpenProblems: open[fig.Code]}
		row.Overdue = row.LateDays > 0 || overdueProblem[fig.Code]
		if f.Overdue && !row.Overdue {
			continue
		}
		if c, err := pace.Completion(fig.Completed, fig.Planned); err == nil {
			c = pace.RoundTo(c, 2)
			row.Completion = &c
		}
		l.Rows = append(l.Rows, row)
	}
	return l, nil
}

func (s *Service) categoryTargets(ctx context.Context, region string, year int, sum Summary) (map[string][]CategoryTarget, error) {
	targets, err := s.store.Targets(ctx, region, year)
	if err != nil {
		return nil, err
	}
	out := map[string][]CategoryTarget{}
	for _, c := range sum.ByCategory {
		ind, ok := domain.CategoryIndicators[c.Category]
		if !ok {
			continue
		}
		for _, t := range targets {
			if t.IndicatorCode != ind || t.Value == nil {
				continue
			}
			ct := CategoryTarget{Indicator: ind, Tier: t.Tier, Target: *t.Value}
			if v, err := pace.Completion(c.Completed, *t.Value); err == nil {
				v = pace.RoundTo(v, 2)
				ct.Share = &v
			}
			out[c.Category] = append(out[c.Category], ct)
		}
	}
	return out, nil
}

// ExportHeader is the header of an exported register: a projects file that imports back.
var ExportHeader = []string{"code", "name", "level", "category", "region_code", "stage", "total_investment", "annual_plan", "year",
	"owner_unit", "leader", "period", "completed", "sample"}

// ExportRows returns region's register at period as rows of a projects file (the header first):
// each project with its plan for the period's year and its cumulative reported for the period
// (period and completed empty when it has none), so that the file imports back unchanged.
func (s *Service) ExportRows(ctx context.Context, region, period string, f Filter) ([][]any, error) {
	l, err := s.List(ctx, region, period, f)
	if err != nil {
		return nil, err
	}
	rows := [][]any{make([]any, len(ExportHeader))}
	for i, h := range ExportHeader {
		rows[0][i] = h
	}
	year, _ := strconv.Atoi(period[:4])
	for _, r := range l.Rows {
		var per, done any = "", ""
		if r.Reported == l.Period {
			per, done = r.Reported, r.Completed
		}
		sample := ""
		if r.Sample {
			sample = "1"
		}
		rows = append(rows, []any{r.Code, r.Name, r.Level, r.Category, r.RegionCode, r.Stage, r.TotalInvestment, r.Planned, year,
			r.OwnerUnit, r.Leader, per, done, sample})
	}
	return rows, nil
}

// StageStep is one stage of a project's timeline.
type StageStep struct {
	Stage     string
	Reached   bool
	Current   bool
	Milestone *domain.Milestone
	Delay     int
}

// MonthPoint is one month of a project's year: its cumulative (nil when not reported) and the
// plan's pace (annual plan × month/12).
type MonthPoint struct {
	Period    string   `json:"period"`
	Completed *float64 `json:"completed"`
	PlanPace  float64  `json:"plan"`
}

// Detail is a project's page at a period.
type Detail struct {
	domain.Project
	RegionName string
	Period     string
	Year       int
	Planned    *float64 // the annual plan of the year, nil when none
	Completed  float64
	Reported   string
	Completion *float64
	Months     []MonthPoint
	Revisions  []domain.ProjectProgress // every revision of the year's cumulatives
	Timeline   []StageStep
	Milestones []MilestoneRow
	Problems   []ProblemRow
	Photos     []domain.Photo
	CanEdit    bool
}

// MilestoneRow is a milestone with its delay at the period's end.
type MilestoneRow struct {
	domain.Milestone
	Delay int
	Late  bool
}

// ProblemRow is a problem with whether it is overdue at the period's end.
type ProblemRow struct {
	domain.Problem
	Overdue bool
}

// Project returns a project's page at period; user decides CanEdit.
func (s *Service) Project(ctx context.Context, user domain.User, code, period string) (*Detail, error) {
	p, err := parsePeriod(period)
	if err != nil {
		return nil, err
	}
	pr, err := s.project(ctx, code)
	if err != nil {
		return nil, err
	}
	d := &Detail{Project: pr, Period: p.String(), Year: p.Year}
	if r, err := s.store.Region(ctx, pr.RegionCode); err == nil {
		d.RegionName = r.Name
	}
	if d.CanEdit, err = s.CanEdit(ctx, user, pr); err != nil {
		return nil, err
	}
	plans, err := s.store.ProjectPlans(ctx, code)
	if err != nil {
		return nil, err
	}
	for _, pl := range plans {
		if pl.Year == p.Year {
			v := pl.AnnualPlan
			d.Planned = &v
		}
	}
	revs, err := s.store.ProjectProgress(ctx, code)
	if err != nil {
		return nil, err
	}
	year := strconv.Itoa(p.Year)
	current := map[string]float64{}
	for _, r := range revs {
		if !strings.HasPrefix(r.Period, year+"-") {
			continue
		}
		d.Revisions = append(d.Revisions, r)
		current[r.Period] = r.Completed // revisions come in order: the last is current
	}
	for m := 1; m <= 12; m++ {
		per := pace.Period{Year: p.Year, Month: m}.String()
		pt := MonthPoint{Period: per}
		if v, ok := current[per]; ok {
			v := v
			pt.Completed = &v
			if m <= p.Month {
				d.Completed, d.Reported = v, per
			}
		}
		if d.Planned != nil {
			pt.PlanPace = pace.RoundTo(*d.Planned*float64(m)/12, 2)
		}
		d.Months = append(d.Months, pt)
	}
	if d.Planned != nil {
		if c, err := pace.Completion(d.Completed, *d.Planned); err == nil {
			c = pace.RoundTo(c, 2)
			d.Completion = &c
		}
	}
	asOf := periodEnd(p)
	ms, err := s.store.Milestones(ctx, []string{pr.RegionCode})
	if err != nil {
		return nil, err
	}
	byStage := map[string]domain.Milestone{}
	for _, m := range ms {
		if m.ProjectCode == code {
			byStage[m.Stage] = m
		}
	}
	at := domain.StageIndex(pr.Stage)
	for i, st := range domain.ProjectStages {
		step := StageStep{Stage: st, Reached: i <= at, Current: i == at}
		if m, ok := byStage[st]; ok {
			m := m
			step.Milestone, step.Delay = &m, m.DelayDays(asOf)
			d.Milestones = append(d.Milestones, MilestoneRow{Milestone: m, Delay: m.DelayDays(asOf), Late: m.Late(asOf) && i > at})
		}
		d.Timeline = append(d.Timeline, step)
	}
	probs, err := s.store.Problems(ctx, []string{pr.RegionCode})
	if err != nil {
		return nil, err
	}
	for _, q := range probs {
		if q.ProjectCode == code {
			d.Problems = append(d.Problems, ProblemRow{Problem: q, Overdue: q.Overdue(asOf)})
		}
	}
	if d.Photos, err = s.store.Photos(ctx, code); err != nil {
		return nil, err
	}
	return d, nil
}

// LatestPeriod is the latest period of year at or before upTo with a project report in region
// (its towns included), upTo itself when there is none: where project pages open.
func (s *Service) LatestPeriod(ctx context.Context, region string, upTo string) (string, error) {
	p, err := parsePeriod(upTo)
	if err != nil {
		return "", err
	}
	a, err := s.scopedArea(ctx, region)
	if err != nil {
		return "", err
	}
	figs, err := s.store.ProjectFigures(ctx, a.Codes, p.String())
	if err != nil {
		return "", err
	}
	latest := ""
	for _, f := range figs {
		latest = max(latest, f.Reported)
	}
	if latest == "" {
		return p.String(), nil
	}
	return latest, nil
}
