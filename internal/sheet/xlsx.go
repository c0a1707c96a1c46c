package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// ReadXLSX reads every sheet of an .xlsx workbook, in workbook (tab) order,
// with cells as raw stored text (see Table). name is the file's base name,
// used in errors and Table.File.
//
// Before excelize sees the bytes it checks the size, the zip signature, and
// with archive/zip the entry count and the total declared uncompressed size
// (archive/zip refuses entries that inflate past their declared size, so the
// declaration is binding). excelize then runs with UnzipSizeLimit and
// UnzipXMLSizeLimit from lim and streams rows with Rows() and RawCellValue; any
// temporary files it makes go to a private directory removed before return.
// A panic inside excelize is returned as a *PanicError (wrapping ErrInternal)
// for this file; it never reaches the caller as a panic. Timeout is checked
// between sheets and every 1,024 rows, not inside excelize's OpenReader.
func ReadXLSX(name string, r io.ReaderAt, size int64, lim Limits) ([]Table, error) {
	var tables []Table
	err := guard(name, func() (err error) {
		tables, err = readXLSX(name, r, size, lim.withDefaults())
		return err
	})
	if err != nil {
		return nil, err
	}
	return tables, nil
}

func readXLSX(name string, r io.ReaderAt, size int64, lim Limits) (tables []Table, err error) {
	deadline := time.Now().Add(lim.Timeout)
	if size > lim.MaxBytes {
		return nil, tooLarge(name, size, lim.MaxBytes)
	}
	var sig [8]byte
	n, _ := r.ReadAt(sig[:], 0)
	if n >= 8 && bytes.Equal(sig[:], sigOLE) {
		return nil, fail(name, ErrEncryptedOrXLS, "sheet.xlsx.encrypted")
	}
	if n < 4 || !bytes.Equal(sig[:4], sigZip) {
		return nil, fail(name, ErrNotZip, "sheet.xlsx.not_zip")
	}
	needTemp, err := checkZip(name, r, size, &lim)
	if err != nil {
		return nil, err
	}

	opts := excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    lim.MaxUnzipped,
		UnzipXMLSizeLimit: lim.MaxXMLInMemory,
	}
	if needTemp {
		dir, err := os.MkdirTemp("", "pacer-xlsx-")
		if err != nil {
			return nil, fail(name, err, "sheet.tempdir", err.Error())
		}
		defer os.RemoveAll(dir)
		opts.TmpDir = dir
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), opts)
	if f != nil {
		defer f.Close()
	}
	if err != nil {
		return nil, fail(name, ErrBadXLSX, "sheet.xlsx.bad", Clip(err.Error()))
	}

	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fail(name, ErrBadXLSX, "sheet.xlsx.no_sheets")
	}
	cells := 0
	var merges *mergeReader
	for _, sh := range sheets {
		b := rowBuilder{file: name, sheet: sh, lim: &lim, cells: &cells, deadline: deadline}
		if err := b.checkTime(); err != nil {
			return nil, err
		}
		if err := readSheet(f, &b); err != nil {
			return nil, err
		}
		var ms []Merge
		var vw *View
		if len(b.rows) > 0 && len(b.rows) <= mergeRowsLimit {
			// Merged ranges only help to read headers: a workbook whose parts cannot be
			// found this way (excelize read it all the same) is read without them.
			if merges == nil {
				if merges, _ = newMergeReader(r, size, lim.MaxUnzipped); merges == nil {
					merges = &mergeReader{}
				}
			}
			ms, _ = merges.sheet(sh)
			vw = merges.sheetView(sh)
		}
		visible, _ := f.GetSheetVisible(sh)
		if utf8.RuneCountInString(sh) > clipRunes { // Excel allows 31 characters
			sh = Clip(sh)
		}
		tables = append(tables, Table{File: name, Sheet: sh, Rows: b.rows, Hidden: !visible, Date1904: date1904, Merges: ms, View: vw})
	}
	return tables, nil
}

// checkZip looks at the central directory (entry count and total declared
// uncompressed size), then checks every entry against it and reads it to its
// end (verifyZip). It reports whether some part is big enough for excelize to
// unzip it to a temporary file.
func checkZip(name string, r io.ReaderAt, size int64, lim *Limits) (needTemp bool, err error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return false, fail(name, ErrBadZip, "sheet.xlsx.bad_zip", Clip(err.Error()))
	}
	if len(zr.File) > lim.MaxEntries {
		return false, fail(name, ErrTooManyEntries, "sheet.xlsx.too_many_entries", len(zr.File), lim.MaxEntries)
	}
	var total uint64
	for _, zf := range zr.File {
		if zf.UncompressedSize64 > uint64(lim.MaxUnzipped) {
			return false, unzipTooLarge(name, zf.UncompressedSize64, lim.MaxUnzipped)
		}
		total += zf.UncompressedSize64 // cannot overflow: both terms ≤ MaxUnzipped < 2⁶³
		if total > uint64(lim.MaxUnzipped) {
			return false, unzipTooLarge(name, total, lim.MaxUnzipped)
		}
		if zf.UncompressedSize64 > uint64(lim.MaxXMLInMemory) {
			needTemp = true
		}
	}
	if err := verifyZip(name, r, size, zr, lim); err != nil {
		return false, err
	}
	return needTemp, nil
}

func unzipTooLarge(name string, n uint64, limit int64) error {
	return fail(name, ErrUnzipTooLarge, "sheet.unzip_too_large_size", humanBytes(int64(min(n, 1<<62))), humanBytes(limit))
}

// PanicError is the error for a file whose parser panicked. Its message is
// for users; Stack is for the log.
type PanicError struct {
	File  string
	Value any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("%s: %v（%v）", e.File, ErrInternal, e.Value)
}

func (e *PanicError) Unwrap() error { return ErrInternal }

// guard runs fn, turning a panic into a *PanicError for file name.
func guard(name string, fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &PanicError{File: name, Value: p, Stack: debug.Stack()}
		}
	}()
	return fn()
}

func readSheet(f *excelize.File, b *rowBuilder) error {
	rows, err := f.Rows(b.sheet)
	if err != nil {
		return b.fail(ErrBadXLSX, "sheet.xlsx.bad", Clip(err.Error()))
	}
	defer rows.Close()
	rowNum := 0
	for rows.Next() {
		rowNum++
		if rowNum&1023 == 0 {
			if err := b.checkTime(); err != nil {
				return err
			}
		}
		cols, err := rows.Columns()
		if err != nil {
			return b.fail(ErrBadXLSX, "sheet.xlsx.bad_row", rowNum, Clip(err.Error()))
		}
		if err := b.add(rowNum, cols); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return b.fail(ErrBadXLSX, "sheet.xlsx.bad", Clip(err.Error()))
	}
	if err := rows.Close(); err != nil {
		return b.fail(ErrBadXLSX, "sheet.xlsx.bad", Clip(err.Error()))
	}
	return nil
}
