package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestIndicatorBasisAndLinks: pacer indicator basis|link|unlink|sums, their output and refusals.
func TestIndicatorBasisAndLinks(t *testing.T) {
	db := filepath.Join(t.TempDir(), "county.db")
	en := map[string]string{"PACER_LANG": "en"}
	for _, st := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string // in stdout when code is 0, else in stderr
	}{
		{"basis shown", nil, []string{"indicator", "basis", "key_project_investment"}, 0, "key_project_investment 的计数口径：official（统计局）"},
		{"basis set", nil, []string{"indicator", "basis", "key_project_investment", "register"}, 0, "计数口径：register（台账）"},
		{"basis again", nil, []string{"indicator", "basis", "key_project_investment", "register"}, 0, "已是 register（台账），未改动"},
		{"basis bad", nil, []string{"indicator", "basis", "key_project_investment", "both"}, 1, "计数口径「both」无效"},
		{"basis unknown indicator", nil, []string{"indicator", "basis", "nope", "register"}, 1, "nope"},
		{"link", nil, []string{"indicator", "link", "industrial_investment", "--register", "projects", "--measure", "completed", "--filter", "stage=动工; category=工业"}, 0,
			"industrial_investment 已关联台账汇总：projects completed category=工业;stage=动工"},
		{"link, bad filter", nil, []string{"indicator", "link", "industrial_investment", "--register", "projects", "--measure", "completed", "--filter", "town=x"}, 1, "筛选条件「town=x」无效"},
		{"link, bad measure", en, []string{"indicator", "link", "industrial_investment", "--register", "leads", "--measure", "completed"}, 1, "Measure \"completed\" is not valid: register leads can sum count、investment"},
		{"sums", nil, []string{"indicator", "sums"}, 0, "industrial_investment\tprojects\tcompleted\tcategory=工业;stage=动工\t分析员关联\tofficial（统计局）"},
		{"unlink", nil, []string{"indicator", "unlink", "industrial_investment"}, 0, "已取消台账汇总关联"},
		{"unlink again", nil, []string{"indicator", "unlink", "industrial_investment"}, 1, "没有关联台账汇总"},
		{"misuse", nil, []string{"indicator", "basis"}, 2, "用法："},
		{"recompute, no period", nil, []string{"indicator", "recompute", "projects", "--region", "440784"}, 2, "用法："},
		{"recompute, a register without sums", nil, []string{"indicator", "recompute", "ledger", "--region", "440784", "--period", "2023-06"}, 1, "台账「ledger」尚未接入汇总"},
	} {
		env := map[string]string{"PACER_DB": db}
		for k, v := range st.env {
			env[k] = v
		}
		r := run(t, env, st.args...)
		out := r.stdout
		if st.code != 0 {
			out = r.stderr
		}
		if r.code != st.code || !strings.Contains(out, st.want) {
			t.Errorf("%s: got %d\n%s%s\nwant %d and %q", st.name, r.code, r.stdout, r.stderr, st.code, st.want)
		}
	}
	r := run(t, map[string]string{"PACER_DB": db}, "indicator", "sums")
	if !strings.Contains(r.stdout, "key_project_investment\tprojects\tcompleted\t\t内置\tregister（台账）") || strings.Contains(r.stdout, "industrial_investment") {
		t.Errorf("sums after unlinking: got\n%s", r.stdout)
	}
}
