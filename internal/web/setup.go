package web

import (
	"net/http"
	"strconv"
	"strings"

	"pacer/internal/domain"
)

// The first-run step (sysadmin): the home county and its current year, stored as settings.

type setupPage struct {
	Region, Name string
	Year         int
	Latest       string
	FormRegion   string
	FormYear     string
	Error        string
	Saved        bool
	Shared       bool // the account may change the home, which every region shares (deployment-wide)
}

// GET /setup
func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) {
	p := &setupPage{Saved: r.URL.Query().Has("saved")}
	s.setupRender(w, r, http.StatusOK, p)
}

func (s *Server) setupRender(w http.ResponseWriter, r *http.Request, code int, p *setupPage) {
	h, err := s.Setup.Home(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if h.Set() {
		p.Region, p.Name, p.Year, p.Latest = h.Region.Code, h.Region.Name, h.Year, h.Latest
		if p.FormRegion == "" && p.FormYear == "" {
			p.FormRegion, p.FormYear = h.Region.Code, strconv.Itoa(h.Year)
		}
	}
	p.Shared = domain.ScopeOf(r.Context()).Whole()
	s.render(w, r, code, "setup.html", p)
}

// POST /setup: region, year.
func (s *Server) setupSave(w http.ResponseWriter, r *http.Request) {
	region, y := strings.TrimSpace(r.PostFormValue("region")), strings.TrimSpace(r.PostFormValue("year"))
	year, err := parseYear(r, y, 0)
	if err == nil {
		_, err = s.Setup.Configure(r.Context(), actorOf(r), region, year)
	}
	if err != nil {
		if status(err) == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		s.setupRender(w, r, status(err), &setupPage{FormRegion: region, FormYear: y, Error: displayError(r, err)})
		return
	}
	http.Redirect(w, r, "/setup?saved=1", http.StatusSeeOther)
}
