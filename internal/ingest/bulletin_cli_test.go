package ingest_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"pacer/internal/cli"
	"pacer/internal/store/storetest"
)

func pacer(t *testing.T, lang string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(ctx, cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "PACER_LANG" {
				return lang
			}
			return ""
		}}, args)
	return code, out.String(), errb.String()
}

// TestCLIImportBulletin runs `pacer import --layout auto` as an analyst would, on both databases.
func TestCLIImportBulletin(t *testing.T) {
	const file = "testdata/bulletin-jiangmen-2023-06.xlsx"
	for _, d := range []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "county.db") }},
		{"postgres", func(t *testing.T) string {
			dsn, drop := storetest.NewPostgresSchema(t)
			t.Cleanup(drop)
			return dsn
		}},
	} {
		t.Run(d.name, func(t *testing.T) {
			db := d.db(t)
			code, out, errs := pacer(t, "", "import", "--db", db, "--layout", "auto", file)
			if code != 1 || out != "" || !strings.Contains(errs, "bulletin-jiangmen-2023-06.xlsx:鹤山市!A11: 「农林牧渔业总产值」— 应为指标名称") ||
				!strings.Contains(errs, "共 1 处错误，未写入任何数据") {
				t.Fatalf("unmapped: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
			}
			code, out, errs = pacer(t, "en", "import", "--db", db, "--layout", "auto", "--map", "农林牧渔业总产值=-", file)
			if code != 0 || errs != "" {
				t.Fatalf("with --map: exit %d\n%s\n%s", code, out, errs)
			}
			for _, want := range []string{
				"bulletin-jiangmen-2023-06.xlsx:各县（市、区）: region-rows, 440700 江门市, 2023-06\n",
				"bulletin-jiangmen-2023-06.xlsx:鹤山市: indicator-rows, 440784 鹤山市, 2023-06\n",
				"observations: 55 new, 0 revised, 0 unchanged\n",
				"published ranks: 20 new, 0 revised, 0 unchanged\n",
				"mappings remembered for [bulletin-jiangmen] (1 changed)\n",
				"3 warning(s) (the figures were written):\n",
				"  bulletin-jiangmen-2023-06.xlsx:各县（市、区）!I5: 440700 retail: total 635.6 differs from the sum of 6 regions, 605.53, by 30.07 (1 more region(s) publish no value)\n",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			if strings.Index(out, "warning(s)") < strings.Index(out, "batch ") {
				t.Errorf("warnings must follow the write summary:\n%s", out)
			}
			// Remembered: the same source imports again without --map, changing nothing.
			code, out, _ = pacer(t, "", "import", "--db", db, "--layout", "auto", file)
			if code != 0 || !strings.Contains(out, "观测值：新增 0，修订 0，未变 55") || !strings.Contains(out, "没有变化，未写入") {
				t.Errorf("again: exit %d\n%s", code, out)
			}
		})
	}
}

func TestCLIImportFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if code, _, errs := pacer(t, "", "import", "--db", db, "--layout", "wide", "a.xlsx"); code != 2 || !strings.Contains(errs, "--layout「wide」无效") {
		t.Errorf("bad layout: %d %s", code, errs)
	}
	if code, _, errs := pacer(t, "", "import", "--db", db, "--map", "a=gdp", "a.xlsx"); code != 2 || !strings.Contains(errs, "--layout auto") {
		t.Errorf("--map without a bulletin layout: %d %s", code, errs)
	}
}
