package web

import (
	"context"

	"pacer/internal/cache"
)

// views is the server's cache of what it rendered from the data (dashboard views, page blocks,
// encoded JSON), kept for one data version; the scorecards themselves are cached by the
// scorecard workflow.
func (s *Server) views() *cache.Versioned {
	s.cacheOnce.Do(func() { s.cache = cache.New(s.Scorecards.DataVersion) })
	return s.cache
}

// cached is cache.Get on the server's view cache.
func cached[T any](s *Server, ctx context.Context, key string, compute func() (T, error)) (T, error) {
	return cache.Get(s.views(), ctx, key, compute)
}
