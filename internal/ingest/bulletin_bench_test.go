package ingest_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"pacer/internal/catalog"
	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var provinceBench struct {
	once  sync.Once
	path  string
	units int
	err   error
}

// provinceBulletin returns a province-wide region-row bulletin, written once per process: every
// county-level unit of Guangdong (122) and a 全省 total, the built-in indicators across the
// top as two-level merged headers (indicator → 绝对值 / 增长(%)), figures as a bureau types them.
func provinceBulletin(b testing.TB) (string, int) {
	b.Helper()
	provinceBench.once.Do(func() {
		regions, err := catalog.Regions()
		if err != nil {
			provinceBench.err = err
			return
		}
		var units []domain.Region
		for _, r := range regions {
			if r.Level == domain.LevelCounty && r.Code[:2] == "44" {
				units = append(units, r)
			}
		}
		inds := catalog.Indicators()
		f := excelize.NewFile()
		defer f.Close()
		const sh = "Sheet1"
		set := func(c, r int, v any) {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue(sh, cell, v); err != nil && provinceBench.err == nil {
				provinceBench.err = err
			}
		}
		merge := func(c0, r0, c1, r1 int) {
			a, _ := excelize.CoordinatesToCellName(c0+1, r0+1)
			z, _ := excelize.CoordinatesToCellName(c1+1, r1+1)
			if err := f.MergeCell(sh, a, z); err != nil && provinceBench.err == nil {
				provinceBench.err = err
			}
		}
		width := 1 + 2*len(inds)
		set(0, 0, "2023年1-6月广东省各县（市、区）主要经济指标")
		merge(0, 0, width-1, 0)
		set(width-1, 1, "单位：亿元、%")
		set(0, 2, "地区")
		merge(0, 2, 0, 3)
		for i, ind := range inds {
			unit := ind.Unit
			set(1+2*i, 2, ind.Name+"（"+unit+"）")
			merge(1+2*i, 2, 2+2*i, 2)
			set(1+2*i, 3, "绝对值")
			set(2+2*i, 3, "增长(%)")
		}
		rng := rand.New(rand.NewPCG(1, 2))
		totals := make([]float64, len(inds))
		for k, u := range units {
			r := 5 + k
			set(0, r, u.Name)
			for i := range inds {
				v := float64(rng.IntN(100000)) / 100 // two decimals, as published
				if inds[i].Kind == domain.KindCount {
					v = float64(rng.IntN(30))
				}
				totals[i] += v
				if k%3 == 0 {
					set(1+2*i, r, fmt.Sprintf("%.2f", v)) // a text number
				} else {
					set(1+2*i, r, v)
				}
				set(2+2*i, r, fmt.Sprintf("%.1f", float64(rng.IntN(300)-100)/10))
			}
		}
		set(0, 4, "全省")
		for i := range inds {
			set(1+2*i, 4, fmt.Sprintf("%.2f", totals[i]))
			set(2+2*i, 4, "5.1%")
		}
		set(0, 6+len(units), "注：本表数据为示例。")
		dir, err := os.MkdirTemp("", "pacer-bulletin-bench-")
		if err != nil {
			provinceBench.err = err
			return
		}
		benchDirs = append(benchDirs, dir)
		provinceBench.path = filepath.Join(dir, "广东省各县主要经济指标2023-06.xlsx")
		provinceBench.units = len(units)
		if err := f.SaveAs(provinceBench.path); err != nil {
			provinceBench.err = err
		}
	})
	if provinceBench.err != nil {
		b.Fatal(provinceBench.err)
	}
	return provinceBench.path, provinceBench.units
}

// benchDirs hold the generated workbook; each test or benchmark using it removes them when done
// (removeBenchDirs), and the next one writes the same workbook again (the figures are seeded).
var benchDirs []string

func TestProvinceBulletinImports(t *testing.T) {
	path, units := provinceBulletin(t)
	defer removeBenchDirs()
	if units != 122 {
		t.Fatalf("Guangdong has %d county-level units in the catalogue, want 122", units)
	}
	s := storetest.OpenSQLite(t)
	res, err := ingest.ImportBulletinFiles(ctx, s, []string{path}, ingest.BulletinOptions{Options: ingest.Options{Actor: "bench"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := (units + 1) * len(catalog.Indicators()); res.Observations != (store.Counts{New: want}) || len(res.Warnings) != 0 {
		t.Fatalf("got %+v, %d warnings (%v), want %d new", res.Observations, len(res.Warnings), res.Warnings.Format("en"), want)
	}
}

func removeBenchDirs() {
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
	benchDirs = nil
	provinceBench = struct {
		once  sync.Once
		path  string
		units int
		err   error
	}{}
}

// BenchmarkBulletinExcelizeRead is the floor: excelize merely reading every cell of the
// province-wide bulletin.
func BenchmarkBulletinExcelizeRead(b *testing.B) {
	path, units := provinceBulletin(b)
	defer removeBenchDirs()
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
			if _, err := rows.Columns(); err != nil {
				b.Fatal(err)
			}
			n++
		}
		rows.Close()
		f.Close()
		if n < units {
			b.Fatalf("read %d rows", n)
		}
	}
}

func BenchmarkBulletinImportSQLite(b *testing.B)   { benchmarkBulletin(b, storetest.OpenSQLite) }
func BenchmarkBulletinImportPostgres(b *testing.B) { benchmarkBulletin(b, storetest.OpenPostgres) }

// benchmarkBulletin imports the province-wide bulletin into a fresh store each iteration
// (opening the store is not timed): read with merges, recognise, map names, check, warn, write.
func benchmarkBulletin(b *testing.B, open func(testing.TB) *store.Store) {
	path, units := provinceBulletin(b)
	defer removeBenchDirs()
	want := (units + 1) * len(catalog.Indicators()) // every unit and the total, every built-in indicator
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		res, err := ingest.ImportBulletinFiles(ctx, s, []string{path}, ingest.BulletinOptions{Options: ingest.Options{Actor: "bench"}})
		if err != nil {
			b.Fatal(err)
		}
		if res.Observations.New != want {
			b.Fatalf("got %+v, want %d new", res.Observations, want)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(want*b.N)/b.Elapsed().Seconds(), "figures/s")
}
