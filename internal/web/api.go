package web

import (
	"net/http"

	"pacer/internal/domain"
)

// GET /api/v1/scorecard?region=&period=
func (s *Server) apiScorecard(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("region") == "" || q.Get("period") == "" {
		s.apiError(w, r, domain.E(domain.EINVALID, "err.param.region_period"))
		return
	}
	region, period, lang := q.Get("region"), q.Get("period"), apiLang(r)
	body, err := cached(s, r.Context(), "scorecard.json\x00"+lang+"\x00"+region+"\x00"+period, func() ([]byte, error) {
		sc, err := s.Scorecards.Scorecard(r.Context(), region, period)
		if err != nil {
			return nil, err
		}
		return encodeJSON(sc.In(lang)) // reasons are catalogue keys until rendered
	})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body)
}

// GET /api/v1/ranking?parent=&indicator=&period=&by=
func (s *Server) apiRanking(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("parent") == "" || q.Get("indicator") == "" || q.Get("period") == "" {
		s.apiError(w, r, domain.E(domain.EINVALID, "err.param.parent_indicator_period"))
		return
	}
	rk, err := s.Scorecards.Ranking(r.Context(), q.Get("parent"), q.Get("indicator"), q.Get("period"), q.Get("by"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rk)
}
