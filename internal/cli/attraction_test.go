package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

const (
	leadsCSV = "code,name,stage,investment,industry,source_region,team,region_code,signed_date,received_date,terminate_reason\n" +
		"A,甲,签约,1,装备,大湾区,一组,440784,2023-02-01,2023-01-05,\n" +
		"B,乙,动工,2.5,装备,欧洲,二组,440784101,2023-03-01,2023-01-10,\n" +
		"C,丙,终止,9,装备,欧洲,二组,440784,2023-03-01,2023-01-10,放弃\n" +
		"D,丁,洽谈,3,装备,京津,一组,440784,,2023-07-01,\n"
	attractionTargetsCSV = "region_code,indicator,year,tier,value,growth\n" +
		"440784,attracted_projects,2023,assigned,4,\n" +
		"440784,attracted_investment,2023,stretch,10,\n"
	firmsCSV = "credit_code,name,region_code,industry,titles,above_scale_date,output,tax\n" +
		"91350100M000100Y43,甲,440784,装备,省级专精特新 申报 2023-03-01,,60,2\n"
)

// pacer import recognises the registers by header (beside a statistics file in the same
// command); pacer attraction summary --json keeps the field names; a bad register file
// fails the command with its problems and writes nothing.
func TestAttractionCommand(t *testing.T) {
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) {
			dir, dsn := t.TempDir(), db.make(t)
			env := map[string]string{"PACER_DB": dsn}
			r := run(t, env, "import", writeFile(t, dir, "leads.csv", leadsCSV), writeFile(t, dir, "firms.csv", firmsCSV),
				writeFile(t, dir, "targets.csv", attractionTargetsCSV))
			if r.code != 0 || !strings.Contains(r.stdout, "新增 4 条") || !strings.Contains(r.stdout, "新增 1 家") {
				t.Fatalf("import: got %d\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			r = run(t, env, "attraction", "summary", "--region", "440784", "--period", "2023-06", "--json")
			if r.code != 0 {
				t.Fatalf("summary: got %d %s", r.code, r.stderr)
			}
			var got struct {
				Projects   *int     `json:"projects"`
				Investment *float64 `json:"investment"`
				Targets    []struct {
					Tier                 string   `json:"tier"`
					Projects             *float64 `json:"projects"`
					Investment           *float64 `json:"investment"`
					CompletionProjects   *float64 `json:"completion_projects"`
					CompletionInvestment *float64 `json:"completion_investment"`
					Status               string   `json:"status"`
				} `json:"targets"`
				ByTeam []struct {
					Team     string `json:"team"`
					Projects int    `json:"projects"`
				} `json:"by_team"`
				BySource []struct {
					SourceRegion string `json:"source_region"`
					Projects     int    `json:"projects"`
				} `json:"by_source_region"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatal(err)
			}
			// A (1亿, included) and B (a town's) count; C is 终止, D not signed: 2 projects, 3.5亿.
			// Assigned 4 → 50% at June's 50% → green. Stretch 10亿 → 35%, gap −15 → red.
			if *got.Projects != 2 || *got.Investment != 3.5 || len(got.Targets) != 2 {
				t.Fatalf("got %s", r.stdout)
			}
			a, s := got.Targets[0], got.Targets[1]
			if a.Tier != "assigned" || *a.CompletionProjects != 50 || a.CompletionInvestment != nil || a.Status != "green" {
				t.Errorf("assigned: got %+v", a)
			}
			if s.Tier != "stretch" || s.Projects != nil || *s.Investment != 10 || *s.CompletionInvestment != 35 || s.Status != "red" {
				t.Errorf("stretch: got %+v", s)
			}
			if len(got.ByTeam) != 2 || len(got.BySource) != 2 || got.BySource[0].SourceRegion != "大湾区" {
				t.Errorf("breakdowns: got %+v %+v", got.ByTeam, got.BySource)
			}
			for _, raw := range []string{`"projects"`, `"investment"`, `"targets"`, `"tier"`, `"completion_projects"`, `"completion_investment"`, `"status"`, `"by_team"`, `"by_source_region"`} {
				if !strings.Contains(r.stdout, raw) {
					t.Errorf("JSON lacks %s", raw)
				}
			}
			// Overdue on 2023-07-05: D received 07-01, not answered within 1 day (≥1亿: Jiangmen's rule).
			r = run(t, env, "attraction", "overdue", "--region", "440784", "--period", "2023-07", "--today", "2023-07-05", "--json")
			if r.code != 0 || !strings.Contains(r.stdout, `"Code": "D"`) || strings.Contains(r.stdout, `"Code": "C"`) {
				t.Errorf("overdue: got %d %s %s", r.code, r.stdout, r.stderr)
			}
			// A lead signed without a date: the whole command fails, naming the row.
			bad := strings.Replace(leadsCSV, "A,甲,签约,1,装备,大湾区,一组,440784,2023-02-01", "A,甲,签约,5,装备,大湾区,一组,440784,", 1)
			r = run(t, env, "import", writeFile(t, dir, "bad.csv", bad))
			if r.code != 1 || !strings.Contains(r.stderr, "bad.csv:2:signed_date") {
				t.Errorf("bad import: got %d\n%s", r.code, r.stderr)
			}
			r = run(t, env, "attraction", "summary", "--region", "440784", "--period", "2023-06")
			if r.code != 0 || !strings.Contains(r.stdout, "3.50") {
				t.Errorf("the table after a refused import: got %d\n%s", r.code, r.stdout)
			}
			// The response deadlines are data: set and listed.
			r = run(t, env, "attraction", "deadlines", "--set", "1:1/3/7,0:3/7/14")
			if r.code != 0 || !strings.Contains(r.stdout, "投资 0 亿元及以上：3 日内响应") || !strings.Contains(r.stdout, "投资 1 亿元及以上：1 日内响应、3 日内研判、7 日内反馈") {
				t.Errorf("deadlines: got %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r = run(t, env, "attraction", "deadlines", "--set", "1:1/3"); r.code != 2 {
				t.Errorf("bad deadlines: got %d, want 2", r.code)
			}
			r = run(t, env, "attraction", "to-project", "A", "--project", "XM-1")
			if r.code != 0 || !strings.Contains(r.stdout, "XM-1") {
				t.Errorf("to-project: got %d %s %s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// A register file beside a statistics file that is refused: the command fails naming the
// statistics file's row, and the register file is not written either (the two imports are two
// transactions, so both are checked before either writes); the other way round likewise.
func TestImportRegistersBesideRefusedStatistics(t *testing.T) {
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) {
			dir, dsn := t.TempDir(), db.make(t)
			env := map[string]string{"PACER_DB": dsn}
			badTargets := strings.Replace(attractionTargetsCSV, "440784,attracted_projects,2023,assigned,4,", "440784,attracted_projects,2023,assigned,四个,", 1)
			r := run(t, env, "import", writeFile(t, dir, "leads.csv", leadsCSV), writeFile(t, dir, "targets.csv", badTargets))
			if r.code != 1 || !strings.Contains(r.stderr, "targets.csv:2") || !strings.Contains(r.stderr, "四个") {
				t.Errorf("import with refused statistics: got %d\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			badLeads := strings.Replace(leadsCSV, "A,甲,签约,1,装备,大湾区,一组,440784,2023-02-01", "A,甲,签约,5,装备,大湾区,一组,440784,", 1)
			r = run(t, env, "import", writeFile(t, dir, "bad.csv", badLeads), writeFile(t, dir, "targets2.csv", attractionTargetsCSV))
			if r.code != 1 || !strings.Contains(r.stderr, "bad.csv:2:signed_date") {
				t.Errorf("import with a refused register: got %d\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			r = run(t, env, "attraction", "summary", "--region", "440784", "--period", "2023-06", "--json")
			if r.code != 0 || !strings.Contains(r.stdout, `"projects": 0,`) || strings.Contains(r.stdout, `"projects": 4`) || strings.Contains(r.stdout, `"investment": 10`) {
				t.Errorf("after two refused imports: got %d, want no lead and no target written\n%q%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}
