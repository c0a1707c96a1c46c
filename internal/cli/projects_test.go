package cli_test

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	projectsCSV = "code,name,level,category,region_code,stage,total_investment,annual_plan,year,owner_unit\n" +
		"A,甲,省重点,工业,440784,动工,10,4,2023,工信局\n" +
		"B,乙,市重点,技改,440784101,供地,5,2,2023,龙口镇\n" +
		"C,丙,县重点,工业,440703,前期,8,6,2023,外县\n"
	progressCSV = "project_code,period,completed\nA,2023-06,2.5\nB,2023-05,0.5\nC,2023-06,3\n"
)

// TestProjectsSummaryJSON holds `pacer projects summary --json` to the contract of issue 12 on
// both databases: exact field names, Chinese categories and stages, money in 亿元 and rates in
// percent, a county with its towns, not-reported projects at their latest earlier cumulative.
func TestProjectsSummaryJSON(t *testing.T) {
	for _, d := range databases() {
		t.Run(d.name, func(t *testing.T) {
			db := d.make(t)
			dir := t.TempDir()
			p, q := writeFile(t, dir, "projects.csv", projectsCSV), writeFile(t, dir, "progress.csv", progressCSV)
			if r := run(t, nil, "import", "--db", db, "--dry-run", p, q); r.code != 0 || !strings.Contains(r.stdout, "检查通过，未写入：项目 3 行，月度进度 3 行") {
				t.Errorf("dry run: got %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := run(t, nil, "projects", "summary", "--db", db, "--region", "440784", "--period", "2023-06", "--json"); !strings.Contains(r.stdout, `"count": 0`) {
				t.Errorf("after a dry run: got %s, want nothing written", r.stdout)
			}
			if r := run(t, nil, "import", "--db", db, p, q); r.code != 0 || !strings.Contains(r.stdout, "项目：新增 3") {
				t.Fatalf("import: got %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			r := run(t, nil, "projects", "summary", "--db", db, "--region", "440784", "--period", "2023-06", "--json")
			if r.code != 0 {
				t.Fatalf("summary: got %d %s", r.code, r.stderr)
			}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"count", "planned", "completed", "completion", "time_progress", "by_category", "by_stage", "not_reported"} {
				if _, ok := raw[k]; !ok {
					t.Errorf("no field %q in %s", k, r.stdout)
				}
			}
			var got struct {
				Count        int     `json:"count"`
				Planned      float64 `json:"planned"`
				Completed    float64 `json:"completed"`
				Completion   float64 `json:"completion"`
				TimeProgress float64 `json:"time_progress"`
				ByCategory   []struct {
					Category   string   `json:"category"`
					Count      int      `json:"count"`
					Planned    float64  `json:"planned"`
					Completed  float64  `json:"completed"`
					Completion *float64 `json:"completion"`
				} `json:"by_category"`
				ByStage []struct {
					Stage string `json:"stage"`
					Count int    `json:"count"`
				} `json:"by_stage"`
				NotReported []string `json:"not_reported"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatal(err)
			}
			// A 2.5 + B's May 0.5 = 3 of 6 → 50%; C is another county's.
			if got.Count != 2 || got.Planned != 6 || got.Completed != 3 || got.Completion != 50 || got.TimeProgress != 50 {
				t.Errorf("headline: got %+v", got)
			}
			if !slices.Equal(got.NotReported, []string{"B"}) {
				t.Errorf("not_reported: got %v, want [B]", got.NotReported)
			}
			if c := got.ByCategory[0]; c.Category != "工业" || c.Count != 1 || c.Planned != 4 || c.Completed != 2.5 || c.Completion == nil || *c.Completion != 62.5 {
				t.Errorf("by_category[0]: got %+v, want 工业 1 project 2.5 of 4 = 62.5%%", c)
			}
			if got.ByStage[3].Stage != "供地" || got.ByStage[3].Count != 1 || got.ByStage[4].Stage != "动工" || got.ByStage[4].Count != 1 {
				t.Errorf("by_stage: got %+v", got.ByStage)
			}

			text := run(t, nil, "projects", "summary", "--db", db, "--region", "440784", "--period", "2023-06")
			if text.code != 0 || !strings.Contains(text.stdout, "共 2 个项目，年度计划 6.00 亿元，累计完成 3.00 亿元，完成率 50.0%") || !strings.Contains(text.stdout, "B") {
				t.Errorf("table: got %d\n%s", text.code, text.stdout)
			}
			out := filepath.Join(dir, "export.xlsx")
			if r := run(t, nil, "projects", "export", "--db", db, "--region", "440784", "--period", "2023-06", "--out", out); r.code != 0 {
				t.Fatalf("export: %s", r.stderr)
			}
			if r := run(t, nil, "import", "--db", db, out); r.code != 0 || !strings.Contains(r.stdout, "项目：新增 0，修改 0，未变 2") {
				t.Errorf("the export imports back unchanged: got %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			bad := writeFile(t, dir, "bad.csv", "project_code,period,completed\nZ,2023-06,1\n")
			if r := run(t, nil, "import", "--db", db, bad); r.code != 1 || !strings.Contains(r.stderr, "bad.csv:2:project_code: 「Z」") {
				t.Errorf("unknown project: got %d\n%s", r.code, r.stderr)
			}
			if r := run(t, nil, "projects", "summary", "--db", db, "--region", "440784"); r.code != 2 {
				t.Errorf("no period: got exit %d, want 2", r.code)
			}
		})
	}
}
