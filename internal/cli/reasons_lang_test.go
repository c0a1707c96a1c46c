package cli_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// jsonReasons collects every value of every "reasons" object in a JSON document.
func jsonReasons(v any, out *[]string) {
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
			jsonReasons(x, out)
		}
	case []any:
		for _, x := range v {
			jsonReasons(x, out)
		}
	}
}

// `pacer scorecard --json` gives its reasons in PACER_LANG's language: none has Chinese in
// English, and in Chinese they have.
func TestScorecardReasonLanguage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "reasons.db")
	if r := run(t, nil, "import", "--db", db, writeFile(t, dir, "targets.csv", targetsCSV), writeFile(t, dir, "stats.csv", statsCSV)); r.code != 0 {
		t.Fatalf("import: got exit %d\n%s", r.code, r.stderr)
	}
	for _, lang := range []string{"", "en"} {
		r := run(t, map[string]string{"PACER_LANG": lang}, "scorecard", "--db", db, "--region", "440784", "--period", "2023-06", "--json")
		var doc any
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 {
			t.Fatalf("scorecard (PACER_LANG=%q): got exit %d, %v\n%s", lang, r.code, err, r.stderr)
		}
		var rs []string
		jsonReasons(doc, &rs)
		if len(rs) == 0 {
			t.Fatalf("scorecard (PACER_LANG=%q): got no reasons, want some", lang)
		}
		for _, reason := range rs {
			if han.MatchString(reason) == (lang == "en") {
				t.Errorf("scorecard (PACER_LANG=%q): got reason %q", lang, reason)
			}
		}
	}
}
