package ingest

import "testing"

func TestRoundDecimal(t *testing.T) {
	for _, c := range []struct {
		in   string
		d    int
		want string
	}{
		{"5.8333", 1, "5.8"}, {"5.85", 1, "5.9"}, {"0.125", 2, "0.13"}, {"-1.25", 1, "-1.3"}, {"9.96", 1, "10"},
		{"99.5", 0, "100"}, {"5.4", 0, "5"}, {"-0.04", 1, "0"}, {"12", 2, "12"}, {"0.5", 0, "1"}, {"1.2", 3, "1.2"},
	} {
		if got := roundDecimal(c.in, c.d); got != c.want {
			t.Errorf("roundDecimal(%s, %d): got %s, want %s", c.in, c.d, got, c.want)
		}
	}
}
