package ingest

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
	}{
		{"0", 0},
		{"70.13", 70.13},
		{" 70.13 ", 70.13},
		{"\t70.13\u00a0", 70.13},
		{"1,234.5", 1234.5},
		{"1,234", 1234},
		{"12,345,678.25", 12345678.25},
		{"-1,234.5", -1234.5},
		{"１２３４．５", 1234.5},
		{"１，２３４．５", 1234.5},
		{"4.7%", 4.7},
		{"4.7 %", 4.7},
		{"４.７％", 4.7},
		{"+3.2", 3.2},
		{"＋３.２", 3.2},
		{"-3.2", -3.2},
		{"−3.2", -3.2}, // U+2212 MINUS SIGN
		{"－3.2", -3.2}, // U+FF0D FULLWIDTH HYPHEN-MINUS
		{".5", 0.5},
		{"1.0000000000000001E-2", 1.0000000000000001e-2}, // raw xlsx cell text
		{"0.30000000000000004", 0.30000000000000004},
		{"2.2383E+2", 223.83},
		{"1e5", 100000},
	} {
		got, err := ParseNumber(tc.in)
		if err != nil || got == nil {
			t.Errorf("ParseNumber(%q): got %v, %v; want %v", tc.in, got, err, tc.want)
			continue
		}
		if *got != tc.want {
			t.Errorf("ParseNumber(%q): got %v, want %v", tc.in, *got, tc.want)
		}
	}
}

func TestParseNumberBlank(t *testing.T) {
	for _, in := range []string{"", " ", "\t", "　", "\u00a0"} {
		got, err := ParseNumber(in)
		if got != nil || err != nil {
			t.Errorf("ParseNumber(%q): got %v, %v; want nil, nil (absent)", in, got, err)
		}
	}
}

