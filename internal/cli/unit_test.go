package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSetupAndUnits walks a county that is not Heshan from an empty database with the commands
// the README gives: setup, units, a reporter, an import; each step's output and refusals in
// the chosen language.
func TestSetupAndUnits(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "taishan.db")
	en := map[string]string{"PACER_LANG": "en"}
	units := filepath.Join(dir, "units.csv")
	units2 := filepath.Join(dir, "units2.csv")
	for path, body := range map[string]string{units: "440781-tjj,台山市统计局,440781,部门,gdp\n", units2: "440781-fgj,台山市发改局,440781,部门,\n"} {
		if err := os.WriteFile(path, []byte("code,name,region_code,kind,indicators\n"+body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name  string
		env   map[string]string
		stdin string
		args  []string
		code  int
		want  string // in stdout when code is 0, else in stderr
		not   string // not in stdout
	}{
		{"setup before it is done", nil, "", []string{"setup"}, 1, "尚未完成首次设置", ""},
		{"setup", nil, "", []string{"setup", "--region", "440781", "--year", "2023"}, 0, "本地区：台山市（440781），当前年份：2023", ""},
		{"setup shows it", en, "", []string{"setup"}, 0, "home region: 台山市 (440781), current year: 2023", ""},
		{"setup, the default draft day", nil, "", []string{"setup"}, 0, "每月12日7时自动生成经济运行分析初稿", ""},
		{"setup, a draft day", nil, "", []string{"setup", "--draft-day", "5"}, 0, "每月5日7时自动生成经济运行分析初稿", ""},
		{"setup, a bad draft day", nil, "", []string{"setup", "--draft-day", "30"}, 1, "初稿日须为每月1至28日之间的一天，收到的是30", ""},
		{"setup, a town", nil, "", []string{"setup", "--region", "440784001", "--year", "2023"}, 1, "不是县级或地级地区", ""},
		{"setup, bad year", nil, "", []string{"setup", "--region", "440781", "--year", "23"}, 1, "年份「23」无效", ""},
		{"a reporter before its unit", nil, "Str0ng-Pass\n", []string{"user", "add", "ts_swj", "--role", "reporter", "--unit", "440781-swj"}, 1, "未知单位代码「440781-swj」", ""},
		{"unit add", nil, "", []string{"unit", "add", "440781-swj", "--name", "台山市商务局", "--region", "440781"}, 0, "已新增单位 440781-swj（台山市商务局，部门，440781）", ""},
		{"unit add, a new town", en, "", []string{"unit", "add", "440781001", "--name", "台城街道", "--region", "440781", "--kind", "town"}, 0, "unit 440781001 added (台城街道, town, 440781001)", ""},
		{"unit add, taken", nil, "", []string{"unit", "add", "440781-swj", "--name", "x", "--region", "440781"}, 1, "单位代码「440781-swj」已存在", ""},
		{"unit add, no name", nil, "", []string{"unit", "add", "440781-x", "--region", "440781"}, 1, "请填写单位名称", ""},
		{"unit add, two codes", nil, "", []string{"unit", "add", "a", "b", "--name", "x", "--region", "440781"}, 2, "用法：", ""},
		{"unit indicators", nil, "", []string{"unit", "indicators", "440781-swj", "retail,trade"}, 0, "单位 440781-swj 报送：retail,trade", ""},
		{"unit indicators, unknown", nil, "", []string{"unit", "indicators", "440781-swj", "retail,nope"}, 1, "未知指标「nope」", ""},
		{"unit rename", nil, "", []string{"unit", "rename", "440781-swj", "--name", "台山市商务局（口岸）"}, 0, "单位 440781-swj 已改名为「台山市商务局（口岸）」", ""},
		{"a reporter of the unit", nil, "Str0ng-Pass\n", []string{"user", "add", "ts_swj", "--role", "reporter", "--unit", "440781-swj"}, 0, "已创建账号 ts_swj（填报员）", ""},
		{"retire a unit with a reporter", nil, "", []string{"unit", "retire", "440781-swj"}, 1, "还有 1 个在用的填报账号", ""},
		{"retire the town", nil, "", []string{"unit", "retire", "440781001"}, 0, "单位 440781001 已撤销", ""},
		{"unit list", nil, "", []string{"unit", "list", "--region", "440781"}, 0, "440781-swj  台山市商务局（口岸）  部门  440781     在用    retail,trade", ""},
		{"unit list, English", en, "", []string{"unit", "list"}, 0, "440781001   台城街道              town        440781001  retired", ""},
		{"unit, unknown subcommand", nil, "", []string{"unit", "delete", "x"}, 2, "pacer unit add 代码", ""},
		// A units file says what it did to units, not the figures it had none of.
		{"import a units file", nil, "", []string{"import", units}, 0, "单位：新增 1；报送指标：新增 1", "观测值"},
		{"import another, English", en, "", []string{"import", units2}, 0, "units: 1 new; indicators reported: 0 new", "observations"},
	}
	for _, st := range steps {
		var r result
		if st.stdin != "" {
			r = runIn(t, st.stdin, append(st.args, "--db", db)...)
		} else {
			r = run(t, st.env, append(st.args, "--db", db)...)
		}
		out := r.stdout
		if st.code != 0 {
			out = r.stderr
		}
		if r.code != st.code || !strings.Contains(out, st.want) || st.not != "" && strings.Contains(r.stdout, st.not) {
			t.Errorf("%s: pacer %v: got exit %d, stdout\n%s\nstderr\n%s\nwant exit %d and %q, without %q", st.name, st.args, r.code, r.stdout, r.stderr, st.code, st.want, st.not)
		}
	}
}
