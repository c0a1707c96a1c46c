package pace

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// TestEvaluateTierKinds goes through DESIGN.md §4a's table: every kind × direction × target type.
func TestEvaluateTierKinds(t *testing.T) {
	// A flow (and count, rate): V 110 over B_ytd 100 (growth 10.0), B_year 200, so w = 0.5.
	flow := Figures{Month: 6, Value: f(110), BaseYTD: f(100), BaseYear: f(200)}
	// A stock: S0 500 (last December), V 520, last June 480.
	stock := Figures{Month: 6, Value: f(520), BaseYTD: f(480), BaseYear: f(500)}
	// A level: 5.8, growth published 3.6.
	level := Figures{Month: 6, Value: f(5.8), Growth: f(3.6)}

	type want struct {
		completion, gap, growthGap, levelGap, required *float64
		bound, from                                    string
		status                                         Status
	}
	value, growth, both := "value", "growth", "both"
	tests := []struct {
		kind   Kind
		dir    Direction
		target string
		want   want
	}{
		// flow, value 230 / growth 12: needs (230 − 110)/(200 − 100) − 1 = 20% and (12 − 5)/0.5 = 14%.
		{KindFlow, HigherIsBetter, value, want{f(47.83), f(-2.17), nil, nil, f(20), BoundMin, FromValue, StatusYellow}},
		{KindFlow, HigherIsBetter, growth, want{nil, f(-2), f(-2), nil, f(14), BoundMin, FromGrowth, StatusRed}},
		{KindFlow, HigherIsBetter, both, want{f(47.83), f(-2.17), f(-2), nil, f(20), BoundMin, FromValue, StatusRed}},
		{KindFlow, LowerIsBetter, value, want{f(47.83), f(2.17), nil, nil, f(20), BoundMax, FromValue, StatusGreen}},
		{KindFlow, LowerIsBetter, growth, want{nil, f(2), f(2), nil, f(14), BoundMax, FromGrowth, StatusGreen}},
		{KindFlow, LowerIsBetter, both, want{f(47.83), f(2.17), f(2), nil, f(14), BoundMax, FromGrowth, StatusGreen}},
		{KindCount, HigherIsBetter, value, want{f(47.83), f(-2.17), nil, nil, f(20), BoundMin, FromValue, StatusYellow}},
		{KindCount, HigherIsBetter, growth, want{nil, f(-2), f(-2), nil, f(14), BoundMin, FromGrowth, StatusRed}},
		{KindCount, HigherIsBetter, both, want{f(47.83), f(-2.17), f(-2), nil, f(20), BoundMin, FromValue, StatusRed}},
		{KindCount, LowerIsBetter, value, want{f(47.83), f(2.17), nil, nil, f(20), BoundMax, FromValue, StatusGreen}},
		{KindCount, LowerIsBetter, growth, want{nil, f(2), f(2), nil, f(14), BoundMax, FromGrowth, StatusGreen}},
		{KindCount, LowerIsBetter, both, want{f(47.83), f(2.17), f(2), nil, f(14), BoundMax, FromGrowth, StatusGreen}},
		{KindRate, HigherIsBetter, value, want{f(47.83), f(-2.17), nil, nil, f(20), BoundMin, FromValue, StatusYellow}},
		{KindRate, HigherIsBetter, growth, want{nil, f(-2), f(-2), nil, f(14), BoundMin, FromGrowth, StatusRed}},
		{KindRate, HigherIsBetter, both, want{f(47.83), f(-2.17), f(-2), nil, f(20), BoundMin, FromValue, StatusRed}},
		{KindRate, LowerIsBetter, value, want{f(47.83), f(2.17), nil, nil, f(20), BoundMax, FromValue, StatusGreen}},
		{KindRate, LowerIsBetter, growth, want{nil, f(2), f(2), nil, f(14), BoundMax, FromGrowth, StatusGreen}},
		{KindRate, LowerIsBetter, both, want{f(47.83), f(2.17), f(2), nil, f(14), BoundMax, FromGrowth, StatusGreen}},
		// stock, value 550 / growth 12 (a year-end 560): (520 − 500)/(550 − 500) = 40%, 20/60 = 33.33%;
		// needs 550/520 − 1 = 5.77% and 560/520 − 1 = 7.69%. Under a ceiling, a level gap only.
		{KindStock, HigherIsBetter, value, want{f(40), f(-10), nil, nil, f(5.77), BoundMin, FromValue, StatusRed}},
		{KindStock, HigherIsBetter, growth, want{f(33.33), f(-16.67), nil, nil, f(7.69), BoundMin, FromGrowth, StatusRed}},
		{KindStock, HigherIsBetter, both, want{f(40), f(-10), nil, nil, f(7.69), BoundMin, FromGrowth, StatusRed}},
		{KindStock, LowerIsBetter, value, want{nil, nil, nil, f(30), nil, "", "", StatusGreen}},
		{KindStock, LowerIsBetter, growth, want{nil, nil, nil, f(40), nil, "", "", StatusGreen}},
		{KindStock, LowerIsBetter, both, want{nil, nil, nil, f(30), nil, "", "", StatusGreen}},
		// level, value 5.5 / growth 2.0: a level gap of ±0.3 and a growth gap of ±1.6.
		{KindLevel, HigherIsBetter, value, want{nil, nil, nil, f(0.3), nil, "", "", StatusGreen}},
		{KindLevel, HigherIsBetter, growth, want{nil, f(1.6), f(1.6), nil, nil, "", "", StatusGreen}},
		{KindLevel, HigherIsBetter, both, want{nil, f(1.6), f(1.6), f(0.3), nil, "", "", StatusGreen}},
		{KindLevel, LowerIsBetter, value, want{nil, nil, nil, f(-0.3), nil, "", "", StatusRed}},
		{KindLevel, LowerIsBetter, growth, want{nil, f(-1.6), f(-1.6), nil, nil, "", "", StatusRed}},
		{KindLevel, LowerIsBetter, both, want{nil, f(-1.6), f(-1.6), f(-0.3), nil, "", "", StatusRed}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		name := fmt.Sprintf("%s/%s/%s", tt.kind, tt.dir, tt.target)
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			fig := flow
			tgt := TierTarget{Value: f(230), Growth: f(12)}
			switch tt.kind {
			case KindStock:
				fig, tgt = stock, TierTarget{Value: f(550), Growth: f(12)}
			case KindLevel:
				fig, tgt = level, TierTarget{Value: f(5.5), Growth: f(2)}
			}
			switch tt.target {
			case value:
				tgt.Growth = nil
			case growth:
				tgt.Value = nil
			}
			fig.Kind, fig.Direction, fig.Decimals = tt.kind, tt.dir, 1
			fig = defaults(fig)
			r := EvaluateTier(fig, Derive(fig), tgt)
			checkOpt(t, "completion", r.Completion, tt.want.completion, r.Reasons)
			checkOpt(t, "gap_pp", r.GapPP, tt.want.gap, r.Reasons)
			checkOpt(t, "growth_gap_pp", r.GrowthGapPP, tt.want.growthGap, r.Reasons)
			checkOpt(t, "level_gap", r.LevelGap, tt.want.levelGap, nil)
			checkOpt(t, "required_growth", r.RequiredGrowth, tt.want.required, r.Reasons)
			checkStr(t, "required_growth_bound", r.RequiredGrowthBound, tt.want.bound)
			checkStr(t, "required_growth_from", r.RequiredGrowthFrom, tt.want.from)
			checkStr(t, "status", string(r.Status), string(tt.want.status))
			if tt.target == both && tt.kind != KindLevel && !(tt.kind == KindStock && tt.dir == LowerIsBetter) {
				if r.RequiredGrowthValue == nil || r.RequiredGrowthGrowth == nil {
					t.Errorf("both required growths: got %v and %v, want both", r.RequiredGrowthValue, r.RequiredGrowthGrowth)
				}
			}
		})
	}
	for _, k := range []Kind{KindFlow, KindCount, KindRate, KindStock, KindLevel} {
		for _, d := range []Direction{HigherIsBetter, LowerIsBetter} {
			for _, tg := range []string{value, growth, both} {
				if name := fmt.Sprintf("%s/%s/%s", k, d, tg); !seen[name] {
					t.Errorf("case %s: got none, want every kind × direction × target type", name)
				}
			}
		}
	}
}

