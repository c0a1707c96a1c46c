package projects_test

import (
	"testing"

	"pacer/internal/figures"
	"pacer/internal/projects"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

func BenchmarkRegisterImportFiguresSQLite(b *testing.B) {
	benchmarkImportFigures(b, storetest.OpenSQLite)
}
func BenchmarkRegisterImportFiguresPostgres(b *testing.B) {
	benchmarkImportFigures(b, storetest.OpenPostgres)
}

// benchmarkImportFigures is benchmarkImport with the workflow wired to record the register
// figures (as app.Services wires it): the province's import and then the figures of its 122
// counties for the twelve months. Its ratio to BenchmarkRegisterImport* is what recording the
// figures costs an import.
func benchmarkImportFigures(b *testing.B, open func(testing.TB) *store.Store) {
	files := benchFiles(b)
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		if _, err := projects.New(s).UseFigures(figures.New(s)).ImportFiles(ctx, files, projects.Options{Actor: "bench"}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		figs, err := s.RegisterFigures(ctx, store.ObservationQuery{Indicators: []string{"key_project_investment"}})
		if err != nil || len(figs) != len(bench.counties)*12 {
			b.Fatalf("got %d figures (%v), want %d", len(figs), err, len(bench.counties)*12)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(bench.rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
