package report

import (
	"math"
	"strconv"
	"strings"

	"pacer/internal/display"
	"pacer/internal/locale"
	"pacer/internal/pace"
)

// The narrative is built from figures only: every sentence is a catalogue template over values
// the scorecard computed, formatted by package display; every comparison word (高于/低于,
// 快于/慢于, 增长/下降) is chosen by the sign of the value it qualifies, as displayed. Nothing
// here reads a store: the functions are pure and table-tested.

// Subject is one indicator's figures as a sentence reads them.
type Subject struct {
	Name      string
	Unit      string
	Precision int
	Kind      string // flow | count | stock | level | rate
	Direction string // up | down
	Value     *float64
	Growth    *float64
	Rank      *int
	Peers     int
	Tiers     []TierFigures
	// Sample: Value is 示例 — summed by a register from rows marked 示例 (the demo's) — and is
	// written so ("35家（示例）"), never as a real figure.
	Sample bool
}

// TierFigures are one tier's figures of a Subject. Gaps here are raw differences (the first
// minus the second), not the scorecard's "positive is better" gaps: the words say which way the
// difference goes, the colour says whether that is good.
type TierFigures struct {
	Tier         string // assigned | stretch
	TargetValue  *float64
	TargetGrowth *float64
	Completion   *float64
	CompletionVs *float64 // completion − time progress, 个百分点
	GrowthVs     *float64 // growth − target growth, 个百分点
	LevelVs      *float64 // value − target value, in the unit
	Required     *float64
	Bound        string // min | max
}

// rounded is v as displayed at decimals, and its sign as displayed (−1, 0, 1).
func rounded(v float64, decimals int) (float64, int) {
	r := pace.RoundTo(v, decimals)
	switch {
	case r > 0:
		return r, 1
	case r < 0:
		return r, -1
	}
	return 0, 0
}

// abs formats |v| at decimals.
func abs(v float64, decimals int) string {
	return strconv.FormatFloat(math.Abs(pace.RoundTo(v, decimals)), 'f', decimals, 64)
}

// Compare words a raw difference d (个百分点 unless unit says otherwise) against what it is
// compared with: "高于全年下达目标3.3个百分点", "低于…", "与…持平". higher/lower name the word pair
// ("higher" → report.w.higher / report.w.lower; "faster" → report.w.faster / report.w.slower).
func Compare(lang, pair, against string, d float64, decimals int, unit string) string {
	_, sign := rounded(d, decimals)
	if sign == 0 {
		return locale.T(lang, "report.w.level_with", against)
	}
	word := locale.T(lang, "report.w."+pair+"_up")
	if sign < 0 {
		word = locale.T(lang, "report.w."+pair+"_down")
	}
	return locale.T(lang, "report.w.compare", word, against, abs(d, decimals), unit)
}

// GrowthWords is "同比增长4.7%", "同比下降3.2%" or "与上年同期持平", by the sign as displayed.
func GrowthWords(lang string, g float64) string {
	_, sign := rounded(g, pace.DefaultGrowthDecimals)
	switch {
	case sign > 0:
		return locale.T(lang, "report.s.growth_up", abs(g, pace.DefaultGrowthDecimals))
	case sign < 0:
		return locale.T(lang, "report.s.growth_down", abs(g, pace.DefaultGrowthDecimals))
	}
	return locale.T(lang, "report.s.growth_flat")
}

// RequiredWords says what the rest of the year must do for a tier: "下半年需增长10.9%以上才能完成
// 全年下达目标"; a ceiling's "增长不超过6.0%才能控制在下达上限内"; a negative minimum "降幅不超过…即可".
func RequiredWords(lang, rest, tier string, r float64, bound string) string {
	_, sign := rounded(r, pace.DefaultGrowthDecimals)
	a := abs(r, pace.DefaultGrowthDecimals)
	t := locale.T(lang, "tier."+tier)
	switch {
	case bound == "max" && sign >= 0:
		return locale.T(lang, "report.s.req_max", rest, a, t)
	case bound == "max":
		return locale.T(lang, "report.s.req_max_fall", rest, a, t)
	case sign > 0:
		return locale.T(lang, "report.s.req_min", rest, a, t)
	case sign < 0:
		return locale.T(lang, "report.s.req_min_fall", rest, a, t)
	}
	return locale.T(lang, "report.s.req_min_flat", rest, t)
}

