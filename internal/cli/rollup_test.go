package cli_test

import (
	"strings"
	"testing"
)

// pacer rollup: Jiangmen's seven county-level units' retail sales at 2023-06 (the demo's peers,
// 示例) and an invented figure of Jiangmen itself.
//
//	growths 6.3 (蓬江), 4.1, 5.1, 4.6, 3.9, 5.4 (鹤山), 4.8 → 鹤山 ranks 2nd;
//	sum 795.91 over Σ V/(1 + g) = 757.00 → +5.1%; Jiangmen 800.00 − 795.91 = +4.09.
const rollupCSV = `region_code,indicator,period,value,growth,source,note,sample
440703,retail,2023-06,230.41,6.3,示例,,示例
440704,retail,2023-06,55.27,4.1,示例,,示例
440705,retail,2023-06,160.03,5.1,示例,,示例
440781,retail,2023-06,118.92,4.6,示例,,示例
440783,retail,2023-06,108.35,3.9,示例,,示例
440784,retail,2023-06,70.13,5.4,示例,,示例
440785,retail,2023-06,52.80,4.8,示例,,示例
440700,retail,2023-06,800.00,5.0,示例,,示例
`

func TestRollupCommand(t *testing.T) {
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) {
			d := db.make(t)
			file := writeFile(t, t.TempDir(), "retail.csv", rollupCSV)
			if r := run(t, nil, "import", file, "--db", d); r.code != 0 {
				t.Fatalf("import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			r := run(t, nil, "rollup", "--db", d, "--region", "440700", "--period", "2023-06", "--json")
			if r.code != 0 {
				t.Fatalf("rollup --json: exit %d\n%s", r.code, r.stderr)
			}
			doc := decode(t, r.stdout)
			if doc["parent"].(map[string]any)["name"] != "江门市" || len(doc["children"].([]any)) != 7 {
				t.Errorf("rollup --json: got parent %v and %d children, want 江门市 and 7", doc["parent"], len(doc["children"].([]any)))
			}
			retail := find(t, doc, "indicators", "code", "retail")
			cells := retail["cells"].([]any)
			heshan := cells[5].(map[string]any)
			if heshan["region"] != "440784" || !near(heshan["rank"], 2) || !near(heshan["value"], 70.13) {
				t.Errorf("鹤山市: got %v, want rank 2, 70.13", heshan)
			}
			w := retail["whole"].(map[string]any)
			for _, c := range []struct {
				name string
				want float64
			}{{"value", 800}, {"sum", 795.91}, {"sum_growth", 5.14}, {"difference", 4.09}, {"growth_difference", -0.14}} {
				if !near(w[c.name], c.want) {
					t.Errorf("whole %s: got %v, want %.2f", c.name, w[c.name], c.want)
				}
			}
			if w["reasons"].(map[string]any)["sum_growth"] != "部分地区上年同期数由公布增速推算" {
				t.Errorf("whole reasons: got %v, want the note in Chinese", w["reasons"])
			}

			r = run(t, nil, "rollup", "--db", d, "--region", "440700", "--period", "2023-06")
			if r.code != 0 {
				t.Fatalf("rollup: exit %d\n%s", r.code, r.stderr)
			}
			for _, want := range []string{"江门市（440700）2023-06", "社会消费品零售总额（亿元）2023-06", "鹤山市*", "70.13", "795.91", "+4.09", "-0.1", "7/7", "未报 / 未审"} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("rollup table: want %q in\n%s", want, r.stdout)
				}
			}
			if r := run(t, nil, "rollup", "--db", d, "--region", "440700"); r.code != 2 || !strings.Contains(r.stderr, "需要 --region 和 --period") {
				t.Errorf("rollup without a period: got exit %d %q, want 2 and the usage", r.code, r.stderr)
			}
			if r := run(t, nil, "rollup", "--db", d, "--region", "999999", "--period", "2023-06"); r.code != 1 || !strings.Contains(r.stderr, "999999") {
				t.Errorf("rollup of an unknown region: got exit %d %q, want 1 naming it", r.code, r.stderr)
			}
		})
	}
}
