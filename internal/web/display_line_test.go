package web

import (
	"testing"

	"pacer/internal/scorecard"
)

func fp(x float64) *float64 { return &x }
func sp(s string) *string   { return &s }

// How a tier's target and its required growths read, in both languages (DESIGN.md §4a worked
// example 7 for the ceiling).
func TestRequiredSentences(t *testing.T) {
	energy := scorecard.Line{Unit: "万吨标准煤", Kind: "flow", Direction: "down", Precision: 2}
	intensity := scorecard.Line{Unit: "吨标准煤/万元", Kind: "flow", Direction: "down", Precision: 4}
	gdp := scorecard.Line{Unit: "亿元", Kind: "flow", Direction: "up", Precision: 2}
	unemployment := scorecard.Line{Unit: "%", Kind: "level", Direction: "down", Precision: 1}
	for _, tc := range []struct {
		name, lang string
		month      int
		l          scorecard.Line
		t          scorecard.TierLine
		target     string
		required   []dashReq
	}{
		{"ceiling", "zh-CN", 6, energy, scorecard.TierLine{TargetValue: fp(108), RequiredGrowth: fp(6), RequiredGrowthBound: sp("max"),
			RequiredGrowthFrom: sp("value"), RequiredGrowthValue: fp(6), RequiredGrowthValueBasis: sp("current")},
			"不超过108万吨标准煤", []dashReq{{Text: "下半年增速不超过6.0%才能控制在全年108万吨标准煤以内"}}},
		{"ceiling en", "en", 6, energy, scorecard.TierLine{TargetValue: fp(108), RequiredGrowth: fp(6), RequiredGrowthBound: sp("max"),
			RequiredGrowthFrom: sp("value"), RequiredGrowthValue: fp(6), RequiredGrowthValueBasis: sp("current")},
			"at most 108 (10k tce)", []dashReq{{Text: "The second half: growth must stay at or below 6.0% (to keep the full year within 108 (10k tce))"}}},
		{"ceiling on growth, both", "zh-CN", 6, energy, scorecard.TierLine{TargetValue: fp(108), TargetGrowth: fp(8), RequiredGrowth: fp(6),
			RequiredGrowthBound: sp("max"), RequiredGrowthFrom: sp("growth"), RequiredGrowthValue: fp(6.5), RequiredGrowthValueBasis: sp("current"),
			RequiredGrowthGrowth: fp(6), RequiredGrowthGrowthBasis: sp("current")},
			"不超过108万吨标准煤、增长不超过8.0%", []dashReq{{Text: "下半年增速不超过6.0%才能控制在全年增长8.0%以内"},
				{Text: "下半年增速不超过6.5%才能控制在全年108万吨标准煤以内"}}},
		{"a fall to reach", "zh-CN", 9, intensity, scorecard.TierLine{TargetGrowth: fp(-3), RequiredGrowth: fp(-4.2), RequiredGrowthBound: sp("max"),
			RequiredGrowthFrom: sp("growth"), RequiredGrowthGrowth: fp(-4.2), RequiredGrowthGrowthBasis: sp("current")},
			"下降3.0%", []dashReq{{Text: "四季度需下降4.2%以上才能实现全年下降3.0%目标"}}},
		{"minimum, both, binding first", "zh-CN", 6, gdp, scorecard.TierLine{TargetValue: fp(500), TargetGrowth: fp(8), RequiredGrowth: fp(12.2),
			RequiredGrowthBound: sp("min"), RequiredGrowthFrom: sp("value"), RequiredGrowthValue: fp(12.2), RequiredGrowthValueBasis: sp("current"),
			RequiredGrowthGrowth: fp(10.87), RequiredGrowthGrowthBasis: sp("comparable")},
			"500亿元、增长8.0%", []dashReq{{Basis: "现价", Text: "下半年需增长12.2%才能完成全年500亿元目标"},
				{Basis: "可比价", Text: "下半年需增长10.9%才能完成全年8.0%目标"}}},
		{"a level's ceiling: no required growth", "zh-CN", 7, unemployment, scorecard.TierLine{TargetValue: fp(5.5)}, "不超过5.5%", nil},
		{"December: the year has passed", "zh-CN", 12, gdp, scorecard.TierLine{TargetGrowth: fp(8), RequiredGrowth: fp(1)}, "8.0%", nil},
	} {
		if got := dashTargetText(tc.lang, tc.t, tc.l); got != tc.target {
			t.Errorf("%s: target got %q, want %q", tc.name, got, tc.target)
		}
		got := dashRequiredLines(tc.lang, tc.month, tc.t, tc.l)
		if len(got) != len(tc.required) {
			t.Errorf("%s: got %d required growths %+v, want %d", tc.name, len(got), got, len(tc.required))
			continue
		}
		for i := range got {
			if got[i].Basis != tc.required[i].Basis || got[i].Text != tc.required[i].Text {
				t.Errorf("%s: required %d got %q %q, want %q %q", tc.name, i, got[i].Basis, got[i].Text, tc.required[i].Basis, tc.required[i].Text)
			}
		}
	}
	if got := dashInUnit("zh-CN", fp(-0.3), 1, "%"); got != "-0.3个百分点" {
		t.Errorf("level gap in %%: got %q, want -0.3个百分点", got)
	}
	if got := dashInUnit("en", fp(0.2), 1, "%"); got != "+0.2 pp" {
		t.Errorf("level gap in %% (en): got %q, want +0.2 pp", got)
	}
}
