package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// build makes a workbook with excelize: fill gets the file with its default
// sheet renamed to "数据".
func build(t testing.TB, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must(t, f.SetSheetName("Sheet1", "数据"))
	fill(f)
	var buf bytes.Buffer
	must(t, f.Write(&buf))
	return buf.Bytes()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func readBytes(name string, b []byte, lim Limits) ([]Table, error) {
	return ReadXLSX(name, bytes.NewReader(b), int64(len(b)), lim)
}

// statsWorkbook has numbers, numbers stored as text, a date-formatted cell,
// blank rows, trailing empty and styled cells, and three sheets.
func statsWorkbook(t testing.TB) []byte {
	return build(t, func(f *excelize.File) {
		s := "数据"
		must(t, f.SetSheetRow(s, "A1", &[]any{"region_code", "indicator", "period", "value", "growth", "reported"}))
		dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		must(t, err)
		// row 2: numbers as numbers, a date
		must(t, f.SetCellStr(s, "A2", "440784"))
		must(t, f.SetCellStr(s, "B2", "gdp"))
		must(t, f.SetCellStr(s, "C2", "2023-01"))
		must(t, f.SetCellValue(s, "D2", 12345.67))
		must(t, f.SetCellValue(s, "E2", -3.5))
		must(t, f.SetCellValue(s, "F2", time.Date(2024, 4, 15, 0, 0, 0, 0, time.UTC)))
		must(t, f.SetCellStyle(s, "F2", "F2", dateStyle))
		// row 3: numbers stored as text, a raw stored double, a bool, a
		// number with a thousands format
		must(t, f.SetCellStr(s, "A3", "440785"))
		must(t, f.SetCellStr(s, "D3", "1234.5"))
		must(t, f.SetCellDefault(s, "E3", "0.30000000000000004"))
		must(t, f.SetCellBool(s, "F3", true))
		thousands, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
		must(t, err)
		must(t, f.SetCellInt(s, "G3", 1234567))
		must(t, f.SetCellStyle(s, "G3", "G3", thousands))
		// row 4 blank; row 5: gap in the middle and trailing empties
		must(t, f.SetCellStr(s, "A5", "x"))
		must(t, f.SetCellStr(s, "C5", "z"))
		must(t, f.SetCellStr(s, "D5", ""))
		must(t, f.SetCellStyle(s, "E5", "H5", dateStyle))
		// rows 6–7 blank, row 8 data, rows 9–20 styled but empty
		must(t, f.SetCellStr(s, "B8", "last"))
		must(t, f.SetCellStyle(s, "A9", "F20", dateStyle))

		_, err = f.NewSheet("第二页")
		must(t, err)
		must(t, f.SetSheetRow("第二页", "A1", &[]any{"k", "v"}))
		must(t, f.SetSheetRow("第二页", "A2", &[]any{"a", 1}))

		_, err = f.NewSheet("隐藏")
		must(t, err)
		must(t, f.SetCellStr("隐藏", "A1", "secret"))
		must(t, f.SetSheetVisible("隐藏", false))
	})
}

func TestReadXLSX(t *testing.T) {
	tabs, err := readBytes("stats.xlsx", statsWorkbook(t), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tab := range tabs {
		names = append(names, tab.Sheet)
		if tab.File != "stats.xlsx" || tab.Date1904 {
			t.Errorf("%s: File %q Date1904 %v", tab.Sheet, tab.File, tab.Date1904)
		}
	}
	if want := []string{"数据", "第二页", "隐藏"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("sheets %q, want %q", names, want)
	}
	if tabs[0].Hidden || tabs[1].Hidden || !tabs[2].Hidden {
		t.Errorf("Hidden = %v %v %v", tabs[0].Hidden, tabs[1].Hidden, tabs[2].Hidden)
	}

	want := [][]string{
		{"region_code", "indicator", "period", "value", "growth", "reported"},
		{"440784", "gdp", "2023-01", "12345.67", "-3.5", "45397"}, // the date comes back as its serial number
		{"440785", "", "", "1234.5", "0.30000000000000004", "1", "1234567"},
		nil,
		{"x", "", "z"},
		nil,
		nil,
		{"", "last"},
	}
	if got := tabs[0].Rows; !reflect.DeepEqual(got, want) {
		t.Errorf("数据:\n got %q\nwant %q", got, want)
	}
	cells := []struct {
		ref  string
		r, c int
		want string
	}{
		{"D2 number", 1, 3, "12345.67"},
		{"F2 date serial", 1, 5, "45397"},
		{"D3 number stored as text", 2, 3, "1234.5"},
		{"E3 raw double", 2, 4, "0.30000000000000004"},
		{"G3 formatted number comes back raw", 2, 6, "1234567"},
		{"beyond the row", 2, 20, ""},
		{"beyond the table", 40, 0, ""},
	}
	for _, c := range cells {
		if got := tabs[0].Cell(c.r, c.c); got != c.want {
			t.Errorf("%s (%s) = %q, want %q", c.ref, CellRef(c.r, c.c), got, c.want)
		}
	}
	if want := [][]string{{"k", "v"}, {"a", "1"}}; !reflect.DeepEqual(tabs[1].Rows, want) {
		t.Errorf("第二页: got %q, want %q", tabs[1].Rows, want)
	}
	if want := [][]string{{"secret"}}; !reflect.DeepEqual(tabs[2].Rows, want) {
		t.Errorf("隐藏: got %q, want %q", tabs[2].Rows, want)
	}
}

func TestReadXLSXDate1904(t *testing.T) {
	b := build(t, func(f *excelize.File) {
		yes := true
		must(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
		must(t, f.SetCellFloat("数据", "A1", 43935, -1, 64))
	})
	tabs, err := readBytes("d.xlsx", b, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !tabs[0].Date1904 || tabs[0].Cell(0, 0) != "43935" {
		t.Errorf("Date1904 %v, A1 %q", tabs[0].Date1904, tabs[0].Cell(0, 0))
	}
}

// rowsWorkbook has n rows of cols cells with repetitive text.
func rowsWorkbook(t testing.TB, n, cols int) []byte {
	return build(t, func(f *excelize.File) {
		sw, err := f.NewStreamWriter("数据")
		must(t, err)
		row := make([]any, cols)
		for c := range row {
			row[c] = strings.Repeat("地区生产总值", 10)
		}
		for r := 1; r <= n; r++ {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			must(t, sw.SetRow(cell, row))
		}
		must(t, sw.Flush())
	})
}

// zipOf makes a zip archive with the given entries.
func zipOf(t testing.TB, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		must(t, err)
		_, err = w.Write([]byte(body))
		must(t, err)
	}
	must(t, zw.Close())
	return buf.Bytes()
}

func TestReadXLSXErrors(t *testing.T) {
	manyEntries := map[string]string{}
	for i := range 30 {
		manyEntries[fmt.Sprintf("x/%d.xml", i)] = "<a/>"
	}
	// A styled but otherwise empty tail beyond MaxRows is fine; data is not.
	styledTail := build(t, func(f *excelize.File) {
		must(t, f.SetCellStr("数据", "A1", "h"))
		st, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		must(t, f.SetCellStyle("数据", "A2", "C5000", st))
	})
	farCell := build(t, func(f *excelize.File) {
		must(t, f.SetCellStr("数据", "A1", "h"))
		must(t, f.SetCellStr("数据", "B1048576", "far"))
	})
	wideRow := build(t, func(f *excelize.File) {
		must(t, f.SetCellStr("数据", "A1", "h"))
		must(t, f.SetCellStr("数据", "XFD2", "wide"))
	})
	bomb := rowsWorkbook(t, 2000, 10) // about 2.6 MB of XML in a small zip
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error // nil: must succeed
		msg  string
	}{
		{name: "CSV named .xlsx", data: []byte("region,value\n1,2\n"), want: ErrNotZip, msg: "缺少 zip 签名"},
		{name: "empty file", data: nil, want: ErrNotZip},
		{name: "xls or encrypted", data: append(append([]byte{}, sigOLE...), make([]byte, 600)...), want: ErrEncryptedOrXLS},
		{name: "truncated zip", data: statsWorkbook(t)[:2000], want: ErrBadZip},
		{name: "zip without a workbook", data: zipOf(t, map[string]string{"a.txt": "hello"}), want: ErrBadXLSX},
		{name: "too many zip entries", data: zipOf(t, manyEntries), lim: Limits{MaxEntries: 20}, want: ErrTooManyEntries},
		{name: "zip bomb over the unzipped limit", data: bomb, lim: Limits{MaxUnzipped: 1 << 20}, want: ErrUnzipTooLarge},
		{name: "same file within the limit", data: bomb, lim: Limits{MaxUnzipped: 8 << 20}},
		{name: "file over MaxBytes", data: bomb, lim: Limits{MaxBytes: 10_000}, want: ErrTooLarge},
		{name: "too many rows", data: rowsWorkbook(t, 60, 2), lim: Limits{MaxRows: 50}, want: ErrTooManyRows, msg: "工作表“数据”"},
		{name: "rows at the cap", data: rowsWorkbook(t, 50, 2), lim: Limits{MaxRows: 50}},
		{name: "styled empty rows beyond the cap", data: styledTail, lim: Limits{MaxRows: 10}},
		{name: "one cell at the last row", data: farCell, lim: Limits{MaxRows: 1000}, want: ErrTooManyRows, msg: "第 1048576 行"},
		{name: "too many columns", data: rowsWorkbook(t, 3, 12), lim: Limits{MaxCols: 10}, want: ErrTooManyCols, msg: "L"},
		{name: "one cell at column XFD", data: wideRow, lim: Limits{MaxCols: 100}, want: ErrTooManyCols, msg: "XFD"},
		{name: "too many cells", data: rowsWorkbook(t, 30, 10), lim: Limits{MaxCells: 250}, want: ErrTooManyCells},
		{name: "timeout", data: rowsWorkbook(t, 10, 2), lim: Limits{Timeout: time.Nanosecond}, want: ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readBytes("stats.xlsx", tt.data, tt.lim)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			t.Log(err)
			if !strings.HasPrefix(err.Error(), "stats.xlsx: ") || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q should start with the file name and contain %q", err, tt.msg)
			}
		})
	}
}

