package pace

import (
	"cmp"
	"slices"
)

// Direction says which way an indicator is better: "up" (higher is better, the default) or
// "down" (lower is better, e.g. energy use per unit of GDP).
type Direction string

const (
	HigherIsBetter Direction = "up"
	LowerIsBetter  Direction = "down"
)

// Valid reports whether d is one of the two directions.
func (d Direction) Valid() bool { return d == HigherIsBetter || d == LowerIsBetter }

// Lower reports whether lower values rank first.
func (d Direction) Lower() bool { return d == LowerIsBetter }

// Rank 排名 / 并列: competition ranking (1, 2, 2, 4) of values compared after RoundTo(decimals),
// so 5.40, 5.4 and 5.4000001 tie at one decimal. Nil entries (and NaN or ±Inf) are not ranked:
// their rank is 0 and they do not count. ranks is in input order; ranked is how many were ranked.
// A rank r means exactly r−1 ranked values are strictly better.
func Rank(values []*float64, decimals int, lowerIsBetter bool) (ranks []int, ranked int) {
	type entry struct {
		i int
		v float64
	}
	ranks = make([]int, len(values))
	es := make([]entry, 0, len(values))
	for i, p := range values {
		if p == nil || !finite(*p) {
			continue
		}
		v := RoundTo(*p, decimals)
		if lowerIsBetter {
			v = -v
		}
		es = append(es, entry{i, v})
	}
	slices.SortStableFunc(es, func(a, b entry) int { return cmp.Compare(b.v, a.v) })
	for k, e := range es {
		if k > 0 && e.v == es[k-1].v {
			ranks[e.i] = ranks[es[k-1].i]
		} else {
			ranks[e.i] = k + 1
		}
	}
	return ranks, len(es)
}
