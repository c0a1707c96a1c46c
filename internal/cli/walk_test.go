package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// The dry run of a targets file written as an analyst writes it (Chinese headers, names, 自我加压)
// names the tier in the language of the output, never the code: 2023年自我加压目标 / 2023 stretch
// target.
func TestDryRunTargetTier(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "county.db")
	path := writeFile(t, dir, "targets.csv", "地区,指标名称,年份,目标层级,目标值,目标增速(%)\n台山市,外贸进出口总额,2023,自我加压,200,\n台山市,外贸进出口总额,2023,下达,,5\n")
	if r := run(t, nil, "setup", "--db", db, "--region", "440781", "--year", "2023"); r.code != 0 {
		t.Fatalf("pacer setup: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"", []string{"2023年自我加压目标：200", "2023年下达目标"}},
		{"en", []string{"2023 stretch target: 200", "2023 assigned target"}},
	} {
		r := run(t, map[string]string{"PACER_LANG": c.lang}, "import", "--db", db, "--dry-run", path)
		if r.code != 0 {
			t.Fatalf("pacer import --dry-run (PACER_LANG=%q): exit %d\n%s%s", c.lang, r.code, r.stdout, r.stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("pacer import --dry-run (PACER_LANG=%q): got\n%s\nwant it to contain %q", c.lang, r.stdout, w)
			}
		}
	}
}
