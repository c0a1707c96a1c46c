package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"pacer/internal/locale"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	sigZip     = []byte("PK\x03\x04")
	sigOLE     = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// ReadCSV reads a comma-separated file: UTF-8, with or without a byte-order
// mark, LF or CRLF line ends, RFC 4180 quoting (strict: a stray quote is an
// error rather than a guess). Blank lines count as rows, as in Excel, so
// Rows[i] is the row Excel would show as i+1. A file that is not UTF-8 is
// refused with ErrNotUTF8; when it decodes as GB18030 (what Chinese Excel
// writes for "CSV（逗号分隔）") it is decoded, and Table.Encoding names it
// (GBK or GB18030).
func ReadCSV(name string, r io.Reader, lim Limits) (Table, error) {
	lim = lim.withDefaults()
	deadline := time.Now().Add(lim.Timeout)
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return Table{}, fail(name, err, "sheet.read", err.Error())
	}
	if int64(len(data)) > lim.MaxBytes {
		return Table{}, tooLarge(name, -1, lim.MaxBytes)
	}
	data, enc, _ := decodeChinese(data)
	if err := checkCSVBytes(name, data); err != nil {
		return Table{}, err
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	if err := checkCSVFields(name, data); err != nil {
		return Table{}, err
	}

	cells := 0
	b := rowBuilder{file: name, lim: &lim, cells: &cells, deadline: deadline}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	var (
		records  int
		rowNum   int   // spreadsheet row of the last record
		lineEnd  int   // text lines consumed so far
		consumed int64 // bytes consumed so far
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Table{}, csvError(name, err)
		}
		// encoding/csv skips blank lines; Excel shows each as an empty
		// row. The record starts on text line `start`; every line between
		// the end of the previous record and it was blank.
		start, _ := cr.FieldPos(0)
		rowNum += start - lineEnd
		off := cr.InputOffset()
		lineEnd += bytes.Count(data[consumed:off], []byte{'\n'})
		if off > consumed && data[off-1] != '\n' {
			lineEnd++ // last line without a line end
		}
		consumed = off
		if records++; records&1023 == 0 {
			if err := b.checkTime(); err != nil {
				return Table{}, err
			}
		}
		if err := b.add(rowNum, rec); err != nil {
			return Table{}, err
		}
	}
	return Table{File: name, Rows: b.rows, Encoding: enc}, nil
}

// checkCSVBytes refuses binary files and anything that is not UTF-8.
func checkCSVBytes(name string, data []byte) error {
	switch {
	case bytes.HasPrefix(data, sigZip):
		return fail(name, ErrNotCSV, "sheet.csv.zip")
	case bytes.HasPrefix(data, sigOLE):
		return fail(name, ErrNotCSV, "sheet.csv.xls")
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
		return fail(name, ErrNotUTF8, "sheet.csv.utf16")
	}
	if !utf8.Valid(data) {
		if looksGB18030(data) {
			return fail(name, errors.Join(ErrNotUTF8, ErrGB18030), "sheet.csv.gb18030")
		}
		return fail(name, ErrNotUTF8, "sheet.csv.not_utf8")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fail(name, ErrNotCSV, "sheet.csv.nul", i+1)
	}
	return nil
}

// looksGB18030 reports whether b is well-formed GB18030: ASCII bytes,
// two-byte sequences [81–FE][40–7E,80–FE] and four-byte sequences
// [81–84,90–E3][30–39][81–FE][30–39] (the ranges that map to Unicode).
// Structure is all that is checked; it is what distinguishes GBK/GB18030
// from UTF-8 in practice, and needs no decoding tables.
func looksGB18030(b []byte) bool {
	multi := false
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			i++
			continue
		}
		if c == 0x80 || c == 0xFF || i+1 >= len(b) {
			return false
		}
		c2 := b[i+1]
		switch {
		case (c2 >= 0x40 && c2 <= 0x7E) || (c2 >= 0x80 && c2 <= 0xFE):
			i += 2
		case c2 >= 0x30 && c2 <= 0x39:
			if i+3 >= len(b) || !((c >= 0x81 && c <= 0x84) || (c >= 0x90 && c <= 0xE3)) ||
				b[i+2] < 0x81 || b[i+2] > 0xFE || b[i+3] < 0x30 || b[i+3] > 0x39 {
				return false
			}
			i += 4
		default:
			return false
		}
		multi = true
	}
	return multi
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fail(name, ErrCSVFormat, "sheet.csv.format", Clip(err.Error()))
	}
	var what any = pe.Err.Error()
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		what = locale.M("sheet.csv.quote")
	case errors.Is(pe.Err, csv.ErrBareQuote):
		what = locale.M("sheet.csv.bare_quote")
	}
	if pe.StartLine != 0 && pe.StartLine != pe.Line {
		return fail(name, ErrCSVFormat, "sheet.csv.format_lines", pe.StartLine, pe.Line, what)
	}
	return fail(name, ErrCSVFormat, "sheet.csv.format_line", pe.Line, what)
}

// checkCSVFields refuses a field longer than MaxCellChars characters before encoding/csv reads
// it (it holds a whole record in memory). Rows are counted as Excel shows them: every line end
// outside quotes ends a row, blank lines included. A quote opens a quoted field only at the start
// of a field, as encoding/csv reads it; malformed quoting is left to encoding/csv to report.
func checkCSVFields(name string, data []byte) error {
	row, col, chars := 1, 0, 0
	quoted, atStart := false, true
	for i := 0; i < len(data); i++ {
		c := data[i]
		if quoted {
			if c == '"' {
				if i+1 < len(data) && data[i+1] == '"' {
					i++
				} else {
					quoted = false
					continue
				}
			}
		} else {
			switch c {
			case ',':
				col, chars, atStart = col+1, 0, true
				continue
			case '\n':
				row, col, chars, atStart = row+1, 0, 0, true
				continue
			case '\r':
				if i+1 < len(data) && data[i+1] == '\n' {
					continue
				}
			case '"':
				if atStart {
					quoted, atStart = true, false
					continue
				}
			}
		}
		atStart = false
		if c&0xC0 != 0x80 {
			if chars++; chars > MaxCellChars {
				return fail(name, ErrCellTooLong, "sheet.csv.field_too_long", strconv.Itoa(row), ColumnName(col), strconv.Itoa(MaxCellChars))
			}
		}
	}
	return nil
}
