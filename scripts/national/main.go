// Command national is the helper of scripts/bench-national.sh (issue 16, acceptance 3): it
// writes the national catalogue's figures as the long-format files `pacer import` takes, reads
// them back the cheapest way (the floor an import is compared with), and times the scorecard and
// the national ranking on a loaded database. It is not part of the pacer binary.
//
//	go run ./scripts/national gen -dir D [-units N] [-years Y] [-xlsx ROWS]
//	go run ./scripts/national readcsv FILE...
//	go run ./scripts/national readxlsx FILE
//	go run ./scripts/national query -db DSN [-units N] [-n RUNS]
//	go run ./scripts/national county [-units N]      the county query and the dashboard look at
package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"pacer/internal/catalog"
	"pacer/internal/domain"
	"pacer/internal/scorecard"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// LastYear is the last year of figures; the files hold Years years of months up to its December,
// and targets for it.
const LastYear = 2025

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: national gen|readcsv|readxlsx|query …")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "readcsv":
		err = readCSV(os.Args[2:])
	case "readxlsx":
		err = readXLSX(os.Args[2:])
	case "query":
		err = query(os.Args[2:])
	case "county":
		err = county(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "national:", err)
		os.Exit(1)
	}
}

// counties returns n county-level units of the catalogue spread evenly over it (all when n <= 0
// or n is at least their number), in catalogue order (ascending codes). The sets of 100, 500,
// 1000 and all are nested: unit i of 100 is unit 5i of 500 and 10i of 1000.
func counties(n int) ([]string, error) {
	regions, err := catalog.Regions()
	if err != nil {
		return nil, err
	}
	var all []string
	for _, r := range regions {
		if r.Level == domain.LevelCounty {
			all = append(all, r.Code)
		}
	}
	if n <= 0 || n >= len(all) {
		return all, nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = all[i*len(all)/n]
	}
	return out, nil
}

