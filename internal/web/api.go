package web

import (
	"net/http"

	"pacer/internal/domain"
	"pacer/internal/scorecard"
)

// GET /api/v1/scorecard?region=&period=
func (s *Server) apiScorecard(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("region") == "" || q.Get("period") == "" {
		s.apiError(w, r, domain.Errorf(domain.EINVALID, "缺少参数：region 和 period 均为必填（如 region=440784&period=2023-06）"))
		return
	}
	sc, err := s.scorecardOf(r.Context(), q.Get("region"), q.Get("period"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sc)
}

// GET /api/v1/ranking?parent=&indicator=&period=&by=
func (s *Server) apiRanking(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("parent") == "" || q.Get("indicator") == "" || q.Get("period") == "" {
		s.apiError(w, r, domain.Errorf(domain.EINVALID, "缺少参数：parent、indicator 和 period 均为必填（如 parent=440700&indicator=retail&period=2023-06）"))
		return
	}
	rk, err := scorecard.BuildRanking(r.Context(), s.Store, q.Get("parent"), q.Get("indicator"), q.Get("period"), q.Get("by"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rk)
}
