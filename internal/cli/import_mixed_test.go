package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// `pacer import` given a key-projects file, a leads file and a figures file with Chinese headers
// in one command (as a bureau sends them): each goes to its import and all are written — the
// figures file is not taken for a key-project table and refused for its header.
func TestImportProjectsLeadsAndFiguresTogether(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "taishan.db")
	p := writeFile(t, dir, "proj.csv", "项目编号,项目名称,级别,类别,地区代码,阶段,总投资,年度计划,年份\nTS1,台山项目,省重点,工业,440781,动工,50,12,2023\n")
	l := writeFile(t, dir, "leads.csv", "code,name,stage,investment,industry,source_region,team,region_code,signed_date\n"+
		"L1,lead,签约,8,新材料,大湾区,招商一组,440781,2023-08-15\n")
	s := writeFile(t, dir, "stats.csv", "地区,指标名称,期别,累计值,增速(%)\n台山市,社会消费品零售总额,2023年1-9月,130.4,7.5\n")
	r := run(t, nil, "import", "--db", db, p, l, s)
	if r.code != 0 {
		t.Fatalf("import: got exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"项目：新增 1", "招商线索（leads.csv）：新增 1 条", "观测值：新增 1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("import: stdout lacks %q:\n%s", want, r.stdout)
		}
	}
}
