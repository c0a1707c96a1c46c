package pace

import "testing"

func defaults(fig Figures) Figures {
	fig.Tolerance, fig.GrowthTolerance, fig.GrowthDecimals = DefaultTolerance, DefaultGrowthTolerance, DefaultGrowthDecimals
	return fig
}

func TestEvaluateTierBothTargets(t *testing.T) {
	// Industrial investment at June: V 80 over B_ytd 70 (growth 14.29%), B_year 154, w = 0.4545.
	fig := defaults(Figures{Month: 6, Value: f(80), BaseYTD: f(70), BaseYear: f(154)})
	d := Derive(fig)
	tests := []struct {
		name            string
		target          TierTarget
		completion, gap float64
		growthGap       float64
		required        float64
		status          Status
	}{
		// Value target 150 needs −16.67%, growth target 20% needs 24.76%: the larger.
		// Completion 53.33 vs 50 is green, growth 14.3 vs 20.0 is red: the worse.
		{"growth target is the harder", TierTarget{Value: f(150), Growth: f(20)}, 53.33, 3.33, -5.7, 24.76, StatusRed},
		// Value target 185 needs 25.00%, growth target 14% needs 13.76%: the larger.
		// Completion 43.24 vs 50 is red, growth 14.3 vs 14.0 is green: the worse.
		{"value target is the harder", TierTarget{Value: f(185), Growth: f(14)}, 43.24, -6.76, 0.3, 25.00, StatusRed},
		// Completion 51.61 vs 50 green, growth 14.3 vs 15.0 yellow.
		{"yellow beats green", TierTarget{Value: f(155), Growth: f(15)}, 51.61, 1.61, -0.7, 15.60, StatusYellow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := EvaluateTier(fig, d, tt.target)
			checkPtr(t, "completion", r.Completion, tt.completion)
			checkPtr(t, "gap_pp", r.GapPP, tt.gap)
			checkPtr(t, "growth_gap_pp", r.GrowthGapPP, tt.growthGap)
			checkPtr(t, "required_growth", r.RequiredGrowth, tt.required)
			checkPtr(t, "time_progress", r.TimeProgress, 50)
			checkPtr(t, "projected_value", r.ProjectedValue, 176)
			if r.Status != tt.status {
				t.Errorf("status: got %q, want %q", r.Status, tt.status)
			}
			checkReasons(t, r.Reasons, map[string]string{})
		})
	}
}

func TestEvaluateTierGrowthOnly(t *testing.T) {
	// 规上工业增加值 at county level: growth only is published.
	fig := defaults(Figures{Month: 6, Growth: f(4.7)})
	r := EvaluateTier(fig, Derive(fig), TierTarget{Growth: f(5.0)})
	checkAbsent(t, "completion", r.Completion, r.Reasons, ErrNoTarget)
	checkPtr(t, "gap_pp", r.GapPP, -0.3)
	checkPtr(t, "growth_gap_pp", r.GrowthGapPP, -0.3)
	checkAbsent(t, "required_growth", r.RequiredGrowth, r.Reasons, ErrNoBaseYear)
	checkAbsent(t, "projected_value", r.ProjectedValue, r.Reasons, ErrNoValue)
	if r.Status != StatusYellow {
		t.Errorf("status: got %q, want yellow", r.Status)
	}

	// With last year's full-year figure and the value, the implied base gives the required growth.
	fig = defaults(Figures{Month: 6, Value: f(223.83), Growth: f(4.7), BaseYear: f(460)})
	r = EvaluateTier(fig, Derive(fig), TierTarget{Growth: f(8)})
	checkPtr(t, "required_growth", r.RequiredGrowth, 10.87)
	checkAbsent(t, "completion", r.Completion, r.Reasons, ErrNoTarget)
}

