package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
)

// Charts are PNG pictures drawn with the standard image package alone. golang.org/x/image (a
// font rasteriser) is not among the module's dependencies, so a chart's own labels are digits
// drawn from a small bitmap font (0–9 . - % and month numbers); its words — title, legend, the
// peers' names — are Chinese text in the caption under it, set in the document's fonts.

var (
	white  = color.RGBA{255, 255, 255, 255}
	axis   = color.RGBA{80, 80, 80, 255}
	grid   = color.RGBA{225, 225, 225, 255}
	blue   = color.RGBA{31, 78, 160, 255}
	grey   = color.RGBA{150, 150, 150, 255}
	red    = color.RGBA{200, 40, 40, 255}
	orange = color.RGBA{230, 140, 20, 255}
)

// glyphs are 3×5 bitmaps, rows top to bottom, bit 2 the left column.
var glyphs = map[rune][5]uint8{
	'0': {7, 5, 5, 5, 7}, '1': {2, 6, 2, 2, 7}, '2': {7, 1, 7, 4, 7}, '3': {7, 1, 7, 1, 7},
	'4': {5, 5, 7, 1, 1}, '5': {7, 4, 7, 1, 7}, '6': {7, 4, 7, 5, 7}, '7': {7, 1, 1, 1, 1},
	'8': {7, 5, 7, 5, 7}, '9': {7, 5, 7, 1, 7}, '.': {0, 0, 0, 0, 2}, '-': {0, 0, 7, 0, 0},
	'%': {5, 1, 2, 4, 5},
}

// palette: a chart has these colours only; a paletted PNG is a byte a pixel, quick to encode.
var palette = color.Palette{white, axis, grid, blue, grey, red, orange}

type canvas struct{ *image.Paletted }

func newCanvas(w, h int) canvas {
	return canvas{image.NewPaletted(image.Rect(0, 0, w, h), palette)} // index 0: white
}

// rect fills [x0, x1) × [y0, y1), clipped to the canvas.
func (c canvas) rect(x0, y0, x1, y1 int, col color.RGBA) {
	r := image.Rect(x0, y0, x1, y1).Intersect(c.Rect)
	i := uint8(palette.Index(col))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := c.Pix[c.PixOffset(r.Min.X, y):c.PixOffset(r.Max.X, y)]
		for x := range row {
			row[x] = i
		}
	}
}

// text draws s in the bitmap font, each dot scale pixels, its top-left at (x, y); returns its width.
func (c canvas) text(x, y, scale int, s string, col color.RGBA) int {
	cx := x
	for _, r := range s {
		g, ok := glyphs[r]
		if !ok {
			cx += 4 * scale
			continue
		}
		for row := 0; row < 5; row++ {
			for bit := 0; bit < 3; bit++ {
				if g[row]&(4>>bit) != 0 {
					c.rect(cx+bit*scale, y+row*scale, cx+(bit+1)*scale, y+(row+1)*scale, col)
				}
			}
		}
		cx += 4 * scale
	}
	return cx - x
}

// line draws a line width w pixels thick; dashed lines draw 14 pixels of every 22.
func (c canvas) line(x0, y0, x1, y1 float64, w int, col color.RGBA, dashed bool) {
	n := int(math.Max(math.Abs(x1-x0), math.Abs(y1-y0)))
	if n == 0 {
		n = 1
	}
	for i := 0; i <= n; i++ {
		if dashed && i%22 >= 14 {
			continue
		}
		x := x0 + (x1-x0)*float64(i)/float64(n)
		y := y0 + (y1-y0)*float64(i)/float64(n)
		c.rect(int(x)-w/2, int(y)-w/2, int(x)-w/2+w, int(y)-w/2+w, col)
	}
}

