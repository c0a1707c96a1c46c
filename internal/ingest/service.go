package ingest

import "pacer/internal/store"

// Service is the import workflow over one store: preview and import of every file kind.
type Service struct {
	store *store.Store
}

// New returns the import workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }
