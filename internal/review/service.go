// Package review is the monthly round of figures: a reporter's assignments and submissions for the open period, the analyst's approval or return, and opening and locking periods.
package review

import "pacer/internal/store"

// Service is the review workflow over one store. It holds no other state.
type Service struct {
	store *store.Store
}

// New returns the workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }
