package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"sync"
	"time"
)

// lookups gathers the identical reads every request makes (the session behind a cookie) so that
// under load they cost one query per database round trip rather than one per request, without
// ever answering from the past: a read that arrives while a query is running waits for the next
// query, which starts after the running one ends and carries every key that arrived meanwhile.
// So every answer comes from a query that started after its caller asked — a session ended or
// an account disabled a moment before, by this process or any other, is seen, exactly as with a
// query of its own.
type lookups[V any] struct {
	mu      sync.Mutex
	running bool
	next    *lookupBatch[V] // the keys waiting for the running query to end
}

type lookupBatch[V any] struct {
	keys map[string]struct{}
	vals map[string]V
	err  error
	done chan struct{}
}

// lookupTimeout bounds one query of a batch: its callers may each give up sooner.
const lookupTimeout = 10 * time.Second

// get returns fetch's value for key, and whether there was one. fetch reads many keys in one
// query and answers the ones it found.
func (l *lookups[V]) get(ctx context.Context, key string, fetch func(ctx context.Context, keys []string) (map[string]V, error)) (V, bool, error) {
	l.mu.Lock()
	if l.next == nil {
		l.next = &lookupBatch[V]{keys: map[string]struct{}{}, done: make(chan struct{})}
	}
	b := l.next
	b.keys[key] = struct{}{}
	if !l.running {
		l.running, l.next = true, nil
		l.mu.Unlock()
		go l.run(context.WithoutCancel(ctx), b, fetch)
	} else {
		l.mu.Unlock()
	}
	select {
	case <-b.done:
		v, ok := b.vals[key]
		return v, ok, b.err
	case <-ctx.Done():
		var zero V
		return zero, false, ctx.Err()
	}
}

// run queries batch b, then every batch that gathered while it ran, one after another.
func (l *lookups[V]) run(ctx context.Context, b *lookupBatch[V], fetch func(ctx context.Context, keys []string) (map[string]V, error)) {
	for b != nil {
		keys := make([]string, 0, len(b.keys))
		for k := range b.keys {
			keys = append(keys, k)
		}
		qctx, cancel := context.WithTimeout(ctx, lookupTimeout)
		b.vals, b.err = fetch(qctx, keys)
		cancel()
		close(b.done)
		l.mu.Lock()
		b, l.next = l.next, nil
		l.running = b != nil
		l.mu.Unlock()
	}
}

// jsonStrings is a subquery giving the strings of the JSON array in parameter param, one a row.
func (d Dialect) jsonStrings(param string) string {
	if d == Postgres {
		return `SELECT json_array_elements_text(` + param + `::json)`
	}
	return `SELECT value FROM json_each(` + param + `)`
}

// byHashes runs query sel (ending in its FROM and joins) for the rows whose column col is one of
// hashes: the hot statement of one key for one, a JSON array parameter for several.
func (s *Store) byHashes(ctx context.Context, sel, col string, hashes []string) (*sql.Rows, error) {
	if len(hashes) == 1 {
		return s.hotQuery(ctx, sel+` WHERE `+col+` = $1`, hashes[0])
	}
	list, err := json.Marshal(hashes)
	if err != nil {
		return nil, err
	}
	return s.hotQuery(ctx, sel+` WHERE `+col+` IN (`+s.dialect.jsonStrings("$1")+`)`, string(list))
}
