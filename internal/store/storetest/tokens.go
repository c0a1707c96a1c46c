package storetest

import (
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// testAPITokens: a token is found by its secret (only its hash is stored) with its account,
// revoked or expired or not; listed per account or for all; its last use and revocation are
// recorded, revocation once; creation and revocation are audited.
func testAPITokens(t *testing.T, s *store.Store) {
	bot, err := s.CreateUser(ctx, sysadmin, domain.User{Username: "bot", Role: domain.RoleLeader, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	ana, err := s.CreateUser(ctx, sysadmin, domain.User{Username: "ana", Role: domain.RoleAnalyst, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	expires := time.Now().Add(48 * time.Hour).Truncate(time.Second)
	dash, err := s.CreateAPIToken(ctx, sysadmin, bot, "dashboard", "secret-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAPIToken(ctx, sysadmin, bot, "report", "secret-2", &expires); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAPIToken(ctx, sysadmin, ana, "sync", "secret-3", nil); err != nil {
		t.Fatal(err)
	}
	if log, _ := s.AuditLog(ctx, 5); log[0].Action != "api_token.create" || log[0].Object != "user:ana" {
		t.Errorf("audit: got %+v, want api_token.create of ana's token", log[0])
	}
	tok, u, err := s.APIToken(ctx, "secret-2")
	if err != nil || u.ID != bot.ID || u.Role != domain.RoleLeader || tok.Label != "report" || tok.ExpiresAt == nil ||
		!tok.ExpiresAt.Equal(expires) || tok.LastUsedAt != nil || tok.Revoked {
		t.Errorf("by token: got %+v of %+v, %v; want bot's report token expiring %v, unused", tok, u, err, expires)
	}
	if rows, err := rawOf(t, s).RowsForTest(ctx, `SELECT COUNT(*) FROM api_tokens WHERE token_hash LIKE 'secret%'`); err != nil || rows[0][0] != int64(0) {
		t.Errorf("the token itself stored: got %v, %v; want only its hash", rows, err)
	}
	if _, _, err := s.APIToken(ctx, "secret-9"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown token: got %v, want not_found", err)
	}
	if _, err := s.CreateAPIToken(ctx, sysadmin, bot, "again", "secret-1", nil); err == nil {
		t.Error("the same token twice: got no error, want a refusal")
	}
	for _, tc := range []struct {
		user int64
		want []string
	}{
		{0, []string{"sync", "report", "dashboard"}}, // ana's, then bot's newest first
		{bot.ID, []string{"report", "dashboard"}},
		{ana.ID, []string{"sync"}},
	} {
		list, err := s.APITokens(ctx, tc.user)
		var got []string
		for _, tk := range list {
			got = append(got, tk.Label)
		}
		if err != nil || len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) || got[len(got)-1] != tc.want[len(tc.want)-1] {
			t.Errorf("tokens of %d: got %v, %v; want %v", tc.user, got, err, tc.want)
		}
	}
	used := time.Now().Truncate(time.Second)
	if err := s.TouchAPIToken(ctx, dash.ID, used); err != nil {
		t.Fatal(err)
	}
	if got, err := s.APITokenByID(ctx, dash.ID); err != nil || got.LastUsedAt == nil || !got.LastUsedAt.Equal(used) || got.Username != "bot" {
		t.Errorf("after a use: got %+v, %v; want last used %v", got, err, used)
	}
	if _, err := s.APITokenByID(ctx, 999999); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown id: got %v, want not_found", err)
	}
	if err := s.RevokeAPIToken(ctx, sysadmin, dash); err != nil {
		t.Fatal(err)
	}
	if got, _, err := s.APIToken(ctx, "secret-1"); err != nil || !got.Revoked || got.RevokedAt == nil {
		t.Errorf("after revoking: got %+v, %v; want it found, revoked, with the time", got, err)
	}
	if err := s.RevokeAPIToken(ctx, sysadmin, dash); domain.ErrorKind(err) != domain.ECONFLICT {
		t.Errorf("revoking twice: got %v, want conflict", err)
	}
	if log, _ := s.AuditLog(ctx, 5); log[0].Action != "api_token.revoke" || log[0].Object != "user:bot" || log[0].NewValue != "revoked" {
		t.Errorf("audit: got %+v, want api_token.revoke of bot's token", log[0])
	}
}

// testSecondFactor: a second factor waits for its first code, is enrolled once with its
// recovery codes (hashes), takes each time step once and each recovery code once, and can be
// removed; enrolment, recovery codes and removal are audited.
func testSecondFactor(t *testing.T, s *store.Store) {
	u, err := s.CreateUser(ctx, sysadmin, domain.User{Username: "ana", Role: domain.RoleAnalyst, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SecondFactor(ctx, u.ID); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("none yet: got %v, want not_found", err)
	}
	if err := s.StartSecondFactor(ctx, u, "sealed-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.StartSecondFactor(ctx, u, "sealed-2"); err != nil {
		t.Fatalf("starting again while waiting: %v", err)
	}
	f, left, err := s.SecondFactor(ctx, u.ID)
	if err != nil || f.Sealed != "sealed-2" || f.Enrolled() || left != 0 {
		t.Errorf("waiting: got %+v, %d, %v; want sealed-2, not enrolled", f, left, err)
	}
	if ok, err := s.TakeSecondFactorStep(ctx, u.ID, 100); err != nil || ok {
		t.Errorf("a step before enrolment: got %t, %v; want false", ok, err)
	}
	ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
	if err := s.EnrolSecondFactor(ctx, ana, u, 100, []string{"h1", "h2"}); err != nil {
		t.Fatal(err)
	}
	if err := s.EnrolSecondFactor(ctx, ana, u, 101, []string{"h3"}); domain.ErrorKind(err) != domain.ECONFLICT {
		t.Errorf("enrolling twice: got %v, want conflict", err)
	}
	if err := s.StartSecondFactor(ctx, u, "sealed-3"); domain.ErrorKind(err) != domain.ECONFLICT {
		t.Errorf("starting over an enrolled one: got %v, want conflict", err)
	}
	f, left, err = s.SecondFactor(ctx, u.ID)
	if err != nil || !f.Enrolled() || f.LastStep != 100 || left != 2 || f.Sealed != "sealed-2" {
		t.Errorf("enrolled: got %+v, %d, %v; want enrolled at step 100 with 2 recovery codes", f, left, err)
	}
	for _, tc := range []struct {
		step int64
		want bool
	}{{100, false}, {99, false}, {101, true}, {101, false}, {103, true}, {102, false}} {
		if ok, err := s.TakeSecondFactorStep(ctx, u.ID, tc.step); err != nil || ok != tc.want {
			t.Errorf("step %d: got %t, %v; want %t", tc.step, ok, err, tc.want)
		}
	}
	for _, tc := range []struct {
		hash string
		want bool
	}{{"h1", true}, {"h1", false}, {"h9", false}, {"h2", true}} {
		if ok, err := s.UseRecoveryCode(ctx, ana, u, tc.hash); err != nil || ok != tc.want {
			t.Errorf("recovery code %s: got %t, %v; want %t", tc.hash, ok, err, tc.want)
		}
	}
	if _, left, _ := s.SecondFactor(ctx, u.ID); left != 0 {
		t.Errorf("recovery codes left: got %d, want 0", left)
	}
	if err := s.RemoveSecondFactor(ctx, sysadmin, u); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SecondFactor(ctx, u.ID); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("after removal: got %v, want not_found", err)
	}
	if err := s.RemoveSecondFactor(ctx, sysadmin, u); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("removing twice: got %v, want not_found", err)
	}
	log, _ := s.AuditLog(ctx, 10)
	var got []string
	for _, e := range log {
		if e.Object == "user:ana" && e.Action != "user.create" {
			got = append(got, e.Action)
		}
	}
	want := []string{"second_factor.remove", "second_factor.recovery_code", "second_factor.recovery_code", "second_factor.enrol"}
	if len(got) != len(want) || got[0] != want[0] || got[3] != want[3] {
		t.Errorf("audit: got %v, want %v", got, want)
	}
}
