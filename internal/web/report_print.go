package web

import (
	"encoding/base64"
	"html/template"
	"net/http"

	"pacer/internal/report"
)

// printBlock is a block of the report with its picture as a data: URI (the CSP allows img-src
// data:), so that the page prints whole with no request of its own.
type printBlock struct {
	report.Block
	Src template.URL
}

// GET /report/monthly/print[?region=&period=]: the monthly analysis as an HTML page that prints
// to A4 (GB/T 9704's margins and faces, page numbers in the page's margin), written from the same
// blocks as the .docx of /report/monthly, in the user's language (view_data, as the .docx).
func (s *Server) reportMonthlyPrint(w http.ResponseWriter, r *http.Request) {
	region, period, err := s.dashWhere(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	blocks, err := s.Reports.MonthlyBlocks(r.Context(), region, period, langOf(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	view := struct {
		Region, Period, Title string
		Blocks                []printBlock
	}{Region: region, Period: period}
	for _, b := range blocks {
		pb := printBlock{Block: b}
		if b.Kind == "image" {
			pb.Src = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Image))
		}
		if b.Kind == "title" && view.Title == "" {
			view.Title = b.Text
		}
		view.Blocks = append(view.Blocks, pb)
	}
	s.render(w, r, http.StatusOK, "report_print.html", view)
}
