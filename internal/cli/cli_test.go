package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"pacer/internal/cli"
	"pacer/internal/scorecard"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

// result is what one run of the pacer command left behind.
type result struct {
	code           int
	stdout, stderr string
}

// run runs `pacer args...` in-process with the given environment variables (nothing else of
// the process's environment is visible).
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(ctx, cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] }}, args)
	return result{code, out.String(), errb.String()}
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// databases returns, per dialect, a function making a fresh empty database for --db: a
// SQLite file in a temporary directory, or a URL of a new PostgreSQL schema (never skipped).
func databases() []struct {
	name string
	make func(t *testing.T) string
} {
	return []struct {
		name string
		make func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "county.db") }},
		{"postgres", func(t *testing.T) string {
			dsn, drop := storetest.NewPostgresSchema(t)
			t.Cleanup(drop)
			return dsn
		}},
	}
}

const (
	statsCSV = "\ufeffregion_code,indicator,period,value,growth,source,sample\n" +
		"440784,gdp,2023-06,223.83,4.7%,江门日报,\n" +
		"440784,gdp,2022-12,460,,示例,示例\n" +
		"440784,retail,2023-06,\"70.13\",5.4,江门日报,\n" +
		"440703,retail,2023-06,230.41,6.3,示例,示例\n" +
		"440704,retail,2023-06,55.27,4.1,示例,示例\n" +
		"440705,retail,2023-06,160.03,5.1,示例,示例\n"
	targetsCSV = "region_code,indicator,year,tier,value,growth\n" +
		"440784,gdp,2023,assigned,,8\n" +
		"440784,gdp,2023,stretch,500,\n"
)

func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, s)
	}
	return m
}

// find returns the element of doc[key] (an array) whose field equals value.
func find(t *testing.T, doc map[string]any, key, field, value string) map[string]any {
	t.Helper()
	arr, _ := doc[key].([]any)
	for _, e := range arr {
		if m, ok := e.(map[string]any); ok && m[field] == value {
			return m
		}
	}
	t.Fatalf("%s: got no element with %s=%s in %v", key, field, value, doc[key])
	return nil
}

func near(got any, want float64) bool {
	g, ok := got.(float64)
	return ok && math.Abs(math.Round(g*100)/100-want) < 1e-9
}

