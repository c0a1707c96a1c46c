package web_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// reasons collects every value of every "reasons" object in a JSON document.
func reasons(v any, out *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if m, ok := x.(map[string]any); ok && k == "reasons" {
				for _, r := range m {
					if s, ok := r.(string); ok {
						*out = append(*out, s)
					}
				}
				continue
			}
			reasons(x, out)
		}
	case []any:
		for _, x := range v {
			reasons(x, out)
		}
	}
}

// The scorecard API's reasons follow the API language: with English chosen (Accept-Language,
// or an English session) none has Chinese; in Chinese they have.
func TestScorecardReasonLanguage(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	token := apiClient(t, s, base, "demo-leader")
	english := login(t, base, "demo-leader", demoPassword)
	english.english()
	for _, tc := range []struct {
		name    string
		c       *client
		accept  string
		english bool
	}{
		{"token", token, "", false},
		{"token, Accept-Language en", token, "en", true},
		{"English session", english, "", true},
	} {
		for _, period := range []string{"2023-06", "2023-07", "2023-12"} {
			r := tc.c.request(http.MethodGet, "/api/v1/scorecard?region=440784&period="+period, nil, map[string]string{"Accept-Language": tc.accept})
			var doc any
			if err := json.Unmarshal([]byte(r.body), &doc); err != nil || r.code != http.StatusOK {
				t.Fatalf("%s: GET scorecard %s: got %d %v", tc.name, period, r.code, err)
			}
			var rs []string
			reasons(doc, &rs)
			if len(rs) == 0 {
				t.Fatalf("%s: scorecard %s: got no reasons, want some (the demo has indicators without figures)", tc.name, period)
			}
			for _, reason := range rs {
				if han.MatchString(reason) == tc.english {
					t.Errorf("%s: scorecard %s: got reason %q, want it in %s", tc.name, period, reason, map[bool]string{true: "English", false: "Chinese"}[tc.english])
				}
			}
		}
	}
}
