package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// TestDispatchAndAssessCommands: `pacer dispatch agenda --json` and `pacer assess --json` keep
// their contracts on both databases: the agenda's week and items (a red indicator with its
// 需增速, a stale one as stale), the snapshot taken once with the scorecard's fields per line.
func TestDispatchAndAssessCommands(t *testing.T) {
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) {
			dsn := db.make(t)
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			g := func(v float64) *float64 { return &v }
			o := func(ind, p string, v, gr *float64) domain.Observation {
				return domain.Observation{RegionCode: "440781", IndicatorCode: ind, Period: p, Value: v, Growth: gr, Source: "t"}
			}
			_, err = s.ApplyBatch(ctx, store.Batch{Actor: "t", Source: "t",
				Targets: []domain.Target{{RegionCode: "440781", IndicatorCode: "retail", Year: 2023, Tier: domain.Assigned, Growth: g(10)},
					{RegionCode: "440781", IndicatorCode: "tourists", Year: 2023, Tier: domain.Assigned, Growth: g(10)}},
				Observations: []domain.Observation{o("retail", "2022-12", g(150), nil), o("retail", "2023-07", g(90), g(5)),
					o("tourists", "2023-05", g(100), g(-20))}})
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			r := run(t, nil, "dispatch", "agenda", "--db", dsn, "--region", "440781", "--week", "2023-W32", "--json")
			if r.code != 0 {
				t.Fatalf("dispatch agenda: exit %d: %s", r.code, r.stderr)
			}
			var agenda struct {
				Week  string
				Items []map[string]any
			}
			if err := json.Unmarshal([]byte(r.stdout), &agenda); err != nil || agenda.Week != "2023-W32" || len(agenda.Items) != 2 {
				t.Fatalf("agenda: got %s (%v), want week 2023-W32 and two items", r.stdout, err)
			}
			if it := agenda.Items[0]; it["kind"] != "indicator" || it["ref"] != "retail" || it["status"] != "red" ||
				!strings.Contains(it["title"].(string), "需增速 16.7%") || it["due"] != nil {
				t.Errorf("first item: got %v, want retail red, 需增速 16.7%%, no due", it)
			}
			if it := agenda.Items[1]; it["ref"] != "tourists" || it["status"] != "stale" || !strings.Contains(it["title"].(string), "数据未报") {
				t.Errorf("second item: got %v, want tourists stale (数据未报)", it)
			}
			if r := run(t, map[string]string{"PACER_LANG": "en"}, "dispatch", "agenda", "--db", dsn, "--region", "440781", "--week", "2023-W32"); r.code != 0 ||
				!strings.Contains(r.stdout, "Retail sales") || !strings.Contains(r.stdout, "Not reported") {
				t.Errorf("the English table: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}

			var ids []float64
			for range 2 {
				r := run(t, nil, "assess", "--db", dsn, "--region", "440781", "--date", "2023-08-15", "--json")
				if r.code != 0 {
					t.Fatalf("assess: exit %d: %s", r.code, r.stderr)
				}
				var snap map[string]any
				if err := json.Unmarshal([]byte(r.stdout), &snap); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, snap["id"].(float64))
				if snap["period"] != "2023-07" || snap["date"] != "2023-08-15" {
					t.Errorf("snapshot: got period %v date %v", snap["period"], snap["date"])
				}
				lines := snap["indicators"].([]any)
				retail := lines[0].(map[string]any)
				for _, k := range []string{"code", "value", "growth", "stale", "targets", "period", "rank", "time_progress_mode"} {
					if _, ok := retail[k]; !ok {
						t.Errorf("snapshot line lacks the scorecard's field %q", k)
					}
				}
				tier := retail["targets"].([]any)[0].(map[string]any)
				if rg, ok := tier["required_growth"].(float64); !ok || rg < 16.6 || rg > 16.8 {
					t.Errorf("retail's required_growth: got %v, want 16.7", tier["required_growth"])
				}
			}
			if ids[0] != ids[1] {
				t.Errorf("assess twice: got snapshots %v, want the same one", ids)
			}
			for _, bad := range [][]string{{"dispatch", "--db", dsn, "--region", "440781", "--week", "2023-W32"},
				{"dispatch", "agenda", "--db", dsn, "--region", "440781"}, {"assess", "--db", dsn, "--region", "440781"}} {
				if r := run(t, nil, bad...); r.code != 2 {
					t.Errorf("%v: got exit %d, want 2 (misuse)", bad, r.code)
				}
			}
			if r := run(t, nil, "dispatch", "agenda", "--db", dsn, "--region", "440781", "--week", "2023-W60"); r.code != 1 || !strings.Contains(r.stderr, "2023-W60") {
				t.Errorf("a bad week: got exit %d %s, want 1 naming it", r.code, r.stderr)
			}
		})
	}
}
