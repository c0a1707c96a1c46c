package sheet

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestParseNumFormat(t *testing.T) {
	for _, c := range []struct {
		code string
		want NumFormat
	}{
		{"", NumFormat{General: true, Decimals: -1}},
		{"General", NumFormat{General: true, Decimals: -1}},
		{"0%", NumFormat{Percent: true, Decimals: 0}},
		{"0.00%", NumFormat{Percent: true, Decimals: 2}},
		{"0.0%;[Red]-0.0%", NumFormat{Percent: true, Decimals: 1}},
		{`0.00"亿元"`, NumFormat{Decimals: 2, Suffix: "亿元"}},
		{`#,##0.0 "万元"`, NumFormat{Decimals: 1, Thousands: true, Suffix: "万元"}},
		{`0.00\元`, NumFormat{Decimals: 2, Suffix: "元"}},
		{"0.00亿元", NumFormat{Decimals: 2, Suffix: "亿元"}},
		{"#,##0", NumFormat{Decimals: 0, Thousands: true}},
		{"#,##0,", NumFormat{Decimals: 0, Thousands: true, Scale: 3}},
		{"[$¥-804]#,##0.00", NumFormat{Decimals: 2, Thousands: true, Prefix: "¥"}},
		{"_ * #,##0.00_ ;_ * -#,##0.00_ ", NumFormat{Decimals: 2, Thousands: true}},
		{"yyyy\"年\"m\"月\"", NumFormat{Date: true, Decimals: -1, Suffix: ""}},
		{"mm-dd-yy", NumFormat{Date: true, Decimals: -1}},
		{"[h]:mm:ss", NumFormat{Date: true, Decimals: -1}},
		{"@", NumFormat{Text: true, Decimals: -1}},
		{"0.00E+00", NumFormat{Decimals: 4, Scientific: true}},
		{"0.0\"%\"", NumFormat{Decimals: 1, Suffix: "%"}},
	} {
		got := ParseNumFormat(c.code)
		c.want.Code = c.code
		if got.Date {
			got.Prefix, got.Suffix = "", "" // the literals of a date do not matter
		}
		if got != c.want {
			t.Errorf("%q: got %+v, want %+v", c.code, got, c.want)
		}
	}
}

// TestReadXLSXView: number formats of numeric cells (built-in and custom), not of text cells,
// and hidden rows and columns, as Excel stores them.
func TestReadXLSXView(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	set := func(cell string, v any, style *excelize.Style) {
		t.Helper()
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
		if style != nil {
			id, err := f.NewStyle(style)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle("Sheet1", cell, cell, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	custom := func(s string) *excelize.Style { return &excelize.Style{CustomNumFmt: &s} }
	set("A1", "指标", nil)
	set("B1", 0.058, &excelize.Style{NumFmt: 9})
	set("C1", 0.0583, &excelize.Style{NumFmt: 10})
	set("D1", 0.0583, custom("0.0%"))
	set("E1", 70.4256, custom(`0.00"亿元"`))
	set("F1", "0.058", custom("0.0%")) // text: no format applies
	set("G1", 1234, nil)
	set("A3", "隐藏", nil)
	if err := f.SetRowVisible("Sheet1", 3, false); err != nil {
		t.Fatal(err)
	}
	if err := f.SetColVisible("Sheet1", "C:D", false); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	tabs, err := ReadXLSX("v.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tab := tabs[0]
	for c, want := range map[int]string{0: "", 1: "0%", 2: "0.00%", 3: "0.0%", 4: `0.00"亿元"`, 5: "", 6: ""} {
		if got := tab.NumFormat(0, c); got != want {
			t.Errorf("%s: got format %q, want %q", CellRef(0, c), got, want)
		}
	}
	if tab.Cell(0, 1) != "0.058" {
		t.Errorf("B1 stored text: got %q, want 0.058", tab.Cell(0, 1))
	}
	for r, want := range map[int]bool{0: false, 1: false, 2: true} {
		if got := tab.RowHidden(r); got != want {
			t.Errorf("row %d hidden: got %v, want %v", r+1, got, want)
		}
	}
	for c, want := range map[int]bool{1: false, 2: true, 3: true, 4: false} {
		if got := tab.ColHidden(c); got != want {
			t.Errorf("column %s hidden: got %v, want %v", ColumnName(c), got, want)
		}
	}
}
