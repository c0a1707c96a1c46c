package web

import (
	"context"
	"sync"

	"pacer/internal/scorecard"
)

// viewCache keeps what pages computed from the database (scorecards, dashboard views) for as long
// as the store's data version stays the same: any committed write empties it. It belongs to one
// Server; entries are read-only once stored.
type viewCache struct {
	mu      sync.Mutex
	version int64
	entries map[string]any
}

const maxCachedViews = 2000

// cached returns the value stored under key at the current data version, computing and storing
// it on a miss. Errors are not cached.
func (s *Server) cached(ctx context.Context, key string, compute func() (any, error)) (any, error) {
	s.cacheOnce.Do(func() { s.cache = &viewCache{entries: map[string]any{}} })
	version, err := s.Store.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	c := s.cache
	c.mu.Lock()
	if c.version != version || len(c.entries) >= maxCachedViews {
		c.version, c.entries = version, map[string]any{}
	}
	v, ok := c.entries[key]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err = compute()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.version == version {
		c.entries[key] = v
	}
	c.mu.Unlock()
	return v, nil
}

// scorecardOf is scorecard.Build through the cache.
func (s *Server) scorecardOf(ctx context.Context, region, period string) (*scorecard.Scorecard, error) {
	v, err := s.cached(ctx, "scorecard\x00"+region+"\x00"+period, func() (any, error) {
		return scorecard.Build(ctx, s.Store, region, period)
	})
	if err != nil {
		return nil, err
	}
	return v.(*scorecard.Scorecard), nil
}
