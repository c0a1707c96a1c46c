package web

import "testing"

// The import preview shows a figure with its indicator's decimals: a whole number ending in 0
// (60, 40, 100) as 60.00 like 55 as 55.00 — not left as typed — and a figure typed with more
// decimals than the indicator's as typed.
func TestImportPreviewFigure(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		v, g *float64
		prec int
		want string
	}{
		{f(60), f(12), 2, "60.00 / 12%"},
		{f(40), nil, 2, "40.00 / —"},
		{f(100), nil, 2, "100.00 / —"},
		{f(55), nil, 2, "55.00 / —"},
		{f(130.4), f(7.5), 2, "130.40 / 7.5%"},
		{f(130.456), nil, 2, "130.456 / —"},
		{f(10), nil, 0, "10 / —"},
		{f(0), nil, 2, "0.00 / —"},
		{nil, f(8), 2, "— / 8%"},
	} {
		if got := impFigure(tc.v, tc.g, tc.prec); got != tc.want {
			t.Errorf("impFigure(%v, %v, %d): got %q, want %q", deref(tc.v), deref(tc.g), tc.prec, got, tc.want)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
