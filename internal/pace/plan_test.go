package pace

import (
	"errors"
	"testing"
)

// year builds a Year from month → value.
func year(vals map[int]float64) Year {
	var y Year
	for m, v := range vals {
		y[m-1] = f(v)
	}
	return y
}

// TestPlanWorkedExample is issue 15's worked example, written out by hand: a flow published from
// 1–2月 (February is the first planned month), a plan by last year's cumulative shares, a missed
// quarter (Q1) and the catch-up after July.
func TestPlanWorkedExample(t *testing.T) {
	// Last year (B), cumulative, published from 1–2月: B_12 = 400.
	last := year(map[int]float64{2: 48, 3: 80, 4: 112, 5: 144, 6: 192, 7: 224, 8: 256, 9: 300, 10: 332, 11: 364, 12: 400})
	months := PlannedMonths(Monthly, 2)
	if len(months) != 11 || months[0] != 2 {
		t.Fatalf("planned months with a 1–2月 start: got %v, want 2..12", months)
	}
	shares, err := SharesOf(last, months)
	if err != nil {
		t.Fatal(err)
	}
	// Shares B_m / 400: 0.12 0.20 0.28 0.36 0.48 0.56 0.64 0.75 0.83 0.91 1.
	if shares[0] != nil {
		t.Errorf("January share with a 1–2月 start: got %v, want none", *shares[0])
	}
	// Target T = 500: P_m = 500 × share_m.
	p, err := PlanFromShares(500, 0, shares, false)
	if err != nil {
		t.Fatal(err)
	}
	wantPlan := map[int]float64{2: 60, 3: 100, 4: 140, 5: 180, 6: 240, 7: 280, 8: 320, 9: 375, 10: 415, 11: 455, 12: 500}
	for m, want := range wantPlan {
		checkNear(t, "plan at month "+Period{2023, m}.String(), p.At(m), want, cent)
	}
	// Quarters' own plans: Q1 = P_03 = 100 (1–2月 start: the March cumulative), Q2 = 240 − 100 = 140,
	// Q3 = 375 − 240 = 135, Q4 = 500 − 375 = 125.
	for q, want := range []float64{100, 140, 135, 125} {
		checkNear(t, "quarter plan", p.QuarterAmount(q+1), want, cent)
	}

	// This year's actuals up to July: 62, 98, 141, 182, 245, 276.
	actual := year(map[int]float64{2: 62, 3: 98, 4: 141, 5: 182, 6: 245, 7: 276})
	mc, qc := Check(p, actual, 2)
	wantSecured := map[int]bool{2: true, 3: false, 4: true, 5: true, 6: true, 7: false}
	wantShort := map[int]float64{2: 0, 3: 2, 4: 0, 5: 0, 6: 0, 7: 4} // 100 − 98; 280 − 276
	for _, c := range mc {
		want, reported := wantSecured[c.Month]
		switch {
		case !reported && (c.Actual != nil || c.Secured != nil):
			t.Errorf("month %d: not reported, got actual %v secured %v", c.Month, c.Actual, c.Secured)
		case reported && (c.Secured == nil || *c.Secured != want):
			t.Errorf("month %d secured: got %v, want %v", c.Month, c.Secured, want)
		case reported:
			checkPtr(t, "shortfall", c.Shortfall, wantShort[c.Month])
		}
	}
	// February's own amount is the 1–2月 value; March's is 98 − 62 = 36 against a plan of 40.
	checkPtr(t, "February amount", mc[0].ActualAmount, 62)
	checkNear(t, "February planned amount", mc[0].PlanAmount, 60, cent)
	checkPtr(t, "March amount", mc[1].ActualAmount, 36)
	checkNear(t, "March planned amount", mc[1].PlanAmount, 40, cent)

	// Q1: 98 (the March cumulative) < 100 → missed by 2. Q2: 245 − 98 = 147 ≥ 140 → secured
	// (although the half-year's cumulative is also ahead, the rule is the quarter's own amount).
	if len(qc) != 4 {
		t.Fatalf("quarters: got %d, want 4", len(qc))
	}
	checkPtr(t, "Q1 actual", qc[0].Actual, 98)
	checkPtr(t, "Q1 shortfall", qc[0].Shortfall, 2)
	if qc[0].Secured == nil || *qc[0].Secured {
		t.Errorf("Q1 secured: got %v, want false", qc[0].Secured)
	}
	checkPtr(t, "Q2 actual", qc[1].Actual, 147)
	if qc[1].Secured == nil || !*qc[1].Secured {
		t.Errorf("Q2 secured: got %v, want true", qc[1].Secured)
	}
	if qc[2].Actual != nil || qc[2].Secured != nil {
		t.Errorf("Q3 not reported: got actual %v secured %v", qc[2].Actual, qc[2].Secured)
	}

	// Catch-up after July: remainder T − V_07 = 500 − 276 = 224 spread over the remaining plan
	// P_12 − P_07 = 500 − 280 = 220, in proportion to the planned amounts Aug 40, Sep 55, Oct 40,
	// Nov 40, Dec 45:
	//   Aug 276 + 224 × 40/220  = 276 + 40.73  = 316.73
	//   Sep 276 + 224 × 95/220  = 276 + 96.73  = 372.73
	//   Oct 276 + 224 × 135/220 = 276 + 137.45 = 413.45
	//   Nov 276 + 224 × 175/220 = 276 + 178.18 = 454.18
	//   Dec 276 + 224 × 220/220 = 500
	// and August alone needs 40.73 (本月需完成), against the original plan's 40.
	req, err := CatchUp(p, 500, 276, 7)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		month       int
		cum, amount float64
	}{{8, 316.73, 40.73}, {9, 372.73, 56.00}, {10, 413.45, 40.73}, {11, 454.18, 40.73}, {12, 500, 45.82}}
	if len(req) != len(want) {
		t.Fatalf("catch-up months: got %d, want %d", len(req), len(want))
	}
	for i, w := range want {
		if req[i].Month != w.month {
			t.Errorf("catch-up %d: month %d, want %d", i, req[i].Month, w.month)
		}
		checkNear(t, "required cumulative", req[i].Cumulative, w.cum, cent)
		checkNear(t, "required amount", req[i].Amount, w.amount, cent)
	}
}

