package pace

import "testing"

// The worked examples 7–9 of DESIGN.md §4a (鹤山市, June, linear time progress 50%, default
// tolerances 5 and 1), held to the cent. They log their figures (go test -v -run Example).

func TestExample7EnergyCap(t *testing.T) {
	// 能源消费总量: a flow, lower is better. B_ytd 50, B_year 100, V 55 (growth 10.0).
	fig := defaults(Figures{Month: 6, Value: f(55), BaseYTD: f(50), BaseYear: f(100),
		Kind: KindFlow, Direction: LowerIsBetter, Decimals: 1})
	d := Derive(fig)
	checkPtr(t, "growth", d.Growth, 10.0)

	cap := EvaluateTier(fig, d, TierTarget{Value: f(108)})
	t.Logf("example 7, cap 108: used %.2f%%, gap %+.2f, %s, required growth ≤ %.2f%% (%s, from %s, %s)",
		*cap.Completion, *cap.GapPP, cap.Status, *cap.RequiredGrowth, cap.RequiredGrowthBound, cap.RequiredGrowthFrom, cap.PriceBasis)
	checkPtr(t, "completion (share of the cap used)", cap.Completion, 50.93)
	checkPtr(t, "gap_pp", cap.GapPP, -0.93)
	checkPtr(t, "required_growth", cap.RequiredGrowth, 6.00)
	checkPtr(t, "required_growth_value", cap.RequiredGrowthValue, 6.00)
	checkStr(t, "status", string(cap.Status), string(StatusYellow))
	checkStr(t, "required_growth_bound", cap.RequiredGrowthBound, BoundMax)
	checkStr(t, "required_growth_from", cap.RequiredGrowthFrom, FromValue)
	checkStr(t, "price_basis", cap.PriceBasis, BasisCurrent)

	most := EvaluateTier(fig, d, TierTarget{Growth: f(8)})
	t.Logf("example 7, growth ≤ 8%%: gap %+.2f, %s, required growth ≤ %.2f%% (%s, from %s)",
		*most.GapPP, most.Status, *most.RequiredGrowth, most.RequiredGrowthBound, most.RequiredGrowthFrom)
	checkPtr(t, "gap_pp", most.GapPP, -2.0)
	checkPtr(t, "growth_gap_pp", most.GrowthGapPP, -2.0)
	checkPtr(t, "required_growth", most.RequiredGrowth, 6.00)
	checkStr(t, "status", string(most.Status), string(StatusRed))
	checkStr(t, "required_growth_bound", most.RequiredGrowthBound, BoundMax)
	checkStr(t, "required_growth_from", most.RequiredGrowthFrom, FromGrowth)
	if most.Completion != nil {
		t.Errorf("completion of a growth-only tier: got %v, want nil", *most.Completion)
	}
}

func TestExample8UnemploymentCeiling(t *testing.T) {
	// 城镇调查失业率: a level in %, lower is better, ceiling 5.5.
	tests := []struct {
		value    float64
		levelGap float64
		status   Status
	}{
		{5.8, -0.3, StatusRed},
		{5.3, 0.2, StatusGreen},
		{5.5, 0, StatusGreen},
	}
	for _, tt := range tests {
		fig := defaults(Figures{Month: 6, Value: f(tt.value), Kind: KindLevel, Direction: LowerIsBetter, Decimals: 1})
		r := EvaluateTier(fig, Derive(fig), TierTarget{Value: f(5.5)})
		t.Logf("example 8, %.1f against 5.5: level gap %+.2f, %s", tt.value, *r.LevelGap, r.Status)
		checkPtr(t, "level_gap", r.LevelGap, tt.levelGap)
		checkStr(t, "status", string(r.Status), string(tt.status))
		checkAbsent(t, "completion", r.Completion, r.Reasons, ErrLevelNoCompletion)
		checkAbsent(t, "required_growth", r.RequiredGrowth, r.Reasons, ErrLevelNoRequired)
		checkStr(t, "required_growth_bound", r.RequiredGrowthBound, "")
	}
}

func TestExample9DepositStock(t *testing.T) {
	// 存款余额: a stock, up. S0 = 500 at 2022-12, V = 520 at 2023-06.
	fig := defaults(Figures{Month: 6, Value: f(520), BaseYear: f(500), Kind: KindStock, Decimals: 2,
		Seasonal: true}) // a stock is always against linear time progress
	d := Derive(fig)
	checkPtr(t, "time_progress", d.TimeProgress, 50)
	checkPtr(t, "projected_value", d.Projected, 540)

	r := EvaluateTier(fig, d, TierTarget{Value: f(550)})
	t.Logf("example 9, T 550: completion %.2f%%, gap %+.2f, %s, required growth %.2f%% (%s), projection %.2f",
		*r.Completion, *r.GapPP, r.Status, *r.RequiredGrowth, r.RequiredGrowthBound, *r.ProjectedValue)
	checkPtr(t, "completion", r.Completion, 40.00)
	checkPtr(t, "gap_pp", r.GapPP, -10.0)
	checkStr(t, "status", string(r.Status), string(StatusRed))
	checkPtr(t, "required_growth", r.RequiredGrowth, 5.77)
	checkStr(t, "required_growth_bound", r.RequiredGrowthBound, BoundMin)
	checkPtr(t, "projected_value", r.ProjectedValue, 540)

	g := EvaluateTier(fig, d, TierTarget{Growth: f(12)})
	t.Logf("example 9, growth 12%% (T 560): completion %.2f%%, required growth %.2f%% (from %s)",
		*g.Completion, *g.RequiredGrowth, g.RequiredGrowthFrom)
	checkPtr(t, "completion", g.Completion, 33.33)
	checkPtr(t, "required_growth", g.RequiredGrowth, 7.69)
	checkPtr(t, "required_growth_growth", g.RequiredGrowthGrowth, 7.69)
	checkStr(t, "required_growth_from", g.RequiredGrowthFrom, FromGrowth)

	both := EvaluateTier(fig, d, TierTarget{Value: f(550), Growth: f(12)})
	checkPtr(t, "both: completion (of the value target)", both.Completion, 40.00)
	checkPtr(t, "both: required_growth_value", both.RequiredGrowthValue, 5.77)
	checkPtr(t, "both: required_growth_growth", both.RequiredGrowthGrowth, 7.69)
	checkPtr(t, "both: required_growth (the larger)", both.RequiredGrowth, 7.69)
	checkStr(t, "both: required_growth_from", both.RequiredGrowthFrom, FromGrowth)
}

func checkStr(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %q, want %q", what, got, want)
	}
}
