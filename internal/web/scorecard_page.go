package web

import (
	"net/http"

	"pacer/internal/scorecard"
)

// GET /scorecard — the scorecard table of a region at a period (?region=&period=, defaulting to
// the home ones).
func (s *Server) scorecardPage(w http.ResponseWriter, r *http.Request) {
	region, period := r.URL.Query().Get("region"), r.URL.Query().Get("period")
	if region == "" {
		region = s.HomeRegion
	}
	if period == "" {
		period = s.HomePeriod
	}
	data := struct {
		Scorecard *scorecard.Scorecard
		Region    string
		Period    string
		Error     string
	}{Region: region, Period: period}
	code := http.StatusOK
	if region != "" && period != "" {
		sc, err := scorecard.Build(r.Context(), s.Store, region, period)
		if err != nil {
			code, data.Error = status(err), errorText(err)
		}
		data.Scorecard = sc
	}
	s.render(w, r, code, "scorecard.html", data)
}

func errorText(err error) string {
	if status(err) == http.StatusInternalServerError {
		return "内部错误，请查看服务器日志"
	}
	return displayError(err)
}
