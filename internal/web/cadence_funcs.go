package web

import (
	"html/template"
	"strings"

	"pacer/internal/cadence"
	"pacer/internal/scorecard"
)

// cadenceFuncs are the template functions of the cadence's pages (dispatch, follow-ups,
// assessment, display).
func cadenceFuncs(string) template.FuncMap {
	return template.FuncMap{
		"cdInc":    func(i int) int { return i + 1 },
		"cdJoin":   func(s []string, sep string) string { return strings.Join(s, sep) },
		"cdDirs":   func() []string { return []string{"up", "down"} },
		"cdTier":   func(l scorecard.Line) *scorecard.TierLine { return cadence.PrimaryTier(l) },
		"cdStatus": func(l scorecard.Line) string { return cadence.StatusOf(l) },
		"cdBars":   cadenceBars,
		// cdPct is a percentage for a bar's width: 0 to 100.
		"cdPct": func(p *float64) float64 {
			if p == nil || *p < 0 {
				return 0
			}
			return min(*p, 100)
		},
	}
}

// cadenceBar is one bar of an agenda item's chart on the display.
type cadenceBar struct {
	Key   string   // catalogue key of its label
	Value *float64 // percent
	Width float64  // percent of the chart's width
}

// cadenceBars is the growth chart of an indicator on the display: its growth, its target's
// growth and the growth it needs for the rest of the year, scaled to the largest.
func cadenceBars(l scorecard.Line) []cadenceBar {
	t := cadence.PrimaryTier(l)
	if t == nil {
		return nil
	}
	var bars []cadenceBar
	for _, b := range []cadenceBar{{"cadence.display.bar_growth", l.Growth, 0}, {"cadence.display.bar_target", t.TargetGrowth, 0},
		{"cadence.display.bar_required", t.RequiredGrowth, 0}} {
		if b.Value != nil {
			bars = append(bars, b)
		}
	}
	top := 0.0
	for _, b := range bars {
		top = max(top, *b.Value)
	}
	if len(bars) < 2 || top <= 0 {
		return nil
	}
	for i := range bars {
		bars[i].Width = max(0, *bars[i].Value) / top * 100
	}
	return bars
}
