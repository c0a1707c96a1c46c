package scorecard

import (
	"context"

	"pacer/internal/cache"
	"pacer/internal/domain"
	"pacer/internal/store"
)

// Service builds scorecards, rankings, indicator series and the dashboard over one store. Every
// scorecard it hands out comes through its cache, which lives for one data version.
type Service struct {
	store *store.Store
	cache *cache.Versioned
}

// New returns the scorecard workflow over st.
func New(st *store.Store) *Service {
	return &Service{store: st, cache: cache.New(st.DataVersion)}
}

// DataVersion is the store's data version: it moves on with every committed write, so views
// computed at one version may be kept until it changes.
func (s *Service) DataVersion(ctx context.Context) (int64, error) { return s.store.DataVersion(ctx) }

// Ping reports whether the database answers, for the health check.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// Database names the database Pacer runs on ("sqlite", "postgres"), for the health check.
func (s *Service) Database() string { return string(s.store.Dialect()) }

// Scorecard is the scorecard of region at period (YYYY-MM). The result is shared: read only.
// A region outside ctx's scope is ENOTFOUND: a scorecard shows the region's targets.
func (s *Service) Scorecard(ctx context.Context, region, period string) (*Scorecard, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return nil, err
	}
	return cache.Get(s.cache, ctx, region+"\x00"+period, func() (*Scorecard, error) {
		return Build(ctx, s.store, region, period)
	})
}

// Ranking ranks the children of parent on an indicator at period, by "growth" (default) or "value".
// It ranks published observations only: ctx's scope must share parent's prefecture (a county
// account ranks among its peers), else ENOTFOUND.
func (s *Service) Ranking(ctx context.Context, parent, indicator, period, by string) (*Ranking, error) {
	if err := domain.PeerScope(ctx, s.store, parent); err != nil {
		return nil, err
	}
	return cache.Get(s.cache, ctx, parent+"\x00"+indicator+"\x00"+period+"\x00"+by, func() (*Ranking, error) {
		return BuildRanking(ctx, s.store, parent, indicator, period, by)
	})
}

// Indicator returns one indicator of the catalogue.
func (s *Service) Indicator(ctx context.Context, code string) (domain.Indicator, error) {
	return s.store.Indicator(ctx, code)
}
