package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/leads"
	"pacer/internal/locale"
	"pacer/internal/pace"
)

// The attraction register (招商): the funnel page with its chart, conversion, leaderboard and
// filtered lead list (view_registers; ?format=xlsx exports the list as a leads file that
// imports back), a lead's page with its stage dates and revisions, its edit form and its
// conversion into a key project (edit_registers; a reporter only its own town's leads).

// leadsAt reads ?region= and ?period= (YYYY-MM), defaulting to where pages open.
func (s *Server) leadsAt(r *http.Request) (region, period string, err error) {
	q := r.URL.Query()
	region, period = strings.TrimSpace(q.Get("region")), strings.TrimSpace(q.Get("period"))
	if region != "" && period != "" {
		return region, period, nil
	}
	at, err := s.homeOf(r)
	if err != nil {
		return "", "", err
	}
	if region == "" {
		region = at.Region
	}
	if period == "" {
		period = at.Period
		if period == "" {
			period = fmt.Sprintf("%04d-12", at.Year)
		}
	}
	return region, period, nil
}

// today is the day overdue leads are judged on: ?today= (YYYY-MM-DD) or the server's date.
func leadsToday(r *http.Request) string {
	if d := r.URL.Query().Get("today"); domain.ValidDate(d) {
		return d
	}
	return time.Now().Format("2006-01-02")
}

type attractionPage struct {
	*leads.Funnel
	Stages      []domain.LeadStage
	Sources     []string
	FunnelJSON  string
	Query       template.URL // the filters, for the export link
	CanEdit     bool
	MaxProjects int
}

// GET /attraction[?region=&period=&team=&stage=&source=&overdue=1][&format=xlsx]
func (s *Server) attractionPage(w http.ResponseWriter, r *http.Request) {
	region, period, err := s.leadsAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := leads.Filter{Team: q.Get("team"), Stage: q.Get("stage"), Source: q.Get("source"), Overdue: q.Get("overdue") == "1"}
	fun, err := s.Leads.Funnel(r.Context(), region, period, leadsToday(r), f)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if wantsXLSX(r) {
		rows := [][]any{leads.ExportHeader()}
		for _, l := range fun.Leads {
			rows = append(rows, leads.ExportRow(l))
		}
		s.writeXLSX(w, r, "leads-"+fun.Region.Code+"-"+fun.Period, "leads", rows)
		return
	}
	type point struct {
		Name       string   `json:"name"`
		Value      int      `json:"value"`
		Conversion *float64 `json:"conversion"`
	}
	var pts []point
	for _, st := range fun.Stages {
		pts = append(pts, point{locale.Word(langOf(r), string(st.Stage)), st.Count, st.Conversion})
	}
	b, _ := json.Marshal(pts)
	p := &attractionPage{Funnel: fun, Stages: append(append([]domain.LeadStage{}, domain.LeadStages...), domain.LeadTerminated),
		Sources: domain.SourceRegions, FunnelJSON: string(b), CanEdit: auth.Can(userOf(r).Role, auth.EditRegisters)}
	q.Set("format", "xlsx")
	p.Query = template.URL(q.Encode())
	for _, b := range fun.Board {
		p.MaxProjects = max(p.MaxProjects, b.Projects)
	}
	s.render(w, r, http.StatusOK, "attraction.html", p)
}

type leadPage struct {
	Lead      domain.Lead
	Revisions []domain.RegisterRevision
	Stages    []domain.LeadStage
	Sources   []string
	CanEdit   bool
	Error     string
	Saved     bool
	Seed      *leads.ProjectSeed
}

// GET /attraction/leads/{code}
func (s *Server) leadPage(w http.ResponseWriter, r *http.Request) {
	s.leadRender(w, r, http.StatusOK, &leadPage{Saved: r.URL.Query().Has("saved")})
}

func (s *Server) leadRender(w http.ResponseWriter, r *http.Request, code int, p *leadPage) {
	l, revs, err := s.Leads.Lead(r.Context(), r.PathValue("code"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Lead, p.Revisions = l, revs
	p.Stages = append(append([]domain.LeadStage{}, domain.LeadStages...), domain.LeadTerminated)
	p.Sources = domain.SourceRegions
	p.CanEdit = auth.Can(userOf(r).Role, auth.EditRegisters)
	s.render(w, r, code, "lead.html", p)
}

// POST /attraction/leads/{code}: stage, investment, team, source region, signed date, the
// handling dates and the reason of a 终止; the rest of the lead stays as it is.
func (s *Server) leadSave(w http.ResponseWriter, r *http.Request) {
	l, _, err := s.Leads.Lead(r.Context(), r.PathValue("code"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	form := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	l.Stage = domain.LeadStage(form("stage"))
	l.Team, l.SourceRegion, l.TerminateReason = form("team"), form("source_region"), form("terminate_reason")
	l.SignedDate, l.RespondedDate, l.AssessedDate, l.FeedbackDate = form("signed_date"), form("responded_date"), form("assessed_date"), form("feedback_date")
	if v, ok := leadsFloat(form("investment")); ok {
		l.Investment = v
	} else {
		l.Investment = -1 // refused by the rules, with their message
	}
	if l.StageDates == nil {
		l.StageDates = map[domain.LeadStage]string{}
	}
	if d := form("stage_date"); d != "" && l.Stage != domain.LeadSigned && l.Stage != domain.LeadNew {
		l.StageDates[l.Stage] = d
	}
	if err := s.Leads.Save(r.Context(), actorOf(r), l); err != nil {
		if status(err) == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		s.leadRender(w, r, status(err), &leadPage{Error: displayError(r, err)})
		return
	}
	http.Redirect(w, r, "/attraction/leads/"+l.Code+"?saved=1", http.StatusSeeOther)
}

// POST /attraction/leads/{code}/project: project (the key project's code).
func (s *Server) leadToProject(w http.ResponseWriter, r *http.Request) {
	seed, err := s.Leads.ToProject(r.Context(), actorOf(r), r.PathValue("code"), r.PostFormValue("project"))
	if err != nil {
		if status(err) == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		s.leadRender(w, r, status(err), &leadPage{Error: displayError(r, err)})
		return
	}
	s.leadRender(w, r, http.StatusOK, &leadPage{Seed: &seed, Saved: true})
}

// GET /api/v1/attraction/summary?region=&period=: the attraction summary as `pacer attraction
// summary --json` prints it.
func (s *Server) apiAttractionSummary(w http.ResponseWriter, r *http.Request) {
	region, period, err := s.leadsAt(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	sum, err := s.Leads.Summary(r.Context(), region, period)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sum)
}

func leadsFloat(v string) (float64, bool) {
	var f float64
	if _, err := fmt.Sscan(v, &f); err != nil || v == "" {
		return 0, false
	}
	return pace.RoundTo(f, 6), true
}

// leadsFuncs are the template functions of the register pages.
func leadsFuncs() template.FuncMap {
	return template.FuncMap{
		"atPtr": func(v float64) *float64 { return &v },
		"atInc": func(i int) int { return i + 1 },
	}
}