func TestEndToEnd(t *testing.T) {
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) {
			dir := t.TempDir()
			d := db.make(t)
			targets := writeFile(t, dir, "targets.csv", targetsCSV)
			stats := writeFile(t, dir, "stats.csv", statsCSV)

			r := run(t, nil, "import", "--db", d, targets, stats)
			if r.code != 0 {
				t.Fatalf("import: got exit %d, want 0\nstderr: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, "新增 6") || !strings.Contains(r.stdout, "新增 2") {
				t.Errorf("import: got %q, want 6 new observations and 2 new targets", r.stdout)
			}
			// Flags may follow the files; the same files again change nothing.
			r = run(t, nil, "import", targets, stats, "--db", d)
			if r.code != 0 || !strings.Contains(r.stdout, "未变 6") || !strings.Contains(r.stdout, "没有变化") {
				t.Errorf("import again: got exit %d %q, want 0 and nothing changed", r.code, r.stdout)
			}

			r = run(t, nil, "scorecard", "--db", d, "--region", "440784", "--period", "2023-06")
			if r.code != 0 {
				t.Fatalf("scorecard: got exit %d, want 0\nstderr: %s", r.code, r.stderr)
			}
			for _, want := range []string{"鹤山市", "地区生产总值", "10.9", "223.83", "4.7", "社会消费品零售总额", "2/4", "示例"} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("scorecard table: got\n%s\nwant it to contain %q", r.stdout, want)
				}
			}

			r = run(t, nil, "scorecard", "--db", d, "--region", "440784", "--period", "2023-06", "--json")
			if r.code != 0 {
				t.Fatalf("scorecard --json: got exit %d, want 0\nstderr: %s", r.code, r.stderr)
			}
			doc := decode(t, r.stdout)
			gdp := find(t, doc, "indicators", "code", "gdp")
			assigned := find(t, gdp, "targets", "tier", "assigned")
			stretch := find(t, gdp, "targets", "tier", "stretch")
			for _, c := range []struct {
				name string
				got  any
				want float64
			}{
				{"time_progress", doc["time_progress"], 50},
				{"gdp.value", gdp["value"], 223.83},
				{"gdp.growth", gdp["growth"], 4.7},
				{"gdp.assigned.required_growth", assigned["required_growth"], 10.87},
				{"gdp.assigned.gap_pp", assigned["gap_pp"], -3.3},
				{"gdp.stretch.value", stretch["value"], 500},
				{"gdp.stretch.completion", stretch["completion"], 44.77},
				{"retail.rank", find(t, doc, "indicators", "code", "retail")["rank"], 2},
				{"retail.peers", find(t, doc, "indicators", "code", "retail")["peers"], 4},
			} {
				if !near(c.got, c.want) {
					t.Errorf("scorecard --json %s: got %v, want %.2f", c.name, c.got, c.want)
				}
			}
			if assigned["completion"] != nil || assigned["status"] != "red" {
				t.Errorf("gdp assigned: got completion %v status %v, want null and red", assigned["completion"], assigned["status"])
			}
			// The JSON is exactly what the scorecard package computes on the same database, its
			// reasons rendered in the CLI's language (Chinese unless PACER_LANG says otherwise).
			s, err := store.Open(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := scorecard.Build(ctx, s, "440784", "2023-06")
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(sc.In("zh-CN"))
			want := decode(t, string(b))
			if got, _ := json.Marshal(doc); string(got) != string(mustMarshal(t, want)) {
				t.Errorf("scorecard --json: got\n%s\nwant\n%s", got, mustMarshal(t, want))
			}

			r = run(t, nil, "ranking", "--db", d, "--parent", "440700", "--indicator", "retail", "--period", "2023-06", "--json")
			if r.code != 0 {
				t.Fatalf("ranking --json: got exit %d, want 0\nstderr: %s", r.code, r.stderr)
			}
			rk := decode(t, r.stdout)
			if rk["indicator"] != "retail" || rk["period"] != "2023-06" || rk["by"] != "growth" {
				t.Errorf("ranking: got indicator %v period %v by %v, want retail 2023-06 growth", rk["indicator"], rk["period"], rk["by"])
			}
			var order []string
			for _, e := range rk["rows"].([]any) {
				order = append(order, e.(map[string]any)["code"].(string))
			}
			if got, want := strings.Join(order, ","), "440703,440784,440705,440704"; got != want {
				t.Errorf("ranking rows: got %s, want %s", got, want)
			}
			if h := find(t, rk, "rows", "code", "440784"); !near(h["rank"], 2) || h["name"] != "鹤山市" || !near(h["value"], 70.13) {
				t.Errorf("ranking 440784: got %v, want 鹤山市 rank 2 value 70.13", h)
			}
			r = run(t, nil, "ranking", "--db", d, "--parent", "440700", "--indicator", "retail", "--period", "2023-06", "--by", "value")
			if r.code != 0 || !strings.Contains(r.stdout, "鹤山市") || !strings.Contains(r.stdout, "按数值排名") {
				t.Errorf("ranking table: got exit %d\n%s\nwant 0 and 鹤山市 ranked by value", r.code, r.stdout)
			}

			// PACER_DB stands in for --db.
			r = run(t, map[string]string{"PACER_DB": d}, "scorecard", "--region", "440784", "--period", "2023-06", "--json")
			if r.code != 0 || !near(find(t, decode(t, r.stdout), "indicators", "code", "gdp")["value"], 223.83) {
				t.Errorf("scorecard with PACER_DB: got exit %d %s, want the imported GDP", r.code, r.stderr)
			}
		})
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportBadFile(t *testing.T) {
	bad := "region_code,indicator,period,value,growth\n" +
		"440784,retail,2023-06,—,5.4\n" + // a dash is not a number
		"999999,gdp,2023-06,1,\n" + // no such region
		"440784,gdp,2023-13,1,\n" + // no such month
		"440784,no_such,2023-06,1,\n" // no such indicator
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) {
			dir := t.TempDir()
			d := db.make(t)
			good := writeFile(t, dir, "stats.csv", statsCSV)
			badPath := writeFile(t, dir, "bad.csv", bad)
			for _, tc := range []struct {
				lang  string
				lines []string // each must start a line of stderr
			}{
				{"", []string{
					"bad.csv:2:value: 「—」— 应为数字",
					"bad.csv:3:region_code: 「999999」— 应为",
					"bad.csv:4:period: 「2023-13」— 应为",
					"bad.csv:5:indicator: 「no_such」— 应为",
					"pacer import: 共 4 处错误，未写入任何数据",
				}},
				{"en", []string{
					`bad.csv:2:value: "—" — expected a number`,
					`bad.csv:3:region_code: "999999" — expected a known region code`,
					`bad.csv:4:period: "2023-13" — expected a period YYYY-MM`,
					`bad.csv:5:indicator: "no_such" — expected a known indicator code`,
					"pacer import: 4 problem(s); nothing was written",
				}},
			} {
				// The good file in the same command is not written either: all or nothing.
				r := run(t, map[string]string{"PACER_LANG": tc.lang}, "import", "--db", d, good, badPath)
				if r.code != 1 {
					t.Errorf("import (lang %q): got exit %d, want 1\nstderr: %s", tc.lang, r.code, r.stderr)
				}
				for _, line := range tc.lines {
					if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(line)).MatchString(r.stderr) {
						t.Errorf("import (lang %q): stderr\n%s\nhas no line starting %q", tc.lang, r.stderr, line)
					}
				}
				if r.stdout != "" {
					t.Errorf("import (lang %q): got stdout %q, want none", tc.lang, r.stdout)
				}
			}
			r := run(t, nil, "scorecard", "--db", d, "--region", "440784", "--period", "2023-06", "--json")
			if r.code != 0 {
				t.Fatalf("scorecard: got exit %d, want 0\nstderr: %s", r.code, r.stderr)
			}
			if inds := decode(t, r.stdout)["indicators"].([]any); len(inds) != 0 {
				t.Errorf("scorecard after a rejected import: got %d indicators, want none", len(inds))
			}
			r = run(t, nil, "ranking", "--db", d, "--parent", "440700", "--indicator", "retail", "--period", "2023-06", "--json")
			if rows := decode(t, r.stdout)["rows"].([]any); r.code != 0 || len(rows) != 0 {
				t.Errorf("ranking after a rejected import: got exit %d and %d rows, want 0 and none", r.code, len(rows))
			}
		})
	}
}

