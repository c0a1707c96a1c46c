package web

import (
	"bytes"
	"errors"
	"html"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The layout around a cached page (cached.html) is the same for every request of one account
// in one language but for the form token and the path: executing it per request, with its forty
// permission checks and catalogue look-ups through reflection, cost more than the rest of the
// dashboard together. So it is rendered once per language, role, account name and home label,
// with a marker where each per-request value goes, and a request writes the parts between them.

// slotMark, followed by a slot's digit, marks where a per-request value goes in a shell. It is
// letters only, so no escaper changes it.
const slotMark = "PACERSLOTMARK"

// The per-request values of a cached page, in the order of their digits.
const (
	slotTitle   = iota // the page's title block (its own escaped output)
	slotHead           // the page's head block
	slotBefore         // rendered per request above the content
	slotContent        // the page's content block
	slotCSRF           // the session's form token (an attribute value)
	slotPath           // the request's path and query (an attribute value)
	slotCount
)

var (
	errNoTemplate  = errors.New("no template cached.html")
	errShellMarker = errors.New("cached.html: a slot marker without its slot")
)

// shell is cached.html's layout for one account: parts[0], a slot's value, parts[1], … .
type shell struct {
	parts []string
	slots []int // slots[i] goes between parts[i] and parts[i+1]
}

// shellCache keeps the shells by language, role, account name and home label; it is emptied
// when it grows past shellCacheMax (accounts come and go; the layout's text does not change
// while the server runs).
type shellCache struct {
	mu sync.RWMutex
	m  map[string]*shell
}

const shellCacheMax = 4096

func (c *shellCache) get(key string) *shell {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[key]
}

func (c *shellCache) put(key string, sh *shell) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= shellCacheMax {
		c.m = map[string]*shell{}
	}
	c.m[key] = sh
}

// renderCached writes a cached page inside the layout: the layout's shell from the cache (made
// on first use), the page's blocks and the request's values between its parts, one write with
// its length. A page whose account fields hold the marker is rendered the slow way.
func (s *Server) renderCached(w http.ResponseWriter, r *http.Request, code int, v renderedPage) {
	lang := langOf(r)
	id := identityOf(r)
	home := ""
	if id.user.Username != "" {
		home = s.homeLabel(r, lang)
	}
	if strings.Contains(id.user.Username+home, slotMark) {
		s.render(w, r, code, "cached.html", v)
		return
	}
	// The key holds every field of the account the layout reads (layout.html: its name and
	// role); a layout that came to read another must add it here (TestShellMatchesLayout).
	key := lang + "\x00" + string(id.user.Role) + "\x00" + id.user.Username + "\x00" + home
	sh := s.shells.get(key)
	if sh == nil {
		var err error
		if sh, err = makeShell(lang, Page{Lang: lang, User: id.user, Home: home}); err != nil {
			s.log(r).Error("render the layout", "err", err)
			s.render(w, r, code, "cached.html", v)
			return
		}
		s.shells.put(key, sh)
	}
	bp := pageBufs.Get().(*[]byte)
	buf := fillInto((*bp)[:0], sh, v, id.csrf, r.URL.RequestURI())
	defer func() {
		if cap(buf) <= 1<<20 { // a rare large page is not kept
			*bp = buf
			pageBufs.Put(bp)
		}
	}()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(buf)))
	w.WriteHeader(code)
	w.Write(buf)
}

// pageBufs holds the buffers pages are written into: a page is tens of kilobytes, and allocating
// one per request under load is what the garbage collector would spend its time on.
var pageBufs = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// fill writes page v into shell sh with the form token csrf and the path: one buffer of the
// page's length.
func fill(sh *shell, v renderedPage, csrf, path string) []byte {
	return fillInto(nil, sh, v, csrf, path)
}

// fillInto is fill appending to buf.
func fillInto(buf []byte, sh *shell, v renderedPage, csrf, path string) []byte {
	values := [slotCount]string{
		slotTitle:   v.Title,
		slotHead:    string(v.Head),
		slotBefore:  string(v.Before),
		slotContent: string(v.Content),
		slotCSRF:    html.EscapeString(csrf),
		slotPath:    html.EscapeString(path),
	}
	n := 0
	for _, p := range sh.parts {
		n += len(p)
	}
	for _, sl := range sh.slots {
		n += len(values[sl])
	}
	buf = slices.Grow(buf, n)
	for i, p := range sh.parts {
		buf = append(buf, p...)
		if i < len(sh.slots) {
			buf = append(buf, values[sh.slots[i]]...)
		}
	}
	return buf
}

// makeShell executes cached.html for page with a marker in every per-request value and cuts the
// result at the markers.
func makeShell(lang string, page Page) (*shell, error) {
	t, ok := pageSets()[lang]["cached.html"]
	if !ok {
		return nil, errNoTemplate
	}
	mark := func(slot int) string { return slotMark + strconv.Itoa(slot) }
	page.CSRF, page.Path = mark(slotCSRF), mark(slotPath)
	page.Data = renderedPage{Title: mark(slotTitle), Head: template.HTML(mark(slotHead)),
		Before: template.HTML(mark(slotBefore)), Content: template.HTML(mark(slotContent))}
	var out bytes.Buffer
	if err := t.Execute(&out, page); err != nil {
		return nil, err
	}
	pieces := strings.Split(out.String(), slotMark)
	sh := &shell{parts: []string{pieces[0]}}
	for _, p := range pieces[1:] {
		if p == "" || p[0] < '0' || int(p[0]-'0') >= slotCount {
			return nil, errShellMarker
		}
		sh.slots = append(sh.slots, int(p[0]-'0'))
		sh.parts = append(sh.parts, p[1:])
	}
	return sh, nil
}
