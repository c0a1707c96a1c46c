//go:build failover

package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"pacer/internal/app"
	"pacer/internal/demo"
	"pacer/internal/store"
	"pacer/internal/web"
)

// TestFailover runs Pacer on a primary and a synchronous standby (scripts/failover.sh sets them
// up and says how to kill and promote), with writers adding goal-tree measures and readers
// reading the dashboard, kills the primary mid-load and promotes the standby. It checks that
// reads and writes resume within 30 s, that every write a user saw succeed is there exactly once
// with its audit row, that a write reported failed is there at most once (it landed whole or not
// at all), and that the audit log lost nothing it held before the crash.
func TestFailover(t *testing.T) {
	dsn := os.Getenv("PACER_FAILOVER_URL")
	if dsn == "" {
		t.Fatal("run through scripts/failover.sh (PACER_FAILOVER_URL, PACER_FAILOVER_KILL, PACER_FAILOVER_PROMOTE)")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	demoStore(t, st)
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	base := serve(t, &web.Server{Services: app.Services(st), HomeRegion: demo.Region, HomePeriod: demo.Period, Log: quiet})

	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var focus int64
	if err := db.QueryRow(`SELECT id FROM focus_points WHERE region_code = $1 ORDER BY id LIMIT 1`, demo.Region).Scan(&focus); err != nil {
		t.Fatal(err)
	}

	type write struct {
		text string
		ok   bool
	}
	var (
		mu       sync.Mutex
		writes   []write
		lastOK   atomic.Int64 // unix nanos of the latest successful write
		lastRead atomic.Int64 // … and read
		killedAt atomic.Int64 // unix nanos of the kill
		upWrite  atomic.Int64 // unix nanos of the first successful write after the kill
		upRead   atomic.Int64 // … and read
		stop     = make(chan struct{})
		wg       sync.WaitGroup
		readErrs atomic.Int64
	)
	for w := 0; w < 4; w++ {
		c := login(t, base, "demo-analyst", demoPassword)
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				text := fmt.Sprintf("failover-w%d-%d", w, n)
				form := url.Values{"focus_id": {fmt.Sprint(focus)}, "text": {text}, "csrf": {c.csrf}}
				req, _ := http.NewRequest(http.MethodPost, base+"/goaltree/measures", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				started := time.Now().UnixNano()
				res, err := c.hc.Do(req)
				// Success is the redirect back to the goal tree; /login would mean the server took
				// the user for signed out (it must answer 503 when it cannot look the session up).
				ok := err == nil && res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/goaltree")
				if err == nil && res.StatusCode == http.StatusSeeOther && !ok {
					t.Errorf("write %s redirected to %s", text, res.Header.Get("Location"))
				}
				if res != nil {
					res.Body.Close()
				}
				mu.Lock()
				writes = append(writes, write{text, ok})
				mu.Unlock()
				if ok {
					now := time.Now().UnixNano()
					lastOK.Store(now)
					if k := killedAt.Load(); k != 0 && started > k {
						upWrite.CompareAndSwap(0, now)
					}
				} else {
					time.Sleep(100 * time.Millisecond)
				}
			}
		}(w)
	}
	for r := 0; r < 4; r++ {
		c := login(t, base, "demo-leader", demoPassword)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				started := time.Now().UnixNano()
				res, err := c.hc.Get(base + "/dashboard")
				if err == nil && res.StatusCode == 200 {
					now := time.Now().UnixNano()
					lastRead.Store(now)
					if k := killedAt.Load(); k != 0 && started > k {
						upRead.CompareAndSwap(0, now)
					}
				} else {
					readErrs.Add(1)
					time.Sleep(100 * time.Millisecond)
				}
				if res != nil {
					res.Body.Close()
				}
			}
		}()
	}

	time.Sleep(3 * time.Second)
	var auditBefore int64
	if err := db.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&auditBefore); err != nil {
		t.Fatal(err)
	}
	var auditRowsBefore int64
	db.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE id <= $1`, auditBefore).Scan(&auditRowsBefore)
	mu.Lock()
	before := len(writes)
	mu.Unlock()
	if before == 0 || lastRead.Load() == 0 {
		t.Fatalf("no load before the kill: %d writes, reads %v", before, lastRead.Load() != 0)
	}

	killed := time.Now()
	killedAt.Store(killed.UnixNano())
	run(t, os.Getenv("PACER_FAILOVER_KILL"))
	t.Logf("primary killed after %d writes", before)
	time.Sleep(2 * time.Second) // the time a failover manager takes to decide
	run(t, os.Getenv("PACER_FAILOVER_PROMOTE"))
	t.Logf("standby promoted %.1f s after the kill", time.Since(killed).Seconds())

	deadline := killed.Add(30 * time.Second)
	for time.Now().Before(deadline) && (upWrite.Load() == 0 || upRead.Load() == 0) {
		time.Sleep(50 * time.Millisecond)
	}
	if upWrite.Load() == 0 || upRead.Load() == 0 {
		close(stop)
		wg.Wait()
		t.Fatalf("service did not resume within 30 s of the kill (writes %v, reads %v)", upWrite.Load() != 0, upRead.Load() != 0)
	}
	resumedWrite, resumedRead := time.Unix(0, upWrite.Load()), time.Unix(0, upRead.Load())
	time.Sleep(2 * time.Second) // some load on the new primary
	close(stop)
	wg.Wait()

	t.Logf("writes: %d (%d before the kill); read errors during the outage: %d", len(writes), before, readErrs.Load())

	// Check on the new primary (the multi-host URL finds it).
	counts, audited := map[string]int{}, map[string]int{}
	rows, err := db.Query(`SELECT m.text, (SELECT COUNT(*) FROM audit_log a WHERE a.action = 'measure.create'
		AND a.object = 'measure:' || m.id) FROM measures m WHERE m.text LIKE 'failover-%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var text string
		var n int
		if err := rows.Scan(&text, &n); err != nil {
			t.Fatal(err)
		}
		counts[text]++
		audited[text] += n
	}
	rows.Close()
	var acked, failed, landedAfterFailure int
	for _, w := range writes {
		switch n := counts[w.text]; {
		case w.ok && n != 1:
			t.Errorf("acknowledged write %s is there %d times, want once", w.text, n)
		case !w.ok && n > 1:
			t.Errorf("failed write %s is there %d times, want at most once", w.text, n)
		case !w.ok && n == 1:
			landedAfterFailure++
		}
		if w.ok {
			acked++
		} else {
			failed++
		}
		if counts[w.text] == 1 && audited[w.text] != 1 {
			t.Errorf("write %s: %d audit rows, want 1 (in the same transaction)", w.text, audited[w.text])
		}
	}
	var auditRowsAfter int64
	db.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE id <= $1`, auditBefore).Scan(&auditRowsAfter)
	if auditRowsAfter != auditRowsBefore {
		t.Errorf("audit rows up to id %d: %d before the kill, %d after the failover", auditBefore, auditRowsBefore, auditRowsAfter)
	}
	t.Logf("acknowledged writes %d (each there once unless an error says otherwise); failed writes %d (%d of them landed whole: the commit reached both servers, its answer did not)", acked, failed, landedAfterFailure)
	t.Logf("service resumed: writes %.1f s, reads %.1f s after the kill (goal: within 30 s)",
		resumedWrite.Sub(killed).Seconds(), resumedRead.Sub(killed).Seconds())
}

// run runs a shell command line, failing the test if it fails.
func run(t *testing.T, cmd string) {
	t.Helper()
	if cmd == "" {
		t.Fatal("no command")
	}
	out, err := exec.Command("sh", "-c", cmd).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
}
