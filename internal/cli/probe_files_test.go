package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pacer/internal/sheet"
	"pacer/internal/sheet/sheettest"
)

// Regression tests for issue 9, probe items 1 and 2, on the command line.

// TestProbe1_DamagedWorkbookCLI: `pacer import` of a 1,000-row workbook whose sheet declares 30%
// of its size, or has a wrong CRC-32, exits 1 naming the file and writes nothing. Today's main
// imported 301 rows with exit 0.
func TestProbe1_DamagedWorkbookCLI(t *testing.T) {
	rows := [][]any{{"region_code", "indicator", "period", "value", "growth"}}
	for i := range 1000 {
		rows = append(rows, []any{"440784", "gdp", fmt.Sprintf("%d-%02d", 1900+i/12, i%12+1), 100 + float64(i)/8, 4.5})
	}
	var buf bytes.Buffer
	if err := sheet.WriteXLSX(&buf, "Sheet1", rows); err != nil {
		t.Fatal(err)
	}
	good, err := sheettest.Plain(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	const part = "xl/worksheets/sheet1.xml"
	usize, _ := sheettest.Declared(good, part, sheettest.UncompressedSize)
	crc, _ := sheettest.Declared(good, part, sheettest.CRC32)
	for _, tc := range []struct {
		name  string
		field sheettest.Field
		value uint32
		want  string
	}{
		{"size 30 percent", sheettest.UncompressedSize, usize * 3 / 10, "damaged.xlsx: xlsx 文件已损坏（压缩包内「xl/worksheets/sheet1.xml」声明的大小与实际内容不符），未导入任何数据"},
		{"wrong CRC", sheettest.CRC32, crc ^ 0xFF, "damaged.xlsx: xlsx 文件已损坏（压缩包内「xl/worksheets/sheet1.xml」的 CRC-32 校验值不符），未导入任何数据"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "county.db")
			bad, err := sheettest.Patch(good, part, tc.field, tc.value, sheettest.Both)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "damaged.xlsx")
			if err := os.WriteFile(path, bad, 0o600); err != nil {
				t.Fatal(err)
			}
			r := run(t, nil, "import", "--db", db, path)
			if r.code != 1 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("got exit %d, want 1 and %q\nstderr: %s", r.code, tc.want, r.stderr)
			}
			r = run(t, nil, "scorecard", "--db", db, "--region", "440784", "--period", "1983-04", "--json")
			if inds := decode(t, r.stdout)["indicators"].([]any); r.code != 0 || len(inds) != 0 {
				t.Errorf("scorecard after a refused import: got exit %d and %d indicators, want 0 and none", r.code, len(inds))
			}
			// The same file undamaged imports all of it, so the refusal above is the damage's.
			if err := os.WriteFile(path, good, 0o600); err != nil {
				t.Fatal(err)
			}
			if r := run(t, nil, "import", "--db", db, path); r.code != 0 {
				t.Fatalf("undamaged workbook: got exit %d\nstderr: %s", r.code, r.stderr)
			}
		})
	}
}

// TestProbe2_HugeCellCLI: a 200 MiB cell is refused with a short message naming its cell (today's
// main printed all 200 MiB to stderr), and a value at Excel's limit is quoted with at most about
// 80 characters.
func TestProbe2_HugeCellCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "county.db")
	huge := filepath.Join(dir, "huge.xlsx")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := sheettest.HugeCell(f, 200<<20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r := run(t, nil, "import", "--db", db, huge)
	if want := "huge.xlsx: 工作表「Sheet1」单元格 A2 的内容超过 32767 个字符"; r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("200 MiB cell: got exit %d, want 1 and %q\nstderr: %.2000s", r.code, want, r.stderr)
	}
	if len(r.stderr) > 1024 {
		t.Errorf("200 MiB cell: got %d bytes of stderr, want at most 1 KiB", len(r.stderr))
	}

	long := writeFile(t, dir, "long.csv", "region_code,indicator,period,value,growth\n440784,gdp,2023-06,"+strings.Repeat("长", 32767)+",4.7\n")
	r = run(t, nil, "import", "--db", db, long)
	if want := "long.csv:2:value: 「" + strings.Repeat("长", 80) + "…」— 应为数字"; r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("32,767-character value: got exit %d, want 1 and %q\nstderr: %.2000s", r.code, want, r.stderr)
	}
	if len(r.stderr) > 1024 {
		t.Errorf("32,767-character value: got %d bytes of stderr, want at most 1 KiB", len(r.stderr))
	}
}