func (c canvas) png() ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, c.Paletted); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// niceStep is a round step (1, 2 or 5 × 10^k) splitting span into about n parts.
func niceStep(span float64, n int) float64 {
	if span <= 0 {
		return 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

func label(v, step float64) string {
	d := 0
	if step < 1 {
		d = int(math.Ceil(-math.Log10(step)))
	}
	return strconv.FormatFloat(v, 'f', d, 64)
}

// Trend is one line of a trend chart: 12 months, nil where there is no figure.
type Trend struct {
	Points []*float64
	Color  color.RGBA
	Dashed bool
}

// TrendChart draws lines over the twelve months of a year: a y axis with round ticks, months 1–12.
func TrendChart(lines []Trend) ([]byte, error) {
	const w, h, left, right, top, bottom = 1200, 560, 110, 30, 30, 60
	c := newCanvas(w, h)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, l := range lines {
		for _, p := range l.Points {
			if p != nil {
				lo, hi = math.Min(lo, *p), math.Max(hi, *p)
			}
		}
	}
	if math.IsInf(lo, 1) {
		lo, hi = 0, 1
	}
	if lo > 0 {
		lo = 0
	}
	step := niceStep(hi-lo, 5)
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if hi == lo {
		hi = lo + step
	}
	px := func(m int) float64 { return left + float64(m)*float64(w-left-right)/11 }
	py := func(v float64) float64 { return top + (hi-v)/(hi-lo)*float64(h-top-bottom) }
	for v := lo; v <= hi+step/2; v += step {
		y := py(v)
		c.line(left, y, w-right, y, 1, grid, false)
		s := label(v, step)
		c.text(left-12-len(s)*12, int(y)-7, 3, s, axis)
	}
	c.line(left, top, left, float64(h-bottom), 2, axis, false)
	c.line(left, float64(h-bottom), w-right, float64(h-bottom), 2, axis, false)
	for m := 0; m < 12; m++ {
		s := strconv.Itoa(m + 1)
		c.text(int(px(m))-len(s)*6, h-bottom+14, 3, s, axis)
	}
	for _, l := range lines {
		var prev *[2]float64
		for m, p := range l.Points {
			if m >= 12 || p == nil { // a quarterly figure's line joins its quarters
				continue
			}
			pt := [2]float64{px(m), py(*p)}
			if prev != nil {
				c.line(prev[0], prev[1], pt[0], pt[1], 4, l.Color, l.Dashed)
			}
			c.rect(int(pt[0])-5, int(pt[1])-5, int(pt[0])+5, int(pt[1])+5, l.Color)
			prev = &pt
		}
	}
	return c.png()
}

// Bar is one bar of a ranking chart.
type Bar struct {
	Rank  int
	Value float64
	Self  bool
}

// RankingChart draws horizontal bars, best first: each with its rank at the left and its value
// (one decimal, %) at its end; the region's own bar in blue, its peers' in grey.
func RankingChart(bars []Bar) ([]byte, error) {
	const w, left, right, rowH = 1200, 90, 160, 56
	h := 40 + rowH*len(bars)
	c := newCanvas(w, h)
	lo, hi := 0.0, 0.0
	for _, b := range bars {
		lo, hi = math.Min(lo, b.Value), math.Max(hi, b.Value)
	}
	if hi == lo {
		hi = lo + 1
	}
	px := func(v float64) float64 { return left + (v-lo)/(hi-lo)*float64(w-left-right) }
	zero := px(0)
	for i, b := range bars {
		y := 20 + i*rowH
		col := grey
		if b.Self {
			col = blue
		}
		x0, x1 := zero, px(b.Value)
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		c.rect(int(x0), y+8, int(x1)+1, y+rowH-8, col)
		c.text(20, y+rowH/2-10, 4, strconv.Itoa(b.Rank), axis)
		s := strconv.FormatFloat(b.Value, 'f', 1, 64) + "%"
		c.text(int(math.Max(px(b.Value), zero))+12, y+rowH/2-10, 4, s, axis)
	}
	c.line(zero, 10, zero, float64(h-10), 2, axis, false)
	return c.png()
}
