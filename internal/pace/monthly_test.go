package pace

import (
	"math"
	"slices"
	"testing"
)

func TestMonthlyValues(t *testing.T) {
	p := func(y, m int, v float64) Point { return Point{Period{y, m}, v} }
	mp := func(y, m int, v float64, months int) MonthlyPoint { return MonthlyPoint{Period{y, m}, v, months} }
	tests := []struct {
		name string
		in   []Point
		want []MonthlyPoint
	}{
		{
			name: "1–2月 start: March is V03 − V02",
			in:   []Point{p(2023, 2, 30), p(2023, 3, 48), p(2023, 4, 65)},
			want: []MonthlyPoint{mp(2023, 2, 30, 2), mp(2023, 3, 18, 1), mp(2023, 4, 17, 1)},
		},
		{
			name: "any order, several years",
			in:   []Point{p(2023, 3, 48), p(2022, 2, 25), p(2023, 2, 30), p(2022, 3, 40)},
			want: []MonthlyPoint{mp(2022, 2, 25, 2), mp(2022, 3, 15, 1), mp(2023, 2, 30, 2), mp(2023, 3, 18, 1)},
		},
		{
			name: "quarterly GDP: each covers three months",
			in:   []Point{p(2023, 3, 100), p(2023, 6, 223.83), p(2023, 9, 340)},
			want: []MonthlyPoint{mp(2023, 3, 100, 3), mp(2023, 6, 123.83, 3), mp(2023, 9, 116.17, 3)},
		},
		{
			name: "missing May: June covers two months",
			in:   []Point{p(2023, 1, 10), p(2023, 4, 50), p(2023, 6, 80)},
			want: []MonthlyPoint{mp(2023, 1, 10, 1), mp(2023, 4, 40, 3), mp(2023, 6, 30, 2)},
		},
		{
			name: "NaN and invalid periods are skipped; later duplicate wins",
			in:   []Point{p(2023, 2, 30), p(2023, 3, math.NaN()), p(2023, 13, 99), p(2023, 4, 60), p(2023, 4, 66)},
			want: []MonthlyPoint{mp(2023, 2, 30, 2), mp(2023, 4, 36, 2)},
		},
		{name: "empty", in: nil, want: []MonthlyPoint{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MonthlyValues(tt.in)
			same := slices.EqualFunc(got, tt.want, func(a, b MonthlyPoint) bool {
				return a.Period == b.Period && a.Months == b.Months && near(a.Value, b.Value, 1e-9)
			})
			if !same {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
