package sheet

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes rows as a one-sheet workbook with excelize's StreamWriter.
// rows[i] becomes spreadsheet row i+1; nil values leave the cell empty.
//
// Numbers (any int, uint or float kind, also through named types and
// pointers), bools, time.Time (formatted yyyy-mm-dd, or yyyy-mm-dd hh:mm:ss
// when it has a clock time) and time.Duration are written as such; everything
// else is written as a string. Nothing is ever written as a formula: strings
// are inline text cells, and a string starting with = + - @ tab or CR also
// gets the Text number format ("@"), so editing the cell in Excel keeps it
// text. NaN and ±Inf are written as text. sheetName is made valid with
// SanitizeSheetName.
func WriteXLSX(w io.Writer, sheetName string, rows [][]any) error {
	i := 0
	return writeXLSX(w, sheetName, func() ([]any, bool) {
		if i >= len(rows) {
			return nil, false
		}
		i++
		return rows[i-1], true
	})
}

// Sheet is one sheet of a workbook WriteSheets writes: its name and rows, as WriteXLSX's.
type Sheet struct {
	Name string
	Rows [][]any
}

// WriteSheets writes sheets as one workbook, in order, each as WriteXLSX writes its one sheet
// (a register template: key projects, their progress and milestones). Names are made valid with
// SanitizeSheetName; two sheets may not be named alike.
func WriteSheets(w io.Writer, sheets []Sheet) error {
	streams := make([]stream, len(sheets))
	for i, sh := range sheets {
		rows, n := sh.Rows, 0
		streams[i] = stream{sh.Name, func() ([]any, bool) {
			if n >= len(rows) {
				return nil, false
			}
			n++
			return rows[n-1], true
		}}
	}
	return writeStreams(w, streams)
}

// stream is a sheet whose rows are returned by next until it reports false.
type stream struct {
	name string
	next func() ([]any, bool)
}

// writeXLSX writes the rows returned by next until it reports false.
func writeXLSX(w io.Writer, sheetName string, next func() ([]any, bool)) error {
	return writeStreams(w, []stream{{sheetName, next}})
}

func writeStreams(w io.Writer, sheets []stream) error {
	if len(sheets) == 0 {
		return fmt.Errorf("生成 xlsx 失败: 没有工作表")
	}
	return guard(sheets[0].name+".xlsx", func() (err error) {
		f := excelize.NewFile()
		defer func() {
			if cerr := f.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}()
		cw := cellWriter{}
		if cw.text, err = f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil {
			return fmt.Errorf("生成 xlsx 失败: %w", err)
		}
		dateFmt, timeFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
		if cw.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
			return fmt.Errorf("生成 xlsx 失败: %w", err)
		}
		if cw.datetime, err = f.NewStyle(&excelize.Style{CustomNumFmt: &timeFmt}); err != nil {
			return fmt.Errorf("生成 xlsx 失败: %w", err)
		}
		seen := map[string]bool{}
		for i, sh := range sheets {
			name := SanitizeSheetName(sh.name)
			if seen[strings.ToLower(name)] {
				return fmt.Errorf("生成 xlsx 失败: 工作表「%s」重名", name)
			}
			seen[strings.ToLower(name)] = true
			switch {
			case i == 0 && name != "Sheet1":
				if err := f.SetSheetName("Sheet1", name); err != nil {
					return fmt.Errorf("生成 xlsx 失败: %w", err)
				}
			case i > 0:
				if _, err := f.NewSheet(name); err != nil {
					return fmt.Errorf("生成 xlsx 失败: %w", err)
				}
			}
			if err := cw.stream(f, name, sh.next); err != nil {
				return err
			}
		}
		if err := f.Write(w); err != nil {
			return fmt.Errorf("写出 xlsx 失败: %w", err)
		}
		return nil
	})
}

