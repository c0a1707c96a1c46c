package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"pacer/internal/display"
	"pacer/internal/pace"
	"pacer/internal/scorecard"
)

func runScorecard(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "scorecard")
	region := fs.String("region", "", "region code (GB/T 2260), e.g. 440784")
	period := fs.String("period", "", "period YYYY-MM, cumulative from January")
	asJSON := fs.Bool("json", false, "write JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *region == "" || *period == "" {
		return usageError{"--region and --period are required"}
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
	writeScorecard(env.Stdout, sc, lang(env) == "en")
	return nil
}

var statusZH = map[string]string{"green": "绿", "yellow": "黄", "red": "红", "none": "—", "stale": "未报"}
var tierZH = map[string]string{"assigned": "下达", "stretch": "自我加压"}

func writeScorecard(w io.Writer, sc *scorecard.Scorecard, en bool) {
	if en {
		fmt.Fprintf(w, "%s (%s) %s — time progress %.1f%%\n\n", sc.Region.Name, sc.Region.Code, sc.Period, sc.TimeProgress)
	} else {
		fmt.Fprintf(w, "%s（%s）%s  时序进度 %.1f%%\n\n", sc.Region.Name, sc.Region.Code, sc.Period, sc.TimeProgress)
	}
	head := []string{"指标", "单位", "期别", "累计值", "增速%", "排名", "目标", "目标值", "目标增速%", "完成率%", "时序进度%", "差距", "需增速%", "状态"}
	if en {
		head = []string{"indicator", "unit", "period", "value", "growth%", "rank", "tier", "target", "target g%", "completion%", "time%", "gap", "required g%", "status"}
	}
	rows := [][]string{head}
	sample := false
	for _, l := range sc.Indicators {
		name := l.Name
		if en && l.NameEN != "" {
			name = l.NameEN
		}
		if l.Sample {
			name += "*"
			sample = true
		}
		period := display.Absent
		if l.Period != nil {
			period = *l.Period
			if l.Stale { // a later figure was due: say up to when this one runs
				if en {
					period = "as of " + period
				} else if m, err := strconv.Atoi((*l.Period)[5:]); err == nil {
					period = "截至" + strconv.Itoa(m) + "月"
				}
			}
		}
		prec := l.Precision
		rank := display.Absent
		if l.Rank != nil {
			rank = strconv.Itoa(*l.Rank) + "/" + strconv.Itoa(l.Peers)
		}
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
			tier := tierZH[t.Tier]
			if en {
				tier = t.Tier
			}
			if t.Sample {
				tier += "*"
				sample = true
			}
			status := statusZH[t.Status]
			if en {
				status = t.Status
			}
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
		if en {
			fmt.Fprintln(w, "\n* includes sample figures (示例), not official statistics")
		} else {
			fmt.Fprintln(w, "\n* 含示例数据（示例），非官方统计数")
		}
	}
}

func runRanking(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "ranking")
	parent := fs.String("parent", "", "parent region code, e.g. 440700 (a province ranks its county-level units; CN ranks all)")
	indicator := fs.String("indicator", "", "indicator code, e.g. retail")
	period := fs.String("period", "", "period YYYY-MM")
	by := fs.String("by", "growth", "growth or value")
	asJSON := fs.Bool("json", false, "write JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *parent == "" || *indicator == "" || *period == "" {
		return usageError{"--parent, --indicator and --period are required"}
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
	en := lang(env) == "en"
	if en {
		fmt.Fprintf(env.Stdout, "%s (%s) %s, %s, by %s — %d of %d ranked\n\n", rk.Name, rk.Unit, rk.Period, rk.Parent.Name, rk.By, len(rk.Rows), rk.Peers)
	} else {
		byZH := map[string]string{"growth": "增速", "value": "数值"}[rk.By]
		fmt.Fprintf(env.Stdout, "%s（%s）%s  %s 按%s排名  %d/%d 个地区有数\n\n", rk.Name, rk.Unit, rk.Period, rk.Parent.Name, byZH, len(rk.Rows), rk.Peers)
	}
	rows := [][]string{{"排名", "代码", "地区", "累计值", "增速%"}}
	if en {
		rows[0] = []string{"rank", "code", "region", "value", "growth%"}
	}
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
