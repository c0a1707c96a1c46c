package pace

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

func TestRequiredGrowthFromGrowth(t *testing.T) {
	tests := []struct {
		name                 string
		g, gYTD, bYTD, bYear float64
		want                 float64
		err                  error
	}{
		{"GDP example", 8, 4.7, 213.78, 460, 10.87, nil},
		{"ahead: the rest may grow less", 5, 7, 50, 100, 3, nil},
		{"no full-year base", 8, 4.7, 213.78, 0, 0, ErrNoBaseYear},
		{"no same-period base", 8, 4.7, 0, 460, 0, ErrNoBase},
		{"nothing after B_ytd (w = 1)", 8, 4.7, 460, 460, 0, ErrNoRestBase},
		{"nothing after B_ytd (w > 1)", 8, 4.7, 470, 460, 0, ErrNoRestBase},
		{"no growth", 8, math.NaN(), 213.78, 460, 0, ErrNoGrowth},
		{"no target", math.NaN(), 4.7, 213.78, 460, 0, ErrNoTarget},
	}
	for _, tt := range tests {
		got, err := RequiredGrowthFromGrowth(tt.g, tt.gYTD, tt.bYTD, tt.bYear)
		checkErr(t, tt.name, err, tt.err)
		checkNear(t, tt.name, got, tt.want, cent)
	}
	if _, err := RequiredGrowthFromGrowth(8, 4.7, 213.78, 0); !errors.Is(err, ErrNoBase) {
		t.Errorf("missing full-year base: got %v, want errors.Is ErrNoBase", err)
	}
}

func TestRequiredGrowthFromValue(t *testing.T) {
	tests := []struct {
		name              string
		T, v, bYTD, bYear float64
		want              float64
		err               error
	}{
		{"industrial investment", 185, 80, 70, 154, 25, nil},
		{"target already met", 185, 200, 70, 154, -117.86, nil},
		{"nothing last year so far", 100, 0, 0, 80, 25, nil},
		{"no full-year base", 185, 80, 70, 0, 0, ErrNoBaseYear},
		{"negative same-period base", 185, 80, -1, 154, 0, ErrNoBase},
		{"no target", 0, 80, 70, 154, 0, ErrNoTarget},
		{"no value", 185, math.NaN(), 70, 154, 0, ErrNoValue},
		{"nothing after B_ytd", 185, 80, 154, 154, 0, ErrNoRestBase},
	}
	for _, tt := range tests {
		got, err := RequiredGrowthFromValue(tt.T, tt.v, tt.bYTD, tt.bYear)
		checkErr(t, tt.name, err, tt.err)
		checkNear(t, tt.name, got, tt.want, cent)
	}
}

// Growing the rest of the year at the required growth reproduces the annual growth target.
func TestRequiredGrowthFromGrowthReachesTarget(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		bYear := rapid.Float64Range(1, 1e6).Draw(t, "bYear")
		w := rapid.Float64Range(0.01, 0.99).Draw(t, "w")
		gYTD := rapid.Float64Range(-50, 50).Draw(t, "gYTD")
		g := rapid.Float64Range(-50, 50).Draw(t, "g")
		bYTD := w * bYear

		rest, err := RequiredGrowthFromGrowth(g, gYTD, bYTD, bYear)
		if err != nil {
			t.Fatalf("got error %v, want nil", err)
		}
		year := ((bYTD*(1+gYTD/100)+(bYear-bYTD)*(1+rest/100))/bYear - 1) * 100
		if !near(year, g, 1e-6) {
			t.Fatalf("annual growth with the rest at %v: got %v, want %v", rest, year, g)
		}
	})
}

// Growing the rest of the year at the required growth reproduces the value target.
func TestRequiredGrowthFromValueReachesTarget(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		bYear := rapid.Float64Range(1, 1e6).Draw(t, "bYear")
		w := rapid.Float64Range(0, 0.99).Draw(t, "w")
		v := rapid.Float64Range(0, 2e6).Draw(t, "v")
		target := rapid.Float64Range(1, 2e6).Draw(t, "T")
		bYTD := w * bYear

		rest, err := RequiredGrowthFromValue(target, v, bYTD, bYear)
		if err != nil {
			t.Fatalf("got error %v, want nil", err)
		}
		year := v + (bYear-bYTD)*(1+rest/100)
		if !near(year, target, 1e-6*math.Max(1, target)) {
			t.Fatalf("year-end value with the rest at %v: got %v, want %v", rest, year, target)
		}
	})
}
