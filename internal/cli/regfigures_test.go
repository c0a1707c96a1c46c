package cli_test

import (
	"encoding/json"
	"fmt"
	"testing"
)

// The register figures of issue 12 §7 through the command: `pacer import` of register files
// records them (source register) beside the bureau's, the scorecard shows them (register_value,
// basis), a re-import with a changed value adds a revision and an unchanged one writes nothing,
// and the figures equal `pacer projects summary` and `pacer attraction summary`.
func TestRegisterFiguresFromImport(t *testing.T) {
	const (
		targets = "region_code,indicator,year,tier,value,growth\n" +
			"440784,key_project_investment,2023,assigned,10,\n" +
			"440784,attracted_projects,2023,assigned,4,\n" +
			"440784,attracted_investment,2023,assigned,10,\n" +
			"440784,new_above_scale_industrial,2023,assigned,6,\n"
		// The bureau also publishes key-project investment for June: both are kept.
		official = "region_code,indicator,period,value,growth,source\n440784,key_project_investment,2023-06,3.2,,统计局\n"
		projects = "code,name,level,category,region_code,stage,total_investment,annual_plan,year,owner_unit\n" +
			"A,甲,省重点,工业,440784,动工,10,4,2023,工信局\n" +
			"B,乙,市重点,技改,440784101,供地,5,2,2023,龙口镇\n" +
			"C,丙,县重点,工业,440703,前期,8,6,2023,外县\n"
		firms = "credit_code,name,region_code,industry,titles,above_scale_date,output,tax\n" +
			"91350100M000100Y43,甲,440784,装备,省级专精特新 申报 2023-03-01,2023-04-10,60,2\n"
	)
	// A reports June 2.5, B (a town's) May 0.5 only: at June the county counts A 2.5 + B's May 0.5
	// = 3, the town 0.5; at May A has no report of the year yet: 0.5.
	progress := func(a string) string {
		return "project_code,period,completed\nA,2023-06," + a + "\nB,2023-05,0.5\nC,2023-06,3\n"
	}
	for _, d := range databases() {
		t.Run(d.name, func(t *testing.T) {
			dir, dsn := t.TempDir(), d.make(t)
			env := map[string]string{"PACER_DB": dsn}
			for _, f := range []string{writeFile(t, dir, "targets.csv", targets), writeFile(t, dir, "official.csv", official)} {
				if r := run(t, env, "import", f); r.code != 0 {
					t.Fatalf("import %s: %d %s%s", f, r.code, r.stdout, r.stderr)
				}
			}
			p, q := writeFile(t, dir, "projects.csv", projects), writeFile(t, dir, "progress.csv", progress("2.5"))
			if r := run(t, env, "import", p, q); r.code != 0 {
				t.Fatalf("import projects: %d %s%s", r.code, r.stdout, r.stderr)
			}
			if r := run(t, env, "import", writeFile(t, dir, "leads.csv", leadsCSV), writeFile(t, dir, "firms.csv", firms)); r.code != 0 {
				t.Fatalf("import leads and firms: %d %s%s", r.code, r.stdout, r.stderr)
			}
			db := sqlDB(t, dsn)
			fig := func(region, indicator, period string) (float64, int, bool) {
				t.Helper()
				var v float64
				var rev int
				err := db.QueryRow(`SELECT value, revision FROM register_figures WHERE region_code = $1 AND indicator_code = $2 AND period = $3 AND is_current`,
					region, indicator, period).Scan(&v, &rev)
				return v, rev, err == nil
			}
			rows := func() int {
				t.Helper()
				var n int
				if err := db.QueryRow(`SELECT COUNT(*) FROM register_figures`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			type want struct {
				region, indicator, period string
				value                     float64
			}
			for _, w := range []want{
				{"440784", "key_project_investment", "2023-06", 3}, {"440784", "key_project_investment", "2023-05", 0.5},
				{"440784", "key_project_investment", "2023-01", 0}, {"440784101", "key_project_investment", "2023-06", 0.5},
				{"440703", "key_project_investment", "2023-06", 3},
				// Leads: A (1亿, February) and B (2.5亿, a town's, March) count; C is 终止, D unsigned.
				{"440784", "attracted_projects", "2023-06", 2}, {"440784", "attracted_investment", "2023-06", 3.5},
				{"440784", "attracted_projects", "2023-02", 1}, {"440784", "attracted_investment", "2023-02", 1},
				{"440784101", "attracted_projects", "2023-06", 1}, {"440784", "attracted_projects", "2023-07", 2},
				{"440784", "new_above_scale_industrial", "2023-04", 1}, {"440784", "new_above_scale_industrial", "2023-03", 0},
			} {
				if v, rev, ok := fig(w.region, w.indicator, w.period); !ok || v != w.value || rev != 1 {
					t.Errorf("%s %s %s: got %v (revision %d, found %v), want %v", w.region, w.indicator, w.period, v, rev, ok, w.value)
				}
			}
			// No figure after the key projects' latest report (June); the leads, a live ledger
			// imported now (after 2023), have a figure for every month of 2023.
			if _, _, ok := fig("440784", "key_project_investment", "2023-07"); ok {
				t.Errorf("key projects at 2023-07: a figure past the register's latest report")
			}
			if v, _, ok := fig("440784", "attracted_projects", "2023-12"); !ok || v != 2 {
				t.Errorf("leads at 2023-12: got %v (found %v), want 2 (a past year's register runs to December)", v, ok)
			}
			// The same numbers as the summaries.
			for _, per := range []string{"2023-05", "2023-06"} {
				var ps struct{ Completed float64 }
				r := run(t, env, "projects", "summary", "--region", "440784", "--period", per, "--json")
				if err := json.Unmarshal([]byte(r.stdout), &ps); err != nil {
					t.Fatal(err, r.stdout)
				}
				if v, _, _ := fig("440784", "key_project_investment", per); v != ps.Completed {
					t.Errorf("%s: register figure %v, projects summary %v", per, v, ps.Completed)
				}
				var as struct {
					Projects   int
					Investment float64
				}
				r = run(t, env, "attraction", "summary", "--region", "440784", "--period", per, "--json")
				if err := json.Unmarshal([]byte(r.stdout), &as); err != nil {
					t.Fatal(err, r.stdout)
				}
				vp, _, _ := fig("440784", "attracted_projects", per)
				vi, _, _ := fig("440784", "attracted_investment", per)
				if vp != float64(as.Projects) || vi != as.Investment {
					t.Errorf("%s: register figures %v/%v, attraction summary %v/%v", per, vp, vi, as.Projects, as.Investment)
				}
			}
			// The scorecard: both figures of June kept and labelled, the bureau's counting; where the
			// register alone has a figure, it counts, labelled register.
			sc := run(t, env, "scorecard", "--region", "440784", "--period", "2023-06", "--json")
			var doc struct {
				Indicators []map[string]any `json:"indicators"`
			}
			if err := json.Unmarshal([]byte(sc.stdout), &doc); err != nil {
				t.Fatal(err, sc.stdout)
			}
			lines := map[string]map[string]any{}
			for _, l := range doc.Indicators {
				lines[fmt.Sprint(l["code"])] = l
			}
			if l := lines["key_project_investment"]; l == nil || l["basis"] != "official" || l["official_value"] != 3.2 || l["register_value"] != 3.0 || l["register"] != "projects" {
				t.Errorf("scorecard key_project_investment: got %v", l)
			}
			if l := lines["attracted_investment"]; l == nil || l["basis"] != "register" || l["source"] != "register" || l["register"] != "leads" || l["value"] != 3.5 {
				t.Errorf("scorecard attracted_investment: got %v", l)
			}

			// Unchanged re-imports write no figure.
			n := rows()
			if r := run(t, env, "import", p, q); r.code != 0 {
				t.Fatalf("re-import: %d %s", r.code, r.stderr)
			}
			if r := run(t, env, "import", writeFile(t, dir, "leads.csv", leadsCSV)); r.code != 0 {
				t.Fatalf("re-import leads: %d %s", r.code, r.stderr)
			}
			if got := rows(); got != n {
				t.Errorf("unchanged re-import: %d figure rows, want %d", got, n)
			}
			// A changed cumulative: June's county figure gets revision 2, the old one kept.
			if r := run(t, env, "import", p, writeFile(t, dir, "progress.csv", progress("3.5"))); r.code != 0 {
				t.Fatalf("changed import: %d %s", r.code, r.stderr)
			}
			if v, rev, _ := fig("440784", "key_project_investment", "2023-06"); v != 4 || rev != 2 {
				t.Errorf("after the change: got %v revision %d, want 4 revision 2", v, rev)
			}
			if got := rows(); got != n+1 {
				t.Errorf("changed import: %d figure rows, want %d (one revision)", got, n+1)
			}
			var old float64
			if err := db.QueryRow(`SELECT value FROM register_figures WHERE region_code = '440784' AND indicator_code = 'key_project_investment' AND period = '2023-06' AND revision = 1`).Scan(&old); err != nil || old != 3 {
				t.Errorf("revision 1 kept: got %v %v", old, err)
			}
		})
	}
}
