package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/leads"
	"pacer/internal/locale"
)

// pacer attraction summary|overdue|to-project: the attraction register through the leads
// workflow (the /attraction page shows the same).
func runAttraction(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return misuse("cli.usage.attraction")
	}
	sub, args := args[0], args[1:]
	l := lang(env)
	fs, db := flags(env, "attraction "+sub)
	region := fs.String("region", "", locale.T(l, "cli.flag.region"))
	period := fs.String("period", "", locale.T(l, "cli.flag.period"))
	asJSON := fs.Bool("json", false, locale.T(l, "cli.flag.json"))
	project := fs.String("project", "", locale.T(l, "attraction.flag.project"))
	today := fs.String("today", "", locale.T(l, "attraction.flag.today"))
	set := fs.String("set", "", locale.T(l, "attraction.flag.set"))
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch sub {
	case "summary", "overdue":
		if *region == "" || *period == "" {
			return misuse("attraction.cli.required")
		}
	case "to-project":
		if len(rest) != 1 || *project == "" {
			return misuse("cli.usage.attraction")
		}
	case "deadlines":
	default:
		return misuse("cli.usage.attraction")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	w := leads.New(s)
	switch sub {
	case "summary":
		sum, err := w.Summary(ctx, *region, *period)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(env.Stdout, sum)
		}
		writeAttraction(env, sum, l)
		return nil
	case "overdue":
		day := *today
		if day == "" {
			day = time.Now().Format("2006-01-02")
		}
		f, err := w.Funnel(ctx, *region, *period, day, leads.Filter{Overdue: true})
		if err != nil {
			return err
		}
		if *asJSON {
			type row struct {
				Code, Name, Team, Step, Due string
				Days                        int
			}
			out := []row{}
			for _, o := range f.Overdue {
				out = append(out, row{o.Code, o.Name, o.Team, o.Overdue.Step, o.Overdue.Due, o.Overdue.Days})
			}
			return writeJSON(env.Stdout, out)
		}
		rows := [][]string{columns(l, "attraction.col.", "code", "name", "team", "step", "due", "days")}
		for _, o := range f.Overdue {
			rows = append(rows, []string{o.Code, o.Name, o.Team, locale.T(l, "attraction.step."+o.Overdue.Step), o.Overdue.Due, strconv.Itoa(o.Overdue.Days)})
		}
		writeTable(env.Stdout, rows, map[int]bool{5: true})
		return nil
	}
	if sub == "deadlines" {
		by := domain.Actor{Username: actor(), Role: domain.RoleAnalyst}
		if *set != "" {
			rules, err := parseDeadlines(*set)
			if err != nil {
				return err
			}
			if err := w.SetDeadlines(ctx, by, rules); err != nil {
				return err
			}
		}
		rules, err := w.Deadlines(ctx)
		if err != nil {
			return err
		}
		for _, r := range rules {
			fmt.Fprintln(env.Stdout, locale.T(l, "attraction.deadline_rule", r.MinInvestment, r.RespondDays, r.AssessDays, r.FeedDays))
		}
		return nil
	}
	seed, err := w.ToProject(ctx, domain.Actor{Username: actor(), Role: domain.RoleAnalyst}, rest[0], *project)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.T(l, "attraction.cli.to_project", seed.LeadCode, seed.Code, money(seed.TotalInvestment)))
	return nil
}

func writeAttraction(env Env, sum *leads.Summary, l string) {
	fmt.Fprintln(env.Stdout, locale.T(l, "attraction.cli.title", sum.RegionName, sum.Region, sum.Period, sum.Projects, money(sum.Investment)))
	rows := [][]string{columns(l, "attraction.col.", "tier", "target_projects", "target_investment", "completion_projects", "completion_investment", "status")}
	pct := func(p *float64) string {
		if p == nil {
			return display.Absent
		}
		return strconv.FormatFloat(*p, 'f', 1, 64) + "%"
	}
	num := func(p *float64, isMoney bool) string {
		if p == nil {
			return display.Absent
		}
		if isMoney {
			return money(*p)
		}
		return strconv.FormatFloat(*p, 'f', 0, 64)
	}
	for _, t := range sum.Targets {
		rows = append(rows, []string{locale.T(l, "attraction.tier."+string(t.Tier)), num(t.Projects, false), num(t.Investment, true),
			pct(t.CompletionProjects), pct(t.CompletionInvestment), locale.T(l, "attraction.status."+string(t.Status))})
	}
	writeTable(env.Stdout, rows, map[int]bool{1: true, 2: true, 3: true, 4: true})
	fmt.Fprintln(env.Stdout)
	rows = [][]string{columns(l, "attraction.col.", "team", "projects", "investment")}
	for _, t := range sum.ByTeam {
		rows = append(rows, []string{t.Team, strconv.Itoa(t.Projects), money(t.Investment)})
	}
	writeTable(env.Stdout, rows, map[int]bool{1: true, 2: true})
	fmt.Fprintln(env.Stdout)
	rows = [][]string{columns(l, "attraction.col.", "source_region", "projects", "investment")}
	for _, t := range sum.BySourceRegion {
		rows = append(rows, []string{t.SourceRegion, strconv.Itoa(t.Projects), money(t.Investment)})
	}
	writeTable(env.Stdout, rows, map[int]bool{1: true, 2: true})
}

// parseDeadlines reads rules written MIN:RESPOND/ASSESS/FEEDBACK, comma-separated
// ("1:1/3/7,0:3/7/14": leads of 1亿 or more answered in 1 day, assessed in 3, fed back in 7).
func parseDeadlines(v string) ([]domain.LeadDeadline, error) {
	var out []domain.LeadDeadline
	for _, part := range strings.Split(v, ",") {
		var r domain.LeadDeadline
		if _, err := fmt.Sscanf(strings.TrimSpace(part), "%g:%d/%d/%d", &r.MinInvestment, &r.RespondDays, &r.AssessDays, &r.FeedDays); err != nil {
			return nil, misuse("attraction.cli.bad_set", part)
		}
		out = append(out, r)
	}
	return out, nil
}
