package web

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"html/template"
	"io/fs"
	"net/http"
	"regexp"
	"strings"

	"pacer/internal/display"
	"pacer/internal/scorecard"
)

//go:embed templates
var templates embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"value":   display.Value,
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

// styleSources lists, for the CSP's style-src, the hash of every inline <style> block of the
// templates: the page's own stylesheet is allowed, nothing else inline is. A block holding a
// template action would render differently from its source, so it is refused.
var styleSources = func() string {
	var srcs []string
	files, _ := fs.Glob(templates, "templates/*.html")
	for _, name := range files {
		b, err := templates.ReadFile(name)
		if err != nil {
			panic(err)
		}
		for _, m := range regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllSubmatch(b, -1) {
			if strings.Contains(string(m[1]), "{{") {
				panic("web: " + name + ": a <style> block may not hold template actions")
			}
			sum := sha256.Sum256(m[1])
			srcs = append(srcs, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
		}
	}
	return strings.Join(srcs, " ")
}()

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
