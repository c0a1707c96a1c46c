// Package sheet reads and writes tabular files (.xlsx and .csv) for the
// importer. It is the only package that imports the Excel library.
//
// Everything read here comes from outside and is treated as hostile: file
// size, zip entry count, total uncompressed size, rows, columns, cells and
// time are all capped (see Limits), and a panic inside the Excel library
// becomes an error for that file. A file that cannot be read is an *Error: its
// Msg is rendered in the reader's language (catalogue keys sheet.*), its Error()
// is the Chinese text after the file's base name, e.g. "stats.xlsx: 不是有效的
// xlsx 文件（缺少 zip 签名）"; each wraps one of the Err* sentinels below so
// callers can test with errors.Is.
package sheet

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"pacer/internal/locale"
)

// Table is one sheet (or the one table of a CSV).
//
// Rows[i] is spreadsheet row i+1 (the header is row 1). Cells are text exactly
// as stored: no number formatting is applied, so a number is its stored
// decimal text ("1234.5", "0.30000000000000004"), a date-formatted cell is its
// serial number ("45397"), a boolean is "1"/"0", an error cell is its code
// ("#DIV/0!") and a formula cell is its cached result. Trailing empty cells of
// each row are trimmed; blank rows are kept as empty (nil) rows so numbering
// stays right, and trailing blank rows are dropped.
type Table struct {
	File  string // base name of the file
	Sheet string // sheet name; "" for CSV
	Rows  [][]string

	// Hidden reports a hidden or very hidden sheet (always false for CSV).
	Hidden bool
	// Date1904 reports a workbook using the 1904 date system: its date
	// serial numbers count days from 1904-01-01, not 1899-12-30.
	Date1904 bool
	// Merges are the sheet's merged cell ranges (xlsx sheets of up to 5,000
	// rows; nil for CSV). A merged range's text is in its top-left cell only;
	// see MergeAt.
	Merges []Merge
	// View is how the sheet shows its cells: number formats, hidden rows and columns (xlsx
	// sheets of up to 5,000 rows; nil otherwise). See NumFormat, RowHidden, ColHidden.
	View *View
	// Encoding names the encoding a CSV file was converted from (EncodingGBK, EncodingGB18030);
	// "" for UTF-8 and xlsx.
	Encoding string
}

// Cell returns the text of the cell at 0-based row r and column c, or "" when
// the row or the cell is absent.
func (t *Table) Cell(r, c int) string {
	if r < 0 || r >= len(t.Rows) || c < 0 || c >= len(t.Rows[r]) {
		return ""
	}
	return t.Rows[r][c]
}

// Heading is the header row's text of column c as the file writes it (trimmed, a byte-order mark
// dropped), or fallback when the column has none: a problem names a column as its reader sees it.
func (t *Table) Heading(c int, fallback string) string {
	if h := strings.TrimSpace(strings.TrimPrefix(t.Cell(0, c), "\ufeff")); h != "" {
		return h
	}
	return fallback
}

// HeaderRow is a template's header row: cols in order, each written as names has it (a Chinese
// heading), or as itself when names has none (nil names: the columns' own names).
func HeaderRow(cols []string, names map[string]string) []any {
	h := make([]any, len(cols))
	for i, c := range cols {
		if n, ok := names[c]; ok {
			h[i] = n
		} else {
			h[i] = c
		}
	}
	return h
}

// Limits caps what a file from outside may cost. A zero (or negative) field
// means the DefaultLimits value for that field, so Limits{} is safe.
type Limits struct {
	MaxBytes    int64 // size of the file itself
	MaxRows     int   // per sheet: highest spreadsheet row number holding data
	MaxCols     int   // per row: cells after trimming trailing empty ones
	MaxUnzipped int64 // xlsx: total uncompressed size of all zip entries

	MaxEntries int // xlsx: number of zip entries
	// MaxXMLInMemory: an xlsx worksheet or shared-string part bigger than
	// this is unzipped into a private temporary directory (removed before
	// returning) instead of memory (excelize's UnzipXMLSizeLimit).
	MaxXMLInMemory int64
	MaxCells       int           // per file: total cells returned
	Timeout        time.Duration // per file, checked while reading rows
}

// DefaultLimits returns the limits used for uploads.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:       50 << 20,  // 50 MiB
		MaxRows:        300_000,   // Excel allows 1,048,576
		MaxCols:        1_000,     // Excel allows 16,384
		MaxUnzipped:    256 << 20, // 256 MiB; xlsx XML compresses about 10x
		MaxEntries:     5_000,
		MaxXMLInMemory: 16 << 20, // excelize's own default
		MaxCells:       3_000_000,
		Timeout:        2 * time.Minute,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxCols <= 0 {
		l.MaxCols = d.MaxCols
	}
	if l.MaxUnzipped <= 0 {
		l.MaxUnzipped = d.MaxUnzipped
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxXMLInMemory <= 0 {
		l.MaxXMLInMemory = d.MaxXMLInMemory
	}
	l.MaxXMLInMemory = min(l.MaxXMLInMemory, l.MaxUnzipped)
	if l.MaxCells <= 0 {
		l.MaxCells = d.MaxCells
	}
	if l.Timeout <= 0 {
		l.Timeout = d.Timeout
	}
	return l
}

// Sentinel errors. Returned errors wrap them and add the file name and, where
// it helps, the sheet, row and limit.
var (
	ErrUnsupportedType = errors.New("不支持的文件类型，只能导入 .xlsx 或 .csv 文件")
	ErrTooLarge        = errors.New("文件过大")
	ErrNotZip          = errors.New("不是有效的 xlsx 文件（缺少 zip 签名）")
	ErrBadZip          = errors.New("不是有效的 xlsx 文件（zip 结构损坏）")
	ErrEncryptedOrXLS  = errors.New("是加密的工作簿或旧版 .xls 文件，请在 Excel 中取消密码并另存为 .xlsx")
	ErrBadXLSX         = errors.New("无法读取 xlsx 文件")
	ErrTooManyEntries  = errors.New("xlsx 压缩包内的文件过多")
	ErrUnzipTooLarge   = errors.New("xlsx 解压后内容过大")
	ErrTooManyRows     = errors.New("行数超过上限")
	ErrTooManyCols     = errors.New("列数超过上限")
	ErrTooManyCells    = errors.New("单元格总数超过上限")
	ErrTimeout         = errors.New("读取超时")
	ErrNotUTF8         = errors.New("文件不是 UTF-8 编码，请另存为 UTF-8 CSV")
	ErrGB18030         = errors.New("内容看起来是 GB18030/GBK 编码，中文版 Excel 的“CSV（逗号分隔）”就是这种编码；请改选“CSV UTF-8（逗号分隔）”另存")
	ErrNotCSV          = errors.New("不是 CSV 文本文件")
	ErrCSVFormat       = errors.New("CSV 格式错误")
	ErrInternal        = errors.New("处理文件时发生内部错误")
	ErrCellTooLong     = errors.New("单元格内容超过 Excel 的上限 32767 个字符")
)

// ReadFile reads a .csv (one Table) or .xlsx (one Table per sheet, in
// workbook order) file, chosen by extension (case-insensitive). Any other
// extension is an error.
func ReadFile(path string, lim Limits) ([]Table, error) {
	lim = lim.withDefaults()
	name := filepath.Base(path)
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".csv" && ext != ".xlsx" {
		return nil, Unsupported(name)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail(name, err, "sheet.open", err.Error())
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fail(name, err, "sheet.stat", err.Error())
	}
	if !fi.Mode().IsRegular() {
		return nil, fail(name, nil, "sheet.not_regular")
	}
	if fi.Size() > lim.MaxBytes {
		return nil, tooLarge(name, fi.Size(), lim.MaxBytes)
	}
	if ext == ".csv" {
		t, err := ReadCSV(name, f, lim)
		if err != nil {
			return nil, err
		}
		return []Table{t}, nil
	}
	return ReadXLSX(name, f, fi.Size(), lim)
}

// Unsupported is the error for file name whose type (by extension) cannot be read.
func Unsupported(name string) error {
	ext := strings.ToLower(filepath.Ext(name))
	var hint any = ""
	if ext == ".xls" || ext == ".et" || ext == ".xlsm" {
		hint = locale.M("sheet.hint.resave")
	}
	return fail(name, ErrUnsupportedType, "sheet.unsupported", ext, hint)
}

func tooLarge(name string, size, limit int64) error {
	if size < 0 {
		return fail(name, ErrTooLarge, "sheet.too_large", humanBytes(limit))
	}
	return fail(name, ErrTooLarge, "sheet.too_large_size", humanBytes(size), humanBytes(limit))
}

// ColumnName returns the spreadsheet column letters of 0-based column i:
// 0 -> "A", 25 -> "Z", 26 -> "AA", 16383 -> "XFD". Negative i gives "".
func ColumnName(i int) string {
	if i < 0 {
		return ""
	}
	var buf [16]byte
	n := len(buf)
	for {
		n--
		buf[n] = byte('A' + i%26)
		i = i/26 - 1
		if i < 0 {
			break
		}
	}
	return string(buf[n:])
}

// CellRef returns the A1-style reference of 0-based row r and column c:
// CellRef(0, 0) = "A1", CellRef(2, 27) = "AB3". It is meant for messages
// pointing at Table.Rows[r][c].
func CellRef(r, c int) string {
	if r < 0 || c < 0 {
		return ""
	}
	return ColumnName(c) + strconv.Itoa(r+1)
}

// Merge is a merged cell range of a sheet, e.g. {"Sheet1", "A1", "C1"}.
type Merge struct{ Sheet, Start, End string }

// rowBuilder accumulates the rows of one table applying the row, column and
// cell caps; blank rows are only materialised when a later row has data, so
// trailing blank rows (often just formatting) cost nothing and are dropped.
type rowBuilder struct {
	file, sheet string
	lim         *Limits
	cells       *int // shared across the tables of one file
	deadline    time.Time
	rows        [][]string
}

// add appends spreadsheet row rowNum (1-based, increasing) with its cells.
func (b *rowBuilder) add(rowNum int, cells []string) error {
	n := len(cells)
	for n > 0 && cells[n-1] == "" {
		n--
	}
	if n == 0 {
		return nil
	}
	cells = cells[:n:n]
	if rowNum > b.lim.MaxRows {
		return b.fail(ErrTooManyRows, "sheet.too_many_rows", rowNum, b.lim.MaxRows)
	}
	if n > b.lim.MaxCols {
		return b.fail(ErrTooManyCols, "sheet.too_many_cols", rowNum, n, ColumnName(n-1), b.lim.MaxCols)
	}
	*b.cells += n
	if *b.cells > b.lim.MaxCells {
		return b.fail(ErrTooManyCells, "sheet.too_many_cells", rowNum, b.lim.MaxCells)
	}
	if gap := rowNum - 1 - len(b.rows); gap > 0 {
		b.rows = append(b.rows, make([][]string, gap)...)
	}
	b.rows = append(b.rows, cells)
	return nil
}

func (b *rowBuilder) checkTime() error {
	if time.Now().After(b.deadline) {
		return b.fail(ErrTimeout, "sheet.timeout", b.lim.Timeout.String())
	}
	return nil
}
