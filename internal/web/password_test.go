package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/web"
)

// An account with a one-time password must change it before anything else; the last five
// passwords may not be reused; the new one works at the next sign-in.
func TestForcedPasswordChange(t *testing.T) {
	s := demos.Open(t, "sqlite")
	hash, _ := auth.HashPassword("First-pass1")
	if _, err := s.CreateUser(ctx, store.Who{Username: "test"}, domain.User{Username: "newbie", Role: domain.RoleLeader,
		PasswordHash: hash, MustChange: true}); err != nil {
		t.Fatal(err)
	}
	base := newServer(t, s)
	c := login(t, base, "newbie", "First-pass1")
	if r := c.get("/dashboard"); r.code != http.StatusSeeOther || r.location() != "/account/password" {
		t.Fatalf("dashboard before the change: got %d → %q, want 303 → /account/password", r.code, r.location())
	}
	for _, tc := range []struct {
		current, next, again string
		wantCode             int
		wantText             string
	}{
		{"wrong", "Second-pass2", "Second-pass2", http.StatusBadRequest, "当前密码不正确"},
		{"First-pass1", "Second-pass2", "Second-pass3", http.StatusBadRequest, "不一致"},
		{"First-pass1", "short", "short", http.StatusBadRequest, "8 至 256"},
		{"First-pass1", "First-pass1", "First-pass1", http.StatusBadRequest, "最近 5 次"},
		{"First-pass1", "Second-pass2", "Second-pass2", http.StatusSeeOther, ""},
	} {
		r := c.post("/account/password", url.Values{"current": {tc.current}, "new": {tc.next}, "again": {tc.again}})
		if r.code != tc.wantCode || !strings.Contains(r.body, tc.wantText) {
			t.Errorf("change %q → %q/%q: got %d, want %d with %q\n%s", tc.current, tc.next, tc.again, r.code, tc.wantCode, tc.wantText, r.body)
		}
	}
	if r := c.get("/dashboard"); r.code != http.StatusOK {
		t.Errorf("dashboard after the change: got %d, want 200", r.code)
	}
	if r := newClient(t, base).tryLogin("newbie", "First-pass1"); r.code != http.StatusUnauthorized {
		t.Errorf("old password: got %d, want 401", r.code)
	}
	login(t, base, "newbie", "Second-pass2")
}

// A password older than the policy's maximum age must be changed; an expiry of 0 days switches
// it off. The server's clock is moved by hand.
func TestPasswordExpiry(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base, clk, acc := clockServer(t, s)
	for _, tc := range []struct {
		days  string // "": the default, 90 days
		after time.Duration
		want  int
	}{
		{"", 2 * 24 * time.Hour, http.StatusOK},
		{"", 91 * 24 * time.Hour, http.StatusSeeOther},
		{"1", 2 * 24 * time.Hour, http.StatusSeeOther},
		{"0", 400 * 24 * time.Hour, http.StatusOK},
	} {
		if tc.days != "" {
			setPolicy(t, acc, map[string]string{domain.SettingPasswordMaxAge: tc.days})
		}
		clk.set(tc.after)
		c := login(t, base, "demo-leader", demoPassword)
		if r := c.get("/dashboard"); r.code != tc.want {
			t.Errorf("expiry %q days, %v after the password was set: got %d, want %d", tc.days, tc.after, r.code, tc.want)
		}
	}
}

// Request bodies are capped before anything reads them, uploads included.
func TestRequestBodyCap(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	c := login(t, base, "demo-analyst", demoPassword)
	big := strings.Repeat("x", web.MaxRequestBody+1)
	r := c.post("/targets", url.Values{"filler": {big}})
	if r.code == http.StatusOK || r.code == http.StatusSeeOther {
		t.Errorf("a body over %d bytes: got %d, want it refused", web.MaxRequestBody, r.code)
	}
}
