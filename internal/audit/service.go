// Package audit reads the append-only audit log for the auditor: search and export. Writing it
// is the store's, inside the transaction of each change it records.
package audit

import (
	"context"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Service is the audit workflow over one store. It holds no other state.
type Service struct {
	store *store.Store
}

// New returns the workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }

// Query selects audit rows. Empty fields do not filter.
type Query struct {
	Actor  string    // part of the actor ("demo-analyst" matches "demo-analyst (analyst)"), case-insensitive
	Action string    // an action, or its prefix up to a dot: "target" matches target.create and target.revise
	From   time.Time // recorded at or after
	Before time.Time // recorded before
}

func (q Query) store() store.AuditQuery {
	return store.AuditQuery{Actor: q.Actor, Action: q.Action, From: q.From, Before: q.Before}
}

// Page is one page of a search: its rows newest first, how many rows match in all, and every
// action the log holds (for the filter).
type Page struct {
	Entries []domain.AuditEntry
	Total   int
	Actions []string
}

// Search returns the page-th page (from 1) of perPage rows that q selects.
func (s *Service) Search(ctx context.Context, q Query, page, perPage int) (Page, error) {
	sq, err := s.scoped(ctx, q.store())
	if err != nil {
		return Page{}, err
	}
	sq.Limit, sq.Offset = perPage, (max(page, 1)-1)*perPage
	var p Page
	if p.Entries, p.Total, err = s.store.SearchAudit(ctx, sq); err != nil {
		return p, err
	}
	p.Actions, err = s.store.AuditActions(ctx)
	return p, err
}

// Export returns every row q selects, newest first, and records that by exported them
// (audit.export): reading the whole log out is itself audited.
func (s *Service) Export(ctx context.Context, by domain.Who, q Query) ([]domain.AuditEntry, error) {
	sq, err := s.scoped(ctx, q.store())
	if err != nil {
		return nil, err
	}
	entries, _, err := s.store.SearchAudit(ctx, sq)
	if err != nil {
		return nil, err
	}
	if err := s.store.AuditEvent(ctx, by, "audit.export", "audit_log", "ok"); err != nil {
		return nil, err
	}
	return entries, nil
}

// scoped narrows q to ctx's scope: a scoped account reads what the accounts of its region (and
// below) did, never another region's trail; the whole deployment reads everything.
func (s *Service) scoped(ctx context.Context, q store.AuditQuery) (store.AuditQuery, error) {
	if domain.ScopeOf(ctx).Whole() {
		return q, nil
	}
	users, err := s.store.Users(ctx)
	if err != nil {
		return q, err
	}
	q.Actors = []string{}
	for _, u := range users {
		if u.RegionCode == "" {
			continue
		}
		err := domain.InScope(ctx, s.store, u.RegionCode, "")
		if err == nil {
			q.Actors = append(q.Actors, u.Username)
		} else if domain.ErrorKind(err) != domain.ENOTFOUND {
			return q, err
		}
	}
	return q, nil
}