func TestUsage(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "x.db")
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		want   string // in stderr, or in stdout when help was asked for (exit 0)
		stdout bool
	}{
		{"no command", nil, 2, "命令：", false},
		{"unknown command", []string{"frobnicate"}, 2, "未知命令「frobnicate」", false},
		{"help", []string{"help"}, 0, "pacer scorecard", true},
		{"--help", []string{"--help"}, 0, "pacer setup", true},
		{"-h", []string{"-h"}, 0, "pacer unit add", true},
		{"import without files", []string{"import", "--db", d}, 2, "没有给出文件", false},
		{"scorecard without region", []string{"scorecard", "--db", d, "--period", "2023-06"}, 2, "需要 --region 和 --period", false},
		{"scorecard without period", []string{"scorecard", "--db", d, "--region", "440784"}, 2, "需要 --region 和 --period", false},
		{"ranking without indicator", []string{"ranking", "--db", d, "--parent", "440700", "--period", "2023-06"}, 2, "需要 --parent", false},
		{"unknown flag", []string{"scorecard", "--db", d, "--regoin", "440784"}, 2, "flag provided but not defined", false},
		{"scorecard -h", []string{"scorecard", "-h"}, 0, "-region", true},
		{"unit add --help", []string{"unit", "add", "--help"}, 0, "单位名称", true},
		{"setup -h", []string{"setup", "-h"}, 0, "当前年份", true},
		{"unit without subcommand", []string{"unit"}, 2, "pacer unit add 代码", false},
		{"bad period", []string{"scorecard", "--db", d, "--region", "440784", "--period", "2023-6"}, 1, "期别「2023-6」无效", false},
		{"unknown region", []string{"scorecard", "--db", d, "--region", "999999", "--period", "2023-06"}, 1, "未知地区代码「999999」", false},
		{"bad by", []string{"ranking", "--db", d, "--parent", "440700", "--indicator", "retail", "--period", "2023-06", "--by", "speed"}, 1, "排名依据", false},
		{"missing file", []string{"import", "--db", d, filepath.Join(dir, "nope.csv")}, 1, "nope.csv", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, nil, tc.args...)
			out, other := r.stderr, r.stdout
			if tc.stdout {
				out, other = r.stdout, r.stderr
			}
			if r.code != tc.code || !strings.Contains(out, tc.want) || (tc.stdout && other != "") {
				t.Errorf("pacer %v: got exit %d, stdout\n%s\nstderr\n%s\nwant exit %d and %q in std%s only", tc.args, r.code, r.stdout, r.stderr, tc.code, tc.want,
					map[bool]string{true: "out", false: "err"}[tc.stdout])
			}
		})
	}
	// None of the misuses left a default pacer.db behind in the working directory.
	if _, err := os.Stat("pacer.db"); err == nil {
		t.Errorf("got a pacer.db in the package directory, want none")
	}
}

