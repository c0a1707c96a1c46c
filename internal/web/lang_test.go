package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"pacer/internal/demo"
)

var (
	han     = regexp.MustCompile(`\p{Han}`)
	errText = regexp.MustCompile(`(?s)class="err"[^>]*>(.*?)</(?:p|li)>`)
)

// english switches a signed-in client's session to English through POST /lang.
func (c *client) english() {
	c.t.Helper()
	if r := c.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}}); r.code != http.StatusSeeOther {
		c.t.Fatalf("POST /lang: got %d, want 303\n%s", r.code, r.body)
	}
}

// apiMessage returns the message of an API error response.
func apiMessage(t *testing.T, r response) string {
	t.Helper()
	var doc struct {
		Error struct{ Kind, Message string }
	}
	if err := json.Unmarshal([]byte(r.body), &doc); err != nil || doc.Error.Message == "" {
		t.Fatalf("got %d %q, want an API error", r.code, r.body)
	}
	return doc.Error.Message
}

// API errors are in the session's language, else the Accept-Language header's, else the
// account's: with English chosen, no Chinese (the requests carry no Chinese data).
func TestAPIErrorLanguage(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	token := apiClient(t, s, base, "demo-leader")
	session := login(t, base, "demo-leader", demoPassword)
	english := login(t, base, "demo-leader", demoPassword)
	english.english()
	anonymous := newClient(t, base)
	paths := []string{
		"/api/v1/scorecard?region=440784&period=2023-13",
		"/api/v1/scorecard?region=440784",
		"/api/v1/scorecard?region=999999&period=2023-06",
		"/api/v1/ranking?parent=440700&indicator=retail&period=2023-06&by=speed",
		"/api/v1/ranking?parent=440700&indicator=no_such&period=2023-06",
		"/api/v1/ranking?indicator=retail&period=2023-06",
		"/api/v1/nope",
	}
	for _, tc := range []struct {
		name    string
		c       *client
		accept  string
		english bool
	}{
		{"token, no Accept-Language", token, "", false},
		{"token, Accept-Language en", token, "en-GB,en;q=0.9,zh-CN;q=0.8", true},
		{"token, Accept-Language zh", token, "zh-CN,zh;q=0.9,en;q=0.8", false},
		{"Chinese session, Accept-Language en", session, "en", false},
		{"English session", english, "", true},
		{"English session, Accept-Language zh", english, "zh-CN", true},
	} {
		for _, path := range paths {
			r := tc.c.request(http.MethodGet, path, nil, map[string]string{"Accept-Language": tc.accept})
			msg := apiMessage(t, r)
			if got := han.MatchString(msg); got == tc.english {
				t.Errorf("%s: GET %s: got message %q, want it in %s", tc.name, path, msg, map[bool]string{true: "English", false: "Chinese"}[tc.english])
			}
		}
	}
	for accept, english := range map[string]bool{"en-US": true, "": false} {
		r := anonymous.request(http.MethodGet, "/api/v1/scorecard?region=440784&period=2023-06", nil, map[string]string{"Accept-Language": accept})
		if msg := apiMessage(t, r); r.code != http.StatusUnauthorized || han.MatchString(msg) == english {
			t.Errorf("anonymous, Accept-Language %q: got %d %q, want 401 in %s", accept, r.code, msg, map[bool]string{true: "English", false: "Chinese"}[english])
		}
	}
}

// Page errors are in the session's language: with English chosen, the error text of each page
// has no Chinese; in Chinese it has (so every case reaches a translated message).
func TestPageErrorLanguage(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	users := func(name, role, unit, pw string) url.Values {
		return url.Values{"username": {name}, "display_name": {"x"}, "role": {role}, "unit": {unit}, "password": {pw}, "password2": {pw}}
	}
	for _, tc := range []struct {
		account, method, path string
		form                  url.Values
		code                  int
	}{
		{"demo-analyst", "GET", "/scorecard?region=999999&period=2023-06", nil, http.StatusNotFound},
		{"demo-analyst", "GET", "/scorecard?region=440784&period=2023-13", nil, http.StatusBadRequest},
		{"demo-analyst", "GET", "/dashboard?region=999999", nil, http.StatusNotFound},
		{"demo-analyst", "GET", "/goaltree?year=abc", nil, http.StatusBadRequest},
		{"demo-analyst", "GET", "/no/such/page", nil, http.StatusNotFound},
		{"demo-analyst", "GET", "/users", nil, http.StatusForbidden},
		{"demo-analyst", "POST", "/review/999999/approve", url.Values{}, http.StatusNotFound},
		{"demo-analyst", "POST", "/goaltree/focus", url.Values{"region": {demo.Region}, "year": {"2023"}, "title": {""}}, http.StatusBadRequest},
		{"demo-auditor", "GET", "/audit?from=yesterday", nil, http.StatusBadRequest},
		{"demo-sysadmin", "POST", "/users", users("li.si", "leader", "", "short"), http.StatusBadRequest},
		{"demo-sysadmin", "POST", "/users", users("li.si", "reporter", "nope", "Ls-2023-abc"), http.StatusNotFound},
		{"demo-sysadmin", "POST", "/users", users("demo-analyst", "leader", "", "Ls-2023-abc"), http.StatusConflict},
	} {
		for _, english := range []bool{false, true} {
			c := login(t, base, tc.account, demoPassword)
			if english {
				c.english()
			}
			var r response
			if tc.method == "POST" {
				r = c.post(tc.path, tc.form)
			} else {
				r = c.get(tc.path)
			}
			var msgs []string
			for _, m := range errText.FindAllStringSubmatch(r.body, -1) {
				msgs = append(msgs, html.UnescapeString(m[1]))
			}
			msg := strings.Join(msgs, " | ")
			if r.code != tc.code || msg == "" {
				t.Errorf("%s %s %s (English %v): got %d with error text %q, want %d with one", tc.account, tc.method, tc.path, english, r.code, msg, tc.code)
				continue
			}
			if han.MatchString(msg) == english {
				t.Errorf("%s %s %s: got error text %q, want it in %s", tc.account, tc.method, tc.path, msg, map[bool]string{true: "English", false: "Chinese"}[english])
			}
		}
	}
}
