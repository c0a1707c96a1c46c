package report_test

import (
	"testing"

	"pacer/internal/report"
)

func p(v float64) *float64 { return &v }

// TestNarrativeWords: the comparison words follow the sign of the value as displayed (a value that
// rounds to zero is 持平), and the magnitude is the absolute value.
func TestNarrativeWords(t *testing.T) {
	cases := []struct {
		name, got, want string
	}{
		{"below", report.Compare("zh-CN", "higher", "全年目标", -3.3, 1, "个百分点"), "低于全年目标3.3个百分点"},
		{"above", report.Compare("zh-CN", "higher", "全年目标", 0.26, 1, "个百分点"), "高于全年目标0.3个百分点"},
		{"rounds to level", report.Compare("zh-CN", "higher", "全年目标", -0.04, 1, "个百分点"), "与全年目标持平"},
		{"faster", report.Compare("zh-CN", "faster", "时序进度", 15.2, 1, "个百分点"), "快于时序进度15.2个百分点"},
		{"slower", report.Compare("zh-CN", "faster", "时序进度", -5.2, 1, "个百分点"), "慢于时序进度5.2个百分点"},
		{"growth up", report.GrowthWords("zh-CN", 4.7), "同比增长4.7%"},
		{"growth down", report.GrowthWords("zh-CN", -3.24), "同比下降3.2%"},
		{"growth flat", report.GrowthWords("zh-CN", 0.02), "与上年同期持平"},
		{"required min", report.RequiredWords("zh-CN", "下半年", "assigned", 10.94, "min"), "下半年需增长10.9%以上才能完成全年下达目标"},
		{"required min negative", report.RequiredWords("zh-CN", "下半年", "assigned", -2, "min"), "下半年降幅不超过2.0%即可完成全年下达目标"},
		{"required min zero", report.RequiredWords("zh-CN", "下半年", "stretch", 0.01, "min"), "下半年保持上年同期水平即可完成全年自我加压目标"},
		{"required max", report.RequiredWords("zh-CN", "下半年", "assigned", 6, "max"), "下半年增长不超过6.0%才能控制在全年下达上限内"},
		{"required max negative", report.RequiredWords("zh-CN", "下半年", "assigned", -1.5, "max"), "下半年需下降1.5%以上才能控制在全年下达上限内"},
		{"span", report.Span("zh-CN", 6), "1–6月"},
		{"span January", report.Span("zh-CN", 1), "1月"},
		{"rest after June", report.Rest("zh-CN", 6), "下半年"},
		{"rest after July", report.Rest("zh-CN", 7), "8–12月"},
		{"rest after November", report.Rest("zh-CN", 11), "12月"},
		{"rest after December", report.Rest("zh-CN", 12), ""},
		{"county", report.AreaWord("zh-CN", "台山县"), "全县"},
		{"district", report.AreaWord("zh-CN", "蓬江区"), "全区"},
		{"city", report.AreaWord("zh-CN", "鹤山市"), "全市"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

// TestSentence: the headline sentence, and the sentences of a ceiling, a level, a
// figure without a value and a 示例 figure, from their figures.
func TestSentence(t *testing.T) {
	cases := []struct {
		name string
		s    report.Subject
		want string
	}{
		{"headline", report.Subject{Name: "地区生产总值", Unit: "亿元", Precision: 2, Kind: "flow", Direction: "up",
			Value: p(223.83), Growth: p(4.7), Tiers: []report.TierFigures{{Tier: "assigned", TargetGrowth: p(8), GrowthVs: p(-3.3), Required: p(10.9), Bound: "min"}}},
			"1–6月，全市地区生产总值223.83亿元，同比增长4.7%，低于全年下达目标（8.0%）3.3个百分点；下半年需增长10.9%以上才能完成全年下达目标。"},
		{"ceiling", report.Subject{Name: "能源消费总量", Unit: "万吨标准煤", Precision: 2, Kind: "flow", Direction: "down",
			Value: p(55), Growth: p(10), Tiers: []report.TierFigures{{Tier: "assigned", TargetValue: p(108), Completion: p(50.93), CompletionVs: p(0.93), Required: p(6), Bound: "max"}}},
			"1–6月，全市能源消费总量55.00万吨标准煤，同比增长10.0%，已用下达上限（108.00万吨标准煤）的50.9%，快于时序进度0.9个百分点；下半年增长不超过6.0%才能控制在全年下达上限内。"},
		{"level over its ceiling", report.Subject{Name: "城镇调查失业率", Unit: "%", Precision: 1, Kind: "level", Direction: "down",
			Value: p(5.8), Tiers: []report.TierFigures{{Tier: "assigned", TargetValue: p(5.5), LevelVs: p(0.3)}}},
			"1–6月，全市城镇调查失业率5.8%，高于下达控制线（5.5%）0.3个百分点。"},
		{"growth only, falling", report.Subject{Name: "第三产业用电量", Unit: "亿千瓦时", Precision: 2, Growth: p(-2.5), Rank: func() *int { r := 4; return &r }(), Peers: 7},
			"1–6月，全市第三产业用电量同比下降2.5%，在7个同级地区中居第4位。"},
		{"a register's 示例 figure", report.Subject{Name: "新入库规上工业企业", Unit: "家", Kind: "count", Direction: "up", Value: p(35), Sample: true,
			Tiers: []report.TierFigures{{Tier: "assigned", TargetValue: p(100), Completion: p(35), CompletionVs: p(-15)}}},
			"1–6月，全市新入库规上工业企业35家（示例），完成下达目标（100家）的35.0%，慢于时序进度15.0个百分点。"},
	}
	for _, c := range cases {
		if got := report.Sentence("zh-CN", "1–6月，全市", "下半年", c.s); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}
