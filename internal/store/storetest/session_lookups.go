package storetest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testSessionLookups: session and API token lookups made at once are gathered into shared queries, yet each
// gets its own session (or not found), and none answers from before it was asked: a session
// ended, or an account disabled behind the store's back (raw SQL, as another process would),
// is seen by every lookup that starts after the change returned.
func testSessionLookups(t *testing.T, s *store.Store) {
	const users = 24
	tokens := map[string]string{} // token → username
	for i := range users {
		name := fmt.Sprintf("user%02d", i)
		u, err := s.CreateUser(ctx, sysadmin, domain.User{Username: name, Role: domain.RoleAnalyst, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		tok := "tok-" + name
		if err := s.CreateSession(ctx, u, tok, "csrf-"+name, "10.0.0.2", time.Now()); err != nil {
			t.Fatal(err)
		}
		tokens[tok] = name
		if _, err := s.CreateAPIToken(ctx, sysadmin, u, "script", "api-"+name, nil); err != nil {
			t.Fatal(err)
		}
	}
	keys := []string{"tok-nobody", "tok-none"}
	for tok := range tokens {
		keys = append(keys, tok)
	}

	// Many at once: each answer is its own token's.
	var wg sync.WaitGroup
	var bad atomic.Int64
	for g := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			for range 40 {
				tok := keys[rng.IntN(len(keys))]
				sess, err := s.SessionByToken(ctx, tok)
				want, known := tokens[tok]
				switch {
				case known && (err != nil || sess.User.Username != want || sess.CSRFToken != "csrf-"+want):
					t.Errorf("%s: got %s/%s, %v; want %s's session", tok, sess.User.Username, sess.CSRFToken, err, want)
					bad.Add(1)
				case !known && domain.ErrorKind(err) != domain.ENOTFOUND:
					t.Errorf("%s: got %+v, %v; want not found", tok, sess, err)
					bad.Add(1)
				}
				api := "api-" + strings.TrimPrefix(tok, "tok-")
				at, au, err := s.APIToken(ctx, api)
				switch {
				case known && (err != nil || at.Username != want || au.Username != want || at.Label != "script"):
					t.Errorf("%s: got %+v of %s, %v; want %s's token", api, at, au.Username, err, want)
					bad.Add(1)
				case !known && domain.ErrorKind(err) != domain.ENOTFOUND:
					t.Errorf("%s: got %+v, %v; want not found", api, at, err)
					bad.Add(1)
				}
				if bad.Load() > 5 {
					return
				}
			}
		}()
	}
	wg.Wait()

	// A change, then lookups that started after it: none may see the old state, while other
	// lookups keep the queries busy.
	stop := make(chan struct{})
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					s.SessionByToken(ctx, "tok-user00")
					s.APIToken(ctx, "api-user00")
				}
			}
		}()
	}
	// check runs 16 lookups at once, each of which must see the change (current is true).
	check := func(what string, current func() bool) {
		t.Helper()
		var stale atomic.Int64
		var inner sync.WaitGroup
		for range 16 {
			inner.Add(1)
			go func() {
				defer inner.Done()
				if !current() {
					stale.Add(1)
				}
			}()
		}
		inner.Wait()
		if n := stale.Load(); n > 0 {
			t.Errorf("%s: %d of 16 lookups started after the change answered from before it", what, n)
		}
	}
	if err := rawOf(t, s).ExecForTest(ctx, `UPDATE users SET disabled = TRUE WHERE username = 'user01'`); err != nil {
		t.Fatal(err)
	}
	check("account disabled by raw SQL", func() bool {
		sess, err := s.SessionByToken(ctx, "tok-user01")
		return err == nil && sess.User.Disabled
	})
	if err := s.ExpireSession(ctx, "tok-user01"); err != nil {
		t.Fatal(err)
	}
	check("session ended", func() bool {
		_, err := s.SessionByToken(ctx, "tok-user01")
		return domain.ErrorKind(err) == domain.ENOTFOUND
	})
	tok, _, err := s.APIToken(ctx, "api-user02")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeAPIToken(ctx, sysadmin, tok); err != nil {
		t.Fatal(err)
	}
	check("API token revoked", func() bool {
		tok, _, err := s.APIToken(ctx, "api-user02")
		return err == nil && tok.Revoked
	})
	close(stop)
	wg.Wait()
}
