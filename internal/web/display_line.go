package web

import (
	"strings"

	"pacer/internal/display"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/scorecard"
)

// How a scorecard line reads on every page (DESIGN.md §4a): a stale figure's status in grey as
// 截至X月, a level's gap and change in its unit, a ceiling's 需增速 as a maximum, both required
// growths of a tier with their price basis, and the reason where a figure is absent.

// dashReq is one required growth in words, with its price basis ("" when it needs none).
type dashReq struct {
	Basis, Text string
	G           *float64 // the growth, percent
	From        string   // the target it comes from: pace.FromValue or pace.FromGrowth
}

// dashAsOf is "截至6月" ("as of Jun") for a stale line's period, "" for a fresh one.
func dashAsOf(lang string, l scorecard.Line) string {
	if !l.Stale || l.Period == nil {
		return ""
	}
	p, err := pace.ParsePeriod(*l.Period)
	if err != nil {
		return ""
	}
	return locale.T(lang, "display.as_of", dashMonth(lang, p.Month))
}

// dashStatusText is a status as shown: 红/黄/绿, and a stale figure as 截至X月.
func dashStatusText(lang, status, asOf string) string {
	if status == string(pace.StatusStale) && asOf != "" {
		return asOf
	}
	return dashKey(lang, "status.", dashStatus(status))
}

// dashInUnit writes a signed number in a unit: "+0.2个百分点" for %, "-0.0012吨标准煤/万元".
func dashInUnit(lang string, v *float64, precision int, unit string) string {
	if v == nil {
		return ""
	}
	u := dashUnit(lang, unit)
	if unit == "%" {
		u = locale.T(lang, "dash.pp")
	}
	return locale.T(lang, "display.in_unit", display.Signed(v, precision), u)
}

// dashMoney: the indicator's values are money (亿元, 万元, 元 — not 吨标准煤/万元), so a growth
// required of them is at current prices (现价).
func dashMoney(l scorecard.Line) bool {
	return strings.HasSuffix(l.Unit, "元") && !strings.Contains(l.Unit, "/")
}

// dashReasons renders the reasons (catalogue keys) of the fields that are absent, once each,
// leaving out "no target" (the target column already says it).
func dashReasons(lang string, reasons map[string]string, fields ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range fields {
		k := reasons[f]
		if k == "" || k == pace.ErrNoTarget.Error() || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, locale.T(lang, k))
	}
	return out
}

// dashTierNotes says why a tier shows no completion or no 需增速; nothing for a line without a
// figure, which shows none at all.
func dashTierNotes(lang string, l scorecard.Line, t scorecard.TierLine) []string {
	if l.Period == nil {
		return nil
	}
	var fields []string
	if t.Completion == nil {
		fields = append(fields, "completion")
	}
	if t.RequiredGrowth == nil {
		fields = append(fields, "required_growth")
	}
	return dashReasons(lang, t.Reasons, fields...)
}

// dashTargetText writes a tier's target the way the goal is spoken: "500亿元", "8%", for a
// lower-is-better indicator "不超过108万吨标准煤", "下降3%", and for a level that should be high
// "不低于60%".
func dashTargetText(lang string, t scorecard.TierLine, l scorecard.Line) string {
	down := l.Direction == "down"
	var val, gr string
	if t.TargetValue != nil {
		num, unit := dashNum(*t.TargetValue, l.Precision), dashUnit(lang, l.Unit)
		switch {
		case down:
			val = locale.T(lang, "display.target.cap", num, unit)
		case l.Kind == "level":
			val = locale.T(lang, "display.target.floor", num, unit)
		default:
			val = locale.T(lang, "dash.target.value", num, unit)
		}
	}
	if t.TargetGrowth != nil {
		g := *t.TargetGrowth
		switch {
		case down && g < 0:
			gr = locale.T(lang, "display.target.fall", dashGrowth(-g))
		case down:
			gr = locale.T(lang, "display.target.growth_cap", dashGrowth(g))
		case val != "":
			return locale.T(lang, "dash.target.both", val, dashGrowth(g))
		default:
			return locale.T(lang, "dash.target.growth", dashGrowth(g))
		}
	}
	switch {
	case val != "" && gr != "":
		return val + locale.T(lang, "display.list_sep") + gr
	case gr != "":
		return gr
	}
	return val
}

