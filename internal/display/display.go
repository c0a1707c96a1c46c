// Package display writes numbers the way officials write them: 亿元 with two decimals, growth
// with one, gaps in 个百分点, and "—" for a figure that is absent.
package display

import (
	"strconv"

	"pacer/internal/locale"
	"pacer/internal/pace"
)

// Absent is shown where a figure is missing.
const Absent = "—"

// Value formats a value at the indicator's published precision.
func Value(v *float64, precision int) string {
	if v == nil {
		return Absent
	}
	return strconv.FormatFloat(pace.RoundTo(*v, precision), 'f', precision, 64)
}

// Growth formats a growth rate (percent) with one decimal, signed when negative: "4.7", "-3.2".
func Growth(g *float64) string {
	return Value(g, pace.DefaultGrowthDecimals)
}

// Percent formats a completion or time progress (percent) with one decimal... officials quote
// completion to one decimal ("占全年计划的65.2%").
func Percent(p *float64) string { return Value(p, 1) }

// PP formats a gap in percentage points with a sign: "+15.2", "-6.8", "0.0".
func PP(p *float64) string { return Signed(p, 1) }

// Signed formats a change or a gap at precision decimals with a sign when positive: "+0.2",
// "-0.3", "0.0" — a level's gap or change in its unit.
func Signed(p *float64, precision int) string {
	if p == nil {
		return Absent
	}
	s := Value(p, precision)
	if pace.RoundTo(*p, precision) > 0 {
		s = "+" + s
	}
	return s
}

// Rank writes a rank among peers as "3/7"; ranked alone (no peer has a figure) it says so in
// lang — "1/1" would read as first place; no rank at all is Absent.
func Rank(lang string, rank *int, peers int) string {
	if rank == nil || peers == 0 {
		return Absent
	}
	if peers == 1 {
		return locale.T(lang, "wording.rank.no_peers")
	}
	return strconv.Itoa(*rank) + "/" + strconv.Itoa(peers)
}