func TestEvaluateTierMissing(t *testing.T) {
	tests := []struct {
		name   string
		fig    Figures
		target TierTarget
		field  string
		want   error
		status Status
	}{
		{"December: nothing of the year remains",
			Figures{Month: 12, Value: f(470), Growth: f(5), BaseYTD: f(447), BaseYear: f(447)},
			TierTarget{Value: f(480), Growth: f(8)}, "required_growth", ErrYearOver, StatusRed},
		{"December, growth-only",
			Figures{Month: 12, Growth: f(8.1)},
			TierTarget{Growth: f(8)}, "required_growth", ErrYearOver, StatusGreen},
		{"no full-year base for the value formula",
			Figures{Month: 6, Value: f(80), BaseYTD: f(70)},
			TierTarget{Value: f(185)}, "required_growth", ErrNoBaseYear, StatusRed},
		{"no same-period base, no growth to imply one",
			Figures{Month: 6, Value: f(80), BaseYear: f(154)},
			TierTarget{Value: f(185)}, "required_growth", ErrNoBase, StatusRed},
		{"value not published",
			Figures{Month: 6, BaseYTD: f(70), BaseYear: f(154)},
			TierTarget{Value: f(185)}, "completion", ErrNoValue, StatusNone},
		{"value not published: no gap either",
			Figures{Month: 6, BaseYTD: f(70), BaseYear: f(154)},
			TierTarget{Value: f(185)}, "gap_pp", ErrNoValue, StatusNone},
		{"value not published: required growth unknown",
			Figures{Month: 6, BaseYTD: f(70), BaseYear: f(154)},
			TierTarget{Value: f(185)}, "required_growth", ErrNoValue, StatusNone},
		{"both targets, value unknown: no partial required growth",
			Figures{Month: 6, Growth: f(14.3), BaseYTD: f(70), BaseYear: f(154)},
			TierTarget{Value: f(185), Growth: f(8)}, "required_growth", ErrNoValue, StatusGreen},
		{"no target at all",
			Figures{Month: 6, Value: f(80), BaseYTD: f(70), BaseYear: f(154)},
			TierTarget{}, "required_growth", ErrNoTarget, StatusNone},
		{"no target at all: no gap",
			Figures{Month: 6, Value: f(80)},
			TierTarget{}, "gap_pp", ErrNoTarget, StatusNone},
		{"no target at all: no status",
			Figures{Month: 6, Value: f(80)},
			TierTarget{}, "status", ErrNoTarget, StatusNone},
		{"a zero value target is no target",
			Figures{Month: 6, Value: f(80)},
			TierTarget{Value: f(0)}, "completion", ErrNoTarget, StatusNone},
		{"growth target, no growth",
			Figures{Month: 6, Value: f(80)},
			TierTarget{Growth: f(8)}, "gap_pp", ErrNoGrowth, StatusNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fig := defaults(tt.fig)
			r := EvaluateTier(fig, Derive(fig), tt.target)
			if r.Reasons[tt.field] != tt.want.Error() {
				t.Errorf("reason %s: got %q, want %q", tt.field, r.Reasons[tt.field], tt.want.Error())
			}
			absent := map[string]*float64{
				"completion": r.Completion, "gap_pp": r.GapPP, "growth_gap_pp": r.GrowthGapPP,
				"required_growth": r.RequiredGrowth,
			}
			if p, ok := absent[tt.field]; ok && p != nil {
				t.Errorf("%s: got %v, want nil", tt.field, *p)
			}
			for field, p := range absent {
				if p == nil && r.Reasons[field] == "" {
					t.Errorf("%s: got nil without a reason, want a reason", field)
				}
			}
			if r.Status != tt.status {
				t.Errorf("status: got %q, want %q", r.Status, tt.status)
			}
		})
	}
}

func TestEvaluateTierCopiesDerived(t *testing.T) {
	fig := defaults(Figures{Month: 7, Value: f(45), Growth: f(10), Seasonal: true})
	d := Derive(fig)
	r := EvaluateTier(fig, d, TierTarget{Value: f(66)})
	checkPtr(t, "time_progress", r.TimeProgress, 58.33)
	if r.Reasons["time_progress"] != noteLinearFallback.Error() {
		t.Errorf("time_progress reason: got %q, want %q", r.Reasons["time_progress"], noteLinearFallback.Error())
	}
	*r.TimeProgress = 0
	if *d.TimeProgress == 0 {
		t.Errorf("TierResult.TimeProgress aliases Derived.TimeProgress: got shared pointer, want a copy")
	}
}
