package web_test

import (
	"io"
	"log/slog"
	"strings"
	"testing"

	"pacer/internal/app"
	"pacer/internal/domain"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// TestDatabaseDownIsNotSignedOut: when the account behind a request cannot be looked up (the
// database is gone, as during a failover), a signed-in user gets 503 with Retry-After — a page,
// or API JSON — and is never sent to the login page as if signed out, nor a write taken as
// done. (scripts/failover.sh shows the same under a real primary failover.)
func TestDatabaseDownIsNotSignedOut(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			base := serve(t, &web.Server{Services: app.Services(s), HomeRegion: fxRegion, HomePeriod: fxHome,
				Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
			c := login(t, base, fxUser(domain.RoleAnalyst), fxPassword)
			if r := c.get("/dashboard"); r.code != 200 {
				t.Fatalf("/dashboard: %d", r.code)
			}
			s.Close() // the database goes away
			for _, path := range []string{"/dashboard", "/api/v1/scorecard?region=" + fxRegion + "&period=" + fxHome} {
				r := c.get(path)
				if r.code != 503 || r.header.Get("Retry-After") == "" {
					t.Errorf("GET %s with the database down: %d %q, want 503 with Retry-After", path, r.code, r.header.Get("Location"))
				}
			}
			r := c.post("/goaltree/focus", nil)
			if r.code != 503 || strings.HasPrefix(r.header.Get("Location"), "/login") {
				t.Errorf("POST with the database down: %d to %q, want 503", r.code, r.header.Get("Location"))
			}
			if !strings.Contains(r.body, "稍后重试") {
				t.Errorf("the 503 page does not say to try again: %s", r.body)
			}
			if h := newClient(t, base).get("/healthz"); h.code != 503 || !strings.Contains(h.body, `"unavailable"`) {
				t.Errorf("/healthz with the database down: %d %s, want 503 unavailable", h.code, h.body)
			}
		})
	}
}
