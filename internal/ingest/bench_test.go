package ingest_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"pacer/internal/catalog"
	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

const benchRows = 100_000

var bench struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// benchFile returns a 100,000-row observation workbook over the county-level regions of the
// national catalogue, written once per process.
func benchFile(b *testing.B) string {
	b.Helper()
	bench.once.Do(func() {
		regions, err := catalog.Regions()
		if err != nil {
			bench.err = err
			return
		}
		var codes []string
		for _, r := range regions {
			if r.Level == domain.LevelCounty {
				codes = append(codes, r.Code)
			}
		}
		if bench.dir, bench.err = os.MkdirTemp("", "pacer-ingest-bench-"); bench.err != nil {
			return
		}
		bench.path = filepath.Join(bench.dir, "observations-100k.xlsx")
		bench.err = sheet.WriteBenchObservations(bench.path, codes, benchRows)
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.path
}

// BenchmarkExcelizeRead is the floor: excelize merely reading every cell of the file.
func BenchmarkExcelizeRead(b *testing.B) {
	path := benchFile(b)
	for b.Loop() {
		f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows(f.GetSheetList()[0])
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			cols, err := rows.Columns()
			if err != nil {
				b.Fatal(err)
			}
			if len(cols) != 5 {
				b.Fatalf("row %d: got %d cells, want 5", n+1, len(cols))
			}
			n++
		}
		if err := rows.Close(); err != nil {
			b.Fatal(err)
		}
		f.Close()
		if n != benchRows+1 {
			b.Fatalf("got %d rows, want %d", n, benchRows+1)
		}
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkImportSQLite(b *testing.B)   { benchmarkImport(b, storetest.OpenSQLite) }
func BenchmarkImportPostgres(b *testing.B) { benchmarkImport(b, storetest.OpenPostgres) }

// benchmarkImport imports the file into a fresh store each iteration (opening the store is not
// timed) as `pacer import` does (the import workflow, long layout): read, check every row, write
// in one transaction.
func benchmarkImport(b *testing.B, open func(testing.TB) *store.Store) {
	path := benchFile(b)
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		res, err := ingest.New(s).ImportFiles(ctx, []string{path}, ingest.BulletinOptions{Layout: ingest.LayoutLong,
			Options: ingest.Options{Actor: "bench"}})
		if err != nil {
			b.Fatal(err)
		}
		if res.Observations != (store.Counts{New: benchRows}) {
			b.Fatalf("got %+v, want %d new", res.Observations, benchRows)
		}
		b.StopTimer()
		s.Close() // the schema or file goes at cleanup
		b.StartTimer()
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
