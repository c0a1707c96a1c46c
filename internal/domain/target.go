package domain

import "strconv"

// Validate checks a target against its indicator: a value or a growth (not neither), a value
// above 0, a growth above -100, and no value target on a growth-only (rate) indicator, whose
// total is never published at this level. Every entry point — the targets form, the long-format
// import, the bulletin import, the API — calls it. The error is a *FieldError naming the field
// ("value" or "growth"): the first rule broken; Problems lists them all.
func (t Target) Validate(ind Indicator) error {
	ps := t.Problems(ind)
	if len(ps) == 0 {
		return nil
	}
	return ps[0]
}

// Problems returns every rule t breaks, in the order value, growth, kind.
func (t Target) Problems(ind Indicator) []*FieldError {
	if t.Value == nil && t.Growth == nil {
		return []*FieldError{fieldError("value", "goals.target.empty", "goals.target.expected.empty")}
	}
	var out []*FieldError
	if t.Value != nil && *t.Value <= 0 {
		out = append(out, fieldError("value", "goals.target.value_positive", "goals.target.expected.value_positive", figureText(t.Value)))
	}
	if t.Growth != nil && *t.Growth <= -100 {
		out = append(out, fieldError("growth", "goals.target.growth_range", "goals.target.expected.growth_range", figureText(t.Growth)))
	}
	if ind.Kind == KindRate && t.Value != nil {
		out = append(out, fieldError("value", "goals.target.rate_value", "goals.target.expected.rate_value", figureText(t.Value)))
	}
	return out
}

func figureText(v *float64) string { return strconv.FormatFloat(*v, 'f', -1, 64) }
