package web

import (
	"net/http"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/enterprises"
	"pacer/internal/locale"
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
	lang := langOf(r)
	p := &enterprisesPage{Register: reg, Titles: func(e domain.Enterprise) string { return enterpriseTitles(lang, e.Titles) }}
	s.render(w, r, http.StatusOK, "enterprises.html", p)
}

// enterpriseTitles writes a firm's titles as the enterprises file does (enterprises.FormatTitles:
// 创新型中小企业 2022-05-15;省级专精特新 申报 2023-05-24), the titles and the words in lang.
func enterpriseTitles(lang string, ts []domain.EnterpriseTitle) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		s := vocab(lang, t.Title)
		if t.Applied != "" {
			s += " " + locale.T(lang, "vocab.title_applied") + " " + t.Applied
			if t.Granted != "" {
				s += " " + locale.T(lang, "vocab.title_granted") + " " + t.Granted
			}
		} else {
			s += " " + t.Granted
		}
		parts[i] = s
	}
	return strings.Join(parts, ";")
}
