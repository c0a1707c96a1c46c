package scorecard

import (
	"testing"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/pace"
)

func fp(x float64) *float64 { return &x }

// TestLineKindsAndFrequency checks what line passes to pace — kind, direction, precision and
// frequency of the indicator — without a store (TestScorecardLevelsAndFrequency does the same
// through the store).
func TestLineKindsAndFrequency(t *testing.T) {
	per := func(m int) pace.Period { return pace.Period{Year: 2023, Month: m} }
	obs := func(ind string, p pace.Period, v, g *float64) domain.Observation {
		return domain.Observation{RegionCode: "r", IndicatorCode: ind, Period: p.String(), Value: v, Growth: g}
	}
	fig := index([]domain.Observation{
		obs("unemp", per(6), fp(5.8), nil),
		obs("intensity", per(6), fp(0.412), fp(-1.5)),
		obs("gdp", per(6), fp(223.83), fp(4.7)),
		obs("gdp", pace.Period{Year: 2022, Month: 12}, fp(460), nil),
	})
	ind := func(code string, kind domain.IndicatorKind, dir domain.Direction, freq domain.Frequency) domain.Indicator {
		return domain.Indicator{Code: code, Unit: "%", Kind: kind, Direction: dir, Precision: 1, Mode: domain.Linear,
			Tolerance: 5, GrowthTolerance: 1, Frequency: freq, ComparablePrice: code == "gdp"}
	}
	target := func(v, g *float64) []domain.Target {
		return []domain.Target{{Tier: domain.Assigned, Value: v, Growth: g}}
	}
	tests := []struct {
		name      string
		ind       domain.Indicator
		at        pace.Period
		targets   []domain.Target
		stale     bool
		status    string
		levelGap  *float64
		gap       *float64
		required  *float64
		completed bool
	}{
		{"unemployment 5.8 under a ceiling of 5.5", ind("unemp", domain.KindLevel, domain.Down, ""), per(6),
			target(fp(5.5), nil), false, "red", fp(-0.3), nil, nil, false},
		{"unemployment, a floor of 5.5 (up)", ind("unemp", domain.KindLevel, domain.Up, ""), per(6),
			target(fp(5.5), nil), false, "green", fp(0.3), nil, nil, false},
		{"energy intensity to fall 3%, fell 1.5%", ind("intensity", domain.KindLevel, domain.Down, ""), per(6),
			target(nil, fp(-3)), false, "red", nil, fp(-1.5), nil, false},
		{"quarterly GDP in July: current", ind("gdp", domain.KindFlow, domain.Up, domain.Quarterly), per(7),
			target(nil, fp(8)), false, "red", nil, fp(-3.3), fp(10.87), false},
		{"quarterly GDP in September: stale", ind("gdp", domain.KindFlow, domain.Up, domain.Quarterly), per(9),
			target(nil, fp(8)), true, "stale", nil, fp(-3.3), fp(10.87), false},
		{"monthly (\"\") unemployment in August: stale", ind("unemp", domain.KindLevel, domain.Down, ""), per(8),
			target(fp(5.5), nil), true, "stale", fp(-0.3), nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at, ok := fig.latest("r", tt.ind.Code, tt.at)
			l := line(tt.ind, "r", at, ok, tt.at, fig, []string{"r"}, tt.targets)
			if l.Stale != tt.stale {
				t.Errorf("stale: got %v, want %v", l.Stale, tt.stale)
			}
			tl := l.Targets[0]
			if tl.Status != tt.status {
				t.Errorf("status: got %q, want %q", tl.Status, tt.status)
			}
			for _, c := range []struct {
				name      string
				got, want *float64
			}{{"level_gap", tl.LevelGap, tt.levelGap}, {"gap_pp", tl.GapPP, tt.gap}, {"required_growth", tl.RequiredGrowth, tt.required}} {
				switch {
				case (c.got == nil) != (c.want == nil):
					t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
				case c.got != nil && pace.RoundTo(*c.got, 2) != *c.want:
					t.Errorf("%s: got %v, want %v", c.name, *c.got, *c.want)
				}
			}
			if (tl.Completion != nil) != tt.completed {
				t.Errorf("completion: got %v, want present %v", tl.Completion, tt.completed)
			}
			if tl.TimeProgress == nil || *tl.TimeProgress != 50 {
				t.Errorf("time_progress: got %v, want June's 50", tl.TimeProgress)
			}
		})
	}
}

// TestReasonKeysInCatalogue: every reason the scorecard may give is a key with a text in every
// language.
func TestReasonKeysInCatalogue(t *testing.T) {
	keys := append(pace.ReasonKeys(), reasonNoData)
	for _, lang := range locale.Languages {
		for _, k := range keys {
			if got := locale.T(lang, k); got == "["+k+"]" || got == "" {
				t.Errorf("%s %s: got %q, want a text", lang, k, got)
			}
		}
	}
	if got := locale.T("zh-CN", reasonNoData); got != "截至本期尚无数据" {
		t.Errorf("zh-CN %s: got %q, want 截至本期尚无数据", reasonNoData, got)
	}
}

func TestIn(t *testing.T) {
	sc := &Scorecard{Indicators: []Line{{Code: "x",
		Reasons: map[string]string{"value": reasonNoData},
		Targets: []TierLine{{Tier: "assigned", Reasons: map[string]string{"completion": pace.ErrNoTarget.Error()}}}}}}
	tests := []struct{ lang, value, completion string }{
		{"zh-CN", "截至本期尚无数据", "缺少目标"},
		{"en", "no figure yet up to this period", "no target is set"},
	}
	for _, tt := range tests {
		got := sc.In(tt.lang)
		if v := got.Indicators[0].Reasons["value"]; v != tt.value {
			t.Errorf("%s reasons.value: got %q, want %q", tt.lang, v, tt.value)
		}
		if v := got.Indicators[0].Targets[0].Reasons["completion"]; v != tt.completion {
			t.Errorf("%s targets[0].reasons.completion: got %q, want %q", tt.lang, v, tt.completion)
		}
	}
	if v := sc.Indicators[0].Reasons["value"]; v != reasonNoData {
		t.Errorf("original after In: got %q, want the key %q untouched", v, reasonNoData)
	}
	if v := sc.Indicators[0].Targets[0].Reasons["completion"]; v != pace.ErrNoTarget.Error() {
		t.Errorf("original target after In: got %q, want the key untouched", v)
	}
}
