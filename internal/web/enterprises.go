package web

import (
	"net/http"

	"pacer/internal/domain"
	"pacer/internal/enterprises"
)

// The enterprise register (企业培育): the cultivation funnel against its targets, the ladder by
// title, the lists of firms with output ≥ 50亿 and tax ≥ 1亿, every firm (view_registers;
// ?format=xlsx exports the firms as an enterprises file that imports back).

type enterprisesPage struct {
	*enterprises.Register
	Titles func(domain.Enterprise) string
}

// GET /enterprises[?region=&period=][&format=xlsx]
func (s *Server) enterprisesPage(w http.ResponseWriter, r *http.Request) {
	region, period, err := s.leadsAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	reg, err := s.Enterprises.Register(r.Context(), region, period)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if wantsXLSX(r) {
		rows := [][]any{enterprises.ExportHeader()}
		for _, e := range reg.Enterprises {
			rows = append(rows, enterprises.ExportRow(e))
		}
		s.writeXLSX(w, r, "enterprises-"+reg.Region.Code+"-"+reg.Period, "enterprises", rows)
		return
	}
	p := &enterprisesPage{Register: reg, Titles: func(e domain.Enterprise) string { return enterprises.FormatTitles(e.Titles) }}
	s.render(w, r, http.StatusOK, "enterprises.html", p)
}
