package web

import (
	"context"

	"pacer/internal/cache"
	"pacer/internal/domain"
)

// views is the server's cache of what it rendered from the data (dashboard views, page blocks,
// encoded JSON), kept for one data version; the scorecards themselves are cached by the
// scorecard workflow.
func (s *Server) views() *cache.Versioned {
	s.cacheOnce.Do(func() { s.cache = cache.New(s.Scorecards.DataVersion) })
	return s.cache
}

// cached is cache.Get on the server's view cache, kept apart per region scope (issue 16): what
// a workflow answered one scope is never served to another, whose request must reach the
// workflow and its scope check.
func cached[T any](s *Server, ctx context.Context, key string, compute func() (T, error)) (T, error) {
	return cache.Get(s.views(), ctx, "scope\x00"+domain.ScopeOf(ctx).Region+"\x00"+key, compute)
}
