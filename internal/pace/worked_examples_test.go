package pace

import (
	"slices"
	"testing"
)

// The six worked examples of DESIGN.md §4, held to the cent.

func TestExample1GDPRequiredGrowth(t *testing.T) {
	const g, gYTD, v, bYear = 8.0, 4.7, 223.83, 460.0
	bYTD, err := ImpliedBase(v, gYTD)
	checkErr(t, "ImpliedBase", err, nil)
	checkNear(t, "B_ytd", bYTD, 213.78, cent)
	checkNear(t, "w", bYTD/bYear, 0.4647, 0.00005)

	rest, err := RequiredGrowthFromGrowth(g, gYTD, bYTD, bYear)
	checkErr(t, "RequiredGrowthFromGrowth", err, nil)
	checkNear(t, "g_rest", rest, 10.87, cent)

	// Growing H2 at the published 10.87% gives the year 8.00%.
	year := ((bYTD*(1+gYTD/100)+(bYear-bYTD)*(1+10.87/100))/bYear - 1) * 100
	checkNear(t, "annual growth with H2 at 10.87%", year, 8.00, cent)

	// The same through Derive and EvaluateTier: no stored base, so the base is implied.
	fig := Figures{Month: 6, Value: f(v), Growth: f(gYTD), BaseYear: f(bYear),
		Tolerance: 5, GrowthTolerance: 1, GrowthDecimals: 1}
	d := Derive(fig)
	if !d.BaseImplied || d.GrowthComputed {
		t.Errorf("BaseImplied, GrowthComputed: got %v, %v, want true, false", d.BaseImplied, d.GrowthComputed)
	}
	checkPtr(t, "derived B_ytd", d.BaseYTD, 213.78)
	r := EvaluateTier(fig, d, TierTarget{Growth: f(g)})
	checkPtr(t, "required_growth", r.RequiredGrowth, 10.87)
	checkPtr(t, "growth_gap_pp", r.GrowthGapPP, -3.3)
	checkPtr(t, "gap_pp", r.GapPP, -3.3)
	if r.Status != StatusRed {
		t.Errorf("status: got %q, want red", r.Status)
	}
}

func TestExample2IndustrialInvestment(t *testing.T) {
	fig := Figures{Month: 6, Value: f(80), BaseYTD: f(70), BaseYear: f(154),
		Tolerance: 5, GrowthTolerance: 1, GrowthDecimals: 1}
	r := EvaluateTier(fig, Derive(fig), TierTarget{Value: f(185)})
	checkPtr(t, "completion", r.Completion, 43.24)
	checkPtr(t, "time_progress", r.TimeProgress, 50)
	checkPtr(t, "gap_pp", r.GapPP, -6.76)
	checkPtr(t, "required_growth", r.RequiredGrowth, 25.00)
	if r.Status != StatusRed {
		t.Errorf("status: got %q, want red", r.Status)
	}

	rest, err := RequiredGrowthFromValue(185, 80, 70, 154)
	checkErr(t, "RequiredGrowthFromValue", err, nil)
	checkNear(t, "g_rest (needed 105 vs last year's 84)", rest, 25.00, cent)
}

func TestExample3Attraction(t *testing.T) {
	projects := Figures{Month: 7, Value: f(45), Tolerance: 5, GrowthTolerance: 1, GrowthDecimals: 1}
	investment := Figures{Month: 7, Value: f(164.25), Tolerance: 5, GrowthTolerance: 1, GrowthDecimals: 1}
	tests := []struct {
		name                string
		fig                 Figures
		target              float64
		completion, tp, gap float64
		status              Status
	}{
		{"projects assigned 45", projects, 45, 100, 58.33, 41.67, StatusGreen},
		{"projects stretch 66", projects, 66, 68.18, 58.33, 9.85, StatusGreen},
		{"investment 300", investment, 300, 54.75, 58.33, -3.58, StatusYellow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := EvaluateTier(tt.fig, Derive(tt.fig), TierTarget{Value: f(tt.target)})
			checkPtr(t, "completion", r.Completion, tt.completion)
			checkPtr(t, "time_progress", r.TimeProgress, tt.tp)
			checkPtr(t, "gap_pp", r.GapPP, tt.gap)
			if r.Status != tt.status {
				t.Errorf("status: got %q, want %q", r.Status, tt.status)
			}
		})
	}
}

func TestExample4Ranking(t *testing.T) {
	growths := []*float64{f(5.4), f(6.1), f(5.4), f(3.2), f(7.0), f(4.4), f(5.4)}
	ranks, ranked := Rank(growths, 1, false)
	want := []int{3, 2, 3, 7, 1, 6, 3}
	if !slices.Equal(ranks, want) || ranked != 7 {
		t.Errorf("got %v (%d ranked), want %v (7 ranked)", ranks, ranked, want)
	}
}

func TestExample5TwoYearAverage(t *testing.T) {
	checkNear(t, "two-year average of 2.0 and 8.0", TwoYearAverageGrowth(2.0, 8.0), 4.96, cent)
}

func TestExample6KeyProjects(t *testing.T) {
	fig := Figures{Month: 6, Value: f(88.2), Tolerance: 5, GrowthTolerance: 1, GrowthDecimals: 1}
	r := EvaluateTier(fig, Derive(fig), TierTarget{Value: f(135.28)})
	checkPtr(t, "completion", r.Completion, 65.20)
	checkPtr(t, "gap_pp", r.GapPP, 15.20)
	if r.Status != StatusGreen {
		t.Errorf("status: got %q, want green", r.Status)
	}
}
