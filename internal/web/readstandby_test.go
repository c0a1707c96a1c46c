//go:build readstandby

package web_test

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"pacer/internal/app"
	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/web"
)

// TestReadStandby (issue 16, acceptance 4: pacer serve --db-read) runs Pacer on a primary with a
// real streaming standby as its read standby (scripts/readreplica.sh builds them). With the
// standby's replay paused, a user who adds a unit sees it at once (their reads go to the primary:
// the standby has not reached the version of their own write), while another user, who wrote
// nothing since, is served by the standby and does not see it yet; once replay resumes, they do.
func TestReadStandby(t *testing.T) {
	primary, standby := os.Getenv("PACER_STANDBY_PRIMARY"), os.Getenv("PACER_STANDBY_READ")
	if primary == "" || standby == "" {
		t.Fatal("run through scripts/readreplica.sh (PACER_STANDBY_PRIMARY, PACER_STANDBY_READ)")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, primary)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.OpenReadStandby(ctx, standby); err != nil {
		t.Fatal(err)
	}
	sby, err := sql.Open("pgx", standby)
	if err != nil {
		t.Fatal(err)
	}
	defer sby.Close()
	pdb, err := sql.Open("pgx", primary)
	if err != nil {
		t.Fatal(err)
	}
	defer pdb.Close()
	defer sby.Exec(`SELECT pg_wal_replay_resume()`)
	const pw = "Standby-2026x"
	hash, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"writer", "reader"} {
		if _, err := st.CreateUser(ctx, store.Who{Username: "test"}, domain.User{Username: name, Role: domain.RoleAnalyst, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	base := serve(t, &web.Server{Services: app.Services(st), HomeRegion: "440784", HomePeriod: "2025-06", Log: quiet, ReadStandby: true})
	reader := login(t, base, "reader", pw)
	writer := login(t, base, "writer", pw)

	caughtUp := func() {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			var p, s int64
			if err := sby.QueryRow(`SELECT n FROM data_version`).Scan(&s); err != nil {
				t.Fatal(err)
			}
			if err := pdb.QueryRow(`SELECT n FROM data_version`).Scan(&p); err != nil {
				t.Fatal(err)
			}
			if s == p {
				t.Logf("standby caught up at data version %d", s)
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("standby at data version %d, primary at %d after 30 s", s, p)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	caughtUp()
	if _, err := sby.Exec(`SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	t.Log("standby replay paused")

	const name = "读库测试局"
	page := "/units?region=440784"
	if r := writer.post("/units", url.Values{"code": {"440784-rr1"}, "name": {name}, "region": {"440784"}, "kind": {"department"}}); r.code != http.StatusSeeOther {
		t.Fatalf("POST /units: got %d, want 303\n%.600s", r.code, r.body)
	}
	if r := writer.get(page); r.code != http.StatusOK || !strings.Contains(r.body, name) {
		t.Errorf("the writer's own write: GET %s got %d without %q (read from the lagging standby?)", page, r.code, name)
	} else {
		t.Log("the writer sees their unit at once (read from the primary)")
	}
	if r := reader.get(page); r.code != http.StatusOK || strings.Contains(r.body, name) {
		t.Errorf("another user, standby paused: GET %s got %d, with the unit %t: want 200 from the standby, without it", page, r.code, strings.Contains(r.body, name))
	} else {
		t.Log("another user does not see it yet (read from the paused standby)")
	}
	if _, err := sby.Exec(`SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	caughtUp()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := reader.get(page)
		if r.code == http.StatusOK && strings.Contains(r.body, name) {
			t.Log("after replay resumed, the other user sees it")
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after replay resumed: GET %s still without the unit (%d)", page, r.code)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !st.ReadsFromStandby(domain.ReadAtLeast(ctx, 0)) {
		t.Error("a caught-up standby does not serve marked reads")
	}
}
