package web

import (
	"embed"
	"html/template"
	"net/http"

	"pacer/internal/display"
	"pacer/internal/scorecard"
)

//go:embed templates
var templates embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"value": func(v *float64, kind string) string {
		if kind == "count" {
			return display.Value(v, 0)
		}
		return display.Value(v, 2)
	},
	"growth":  display.Growth,
	"percent": display.Percent,
	"pp":      display.PP,
	"tier": func(t string) string {
		return map[string]string{"assigned": "下达", "stretch": "自我加压"}[t]
	},
	"status": func(s string) string {
		return map[string]string{"green": "绿", "yellow": "黄", "red": "红", "none": "—"}[s]
	},
}).ParseFS(templates, "templates/*.html"))

// GET / — the scorecard of a region at a period (?region=&period=, defaulting to the home ones).
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	region, period := r.URL.Query().Get("region"), r.URL.Query().Get("period")
	if region == "" {
		region = s.HomeRegion
	}
	if period == "" {
		period = s.HomePeriod
	}
	data := struct {
		Scorecard *scorecard.Scorecard
		Region    string
		Period    string
		Error     string
	}{Region: region, Period: period}
	code := http.StatusOK
	if region != "" && period != "" {
		sc, err := scorecard.Build(r.Context(), s.Store, region, period)
		if err != nil {
			code, data.Error = status(err), errorText(err)
		}
		data.Scorecard = sc
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	if err := pages.ExecuteTemplate(w, "home.html", data); err != nil {
		s.logger().Error("render home", "err", err)
	}
}

func errorText(err error) string {
	if status(err) == http.StatusInternalServerError {
		return "内部错误，请查看服务器日志"
	}
	return displayError(err)
}
