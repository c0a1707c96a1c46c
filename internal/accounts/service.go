// Package accounts is who may sign in and how: accounts, passwords, sign-in with lockout and throttling, sessions and API tokens.
package accounts

import "pacer/internal/store"

// Service is the accounts workflow over one store. It holds no other state.
type Service struct {
	store *store.Store
}

// New returns the workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }
