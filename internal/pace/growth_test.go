package pace

import (
	"math"
	"testing"
)

func TestCumulativeGrowth(t *testing.T) {
	tests := []struct {
		name        string
		value, base float64
		want        float64
		err         error
	}{
		{"growth", 80, 70, 14.29, nil},
		{"fall", 63, 70, -10, nil},
		{"zero base", 80, 0, 0, ErrNoBase},
		{"negative base", 80, -1, 0, ErrNoBase},
		{"NaN base", 80, math.NaN(), 0, ErrNoBase},
		{"NaN value", math.NaN(), 70, 0, ErrNoValue},
	}
	for _, tt := range tests {
		got, err := CumulativeGrowth(tt.value, tt.base)
		checkErr(t, tt.name, err, tt.err)
		checkNear(t, tt.name, got, tt.want, cent)
	}
}

func TestImpliedBase(t *testing.T) {
	tests := []struct {
		name          string
		value, growth float64
		want          float64
		err           error
	}{
		{"GDP example", 223.83, 4.7, 213.78, nil},
		{"fall", 90, -10, 100, nil},
		{"growth -100", 90, -100, 0, ErrNoGrowth},
		{"growth below -100", 90, -150, 0, ErrNoGrowth},
		{"NaN growth", 90, math.NaN(), 0, ErrNoGrowth},
		{"Inf value", math.Inf(1), 5, 0, ErrNoValue},
	}
	for _, tt := range tests {
		got, err := ImpliedBase(tt.value, tt.growth)
		checkErr(t, tt.name, err, tt.err)
		checkNear(t, tt.name, got, tt.want, cent)
	}
}

func TestContribution(t *testing.T) {
	tests := []struct {
		name                string
		valuePart, basePart float64
		baseTotal           float64
		want                float64
		err                 error
	}{
		{"part adds 2 pp", 60, 50, 500, 2, nil},
		{"part subtracts", 45, 50, 500, -1, nil},
		{"no whole base", 60, 50, 0, 0, ErrNoBase},
		{"no part base", 60, math.NaN(), 500, 0, ErrNoBase},
		{"no part value", math.NaN(), 50, 500, 0, ErrNoValue},
	}
	for _, tt := range tests {
		got, err := Contribution(tt.valuePart, tt.basePart, tt.baseTotal)
		checkErr(t, tt.name, err, tt.err)
		checkNear(t, tt.name, got, tt.want, cent)
	}
}

func TestTwoYearAverageGrowth(t *testing.T) {
	tests := []struct{ g1, g2, want float64 }{
		{2, 8, 4.96},
		{5, 5, 5},
		{-10, 10, -0.50},
		{0, 0, 0},
	}
	for _, tt := range tests {
		checkNear(t, "TwoYearAverageGrowth", TwoYearAverageGrowth(tt.g1, tt.g2), tt.want, cent)
	}
	if got := TwoYearAverageGrowth(-150, 10); !math.IsNaN(got) {
		t.Errorf("TwoYearAverageGrowth(-150, 10): got %v, want NaN", got)
	}
}
