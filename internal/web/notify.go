package web

import (
	"net/http"
	"strconv"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/notify"
)

// Notifications (analyst, sysadmin): who receives what, per unit — subscriptions added and
// removed (a secret is taken, never shown back) — and the outbox: its backlog, its dead letters
// (retried by hand), the latest messages and the scheduler's latest runs. Messages are listed by
// their event kind, unit and channel, not their text.

const notifyListed = 20

type notifyPage struct {
	notify.Overview
	Channels []string
	Form     notifyForm
	Error    string
	Saved    bool
	Mail     bool // an SMTP server is configured
	Shared   bool // the account may retry dead letters: the outbox is the deployment's (deployment-wide)
}

type notifyForm struct{ Unit, Account, Kind, Channel, Target string }

// GET /notify
func (s *Server) notifyPage(w http.ResponseWriter, r *http.Request) {
	s.notifyRender(w, r, http.StatusOK, &notifyPage{Saved: r.URL.Query().Has("saved"), Form: notifyForm{Kind: domain.AnyEvent}})
}

func (s *Server) notifyRender(w http.ResponseWriter, r *http.Request, code int, p *notifyPage) {
	o, err := s.Notify.Overview(r.Context(), notifyListed)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Overview, p.Channels, p.Mail, p.Shared = o, domain.Channels, s.Notify.MailConfigured(), domain.ScopeOf(r.Context()).Whole()
	s.render(w, r, code, "notify.html", p)
}

// POST /notify/subscriptions: unit, account (a leader's username: the subscription is then the
// account's own, not the unit's), kind, channel, target, secret.
func (s *Server) notifySubscribe(w http.ResponseWriter, r *http.Request) {
	f := notifyForm{Unit: strings.TrimSpace(r.PostFormValue("unit")), Account: strings.TrimSpace(r.PostFormValue("account")),
		Kind: strings.TrimSpace(r.PostFormValue("kind")), Channel: r.PostFormValue("channel"), Target: strings.TrimSpace(r.PostFormValue("target"))}
	unit := f.Unit
	if f.Account != "" {
		unit = "" // an account chosen: the subscription is that account's own
	}
	_, err := s.Notify.Subscribe(r.Context(), actorOf(r), domain.Subscription{UnitCode: unit, Username: f.Account, EventKind: f.Kind,
		Channel: f.Channel, Target: f.Target, Secret: strings.TrimSpace(r.PostFormValue("secret"))})
	if err != nil {
		if status(err) == http.StatusInternalServerError {
			s.pageError(w, r, err)
			return
		}
		s.notifyRender(w, r, status(err), &notifyPage{Form: f, Error: displayError(r, err)})
		return
	}
	http.Redirect(w, r, "/notify?saved=1", http.StatusSeeOther)
}

// POST /notify/subscriptions/{id}/remove
func (s *Server) notifyUnsubscribe(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.Notify.Unsubscribe(r.Context(), actorOf(r), id); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/notify?saved=1", http.StatusSeeOther)
}

// POST /notify/outbox/{id}/retry
func (s *Server) notifyRetry(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.Notify.Retry(r.Context(), actorOf(r), id); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/notify?saved=1", http.StatusSeeOther)
}
