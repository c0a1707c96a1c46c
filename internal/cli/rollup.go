package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"pacer/internal/display"
	"pacer/internal/locale"
	"pacer/internal/scorecard"
)

// pacer rollup --region PARENT --period YYYY-MM [--counties] [--json]: a prefecture's (or a
// province's) regions side by side, the parent against the sum of its regions, and who has not
// submitted or approved the period.
func runRollup(ctx context.Context, env Env, args []string) error {
	l := lang(env)
	fs, db := flags(env, "rollup")
	region := fs.String("region", "", locale.T(l, "cli.flag.region"))
	period := fs.String("period", "", locale.T(l, "cli.flag.period"))
	counties := fs.Bool("counties", false, locale.T(l, "cli.flag.counties"))
	asJSON := fs.Bool("json", false, locale.T(l, "cli.flag.json"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *region == "" || *period == "" {
		return misuse("cli.ru.required")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	ru, err := scorecard.New(s).Rollup(ctx, scorecard.RollupQuery{Parent: *region, Period: *period, Counties: *counties})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, ru.In(l))
	}
	writeRollup(env.Stdout, ru, l)
	return nil
}

func writeRollup(w io.Writer, ru *scorecard.Rollup, l string) {
	fmt.Fprint(w, locale.T(l, "cli.ru.title", ru.Parent.Name, ru.Parent.Code, ru.Period, ru.TimeProgress, len(ru.Children))+"\n")
	sample := false
	for _, line := range ru.Indicators {
		name := line.Name
		if l == "en" && line.NameEN != "" {
			name = line.NameEN
		}
		at := display.Absent
		if line.Period != nil {
			at = *line.Period
		}
		fmt.Fprintf(w, "\n%s（%s）%s\n", name, line.Unit, at)
		rows := [][]string{{locale.T(l, "cli.ru.col.region"), locale.T(l, "cli.sc.col.value"), locale.T(l, "cli.sc.col.growth"),
			locale.T(l, "cli.sc.col.rank"), locale.T(l, "cli.sc.tier.assigned"), locale.T(l, "cli.sc.tier.stretch")}}
		for i, c := range line.Cells {
			name := ru.Children[i].Name
			if c.Sample {
				name += "*"
				sample = true
			}
			value := locale.T(l, "rollup.missing")
			if c.Period != nil {
				value = display.Value(c.Value, line.Precision)
				if *c.Period != at {
					value += " (" + *c.Period + ")"
				}
			}
			rank := display.Absent
			if c.Rank != nil {
				rank = strconv.Itoa(*c.Rank)
			}
			tiers := map[string]string{}
			for _, t := range c.Targets {
				tiers[t.Tier] = rollupTierText(t, l, line.Precision) + " " + locale.T(l, "cli.sc.status."+statusOr(t.Status))
			}
			rows = append(rows, []string{name, value, display.Growth(c.Growth), rank, tiers["assigned"], tiers["stretch"]})
		}
		writeTable(w, rows, map[int]bool{1: true, 2: true, 3: true})
	}

	fmt.Fprint(w, "\n"+locale.T(l, "cli.ru.whole")+"\n")
	rows := [][]string{strings.Split(locale.T(l, "cli.ru.whole.col"), "|")}
	for _, line := range ru.Indicators {
		if line.Whole == nil {
			continue
		}
		wh := line.Whole
		at := display.Absent
		if line.Period != nil {
			at = *line.Period
		}
		rows = append(rows, []string{line.Name, line.Unit, at, display.Value(wh.Value, line.Precision), display.Growth(wh.Growth),
			display.Value(wh.Sum, line.Precision), display.Growth(wh.SumGrowth), display.Signed(wh.Difference, line.Precision),
			display.PP(wh.GrowthDiffPP), fmt.Sprintf("%d/%d", wh.Reported, wh.Children)})
	}
	writeTable(w, rows, map[int]bool{3: true, 4: true, 5: true, 6: true, 7: true, 8: true})

	fmt.Fprint(w, "\n"+locale.T(l, "cli.ru.round")+"\n")
	rows = [][]string{strings.Split(locale.T(l, "cli.ru.round.col"), "|")}
	for _, r := range ru.Round {
		state := r.PeriodState
		if state == "" {
			state = "none"
		}
		var owed []string
		for _, o := range r.Owed {
			owed = append(owed, locale.T(l, "rollup.round.item", o.UnitName, o.IndicatorName, locale.T(l, "rollup.round.state."+o.State)))
		}
		rows = append(rows, []string{r.Region.Name, locale.T(l, "rollup.period_state."+state), strconv.Itoa(r.Assignments),
			strconv.Itoa(r.Done), strconv.Itoa(r.Submitted), strconv.Itoa(r.Missing), strings.Join(owed, locale.T(l, "display.list_sep"))})
	}
	writeTable(w, rows, map[int]bool{2: true, 3: true, 4: true, 5: true})
	if sample {
		fmt.Fprintln(w, "\n"+locale.T(l, "cli.sc.sample"))
	}
}

// rollupTierText is a region against one tier: completion, else the gap to the growth target
// (个百分点), else a level's gap.
func rollupTierText(t scorecard.RollupTier, l string, precision int) string {
	switch {
	case t.Completion != nil:
		return display.Percent(t.Completion) + "%"
	case t.GrowthGapPP != nil:
		return display.PP(t.GrowthGapPP) + locale.T(l, "dash.pp")
	case t.LevelGap != nil:
		return display.Signed(t.LevelGap, precision)
	}
	return display.Absent
}

func statusOr(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
