package ingest_test

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"pacer/internal/catalog"
	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// memUnits is how many county-level units BenchmarkImportMemory's files cover: with the 25
// built-in indicators and 3 years of months, 200 units make 180,000 figures.
const (
	memUnits = 200
	memYears = 3
)

func BenchmarkImportMemorySQLite(b *testing.B)   { benchmarkImportMemory(b, storetest.OpenSQLite) }
func BenchmarkImportMemoryPostgres(b *testing.B) { benchmarkImportMemory(b, storetest.OpenPostgres) }

// benchmarkImportMemory imports long-format CSV files (one a year, as scripts/national writes
// them) into a fresh store twice, as `pacer import` does: the first time every figure is new, the
// second every figure is unchanged (the stored figures are read to compare). It reports the peak
// of the live heap over each import, in bytes per figure (peak-B/figure: the first import,
// reimport-B/figure: the second), sampled every millisecond; the heap before the import is
// subtracted.
func benchmarkImportMemory(b *testing.B, open func(testing.TB) *store.Store) {
	paths, n := memoryFiles(b)
	var peak, again float64
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		for round := range 2 {
			p, res := peakHeap(b, func() (*ingest.BulletinResult, error) {
				return ingest.New(s).ImportFiles(ctx, paths, ingest.BulletinOptions{Layout: ingest.LayoutLong,
					Options: ingest.Options{Actor: "bench"}})
			})
			want := store.Counts{New: n}
			if round == 1 {
				want = store.Counts{Unchanged: n}
			}
			if res.Observations != want {
				b.Fatalf("round %d: got %+v, want %+v", round, res.Observations, want)
			}
			if len(res.Warnings) != 0 {
				b.Fatalf("round %d: got %d warnings, the first %s", round, len(res.Warnings), res.Warnings[0].Format("zh"))
			}
			if round == 0 {
				peak = max(peak, p)
			} else {
				again = max(again, p)
			}
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(peak/float64(n), "peak-B/figure")
	b.ReportMetric(again/float64(n), "reimport-B/figure")
	b.ReportMetric(float64(n), "figures")
}

// peakHeap runs f and returns the peak of the live heap while it ran, less the heap before.
func peakHeap(b *testing.B, f func() (*ingest.BulletinResult, error)) (float64, *ingest.BulletinResult) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var top atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if v := read(); v > top.Load() {
				top.Store(v)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	res, err := f()
	close(stop)
	<-done
	if err != nil {
		b.Fatal(err)
	}
	return float64(top.Load()) - float64(base), res
}

// memoryFiles writes, once per process, one observations CSV a year: memUnits county-level
// units × the built-in indicators × memYears years of months, cumulative values growing 5% a
// year with their growth, so no row draws a warning.
func memoryFiles(b *testing.B) ([]string, int) {
	b.Helper()
	regions, err := catalog.Regions()
	if err != nil {
		b.Fatal(err)
	}
	var codes []string
	for _, r := range regions {
		if r.Level == domain.LevelCounty && len(codes) < memUnits {
			codes = append(codes, r.Code)
		}
	}
	s := storetest.OpenSQLite(b)
	inds, err := s.Indicators(ctx)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	var paths []string
	n := 0
	for y := range memYears {
		year := 2023 + y
		path := filepath.Join(dir, fmt.Sprintf("obs-%d.csv", year))
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		w := csv.NewWriter(f)
		w.Write([]string{"region_code", "indicator", "period", "value", "growth"})
		for _, c := range codes {
			for _, ind := range inds {
				for m := 1; m <= 12; m++ {
					v := float64(m) * 100 * math.Pow(1.05, float64(y))
					growth := ""
					if y > 0 {
						growth = "5.0"
					}
					w.Write([]string{c, ind.Code, fmt.Sprintf("%d-%02d", year, m), strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64), growth})
					n++
				}
			}
		}
		w.Flush()
		if err := w.Error(); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths, n
}
