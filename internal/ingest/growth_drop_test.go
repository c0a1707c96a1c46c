package ingest_test

import (
	"strings"
	"testing"

	"pacer/internal/ingest"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// A correction that leaves growth blank where the current figure has a published growth is
// imported (a revision may drop a growth), with a warning naming the row and the growth it drops,
// in the preview and in the import; a correction that keeps the growth gives no such warning.
func TestRevisionDroppingGrowthWarns(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		first := writeFile(t, dir, "june.csv", csvText("region_code,indicator,period,value,growth",
			"440784,retail,2023-06,70.13,5.4",
			"440784,fai,2023-06,,3.1"))
		if _, err := importFiles(s, first); err != nil {
			t.Fatal(err)
		}
		// Row 2 keeps its growth; row 3 revises retail's value and leaves growth blank.
		fix := writeFile(t, dir, "june-fix.csv", csvText("region_code,indicator,period,value,growth",
			"440784,fai,2023-06,,3.2",
			"440784,retail,2023-06,70.31,"))
		svc := ingest.New(s)
		tables, err := sheet.ReadFile(fix, sheet.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		want := "june-fix.csv:3: " // the header is row 1: retail is row 3
		pv, err := svc.Preview(ctx, tables, ingest.BulletinOptions{Layout: ingest.LayoutAuto})
		if err != nil {
			t.Fatal(err)
		}
		if got := dropWarnings(pv.Warnings); len(got) != 1 || !strings.HasPrefix(got[0], want) || !strings.Contains(got[0], "5.4%") {
			t.Errorf("preview warnings: got %q, want one at %s naming the dropped 5.4%%", got, want)
		}
		for _, layout := range []ingest.Layout{ingest.LayoutLong} { // the CLI's default layout
			res, err := svc.ImportFiles(ctx, []string{fix}, ingest.BulletinOptions{Layout: layout})
			if err != nil {
				t.Fatal(err)
			}
			if res.Observations.Revised != 2 {
				t.Errorf("import: got %+v, want both rows revised", res.Observations)
			}
			got := dropWarnings(res.Warnings)
			if len(got) != 1 || !strings.HasPrefix(got[0], want) || !strings.Contains(got[0], "5.4%") {
				t.Errorf("import warnings: got %q, want one at %s naming the dropped 5.4%%", got, want)
			}
			if en := res.Warnings[0].Format("en"); !strings.Contains(en, "dropped") {
				t.Errorf("in English: got %q", en)
			}
		}
		cur := observations(t, s, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}})
		if len(cur) != 1 || cur[0].Growth != nil || *cur[0].Value != 70.31 || cur[0].Revision != 2 {
			t.Errorf("retail after the correction: got %+v, want 70.31 with no growth, revision 2", cur)
		}
		all := observations(t, s, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}, AllRevisions: true})
		if len(all) != 2 || all[0].Growth == nil || *all[0].Growth != 5.4 {
			t.Errorf("revisions: got %+v, want the first with its 5.4 kept", all)
		}
	})
}

func dropWarnings(ws ingest.Warnings) []string {
	var out []string
	for _, w := range ws {
		if w.Kind == ingest.WarnGrowthDropped {
			out = append(out, w.Format("zh-CN"))
		}
	}
	return out
}
