package web

import (
	"net/http"
	"net/url"
	"strconv"

	"pacer/internal/domain"
)

// The monthly analysis's editing and versions (issue 14 §3): the analyst edits the words of a
// paragraph (its numbers stay tokens bound to the figures) and marks the report final; every
// version is kept and downloadable; a report whose figures moved since its last final version
// reads 已过期 with what changed.

// reportAt is the report's address: ?region=&period=, as the page and its forms carry it.
func reportAt(region, period string) string {
	return "region=" + url.QueryEscape(region) + "&period=" + url.QueryEscape(period)
}

// GET /report/monthly/versions[?region=&period=]: the report's versions, each downloadable, and
// whether the last final one is out of date (view_data).
func (s *Server) reportVersions(w http.ResponseWriter, r *http.Request) {
	region, period, err := s.dashWhere(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	st, err := s.Reports.Status(r.Context(), region, period, langOf(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "report_versions.html", map[string]any{"S": st})
}

// GET /report/monthly/versions/{id}?region=&period=: a kept version's .docx, byte for byte as
// stored; a version of another report is 404.
func (s *Server) reportVersionDocx(w http.ResponseWriter, r *http.Request) {
	region, period, err := s.dashWhere(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	v, err := s.Reports.Version(r.Context(), region, period, id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	writeDocx(w, tr(r, "report.file.version", v.Region, v.Period, v.Number), v.Docx)
}

// GET /report/monthly/edit[?region=&period=]: every paragraph of the report, its words editable
// around its numbers' tokens (edit_report).
func (s *Server) reportEditPage(w http.ResponseWriter, r *http.Request) {
	region, period, err := s.dashWhere(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	ps, err := s.Reports.Paragraphs(r.Context(), region, period, langOf(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "report_edit.html", reportEditData{Paragraphs: ps, Region: region, Period: period})
}

// reportEditData is the edit page: its paragraphs, and after a refused edit which one, the words
// typed and why.
type reportEditData struct {
	Paragraphs     any
	Region, Period string
	Key, Typed     string
	Error          string
}

// POST /report/monthly/edit?region=&period= (key, text): keeps an edit; a refused one shows the
// page again with the words typed and the reason, on that paragraph.
func (s *Server) reportEditSave(w http.ResponseWriter, r *http.Request) {
	region, period, err := s.dashWhere(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	key, text := r.PostFormValue("key"), r.PostFormValue("text")
	if r.PostFormValue("restore") != "" {
		text = ""
	}
	_, err = s.Reports.Edit(r.Context(), actorOf(r), region, period, langOf(r), key, text)
	if err == nil {
		http.Redirect(w, r, "/report/monthly/edit?"+reportAt(region, period)+"#p-"+url.PathEscape(key), http.StatusSeeOther)
		return
	}
	if domain.ErrorKind(err) != domain.EINVALID {
		s.pageError(w, r, err)
		return
	}
	ps, perr := s.Reports.Paragraphs(r.Context(), region, period, langOf(r))
	if perr != nil {
		s.pageError(w, r, perr)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "report_edit.html", reportEditData{Paragraphs: ps, Region: region, Period: period,
		Key: key, Typed: text, Error: displayError(r, err)})
}

// POST /report/monthly/final?region=&period=: marks the report final as it reads now: a version
// kept with its .docx and figures.
func (s *Server) reportFinal(w http.ResponseWriter, r *http.Request) {
	region, period, err := s.dashWhere(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if _, err := s.Reports.Finalize(r.Context(), actorOf(r), region, period, langOf(r)); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/report/monthly/versions?"+reportAt(region, period), http.StatusSeeOther)
}
