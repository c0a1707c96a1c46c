package cli

import (
	"context"
	"fmt"
	"strconv"

	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/plans"
	"pacer/internal/scorecard"
)

// pacer goal add|list: long-range goals and their benchmark thresholds (data with a source;
// 示例 when --sample), measured from the latest full year.
func runGoal(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		return misuse("cli.usage.goal")
	}
	sub, args := args[0], args[1:]
	l := lang(env)
	fs, db := flags(env, "goal "+sub)
	region := fs.String("region", "", locale.T(l, "cli.flag.region"))
	var goal, name, indicator, source *string
	var year *int
	var value, growth *float64
	var sample *bool
	if sub == "add" {
		goal = fs.String("goal", "", locale.T(l, "cli.goal.flag.goal"))
		name = fs.String("name", "", locale.T(l, "cli.goal.flag.name"))
		indicator = fs.String("indicator", "", locale.T(l, "cli.flag.indicator"))
		year = fs.Int("year", 0, locale.T(l, "cli.goal.flag.year"))
		value = fs.Float64("value", 0, locale.T(l, "cli.goal.flag.value"))
		growth = fs.Float64("threshold-growth", 0, locale.T(l, "cli.goal.flag.threshold_growth"))
		source = fs.String("source", "", locale.T(l, "cli.plan.flag.source"))
		sample = fs.Bool("sample", false, locale.T(l, "cli.plan.flag.sample"))
	}
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 || *region == "" {
		return misuse("cli.usage.goal")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	w := plans.New(s, scorecard.New(s))
	if sub == "add" {
		b, err := w.SaveBenchmark(ctx, domain.Actor{Username: actor()}, domain.Benchmark{RegionCode: *region, Goal: *goal, Name: *name,
			IndicatorCode: *indicator, Year: *year, Value: *value, ThresholdGrowth: *growth, Source: *source, Sample: *sample})
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.goal.saved", b.Name, b.Revision))
		return nil
	}
	lr, err := w.LongRange(ctx, *region)
	if err != nil {
		return err
	}
	rows := [][]string{columns(l, "plans.goal.col.", "goal", "name", "year", "threshold", "current", "gap", "needed", "reached", "source")}
	sampleSeen := false
	for _, r := range lr.Rows {
		prec := r.Indicator.Precision
		th := r.Value
		name := r.Name
		if r.Sample {
			name += "*"
			sampleSeen = true
		}
		reached := display.Absent
		if r.ReachedYear != nil {
			reached = strconv.Itoa(*r.ReachedYear)
		} else if why := r.ReasonText(l, "reached_year"); why != "" {
			reached = why
		}
		cur := display.Absent
		if r.Current != nil {
			cur = display.Value(r.Current, prec) + " (" + strconv.Itoa(r.FromYear) + ")"
		}
		rows = append(rows, []string{r.Goal, name, strconv.Itoa(r.Year), display.Value(&th, prec), cur, display.Value(r.Gap, prec),
			display.Growth(r.NeededGrowth), reached, r.Source})
	}
	writeTable(env.Stdout, rows, map[int]bool{3: true, 4: true, 5: true, 6: true})
	if sampleSeen {
		fmt.Fprintln(env.Stdout, "\n"+locale.T(l, "cli.sc.sample"))
	}
	return nil
}
