package sheet

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// benchRegionCodes returns n distinct county-like codes of Guangdong (44):
// districts 02–21 and county-level cities 81–90 of prefectures 01, 02, …,
// e.g. "440784".
func benchRegionCodes(n int) []string {
	codes := make([]string, 0, n)
	for p := 1; len(codes) < n; p++ {
		for c := 2; c <= 30 && len(codes) < n; c++ {
			county := c
			if c > 21 {
				county = c + 59 // 81…89
			}
			codes = append(codes, fmt.Sprintf("44%02d%02d", p, county))
		}
	}
	return codes
}

func TestWriteBenchObservations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "obs.xlsx")
	regions := benchRegionCodes(3)
	const n = 500 // 2 whole regions and part of a third
	if err := WriteBenchObservations(path, regions, n); err != nil {
		t.Fatal(err)
	}
	tabs, err := ReadFile(path, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows := tabs[0].Rows
	if len(rows) != n+1 || fmt.Sprint(rows[0]) != fmt.Sprint(BenchHeader) {
		t.Fatalf("%d rows, header %q", len(rows), rows[0])
	}
	period := regexp.MustCompile(`^2023-(0[1-9]|1[0-2])$`)
	seen := map[[3]string]bool{}
	for i, r := range rows[1:] {
		if len(r) != 5 || !period.MatchString(r[2]) {
			t.Fatalf("row %d: %q", i+2, r)
		}
		key := [3]string{r[0], r[1], r[2]}
		if seen[key] {
			t.Fatalf("row %d: %q repeated", i+2, key)
		}
		seen[key] = true
		for _, s := range r[3:] {
			if _, err := strconv.ParseFloat(s, 64); err != nil {
				t.Fatalf("row %d: %q is not a number", i+2, s)
			}
		}
	}
	if err := WriteBenchObservations(path, regions, len(regions)*len(BenchIndicators)*12+1); err == nil {
		t.Error("more rows than (region, indicator, period) combinations: no error")
	}
}

// benchFile writes the 100,000-row × 5-column file once per benchmark.
func benchFile(b *testing.B) (path string, size int64) {
	b.Helper()
	path = filepath.Join(b.TempDir(), "observations.xlsx")
	if err := WriteBenchObservations(path, benchRegionCodes(600), 100_000); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return path, fi.Size()
}

func BenchmarkReadXLSX(b *testing.B) {
	path, size := benchFile(b)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	b.ReportAllocs()
	b.SetBytes(size)
	for b.Loop() {
		tabs, err := ReadXLSX("observations.xlsx", f, size, DefaultLimits())
		if err != nil {
			b.Fatal(err)
		}
		if len(tabs[0].Rows) != 100_001 {
			b.Fatalf("%d rows", len(tabs[0].Rows))
		}
	}
}

// BenchmarkExcelizeRaw is the floor: open the same file and iterate Rows()
// with RawCellValue, keeping nothing.
func BenchmarkExcelizeRaw(b *testing.B) {
	path, size := benchFile(b)
	b.ReportAllocs()
	b.SetBytes(size)
	for b.Loop() {
		f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows(f.GetSheetList()[0])
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			if _, err := rows.Columns(); err != nil {
				b.Fatal(err)
			}
			n++
		}
		rows.Close()
		f.Close()
		if n != 100_001 {
			b.Fatalf("%d rows", n)
		}
	}
}