func TestPlanMethods(t *testing.T) {
	months := PlannedMonths(Monthly, 1)
	lin := LinearShares(months)
	p, _ := PlanFromShares(120, 0, lin, false)
	checkNear(t, "linear P_01", p.At(1), 10, cent)
	checkNear(t, "linear P_06", p.At(6), 60, cent)

	// mean3: the mean of three years' shares. At June: 0.40, 0.50, 0.45 → 0.45.
	ys := []Year{
		year(map[int]float64{1: 5, 2: 10, 3: 20, 4: 30, 5: 35, 6: 40, 7: 50, 8: 60, 9: 70, 10: 80, 11: 90, 12: 100}),
		year(map[int]float64{1: 10, 2: 20, 3: 40, 4: 60, 5: 80, 6: 100, 7: 120, 8: 140, 9: 160, 10: 170, 11: 190, 12: 200}),
		year(map[int]float64{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 9, 7: 10, 8: 11, 9: 12, 10: 15, 11: 18, 12: 20}),
	}
	s, err := MeanShares(ys, months)
	if err != nil {
		t.Fatal(err)
	}
	checkPtr(t, "mean share June", s[5], 0.45)
	checkPtr(t, "mean share December", s[11], 1)

	// A year missing a planned month cannot give shares.
	ys[1][3] = nil
	if _, err := MeanShares(ys, months); !errors.Is(err, ErrNoShares) || !errors.Is(err, ErrNoBase) {
		t.Errorf("mean3 with a hole: got %v, want %v", err, ErrNoShares)
	}
	var noDec Year
	if _, err := SharesOf(noDec, months); err != ErrNoBaseYear {
		t.Errorf("shares without December: got %v, want %v", err, ErrNoBaseYear)
	}

	// Quarterly (GDP): planned at 03, 06, 09, 12 only; Q1 is P_03.
	qm := PlannedMonths(Quarterly, 1)
	if len(qm) != 4 || qm[0] != 3 || qm[3] != 12 {
		t.Errorf("quarterly planned months: got %v", qm)
	}
	gdp, _ := PlanFromShares(500, 0, LinearShares(qm), false)
	checkNear(t, "GDP Q2 own plan", gdp.QuarterAmount(2), 125, cent)
	checkNear(t, "GDP plan at May (latest planned ≤ May is March)", gdp.At(5), 125, cent)
}