// gen writes, for the units, every built-in indicator's monthly cumulative figures over the years
// (one CSV per quarter: the whole nation is 213,375 rows a quarter, under the import's 300,000
// rows a file) and targets for the last year (targets.csv); with -xlsx ROWS, also slice.xlsx, an
// observation workbook of that many rows over the same units.
func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	dir := fs.String("dir", "", "directory to write into")
	n := fs.Int("units", 0, "county-level units (0: all)")
	from := fs.Int("from", 0, "leave out the units of -units FROM (loaded before): the sets are nested")
	years := fs.Int("years", 10, "years of months, up to December of LastYear")
	xlsxRows := fs.Int("xlsx", 0, "also write slice.xlsx with this many rows")
	fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("gen: -dir is required")
	}
	units, err := counties(*n)
	if err != nil {
		return err
	}
	if *from > 0 {
		before, err := counties(*from)
		if err != nil {
			return err
		}
		units = slices.DeleteFunc(units, func(c string) bool { _, found := slices.BinarySearch(before, c); return found })
	}
	inds := catalog.Indicators()
	first := LastYear - *years + 1
	type series struct {
		base, yearly float64 // a full year's value in the first year; its yearly growth factor
	}
	ser := make([]series, len(units)*len(inds))
	for u, code := range units { // a unit's figures depend on its code only, whichever slice holds it
		c, _ := strconv.ParseUint(code, 10, 64)
		rng := rand.New(rand.NewPCG(c, 25))
		for k := range inds {
			ser[u*len(inds)+k] = series{base: 20 + rng.Float64()*480, yearly: 1 + (-2+rng.Float64()*12)/100}
		}
	}
	fmtNum := func(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }
	value := func(u, k, year, month int) float64 {
		s, ind := ser[u*len(inds)+k], inds[k]
		v := s.base * math.Pow(s.yearly, float64(year-first))
		switch ind.Kind {
		case domain.KindCount:
			v = (1 + math.Floor(v/40)) * float64(month) // a few a month, counted from January
		case domain.KindLevel, domain.KindStock:
			// a level or a balance: not cumulative
		default:
			v = v * float64(month) / 12
		}
		p := math.Pow10(ind.Precision)
		return math.Round(v*p) / p
	}
	rows := 0
	for year := first; year <= LastYear; year++ {
		for q := 1; q <= 4; q++ {
			path := filepath.Join(*dir, fmt.Sprintf("obs-%dQ%d.csv", year, q))
			err := writeCSV(path, []string{"region_code", "indicator", "period", "value", "growth"}, func(w *csv.Writer) error {
				for u, region := range units {
					for k, ind := range inds {
						for month := 3*q - 2; month <= 3*q; month++ {
							v := value(u, k, year, month)
							growth := ""
							if year > first {
								prev := value(u, k, year-1, month)
								if prev != 0 {
									growth = fmtNum(math.Round((v/prev-1)*1000)/10, 1)
								}
							}
							val := fmtNum(v, ind.Precision)
							if ind.Kind == domain.KindRate {
								val = "" // published as a growth only
								if growth == "" {
									growth = "0.0"
								}
							}
							if err := w.Write([]string{region, ind.Code, fmt.Sprintf("%d-%02d", year, month), val, growth}); err != nil {
								return err
							}
							rows++
						}
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	targets := 0
	err = writeCSV(filepath.Join(*dir, "targets.csv"), []string{"region_code", "indicator", "year", "tier", "value", "growth"}, func(w *csv.Writer) error {
		for u, region := range units {
			for k, ind := range inds {
				g := fmtNum(float64(4+(u+k)%7), 1)
				if ind.Direction == domain.Down {
					g = "-3.0"
				}
				if err := w.Write([]string{region, ind.Code, strconv.Itoa(LastYear), "assigned", "", g}); err != nil {
					return err
				}
				targets++
				if ind.Kind != domain.KindRate {
					v := value(u, k, LastYear-1, 12) * 1.12
					if ind.Direction == domain.Down {
						v = value(u, k, LastYear-1, 12) * 0.95
					}
					if err := w.Write([]string{region, ind.Code, strconv.Itoa(LastYear), "stretch", fmtNum(v, ind.Precision), ""}); err != nil {
						return err
					}
					targets++
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("wrote %d units × %d indicators × %d months = %d observations in %d files, %d targets\n",
		len(units), len(inds), *years*12, rows, *years*4, targets)
	if *xlsxRows > 0 {
		if err := sheet.WriteBenchObservations(filepath.Join(*dir, "slice.xlsx"), units, *xlsxRows); err != nil {
			return err
		}
		fmt.Printf("wrote slice.xlsx: %d rows\n", *xlsxRows)
	}
	return nil
}

func writeCSV(path string, header []string, body func(*csv.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	if err := w.Write(header); err != nil {
		f.Close()
		return err
	}
	if err := body(w); err != nil {
		f.Close()
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readCSV is the floor of a CSV import: encoding/csv reading every record of the files and
// parsing the two numbers of each, nothing kept.
func readCSV(paths []string) error {
	start := time.Now()
	rows := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
		r.ReuseRecord = true
		for line := 0; ; line++ {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return err
			}
			if len(rec) == 5 && line > 0 {
				for _, c := range rec[3:] {
					if c != "" {
						if _, err := strconv.ParseFloat(c, 64); err != nil {
							f.Close()
							return err
						}
					}
				}
			}
			if line > 0 {
				rows++
			}
		}
		f.Close()
	}
	el := time.Since(start)
	fmt.Printf("csv read: %d rows in %.2f s, %.0f rows/s\n", rows, el.Seconds(), float64(rows)/el.Seconds())
	return nil
}

// readXLSX is the floor of an xlsx import: excelize reading every cell of the first sheet.
func readXLSX(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("readxlsx FILE")
	}
	start := time.Now()
	f, err := excelize.OpenFile(args[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	defer f.Close()
	rs, err := f.Rows(f.GetSheetList()[0])
	if err != nil {
		return err
	}
	rows := 0
	for rs.Next() {
		if _, err := rs.Columns(); err != nil {
			return err
		}
		rows++
	}
	if err := rs.Close(); err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Printf("excelize read: %d rows in %.2f s, %.0f rows/s\n", rows, el.Seconds(), float64(rows)/el.Seconds())
	return nil
}

// query times, on a loaded database, one county's scorecard and the national ranking of the
// county-level units on one indicator (fresh computations: no cache), each -n times, and prints
// the median and the fastest.
func query(args []string) error {
	fs := flag.NewFlagSet("query", flag.ExitOnError)
	dsn := fs.String("db", "", "database (SQLite path or postgres:// URL)")
	n := fs.Int("units", 0, "units loaded (for the label)")
	runs := fs.Int("n", 5, "runs of each")
	fs.Parse(args)
	ctx := context.Background()
	s, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	units, err := counties(*n)
	if err != nil {
		return err
	}
	period := fmt.Sprintf("%d-06", LastYear)
	county := units[len(units)/2]
	label := strconv.Itoa(len(units))
	measure := func(what string, f func() (int, error)) error {
		var ds []time.Duration
		size := 0
		for range *runs {
			t0 := time.Now()
			k, err := f()
			if err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			ds = append(ds, time.Since(t0))
			size = k
		}
		slices.Sort(ds)
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		fmt.Printf("units=%-5s %-44s rows=%-5d median %9.2f ms  min %9.2f ms  (%d runs)\n", label, what, size, ms(ds[len(ds)/2]), ms(ds[0]), len(ds))
		return nil
	}
	if err := measure("scorecard "+county+" "+period, func() (int, error) {
		sc, err := scorecard.Build(ctx, s, county, period)
		if err != nil {
			return 0, err
		}
		return len(sc.Indicators), nil
	}); err != nil {
		return err
	}
	for _, ind := range []string{"retail", "fai"} {
		if err := measure("ranking CN "+ind+" "+period+" by growth", func() (int, error) {
			rk, err := scorecard.BuildRanking(ctx, s, "CN", ind, period, "growth")
			if err != nil {
				return 0, err
			}
			ranked := 0
			for _, r := range rk.Rows {
				if r.Rank > 0 {
					ranked++
				}
			}
			if ranked != len(units) {
				return 0, fmt.Errorf("%d units ranked, want %d", ranked, len(units))
			}
			return ranked, nil
		}); err != nil {
			return err
		}
	}
	return nil
}

// county prints the county-level unit query times the scorecard of (the middle one of -units).
func county(args []string) error {
	fs := flag.NewFlagSet("county", flag.ExitOnError)
	n := fs.Int("units", 0, "units loaded")
	fs.Parse(args)
	units, err := counties(*n)
	if err != nil {
		return err
	}
	fmt.Println(units[len(units)/2])
	return nil
}
