package leads

import (
	"context"
	"sort"

	"pacer/internal/domain"
	"pacer/internal/pace"
)

// Filter narrows the lead list of the funnel page; empty fields do not filter.
type Filter struct {
	Team, Stage, Source string
	Overdue             bool
}

// StageRow is one stage of the funnel: the leads that reached it (终止 leads count at the stages
// their dates show), their investment, the conversion from the stage before (percent) and the
// median days from the stage before to this one, over leads with both dates.
type StageRow struct {
	Stage      domain.LeadStage
	Count      int
	Investment float64
	Conversion *float64
	MedianDays *float64
}

// BoardRow is a team (招商小组) on the leaderboard: what counts toward the targets (the summary's
// projects and investment), its leads in hand, and how many of them are overdue.
type BoardRow struct {
	Team       string
	Projects   int
	Investment float64
	Leads      int
	Overdue    int
}

// OverdueLead is a lead whose response, assessment or feedback is past its deadline.
type OverdueLead struct {
	domain.Lead
	Overdue domain.Overdue
}

// Funnel is the /attraction page: the summary, the funnel, the leaderboard, the filtered lead
// list and the overdue leads.
type Funnel struct {
	Region      domain.Region
	Period      string
	Today       string
	Summary     *Summary
	Stages      []StageRow
	Terminated  int
	Board       []BoardRow
	Leads       []domain.Lead
	Overdue     []OverdueLead
	OverdueOf   map[string]domain.Overdue // lead code → its overdue step
	Teams       []string
	Deadlines   []domain.LeadDeadline
	Filter      Filter
	SampleLeads bool // some lead is 示例
}

// Funnel assembles the funnel page of region at period; today (YYYY-MM-DD) decides what is
// overdue.
func (s *Service) Funnel(ctx context.Context, region, period, today string, f Filter) (*Funnel, error) {
	sum, err := s.Summary(ctx, region, period)
	if err != nil {
		return nil, err
	}
	r, ls, err := s.Leads(ctx, region)
	if err != nil {
		return nil, err
	}
	rules, err := s.store.LeadDeadlines(ctx)
	if err != nil {
		return nil, err
	}
	out := &Funnel{Region: r, Period: sum.Period, Today: today, Summary: sum, Deadlines: rules, Filter: f, OverdueOf: map[string]domain.Overdue{}}
	out.Stages, out.Terminated = Stages(ls)
	board := map[string]*BoardRow{}
	for _, t := range sum.ByTeam {
		board[t.Team] = &BoardRow{Team: t.Team, Projects: t.Projects, Investment: t.Investment}
	}
	for _, l := range ls {
		out.SampleLeads = out.SampleLeads || l.Sample
		b := board[l.Team]
		if b == nil {
			b = &BoardRow{Team: l.Team}
			board[l.Team] = b
		}
		if l.Stage != domain.LeadTerminated {
			b.Leads++
		}
		if rule, ok := domain.DeadlineFor(rules, l); ok {
			if od, late := l.OverdueOn(rule, today); late {
				b.Overdue++
				out.OverdueOf[l.Code] = od
				out.Overdue = append(out.Overdue, OverdueLead{Lead: l, Overdue: od})
			}
		}
		_, late := out.OverdueOf[l.Code]
		if (f.Team == "" || f.Team == l.Team) && (f.Stage == "" || f.Stage == string(l.Stage)) &&
			(f.Source == "" || f.Source == l.SourceRegion) && (!f.Overdue || late) {
			out.Leads = append(out.Leads, l)
		}
	}
	for _, b := range board {
		out.Board = append(out.Board, *b)
		out.Teams = append(out.Teams, b.Team)
	}
	sort.Slice(out.Board, func(i, j int) bool {
		a, b := out.Board[i], out.Board[j]
		if a.Projects != b.Projects {
			return a.Projects > b.Projects
		}
		if a.Investment != b.Investment {
			return a.Investment > b.Investment
		}
		return a.Team < b.Team
	})
	sort.Strings(out.Teams)
	sort.Slice(out.Overdue, func(i, j int) bool { return out.Overdue[i].Overdue.Days > out.Overdue[j].Overdue.Days })
	return out, nil
}

// reached reports whether l reached stage st: its current stage is at or past it, or (a 终止
// lead) it has the date of st or of a later stage.
func reached(l domain.Lead, st domain.LeadStage) bool {
	if l.Stage != domain.LeadTerminated {
		return l.Stage.AtOrPast(st)
	}
	for _, x := range domain.LeadStages[st.Index():] {
		if l.StageDates[x] != "" {
			return true
		}
	}
	return st == domain.LeadNew // every lead was a lead
}

// Stages computes the funnel of ls and the number of 终止 leads.
func Stages(ls []domain.Lead) ([]StageRow, int) {
	rows := make([]StageRow, len(domain.LeadStages))
	terminated := 0
	days := make([][]float64, len(domain.LeadStages))
	for _, l := range ls {
		if l.Stage == domain.LeadTerminated {
			terminated++
		}
		for i, st := range domain.LeadStages {
			if reached(l, st) {
				rows[i].Count++
				rows[i].Investment += l.Investment
			}
			if i > 0 {
				a, b := l.StageDates[domain.LeadStages[i-1]], l.StageDates[st]
				if domain.ValidDate(a) && domain.ValidDate(b) {
					days[i] = append(days[i], float64(domain.DayNumber(b)-domain.DayNumber(a)))
				}
			}
		}
	}
	for i, st := range domain.LeadStages {
		rows[i].Stage = st
		rows[i].Investment = pace.RoundTo(rows[i].Investment, 2)
		if i > 0 && rows[i-1].Count > 0 {
			rows[i].Conversion = domain.F(pace.RoundTo(float64(rows[i].Count)/float64(rows[i-1].Count)*100, 1))
		}
		if len(days[i]) > 0 {
			rows[i].MedianDays = domain.F(median(days[i]))
		}
	}
	return rows, terminated
}

func median(xs []float64) float64 {
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// ExportHeader is the header of an exported leads sheet: the columns of a leads file, so the
// sheet imports back.
func ExportHeader() []any {
	var h []any
	for _, c := range append(append([]string{}, Required...), Optional...) {
		h = append(h, c)
	}
	return h
}

// ExportRow is a lead as a row under ExportHeader.
func ExportRow(l domain.Lead) []any {
	sample := ""
	if l.Sample {
		sample = "示例"
	}
	d := func(st domain.LeadStage) string { return l.StageDates[st] }
	return []any{l.Code, l.Name, string(l.Stage), l.Investment, l.Industry, l.SourceRegion, l.Team, l.RegionCode, l.SignedDate,
		l.ReceivedDate, l.RespondedDate, l.AssessedDate, l.FeedbackDate, d(domain.LeadTalks), d(domain.LeadRegistered),
		d(domain.LeadLand), d(domain.LeadStarted), d(domain.LeadProducing), d(domain.LeadTerminated), l.TerminateReason, l.ProjectCode, sample}
}