// stream writes the rows returned by next to the sheet name of f.
func (cw *cellWriter) stream(f *excelize.File, name string, next func() ([]any, bool)) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return fmt.Errorf("生成 xlsx 失败: %w", err)
	}
	var buf []any
	for r := 1; ; r++ {
		row, ok := next()
		if !ok {
			break
		}
		if r > excelize.TotalRows {
			return fmt.Errorf("生成 xlsx 失败: 超过 Excel 的 %d 行上限", excelize.TotalRows)
		}
		if len(row) > excelize.MaxColumns {
			return fmt.Errorf("生成 xlsx 失败: 第 %d 行有 %d 列，超过 Excel 的 %d 列上限", r, len(row), excelize.MaxColumns)
		}
		buf = buf[:0]
		for _, v := range row {
			buf = append(buf, cw.cell(v))
		}
		ref, err := excelize.CoordinatesToCellName(1, r)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, buf); err != nil {
			return fmt.Errorf("生成 xlsx 失败: 第 %d 行: %w", r, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("生成 xlsx 失败: %w", err)
	}
	return nil
}

type cellWriter struct{ text, date, datetime int }

// cell converts one value to what StreamWriter.SetRow gets. Only the types
// listed in WriteXLSX's comment pass through; the rest become strings, so no
// excelize.Cell (which could carry a formula) is ever passed on.
func (cw *cellWriter) cell(v any) any {
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		return cw.str(v)
	case []byte:
		return cw.str(string(v))
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, time.Duration:
		return v
	case float64:
		return cw.float(v)
	case float32:
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			return cw.float(f)
		}
		return v
	case time.Time:
		style := cw.datetime
		if h, m, s := v.Clock(); h == 0 && m == 0 && s == 0 && v.Nanosecond() == 0 {
			style = cw.date
		}
		return excelize.Cell{StyleID: style, Value: v}
	case excelize.Cell:
		return cw.cell(v.Value) // the formula, if any, is dropped
	case *excelize.Cell:
		if v == nil {
			return nil
		}
		return cw.cell(v.Value)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() { // named types such as type Value float64
	case reflect.Bool:
		return rv.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rv.Uint()
	case reflect.Float32, reflect.Float64:
		return cw.float(rv.Float())
	}
	switch v := v.(type) {
	case fmt.Stringer:
		return cw.str(v.String())
	case error:
		return cw.str(v.Error())
	}
	if rv.Kind() == reflect.String {
		return cw.str(rv.String())
	}
	if k := rv.Kind(); k == reflect.Pointer || k == reflect.Interface {
		if rv.IsNil() {
			return nil
		}
		return cw.cell(rv.Elem().Interface())
	}
	return cw.str(fmt.Sprint(v))
}

func (cw *cellWriter) float(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return cw.str(fmt.Sprint(f))
	}
	return f
}

func (cw *cellWriter) str(s string) any {
	if IsFormulaLike(s) {
		return excelize.Cell{StyleID: cw.text, Value: s}
	}
	return s
}

// IsFormulaLike reports whether a spreadsheet program could take s for a
// formula: it starts with = + - @, a tab or a carriage return. Such strings
// are written as text (and CSV exports should prefix them with ').
func IsFormulaLike(s string) bool {
	return s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0
}

// SanitizeSheetName makes name a valid sheet name: the characters
// : \ / ? * [ ] become "_", leading and trailing apostrophes and spaces are
// dropped, it is cut to 31 characters, and "" becomes "Sheet1".
func SanitizeSheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`:\/?*[]`, r):
			return '_'
		case r < 0x20 || r == utf8.RuneError:
			return -1
		}
		return r
	}, name)
	name = strings.Trim(name, "' ")
	if utf8.RuneCountInString(name) > excelize.MaxSheetNameLength {
		name = string([]rune(name)[:excelize.MaxSheetNameLength])
		name = strings.TrimRight(name, "' ")
	}
	if name == "" {
		return "Sheet1"
	}
	return name
}
