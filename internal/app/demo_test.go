package app_test

import (
	"context"
	"testing"

	"pacer/internal/app"
	"pacer/internal/demo"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// eachDemo runs fn, on each database, on a fresh store holding the demo case and the services
// wired over it as the command wires them.
func eachDemo(t *testing.T, fn func(t *testing.T, st *store.Store, sv web.Services)) {
	t.Helper()
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			st := d.Open(t)
			if _, err := demo.Load(context.Background(), st); err != nil {
				t.Fatal(err)
			}
			fn(t, st, app.Services(st))
		})
	}
}
