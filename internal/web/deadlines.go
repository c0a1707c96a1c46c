package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/deadlines"
	"pacer/internal/domain"
)

// Late data (issue 13 §7): the analyst's deadlines page — the default day, the days per
// indicator and per unit, the escalation delay and recipients, the monthly pack's day and
// recipients, and who is late today — and the dashboard's 迟报/未报 block.

type deadlinesPage struct {
	*deadlines.Page
	Form  deadlines.Settings
	Error string
	Saved bool
	// Shared: the account may change the settings every region shares (the default day, the
	// escalation, the monthly pack, the per-indicator days) — a deployment-wide account (issue
	// 16); a county's account sees them and sets its units' days.
	Shared bool
}

// GET /deadlines?region= (the home county by default)
func (s *Server) deadlinesPage(w http.ResponseWriter, r *http.Request) {
	s.deadlinesRender(w, r, http.StatusOK, &deadlinesPage{Saved: r.URL.Query().Has("saved")}, nil)
}

func (s *Server) deadlinesRender(w http.ResponseWriter, r *http.Request, code int, p *deadlinesPage, form *deadlines.Settings) {
	region := strings.TrimSpace(r.FormValue("region"))
	if region == "" {
		at, err := s.homeOf(r)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		region = at.Region
	}
	pg, err := s.Deadlines.Page(r.Context(), region)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Page, p.Shared = pg, domain.ScopeOf(r.Context()).Whole()
	if form != nil {
		p.Form = *form
	} else {
		c := pg.Config
		p.Form = deadlines.Settings{DefaultDay: strconv.Itoa(c.Rule.Default), EscalateDays: strconv.Itoa(c.EscalateDays),
			PackDay: strconv.Itoa(c.PackDay), EscalateTo: domain.RecipientsText(c.EscalateTo), PackTo: domain.RecipientsText(c.PackTo)}
	}
	s.render(w, r, code, "deadlines.html", p)
}

// POST /deadlines: default_day, escalate_days, escalate_to, pack_day, pack_to.
func (s *Server) deadlinesSave(w http.ResponseWriter, r *http.Request) {
	f := deadlines.Settings{DefaultDay: r.PostFormValue("default_day"), EscalateDays: r.PostFormValue("escalate_days"),
		EscalateTo: r.PostFormValue("escalate_to"), PackDay: r.PostFormValue("pack_day"), PackTo: r.PostFormValue("pack_to")}
	if err := s.Deadlines.SetSettings(r.Context(), actorOf(r), f); err != nil {
		if status(err) == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		s.deadlinesRender(w, r, status(err), &deadlinesPage{Error: displayError(r, err)}, &f)
		return
	}
	http.Redirect(w, r, "/deadlines?saved=1&region="+urlQueryEscape(r.PostFormValue("region")), http.StatusSeeOther)
}

// POST /deadlines/day: scope (indicator | unit), code, day (blank: removed).
func (s *Server) deadlinesDay(w http.ResponseWriter, r *http.Request) {
	if err := s.Deadlines.SetDay(r.Context(), actorOf(r), r.PostFormValue("scope"), r.PostFormValue("code"), r.PostFormValue("day")); err != nil {
		if status(err) == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		s.deadlinesRender(w, r, status(err), &deadlinesPage{Error: displayError(r, err)}, nil)
		return
	}
	http.Redirect(w, r, "/deadlines?saved=1&region="+urlQueryEscape(r.PostFormValue("region")), http.StatusSeeOther)
}

// dashLateShown is how many late units the dashboard names; the rest are counted.
const dashLateShown = 8

type dashLateView struct {
	Region string
	Count  int
	Units  []deadlines.LateUnit
	Manage bool // the reader may open the deadlines page
}

// dashLate renders, for a viewer who may read the cadence, the units of region late with their
// figures today (迟报/未报) above the dashboard, per request like the overdue follow-ups (the
// list itself is cached per data version and day); "" when there are none. A failure is logged,
// not shown.
func (s *Server) dashLate(r *http.Request, region string) template.HTML {
	role := userOf(r).Role
	if s.Deadlines == nil || !auth.Can(role, auth.ViewCadence) {
		return ""
	}
	// Cached per data version and day: who is late changes with a write (a submission, a figure,
	// a deadline, a period locked) or overnight, not between two readers of the dashboard.
	// The block is rendered once for each language and whether the reader manages deadlines.
	now := s.Deadlines.Now()
	lang, manage := langOf(r), auth.Can(role, auth.ManageNotify)
	key := "late\x00" + region + "\x00" + now.Format("2006-01-02") + "\x00" + lang + "\x00" + strconv.FormatBool(manage)
	html, err := cached(s, r.Context(), key, func() (template.HTML, error) {
		late, err := s.Deadlines.Late(r.Context(), region, now)
		if err != nil || len(late) == 0 {
			return "", err
		}
		v := dashLateView{Region: region, Count: len(late), Units: late[:min(len(late), dashLateShown)], Manage: manage}
		var buf bytes.Buffer
		if err := pageSets()[lang]["deadlines.html"].ExecuteTemplate(&buf, "dash-late", Page{Lang: lang, Data: v}); err != nil {
			return "", fmt.Errorf("render dash-late: %w", err)
		}
		return template.HTML(buf.String()), nil
	})
	if err != nil {
		s.log(r).Error("dashboard late data", "region", region, "err", err)
		return ""
	}
	return html
}
