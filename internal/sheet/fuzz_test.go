package sheet

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// The seeds below run on every `go test`; `go test -fuzz FuzzReadCSV` (or
// FuzzReadXLSX) explores further, and any failure it finds lands in
// testdata/fuzz/ and should be committed.

var fuzzLimits = Limits{
	MaxBytes:       1 << 20,
	MaxRows:        2_000,
	MaxCols:        50,
	MaxUnzipped:    8 << 20,
	MaxEntries:     100,
	MaxXMLInMemory: 64 << 10,
	MaxCells:       20_000,
	Timeout:        10 * time.Second,
}

// checkTables verifies what every successful read promises.
func checkTables(t *testing.T, tabs []Table) {
	t.Helper()
	for _, tab := range tabs {
		if len(tab.Rows) > fuzzLimits.MaxRows {
			t.Fatalf("%s: %d rows", tab.Sheet, len(tab.Rows))
		}
		if n := len(tab.Rows); n > 0 && len(tab.Rows[n-1]) == 0 {
			t.Fatalf("%s: trailing blank row", tab.Sheet)
		}
		for i, r := range tab.Rows {
			if len(r) > fuzzLimits.MaxCols {
				t.Fatalf("%s row %d: %d cells", tab.Sheet, i+1, len(r))
			}
			if len(r) > 0 && r[len(r)-1] == "" {
				t.Fatalf("%s row %d: trailing empty cell", tab.Sheet, i+1)
			}
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"",
		"\xEF\xBB\xBFregion_code,indicator,period,value\r\n440784,gdp,2023-01,12345.6\r\n",
		"a,b\n\"x,\"\"y\"\"\nz\",2\n\n\n,,\n",
		"\n\r\n\"a\n\n\"\n\nb",
		gbCSV,
		"\xff\xfea\x00",
		"a,\"b\n",
		strings.Repeat("1,2,3\n", 100),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ReadCSV("f.csv", bytes.NewReader(data), fuzzLimits)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv: ") {
				t.Fatalf("message without the file name: %v", err)
			}
			return
		}
		checkTables(t, []Table{tab})
	})
}

func FuzzReadXLSX(f *testing.F) {
	f.Add(statsWorkbook(f))
	f.Add(rowsWorkbook(f, 5, 3))
	f.Add(zipOf(f, map[string]string{"xl/workbook.xml": "<workbook/>"}))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("region,value\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tabs, err := ReadXLSX("f.xlsx", bytes.NewReader(data), int64(len(data)), fuzzLimits)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.xlsx: ") {
				t.Fatalf("message without the file name: %v", err)
			}
			return
		}
		checkTables(t, tabs)
	})
}
