package storetest

import (
	"slices"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testAuditSearch: audit events on their own; a search by part of the actor, by an action or its
// prefix, by time, a page of it and the total; the distinct actions.
func testAuditSearch(t *testing.T, s *store.Store) {
	start := time.Now().Add(-time.Second)
	for _, e := range []struct {
		who                     store.Who
		action, object, outcome string
	}{
		{store.Who{Username: "demo-analyst", Role: domain.RoleAnalyst, IP: "10.0.0.1"}, "target.create", "target:1", "ok"},
		{store.Who{Username: "demo-analyst", Role: domain.RoleAnalyst}, "target.revise", "target:1", "ok"},
		{store.Who{Username: "mallory"}, "auth.login_failed", "user:mallory", "failure"},
		{store.Who{Username: "demo-analyst", Role: domain.RoleAnalyst}, "targets", "x", "ok"},
	} {
		if err := s.AuditEvent(ctx, e.who, e.action, e.object, e.outcome); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name  string
		q     store.AuditQuery
		total int
		want  []string // actions, newest first
	}{
		{"actor part, any case", store.AuditQuery{Actor: "DEMO-ANA"}, 3, []string{"targets", "target.revise", "target.create"}},
		{"action prefix", store.AuditQuery{Action: "target"}, 2, []string{"target.revise", "target.create"}},
		{"one action", store.AuditQuery{Action: "auth.login_failed"}, 1, []string{"auth.login_failed"}},
		{"a page", store.AuditQuery{Limit: 2, Offset: 1}, 4, []string{"auth.login_failed", "target.revise"}},
		{"from now on", store.AuditQuery{From: start}, 4, []string{"targets", "auth.login_failed", "target.revise", "target.create"}},
		{"before the start", store.AuditQuery{Before: start}, 0, nil},
		{"a LIKE wildcard is literal", store.AuditQuery{Actor: "%"}, 0, nil},
	} {
		got, total, err := s.SearchAudit(ctx, tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var actions []string
		for _, e := range got {
			actions = append(actions, e.Action)
		}
		if total != tc.total || !slices.Equal(actions, tc.want) {
			t.Errorf("%s: got %v of %d, want %v of %d", tc.name, actions, total, tc.want, tc.total)
		}
	}
	got, _, _ := s.SearchAudit(ctx, store.AuditQuery{Action: "auth"})
	if len(got) != 1 || got[0].Actor != "mallory" || got[0].Outcome != "failure" || got[0].Object != "user:mallory" {
		t.Errorf("event: got %+v, want mallory's failed login", got)
	}
	actions, err := s.AuditActions(ctx)
	if err != nil || !slices.Equal(actions, []string{"auth.login_failed", "target.create", "target.revise", "targets"}) {
		t.Errorf("actions: got %v, %v", actions, err)
	}
}
