package cli_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The worked example of pace's TestPlanWorkedExample as files: retail in 鹤山市 published from
// 1–2月, last year 48 … 400, this year 62 … 276 up to July; assigned 500, stretch +10%.
func planFixture() (targets, stats string) {
	var b strings.Builder
	b.WriteString("region_code,indicator,period,value,growth,source,note,sample\n")
	for m, v := range map[int]float64{2: 48, 3: 80, 4: 112, 5: 144, 6: 192, 7: 224, 8: 256, 9: 300, 10: 332, 11: 364, 12: 400} {
		fmt.Fprintf(&b, "440784,retail,2022-%02d,%g,,test,,\n", m, v)
	}
	for m, v := range map[int]float64{2: 62, 3: 98, 4: 141, 5: 182, 6: 245, 7: 276} {
		fmt.Fprintf(&b, "440784,retail,2023-%02d,%g,,test,,\n", m, v)
	}
	return "region_code,indicator,year,tier,value,growth,source,sample\n" +
		"440784,retail,2023,assigned,500,,test,\n440784,retail,2023,stretch,,10,test,\n", b.String()
}

// TestPlanJSON holds `pacer plan --json` to its contract: exactly the fields of issue 15, a
// quarter's plan and actual its own amounts, null for months not reported, and the catch-up.
func TestPlanJSON(t *testing.T) {
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) {
			dir := t.TempDir()
			d := db.make(t)
			tg, st := planFixture()
			if r := run(t, nil, "import", "--db", d, writeFile(t, dir, "targets.csv", tg), writeFile(t, dir, "stats.csv", st)); r.code != 0 {
				t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
			}
			r := run(t, nil, "plan", "--db", d, "--region", "440784", "--indicator", "retail", "--year", "2023", "--method", "shares", "--json")
			if r.code != 0 {
				t.Fatalf("plan: exit %d\n%s", r.code, r.stderr)
			}
			var doc map[string]json.RawMessage
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
				t.Fatal(err)
			}
			var keys []string
			for k := range doc {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if want := []string{"catch_up", "method", "months", "quarters", "target"}; !slices.Equal(keys, want) {
				t.Errorf("top-level fields: got %v, want exactly %v", keys, want)
			}
			var p struct {
				Method   string
				Target   float64
				Months   []map[string]any
				Quarters []map[string]any
				CatchUp  []map[string]any `json:"catch_up"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
				t.Fatal(err)
			}
			if p.Method != "shares" || p.Target != 500 {
				t.Errorf("method, target: got %q %v, want shares 500", p.Method, p.Target)
			}
			if len(p.Months) != 11 || p.Months[0]["period"] != "2023-02" {
				t.Fatalf("months: got %d from %v, want 11 from 2023-02 (1–2月 start)", len(p.Months), p.Months[0]["period"])
			}
			for _, m := range p.Months {
				if k := fieldsOf(m); !slices.Equal(k, []string{"actual_cumulative", "period", "plan_cumulative", "secured"}) {
					t.Fatalf("month fields: got %v", k)
				}
			}
			// March: plan 100 (500 × 80/400), actual 98, not secured; August: not reported.
			mar, aug := p.Months[1], p.Months[6]
			if !near(mar["plan_cumulative"], 100) || !near(mar["actual_cumulative"], 98) || mar["secured"] != false {
				t.Errorf("March: got %v", mar)
			}
			if aug["actual_cumulative"] != nil || aug["secured"] != nil || !near(aug["plan_cumulative"], 320) {
				t.Errorf("August not reported: got %v, want plan 320 and nulls", aug)
			}
			// Q1 own amount 98 < 100: missed; Q2 245 − 98 = 147 ≥ 140: secured; Q3 not reported.
			if len(p.Quarters) != 4 {
				t.Fatalf("quarters: got %d", len(p.Quarters))
			}
			q := p.Quarters
			if q[0]["quarter"] != 1.0 || !near(q[0]["plan"], 100) || !near(q[0]["actual"], 98) || q[0]["secured"] != false {
				t.Errorf("Q1: got %v", q[0])
			}
			if !near(q[1]["plan"], 140) || !near(q[1]["actual"], 147) || q[1]["secured"] != true {
				t.Errorf("Q2: got %v", q[1])
			}
			if q[2]["actual"] != nil || q[2]["secured"] != nil || !near(q[2]["plan"], 135) {
				t.Errorf("Q3: got %v", q[2])
			}
			// Catch-up after July: 276 + 224 × (P_k − 280)/220.
			want := []struct {
				period string
				v      float64
			}{{"2023-08", 316.73}, {"2023-09", 372.73}, {"2023-10", 413.45}, {"2023-11", 454.18}, {"2023-12", 500}}
			if len(p.CatchUp) != len(want) {
				t.Fatalf("catch_up: got %d rows, want %d", len(p.CatchUp), len(want))
			}
			for i, w := range want {
				if c := p.CatchUp[i]; c["period"] != w.period || !near(c["required_value"], w.v) || len(c) != 2 {
					t.Errorf("catch_up %d: got %v, want %s %v", i, c, w.period, w.v)
				}
			}

			// The stretch tier is growth-only: 400 × 1.10 = 440; linear by default (retail's
			// time progress is linear).
			r = run(t, nil, "plan", "--db", d, "--region", "440784", "--indicator", "retail", "--year", "2023", "--tier", "stretch", "--json")
			if r.code != 0 {
				t.Fatalf("plan stretch: exit %d\n%s", r.code, r.stderr)
			}
			if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
				t.Fatal(err)
			}
			if !near(p.Target, 440) || p.Method != "linear" || !near(p.Months[0]["plan_cumulative"], 73.33) /* 440 × 2/12 */ {
				t.Errorf("stretch: got target %v method %s Feb %v, want 440 linear 73.33", p.Target, p.Method, p.Months[0]["plan_cumulative"])
			}

			// Quarters assigned from above, approved: the plan in force from then on.
			r = run(t, nil, "plan", "save", "--db", d, "--region", "440784", "--indicator", "retail", "--year", "2023",
				"--method", "quarters", "--quarters", "90,150,130,130", "--approve")
			if r.code != 0 {
				t.Fatalf("plan save: exit %d\n%s", r.code, r.stderr)
			}
			r = run(t, nil, "plan", "--db", d, "--region", "440784", "--indicator", "retail", "--year", "2023", "--json")
			if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || p.Method != "quarters" || len(p.Months) != 4 || !near(p.Target, 500) {
				t.Fatalf("after approving quarters: got %s (%v)", r.stdout, err)
			}
			// Q1 98 ≥ 90 secured; Q2 147 < 150 missed.
			if p.Quarters[0]["secured"] != true || p.Quarters[1]["secured"] != false || !near(p.Quarters[1]["plan"], 150) {
				t.Errorf("assigned quarters: got %v", p.Quarters)
			}

			// A plan typed by hand whose cumulative value falls is refused, naming the month.
			r = run(t, nil, "plan", "save", "--db", d, "--region", "440784", "--indicator", "retail", "--year", "2023",
				"--method", "entered", "--months", "-,60,100,90,-,-,-,-,-,-,-,500")
			if r.code != 1 || !strings.Contains(r.stderr, "4月") {
				t.Errorf("a falling plan: got exit %d %q, want 1 naming April", r.code, r.stderr)
			}
			// A draft typed by hand, approved once; approving again is refused (frozen).
			r = run(t, nil, "plan", "save", "--db", d, "--region", "440784", "--indicator", "retail", "--year", "2023",
				"--tier", "stretch", "--method", "entered", "--months", "-,70,110,150,190,250,290,330,380,420,460,520")
			if r.code != 0 || !strings.Contains(r.stdout, "第 1 版") || !strings.Contains(r.stdout, "草稿") {
				t.Fatalf("save a draft: got exit %d %q %q", r.code, r.stdout, r.stderr)
			}
			id := regexp.MustCompile(`\d+`).FindString(r.stdout)
			if r = run(t, nil, "plan", "approve", "--db", d, id); r.code != 0 || !strings.Contains(r.stdout, "已批准") {
				t.Errorf("approve: got exit %d %q %q", r.code, r.stdout, r.stderr)
			}
			if r = run(t, nil, "plan", "approve", "--db", d, id); r.code != 1 || !strings.Contains(r.stderr, "已冻结") {
				t.Errorf("approve again: got exit %d %q, want 1 and frozen", r.code, r.stderr)
			}
			r = run(t, nil, "plan", "--db", d, "--region", "440784", "--indicator", "retail", "--year", "2023", "--tier", "stretch", "--json")
			if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || p.Method != "entered" || !near(p.Target, 520) || !near(p.Months[0]["plan_cumulative"], 70) {
				t.Errorf("the approved stretch plan: got %s", r.stdout)
			}

			// A level has no plan: a clear refusal, exit 1.
			r = run(t, nil, "plan", "--db", d, "--region", "440784", "--indicator", "unemployment", "--year", "2023", "--json")
			if r.code != 1 || !strings.Contains(r.stderr, "水平类指标") {
				t.Errorf("level: got exit %d %q, want 1 and why", r.code, r.stderr)
			}
			// Without a year: a misuse.
			if r = run(t, nil, "plan", "--db", d, "--region", "440784", "--indicator", "retail"); r.code != 2 {
				t.Errorf("no year: got exit %d, want 2", r.code)
			}
		})
	}
}

func fieldsOf(m map[string]any) []string {
	var k []string
	for f := range m {
		k = append(k, f)
	}
	slices.Sort(k)
	return k
}

// TestGoalCommand: a benchmark added (示例) and listed with the needed growth and the year reached.
func TestGoalCommand(t *testing.T) {
	dir := t.TempDir()
	d := dir + "/g.db"
	st := "region_code,indicator,period,value,growth,source,note,sample\n440784,retail,2021-12,425.9,,t,,\n440784,retail,2022-12,460,,t,,\n"
	if r := run(t, nil, "import", "--db", d, writeFile(t, dir, "s.csv", st)); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	r := run(t, nil, "goal", "add", "--db", d, "--region", "440784", "--goal", "2026年百强县入围水平", "--name", "入围门槛",
		"--indicator", "retail", "--year", "2025", "--value", "600", "--sample")
	if r.code != 0 {
		t.Fatalf("goal add: exit %d %s", r.code, r.stderr)
	}
	r = run(t, nil, "goal", "list", "--db", d, "--region", "440784")
	// From 460 (2022) to 600 by 2025: (600/460)^(1/3) − 1 = 9.3%; at 8.0% (460/425.9) reached in 2026.
	for _, want := range []string{"入围门槛*", "460.00 (2022)", "140.00", "9.3", "2026", "示例"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("goal list: got\n%s\nwant %q", r.stdout, want)
		}
	}
}
