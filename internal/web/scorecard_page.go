package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"

	"pacer/internal/auth"
	"pacer/internal/locale"
	"pacer/internal/scorecard"
	"pacer/internal/sheet"
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
		data.Items = scorecardItems(lang, sc)
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

func scorecardItems(lang string, sc *scorecard.Scorecard) []dashItem {
	query := template.URL("region=" + urlQueryEscape(sc.Region.Code) + "&period=" + urlQueryEscape(sc.Period))
	var items []dashItem
	for _, l := range sc.Indicators {
		items = append(items, dashLineItem(lang, l, true, query))
	}
	return items
}

// ScorecardXLSX is the scorecard's page downloaded as .xlsx (?format=xlsx), in lang, and the
// file's name: the monthly pack attaches the same file.
func ScorecardXLSX(lang string, sc *scorecard.Scorecard) (name string, data []byte, err error) {
	title := locale.T(lang, "sc.sheet")
	var buf bytes.Buffer
	if err := sheet.WriteXLSX(&buf, title, dashRows(lang, scorecardItems(lang, sc))); err != nil {
		return "", nil, err
	}
	return fmt.Sprintf("%s-%s-%s.xlsx", sc.Region.Name, sc.Period, title), buf.Bytes(), nil
}
