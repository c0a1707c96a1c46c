package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"pacer/internal/display"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/scorecard"
)

func runScorecard(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "scorecard")
	region := fs.String("region", "", locale.T(lang(env), "cli.flag.region"))
	period := fs.String("period", "", locale.T(lang(env), "cli.flag.period"))
	asJSON := fs.Bool("json", false, locale.T(lang(env), "cli.flag.json"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *region == "" || *period == "" {
		return misuse("cli.sc.required")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	sc, err := scorecard.New(s).Scorecard(ctx, *region, *period)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, sc.In(lang(env)))
	}
	writeScorecard(env.Stdout, sc, lang(env))
	return nil
}

// columns are the headings of a table: the catalogue entries prefix+name, in lang.
func columns(lang, prefix string, names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = locale.T(lang, prefix+n)
	}
	return out
}

func writeScorecard(w io.Writer, sc *scorecard.Scorecard, lang string) {
	fmt.Fprint(w, locale.T(lang, "cli.sc.title", sc.Region.Name, sc.Region.Code, sc.Period, sc.TimeProgress)+"\n\n")
	rows := [][]string{columns(lang, "cli.sc.col.", "indicator", "unit", "period", "value", "growth", "rank", "tier", "target",
		"target_growth", "completion", "time_progress", "gap", "required", "status")}
	sample := false
	for _, l := range sc.Indicators {
		name := l.Name
		if lang == "en" && l.NameEN != "" { // the indicator's English name, a data value
			name = l.NameEN
		}
		if l.Sample {
			name += "*"
			sample = true
		}
		period := display.Absent
		if l.Period != nil {
			period = *l.Period
			if m, err := strconv.Atoi((*l.Period)[5:]); err == nil && l.Stale { // a later figure was due: say up to when this one runs
				period = locale.T(lang, "cli.sc.as_of", period, m)
			}
		}
		prec := l.Precision
		rank := display.Rank(lang, l.Rank, l.Peers)
		growth := display.Growth(l.Growth)
		if l.GrowthComputed {
			growth += "~"
		}
		base := []string{name, l.Unit, period, display.Value(l.Value, prec), growth, rank}
		if len(l.Targets) == 0 {
			rows = append(rows, append(base, display.Absent, "", "", "", "", "", "", "—"))
			continue
		}
		for i, t := range l.Targets {
			if i > 0 {
				base = []string{"", "", "", "", "", ""}
			}
			tier := locale.T(lang, "cli.sc.tier."+t.Tier)
			if t.Sample {
				tier += "*"
				sample = true
			}
			status := locale.T(lang, "cli.sc.status."+t.Status)
			gap := display.PP(t.GapPP)
			if t.GapPP == nil && t.LevelGap != nil { // a level: its gap to the bound, in its unit
				gap = display.Value(t.LevelGap, prec)
				if pace.RoundTo(*t.LevelGap, prec) > 0 {
					gap = "+" + gap
				}
			}
			required := display.Growth(t.RequiredGrowth)
			if t.RequiredGrowth != nil && t.RequiredGrowthBound != nil && *t.RequiredGrowthBound == pace.BoundMax {
				required = "≤" + required // the most the rest of the year may grow
			}
			rows = append(rows, append(base, tier, display.Value(t.TargetValue, prec), display.Growth(t.TargetGrowth),
				display.Percent(t.Completion), display.Percent(t.TimeProgress), gap, required, status))
		}
	}
	writeTable(w, rows, map[int]bool{3: true, 4: true, 5: true, 7: true, 8: true, 9: true, 10: true, 11: true, 12: true})
	if sample {
		fmt.Fprintln(w, "\n"+locale.T(lang, "cli.sc.sample"))
	}
}

func runRanking(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "ranking")
	parent := fs.String("parent", "", locale.T(lang(env), "cli.flag.parent"))
	indicator := fs.String("indicator", "", locale.T(lang(env), "cli.flag.indicator"))
	period := fs.String("period", "", locale.T(lang(env), "cli.flag.period"))
	by := fs.String("by", "growth", locale.T(lang(env), "cli.flag.by"))
	asJSON := fs.Bool("json", false, locale.T(lang(env), "cli.flag.json"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *parent == "" || *indicator == "" || *period == "" {
		return misuse("cli.rk.required")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	rk, err := scorecard.New(s).Ranking(ctx, *parent, *indicator, *period, *by)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, rk)
	}
	l := lang(env)
	fmt.Fprint(env.Stdout, locale.T(l, "cli.rk.title", rk.Name, rk.Unit, rk.Period, rk.Parent.Name, locale.Key("cli.rk.by."+rk.By), len(rk.Rows), rk.Peers)+"\n\n")
	rows := [][]string{columns(l, "cli.rk.col.", "rank", "code", "region", "value", "growth")}
	for _, r := range rk.Rows {
		name := r.Name
		if r.Sample {
			name += "*"
		}
		rows = append(rows, []string{strconv.Itoa(r.Rank), r.Code, name, display.Value(r.Value, rk.Precision), display.Growth(r.Growth)})
	}
	writeTable(env.Stdout, rows, map[int]bool{0: true, 3: true, 4: true})
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
