package pace

import (
	"math"
	"testing"
)

func TestAdditive(t *testing.T) {
	for _, tc := range []struct {
		kind Kind
		want bool
	}{
		{KindFlow, true}, {"", true}, {KindCount, true}, {KindStock, true},
		{KindRate, false}, {KindLevel, false}, {"other", false},
	} {
		if got := Additive(tc.kind); got != tc.want {
			t.Errorf("Additive(%q): got %v, want %v", tc.kind, got, tc.want)
		}
	}
}

// Each expected growth is (ΣV / ΣB − 1) × 100 worked out beside it: never the average of the
// parts' growths, which the first case shows differs.
func TestSumAcross(t *testing.T) {
	tests := []struct {
		name       string
		kind       Kind
		comparable bool
		parts      []Part
		reported   int
		value      *float64
		base       *float64
		growth     *float64
		implied    bool
		reasons    map[string]error
	}{
		{
			// growths 25, 0, 20 average 15; the sum grows 60 / 53 − 1 = 13.21%.
			name: "three flows with stored bases", kind: KindFlow,
			parts:    []Part{{Value: f(10), Base: f(8)}, {Value: f(20), Base: f(20)}, {Value: f(30), Base: f(25)}},
			reported: 3, value: f(60), base: f(53), growth: f(13.21),
		},
		{
			name: "a region without a figure: the sum is partial, no growth", kind: KindFlow,
			parts:    []Part{{Value: f(10), Base: f(8)}, {}, {Value: f(30), Base: f(25)}},
			reported: 2, value: f(40),
			reasons: map[string]error{"value": ErrSumIncomplete, "growth": ErrSumIncomplete},
		},
		{
			// 10 / 1.25 = 8 implied; 30 / (8 + 20) − 1 = 7.14%.
			name: "a base implied by the published growth", kind: KindFlow,
			parts:    []Part{{Value: f(10), Growth: f(25)}, {Value: f(20), Base: f(20)}},
			reported: 2, value: f(30), base: f(28), growth: f(7.14), implied: true,
			reasons: map[string]error{"growth": noteSumBaseImplied},
		},
		{
			name: "a base neither stored nor implied", kind: KindFlow,
			parts:    []Part{{Value: f(10)}, {Value: f(20), Base: f(20)}},
			reported: 2, value: f(30),
			reasons: map[string]error{"growth": ErrSumNoBase},
		},
		{
			// Comparable prices: the stored nominal 90 is ignored; 100 / 1.05 + 50 / 1.10 =
			// 95.238 + 45.455 = 140.693; 150 / 140.693 − 1 = 6.62%.
			name: "comparable prices: bases implied by the published growths only", kind: KindFlow, comparable: true,
			parts:    []Part{{Value: f(100), Growth: f(5), Base: f(90)}, {Value: f(50), Growth: f(10)}},
			reported: 2, value: f(150), base: f(140.69), growth: f(6.62), implied: true,
			reasons: map[string]error{"growth": noteSumBaseImpliedComparable},
		},
		{
			name: "comparable prices without a published growth: no growth of the sum", kind: KindFlow, comparable: true,
			parts:    []Part{{Value: f(100), Base: f(90)}, {Value: f(50), Growth: f(10)}},
			reported: 2, value: f(150),
			reasons: map[string]error{"growth": ErrComparableGrowth},
		},
		{
			// 800 / 770 − 1 = 3.90%.
			name: "stock balances add up", kind: KindStock,
			parts:    []Part{{Value: f(500), Base: f(480)}, {Value: f(300), Base: f(290)}},
			reported: 2, value: f(800), base: f(770), growth: f(3.90),
		},
		{
			// A region's zero last year is a figure: 19 / (10 + 7 + 0) − 1 = 11.76%.
			name: "counts, one region's base zero", kind: KindCount,
			parts:    []Part{{Value: f(12), Base: f(10)}, {Value: f(5), Base: f(7)}, {Value: f(2), Base: f(0)}},
			reported: 3, value: f(19), base: f(17), growth: f(11.76),
		},
		{
			name: "a rate does not add up", kind: KindRate,
			parts:   []Part{{Growth: f(5)}, {Growth: f(6)}},
			reasons: map[string]error{"value": ErrNotAdditive, "growth": ErrNotAdditive},
		},
		{
			name: "a level does not add up", kind: KindLevel,
			parts:   []Part{{Value: f(5.3)}, {Value: f(5.1)}},
			reasons: map[string]error{"value": ErrNotAdditive, "growth": ErrNotAdditive},
		},
		{
			name: "no region with a value", kind: KindFlow,
			parts:   []Part{{}, {Value: f(math.NaN())}},
			reasons: map[string]error{"value": ErrSumNone, "growth": ErrSumNone},
		},
		{
			name: "summed base zero", kind: KindCount,
			parts:    []Part{{Value: f(3), Base: f(0)}},
			reported: 1, value: f(3),
			reasons: map[string]error{"growth": ErrSumNoBase},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := SumAcross(tt.kind, tt.comparable, tt.parts)
			if s.Parts != len(tt.parts) || s.Reported != tt.reported {
				t.Errorf("parts: got %d of %d reported, want %d of %d", s.Reported, s.Parts, tt.reported, len(tt.parts))
			}
			for _, fld := range []struct {
				name      string
				got, want *float64
			}{{"value", s.Value, tt.value}, {"base", s.Base, tt.base}, {"growth", s.Growth, tt.growth}} {
				switch {
				case fld.want == nil && fld.got != nil:
					t.Errorf("%s: got %v, want nil", fld.name, *fld.got)
				case fld.want != nil:
					checkPtr(t, fld.name, fld.got, *fld.want)
				}
			}
			if s.BaseImplied != tt.implied {
				t.Errorf("base implied: got %v, want %v", s.BaseImplied, tt.implied)
			}
			if len(s.Reasons) != len(tt.reasons) {
				t.Errorf("reasons: got %v, want %v", s.Reasons, tt.reasons)
			}
			for field, want := range tt.reasons {
				if s.Reasons[field] != want.Error() {
					t.Errorf("reason %s: got %q, want %q", field, s.Reasons[field], want.Error())
				}
			}
		})
	}
}

func TestSumGap(t *testing.T) {
	complete := SumAcross(KindFlow, false, []Part{{Value: f(10), Base: f(8)}, {Value: f(20), Base: f(20)}}) // 30, +7.14
	partial := SumAcross(KindFlow, false, []Part{{Value: f(10), Base: f(8)}, {}})
	for _, tc := range []struct {
		name          string
		value, growth *float64
		s             Sum
		wantV, wantG  *float64
	}{
		// 31.5 − 30 = 1.5; 8.0 − 7.14 = 0.86 pp.
		{"whole above the complete sum", f(31.5), f(8.0), complete, f(1.5), f(0.86)},
		{"whole without a growth", f(29), nil, complete, f(-1), nil},
		{"whole without a figure", nil, nil, complete, nil, nil},
		{"a partial sum is not compared", f(31.5), f(8.0), partial, nil, nil},
	} {
		v, g := SumGap(tc.value, tc.growth, tc.s)
		for _, fld := range []struct {
			name      string
			got, want *float64
		}{{"value", v, tc.wantV}, {"growth", g, tc.wantG}} {
			switch {
			case fld.want == nil && fld.got != nil:
				t.Errorf("%s: %s: got %v, want nil", tc.name, fld.name, *fld.got)
			case fld.want != nil:
				checkPtr(t, tc.name+": "+fld.name, fld.got, *fld.want)
			}
		}
	}
}
