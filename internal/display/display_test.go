package display

import "testing"

func f(x float64) *float64 { return &x }

func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		name, got, want string
	}{
		{"value 亿元", Value(f(223.83), 2), "223.83"},
		{"value rounds half away", Value(f(2.675), 2), "2.68"},
		{"count", Value(f(45), 0), "45"},
		{"absent", Value(nil, 2), "—"},
		{"growth one decimal", Growth(f(10.8749)), "10.9"},
		{"negative growth", Growth(f(-3.25)), "-3.3"},
		{"percent", Percent(f(65.1996)), "65.2"},
		{"pp ahead", PP(f(15.2)), "+15.2"},
		{"pp behind", PP(f(-6.757)), "-6.8"},
		{"pp zero", PP(f(0.04)), "0.0"},
		{"pp absent", PP(nil), "—"},
		{"level gap behind", Signed(f(5.5-5.8), 1), "-0.3"},
		{"level gap ahead", Signed(f(0.2), 1), "+0.2"},
		{"level change four decimals", Signed(f(-0.01234), 4), "-0.0123"},
		{"signed absent", Signed(nil, 2), "—"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestRank(t *testing.T) {
	three, one := 3, 1
	for _, tc := range []struct {
		lang  string
		rank  *int
		peers int
		want  string
	}{
		{"zh-CN", &three, 7, "3/7"},
		{"zh-CN", &one, 1, "无同级数据"},
		{"en", &one, 1, "no peers"},
		{"zh-CN", nil, 0, Absent},
	} {
		if got := Rank(tc.lang, tc.rank, tc.peers); got != tc.want {
			t.Errorf("Rank(%s, %v, %d): got %q, want %q", tc.lang, tc.rank, tc.peers, got, tc.want)
		}
	}
}
