// Package goals keeps what a region aims at: targets of both tiers and the goal tree (focus points and measures), with the rules that decide which is valid and which focus point is the headline.
package goals

import (
	"pacer/internal/domain"
	"pacer/internal/store"
)

// Service is the goals workflow over one store. It holds no other state.
type Service struct {
	store *store.Store
}

// New returns the workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }

func who(a domain.Actor) store.Who { return store.Who{Username: a.Username, Role: a.Role, IP: a.IP} }
