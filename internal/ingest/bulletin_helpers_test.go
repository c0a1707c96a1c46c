package ingest_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

func openSQLite(t testing.TB) *store.Store { return storetest.OpenSQLite(t) }

// wbSheet is one sheet of a workbook built in a test: rows from A1 (nil leaves a cell empty),
// merged ranges as "A1:H1".
type wbSheet struct {
	name   string
	rows   [][]any
	merges []string
	hidden bool
	// formats are number formats by cell ("C6"): an int is a built-in format (9 is 0%, 10 is
	// 0.00%), a string a custom format code (`0.0%`, `0.00"亿元"`).
	formats map[string]any
	// hiddenRows (1-based) and hiddenCols ("E" or "E:F") are hidden.
	hiddenRows []int
	hiddenCols []string
	// formulas by cell ("C7": "B7/B6*100"): the cell keeps its value in rows as the cached result.
	formulas map[string]string
}

// writeWorkbook saves sheets as an .xlsx with excelize, as a statistics bureau's Excel would.
func writeWorkbook(t testing.TB, dir, name string, sheets ...wbSheet) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh.rows {
			for c, v := range row {
				if v == nil {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(sh.name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range sh.merges {
			a, b, _ := strings.Cut(m, ":")
			if err := f.MergeCell(sh.name, a, b); err != nil {
				t.Fatal(err)
			}
		}
		for cell, fx := range sh.formulas {
			if err := f.SetCellFormula(sh.name, cell, fx); err != nil {
				t.Fatal(err)
			}
		}
		for cell, fm := range sh.formats {
			var st excelize.Style
			switch v := fm.(type) {
			case int:
				st.NumFmt = v
			case string:
				st.CustomNumFmt = &v
			}
			id, err := f.NewStyle(&st)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(sh.name, cell, cell, id); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range sh.hiddenRows {
			if err := f.SetRowVisible(sh.name, r, false); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range sh.hiddenCols {
			if err := f.SetColVisible(sh.name, c, false); err != nil {
				t.Fatal(err)
			}
		}
		if sh.hidden {
			if err := f.SetSheetVisible(sh.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(dir, name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	for _, sh := range sheets {
		if len(sh.formulas) > 0 {
			numericFormulas(t, path)
			break
		}
	}
	return path
}

// numericFormulas rewrites the formula cells of an xlsx as Excel writes a formula with a
// numeric result (no t="str", which excelize writes after a value: <c t="str"><f>…</f><v>0.05</v>).
func numericFormulas(t testing.TB, path string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(zf.Name, "xl/worksheets/") {
			b = bytes.ReplaceAll(b, []byte(` t="str"><f>`), []byte(`><f>`))
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readTables(t testing.TB, paths ...string) []sheet.Table {
	t.Helper()
	var out []sheet.Table
	for _, p := range paths {
		ts, err := sheet.ReadFile(p, sheet.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ts...)
	}
	return out
}

// jiangmenRegionRows is a region-row bulletin of 江门市 for 2023年1-6月 (illustrative figures):
// a merged title, a 单位 note, two-level merged headers with a growth-only indicator and a rank
// column, a spacer row, names padded with full-width spaces, text numbers, — for not published,
// growth with and without %, a 注： footnote.
func jiangmenRegionRows() wbSheet {
	return wbSheet{
		name: "各县（市、区）",
		rows: [][]any{
			{"江门市各县（市、区）主要经济指标"},
			{"2023年1-6月", nil, nil, nil, nil, nil, nil, "单位：亿元、%"},
			{"地区", "地区生产总值", nil, "规模以上工业增加值", nil, "社零总额", nil, nil},
			{nil, "绝对值", "增长(%)", "增速(%)", "排名", "绝对值", "增长(%)", "位次"},
			{},
			{"全　市", 1840.5, "4.5", "3.6", nil, "635.6", "5.9%", nil},
			{"蓬 江 区", "520.3", 4.1, "2.0", "6", "190.2", "5.1", 5},
			{"江海区", 155.1, 3.8, 6.3, 2, "—", "—", "—"},
			{"新会区", 420.2, 5.2, 5.1, 3, 130.1, 6.2, 2},
			{"台山市", 230.4, 4.6, 4.2, 4, 85.3, 5.5, 3},
			{"开平市", 190.6, 4.9, 7.1, 1, 80.1, 6.8, 1},
			{"鹤　山", 223.83, "4.7%", 3.0, 5, 70.13, "5.4", 4},
			{"恩平市", 100.07, 3.2, -1.5, 7, 49.7, 4.2, 6},
			{},
			{"注：1. 地区生产总值为初步核算数，增速按可比价格计算。"},
			{"2. 规模以上工业增加值只公布增速。"},
		},
		merges: []string{"A1:H1", "A3:A4", "B3:C3", "D3:E3", "F3:H3"},
	}
}

// heshanIndicatorRows is an indicator-row bulletin of 鹤山市 for 2023年1-2月 (illustrative):
// 本月 | 同比增长 | 1-本月 | 同比增长, a 单位 column in 万元, indented 其中： rows, a heading row, a
// growth-only row, a footnote.
func heshanIndicatorRows() wbSheet {
	return wbSheet{
		name: "主要指标",
		rows: [][]any{
			{"2023年1–2月鹤山市主要经济指标"}, // an en dash, as Word and WPS autocorrect it
			{nil, nil, nil, nil, nil, "单位：万元、%"},
			{"指标名称", "单位", "本月", "同比增长(%)", "1-本月", "同比增长(%)"},
			{"一、生产", nil, nil, nil, nil, nil},
			{"地区生产总值*", "万元", "—", "—", "—", "—"},
			{"规上工业增加值", "%", "—", "—", "—", "6.2"},
			{"二、投资", nil, nil, nil, nil, nil},
			{"固定资产投资", "%", nil, nil, nil, "-5.3%"},
			{"　　其中：工业投资", "万元", "12000", "10.2", "25,000", "12.5"},
			{"三、消费", nil, nil, nil, nil, nil},
			{"社会消费品零售总额", "万元", 60000, 4.1, "125000", "4.5"},
			{"外贸进出口总额", "亿元", 6.1, -3.2, 12.4, -2.8},
			{"一般公共预算收入①", "万元", 20000, 8.0, 45000, 7.5},
			{},
			{"注：*地区生产总值按季度核算。①地方一般公共预算收入。"},
		},
		merges: []string{"A1:F1"},
	}
}

func figure(t *testing.T, s *store.Store, region, ind, period string) domain.Observation {
	t.Helper()
	got := observations(t, s, store.ObservationQuery{Regions: []string{region}, Indicators: []string{ind}, Periods: []string{period}})
	if len(got) != 1 {
		t.Fatalf("%s/%s/%s: got %d observations, want 1", region, ind, period, len(got))
	}
	return got[0]
}

func importBulletin(t *testing.T, s *store.Store, opt ingest.BulletinOptions, paths ...string) (*ingest.BulletinResult, error) {
	t.Helper()
	if opt.Actor == "" {
		opt.Actor = "tester"
	}
	return ingest.ImportBulletinFiles(ctx, s, paths, opt)
}
