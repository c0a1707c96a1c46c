package web

import "net/http"

// GET /report/monthly[?region=&period=]: the monthly economic analysis (一月一分析) as a .docx,
// written from the figures (analysts and leaders: view_data). Without region or period it is the
// home county's at the latest period with a figure, as the dashboard.
func (s *Server) reportMonthly(w http.ResponseWriter, r *http.Request) {
	region, period, err := s.dashWhere(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	b, err := s.Reports.MonthlyDocx(r.Context(), region, period, langOf(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	writeDocx(w, tr(r, "report.file.monthly", region, period), b)
}