// stopWhenServing cancels a context once the demo says where it serves.
type stopWhenServing struct {
	bytes.Buffer
	cancel func()
}

func (w *stopWhenServing) Write(p []byte) (int, error) {
	n, err := w.Buffer.Write(p)
	if strings.Contains(w.String(), "打开 http://") {
		w.cancel()
	}
	return n, err
}

// `pacer demo` recreates its SQLite file each time and serves it until the context ends.
func TestDemo(t *testing.T) {
	d := filepath.Join(t.TempDir(), "demo.db")
	for i := range 2 { // the second run starts from a fresh file, not a conflict
		serving, cancel := context.WithCancel(ctx)
		out := &stopWhenServing{cancel: cancel}
		var errb bytes.Buffer
		code := cli.Main(serving, cli.Env{Stdout: out, Stderr: &errb, Getenv: func(string) string { return "" }},
			[]string{"demo", "--addr", "127.0.0.1:0", "--db", d})
		cancel()
		if code != 0 || !strings.Contains(out.String(), "打开 http://127.0.0.1:") {
			t.Fatalf("demo run %d: got exit %d\nstdout: %s\nstderr: %s", i+1, code, out.String(), errb.String())
		}
	}
	r := run(t, nil, "scorecard", "--db", d, "--region", "440784", "--period", "2023-06", "--json")
	gdp := find(t, decode(t, r.stdout), "indicators", "code", "gdp")
	if !near(gdp["value"], 223.83) || !near(find(t, gdp, "targets", "tier", "assigned")["required_growth"], 10.87) {
		t.Errorf("demo database: got gdp %v, want 223.83 needing 10.87%%", gdp)
	}
	if r := run(t, nil, "demo", "--db", "postgres://postgres@127.0.0.1:5432/test"); r.code != 2 {
		t.Errorf("demo on PostgreSQL: got exit %d, want 2 (the demo builds a SQLite file)", r.code)
	}
}

// Without TZ the county's day is kept in China Standard Time, whatever the machine's zone; with
// TZ the operator's choice stands.
func TestLocalZone(t *testing.T) {
	loc := cli.LocalZone(func(string) string { return "" })
	if loc == nil || loc.String() != "Asia/Shanghai" {
		t.Fatalf("no TZ: got %v, want Asia/Shanghai", loc)
	}
	// 2023-08-27 17:00 UTC is already the 28th in the county: a follow-up due on the 27th is overdue.
	at := time.Date(2023, 8, 27, 17, 0, 0, 0, time.UTC)
	if day := at.In(loc).Format("2006-01-02"); day != "2023-08-28" {
		t.Errorf("the county's day at %v: got %s, want 2023-08-28", at, day)
	}
	if loc := cli.LocalZone(func(k string) string {
		if k == "TZ" {
			return "UTC"
		}
		return ""
	}); loc != nil {
		t.Errorf("TZ=UTC: got %v, want the operator's zone left alone", loc)
	}
}
