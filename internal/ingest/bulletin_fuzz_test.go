package ingest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"pacer/internal/ingest"
	"pacer/internal/sheet"
)

// fuzzSeedDir holds the workbooks FuzzBulletinLayout (bulletin_layout_fuzz_test.go) starts
// from, committed so that every `go test` replays them: the bulletins of issues 4 and 10
// (percent formats, month-first columns, one-indicator tables, names with =, earlier-period and
// hidden columns, a period in the sheet name, 合计 and short names).
const fuzzSeedDir = "testdata/fuzz/FuzzBulletinLayout"

// TestWriteBulletinFuzzSeeds writes the seed corpus of FuzzBulletinLayout with
// PACER_WRITE_FUZZ_SEEDS=1 (go test -run TestWriteBulletinFuzzSeeds ./internal/ingest/);
// otherwise it checks that every seed is there and is a bulletin the import reads figures from.
func TestWriteBulletinFuzzSeeds(t *testing.T) {
	if os.Getenv("PACER_WRITE_FUZZ_SEEDS") != "1" {
		ents, err := os.ReadDir(fuzzSeedDir)
		if err != nil || len(ents) < 8 {
			t.Fatalf("seed corpus %s: got %d files (%v), want at least 8", fuzzSeedDir, len(ents), err)
		}
		s := openSQLite(t)
		for _, e := range ents { // each seed is a bulletin the recogniser reads figures from
			b, err := os.ReadFile(filepath.Join(fuzzSeedDir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			q, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "go test fuzz v1\n[]byte(")
			data, err := strconv.Unquote(strings.TrimSuffix(q, ")"))
			if !ok || err != nil {
				t.Fatalf("%s: not a corpus file (%v)", e.Name(), err)
			}
			tables, err := sheet.ReadXLSX(e.Name()+".xlsx", strings.NewReader(data), int64(len(data)), sheet.Limits{})
			if err != nil {
				t.Fatalf("%s: %v", e.Name(), err)
			}
			pv, err := ingest.PreviewBulletin(ctx, s, tables, ingest.BulletinOptions{Maps: []string{"居民消费价格指数(上年同期=100)=-"}})
			if err != nil {
				t.Fatalf("%s: %v", e.Name(), err)
			}
			if pv.New == 0 || len(pv.Problems) > 0 {
				t.Errorf("%s: got %d new figures, problems %s; want figures and no problems", e.Name(), pv.New, pv.Problems.Format("zh"))
			}
		}
		return
	}
	dir := t.TempDir()
	pct := jiangmenRegionRows()
	pct.rows[5][2], pct.rows[6][2], pct.rows[11][1] = 0.045, 0.041, 2238300
	pct.formats = map[string]any{"C6": 10, "C7": "0.0%", "B12": `0"万元"`}
	monthFirst := wbSheet{name: "鹤山", rows: [][]any{
		{"鹤山市主要经济指标（2023年1-9月）"},
		{"指标", "单位", "9月", "1-9月", "9月比上年同月增长(%)", "1-9月比上年同期增长(%)"},
		{"社会消费品零售总额", "亿元", 8.1, 71.3, 7.7, 6.3},
		{"居民消费价格指数（上年同期=100）", "%", 101.2, 100.8, nil, nil},
	}}
	oneInd := wbSheet{name: "社零", rows: [][]any{
		{"2023年1-5月江门市各市（区）社会消费品零售总额"},
		{"地区", "1-5月（万元）", "增长（%）"},
		{"全市", 5230000, 5.9}, {"蓬江区", 1560000, 5.1}, {"鹤山市", 580000, 5.4},
	}, merges: []string{"A1:C1"}}
	earlier := wbSheet{name: "鹤山（隐藏列）", rows: [][]any{
		{"鹤山市2023年1-5月主要经济指标"},
		{"指标", "单位", "1-4月", "1-4月增速(%)", "1-5月", "增长(%)"},
		{"社会消费品零售总额", "亿元", 46.1, 5.0, 58.0, 5.4},
	}, hiddenCols: []string{"C:D"}, hiddenRows: []int{4}}
	sheetPeriod := wbSheet{name: "2023.03", rows: [][]any{
		{"各县（市、区）社会消费品零售总额"},
		{"地区", "1-3月（亿元）", "增长（%）"},
		{"合计", 300.0, 5.9}, {"蓬江区", 90.0, 5.1}, {"鹤山", 35.0, 5.4}, {"开平", 40.0, 6.1},
	}}
	cover := wbSheet{name: "封面", rows: [][]any{{"江门统计月报"}, {"2023年第6期"}}}
	seeds := map[string][]wbSheet{
		"region-rows":      {jiangmenRegionRows()},
		"indicator-rows":   {heshanIndicatorRows()},
		"percent-formats":  {pct},
		"month-first":      {monthFirst},
		"one-indicator":    {oneInd},
		"earlier-hidden":   {earlier},
		"sheet-period":     {sheetPeriod},
		"monthly-workbook": {cover, jiangmenRegionRows(), heshanIndicatorRows()},
	}
	if err := os.MkdirAll(fuzzSeedDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, sheets := range seeds {
		b, err := os.ReadFile(writeWorkbook(t, dir, name+".xlsx", sheets...))
		if err != nil {
			t.Fatal(err)
		}
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(b)))
		if err := os.WriteFile(filepath.Join(fuzzSeedDir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
