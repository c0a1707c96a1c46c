// Package review is the monthly round of figures: a reporter's assignments and submissions for the open period, the analyst's approval or return, and opening and locking periods.
package review

import (
	"context"
	"errors"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Service is the review workflow over one store. It holds no other state.
type Service struct {
	store *store.Store
}

// New returns the workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }

func who(a domain.Actor) store.Who { return store.Who{Username: a.Username, Role: a.Role, IP: a.IP} }

// stale turns the store's ErrStale (what a decision was made on changed meanwhile) into the
// conflict users see.
func stale(err error) error {
	if errors.Is(err, store.ErrStale) {
		return domain.E(domain.ECONFLICT, "review.err.conflict")
	}
	return err
}

// names looks up, once each, the region and unit names and the indicators a page shows.
type names struct {
	s       *store.Store
	ctx     context.Context
	regions map[string]string
	units   map[string]string
	inds    map[string]domain.Indicator
}

func (s *Service) names(ctx context.Context) (*names, error) {
	n := &names{s: s.store, ctx: ctx, regions: map[string]string{}, units: map[string]string{}, inds: map[string]domain.Indicator{}}
	inds, err := s.store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	for _, i := range inds {
		n.inds[i.Code] = i
	}
	return n, nil
}

// region returns a region's name, its code when unknown.
func (n *names) region(code string) string {
	if name, ok := n.regions[code]; ok {
		return name
	}
	name := code
	if r, err := n.s.Region(n.ctx, code); err == nil {
		name = r.Name
	}
	n.regions[code] = name
	return name
}

// unit returns a unit's name, its code when unknown.
func (n *names) unit(code string) string {
	if name, ok := n.units[code]; ok {
		return name
	}
	name := code
	if u, err := n.s.Unit(n.ctx, code); err == nil {
		name = u.Name
	}
	n.units[code] = name
	return name
}

// indicator returns an indicator of the catalogue, or one named by its code when unknown.
func (n *names) indicator(code string) domain.Indicator {
	if ind, ok := n.inds[code]; ok {
		return ind
	}
	return domain.Indicator{Code: code, Name: code}
}
