package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"pacer/internal/audit"
	"pacer/internal/domain"
	"pacer/internal/locale"
)

// Audit log: newest first, filtered and paged; exported whole (with the filters) as xlsx.

const audPerPage = 50

type audPage struct {
	audFilter
	Actions          []string
	Entries          []audEntry
	Total, Pages     int
	Prev, Next, XLSX string
	Error            string
}

type audEntry struct {
	domain.AuditEntry
	At string
}

// audFilter is the audit page's query: actor, action, from and to (YYYY-MM-DD, both days
// included) and the page.
type audFilter struct {
	Actor, Action, From, To string
	Page                    int
}

func parseAudFilter(r *http.Request) audFilter {
	q := r.URL.Query()
	return audFilter{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), Page: max(mgAtoi(q.Get("page")), 1)}
}

// query validates f's dates (in the server's time zone) into the workflow's query.
func (f audFilter) query() (audit.Query, error) {
	q := audit.Query{Actor: f.Actor, Action: f.Action}
	if f.From != "" {
		t, err := time.ParseInLocation("2006-01-02", f.From, time.Local)
		if err != nil {
			return q, domain.E(domain.EINVALID, "audit.bad_date", locale.Key("audit.from"), f.From)
		}
		q.From = t
	}
	if f.To != "" {
		t, err := time.ParseInLocation("2006-01-02", f.To, time.Local)
		if err != nil {
			return q, domain.E(domain.EINVALID, "audit.bad_date", locale.Key("audit.to"), f.To)
		}
		q.Before = t.AddDate(0, 0, 1)
	}
	return q, nil
}

// link is the page's address for page with f's filters and extra key-value pairs.
func (f audFilter) link(page int, extra ...string) string {
	v := url.Values{}
	for k, val := range map[string]string{"actor": f.Actor, "action": f.Action, "from": f.From, "to": f.To} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return "/audit?" + v.Encode()
}

// GET /audit[?actor=&action=&from=&to=&page=][&format=xlsx]
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	f := parseAudFilter(r)
	q, err := f.query()
	if wantsXLSX(r) {
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		s.auditXLSX(w, r, q)
		return
	}
	p := &audPage{audFilter: f}
	code := http.StatusOK
	if err != nil {
		p.Error, code = displayError(r, err), http.StatusBadRequest
		q = audit.Query{}
	}
	res, err := s.Audit.Search(r.Context(), q, p.Page, audPerPage)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Actions = res.Actions
	for _, e := range res.Entries {
		p.Entries = append(p.Entries, audEntry{e, e.RecordedAt.Format("2006-01-02 15:04:05 -07:00")})
	}
	p.Total, p.Pages = res.Total, max((res.Total+audPerPage-1)/audPerPage, 1)
	if p.Page > 1 {
		p.Prev = f.link(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.Next = f.link(p.Page + 1)
	}
	p.XLSX = f.link(1, "format", "xlsx")
	s.render(w, r, code, "audit.html", p)
}

// GET /audit?format=xlsx: every row the filters select; the export is itself audited.
func (s *Server) auditXLSX(w http.ResponseWriter, r *http.Request, q audit.Query) {
	entries, err := s.Audit.Export(r.Context(), who(r), q)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rows := [][]any{{"id", tr(r, "audit.col.time"), tr(r, "audit.col.actor"), tr(r, "audit.col.ip"), tr(r, "audit.col.action"),
		tr(r, "audit.col.object"), tr(r, "audit.col.old"), tr(r, "audit.col.new"), tr(r, "audit.col.outcome")}}
	for _, e := range entries {
		rows = append(rows, []any{e.ID, e.RecordedAt.Format(time.RFC3339), e.Actor, e.SourceIP, e.Action, e.Object, e.OldValue, e.NewValue, e.Outcome})
	}
	s.writeXLSX(w, r, "audit-"+time.Now().Format("20060102-150405"), tr(r, "audit.title"), rows)
}