// checkOpt fails unless got and want are both absent (got with a reason, when reasons is given)
// or both present and within a cent.
func checkOpt(t *testing.T, what string, got, want *float64, reasons map[string]string) {
	t.Helper()
	switch {
	case want == nil && got != nil:
		t.Errorf("%s: got %v, want nil", what, *got)
	case want == nil && reasons != nil && reasons[what] == "":
		t.Errorf("%s: got nil without a reason, want a reason", what)
	case want != nil:
		checkPtr(t, what, got, *want)
	}
}

// TestFlipDirection: flipping an indicator's direction flips the sign of every gap and reverses
// the order of statuses — for the kinds where §4a's two columns mirror each other (a stock under
// a ceiling is judged like a level instead, so it has a level gap where the floor has gap_pp).
func TestFlipDirection(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		kind := rapid.SampledFrom([]Kind{KindFlow, KindCount, KindRate, KindLevel}).Draw(t, "kind")
		base := rapid.Float64Range(1, 1000).Draw(t, "base")
		month := rapid.IntRange(1, 11).Draw(t, "month")
		baseYear := base * rapid.Float64Range(1.05, 12/float64(month)+1).Draw(t, "year/ytd")
		var target TierTarget
		if rapid.Bool().Draw(t, "has value target") {
			target.Value = f(baseYear * rapid.Float64Range(0.5, 1.5).Draw(t, "target/base year"))
		}
		if rapid.Bool().Draw(t, "has growth target") || target.Value == nil {
			target.Growth = f(rapid.Float64Range(-20, 20).Draw(t, "target growth"))
		}
		if kind == KindLevel && target.Value != nil {
			target.Value = f(base * rapid.Float64Range(0.5, 1.5).Draw(t, "level target/base"))
		}
		v1 := base * rapid.Float64Range(0.5, 1.5).Draw(t, "v1/base")
		v2 := base * rapid.Float64Range(0.5, 1.5).Draw(t, "v2/base")
		if v1 > v2 {
			v1, v2 = v2, v1
		}
		eval := func(v float64, dir Direction) TierResult {
			fig := defaults(Figures{Month: month, Value: f(v), Growth: f((v/base - 1) * 100), BaseYTD: f(base),
				BaseYear: f(baseYear), Kind: kind, Direction: dir, Decimals: 1})
			return EvaluateTier(fig, Derive(fig), target)
		}
		for _, v := range []float64{v1, v2} {
			up, down := eval(v, HigherIsBetter), eval(v, LowerIsBetter)
			for _, g := range []struct {
				name     string
				up, down *float64
			}{{"gap_pp", up.GapPP, down.GapPP}, {"growth_gap_pp", up.GrowthGapPP, down.GrowthGapPP}, {"level_gap", up.LevelGap, down.LevelGap}} {
				if (g.up == nil) != (g.down == nil) {
					t.Fatalf("%s at %v: got up %v, down %v, want both present or both absent", g.name, v, g.up, g.down)
				}
				if g.up != nil && *g.up != -*g.down {
					t.Fatalf("%s at %v: got up %v, down %v, want opposite signs", g.name, v, *g.up, *g.down)
				}
			}
		}
		// A larger value is never worse going up, never better going down.
		if severity(eval(v2, HigherIsBetter).Status) > severity(eval(v1, HigherIsBetter).Status) {
			t.Fatalf("up: %v is %s, %v is %s: want the larger no worse", v1, eval(v1, HigherIsBetter).Status, v2, eval(v2, HigherIsBetter).Status)
		}
		if severity(eval(v2, LowerIsBetter).Status) < severity(eval(v1, LowerIsBetter).Status) {
			t.Fatalf("down: %v is %s, %v is %s: want the larger no better", v1, eval(v1, LowerIsBetter).Status, v2, eval(v2, LowerIsBetter).Status)
		}
	})
}
