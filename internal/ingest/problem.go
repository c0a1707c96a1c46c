package ingest

import (
	"fmt"
	"strings"

	"pacer/internal/locale"
	"pacer/internal/sheet"
)

// Problem is one thing wrong with one cell (or row, or file). Rows are numbered as a spreadsheet
// shows them: the header is row 1.
type Problem struct {
	File   string
	Sheet  string // set when the workbook has more than one sheet in use
	Row    int    // 0: the whole file
	Column string // the column's header; "" for a whole row
	// Cell is an A1 reference (B7) for a problem found at one cell of a bulletin sheet, where
	// rows and columns have no header names; it is shown as file:sheet!B7 instead of row and column.
	Cell  string
	Value string
	// Expected says what was wanted; it is zero for a whole-file problem, which Message states.
	Expected locale.Msg
	// Message is what is wrong with a whole file (one that cannot be read at all).
	Message locale.Msg
}

// Format renders the problem as `file:row:column: value — expected …` (`file:sheet!B7: value —
// expected …` when Cell is set) in lang (a locale language: zh-CN or en). What came from the
// file (the value, the column's header, the sheet's name) is quoted with at most about 80
// characters (sheet.Clip).
func (p Problem) Format(lang string) string {
	p.Sheet, p.Column, p.Value = sheet.Clip(p.Sheet), sheet.Clip(p.Column), sheet.Clip(p.Value)
	var b strings.Builder
	b.WriteString(p.File)
	if p.Cell != "" {
		b.WriteString(":")
		if p.Sheet != "" {
			b.WriteString(p.Sheet + "!")
		}
		b.WriteString(p.Cell)
	} else if p.Sheet != "" {
		b.WriteString("[" + p.Sheet + "]")
	}
	if p.Row > 0 {
		fmt.Fprintf(&b, ":%d", p.Row)
	}
	if p.Column != "" {
		b.WriteString(":" + p.Column)
	}
	b.WriteString(": ")
	if p.Expected.IsZero() { // a whole-file problem
		b.WriteString(p.Message.In(lang))
		return b.String()
	}
	b.WriteString(locale.T(lang, "ingest.problem", p.Value, p.Expected))
	return b.String()
}

// FileProblem is a file that cannot be read at all: what the reader says of it (sheet.Message),
// else a generic message (the cause is not for users).
func FileProblem(name string, err error) Problem {
	if m, ok := sheet.Message(err); ok {
		return Problem{File: name, Message: m}
	}
	return Problem{File: name, Message: locale.M("ingest.file.unreadable")}
}

// Problems is every problem found in one import; as an error it formats in Chinese.
type Problems []Problem

func (ps Problems) Error() string { return ps.Format("zh-CN") }

// Format renders one problem a line.
func (ps Problems) Format(lang string) string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Format(lang)
	}
	return strings.Join(lines, "\n")
}
