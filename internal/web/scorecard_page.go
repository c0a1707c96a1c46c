package web

import (
	"fmt"
	"html/template"
	"net/http"

	"pacer/internal/auth"
	"pacer/internal/locale"
	"pacer/internal/scorecard"
)

// GET /scorecard — the scorecard table of a region at a period (?region=&period=, defaulting to
// the home region and the dashboard's period); ?format=xlsx downloads the table.
func (s *Server) scorecardPage(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	data := struct {
		Scorecard *scorecard.Scorecard
		Items     []dashItem
		Region    string
		Period    string
		Error     string
	}{Region: r.URL.Query().Get("region"), Period: r.URL.Query().Get("period")}
	code := http.StatusOK
	region, period, err := s.dashWhere(r)
	if err == nil {
		data.Region, data.Period = region, period
		data.Scorecard, err = s.Scorecards.Scorecard(r.Context(), region, period)
	}
	if err != nil {
		if wantsXLSX(r) {
			s.pageError(w, r, err)
			return
		}
		code, data.Error, data.Scorecard = status(err), displayError(r, err), nil
	}
	if sc := data.Scorecard; sc != nil {
		query := template.URL("region=" + urlQueryEscape(sc.Region.Code) + "&period=" + urlQueryEscape(sc.Period))
		for _, l := range sc.Indicators {
			data.Items = append(data.Items, dashLineItem(lang, l, true, query))
		}
		if wantsXLSX(r) {
			if !auth.Can(userOf(r).Role, auth.ExportData) {
				s.renderError(w, r, http.StatusForbidden, tr(r, "error.forbidden"))
				return
			}
			title := locale.T(lang, "sc.sheet")
			s.writeXLSX(w, r, fmt.Sprintf("%s-%s-%s", sc.Region.Name, sc.Period, title), title, dashRows(lang, data.Items))
			return
		}
	}
	s.render(w, r, code, "scorecard.html", data)
}
