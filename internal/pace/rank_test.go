package pace

import (
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

func TestRank(t *testing.T) {
	tests := []struct {
		name     string
		values   []*float64
		decimals int
		lower    bool
		want     []int
		ranked   int
	}{
		{"worked example", []*float64{f(5.4), f(6.1), f(5.4), f(3.2), f(7.0), f(4.4), f(5.4)}, 1, false,
			[]int{3, 2, 3, 7, 1, 6, 3}, 7},
		{"5.40, 5.4, 5.4000001 tie", []*float64{f(5.40), f(5.4), f(5.4000001), f(5.5)}, 1, false,
			[]int{2, 2, 2, 1}, 4},
		{"ties after rounding to the published precision", []*float64{f(5.44), f(5.36), f(5.46)}, 1, false,
			[]int{2, 2, 1}, 3},
		{"lower is better", []*float64{f(5.4), f(6.1), f(5.4), f(3.2)}, 1, true,
			[]int{2, 4, 2, 1}, 4},
		{"nil entries are not ranked and do not count", []*float64{nil, f(6.1), f(5.4), nil, f(7)}, 1, false,
			[]int{0, 2, 3, 0, 1}, 3},
		{"NaN is not ranked", []*float64{f(math.NaN()), f(1)}, 1, false, []int{0, 1}, 1},
		{"all nil", []*float64{nil, nil}, 1, false, []int{0, 0}, 0},
		{"empty", nil, 1, false, []int{}, 0},
	}
	for _, tt := range tests {
		ranks, ranked := Rank(tt.values, tt.decimals, tt.lower)
		if !slices.Equal(ranks, tt.want) || ranked != tt.ranked {
			t.Errorf("%s: got %v (%d ranked), want %v (%d ranked)", tt.name, ranks, ranked, tt.want, tt.ranked)
		}
	}
}

func TestDirection(t *testing.T) {
	if !LowerIsBetter.Lower() || HigherIsBetter.Lower() {
		t.Errorf("Lower: got %v/%v, want true/false", LowerIsBetter.Lower(), HigherIsBetter.Lower())
	}
	if !HigherIsBetter.Valid() || !LowerIsBetter.Valid() || Direction("sideways").Valid() {
		t.Errorf("Valid: got wrong answer for up/down/sideways")
	}
}

// Ranks are 1..ranked, the best has rank 1, equal rounded values share a rank, and rank r means
// exactly r−1 values are strictly better.
func TestRankProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Few distinct values and near-ties, so that ties are common.
		value := rapid.Custom(func(t *rapid.T) float64 {
			base := float64(rapid.IntRange(-30, 80).Draw(t, "tenths")) / 10
			noise := rapid.SampledFrom([]float64{0, 1e-9, -1e-9, 0.02, -0.02, 0.04}).Draw(t, "noise")
			return base + noise
		})
		values := rapid.SliceOfN(rapid.Ptr(value, true), 0, 12).Draw(t, "values")
		decimals := rapid.IntRange(0, 2).Draw(t, "decimals")
		lower := rapid.Bool().Draw(t, "lower")

		ranks, ranked := Rank(values, decimals, lower)
		if len(ranks) != len(values) {
			t.Fatalf("len(ranks): got %d, want %d", len(ranks), len(values))
		}
		better := func(a, b float64) bool { // a strictly better than b
			a, b = RoundTo(a, decimals), RoundTo(b, decimals)
			if lower {
				return a < b
			}
			return a > b
		}
		count, best := 0, -1
		for i, p := range values {
			if p == nil {
				if ranks[i] != 0 {
					t.Fatalf("nil at %d: got rank %d, want 0", i, ranks[i])
				}
				continue
			}
			count++
			if best < 0 || better(*p, *values[best]) {
				best = i
			}
		}
		if ranked != count {
			t.Fatalf("ranked: got %d, want %d", ranked, count)
		}
		if best >= 0 && ranks[best] != 1 {
			t.Fatalf("best value %v: got rank %d, want 1", *values[best], ranks[best])
		}
		for i, p := range values {
			if p == nil {
				continue
			}
			if ranks[i] < 1 || ranks[i] > ranked {
				t.Fatalf("rank of %v: got %d, want 1..%d", *p, ranks[i], ranked)
			}
			strictlyBetter := 0
			for j, q := range values {
				if q == nil {
					continue
				}
				if better(*q, *p) {
					strictlyBetter++
				}
				if RoundTo(*q, decimals) == RoundTo(*p, decimals) && ranks[j] != ranks[i] {
					t.Fatalf("%v and %v round equal: got ranks %d and %d, want equal", *p, *q, ranks[i], ranks[j])
				}
			}
			if strictlyBetter != ranks[i]-1 {
				t.Fatalf("rank of %v: got %d, but %d values are strictly better", *p, ranks[i], strictlyBetter)
			}
		}
	})
}
