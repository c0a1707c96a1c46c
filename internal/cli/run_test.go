package cli_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// TestRunJob: `pacer run outbox` drains the outbox once, by hand — the receiver gets the queued
// message with its key — and the run is in the scheduler's record as manual@…; without a job
// name the command lists the jobs; an unknown job is refused with the list.
func TestRunJob(t *testing.T) {
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) {
			dsn := db.make(t)
			var mu sync.Mutex
			var keys []string
			hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				keys = append(keys, r.Header.Get("Idempotency-Key"))
				mu.Unlock()
				w.WriteHeader(http.StatusNoContent)
			}))
			defer hook.Close()
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			who := store.Who{Username: "ana", Role: domain.RoleAnalyst}
			if err := s.CreateUnit(ctx, who, domain.Unit{Code: "440784-swj", Name: "鹤山市商务局", RegionCode: "440784", Kind: "department"}, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := s.AddSubscription(ctx, who, domain.Subscription{UnitCode: "440784-swj", EventKind: "*", Channel: "webhook", Target: hook.URL}); err != nil {
				t.Fatal(err)
			}
			if n, err := s.Enqueue(ctx, who, domain.Event{Kind: "test", UnitCode: "440784-swj", Subject: "测试"}); err != nil || n != 1 {
				t.Fatal(n, err)
			}
			s.Close()

			if r := run(t, nil, "run", "--db", dsn, "outbox"); r.code != 0 || !strings.Contains(r.stdout, "任务 outbox 已运行完毕") {
				t.Fatalf("pacer run outbox: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			mu.Lock()
			got := append([]string(nil), keys...)
			mu.Unlock()
			if len(got) != 1 || !strings.HasPrefix(got[0], "pacer-") {
				t.Errorf("receiver: got keys %v, want one", got)
			}
			s, err = store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			runs, _ := s.JobRuns(ctx, "outbox", 5)
			if len(runs) != 1 || !strings.HasPrefix(runs[0].Slot, "manual@") || runs[0].Outcome != "ok" {
				t.Errorf("record: %+v", runs)
			}
			if r := run(t, nil, "run", "--db", dsn); r.code != 2 || !strings.Contains(r.stderr, "outbox") {
				t.Errorf("pacer run without a job: exit %d\n%s", r.code, r.stderr)
			}
			if r := run(t, nil, "run", "--db", dsn, "nope"); r.code != 1 || !strings.Contains(r.stderr, "没有名为「nope」的定时任务") {
				t.Errorf("pacer run nope: exit %d\n%s", r.code, r.stderr)
			}
		})
	}
}
