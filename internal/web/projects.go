package web

import (
	"net/http"
	"net/url"
	"strconv"

	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/pace"
	"pacer/internal/projects"
)

// Key projects (重点项目): the register of the home county (or ?region=) at a period, filtered by
// level, category, town, stage and overdue, with its summary and stage worklists; ?format=xlsx
// downloads the filtered list as a projects file that imports back.

type pjListPage struct {
	*projects.List
	Lang       string
	Levels     []string
	Categories []string
	Stages     []string
	Query      string // the page's filters as a query string, for the download link
}

// Money writes an amount in 亿元 with two decimals.
func (pjListPage) Money(v float64) string { return display.Value(&v, 2) }

// Rate writes a percentage with one decimal, — when nil.
func (pjListPage) Rate(v *float64) string { return display.Percent(v) }

// PP writes a gap in 个百分点, signed.
func (pjListPage) PP(v *float64) string { return display.PP(v) }

// projectsAt is the region and period a projects page shows: ?region= and ?period=, else the
// home county and the latest period of its year with a project report.
func (s *Server) projectsAt(r *http.Request) (region, period string, err error) {
	q := r.URL.Query()
	region, period = q.Get("region"), q.Get("period")
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
		upTo := pace.Period{Year: at.Year, Month: 12}.String()
		if period, err = s.Projects.LatestPeriod(r.Context(), region, upTo); err != nil {
			return "", "", err
		}
	}
	return region, period, nil
}

func parseFilter(r *http.Request) projects.Filter {
	q := r.URL.Query()
	return projects.Filter{Level: q.Get("level"), Category: q.Get("category"), Town: q.Get("town"), Stage: q.Get("stage"), Overdue: q.Get("overdue") == "1"}
}

// GET /projects[?region=&period=&level=&category=&town=&stage=&overdue=1][&format=xlsx]
func (s *Server) projectsPage(w http.ResponseWriter, r *http.Request) {
	region, period, err := s.projectsAt(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	f := parseFilter(r)
	if wantsXLSX(r) {
		rows, err := s.Projects.ExportRows(r.Context(), region, period, f)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		s.writeXLSX(w, r, "projects-"+region+"-"+period, "projects", rows)
		return
	}
	l, err := s.Projects.List(r.Context(), region, period, f)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	q := url.Values{"region": {region}, "period": {period}}
	for k, v := range map[string]string{"level": f.Level, "category": f.Category, "town": f.Town, "stage": f.Stage} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Overdue {
		q.Set("overdue", "1")
	}
	s.render(w, r, http.StatusOK, "projects.html", pjListPage{List: l, Lang: langOf(r), Levels: domain.ProjectLevels,
		Categories: domain.ProjectCategories, Stages: domain.ProjectStages, Query: q.Encode()})
}

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
