package ingest_test

import (
	"testing"

	"pacer/internal/ingest"
	"pacer/internal/sheet"
	"pacer/internal/store/storetest"
)

func BenchmarkZZParse(b *testing.B) {
	path := benchFile(b)
	s := storetest.OpenSQLite(b)
	ts, err := sheet.ReadFile(path, sheet.DefaultLimits())
	if err != nil {
		b.Fatal(err)
	}
	cat, _ := ingest.LoadCatalogue(ctx, s)
	for b.Loop() {
		if _, ps := ingest.Parse(ts, cat); len(ps) > 0 {
			b.Fatal(ps)
		}
	}
}
