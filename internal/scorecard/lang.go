package scorecard

import (
	"maps"
	"slices"

	"pacer/internal/locale"
)

// In returns a copy of sc with every reason rendered in lang (the reasons the package builds are
// catalogue keys; see package locale). sc itself is left as it is, so a cached scorecard serves
// every language.
func (sc *Scorecard) In(lang string) *Scorecard {
	if sc == nil {
		return nil
	}
	out := *sc
	out.Indicators = slices.Clone(sc.Indicators)
	for i := range out.Indicators {
		l := &out.Indicators[i]
		l.Reasons = render(lang, l.Reasons)
		l.Targets = slices.Clone(l.Targets)
		for j := range l.Targets {
			l.Targets[j].Reasons = render(lang, l.Targets[j].Reasons)
		}
	}
	return &out
}

// render returns a copy of reasons with each key rendered in lang.
func render(lang string, reasons map[string]string) map[string]string {
	if reasons == nil {
		return nil
	}
	out := maps.Clone(reasons)
	for field, key := range out {
		out[field] = locale.T(lang, key)
	}
	return out
}
