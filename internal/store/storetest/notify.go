package storetest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// notifyUnit creates the unit the notification tests subscribe for.
func notifyUnit(t *testing.T, s *store.Store) store.Who {
	t.Helper()
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	if err := s.CreateUnit(ctx, ana, domain.Unit{Code: "440784-swj", Name: "鹤山市商务局", RegionCode: "440784", Kind: "department"}, nil); err != nil {
		t.Fatal(err)
	}
	return ana
}

// testNotifySubscriptions: subscriptions added (audited without their secret), listed per unit,
// removed; an unknown unit refused.
func testNotifySubscriptions(t *testing.T, s *store.Store) {
	ana := notifyUnit(t, s)
	sub, err := s.AddSubscription(ctx, ana, domain.Subscription{UnitCode: "440784-swj", EventKind: "followup.overdue",
		Channel: domain.ChannelDingTalk, Target: "https://oapi.dingtalk.com/robot/send?access_token=x", Secret: "SECabc"})
	if err != nil || sub.ID == 0 {
		t.Fatalf("add: got %+v, %v", sub, err)
	}
	if _, err := s.AddSubscription(ctx, ana, domain.Subscription{UnitCode: "no-such", EventKind: "*", Channel: "webhook", Target: "http://x"}); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown unit: got %v, want not_found", err)
	}
	got, err := s.Subscriptions(ctx, "440784-swj")
	if err != nil || len(got) != 1 || got[0].Secret != "SECabc" || got[0].CreatedBy != "ana" {
		t.Fatalf("list: got %+v, %v", got, err)
	}
	audits, _ := s.AuditLog(ctx, 5)
	if audits[0].Action != "notify.subscribe" || !strings.Contains(audits[0].NewValue, "access_token=***") ||
		strings.Contains(audits[0].NewValue, "SECabc") || strings.Contains(audits[0].NewValue, "access_token=x") {
		t.Errorf("audit: got %+v, want notify.subscribe without the secret or the token", audits[0])
	}
	if all, _ := s.Subscriptions(ctx, ""); len(all) != 1 {
		t.Errorf("every unit's: got %d, want 1", len(all))
	}
	if err := s.RemoveSubscription(ctx, ana, sub.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveSubscription(ctx, ana, sub.ID); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("remove again: got %v, want not_found", err)
	}
	if got, _ := s.Subscriptions(ctx, "440784-swj"); len(got) != 0 {
		t.Errorf("after removal: got %+v", got)
	}
}

