package ingest_test

import (
	"slices"
	"strings"
	"testing"

	"pacer/internal/ingest"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// A long table whose region_name disagrees with its region_code's name is imported with a
// warning naming the row, in the preview and in the import; a matching name, or a leading part
// of it, gives none.
func TestRegionNameDisagreeingWarns(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		f := writeFile(t, dir, "june.csv", csvText("region_code,region_name,indicator,period,value,growth",
			"440784,鹤山市,retail,2023-06,70.13,5.4",
			"440784,鹤山,fai,2023-06,,3.1",
			"440784,开平市,gdp,2023-06,300.5,4.2",
			"440784,,trade,2023-06,119.8,"))
		svc := ingest.New(s)
		tables, err := sheet.ReadFile(f, sheet.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"june.csv:4: 地区名称「开平市」与地区代码 440784（「鹤山市」）不符"}
		pv, err := svc.Preview(ctx, tables, ingest.BulletinOptions{Layout: ingest.LayoutAuto})
		if err != nil {
			t.Fatal(err)
		}
		if got := nameWarnings(pv.Warnings); !slices.Equal(got, want) {
			t.Errorf("preview warnings: got %q, want %q", got, want)
		}
		res, err := svc.ImportFiles(ctx, []string{f}, ingest.BulletinOptions{Layout: ingest.LayoutLong})
		if err != nil {
			t.Fatal(err)
		}
		if got := nameWarnings(res.Warnings); !slices.Equal(got, want) {
			t.Errorf("import warnings: got %q, want %q", got, want)
		}
		if res.Observations.New != 4 {
			t.Errorf("import: got %+v, want all 4 rows added", res.Observations)
		}
		for _, w := range res.Warnings {
			if w.Kind == ingest.WarnRegionName && !strings.Contains(w.Format("en"), "does not match") {
				t.Errorf("in English: got %q", w.Format("en"))
			}
		}
	})
}

func nameWarnings(ws ingest.Warnings) []string {
	var out []string
	for _, w := range ws {
		if w.Kind == ingest.WarnRegionName {
			out = append(out, w.Format("zh-CN"))
		}
	}
	return out
}
