package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

type value float64
type code string
type stringer struct{}

func (stringer) String() string { return "=stringer()" }

func TestWriteXLSXRoundTrip(t *testing.T) {
	f64 := 2.5
	var nilPtr *float64
	rows := [][]any{
		{"region_code", "indicator", "value"},
		{"440784", "gdp", 12345.67},
		{code("440785"), "retail", value(-3.25)},
		{"int", 42, uint8(7)},
		{"ptr", &f64, nilPtr},
		{"bool", true, nil},
		{"date", time.Date(2024, 4, 15, 0, 0, 0, 0, time.UTC), time.Date(2024, 4, 15, 8, 30, 0, 0, time.UTC)},
		{"nan", math.NaN(), math.Inf(-1)},
		{"bytes", []byte("=bytes"), errors.New("@err")},
	}
	injections := []string{"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\",\"y\")", "-3.5"}
	for _, s := range injections {
		rows = append(rows, []any{"inject", s})
	}
	rows = append(rows,
		[]any{"cell with formula", excelize.Cell{Formula: "1+1", Value: "shown"}, &excelize.Cell{Formula: "SUM(A1)", Value: 3}},
		[]any{"stringer", stringer{}, code("=code")},
	)
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, "汇总:2023/12", rows); err != nil {
		t.Fatal(err)
	}

	tabs, err := readBytes("out.xlsx", buf.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tabs) != 1 || tabs[0].Sheet != "汇总_2023_12" {
		t.Fatalf("sheets: %+v", tabs)
	}
	got := tabs[0]
	want := map[string]string{
		"A1": "region_code", "C2": "12345.67", "A3": "440785", "C3": "-3.25",
		"B4": "42", "C4": "7", "B5": "2.5", "C5": "", "B6": "1", "C6": "",
		"B7": "45397", "C7": "45397.354166666664", "B8": "NaN", "C8": "-Inf",
		"B9": "=bytes", "C9": "@err",
	}
	for i, s := range injections {
		want[CellRef(9+i, 1)] = s
	}
	n := 9 + len(injections)
	want[CellRef(n, 1)], want[CellRef(n, 2)] = "shown", "3"
	want[CellRef(n+1, 1)], want[CellRef(n+1, 2)] = "=stringer()", "=code"
	for ref, w := range want {
		c, r, _ := excelize.CellNameToCoordinates(ref)
		if g := got.Cell(r-1, c-1); g != w {
			t.Errorf("%s = %q, want %q", ref, g, w)
		}
	}

	// No formula anywhere: excelize sees none, and the sheet XML has no <f>.
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	textStyled := 0
	for r, row := range got.Rows {
		for c := range row {
			ref := CellRef(r, c)
			if fm, err := f.GetCellFormula(got.Sheet, ref); err != nil || fm != "" {
				t.Errorf("%s has formula %q (%v)", ref, fm, err)
			}
			if typ, _ := f.GetCellType(got.Sheet, ref); IsFormulaLike(row[c]) && typ == excelize.CellTypeInlineString {
				// written with the Text format so editing keeps it text
				id, _ := f.GetCellStyle(got.Sheet, ref)
				st, err := f.GetStyle(id)
				if err != nil || st.NumFmt != 49 {
					t.Errorf("%s %q: number format %d, want 49 (Text)", ref, row[c], st.NumFmt)
				}
				textStyled++
			}
		}
	}
	if textStyled < len(injections) {
		t.Errorf("only %d formula-like cells checked", textStyled)
	}
	if v, _ := f.GetCellValue(got.Sheet, "B10"); v != "=1+1" {
		t.Errorf("excelize reads B10 as %q", v)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, _ := zf.Open()
		xml, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(xml, []byte("<f>")) || bytes.Contains(xml, []byte("<f ")) {
			t.Errorf("%s contains a formula element", zf.Name)
		}
	}
}

func TestWriteXLSXLimits(t *testing.T) {
	wide := [][]any{make([]any, excelize.MaxColumns+1)}
	if err := WriteXLSX(io.Discard, "x", wide); err == nil {
		t.Error("row wider than Excel allows: no error")
	}
	if err := WriteXLSX(io.Discard, "", nil); err != nil {
		t.Errorf("empty workbook: %v", err)
	}
}

func TestIsFormulaLike(t *testing.T) {
	for s, want := range map[string]bool{
		"=1+1": true, "+86": true, "-3": true, "@x": true, "\tx": true, "\rx": true,
		"": false, "1": false, "a=b": false, " =1": false, "＝1": false,
	} {
		if got := IsFormulaLike(s); got != want {
			t.Errorf("IsFormulaLike(%q) = %v", s, got)
		}
	}
}

func TestSanitizeSheetName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "Sheet1"},
		{"数据", "数据"},
		{"a/b\\c:d?e*f[g]h", "a_b_c_d_e_f_g_h"},
		{"'quoted'", "quoted"},
		{"tab\there", "tabhere"},
		{strings.Repeat("县", 40), strings.Repeat("县", 31)},
		{"'''", "Sheet1"},
	}
	for _, tt := range tests {
		if got := SanitizeSheetName(tt.in); got != tt.want {
			t.Errorf("SanitizeSheetName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, tt.in, [][]any{{"x"}}); err != nil {
			t.Errorf("WriteXLSX with sheet %q: %v", tt.in, err)
		}
	}
}

// TestWriteSheets: a workbook of several sheets reads back sheet by sheet, in order, names and
// cells as written (a formula-like string stays text); two sheets named alike are refused.
func TestWriteSheets(t *testing.T) {
	var buf bytes.Buffer
	err := WriteSheets(&buf, []Sheet{
		{"重点项目", [][]any{{"项目编号", "总投资（亿元）"}, {"P1", 12.5}}},
		{"月度进度", [][]any{{"项目编号", "月份"}, {"P1", "=2024-03"}}},
		{"节点", [][]any{{"项目编号", "节点"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := ReadXLSX("t.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()), DefaultLimits())
	if err != nil || len(ts) != 3 {
		t.Fatalf("read back: %d sheets, %v; want 3", len(ts), err)
	}
	for i, want := range []struct{ sheet, cell string }{{"重点项目", "12.5"}, {"月度进度", "=2024-03"}, {"节点", "节点"}} {
		last := ts[i].Rows[len(ts[i].Rows)-1]
		if ts[i].Sheet != want.sheet || last[len(last)-1] != want.cell {
			t.Errorf("sheet %d: got %q with last cell %q, want %q and %q", i, ts[i].Sheet, last[len(last)-1], want.sheet, want.cell)
		}
	}
	if err := WriteSheets(io.Discard, []Sheet{{"a", nil}, {"A", nil}}); err == nil || !strings.Contains(err.Error(), "重名") {
		t.Errorf("two sheets named alike: got %v, want refused", err)
	}
}
