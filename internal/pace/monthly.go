package pace

import "slices"

// Point 累计值 is a cumulative figure: the value from January to the end of Period.
type Point struct {
	Period Period
	Value  float64
}

// MonthlyPoint is a single-period value: the Months months ending at Period.
type MonthlyPoint struct {
	Period Period
	Value  float64
	Months int
}

// MonthlyValues 当月值: single-period values from cumulative points, given in any order and
// possibly spanning several years; the result is in chronological order.
//
// The first point of a year covers January to its month, so a 1–2月 start published at YYYY-02 is
// returned as is with Months = 2. A later point is V_m − V_prev, prev being the previous point of
// the same year; when months are missing between them, Months says how many months the
// difference covers. Points with an invalid period or a value that is not a number are skipped
// (as if not published); of two points for the same period the later in the input wins.
func MonthlyValues(cum []Point) []MonthlyPoint {
	pts := make([]Point, 0, len(cum))
	for _, p := range cum {
		if p.Period.Valid() && finite(p.Value) {
			pts = append(pts, p)
		}
	}
	slices.SortStableFunc(pts, func(a, b Point) int { return a.Period.Compare(b.Period) })

	out := make([]MonthlyPoint, 0, len(pts))
	var prev Point
	for i, p := range pts {
		if i+1 < len(pts) && pts[i+1].Period == p.Period {
			continue
		}
		m := MonthlyPoint{Period: p.Period, Value: p.Value, Months: p.Period.Month}
		if len(out) > 0 && prev.Period.Year == p.Period.Year {
			m.Value = p.Value - prev.Value
			m.Months = p.Period.Month - prev.Period.Month
		}
		out = append(out, m)
		prev = p
	}
	return out
}
