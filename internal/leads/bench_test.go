package leads_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"pacer/internal/catalog"
	"pacer/internal/domain"
	"pacer/internal/leads"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// The benchmark province: Guangdong's 122 county-level units (the catalogue's), 200 leads each
// (24,400): every stage, 0.5–10.25亿, signed through 2022–2023, some 终止.
const leadsPerCounty = 200

var province = sync.OnceValues(func() ([]string, []domain.Lead) {
	regions, err := catalog.Regions()
	if err != nil {
		panic(err)
	}
	var counties []string
	for _, r := range regions {
		if r.Level == domain.LevelCounty && r.Code[:2] == "44" {
			counties = append(counties, r.Code)
		}
	}
	stages := append(append([]domain.LeadStage{}, domain.LeadStages...), domain.LeadTerminated)
	var ls []domain.Lead
	for ci, c := range counties {
		for i := range leadsPerCounty {
			st := stages[(i+ci)%len(stages)]
			l := domain.Lead{Code: fmt.Sprintf("%s-%03d", c, i), Name: fmt.Sprintf("项目%d", i), Stage: st,
				Investment: 0.5 + float64((i*7+ci)%40)/4, Industry: "装备", SourceRegion: domain.SourceRegions[i%6],
				Team: fmt.Sprintf("招商%d组", i%25), RegionCode: c, ReceivedDate: fmt.Sprintf("2023-%02d-01", 1+i%6), Sample: true}
			if st.AtOrPast(domain.LeadSigned) || st == domain.LeadTerminated {
				l.SignedDate = fmt.Sprintf("%d-%02d-%02d", 2022+i%2, 1+i%12, 1+i%28)
				l.StageDates = map[domain.LeadStage]string{domain.LeadSigned: l.SignedDate}
			}
			if st == domain.LeadTerminated {
				l.TerminateReason = "放弃"
			}
			ls = append(ls, l)
		}
	}
	return counties, ls
})

// benchStores holds, per dialect, one store with the province loaded.
var benchStores sync.Map

func provinceStore(b *testing.B, d string, open func(testing.TB) *store.Store) *store.Store {
	if s, ok := benchStores.Load(d); ok {
		return s.(*store.Store)
	}
	s := open(b)
	_, ls := province()
	if _, err := s.SaveLeads(ctx, store.Who{Username: "bench"}, ls); err != nil {
		b.Fatal(err)
	}
	benchStores.Store(d, s)
	return s
}

var counted = []string{"签约", "注册", "供地", "动工", "投产"}

// BenchmarkAttraction: the attraction summary of one county and of the province, and the one SQL
// aggregate reading the same rows (count and sum of the leads that count); scripts/bench-leads.sh
// prints aggregate/summary (goal ≥ 0.5).
func BenchmarkAttraction(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d.Name, func(b *testing.B) {
			s := provinceStore(b, d.Name, d.Open)
			w := leads.New(s)
			for _, at := range []struct{ name, region, prefix string }{{"County", "440784", "440784"}, {"Province", "440000", "44"}} {
				b.Run("Summary"+at.name, func(b *testing.B) {
					for b.Loop() {
						if _, err := w.Summary(ctx, at.region, "2023-07"); err != nil {
							b.Fatal(err)
						}
					}
				})
				b.Run("Aggregate"+at.name, func(b *testing.B) {
					for b.Loop() {
						if _, _, err := s.LeadTotals(ctx, at.prefix, counted, 1, "2023-01-01", "2023-07-31"); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

var leadsFile = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "pacer-leads-bench-")
	if err != nil {
		return "", err
	}
	_, ls := province()
	rows := [][]any{leads.ExportHeader()}
	for _, l := range ls {
		rows = append(rows, leads.ExportRow(l))
	}
	path := filepath.Join(dir, "leads-province.xlsx")
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return path, sheet.WriteXLSX(f, "leads", rows)
})

// BenchmarkLeadsExcelizeRead is the floor: excelize merely reading every cell of the province's
// leads file (24,400 rows).
func BenchmarkLeadsExcelizeRead(b *testing.B) {
	path, err := leadsFile()
	if err != nil {
		b.Fatal(err)
	}
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
			n += len(cols)
		}
		rows.Close()
		f.Close()
	}
}

// BenchmarkLeadsImport imports the province's leads file into an empty database: read, every row
// checked, one transaction (audited, revisions kept).
func BenchmarkLeadsImport(b *testing.B) {
	path, err := leadsFile()
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range storetest.Dialects {
		b.Run(d.Name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := d.Open(b)
				b.StartTimer()
				ts, err := sheet.ReadFile(path, sheet.DefaultLimits())
				if err != nil {
					b.Fatal(err)
				}
				res, err := leads.New(s).Import(ctx, ana, ts)
				if err != nil || res.New != len(ts[0].Rows)-1 {
					b.Fatalf("got %+v, %v", res, err)
				}
			}
		})
	}
}
