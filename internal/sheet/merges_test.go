package sheet

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestReadXLSXMerges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bulletin.xlsx")
	f := excelize.NewFile()
	for cell, v := range map[string]string{"A1": "江门市各县（市、区）主要经济指标", "A3": "地区", "B3": "地区生产总值", "B4": "绝对值", "C4": "增长(%)", "A5": "蓬江区"} {
		f.SetCellValue("Sheet1", cell, v)
	}
	for _, m := range [][2]string{{"A1", "C1"}, {"A3", "A4"}, {"B3", "C3"}} {
		if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	f.NewSheet("plain")
	f.SetCellValue("plain", "A1", "x")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	tabs, err := ReadFile(path, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(tabs[0].Merges); got != "[{Sheet1 A1 C1} {Sheet1 A3 A4} {Sheet1 B3 C3}]" {
		t.Errorf("merges: %s", got)
	}
	if tabs[1].Merges != nil {
		t.Errorf("a sheet without merges: %v", tabs[1].Merges)
	}
	tb := &tabs[0]
	for _, c := range []struct {
		r, c, r0, c0 int
		merged       bool
	}{{0, 2, 0, 0, true}, {3, 0, 2, 0, true}, {2, 2, 2, 1, true}, {3, 2, 3, 2, false}, {0, 0, 0, 0, true}} {
		r0, c0, merged := tb.MergeAt(c.r, c.c)
		if r0 != c.r0 || c0 != c.c0 || merged != c.merged {
			t.Errorf("MergeAt(%d, %d) = %d, %d, %v; want %d, %d, %v", c.r, c.c, r0, c0, merged, c.r0, c.c0, c.merged)
		}
	}
	if r0, c0, r1, c1, ok := (Merge{Start: "C4", End: "B3"}).Bounds(); !ok || r0 != 2 || c0 != 1 || r1 != 3 || c1 != 2 {
		t.Errorf("Bounds: %d %d %d %d %v", r0, c0, r1, c1, ok)
	}
	if _, _, _, _, ok := (Merge{Start: "x", End: "B3"}).Bounds(); ok {
		t.Error("Bounds of a bad reference: ok")
	}
}