// TestPlanCeilingFlow: a down flow (能源消费总量 under a cap of 108). Its plan is the allowance:
// a month is secured at or under it; the catch-up is the most each month may use.
func TestPlanCeilingFlow(t *testing.T) {
	p, _ := PlanFromShares(108, 0, LinearShares(PlannedMonths(Monthly, 1)), true)
	// P_06 = 54. Used 55 → over the allowance by 1, not secured; 53 → secured.
	actual := year(map[int]float64{6: 55})
	mc, _ := Check(p, actual, 1)
	if c := mc[5]; c.Secured == nil || *c.Secured {
		t.Errorf("ceiling June at 55 against 54: got secured %v, want false", c.Secured)
	} else {
		checkPtr(t, "ceiling shortfall (over by)", c.Shortfall, 1)
	}
	actual[5] = f(53)
	mc, _ = Check(p, actual, 1)
	if c := mc[5]; c.Secured == nil || !*c.Secured {
		t.Errorf("ceiling June at 53 against 54: got secured %v, want true", c.Secured)
	}
	// After June at 55: 53 left over six equal months: at most 8.83 a month.
	req, err := CatchUp(p, 108, 55, 6)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "ceiling July allowance", req[0].Amount, 53.0/6, cent)
	checkNear(t, "ceiling December", req[5].Cumulative, 108, cent)
}

// TestPlanStock: a stock's plan runs from last December's balance S0 to the year-end target
// (example 9: S0 500, T 550, linear), quarters by their own change; under a ceiling, every month's
// balance against the cap and no catch-up.
func TestPlanStock(t *testing.T) {
	p, _ := PlanFromShares(550, 500, LinearShares(PlannedMonths(Monthly, 1)), false)
	checkNear(t, "stock plan June", p.At(6), 525, cent)
	checkNear(t, "stock Q1 own plan", p.QuarterAmount(1), 12.5, cent)
	actual := year(map[int]float64{3: 510, 6: 520})
	mc, qc := Check(p, actual, 2)
	if c := mc[5]; c.Secured == nil || *c.Secured {
		t.Errorf("stock June 520 against 525: got %v, want not secured", c.Secured)
	}
	checkPtr(t, "stock Q1 change", qc[0].Actual, 10) // 510 − 500
	checkPtr(t, "stock Q2 change", qc[1].Actual, 10) // 520 − 510
	req, _ := CatchUp(p, 550, 520, 6)
	checkNear(t, "stock July required", req[0].Cumulative, 525, cent) // 520 + 30 × 1/6

	c := CeilingPlan(600, PlannedMonths(Monthly, 1))
	mc, qc = Check(c, year(map[int]float64{3: 590, 6: 610}), 2)
	if s := mc[2].Secured; s == nil || !*s {
		t.Errorf("ceiling stock March 590 ≤ 600: got %v", s)
	}
	if s := qc[1].Secured; s == nil || *s {
		t.Errorf("ceiling stock Q2 610 > 600: got %v", s)
	}
	checkPtr(t, "ceiling stock Q2 actual is the balance", qc[1].Actual, 610)
	if _, err := CatchUp(c, 600, 610, 6); err != ErrStockCeiling {
		t.Errorf("ceiling stock catch-up: got %v, want %v", err, ErrStockCeiling)
	}
}