// testOutbox: an event queues one message per matching subscription with a key of its own;
// claims lease, skip what is leased, count attempts; sent, failed (retried later), dead, retried.
func testOutbox(t *testing.T, s *store.Store) {
	ana := notifyUnit(t, s)
	for _, sub := range []domain.Subscription{
		{UnitCode: "440784-swj", EventKind: "followup.overdue", Channel: "webhook", Target: "http://127.0.0.1:1/a"},
		{UnitCode: "440784-swj", EventKind: "*", Channel: "webhook", Target: "http://127.0.0.1:1/b"},
		{UnitCode: "440784-swj", EventKind: "data.late", Channel: "email", Target: "a@example.cn"},
	} {
		if _, err := s.AddSubscription(ctx, ana, sub); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.Enqueue(ctx, ana, domain.Event{Kind: "followup.overdue", UnitCode: "440784-swj", Subject: "督办逾期", Text: "事项已逾期",
		Data: map[string]any{"id": 7}})
	if err != nil || n != 2 {
		t.Fatalf("enqueue: got %d, %v; want 2 messages (the kind's and the every-kind subscription)", n, err)
	}
	if n, err := s.Enqueue(ctx, ana, domain.Event{Kind: "x", UnitCode: "440781-none", Subject: "s"}); err != nil || n != 0 {
		t.Errorf("nobody subscribed: got %d, %v", n, err)
	}
	// All or nothing: the second event cannot be written (its data is no JSON), so neither is.
	audits, _ := s.AuditLog(ctx, 100)
	if _, err := s.Enqueue(ctx, ana, domain.Event{Kind: "followup.overdue", UnitCode: "440784-swj", Subject: "a"},
		domain.Event{Kind: "followup.overdue", UnitCode: "440784-swj", Subject: "b", Data: map[string]any{"f": func() {}}}); err == nil {
		t.Error("an event that cannot be encoded: got no error")
	}
	if all, _ := s.OutboxMessages(ctx, "", 10); len(all) != 2 {
		t.Errorf("after a failed enqueue: %d messages, want the 2 before it", len(all))
	}
	if after, _ := s.AuditLog(ctx, 100); len(after) != len(audits) {
		t.Errorf("after a failed enqueue: %d audit rows, want %d", len(after), len(audits))
	}
	t0 := time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)
	st, err := s.OutboxStats(ctx, t0)
	if err != nil || st.Pending != 2 || st.Due != 2 {
		t.Fatalf("stats: got %+v, %v", st, err)
	}
	msgs, err := s.ClaimOutbox(ctx, "d1", "webhook", t0, t0.Add(time.Minute), 1)
	if err != nil || len(msgs) != 1 || msgs[0].Attempts != 1 || msgs[0].IdempotencyKey == "" || msgs[0].Subject != "督办逾期" {
		t.Fatalf("claim one: got %+v, %v", msgs, err)
	}
	first := msgs[0]
	// Two claimants at once never share a message.
	var wg sync.WaitGroup
	got := make([][]domain.OutboxMessage, 2)
	for i := range 2 {
		wg.Go(func() {
			m, err := s.ClaimOutbox(ctx, "racer", "webhook", t0, t0.Add(time.Minute), 10)
			if err != nil {
				t.Error(err)
			}
			got[i] = m
		})
	}
	wg.Wait()
	if len(got[0])+len(got[1]) != 1 {
		t.Fatalf("racing claims: got %d and %d messages, want 1 between them", len(got[0]), len(got[1]))
	}
	second := append(got[0], got[1]...)[0]
	if second.IdempotencyKey == first.IdempotencyKey || second.ID == first.ID {
		t.Errorf("two messages share a key: %+v %+v", first, second)
	}
	if m, _ := s.ClaimOutbox(ctx, "d2", "webhook", t0.Add(30*time.Second), t0.Add(time.Hour), 10); len(m) != 0 {
		t.Errorf("claimed under a live lease: %+v", m)
	}
	// The lease ran out: the first is claimed again, same key, second attempt.
	again, err := s.ClaimOutbox(ctx, "d2", "webhook", t0.Add(time.Minute), t0.Add(2*time.Minute), 1)
	if err != nil || len(again) != 1 || again[0].ID != first.ID || again[0].IdempotencyKey != first.IdempotencyKey || again[0].Attempts != 2 {
		t.Fatalf("after the lease: got %+v, %v", again, err)
	}
	if ok, err := s.MarkOutboxFailed(ctx, "d1", first.ID, "late", t0, false); err != nil || ok {
		t.Errorf("a failure marked by a deliverer that lost the lease: got %t, %v", ok, err)
	}
	if ok, err := s.MarkOutboxFailed(ctx, "d2", first.ID, "HTTP 500", t0.Add(10*time.Minute), false); err != nil || !ok {
		t.Fatalf("mark failed: %t, %v", ok, err)
	}
	if m, _ := s.ClaimOutbox(ctx, "d2", "webhook", t0.Add(5*time.Minute), t0.Add(6*time.Minute), 10); len(m) != 1 || m[0].ID != second.ID {
		t.Errorf("before the retry is due: got %+v, want only the other message (its lease ran out)", m)
	}
	if n, err := s.MarkOutboxSent(ctx, []int64{second.ID}, t0.Add(5*time.Minute)); err != nil || n != 1 {
		t.Fatalf("mark sent: %d, %v", n, err)
	}
	if n, _ := s.MarkOutboxSent(ctx, []int64{second.ID}, t0.Add(5*time.Minute)); n != 0 {
		t.Errorf("marked sent twice")
	}
	if n, _ := s.MarkOutboxSent(ctx, nil, t0); n != 0 {
		t.Errorf("nothing to mark: got %d", n)
	}
	m, _ := s.ClaimOutbox(ctx, "d3", "webhook", t0.Add(10*time.Minute), t0.Add(11*time.Minute), 10)
	if len(m) != 1 || m[0].ID != first.ID || m[0].LastError != "HTTP 500" || m[0].Attempts != 3 {
		t.Fatalf("retry due: got %+v", m)
	}
	if ok, err := s.MarkOutboxFailed(ctx, "d3", first.ID, "HTTP 500", t0.Add(time.Hour), true); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if m, _ := s.ClaimOutbox(ctx, "d3", "webhook", t0.Add(2*time.Hour), t0.Add(3*time.Hour), 10); len(m) != 0 {
		t.Errorf("a dead message claimed: %+v", m)
	}
	st, _ = s.OutboxStats(ctx, t0.Add(2*time.Hour))
	if st != (domain.OutboxStats{Sent: 1, Dead: 1}) {
		t.Errorf("stats: got %+v, want 1 sent 1 dead", st)
	}
	dead, err := s.OutboxMessages(ctx, domain.OutboxDead, 10)
	if err != nil || len(dead) != 1 || dead[0].ID != first.ID {
		t.Fatalf("dead letters: %+v, %v", dead, err)
	}
	if all, _ := s.OutboxMessages(ctx, "", 10); len(all) != 2 || all[0].ID != second.ID || all[0].SentAt == nil || all[1].SentAt != nil {
		t.Errorf("every message newest first: got %+v", all)
	}
	if n, err := s.PruneOutbox(ctx, t0.Add(5*time.Minute)); err != nil || n != 0 {
		t.Errorf("prune before the send: %d, %v", n, err)
	}
	if err := s.RetryOutbox(ctx, ana, first.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RetryOutbox(ctx, ana, second.ID); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("retry a sent message: got %v, want not_found", err)
	}
	m, _ = s.ClaimOutbox(ctx, "d4", "webhook", s.Now().Add(time.Second), s.Now().Add(time.Minute), 10)
	if len(m) != 1 || m[0].Attempts != 1 || m[0].IdempotencyKey != first.IdempotencyKey {
		t.Errorf("after retry: got %+v", m)
	}
	// Pruning removes sent messages sent before the time given, nothing pending or dead.
	if n, err := s.PruneOutbox(ctx, t0.Add(6*time.Minute)); err != nil || n != 1 {
		t.Errorf("prune: %d, %v; want the one sent", n, err)
	}
	if all, _ := s.OutboxMessages(ctx, "", 10); len(all) != 1 || all[0].ID != first.ID {
		t.Errorf("after prune: %+v", all)
	}
}

