package web

import (
	"net/http"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/units"
)

// Units (单位): the departments and towns of the home county, what each reports; analysts
// create, rename and retire them (the permission table: view_data reads, edit_units writes).

type unPage struct {
	*units.Register
	Lang    string
	Names   map[string]string // indicator code → name
	CanEdit bool
	Form    unForm
	Error   string
	Saved   bool
}

// unForm is the new-unit form: code, name, region, kind and the indicators it reports.
type unForm struct {
	Code, Name, Region, Kind string
	Indicators               []string
}

func (f unForm) Has(code string) bool {
	for _, c := range f.Indicators {
		if c == code {
			return true
		}
	}
	return false
}

func parseUnForm(r *http.Request) unForm {
	return unForm{Code: strings.TrimSpace(r.PostFormValue("code")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Region: strings.TrimSpace(r.PostFormValue("region")), Kind: r.PostFormValue("kind"), Indicators: r.PostForm["indicator"]}
}

// GET /units[?region=][&format=xlsx]: the list, or the units file of its units in use (unitRows)
func (s *Server) unitsPage(w http.ResponseWriter, r *http.Request) {
	p := &unPage{Saved: r.URL.Query().Has("saved"), Form: unForm{Kind: domain.UnitDepartment}}
	s.unRender(w, r, http.StatusOK, p)
}

// unRender lists the units of ?region= (the home region by default) around p's form and message.
func (s *Server) unRender(w http.ResponseWriter, r *http.Request, code int, p *unPage) {
	region := r.URL.Query().Get("region")
	if region == "" {
		at, err := s.homeOf(r)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		region = at.Region
	}
	reg, err := s.Units.List(r.Context(), region)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Register, p.Lang = reg, langOf(r)
	p.CanEdit = auth.Can(userOf(r).Role, auth.EditUnits)
	if p.Form.Region == "" {
		p.Form.Region = reg.Region.Code
	}
	if wantsXLSX(r) {
		if !auth.Can(userOf(r).Role, auth.ExportData) {
			s.renderError(w, r, http.StatusForbidden, tr(r, "error.forbidden"))
			return
		}
		s.writeXLSX(w, r, tr(r, "tpl.file.units")+"-"+reg.Region.Name, tr(r, "tpl.file.units"), unitRows(r, reg))
		return
	}
	p.Names = map[string]string{}
	for _, ind := range reg.Indicators {
		p.Names[ind.Code] = indicatorName(p.Lang, ind)
	}
	s.render(w, r, code, "units.html", p)
}

// unDone redirects back to the list after a change, or shows the page with the refusal.
func (s *Server) unDone(w http.ResponseWriter, r *http.Request, err error, form unForm) {
	if err == nil {
		http.Redirect(w, r, "/units?saved=1", http.StatusSeeOther)
		return
	}
	if status(err) == http.StatusInternalServerError {
		s.pageError(w, r, err)
		return
	}
	if form.Kind == "" {
		form.Kind = domain.UnitDepartment
	}
	s.unRender(w, r, status(err), &unPage{Form: form, Error: displayError(r, err)})
}

// POST /units: a new unit.
func (s *Server) unitsAdd(w http.ResponseWriter, r *http.Request) {
	f := parseUnForm(r)
	_, err := s.Units.Add(r.Context(), actorOf(r), units.NewUnit{Code: f.Code, Name: f.Name, Region: f.Region, Kind: f.Kind, Indicators: f.Indicators})
	s.unDone(w, r, err, f)
}

// POST /units/{code}/rename: name.
func (s *Server) unitsRename(w http.ResponseWriter, r *http.Request) {
	s.unDone(w, r, s.Units.Rename(r.Context(), actorOf(r), r.PathValue("code"), r.PostFormValue("name")), unForm{})
}

// POST /units/{code}/retire
func (s *Server) unitsRetire(w http.ResponseWriter, r *http.Request) {
	s.unDone(w, r, s.Units.Retire(r.Context(), actorOf(r), r.PathValue("code")), unForm{})
}

// POST /units/{code}/indicators: indicator (repeated) is the whole set the unit reports.
func (s *Server) unitsIndicators(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	s.unDone(w, r, s.Units.SetIndicators(r.Context(), actorOf(r), r.PathValue("code"), r.PostForm["indicator"]), unForm{})
}
