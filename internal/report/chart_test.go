package report_test

import (
	"bytes"
	"image/color"
	"image/png"
	"testing"

	"pacer/internal/report"
)

// countColor counts the pixels of col in a PNG.
func countColor(t *testing.T, b []byte, col color.RGBA) (n, w, h int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) == col {
				n++
			}
		}
	}
	return n, r.Dx(), r.Dy()
}

// TestCharts: the trend chart draws each line in its colour (a line with no figure draws
// nothing), the ranking chart one bar a peer with the region's own in blue, longer for a larger
// value.
func TestCharts(t *testing.T) {
	blue, grey, red := color.RGBA{31, 78, 160, 255}, color.RGBA{150, 150, 150, 255}, color.RGBA{200, 40, 40, 255}
	v := func(x float64) *float64 { return &x }
	b, err := report.TrendChart([]report.Trend{
		{Points: []*float64{v(10), nil, v(30), nil, nil, v(60)}, Color: blue},
		{Points: make([]*float64, 12), Color: grey},
		{Points: []*float64{v(12), v(24), v(36), v(48), v(60), v(72), v(84), v(96), v(108), v(120), v(132), v(144)}, Color: red, Dashed: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, w, h := countColor(t, b, blue); n < 500 || w != 1200 || h != 560 {
		t.Errorf("trend: %d blue pixels in %d×%d, want a drawn line in 1200×560", n, w, h)
	}
	if n, _, _ := countColor(t, b, grey); n != 0 {
		t.Errorf("trend: a line without figures drew %d pixels", n)
	}
	if n, _, _ := countColor(t, b, red); n < 1000 {
		t.Errorf("trend: the target path drew only %d pixels", n)
	}
	b, err = report.RankingChart([]report.Bar{{Rank: 1, Value: 6.2}, {Rank: 2, Value: 4.7, Self: true}, {Rank: 3, Value: -1.5}})
	if err != nil {
		t.Fatal(err)
	}
	self, w, h := countColor(t, b, blue)
	peers, _, _ := countColor(t, b, grey)
	if w != 1200 || h != 40+3*56 || self == 0 || peers <= self {
		t.Errorf("ranking: %d×%d, self %d pixels, peers %d: want one blue bar shorter than the grey two together", w, h, self, peers)
	}
}