// testJobRuns: a slot is claimed once, by one of two racing claimants; finished with its outcome;
// a claim never finished is taken over only once it is stale; old runs pruned.
func testJobRuns(t *testing.T, s *store.Store) {
	t0 := time.Date(2030, 1, 7, 8, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	won := make([]bool, 4)
	for i := range won {
		wg.Go(func() {
			ok, err := s.ClaimJobSlot(ctx, "weekly_agenda", "2030-W02", "p"+string(rune('a'+i)), t0, t0.Add(-time.Hour))
			if err != nil {
				t.Error(err)
			}
			won[i] = ok
		})
	}
	wg.Wait()
	winner := -1
	for i, ok := range won {
		if ok {
			if winner >= 0 {
				t.Fatalf("two claimants won the slot: %v", won)
			}
			winner = i
		}
	}
	if winner < 0 {
		t.Fatal("nobody won the slot")
	}
	owner := "p" + string(rune('a'+winner))
	if ok, _ := s.ClaimJobSlot(ctx, "weekly_agenda", "2030-W02", "late", t0.Add(time.Minute), t0.Add(-time.Hour)); ok {
		t.Error("a running slot claimed again before it is stale")
	}
	if ok, err := s.FinishJobSlot(ctx, "weekly_agenda", "2030-W02", "other", "ok", t0); err != nil || ok {
		t.Errorf("finished by a non-owner: %t, %v", ok, err)
	}
	if ok, err := s.FinishJobSlot(ctx, "weekly_agenda", "2030-W02", owner, "ok", t0.Add(time.Minute)); err != nil || !ok {
		t.Fatalf("finish: %t, %v", ok, err)
	}
	if ok, _ := s.ClaimJobSlot(ctx, "weekly_agenda", "2030-W02", "late", t0.Add(48*time.Hour), t0.Add(47*time.Hour)); ok {
		t.Error("a finished slot claimed again")
	}
	// A claim whose process died: taken over once stale.
	if ok, _ := s.ClaimJobSlot(ctx, "snapshot", "2030-01-15", "dead", t0, t0); !ok {
		t.Fatal("fresh slot not claimed")
	}
	if ok, _ := s.ClaimJobSlot(ctx, "snapshot", "2030-01-15", "next", t0.Add(time.Minute), t0.Add(-time.Hour)); ok {
		t.Error("taken over while not stale")
	}
	if ok, _ := s.ClaimJobSlot(ctx, "snapshot", "2030-01-15", "next", t0.Add(3*time.Hour), t0.Add(time.Hour)); !ok {
		t.Error("a stale claim not taken over")
	}
	runs, err := s.JobRuns(ctx, "", 10)
	if err != nil || len(runs) != 2 || runs[0].Job != "snapshot" || runs[0].ClaimedBy != "next" || runs[0].Attempts != 2 || runs[0].FinishedAt != nil {
		t.Fatalf("runs: got %+v, %v", runs, err)
	}
	if r, _ := s.JobRuns(ctx, "weekly_agenda", 10); len(r) != 1 || r[0].Outcome != "ok" || r[0].FinishedAt == nil || r[0].ClaimedBy != owner {
		t.Errorf("weekly_agenda runs: %+v", r)
	}
	if n, err := s.PruneJobRuns(ctx, t0.Add(24*time.Hour)); err != nil || n != 1 {
		t.Errorf("prune: got %d, %v; want the finished run only", n, err)
	}
	if r, _ := s.JobRuns(ctx, "", 10); len(r) != 1 || r[0].Job != "snapshot" {
		t.Errorf("after prune: %+v", r)
	}
}

// notifyTimestamps writes every time column of the notification tables, for testTimestamps.
func notifyTimestamps(t *testing.T, s *store.Store, by store.Who, unit string) {
	t.Helper()
	for _, target := range []string{"http://127.0.0.1:1/a", "http://127.0.0.1:1/b"} {
		if _, err := s.AddSubscription(ctx, by, domain.Subscription{UnitCode: unit, EventKind: "*", Channel: "webhook", Target: target}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Enqueue(ctx, by, domain.Event{Kind: "test", UnitCode: unit, Subject: "s"}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	msgs, err := s.ClaimOutbox(ctx, "d", "webhook", now, now.Add(time.Hour), 10)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("claim: %+v, %v", msgs, err)
	}
	if _, err := s.MarkOutboxSent(ctx, []int64{msgs[0].ID}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClaimJobSlot(ctx, "j", "1", "o", now, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FinishJobSlot(ctx, "j", "1", "o", "ok", now); err != nil {
		t.Fatal(err)
	}
}
