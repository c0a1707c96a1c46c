package web_test

import (
	"net/http"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Probe item 6: an API token kept working while its account was locked or had to change its
// password. Now the API refuses it (401, as an unknown token) in both cases, on both databases,
// while a token of a sound account still works.
func TestProbe6_TokenRefusedWhileAccountLockedOrMustChange(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		path := "/api/v1/scorecard?region=440784&period=2023-06"
		if _, err := s.CreateUser(ctx, store.Who{Username: "test"}, domain.User{Username: "fresh-leader", Role: domain.RoleLeader,
			PasswordHash: "not-a-hash", MustChange: true}); err != nil {
			t.Fatal(err)
		}
		sound := apiClient(t, s, base, "demo-analyst")
		locked := apiClient(t, s, base, "demo-leader")
		mustChange := apiClient(t, s, base, "fresh-leader")
		if r := locked.get(path); r.code != http.StatusOK {
			t.Fatalf("leader token before the lockout: got %d, want 200", r.code)
		}
		c := newClient(t, base)
		for range domain.MaxFailedLogins {
			c.tryLogin("demo-leader", "Wrong-Pass1")
		}
		if u, err := s.UserByName(ctx, "demo-leader"); err != nil || u.LockedUntil == nil {
			t.Fatalf("after %d wrong passwords: got %+v, %v; want the leader locked", domain.MaxFailedLogins, u.LockedUntil, err)
		}
		for _, tc := range []struct {
			name string
			c    *client
			want int
		}{
			{"a locked account's token", locked, http.StatusUnauthorized},
			{"the token of an account that must change its password", mustChange, http.StatusUnauthorized},
			{"a sound account's token", sound, http.StatusOK},
		} {
			if r := tc.c.get(path); r.code != tc.want {
				t.Errorf("%s: got %d, want %d\n%.300s", tc.name, r.code, tc.want, r.body)
			}
		}
	})
}
