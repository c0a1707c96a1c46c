package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestBackupRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "c.db"), filepath.Join(dir, "c.bak")
	stats := writeFile(t, dir, "s.csv", "region_code,indicator,period,value,growth\n440784,retail,2023-06,70.13,5.4\n")
	if r := runIn(t, "", "import", "--db", db, stats); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	if r := runIn(t, "", "backup", "--db", db, "--out", out); r.code != 0 || !strings.Contains(r.stdout, "校验") {
		t.Fatalf("backup: got %d %q %s", r.code, r.stdout, r.stderr)
	}
	writeFile(t, dir, "s.csv", "region_code,indicator,period,value,growth\n440784,retail,2023-06,99.99,5.4\n")
	if r := runIn(t, "", "import", "--db", db, stats); r.code != 0 {
		t.Fatalf("second import: %d %s", r.code, r.stderr)
	}
	if r := runIn(t, "", "restore", "--db", db, out); r.code != 0 {
		t.Fatalf("restore: %d %s", r.code, r.stderr)
	}
	r := runIn(t, "", "ranking", "--db", db, "--parent", "440700", "--indicator", "retail", "--period", "2023-06", "--json")
	if !strings.Contains(r.stdout, "70.13") || strings.Contains(r.stdout, "99.99") {
		t.Errorf("after restore: got %s, want 70.13 back", r.stdout)
	}
	if r := runIn(t, "", "backup", "--db", db); r.code != 2 {
		t.Errorf("backup without --out: got %d, want 2", r.code)
	}
}
