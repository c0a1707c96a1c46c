package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// Processes starting together on a new database migrate it once, without failing.
func TestConcurrentOpen(t *testing.T) {
	pg, drop := storetest.NewPostgresSchema(t)
	t.Cleanup(drop)
	for name, dsn := range map[string]string{"sqlite": filepath.Join(t.TempDir(), "c.db"), "postgres": pg} {
		t.Run(name, func(t *testing.T) {
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s, err := store.Open(context.Background(), dsn)
					if err == nil {
						_, err = s.Region(context.Background(), "440784")
						s.Close()
					}
					errs <- err
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Errorf("concurrent open: %v", err)
				}
			}
		})
	}
}
