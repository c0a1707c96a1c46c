package pace

import "math"

// RoundTo rounds x to decimals places, halves away from zero, the way published figures are
// rounded. It is robust to binary noise: 5.4000000001 and 5.3999999 both give 5.4 at one decimal,
// and a computed 2.675 (stored as 2.67499999…) gives 2.68 at two. A value within 1e-9 of a half
// in the last kept place (or 1e-12 relative, for large numbers) counts as the half.
// NaN and ±Inf are returned unchanged; negative decimals round to tens, hundreds, ….
func RoundTo(x float64, decimals int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow10(abs(decimals))
	s := x * p
	if decimals < 0 {
		s = x / p
	}
	a := math.Abs(s)
	if math.IsInf(s, 0) || a >= 1<<52 {
		return x
	}
	n := math.Floor(a)
	if a-n >= 0.5-math.Max(1e-9, a*1e-12) {
		n++
	}
	if n == 0 {
		return 0
	}
	r := n / p
	if decimals < 0 {
		r = n * p
	}
	return math.Copysign(r, x)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// finite reports whether x is an actual number (not NaN, not ±Inf).
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
