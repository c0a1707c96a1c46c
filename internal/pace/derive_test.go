package pace

import "testing"

func TestDerive(t *testing.T) {
	tests := []struct {
		name                           string
		fig                            Figures
		growth, baseYTD, tp, projected *float64
		computed, implied, fallback    bool
		reasons                        map[string]string
	}{
		{
			name:   "published growth wins over computing it",
			fig:    Figures{Month: 6, Value: f(80), Growth: f(12.5), BaseYTD: f(70), BaseYear: f(154)},
			growth: f(12.5), baseYTD: f(70), tp: f(50), projected: f(176),
			reasons: map[string]string{},
		},
		{
			name:   "growth computed from the stored base",
			fig:    Figures{Month: 6, Value: f(80), BaseYTD: f(70), BaseYear: f(154)},
			growth: f(14.29), baseYTD: f(70), tp: f(50), projected: f(176), computed: true,
			reasons: map[string]string{"growth": noteGrowthComputed.Error()},
		},
		{
			name:   "base implied from the published growth",
			fig:    Figures{Month: 6, Value: f(223.83), Growth: f(4.7), BaseYear: f(460)},
			growth: f(4.7), baseYTD: f(213.78), tp: f(50), projected: f(481.62), implied: true,
			reasons: map[string]string{"base_ytd": noteBaseImplied.Error()},
		},
		{
			name:   "seasonal time progress from last year's share",
			fig:    Figures{Month: 6, Value: f(80), BaseYTD: f(70), BaseYear: f(154), Seasonal: true},
			growth: f(14.29), baseYTD: f(70), tp: f(45.45), projected: f(176), computed: true,
			reasons: map[string]string{"growth": noteGrowthComputed.Error()},
		},
		{
			name:   "seasonal without a full-year base falls back to linear",
			fig:    Figures{Month: 7, Value: f(45), Growth: f(10), Seasonal: true},
			growth: f(10), baseYTD: f(40.91), tp: f(58.33), implied: true, fallback: true,
			reasons: map[string]string{
				"base_ytd":        noteBaseImplied.Error(),
				"time_progress":   noteLinearFallback.Error(),
				"projected_value": ErrNoBaseYear.Error(),
			},
		},
		{
			name: "a count with no history: nothing but linear progress",
			fig:  Figures{Month: 7, Value: f(45)},
			tp:   f(58.33),
			reasons: map[string]string{
				"growth":          ErrNoGrowth.Error(),
				"base_ytd":        ErrNoBase.Error(),
				"projected_value": ErrNoBaseYear.Error(),
			},
		},
		{
			name:    "no value: growth and projection absent, progress linear",
			fig:     Figures{Month: 3, BaseYTD: f(30), BaseYear: f(150)},
			baseYTD: f(30), tp: f(25),
			reasons: map[string]string{
				"growth":          ErrNoGrowth.Error(),
				"projected_value": ErrNoValue.Error(),
			},
		},
		{
			name: "a stored base of zero counts as not stored",
			fig:  Figures{Month: 6, Value: f(5), BaseYTD: f(0), BaseYear: f(10), Seasonal: true},
			tp:   f(50), fallback: true,
			reasons: map[string]string{
				"growth":          ErrNoGrowth.Error(),
				"base_ytd":        ErrNoBase.Error(),
				"time_progress":   noteLinearFallback.Error(),
				"projected_value": ErrNoBase.Error(),
			},
		},
		{
			name:   "December is the whole year in either mode",
			fig:    Figures{Month: 12, Value: f(480), Growth: f(4.2), BaseYear: f(460), Seasonal: true},
			growth: f(4.2), baseYTD: f(460.65), tp: f(100), projected: f(479.32), implied: true,
			reasons: map[string]string{"base_ytd": noteBaseImplied.Error()},
		},
		{
			name: "month out of range: no time progress",
			fig:  Figures{Month: 0, Value: f(1)},
			reasons: map[string]string{
				"growth":          ErrNoGrowth.Error(),
				"base_ytd":        ErrNoBase.Error(),
				"time_progress":   ErrBadPeriod.Error(),
				"projected_value": ErrNoBaseYear.Error(),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Derive(tt.fig)
			checkOptional(t, "growth", d.Growth, tt.growth)
			checkOptional(t, "base_ytd", d.BaseYTD, tt.baseYTD)
			checkOptional(t, "time_progress", d.TimeProgress, tt.tp)
			checkOptional(t, "projected_value", d.Projected, tt.projected)
			if d.GrowthComputed != tt.computed || d.BaseImplied != tt.implied || d.TimeProgressFallback != tt.fallback {
				t.Errorf("computed, implied, fallback: got %v, %v, %v, want %v, %v, %v",
					d.GrowthComputed, d.BaseImplied, d.TimeProgressFallback, tt.computed, tt.implied, tt.fallback)
			}
			checkReasons(t, d.Reasons, tt.reasons)
		})
	}
}

// checkOptional fails unless got and want are both nil or within a cent.
func checkOptional(t *testing.T, what string, got, want *float64) {
	t.Helper()
	switch {
	case want == nil && got != nil:
		t.Errorf("%s: got %v, want nil", what, *got)
	case want != nil:
		checkPtr(t, what, got, *want)
	}
}

func checkReasons(t *testing.T, got, want map[string]string) {
	t.Helper()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("reason %s: got %q, want %q", k, got[k], w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("reason %s: got %q, want none", k, g)
		}
	}
}