// dashRequiredLines writes a tier's required growths in words, the binding one first: "下半年需
// 增长10.9%才能完成全年8%目标" (a minimum), "下半年增速不超过6.0%才能控制在全年108万吨标准煤以内"
// (a maximum). Each carries its price basis where it matters: 可比价 for growth at comparable
// prices, 现价 for money at current prices; a count or a physical quantity has none. None when
// the binding one cannot be computed (a partial answer would understate what is needed), and
// none for a December figure: the year has passed.
func dashRequiredLines(lang string, month int, t scorecard.TierLine, l scorecard.Line) []dashReq {
	if t.RequiredGrowth == nil || month < 1 || month > 11 {
		return nil
	}
	type cand struct {
		from  string
		g     *float64
		basis *string
	}
	value := cand{pace.FromValue, t.RequiredGrowthValue, t.RequiredGrowthValueBasis}
	growth := cand{pace.FromGrowth, t.RequiredGrowthGrowth, t.RequiredGrowthGrowthBasis}
	cands := []cand{value, growth}
	if t.RequiredGrowthFrom != nil && *t.RequiredGrowthFrom == pace.FromGrowth {
		cands = []cand{growth, value}
	}
	if value.g == nil && growth.g == nil { // only the binding one is known
		from := pace.FromValue
		if t.RequiredGrowthFrom != nil {
			from = *t.RequiredGrowthFrom
		}
		cands = []cand{{from, t.RequiredGrowth, t.PriceBasis}}
	}
	max := t.RequiredGrowthBound != nil && *t.RequiredGrowthBound == pace.BoundMax
	var out []dashReq
	for _, c := range cands {
		if c.g == nil {
			continue
		}
		r := dashReq{Text: dashRequired(lang, month, *c.g, max, dashGoalText(lang, t, l, c.from)), G: c.g, From: c.from}
		if c.basis != nil && (*c.basis == pace.BasisComparable || dashMoney(l)) {
			r.Basis = locale.T(lang, "display.basis."+*c.basis)
		}
		out = append(out, r)
	}
	return out
}

// dashGoal is the target a required growth comes from, as its sentence names it.
type dashGoal struct {
	Text string
	Fall bool // a decline to reach (下降3%): "实现全年下降3%目标", not "控制在…以内"
}

func dashGoalText(lang string, t scorecard.TierLine, l scorecard.Line, from string) dashGoal {
	if from == pace.FromGrowth && t.TargetGrowth != nil {
		g := *t.TargetGrowth
		switch {
		case l.Direction == "down" && g < 0:
			return dashGoal{Text: locale.T(lang, "display.target.fall", dashGrowth(-g)), Fall: true}
		case l.Direction == "down":
			return dashGoal{Text: locale.T(lang, "display.target.growth_plain", dashGrowth(g))}
		}
		return dashGoal{Text: locale.T(lang, "dash.target.growth", dashGrowth(g))}
	}
	if t.TargetValue != nil {
		return dashGoal{Text: locale.T(lang, "dash.target.value", dashNum(*t.TargetValue, l.Precision), dashUnit(lang, l.Unit))}
	}
	return dashGoal{}
}

// dashRequired writes one 需增速 in words: a minimum "下半年需增长10.9%才能完成全年8%目标", or a
// maximum "下半年增速不超过6.0%才能控制在全年108万吨标准煤以内".
func dashRequired(lang string, month int, g float64, max bool, goal dashGoal) string {
	var rest string
	switch {
	case month == 6:
		rest = locale.T(lang, "dash.rest.h2")
	case month == 9:
		rest = locale.T(lang, "dash.rest.q4")
	case month == 11:
		rest = locale.T(lang, "dash.rest.month")
	default:
		rest = locale.T(lang, "dash.rest.months", 12-month)
	}
	shown := pace.RoundTo(g, 1)
	switch {
	case max && shown < 0:
		fall := -g
		key := "display.required.max_fall"
		if goal.Fall {
			key = "display.required.fall_goal"
		}
		return locale.T(lang, key, rest, display.Growth(&fall), goal.Text)
	case max:
		key := "display.required.max"
		if goal.Fall {
			key = "display.required.max_goal"
		}
		return locale.T(lang, key, rest, display.Growth(&g), goal.Text)
	case shown <= 0:
		return locale.T(lang, "dash.required.met", rest, display.Growth(&g), goal.Text)
	}
	return locale.T(lang, "dash.required", rest, display.Growth(&g), goal.Text)
}

// dashGrowth writes a target growth rate at the published precision of growth ("6.0", never
// "6"), as the figures beside it are written.
func dashGrowth(g float64) string { return display.Growth(&g) }
