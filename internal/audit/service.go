// Package audit reads the append-only audit log for the auditor: search, one event, export.
package audit

import "pacer/internal/store"

// Service is the audit workflow over one store. It holds no other state.
type Service struct {
	store *store.Store
}

// New returns the workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }
