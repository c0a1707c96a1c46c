package cli

import (
	"strings"
	"testing"

	"pacer/internal/scorecard"
)

func fp(x float64) *float64 { return &x }

// TestWriteScorecardKinds: a stale line says 截至X月 and 未报; a level shows its gap in its unit;
// a maximum required growth is marked ≤.
func TestWriteScorecardKinds(t *testing.T) {
	june, max := "2023-06", "max"
	sc := &scorecard.Scorecard{Region: scorecard.RegionRef{Code: "440784", Name: "鹤山市"}, Period: "2023-12", TimeProgress: 100,
		Indicators: []scorecard.Line{
			{Code: "gdp", Name: "地区生产总值", Unit: "亿元", Precision: 2, Period: &june, Stale: true, Value: fp(223.83),
				Targets: []scorecard.TierLine{{Tier: "assigned", TargetGrowth: fp(8), GapPP: fp(-3.3), Status: "stale"}}},
			{Code: "unemp", Name: "城镇调查失业率", Unit: "%", Precision: 1, Period: &june, Value: fp(5.8),
				Targets: []scorecard.TierLine{{Tier: "assigned", TargetValue: fp(5.5), LevelGap: fp(-0.3), Status: "red"}}},
			{Code: "energy", Name: "能源消费总量", Unit: "万吨标准煤", Precision: 1, Period: &june, Value: fp(55),
				Targets: []scorecard.TierLine{{Tier: "assigned", TargetValue: fp(108), GapPP: fp(-0.93), RequiredGrowth: fp(6),
					RequiredGrowthBound: &max, Status: "yellow"}}},
		}}
	tests := []struct {
		en    bool
		lines map[string][]string // indicator name → texts its row must hold
	}{
		{false, map[string][]string{"地区生产总值": {"截至6月", "未报"}, "城镇调查失业率": {"-0.3", "红"}, "能源消费总量": {"≤6.0", "-0.9"}}},
		{true, map[string][]string{"地区生产总值": {"as of 2023-06", "stale"}, "城镇调查失业率": {"-0.3", "red"}, "能源消费总量": {"≤6.0"}}},
	}
	for _, tt := range tests {
		var b strings.Builder
		writeScorecard(&b, sc, map[bool]string{false: "zh-CN", true: "en"}[tt.en])
		for name, wants := range tt.lines {
			row := ""
			for _, l := range strings.Split(b.String(), "\n") {
				if strings.Contains(l, name) {
					row = l
				}
			}
			for _, w := range wants {
				if !strings.Contains(row, w) {
					t.Errorf("en=%v %s row: got %q, want it to contain %q", tt.en, name, row, w)
				}
			}
		}
	}
}
