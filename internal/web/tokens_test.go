package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/store"
)

var tokenRowID = regexp.MustCompile(`<tr id="token-(\d+)">`)

// tokenIDs are the ids of the token rows of a tokens page, in order.
func tokenIDs(body string) []string {
	var out []string
	for _, m := range tokenRowID.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// API tokens on the web: an account lists and revokes its own tokens (/account/tokens) and no
// other's; the sysadmin lists and revokes every account's (/users/tokens), which no other role
// may open; a revoked token is refused by the API at once; revocations are audited.
func TestTokenPages(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		path := "/api/v1/scorecard?region=440784&period=2023-06"
		leaderAPI := apiClient(t, s, base, "demo-leader")
		analystAPI := apiClient(t, s, base, "demo-analyst")
		other := apiClient(t, s, base, "demo-analyst")
		idsOf := func(name string) []string { // newest first
			u, err := s.UserByName(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			list, err := s.APITokens(ctx, u.ID)
			var out []string
			for _, tk := range list {
				out = append(out, itoa(tk.ID))
			}
			if err != nil || len(out) == 0 {
				t.Fatalf("tokens of %s: got %v, %v", name, out, err)
			}
			return out
		}
		analystIDs := idsOf("demo-analyst")
		id := map[*client]string{leaderAPI: idsOf("demo-leader")[0], analystAPI: analystIDs[1], other: analystIDs[0]}
		if r := leaderAPI.get(path); r.code != http.StatusOK {
			t.Fatalf("leader token: got %d, want 200", r.code)
		}

		leader := login(t, base, "demo-leader", demoPassword)
		page := leader.get("/account/tokens")
		if page.code != http.StatusOK {
			t.Fatalf("own tokens page: got %d, want 200", page.code)
		}
		if got := tokenIDs(page.body); len(got) != 1 || got[0] != id[leaderAPI] {
			t.Errorf("leader's tokens page: got rows %v, want only the leader's token %s", got, id[leaderAPI])
		}
		row := page.body[strings.Index(page.body, `<tr id="token-`+id[leaderAPI]):]
		row = row[:strings.Index(row, "</tr>")]
		if !strings.Contains(row, "test") || strings.Contains(row, "从未使用") || !strings.Contains(row, "不过期") || !strings.Contains(row, "有效") {
			t.Errorf("leader's token row: got %s, want label test, a last use, no expiry, active", row)
		}
		if r := leader.post("/account/tokens/"+id[analystAPI]+"/revoke", nil); r.code != http.StatusNotFound {
			t.Errorf("leader revoking the analyst's token: got %d, want 404", r.code)
		}
		if r := analystAPI.get(path); r.code != http.StatusOK {
			t.Errorf("the analyst's token after the leader's attempt: got %d, want 200", r.code)
		}
		if r := leader.get("/users/tokens"); r.code != http.StatusForbidden {
			t.Errorf("leader on every account's tokens: got %d, want 403", r.code)
		}
		mark := lastAuditID(t, s)
		if r := leader.post("/account/tokens/"+id[leaderAPI]+"/revoke", nil); r.code != http.StatusSeeOther || r.location() != "/account/tokens" {
			t.Errorf("leader revoking own token: got %d to %q, want 303 to /account/tokens", r.code, r.location())
		}
		if r := leaderAPI.get(path); r.code != http.StatusUnauthorized {
			t.Errorf("a revoked token: got %d, want 401", r.code)
		}
		if r := leader.post("/account/tokens/"+id[leaderAPI]+"/revoke", nil); r.code != http.StatusConflict {
			t.Errorf("revoking twice: got %d, want 409", r.code)
		}

		admin := login(t, base, "demo-sysadmin", demoPassword)
		page = admin.get("/users/tokens")
		if got := tokenIDs(page.body); page.code != http.StatusOK || len(got) != 3 {
			t.Fatalf("every account's tokens: got %d with rows %v, want 200 with 3", page.code, got)
		}
		if !strings.Contains(page.body, "demo-leader") || !strings.Contains(page.body, "demo-analyst") || !strings.Contains(page.body, "已吊销") {
			t.Errorf("every account's tokens: want both accounts and the revoked state\n%.2000s", page.body)
		}
		if r := admin.post("/users/tokens/"+id[analystAPI]+"/revoke", nil); r.code != http.StatusSeeOther {
			t.Errorf("sysadmin revoking the analyst's token: got %d, want 303", r.code)
		}
		for _, tc := range []struct {
			c    *client
			want int
		}{{analystAPI, http.StatusUnauthorized}, {other, http.StatusOK}} {
			if r := tc.c.get(path); r.code != tc.want {
				t.Errorf("token %s after the sysadmin's revocation: got %d, want %d", id[tc.c], r.code, tc.want)
			}
		}
		var got []string
		for _, e := range auditSince(t, s, mark) {
			if e.Action == "api_token.revoke" {
				got = append(got, e.Actor+" "+e.Object)
			}
		}
		want := []string{"demo-leader (leader) user:demo-leader", "demo-sysadmin (sysadmin) user:demo-analyst"}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("audit: got %v, want %v", got, want)
		}
	})
}

func itoa(n int64) string { return entryItoa(n) }
