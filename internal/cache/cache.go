// Package cache keeps computed views (scorecards, dashboards, rendered pages, encoded JSON) for as
// long as the data they were computed from stays the same: every committed write to the store
// moves its data version on, which empties the cache. Values are read-only once stored.
package cache

import (
	"context"
	"fmt"
	"sync"
)

// maxEntries bounds memory: the cache is emptied when it holds this many views.
const maxEntries = 2000

// Versioned is a cache whose entries live for one data version. The zero value is not usable:
// build it with New. Safe for concurrent use; it has no goroutine of its own.
type Versioned struct {
	version func(context.Context) (int64, error)

	mu      sync.Mutex
	at      int64
	entries map[string]any
}

// New returns a cache whose entries are dropped when version's answer changes.
func New(version func(context.Context) (int64, error)) *Versioned {
	return &Versioned{version: version, entries: map[string]any{}}
}

// Get returns the value of type T stored under key at the current data version, computing and
// storing it on a miss. Keys are per type, so two types never share an entry. Errors are not
// cached. A nil cache computes every time.
func Get[T any](c *Versioned, ctx context.Context, key string, compute func() (T, error)) (T, error) {
	if c == nil {
		return compute()
	}
	var zero T
	version, err := c.version(ctx)
	if err != nil {
		return zero, err
	}
	key = fmt.Sprintf("%T\x00%s", zero, key)
	c.mu.Lock()
	if version < c.at {
		// An older version than the cache's (a read standby that has not caught up, pacer serve
		// --db-read): computed for this request, never stored over the newer views.
		c.mu.Unlock()
		return compute()
	}
	if c.at != version || len(c.entries) >= maxEntries {
		c.at, c.entries = version, map[string]any{}
	}
	v, ok := c.entries[key]
	c.mu.Unlock()
	if ok {
		return v.(T), nil
	}
	t, err := compute()
	if err != nil {
		return zero, err
	}
	c.mu.Lock()
	if c.at == version {
		c.entries[key] = t
	}
	c.mu.Unlock()
	return t, nil
}
