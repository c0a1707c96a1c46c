package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"

	"pacer/internal/auth"
	"pacer/internal/cadence"
)

// dashOverdueShown is how many overdue follow-ups the dashboard names; the rest are counted.
const dashOverdueShown = 5

// dashOverdueView is the dashboard's overdue follow-ups block (issue 13 §2's escalation).
type dashOverdueView struct {
	Region string
	Count  int
	Items  []cadence.OverdueFollowUp // the longest overdue first, at most dashOverdueShown
}

// dashOverdue renders, for a viewer who may read the cadence, region's follow-ups overdue today
// above the dashboard (per request: it depends on the day and the role, not on the figures the
// shared page is cached for); "" when there are none. A failure is logged, not shown: the
// dashboard's figures do not depend on it.
func (s *Server) dashOverdue(r *http.Request, region string) template.HTML {
	if s.Cadence == nil || !auth.Can(userOf(r).Role, auth.ViewCadence) {
		return ""
	}
	// Cached per data version (any follow-up write moves it) and day (a deadline passes at midnight).
	// The block is rendered once for each language.
	day := s.Cadence.Now().Format("2006-01-02")
	lang := langOf(r)
	html, err := cached(s, r.Context(), "overdue\x00"+region+"\x00"+day+"\x00"+lang, func() (template.HTML, error) {
		fs, err := s.Cadence.EscalationToday(r.Context(), region)
		if err != nil || len(fs) == 0 {
			return "", err
		}
		v := dashOverdueView{Region: region, Count: len(fs), Items: fs[:min(len(fs), dashOverdueShown)]}
		var buf bytes.Buffer
		if err := pageSets()[lang]["dashboard.html"].ExecuteTemplate(&buf, "dash-overdue", Page{Lang: lang, Data: v}); err != nil {
			return "", fmt.Errorf("render dash-overdue: %w", err)
		}
		return template.HTML(buf.String()), nil
	})
	if err != nil {
		s.log(r).Error("dashboard overdue follow-ups", "region", region, "err", err)
		return ""
	}
	return html
}
