package scorecard

import "pacer/internal/store"

// Service builds scorecards, rankings, indicator series and the dashboard over one store.
type Service struct {
	store *store.Store
}

// New returns the scorecard workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }
