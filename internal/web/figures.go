package web

import (
	"html/template"
	"net/http"

	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/scorecard"
)

// Register figures on the pages (issue 12 §7): which figure counts (统计局 or 台账), both when
// both exist, and a link to the register's list behind a register figure.

// registerLists are the pages listing each register's rows (the registers' own pages).
var registerLists = map[string]string{
	domain.RegisterProjects:    "/projects",
	domain.RegisterLeads:       "/attraction",
	domain.RegisterEnterprises: "/enterprises",
}

// dashFigures says where a line's figure comes from, for a line whose period has a register figure.
type dashFigures struct {
	Basis     string // official | register: which one the line counts
	BasisText string // 计入：台账
	Both      string // 统计局 90.00 · 台账 88.20, when both have a figure
	Register  string // the register figure with its unit, when the bureau has none
	// RegisterSample: the register figure is 示例 (summed from rows marked 示例), labelled so
	// beside it whether it counts or is shown beside the bureau's.
	RegisterSample bool
	ListName       string // 重点项目台账
	ListURL        template.URL
}

// figuresOf is the register part of a line, nil when its period has no register figure.
func figuresOf(lang string, l scorecard.Line, query template.URL) *dashFigures {
	if l.Register == "" {
		return nil
	}
	f := &dashFigures{Basis: l.Basis, BasisText: locale.T(lang, "figures.counts", locale.T(lang, "figures.basis."+l.Basis)),
		RegisterSample: l.RegisterSample, ListName: locale.T(lang, "figures.register."+l.Register)}
	if path, ok := registerLists[l.Register]; ok {
		f.ListURL = template.URL(path + "?" + string(query))
	}
	unit := dashUnit(lang, l.Unit)
	if l.OfficialValue != nil && l.RegisterValue != nil {
		f.Both = locale.T(lang, "figures.both", display.Value(l.OfficialValue, l.Precision)+unit, display.Value(l.RegisterValue, l.Precision)+unit)
	}
	return f
}

// registerLink is the link to the list of the register that feeds an indicator without a
// register figure at its period (nil for no register).
func registerLink(lang, register string, query template.URL) *dashFigures {
	path, ok := registerLists[register]
	if !ok {
		return nil
	}
	return &dashFigures{ListName: locale.T(lang, "figures.register."+register), ListURL: template.URL(path + "?" + string(query))}
}

// POST /indicators/{code}/basis: basis (official | register); region and period say where to go back.
func (s *Server) indicatorBasis(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if _, err := s.Figures.SetBasis(r.Context(), actorOf(r), code, r.PostFormValue("basis")); err != nil {
		s.pageError(w, r, err)
		return
	}
	back := "/indicators/" + urlPathEscape(code) + "?basis_saved=1"
	if region := r.PostFormValue("region"); region != "" {
		back += "&region=" + urlQueryEscape(region)
	}
	if period := r.PostFormValue("period"); period != "" {
		back += "&period=" + urlQueryEscape(period)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// figNote is what a download's note says of the line's register figure: which one counts, both
// figures and whether the register's is 示例 ("计入：台账 · 统计局 90.00亿元 · 台账 88.20亿元 ·
// 台账数为示例"), "" without one.
func (it dashItem) figNote(lang string) string {
	if it.Fig == nil || it.Fig.BasisText == "" {
		return ""
	}
	note := it.Fig.BasisText
	if it.Fig.Both != "" {
		note += " · " + it.Fig.Both
	}
	if it.Fig.RegisterSample {
		note += " · " + locale.T(lang, "figures.register_sample")
	}
	return note
}
