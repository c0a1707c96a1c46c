package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/projects"
)

// A key project's page: plan against completed by month (a chart), the stage timeline,
// milestones, problems and site photos; those who may edit it (the projects workflow decides)
// change its fields, report a month's cumulative, set milestones, add and move problems and
// upload photos. Every change redirects back to the page.

type pjPage struct {
	*projects.Detail
	Lang       string
	Levels     []string
	Categories []string
	Stages     []string
	States     []string
	Chart      string // the chart's data, JSON
	Error      string
	Saved      bool
	MaxPhotoMB int
}

func (pjPage) Money(v float64) string   { return display.Value(&v, 2) }
func (pjPage) MoneyP(v *float64) string { return display.Value(v, 2) }
func (pjPage) Rate(v *float64) string   { return display.Percent(v) }
func (p pjPage) Back() string           { return "/projects?period=" + url.QueryEscape(p.Period) }
func (p pjPage) Self() string           { return "/projects/" + url.PathEscape(p.Code) }

// GET /projects/{code}[?period=]
func (s *Server) projectPage(w http.ResponseWriter, r *http.Request) {
	s.projectRender(w, r, http.StatusOK, "")
}

func (s *Server) projectRender(w http.ResponseWriter, r *http.Request, code int, errText string) {
	period := r.URL.Query().Get("period")
	if period == "" {
		_, p, err := s.projectsAt(r)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		period = p
	}
	d, err := s.Projects.Project(r.Context(), userOf(r), r.PathValue("code"), period)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	lang := langOf(r)
	labels := make([]string, len(d.Months)) // the months along the axis: 7月, Jul
	for i, m := range d.Months {
		if p, err := pace.ParsePeriod(m.Period); err == nil {
			labels[i] = locale.T(lang, "projects.chart.month", dashMonth(lang, p.Month))
		}
	}
	chart, err := json.Marshal(map[string]any{"months": d.Months, "labels": labels, "unit": dashUnit(lang, "亿元"),
		"completed": tr(r, "projects.chart.completed"), "plan": tr(r, "projects.chart.plan")})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, code, "project.html", pjPage{Detail: d, Lang: langOf(r), Levels: domain.ProjectLevels, Categories: domain.ProjectCategories,
		Stages: domain.ProjectStages, States: domain.ProblemStates, Chart: string(chart), Error: errText, Saved: r.URL.Query().Has("saved"),
		MaxPhotoMB: projects.MaxPhotoBytes >> 20})
}

// projectDone redirects to the project's page after a change, or shows the page with the refusal.
func (s *Server) projectDone(w http.ResponseWriter, r *http.Request, err error) {
	code := r.PathValue("code")
	period := r.PostFormValue("back_period")
	if err == nil {
		q := url.Values{"saved": {"1"}}
		if period != "" {
			q.Set("period", period)
		}
		http.Redirect(w, r, "/projects/"+url.PathEscape(code)+"?"+q.Encode(), http.StatusSeeOther)
		return
	}
	if status(err) == http.StatusInternalServerError || status(err) == http.StatusNotFound {
		s.pageError(w, r, err)
		return
	}
	if period != "" {
		q := r.URL.Query()
		q.Set("period", period)
		r.URL.RawQuery = q.Encode()
	}
	s.projectRender(w, r, status(err), displayError(r, err))
}

func formMoney(r *http.Request, name string) (*float64, error) {
	raw := strings.TrimSpace(r.PostFormValue(name))
	v, err := ingest.ParseNumber(raw)
	if err != nil || (v != nil && !domain.ValidMoney(*v)) {
		return nil, domain.E(domain.EINVALID, "projects.expect.money")
	}
	return v, nil
}

// formText is a form field's value, nil when the form lacks it.
func formText(r *http.Request, name string) *string {
	if _, ok := r.PostForm[name]; !ok {
		return nil
	}
	v := r.PostFormValue(name)
	return &v
}

