package pace

import "testing"

// Growth published at comparable prices (GDP, value added) is never computed from nominal values.
func TestDeriveComparablePriceGrowthNotComputed(t *testing.T) {
	for _, tc := range []struct {
		comparable bool
		want       *float64
	}{
		{false, f(10)},
		{true, nil},
	} {
		d := Derive(Figures{Month: 6, Value: f(110), BaseYTD: f(100), BaseYear: f(200), ComparablePrice: tc.comparable})
		switch {
		case tc.want == nil && d.Growth != nil:
			t.Errorf("comparable %v: got growth %v, want none", tc.comparable, *d.Growth)
		case tc.want == nil && d.Reasons["growth"] == "":
			t.Errorf("comparable %v: got no reason for the missing growth", tc.comparable)
		case tc.want != nil && (d.Growth == nil || !near(*d.Growth, *tc.want, 0.001)):
			t.Errorf("comparable %v: got growth %v, want %v", tc.comparable, d.Growth, *tc.want)
		}
	}
}
