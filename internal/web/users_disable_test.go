package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pacer/internal/store"
)

// The sysadmin disables an account on the users page: its browser sessions and API tokens stop
// at once and it cannot sign in; enabling lets it sign in again. Nobody disables themselves.
func TestUsersPageDisableEnable(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		sys := login(t, base, "demo-sysadmin", demoPassword)
		leader := login(t, base, "demo-leader", demoPassword)
		token := apiClient(t, s, base, "demo-leader")
		api := "/api/v1/scorecard?region=440784&period=2023-06"
		if r := sys.get("/users"); !strings.Contains(r.body, `action="/users/demo-leader/disable"`) || strings.Contains(r.body, `action="/users/demo-sysadmin/disable"`) {
			t.Errorf("users page: got no disable button for demo-leader, or one for the sysadmin itself")
		}
		r := sys.post("/users/demo-leader/disable", url.Values{})
		if r.code != http.StatusSeeOther || r.header.Get("Location") != "/users?disabled=demo-leader" {
			t.Fatalf("disable: got %d to %q, want 303 to /users?disabled=demo-leader", r.code, r.header.Get("Location"))
		}
		if r := leader.get(scorecardPath); r.code != http.StatusSeeOther || r.location() != "/login" {
			t.Errorf("the disabled account's session: got %d, want 303 to /login", r.code)
		}
		if r := token.get(api); r.code != http.StatusUnauthorized {
			t.Errorf("the disabled account's API token: got %d, want 401", r.code)
		}
		if r := newClient(t, base).tryLogin("demo-leader", demoPassword); r.code != http.StatusUnauthorized {
			t.Errorf("sign-in while disabled: got %d, want 401", r.code)
		}
		if r := sys.get("/users?disabled=demo-leader"); !strings.Contains(r.body, `action="/users/demo-leader/enable"`) || !strings.Contains(r.body, `id="users-done"`) {
			t.Error("users page after disabling: got no enable button or no notice")
		}
		if r := sys.post("/users/demo-leader/enable", url.Values{}); r.code != http.StatusSeeOther {
			t.Errorf("enable: got %d, want 303", r.code)
		}
		login(t, base, "demo-leader", demoPassword)
		if r := token.get(api); r.code != http.StatusUnauthorized {
			t.Errorf("the API token after enabling: got %d, want 401 (revoked when disabled)", r.code)
		}
		if r := sys.post("/users/demo-sysadmin/disable", url.Values{}); r.code != http.StatusForbidden {
			t.Errorf("the sysadmin disabling itself: got %d, want 403", r.code)
		}
		if r := sys.post("/users/nobody/disable", url.Values{}); r.code != http.StatusNotFound {
			t.Errorf("disabling an unknown account: got %d, want 404", r.code)
		}
		if r := login(t, base, "demo-secadmin", demoPassword).post("/users/demo-analyst/disable", url.Values{}); r.code != http.StatusForbidden {
			t.Errorf("the secadmin disabling an account: got %d, want 403", r.code)
		}
	})
}

// The users page names an account's region as the catalogue does, beside its code: an analyst
// of 台山市 made on the page reads 台山市（440781）, not the bare code.
func TestUsersPageNamesRegions(t *testing.T) {
	eachDemoServer(t, func(t *testing.T, s *store.Store, base string) {
		sys := login(t, base, "demo-sysadmin", demoPassword)
		r := sys.post("/users", url.Values{"username": {"ts.ana"}, "role": {"analyst"}, "region": {"440781"},
			"password": {"Ts-Analyst-2023x"}, "password2": {"Ts-Analyst-2023x"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("POST /users: got %d, want 303\n%.2000s", r.code, r.body)
		}
		if page := sys.get("/users"); !strings.Contains(page.body, `<td class="us-region">台山市（440781）</td>`) {
			t.Errorf("users page: want ts.ana's region named 台山市（440781）\n%.4000s", page.body)
		}
	})
}
