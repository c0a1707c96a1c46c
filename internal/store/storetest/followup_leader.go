package storetest

import (
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testFollowUpLeader: a follow-up's leader in charge stored and changed; the notices a change
// raises written with it, to the owner unit's subscribers and to the leader's own subscription
// (none to a disabled account's); an overdue episode escalated once per deadline.
func testFollowUpLeader(t *testing.T, s *store.Store) {
	ana := cadenceUnits(t, s)
	for _, name := range []string{"lead1", "lead2"} {
		if _, err := s.CreateUser(ctx, ana, domain.User{Username: name, DisplayName: name + "副县长", Role: domain.RoleLeader,
			PasswordHash: "x", Lang: "zh-CN"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, sub := range []domain.Subscription{
		{UnitCode: "440784-swj", EventKind: "*", Channel: "webhook", Target: "http://127.0.0.1:1/unit"},
		{Username: "lead1", EventKind: domain.NoticeFollowUpOverdue, Channel: "webhook", Target: "http://127.0.0.1:1/lead1"},
		{Username: "lead2", EventKind: "*", Channel: "email", Target: "lead2@example.cn"},
	} {
		if _, err := s.AddSubscription(ctx, ana, sub); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddSubscription(ctx, ana, domain.Subscription{Username: "nobody", EventKind: "*", Channel: "webhook", Target: "http://x"}); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("subscription of an unknown account: got %v, want not_found", err)
	}
	if all, _ := s.Subscriptions(ctx, ""); len(all) != 3 || all[1].Username == "" && all[2].Username == "" {
		t.Errorf("every subscription: got %+v, want 3 with the accounts'", all)
	}
	notice := func(f domain.FollowUp) []domain.Event {
		return []domain.Event{{Kind: domain.NoticeFollowUpAssigned, UnitCode: f.OwnerUnit, Accounts: []string{f.Leader}, Subject: "新督办",
			Data: map[string]any{"followup": f.ID}}}
	}
	f, err := s.CreateFollowUp(ctx, ana, domain.FollowUp{RegionCode: "440784", Title: "项目开工", OwnerUnit: "440784-swj",
		Deadline: "2023-08-01", Leader: "lead1"}, notice)
	if err != nil {
		t.Fatal(err)
	}
	// assigned: the unit's "*" subscription; lead1 subscribes to overdue only.
	msgs, _ := s.OutboxMessages(ctx, "", 10)
	if len(msgs) != 1 || msgs[0].EventKind != domain.NoticeFollowUpAssigned || msgs[0].Username != "" ||
		!strings.Contains(msgs[0].Body, `"followup":`+itoa(f.ID)) {
		t.Fatalf("after create: got %+v, want one followup.assigned to the unit naming the follow-up", msgs)
	}
	got, err := s.FollowUp(ctx, f.ID)
	if err != nil || got.Leader != "lead1" || got.EscalatedDeadline != "" {
		t.Fatalf("read back: got %+v, %v", got, err)
	}
	// Escalation: once per deadline.
	ev := domain.Event{Kind: domain.NoticeFollowUpOverdue, UnitCode: "440784-swj", Accounts: []string{"lead1"}, Subject: "逾期"}
	if ok, err := s.EscalateFollowUp(ctx, ana, f.ID, "2023-08-01", ev); err != nil || !ok {
		t.Fatalf("escalate: got %t, %v; want true", ok, err)
	}
	msgs, _ = s.OutboxMessages(ctx, "", 10)
	if len(msgs) != 3 || msgs[0].Username != "lead1" && msgs[1].Username != "lead1" {
		t.Fatalf("after escalating: got %+v, want the unit's and lead1's", msgs)
	}
	for _, m := range msgs[:2] {
		if m.Username == "lead1" && (m.Target != "http://127.0.0.1:1/lead1" || m.UnitCode != "440784-swj") {
			t.Errorf("lead1's message: got %+v", m)
		}
	}
	if ok, err := s.EscalateFollowUp(ctx, ana, f.ID, "2023-08-01", ev); err != nil || ok {
		t.Errorf("escalate again: got %t, %v; want false", ok, err)
	}
	if ok, _ := s.EscalateFollowUp(ctx, ana, f.ID, "2023-07-01", ev); ok {
		t.Error("escalate a deadline the follow-up does not have: got true")
	}
	if n, _ := s.OutboxMessages(ctx, "", 10); len(n) != 3 {
		t.Errorf("after refused escalations: %d messages, want still 3", len(n))
	}
	// A new leader, and an extension: a new deadline is a new episode.
	got, _ = s.FollowUp(ctx, f.ID)
	if got.EscalatedDeadline != "2023-08-01" {
		t.Errorf("escalated deadline: got %q", got.EscalatedDeadline)
	}
	prev := got.Version
	lev, err := got.AssignLeader("lead2")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateFollowUp(ctx, ana, prev, got, lev, domain.Event{Kind: domain.NoticeFollowUpAssigned, UnitCode: "440784-swj",
		Accounts: []string{"lead2"}, Subject: "改派"}); err != nil {
		t.Fatal(err)
	}
	if msgs, _ = s.OutboxMessages(ctx, "", 10); len(msgs) != 5 {
		t.Errorf("after naming lead2: %d messages, want 5 (the unit's and lead2's)", len(msgs))
	}
	got, _ = s.FollowUp(ctx, f.ID)
	if got.Leader != "lead2" {
		t.Errorf("leader: got %q, want lead2", got.Leader)
	}
	got.Deadline = "2023-09-01"
	prev = got.Version
	if err := s.UpdateFollowUp(ctx, ana, prev, got, domain.FollowUpEvent{Kind: domain.EventExtensionGrant, Deadline: "2023-09-01"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetUserDisabled(ctx, ana, "lead2", true); err != nil {
		t.Fatal(err)
	}
	ev.Accounts = []string{"lead2"}
	if ok, err := s.EscalateFollowUp(ctx, ana, f.ID, "2023-09-01", ev); err != nil || !ok {
		t.Fatalf("escalate the new deadline: got %t, %v; want true", ok, err)
	}
	if msgs, _ = s.OutboxMessages(ctx, "", 10); len(msgs) != 6 || msgs[0].Username != "" {
		t.Errorf("after the second episode: %d messages (latest %+v), want 6: the unit's only, lead2 disabled", len(msgs), msgs[0])
	}
	audits, _ := s.AuditLog(ctx, 3)
	if audits[0].Action != "notify.enqueue" || audits[1].Action != "followup.escalate" {
		t.Errorf("audit: got %s, %s; want notify.enqueue after followup.escalate", audits[0].Action, audits[1].Action)
	}
}

func itoa(n int64) string {
	b := []byte{}
	if n == 0 {
		return "0"
	}
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
