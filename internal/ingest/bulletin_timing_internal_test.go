package ingest

import (
	"context"
	"os"
	"testing"
	"time"

	"pacer/internal/sheet"
	"pacer/internal/store/storetest"
)

func TestTimingPhases(t *testing.T) {
	path := os.Getenv("BULLETIN")
	if path == "" {
		t.Skip()
	}
	for _, d := range storetest.Dialects {
		s := d.Open(t)
		ctx := context.Background()
		t0 := time.Now()
		tables, _ := readFiles([]string{path}, sheet.Limits{})
		t1 := time.Now()
		cat, _ := LoadCatalogue(ctx, s)
		t2 := time.Now()
		newResolver(cat)
		t3 := time.Now()
		p, err := prepare(ctx, s, tables, BulletinOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t4 := time.Now()
		p.warnings(ctx, s)
		t5 := time.Now()
		s.ApplyBatch(ctx, p.batch)
		t6 := time.Now()
		t.Logf("%s read %v catalogue %v resolver %v prepare(all) %v warnings %v apply %v", d.Name, t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3), t5.Sub(t4), t6.Sub(t5))
	}
}
