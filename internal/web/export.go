package web

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"pacer/internal/sheet"
)

// wantsXLSX reports whether the request asks for the page's table as a spreadsheet
// (?format=xlsx): every table page offers its table this way, under the page's own permission.
func wantsXLSX(r *http.Request) bool { return r.URL.Query().Get("format") == "xlsx" }

var unsafeName = regexp.MustCompile(`[^\p{Han}A-Za-z0-9._-]+`)

// writeXLSX sends rows (the first is the header) as an .xlsx download named name (sanitised).
// Cells that look like formulas are written as text by package sheet.
func (s *Server) writeXLSX(w http.ResponseWriter, r *http.Request, name, sheetName string, rows [][]any) {
	s.writeSheets(w, r, name, []sheet.Sheet{{Name: sheetName, Rows: rows}})
}

// writeSheets sends a workbook of several sheets as writeXLSX sends one.
func (s *Server) writeSheets(w http.ResponseWriter, r *http.Request, name string, sheets []sheet.Sheet) {
	var buf bytes.Buffer
	if err := sheet.WriteSheets(&buf, sheets); err != nil {
		s.pageError(w, r, err)
		return
	}
	name = strings.Trim(unsafeName.ReplaceAllString(name, "_"), "._")
	if name == "" {
		name = "pacer"
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="pacer.xlsx"; filename*=UTF-8''`+url.PathEscape(name+".xlsx"))
	w.Write(buf.Bytes())
}