func TestParseNumberRejects(t *testing.T) {
	for _, in := range []string{
		"—", "–", "-", "+", "/", "%", "约5", "5万", "1,23", "12,3456", "1,234,56", ",123", "1 234",
		"NaN", "nan", "Inf", "-Inf", "+Inf", "Infinity", "0x10", "0b1", "1_000", "1e400", "-1e400",
		"1.2.3", "--3", "3-", "e5", "1e", "4.7%%", "#DIV/0!", "TRUE", "٣",
	} {
		got, err := ParseNumber(in)
		if err == nil {
			t.Errorf("ParseNumber(%q): got %v, nil; want an error", in, deref(got))
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		in       string
		fromXLSX bool
		want     string
	}{
		{"2023-06", false, "2023-06"},
		{"2023-6", false, "2023-06"},
		{"2023/06", false, "2023-06"},
		{"2023/6", false, "2023-06"},
		{"2023年6月", false, "2023-06"},
		{"2023年06月", false, "2023-06"},
		{"2023 年 6 月", false, "2023-06"},
		{"２０２３年６月", false, "2023-06"},
		{"202306", false, "2023-06"},
		{" 2023-12 ", false, "2023-12"},
		{"2023-01", true, "2023-01"},
		{"45078", true, "2023-06"}, // Excel turned "2023-06" into the date 2023-06-01
		{"45107", true, "2023-06"}, // 2023-06-30
		{"45108", true, "2023-07"}, // 2023-07-01
		{"44927", true, "2023-01"}, // 2023-01-01
		{"44926", true, "2022-12"}, // 2022-12-31
		{"202306", true, "2023-06"},
	} {
		got, ok := ParsePeriod(tc.in, tc.fromXLSX)
		if !ok || got != tc.want {
			t.Errorf("ParsePeriod(%q, %v): got %q, %v; want %q", tc.in, tc.fromXLSX, got, ok, tc.want)
		}
	}
}

func TestParsePeriodRejects(t *testing.T) {
	for _, tc := range []struct {
		in       string
		fromXLSX bool
	}{
		{"2023-13", false}, {"2023-13", true}, {"2023-00", false}, {"202313", false}, {"23-06", false}, {"23-06", true},
		{"June", false}, {"June", true}, {"", false}, {"", true}, {"2023", false}, {"2023-06-01", false},
		{"1899-12", false}, {"3000-01", false},
		{"45078", false}, // a serial only means a date in an xlsx cell
		{"45078.5", true}, {"-45078", true}, {"0", true}, {"1", true}, {"NaN", true}, {"1e308", true},
	} {
		if got, ok := ParsePeriod(tc.in, tc.fromXLSX); ok {
			t.Errorf("ParsePeriod(%q, %v): got %q, true; want rejected", tc.in, tc.fromXLSX, got)
		}
	}
}

func TestParsePeriod1904(t *testing.T) {
	// A workbook in the 1904 date system stores 2023-06-01 as 45078 − 1462.
	for _, tc := range []struct {
		in       string
		date1904 bool
		want     string
	}{
		{"45078", false, "2023-06"},
		{"43616", true, "2023-06"},
		{"43616", false, "2019-05"},
		{"2023-06", true, "2023-06"},
		{"202306", true, "2023-06"},
	} {
		got, ok := parsePeriod(tc.in, true, tc.date1904)
		if !ok || got != tc.want {
			t.Errorf("parsePeriod(%q, xlsx, date1904=%v): got %q, %v; want %q", tc.in, tc.date1904, got, ok, tc.want)
		}
	}
}

func TestParseYear(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"2023", 2023, true}, {" 2023 ", 2023, true}, {"2023.0", 2023, true}, {"2023年", 2023, true}, {"２０２３", 2023, true},
		{"23", 23, false}, {"2023.5", 0, false}, {"", 0, false}, {"二〇二三", 0, false}, {"3000", 3000, false},
	} {
		got, ok := ParseYear(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("ParseYear(%q): got %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// FuzzParseNumber: never panics; a result is finite, blank input alone gives (nil, nil), and
// the result written back out (plainly, or as a percentage) reads as the same number.
func FuzzParseNumber(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseNumber(s)
		if err != nil {
			if v != nil {
				t.Fatalf("ParseNumber(%q): got %v with error %v, want nil", s, *v, err)
			}
			return
		}
		if v == nil {
			if strings.TrimSpace(fullWidth.Replace(s)) != "" {
				t.Fatalf("ParseNumber(%q): got nil, nil for a non-blank input", s)
			}
			return
		}
		if math.IsNaN(*v) || math.IsInf(*v, 0) {
			t.Fatalf("ParseNumber(%q): got %v, want a finite number", s, *v)
		}
		for _, again := range []string{strconv.FormatFloat(*v, 'g', -1, 64), strconv.FormatFloat(*v, 'f', -1, 64) + "%"} {
			w, err := ParseNumber(again)
			if err != nil || w == nil || *w != *v {
				t.Fatalf("ParseNumber(%q) = %v, but ParseNumber(%q): got %v, %v", s, *v, again, deref(w), err)
			}
		}
	})
}

var periodShape = regexp.MustCompile(`^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$`)

// FuzzParsePeriod: never panics; a result is YYYY-MM and reads back as itself.
func FuzzParsePeriod(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string, fromXLSX bool) {
		p, ok := ParsePeriod(s, fromXLSX)
		if !ok {
			if p != "" {
				t.Fatalf("ParsePeriod(%q, %v): got %q with false, want \"\"", s, fromXLSX, p)
			}
			return
		}
		if !periodShape.MatchString(p) {
			t.Fatalf("ParsePeriod(%q, %v): got %q, want YYYY-MM", s, fromXLSX, p)
		}
		for _, x := range []bool{false, true} {
			if again, ok := ParsePeriod(p, x); !ok || again != p {
				t.Fatalf("ParsePeriod(%q, %v) = %q, but ParsePeriod(%q, %v): got %q, %v", s, fromXLSX, p, p, x, again, ok)
			}
		}
	})
}

// A period typed into a number cell loses its trailing zero (2023.10 → 2023.1): refuse it
// rather than read October as January.
func TestParsePeriodAmbiguousNumberCell(t *testing.T) {
	for _, s := range []string{"2023.1", "2023.10", "2023.6"} {
		if got, ok := parsePeriod(s, true, false); ok {
			t.Errorf("xlsx number cell %q: got %q, want an error", s, got)
		}
	}
	if got, ok := parsePeriod("2023.06", false, false); !ok || got != "2023-06" {
		t.Errorf("csv text 2023.06: got %q %v, want 2023-06", got, ok)
	}
}