// Parts bigger than MaxXMLInMemory go through excelize's temporary files;
// they must be read the same and removed afterwards.
func TestReadXLSXTempFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	b := rowsWorkbook(t, 300, 3)
	inMem, err := readBytes("a.xlsx", b, Limits{})
	must(t, err)
	onDisk, err := readBytes("a.xlsx", b, Limits{MaxXMLInMemory: 4 << 10})
	must(t, err)
	if !reflect.DeepEqual(inMem, onDisk) || len(onDisk[0].Rows) != 300 {
		t.Errorf("temp-file read differs (%d rows)", len(onDisk[0].Rows))
	}
	left, _ := os.ReadDir(tmp)
	if len(left) != 0 {
		t.Errorf("left behind in TMPDIR: %v", left)
	}
}

func TestGuardRecoversPanic(t *testing.T) {
	err := guard("boom.xlsx", func() error { panic("index out of range") })
	var pe *PanicError
	if !errors.As(err, &pe) || !errors.Is(err, ErrInternal) {
		t.Fatalf("err = %v", err)
	}
	if !strings.HasPrefix(err.Error(), "boom.xlsx: ") || len(pe.Stack) == 0 {
		t.Errorf("message %q, stack %d bytes", err, len(pe.Stack))
	}
	if err := guard("ok.xlsx", func() error { return nil }); err != nil {
		t.Error(err)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		must(t, os.WriteFile(p, b, 0o600))
		return p
	}
	xlsx := write("Stats.XLSX", statsWorkbook(t))
	csvPath := write("stats.csv", []byte("\xEF\xBB\xBFa,b\r\n1,2\r\n"))
	xls := write("old.xls", sigOLE)
	txt := write("notes.txt", []byte("a,b"))
	must(t, os.Mkdir(filepath.Join(dir, "dir.csv"), 0o700))

	tabs, err := ReadFile(xlsx, Limits{})
	if err != nil || len(tabs) != 3 || tabs[0].File != "Stats.XLSX" {
		t.Fatalf("xlsx: %d tables, %v", len(tabs), err)
	}
	tabs, err = ReadFile(csvPath, Limits{})
	if err != nil || len(tabs) != 1 || !reflect.DeepEqual(tabs[0].Rows, [][]string{{"a", "b"}, {"1", "2"}}) {
		t.Fatalf("csv: %v %v", tabs, err)
	}
	for _, p := range []string{xls, txt} {
		if _, err := ReadFile(p, Limits{}); !errors.Is(err, ErrUnsupportedType) || !strings.HasPrefix(err.Error(), filepath.Base(p)+": ") {
			t.Errorf("%s: err = %v", p, err)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "dir.csv"), Limits{}); err == nil {
		t.Error("directory: no error")
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.csv"), Limits{}); err == nil || !strings.HasPrefix(err.Error(), "missing.csv: ") {
		t.Errorf("missing: %v", err)
	}
	if _, err := ReadFile(xlsx, Limits{MaxBytes: 100}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("too large: %v", err)
	}
}

func TestColumnName(t *testing.T) {
	tests := []struct {
		i    int
		want string
	}{{0, "A"}, {1, "B"}, {25, "Z"}, {26, "AA"}, {27, "AB"}, {51, "AZ"}, {52, "BA"}, {701, "ZZ"}, {702, "AAA"}, {16383, "XFD"}, {-1, ""}}
	for _, tt := range tests {
		if got := ColumnName(tt.i); got != tt.want {
			t.Errorf("ColumnName(%d) = %q, want %q", tt.i, got, tt.want)
		}
		if tt.i >= 0 {
			// agrees with excelize
			if want, _ := excelize.ColumnNumberToName(tt.i + 1); want != tt.want {
				t.Errorf("excelize says %q for %d", want, tt.i)
			}
		}
	}
	if got := CellRef(2, 27); got != "AB3" {
		t.Errorf("CellRef(2, 27) = %q", got)
	}
}
