package pace

import (
	"math"
	"testing"
)

func TestRoundTo(t *testing.T) {
	tests := []struct {
		x        float64
		decimals int
		want     float64
	}{
		{5.4000000001, 1, 5.4},
		{5.3999999, 1, 5.4},
		{5.40, 1, 5.4},
		{5.45, 1, 5.5},
		{5.449, 1, 5.4},
		{-5.45, 1, -5.5}, // half away from zero
		{2.675, 2, 2.68}, // stored as 2.67499999…
		{1.005, 2, 1.01},
		{0.1 + 0.2, 2, 0.3},
		{-6.756756, 2, -6.76},
		{9.848484, 2, 9.85},
		{-3.583333, 2, -3.58},
		{0.5, 0, 1},
		{-0.5, 0, -1},
		{-0.04, 1, 0},
		{1234.5, -1, 1230},
		{1235, -1, 1240},
		{123456789.125, 2, 123456789.13},
	}
	for _, tt := range tests {
		got := RoundTo(tt.x, tt.decimals)
		if got != tt.want {
			t.Errorf("RoundTo(%v, %d): got %v, want %v", tt.x, tt.decimals, got, tt.want)
		}
	}
	if got := RoundTo(-0.04, 1); math.Signbit(got) {
		t.Errorf("RoundTo(-0.04, 1): got %v, want 0 without a sign", got)
	}
	if got := RoundTo(math.NaN(), 2); !math.IsNaN(got) {
		t.Errorf("RoundTo(NaN, 2): got %v, want NaN", got)
	}
	if got := RoundTo(math.Inf(-1), 2); !math.IsInf(got, -1) {
		t.Errorf("RoundTo(-Inf, 2): got %v, want -Inf", got)
	}
}