// Span is the months a cumulative figure covers: "1–6月", "1月".
func Span(lang string, month int) string {
	if month == 1 {
		return locale.T(lang, "report.span_one")
	}
	return locale.T(lang, "report.span", month)
}

// Rest is the rest of the year after month: "下半年" after June, "7–12月", "12月"; "" after December.
func Rest(lang string, month int) string {
	switch {
	case month >= 12:
		return ""
	case month == 6:
		return locale.T(lang, "report.rest_half")
	case month == 11:
		return locale.T(lang, "report.rest_one")
	}
	return locale.T(lang, "report.rest", month+1)
}

// AreaWord is how a region names itself in its own report: 全市, 全县, 全区.
func AreaWord(lang, name string) string {
	switch {
	case strings.HasSuffix(name, "县"):
		return locale.T(lang, "report.area.county")
	case strings.HasSuffix(name, "区"):
		return locale.T(lang, "report.area.district")
	}
	return locale.T(lang, "report.area.city")
}

// Sentence is the paragraph of one indicator: its value and growth, its rank among peers, each
// tier against its target, and what the rest of the year requires. lead opens it ("1–6月，全市").
func Sentence(lang, lead, rest string, s Subject) string {
	var parts []string
	first := lead + s.Name
	if s.Value != nil {
		if locale.Match(lang) == "en" {
			first += " " // "Gross domestic product 223.83 100m yuan"; 地区生产总值223.83亿元
		}
		first += display.Value(s.Value, s.Precision) + s.Unit
		if s.Sample {
			first += locale.T(lang, "report.sample_mark")
		}
	}
	if s.Growth != nil && s.Value != nil {
		parts = append(parts, first, GrowthWords(lang, *s.Growth))
	} else if s.Growth != nil { // no value: "第三产业用电量同比增长18.2%"
		parts = append(parts, first+GrowthWords(lang, *s.Growth))
	} else {
		parts = append(parts, first)
	}
	if s.Rank != nil && s.Peers > 1 {
		parts = append(parts, locale.T(lang, "report.s.rank", s.Peers, *s.Rank))
	}
	var reqs []string
	for _, t := range s.Tiers {
		tier := locale.T(lang, "tier."+t.Tier)
		if t.GrowthVs != nil && t.TargetGrowth != nil {
			against := locale.T(lang, "report.s.target_growth", tier, display.Growth(t.TargetGrowth))
			parts = append(parts, Compare(lang, "higher", against, *t.GrowthVs, 1, locale.T(lang, "report.pp")))
		}
		if t.LevelVs != nil && t.TargetValue != nil {
			line := "report.s.level_target"
			if s.Direction == "down" {
				line = "report.s.level_ceiling"
			}
			against := locale.T(lang, line, tier, display.Value(t.TargetValue, s.Precision)+s.Unit)
			unit := s.Unit
			if unit == "%" {
				unit = locale.T(lang, "report.pp")
			}
			parts = append(parts, Compare(lang, "higher", against, *t.LevelVs, s.Precision, unit))
		}
		if t.Completion != nil && t.TargetValue != nil {
			key := "report.s.completion"
			if s.Direction == "down" {
				key = "report.s.used"
			}
			c := locale.T(lang, key, tier, display.Value(t.TargetValue, s.Precision)+s.Unit, display.Percent(t.Completion))
			if t.CompletionVs != nil {
				c += locale.T(lang, "report.comma") + Compare(lang, "faster", locale.T(lang, "report.s.time_progress"), *t.CompletionVs, 1, locale.T(lang, "report.pp"))
			}
			parts = append(parts, c)
		}
		if t.Required != nil && rest != "" {
			when := rest
			if len(reqs) > 0 { // said once: "下半年需增长10.9%以上…；需增长12.2%以上…"
				when = ""
			}
			reqs = append(reqs, RequiredWords(lang, when, t.Tier, *t.Required, t.Bound))
		}
	}
	out := strings.Join(parts, locale.T(lang, "report.comma"))
	if len(reqs) > 0 {
		out += locale.T(lang, "report.semicolon") + strings.Join(reqs, locale.T(lang, "report.semicolon"))
	}
	return out + locale.T(lang, "report.stop")
}
