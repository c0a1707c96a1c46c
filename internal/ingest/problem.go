package ingest

import (
	"fmt"
	"strings"
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
	// Expected says what was wanted, in Chinese and in English.
	Expected, ExpectedEN string
}

// Format renders the problem as `file:row:column: value — expected …` (`file:sheet!B7: value —
// expected …` when Cell is set) in lang ("zh" or "en").
func (p Problem) Format(lang string) string {
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
	if p.Expected == "" { // a whole-file problem: Value is the message
		b.WriteString(p.Value)
		return b.String()
	}
	if lang == "en" {
		fmt.Fprintf(&b, "%q — expected %s", p.Value, p.ExpectedEN)
	} else {
		fmt.Fprintf(&b, "「%s」— 应为%s", p.Value, p.Expected)
	}
	return b.String()
}

// Problems is every problem found in one import; as an error it formats in Chinese.
type Problems []Problem

func (ps Problems) Error() string { return ps.Format("zh") }

// Format renders one problem a line.
func (ps Problems) Format(lang string) string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Format(lang)
	}
	return strings.Join(lines, "\n")
}
