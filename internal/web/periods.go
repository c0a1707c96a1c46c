package web

import (
	"net/http"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/ingest"
)

// periodForm is a request to open or lock a region's reporting period.
type periodForm struct {
	Region, Period, State string
}

// parsePeriodForm reads region, period (YYYY-MM, or any form ingest.ParsePeriod reads) and
// state=open|locked.
func parsePeriodForm(r *http.Request) (periodForm, error) {
	f := periodForm{Region: strings.TrimSpace(r.PostFormValue("region")), State: r.PostFormValue("state")}
	text := strings.TrimSpace(r.PostFormValue("period"))
	p, ok := ingest.ParsePeriod(text, false)
	if !ok {
		return f, domain.E(domain.EINVALID, "review.period.invalid", text)
	}
	f.Period = p
	return f, nil
}

// POST /periods — open or lock a region's period (region, period, state=open|locked).
func (s *Server) periodSet(w http.ResponseWriter, r *http.Request) {
	f, err := parsePeriodForm(r)
	if err == nil {
		err = s.Review.SetPeriod(r.Context(), actorOf(r), f.Region, f.Period, f.State)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/review?done=period#periods", http.StatusSeeOther)
}
