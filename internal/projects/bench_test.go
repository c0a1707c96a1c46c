package projects_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"pacer/internal/catalog"
	"pacer/internal/domain"
	"pacer/internal/projects"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// The benchmark of issue 12, item 11: a province of 122 counties (Guangdong, 440000, in the
// built-in catalogue) with 300 key projects each and 12 monthly progress reports, as 13 .xlsx
// files (the register and one progress file a month: 36,600 + 12 × 36,600 rows).
//
//	BenchmarkRegisterExcelizeRead  excelize merely reading every cell of the 13 files (the floor)
//	BenchmarkRegisterImport{SQLite,Postgres}  `pacer import` of the 13 files into a fresh store
//	BenchmarkProvince{SQLite,Postgres}/{Summary,Aggregate}{County,Province}  the projects summary
//	    of one county and of the province against one SQL aggregate reading the same rows
//
// scripts/bench-projects.sh prints the ratios (goal ≥ 0.5 for each).

const (
	benchProvince = "440000"
	benchCounty   = "440784"
	benchPer      = 300
	benchPeriod   = "2023-12"
)

var bench struct {
	once     sync.Once
	dir      string
	files    []string
	counties []string
	rows     int
	err      error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// benchFiles writes the province's register and progress files once per process.
func benchFiles(b *testing.B) []string {
	b.Helper()
	bench.once.Do(func() {
		regions, err := catalog.Regions()
		if err != nil {
			bench.err = err
			return
		}
		parent := map[string]string{}
		for _, r := range regions {
			parent[r.Code] = r.Parent
		}
		for _, r := range regions {
			if r.Level == domain.LevelCounty && parent[r.Parent] == benchProvince {
				bench.counties = append(bench.counties, r.Code)
			}
		}
		if len(bench.counties) != 122 {
			bench.err = fmt.Errorf("got %d counties in %s, want 122", len(bench.counties), benchProvince)
			return
		}
		if bench.dir, bench.err = os.MkdirTemp("", "pacer-projects-bench-"); bench.err != nil {
			return
		}
		rng := rand.New(rand.NewPCG(122, 300))
		n := len(bench.counties) * benchPer
		plans := make([]float64, n)
		code := func(i int) string { return fmt.Sprintf("%s-%03d", bench.counties[i/benchPer], i%benchPer) }
		write := func(name string, header []any, row func(i int) []any) {
			if bench.err != nil {
				return
			}
			path := filepath.Join(bench.dir, name)
			f := excelize.NewFile()
			sw, err := f.NewStreamWriter("Sheet1")
			if err != nil {
				bench.err = err
				return
			}
			sw.SetRow("A1", header)
			for i := range n {
				cell, _ := excelize.CoordinatesToCellName(1, i+2)
				if err := sw.SetRow(cell, row(i)); err != nil {
					bench.err = err
					return
				}
			}
			if err := sw.Flush(); err != nil {
				bench.err = err
				return
			}
			bench.err = f.SaveAs(path)
			f.Close()
			bench.files = append(bench.files, path)
			bench.rows += n + 1
		}
		write("projects.xlsx", []any{"code", "name", "level", "category", "region_code", "stage", "total_investment", "annual_plan", "year", "owner_unit", "leader"},
			func(i int) []any {
				plans[i] = math.Round(rng.Float64()*500+10) / 100
				return []any{code(i), fmt.Sprintf("项目%d", i), domain.ProjectLevels[i%3], domain.ProjectCategories[i%6], bench.counties[i/benchPer],
					domain.ProjectStages[i%9], plans[i] * 3, plans[i], 2023, "单位", "领导"}
			})
		for m := 1; m <= 12; m++ {
			period := fmt.Sprintf("2023-%02d", m)
			write("progress-"+period+".xlsx", []any{"project_code", "period", "completed"}, func(i int) []any {
				return []any{code(i), period, math.Round(plans[i]*float64(m)/12*100) / 100}
			})
		}
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.files
}

// BenchmarkRegisterExcelizeRead is the floor: excelize merely reading every cell of the files.
func BenchmarkRegisterExcelizeRead(b *testing.B) {
	files := benchFiles(b)
	for b.Loop() {
		n := 0
		for _, path := range files {
			f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
			if err != nil {
				b.Fatal(err)
			}
			rows, err := f.Rows(f.GetSheetList()[0])
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				if _, err := rows.Columns(); err != nil {
					b.Fatal(err)
				}
				n++
			}
			rows.Close()
			f.Close()
		}
		if n != bench.rows {
			b.Fatalf("got %d rows, want %d", n, bench.rows)
		}
	}
	b.ReportMetric(float64(bench.rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkRegisterImportSQLite(b *testing.B)   { benchmarkImport(b, storetest.OpenSQLite) }
func BenchmarkRegisterImportPostgres(b *testing.B) { benchmarkImport(b, storetest.OpenPostgres) }

// benchmarkImport imports the files into a fresh store each iteration (opening it is not timed)
// as `pacer import` does: read, check every row, write in one transaction.
func benchmarkImport(b *testing.B, open func(testing.TB) *store.Store) {
	files := benchFiles(b)
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		res, err := projects.New(s).ImportFiles(ctx, files, projects.Options{Actor: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		if res.Projects.New != len(bench.counties)*benchPer || res.Progress.New != 12*len(bench.counties)*benchPer {
			b.Fatalf("got %+v", res.ProjectResult)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(bench.rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkProvinceSQLite(b *testing.B)   { benchmarkProvince(b, storetest.OpenSQLite) }
func BenchmarkProvincePostgres(b *testing.B) { benchmarkProvince(b, storetest.OpenPostgres) }

// benchmarkProvince loads the province once, then times the summary of one county and of the
// whole province against the store's one SQL aggregate over the same rows (the same regions).
func benchmarkProvince(b *testing.B, open func(testing.TB) *store.Store) {
	files := benchFiles(b)
	s := open(b)
	w := projects.New(s)
	if _, err := w.ImportFiles(ctx, files, projects.Options{Actor: "bench"}); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct{ name, region string }{{"County", benchCounty}, {"Province", benchProvince}} {
		want, err := w.Summary(ctx, tc.region, benchPeriod)
		if err != nil {
			b.Fatal(err)
		}
		codes := regionCodes(b, s, tc.region)
		tot, err := s.ProjectTotals(ctx, codes, benchPeriod)
		if err != nil {
			b.Fatal(err)
		}
		if tot.Count != want.Count || math.Abs(tot.Completed-want.Completed) > 0.01 || math.Abs(tot.Planned-want.Planned) > 0.01 {
			b.Fatalf("%s: summary %d/%v/%v, aggregate %+v", tc.name, want.Count, want.Planned, want.Completed, tot)
		}
		b.Run("Summary"+tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := w.Summary(ctx, tc.region, benchPeriod); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Aggregate"+tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.ProjectTotals(ctx, codes, benchPeriod); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// regionCodes is region and every region under it, as the summary reads them.
func regionCodes(b *testing.B, s *store.Store, region string) []string {
	all, err := s.Regions(ctx)
	if err != nil {
		b.Fatal(err)
	}
	children := map[string][]string{}
	for _, r := range all {
		children[r.Parent] = append(children[r.Parent], r.Code)
	}
	out := []string{}
	for q := []string{region}; len(q) > 0; q = q[1:] {
		out = append(out, q[0])
		q = append(q, children[q[0]]...)
	}
	return out
}
