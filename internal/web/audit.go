package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/store"
)

// Audit log: newest first, filtered and paged; exported whole (with the filters) as xlsx.

const audPerPage = 50

type audPage struct {
	Actor, Action, From, To string
	Actions                 []string
	Entries                 []audEntry
	Total, Page, Pages      int
	Prev, Next, XLSX        string
	Error                   string
}

type audEntry struct {
	store.AuditEntry
	At string
}

func (s *Server) audQuery(r *http.Request) (store.AuditQuery, *audPage, error) {
	q := r.URL.Query()
	p := &audPage{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), Page: max(mgAtoi(q.Get("page")), 1)}
	aq := store.AuditQuery{Actor: p.Actor, Action: p.Action}
	if p.From != "" {
		t, err := time.ParseInLocation("2006-01-02", p.From, time.Local)
		if err != nil {
			return aq, p, domain.E(domain.EINVALID, "audit.bad_date", locale.Key("audit.from"), p.From)
		}
		aq.From = t
	}
	if p.To != "" {
		t, err := time.ParseInLocation("2006-01-02", p.To, time.Local)
		if err != nil {
			return aq, p, domain.E(domain.EINVALID, "audit.bad_date", locale.Key("audit.to"), p.To)
		}
		aq.Before = t.AddDate(0, 0, 1)
	}
	return aq, p, nil
}

// GET /audit[?actor=&action=&from=&to=&page=][&format=xlsx]
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	aq, p, err := s.audQuery(r)
	code := http.StatusOK
	if err != nil {
		if wantsXLSX(r) {
			s.pageError(w, r, err)
			return
		}
		p.Error, code = displayError(r, err), http.StatusBadRequest
		aq = store.AuditQuery{}
	}
	if wantsXLSX(r) {
		entries, _, err := s.Store.SearchAudit(r.Context(), aq)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		if err := s.Store.AuditEvent(r.Context(), who(r), "audit.export", "audit_log", "ok"); err != nil {
			s.pageError(w, r, err)
			return
		}
		rows := [][]any{{"id", tr(r, "audit.col.time"), tr(r, "audit.col.actor"), tr(r, "audit.col.ip"), tr(r, "audit.col.action"),
			tr(r, "audit.col.object"), tr(r, "audit.col.old"), tr(r, "audit.col.new"), tr(r, "audit.col.outcome")}}
		for _, e := range entries {
			rows = append(rows, []any{e.ID, e.RecordedAt.Format(time.RFC3339), e.Actor, e.SourceIP, e.Action, e.Object, e.OldValue, e.NewValue, e.Outcome})
		}
		s.writeXLSX(w, r, "audit-"+time.Now().Format("20060102-150405"), tr(r, "audit.title"), rows)
		return
	}
	aq.Limit, aq.Offset = audPerPage, (p.Page-1)*audPerPage
	entries, total, err := s.Store.SearchAudit(r.Context(), aq)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if p.Actions, err = s.Store.AuditActions(r.Context()); err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, e := range entries {
		p.Entries = append(p.Entries, audEntry{e, e.RecordedAt.Format("2006-01-02 15:04:05 -07:00")})
	}
	p.Total, p.Pages = total, max((total+audPerPage-1)/audPerPage, 1)
	link := func(page int, extra ...string) string {
		v := url.Values{}
		for k, val := range map[string]string{"actor": p.Actor, "action": p.Action, "from": p.From, "to": p.To} {
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
	if p.Page > 1 {
		p.Prev = link(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.Next = link(p.Page + 1)
	}
	p.XLSX = link(1, "format", "xlsx")
	s.render(w, r, code, "audit.html", p)
}
