package web_test

import (
	"sync/atomic"
	"testing"
	"time"

	"pacer/internal/accounts"
	"pacer/internal/app"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/web"
)

// testClock is the real time moved on by hand: the accounts workflow of clockServer decides
// lockouts, password expiry and session timeouts on it.
type testClock struct{ offset atomic.Int64 }

func (c *testClock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *testClock) advance(d time.Duration) { c.offset.Add(int64(d)) }
func (c *testClock) set(d time.Duration)     { c.offset.Store(int64(d)) }

// clockServer serves s with the accounts workflow on a clock the test moves, and returns that
// workflow too (to set the policy as the secadmin would).
func clockServer(t testing.TB, s *store.Store) (string, *testClock, *accounts.Service) {
	t.Helper()
	clk := &testClock{}
	svc := app.Services(s)
	svc.Accounts = svc.Accounts.WithClock(clk.now)
	return serve(t, &web.Server{Services: svc, HomeRegion: demo.Region, HomePeriod: demo.Period}), clk, svc.Accounts
}

// setPolicy changes the settings given, as a secadmin.
func setPolicy(t testing.TB, acc *accounts.Service, values map[string]string) {
	t.Helper()
	if _, err := acc.SetPolicySettings(ctx, domain.Who{Username: "demo-secadmin", Role: domain.RoleSecadmin}, values); err != nil {
		t.Fatal(err)
	}
}
