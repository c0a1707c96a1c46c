package pace

import (
	"math"
	"testing"
)

func TestStatusFromGap(t *testing.T) {
	tests := []struct {
		gap, tolerance float64
		want           Status
	}{
		{9.85, 5, StatusGreen},
		{0, 5, StatusGreen},
		{-0.04, 5, StatusGreen},  // shown as −0.0
		{-0.05, 5, StatusYellow}, // shown as −0.1
		{-3.58, 5, StatusYellow},
		{-5.00, 5, StatusYellow}, // exactly at tolerance is yellow
		{-4.96, 5, StatusYellow}, // shown as −5.0
		{-5.04, 5, StatusYellow}, // shown as −5.0: the same colour as −4.96
		{-5.05, 5, StatusRed},    // shown as −5.1
		{-6.76, 5, StatusRed},
		{-1.0000000000000004, 1, StatusYellow}, // 4.7 − 5.7 in floating point
		{-1.1, 1, StatusRed},
		{-0.04, 0, StatusGreen}, // shown as −0.0
		{-0.06, 0, StatusRed},
		{math.NaN(), 5, StatusNone},
	}
	for _, tt := range tests {
		if got := StatusFromGap(tt.gap, tt.tolerance); got != tt.want {
			t.Errorf("StatusFromGap(%v, %v): got %q, want %q", tt.gap, tt.tolerance, got, tt.want)
		}
	}
}

func TestStatusFromLevelGap(t *testing.T) {
	tests := []struct {
		gap      float64
		decimals int
		want     Status
	}{
		{0.2, 1, StatusGreen},
		{0, 1, StatusGreen},
		{-0.3, 1, StatusRed},
		{-0.04, 1, StatusGreen}, // shown as −0.0
		{-0.4, 0, StatusGreen},  // shown as −0 at no decimals
		{-0.5, 0, StatusRed},
		{math.NaN(), 1, StatusNone},
	}
	for _, tt := range tests {
		if got := StatusFromLevelGap(tt.gap, tt.decimals); got != tt.want {
			t.Errorf("StatusFromLevelGap(%v, %d): got %q, want %q", tt.gap, tt.decimals, got, tt.want)
		}
	}
}

func TestGrowthGap(t *testing.T) {
	tests := []struct {
		growth, target float64
		decimals       int
		want           float64
	}{
		{4.7, 8.0, 1, -3.3},
		{7.96, 8.0, 1, 0},    // 8.0 at the published precision: on target
		{7.94, 8.0, 1, -0.1}, // 7.9
		{4.7, 5.7, 1, -1},
	}
	for _, tt := range tests {
		if got := GrowthGap(tt.growth, tt.target, tt.decimals); got != tt.want {
			t.Errorf("GrowthGap(%v, %v, %d): got %v, want %v", tt.growth, tt.target, tt.decimals, got, tt.want)
		}
	}
}

func TestWorse(t *testing.T) {
	tests := []struct{ a, b, want Status }{
		{StatusRed, StatusYellow, StatusRed},
		{StatusYellow, StatusRed, StatusRed},
		{StatusYellow, StatusGreen, StatusYellow},
		{StatusGreen, StatusYellow, StatusYellow},
		{StatusGreen, StatusNone, StatusGreen},
		{StatusNone, StatusGreen, StatusGreen},
		{StatusNone, StatusRed, StatusRed},
		{StatusNone, StatusNone, StatusNone},
		{"", "", StatusNone},
		{"purple", StatusGreen, StatusGreen},
	}
	for _, tt := range tests {
		if got := Worse(tt.a, tt.b); got != tt.want {
			t.Errorf("Worse(%q, %q): got %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}
