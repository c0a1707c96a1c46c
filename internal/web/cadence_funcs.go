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
		// cdPct is a percentage for a bar's width: 0 to 100.
		"cdPct": func(p *float64) float64 {
			if p == nil || *p < 0 {
				return 0
			}
			return min(*p, 100)
		},
	}
}