// POST /projects/{code}: name, level, category, stage, total_investment, owner_unit, leader.
func (s *Server) projectSave(w http.ResponseWriter, r *http.Request) {
	total, err := formMoney(r, "total_investment")
	if err == nil {
		err = s.Projects.Update(r.Context(), userOf(r), clientIP(r), r.PathValue("code"), projects.Change{
			Name: r.PostFormValue("name"), Level: r.PostFormValue("level"), Category: r.PostFormValue("category"), Stage: r.PostFormValue("stage"),
			OwnerUnit: formText(r, "owner_unit"), Leader: formText(r, "leader"), TotalInvestment: total})
	}
	s.projectDone(w, r, err)
}

// POST /projects/{code}/progress: period, completed (cumulative from January, 亿元).
func (s *Server) projectProgress(w http.ResponseWriter, r *http.Request) {
	v, err := formMoney(r, "completed")
	if err == nil && v == nil {
		err = domain.E(domain.EINVALID, "projects.expect.money")
	}
	if err == nil {
		err = s.Projects.SetProgress(r.Context(), userOf(r), clientIP(r), r.PathValue("code"), strings.TrimSpace(r.PostFormValue("period")), *v)
	}
	s.projectDone(w, r, err)
}

// POST /projects/{code}/milestones: stage, planned_date, actual_date.
func (s *Server) projectMilestone(w http.ResponseWriter, r *http.Request) {
	s.projectDone(w, r, s.Projects.SetMilestone(r.Context(), userOf(r), clientIP(r), domain.Milestone{ProjectCode: r.PathValue("code"),
		Stage: r.PostFormValue("stage"), Planned: r.PostFormValue("planned_date"), Actual: r.PostFormValue("actual_date")}))
}

// POST /projects/{code}/problems: description, coordinating_unit, deadline.
func (s *Server) projectProblemAdd(w http.ResponseWriter, r *http.Request) {
	_, err := s.Projects.AddProblem(r.Context(), userOf(r), clientIP(r), domain.Problem{ProjectCode: r.PathValue("code"),
		Description: r.PostFormValue("description"), CoordinatingUnit: r.PostFormValue("coordinating_unit"), Deadline: r.PostFormValue("deadline")})
	s.projectDone(w, r, err)
}

// POST /projects/{code}/problems/{id}: state.
func (s *Server) projectProblemState(w http.ResponseWriter, r *http.Request) {
	s.projectDone(w, r, s.Projects.SetProblemState(r.Context(), userOf(r), clientIP(r), r.PathValue("code"), atoi64(r.PathValue("id")), r.PostFormValue("state")))
}

// POST /projects/{code}/photos: multipart photo, period, caption.
func (s *Server) projectPhotoAdd(w http.ResponseWriter, r *http.Request) {
	f, _, err := r.FormFile("photo")
	if err != nil {
		s.projectDone(w, r, domain.E(domain.EINVALID, "projects.photo.empty"))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, projects.MaxPhotoBytes+1))
	if err != nil {
		s.projectDone(w, r, err)
		return
	}
	_, err = s.Projects.AddPhoto(r.Context(), userOf(r), clientIP(r), projects.NewPhoto{ProjectCode: r.PathValue("code"),
		Period: strings.TrimSpace(r.PostFormValue("period")), Caption: r.PostFormValue("caption"), Data: data})
	s.projectDone(w, r, err)
}

// GET /projects/{code}/photos/{id}[?thumb=1]: the photo (or its thumbnail) as stored.
func (s *Server) projectPhoto(w http.ResponseWriter, r *http.Request) {
	ph, err := s.Projects.Photo(r.Context(), r.PathValue("code"), atoi64(r.PathValue("id")))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	data, ct := ph.Data, ph.ContentType
	if r.URL.Query().Get("thumb") == "1" {
		data, ct = ph.Thumb, "image/jpeg"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Write(data)
}
