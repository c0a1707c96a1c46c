package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"

	"pacer/internal/auth"
	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/locale"
)

//go:embed templates static
var assets embed.FS

// funcs are the template functions every page may use, built for one language: T is bound to
// lang, so templates call T with a catalog key (internal/locale/catalog). Pages with functions
// of their own list them in a FuncMap of their file, merged here by name.
func funcs(lang string) template.FuncMap {
	m := template.FuncMap{
		"T":         func(key string, args ...any) string { return locale.T(lang, key, args...) },
		"msg":       func(m locale.Msg) string { return m.In(lang) },
		"value":     display.Value,
		"growth":    display.Growth,
		"percent":   display.Percent,
		"pp":        display.PP,
		"tier":      func(t string) string { return locale.T(lang, "tier."+t) },
		"status":    func(s string) string { return locale.T(lang, "status."+s) },
		"role":      func(r domain.Role) string { return locale.T(lang, "role."+string(r)) },
		"vocab":     func(w any) string { return vocab(lang, w) },
		"vocabJSON": func(body string) string { return vocabJSON(lang, body) },
		"can":       func(r domain.Role, a string) bool { return auth.Can(r, auth.Action(a)) },
		"deref": func(p *float64) float64 {
			if p == nil {
				return 0
			}
			return *p
		},
	}
	for _, page := range []template.FuncMap{dashFuncs(lang), entryFuncs(lang), cadenceFuncs(lang), leadsFuncs()} {
		for name, f := range page {
			if _, dup := m[name]; dup {
				panic("web: template function " + name + " defined twice")
			}
			m[name] = f
		}
	}
	return m
}

// pageSets holds, per language, every page template parsed with the layout. It is built on
// first use.
var pageSets = sync.OnceValue(func() map[string]map[string]*template.Template {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]map[string]*template.Template{}
	for _, lang := range locale.Languages {
		out[lang] = map[string]*template.Template{}
		for _, n := range names {
			base := path.Base(n)
			if base == "layout.html" {
				continue
			}
			out[lang][base] = template.Must(template.New("layout.html").Funcs(funcs(lang)).
				ParseFS(assets, "templates/layout.html", n))
		}
	}
	return out
})

// styleSources lists, for the CSP's style-src, the hash of every inline <style> block of the
// templates; the stylesheet proper is static/app.css.
var styleSources = func() string {
	var srcs []string
	files, _ := fs.Glob(assets, "templates/*.html")
	for _, name := range files {
		b, err := assets.ReadFile(name)
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

// Page is what every template receives.
type Page struct {
	Lang string
	User domain.User
	CSRF string
	Path string
	Home string // the header's home county and year, "" before the first-run step or signed out
	Data any
}

// render writes page name with data, in the request's language.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, data any) {
	lang := langOf(r)
	t, ok := pageSets()[lang][name]
	if !ok {
		s.log(r).Error("no such template", "name", name)
		http.Error(w, "template missing", http.StatusInternalServerError)
		return
	}
	id := identityOf(r)
	page := Page{Lang: lang, User: id.user, CSRF: id.csrf, Path: r.URL.RequestURI(), Data: data}
	if id.user.Username != "" {
		page.Home = s.homeLabel(r, lang)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, page); err != nil {
		s.log(r).Error("render", "template", name, "err", err)
		http.Error(w, locale.T(lang, "error.internal"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// renderError shows an error page with a message.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, code int, msg string) {
	s.render(w, r, code, "error.html", map[string]any{"Code": code, "Message": msg})
}

// pageError shows err as a page: its user-safe message, its status.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	if code == http.StatusInternalServerError {
		s.log(r).Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.renderError(w, r, code, displayError(r, err))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if id, ok, _ := s.identify(r); ok {
		r = r.WithContext(contextWith(r, id))
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiError(w, r, domain.E(domain.ENOTFOUND, "err.api.not_found"))
		return
	}
	s.renderError(w, r, http.StatusNotFound, tr(r, "error.notfound"))
}

// static serves the embedded assets (CSS, JavaScript, ECharts); they may be cached. Only files
// are served: a directory (/static/ itself included) is not listed but is 404.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	if fi, err := fs.Stat(assets, strings.TrimPrefix(path.Clean(r.URL.Path), "/")); err != nil || fi.IsDir() {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.FileServerFS(assets).ServeHTTP(w, r)
}

// renderedPage is a page's blocks rendered once and kept in the view cache.
type renderedPage struct {
	Title         string
	Head, Content template.HTML
	Before        template.HTML // rendered per request, not kept
}

// renderShared renders page name like render, but its blocks (title, head, content) only once
// per language, key and data version: for pages whose blocks depend on nothing of the viewer
// (no user, no form token). The layout around them is rendered per request.
func (s *Server) renderShared(w http.ResponseWriter, r *http.Request, code int, name, key string, data any) {
	s.renderSharedBefore(w, r, code, name, key, data, "")
}

// renderSharedBefore is renderShared with before, rendered per request, shown above the shared
// content (the dashboard's overdue follow-ups, which depend on the day and the viewer's role).
func (s *Server) renderSharedBefore(w http.ResponseWriter, r *http.Request, code int, name, key string, data any, before template.HTML) {
	lang := langOf(r)
	v, err := cached(s, r.Context(), "page\x00"+lang+"\x00"+name+"\x00"+key, func() (renderedPage, error) {
		t, ok := pageSets()[lang][name]
		if !ok {
			return renderedPage{}, fmt.Errorf("no template %s", name)
		}
		p := Page{Lang: lang, Data: data}
		var out [3]bytes.Buffer
		for i, block := range []string{"title", "head", "content"} {
			if err := t.ExecuteTemplate(&out[i], block, p); err != nil {
				return renderedPage{}, fmt.Errorf("render %s/%s: %w", name, block, err)
			}
		}
		return renderedPage{Title: out[0].String(), Head: template.HTML(out[1].String()), Content: template.HTML(out[2].String())}, nil
	})
	if err != nil {
		s.log(r).Error("render", "template", name, "err", err)
		s.renderError(w, r, http.StatusInternalServerError, tr(r, "error.internal"))
		return
	}
	v.Before = before
	s.renderCached(w, r, code, v)
}
