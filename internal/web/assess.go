package web

import (
	"net/http"
	"net/url"

	"pacer/internal/auth"
	"pacer/internal/cadence"
	"pacer/internal/domain"
)

// The semi-monthly assessment (半月研判): the snapshots taken, one shown with its moves and risk
// list (the analyst annotates risks and may take a day's snapshot), or two side by side.

type assessPage struct {
	Region     string
	RegionName string
	Snapshots  []domain.Snapshot
	Shown      *cadence.Snapshot
	Compare    *cadence.Comparison
	CanEdit    bool
	Error      string
}

// GET /assess[?region=&date=|&a=&b=]
func (s *Server) assessPage(w http.ResponseWriter, r *http.Request) {
	s.assessRender(w, r, http.StatusOK, &assessPage{})
}

func (s *Server) assessRender(w http.ResponseWriter, r *http.Request, code int, p *assessPage) {
	region, _, err := s.cadenceAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	q, lang := r.URL.Query(), langOf(r)
	v, err := s.Cadence.Assessment(r.Context(), region, q.Get("date"), q.Get("a"), q.Get("b"), lang)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Region, p.RegionName, p.Snapshots, p.Shown, p.Compare = region, v.Region.Name, v.Snapshots, v.Shown, v.Compare
	p.CanEdit = auth.Can(userOf(r).Role, auth.ManageCadence)
	s.render(w, r, code, "assess.html", p)
}

func (s *Server) assessDone(w http.ResponseWriter, r *http.Request, date string, err error) {
	region, _, _ := s.cadenceAt(r)
	if err == nil {
		http.Redirect(w, r, "/assess?"+url.Values{"region": {region}, "date": {date}}.Encode(), http.StatusSeeOther)
		return
	}
	if status(err) == http.StatusInternalServerError {
		s.pageError(w, r, err)
		return
	}
	r.URL.RawQuery = url.Values{"region": {region}}.Encode()
	s.assessRender(w, r, status(err), &assessPage{Error: displayError(r, err)})
}

// POST /assess: date — take the snapshot of a day (once; again shows the frozen one).
func (s *Server) assessTake(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.cadenceAt(r)
	date := r.PostFormValue("date")
	if err == nil {
		var x *cadence.Snapshot
		if x, err = s.Cadence.TakeSnapshotAs(r.Context(), actorOf(r), region, date, langOf(r)); err == nil {
			date = x.Date
		}
	}
	s.assessDone(w, r, date, err)
}

// POST /assess/notes: date, indicator, note — the analyst's note on a risk.
func (s *Server) assessNote(w http.ResponseWriter, r *http.Request) {
	region, _, err := s.cadenceAt(r)
	date := r.PostFormValue("date")
	if err == nil {
		err = s.Cadence.AnnotateRisk(r.Context(), actorOf(r), region, date, r.PostFormValue("indicator"), r.PostFormValue("note"))
	}
	s.assessDone(w, r, date, err)
}