func TestCatchUpErrors(t *testing.T) {
	p, _ := PlanFromShares(120, 0, LinearShares(PlannedMonths(Monthly, 1)), false)
	if _, err := CatchUp(p, 120, 130, 12); err != ErrYearOver {
		t.Errorf("December: got %v, want %v", err, ErrYearOver)
	}
	// Already beyond the target: the rest of the year still has to keep the value (amounts ≤ 0).
	req, err := CatchUp(p, 120, 130, 6)
	if err != nil || req[5].Cumulative != 120 || req[0].Amount >= 0 {
		t.Errorf("ahead of target: got %+v, %v", req, err)
	}
}

// TestLanding: worked example 1 read backwards — if H2 grows 10.87%, GDP grows 8.00% and lands
// at 223.83 + (460 − 213.78) × 1.1087 = 496.81.
func TestLanding(t *testing.T) {
	b, _ := ImpliedBase(223.83, 4.7)
	l, err := LandFlow(223.83, 4.7, b, 460, 10.87)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "landing growth", l.Growth, 8.00, cent)
	checkNear(t, "landing value", l.Value, 496.81, cent)
	c, _ := Completion(l.Value, 500)
	checkNear(t, "completion of 500", c, 99.36, cent)
	// The inverse is 需增速: at the required growth the year grows exactly the target.
	g, _ := RequiredGrowthFromGrowth(8, 4.7, b, 460)
	l2, _ := LandFlow(223.83, 4.7, b, 460, g)
	checkNear(t, "landing at 需增速", l2.Growth, 8, 1e-9)
	// Example 2 (value): at 需增速 25% the year reaches 185 exactly.
	l3, _ := LandFlow(80, 14.2857142857, 70, 154, 25)
	checkNear(t, "investment lands at the target", l3.Value, 185, cent)

	// Stock (example 9): V 520, growing 5.77% to December → 550.00; growth over S0 500 is 10%.
	s, _ := LandStock(520, 500, (550.0/520-1)*100)
	checkNear(t, "stock landing", s.Value, 550, cent)
	checkNear(t, "stock landing growth", s.Growth, 10, cent)
	if _, err := LandFlow(80, 5, 70, 0, 3); err != ErrNoBaseYear {
		t.Errorf("no base year: got %v", err)
	}

	v, _ := GrowthTargetValue(460, 8)
	checkNear(t, "growth-only target as value", v, 496.8, cent)
}

// TestLongRangeGoal: a benchmark of 600 by 2026 from 460 in 2023 (3 years):
// (600/460)^(1/3) − 1 = 9.26% a year. At 8% a year: ln(600/460)/ln(1.08) = 3.45 → 4 years
// (2027); the threshold growing 2% a year: ln(1.3043)/ln(1.08/1.02) = 4.65 → 5 years (2028).
func TestLongRangeGoal(t *testing.T) {
	g, err := CompoundGrowthNeeded(460, 600, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	checkNear(t, "compound growth needed", g, 9.26, cent)
	g2, _ := CompoundGrowthNeeded(460, 600, 2, 3)
	checkNear(t, "with the threshold growing 2%", g2, 11.45, cent) // (1.0926)(1.02) − 1
	for _, tt := range []struct {
		growth, rate float64
		years        int
		err          error
	}{{8, 0, 4, nil}, {8, 2, 5, nil}, {2, 2, 0, ErrNeverReached}, {9.26, 0, 4, nil}, {9.27, 0, 3, nil}} {
		n, err := YearsToReach(460, 600, tt.growth, tt.rate)
		if err != tt.err || n != tt.years {
			t.Errorf("years at %v%% (threshold %v%%): got %d %v, want %d %v", tt.growth, tt.rate, n, err, tt.years, tt.err)
		}
	}
	if n, _ := YearsToReach(700, 600, 0, 0); n != 0 {
		t.Errorf("already past: got %d, want 0", n)
	}
}
