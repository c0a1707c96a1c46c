package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pacer/internal/sheet/sheettest"
)

// Regression tests for issue 9, probe items 1 and 2 (the reading side; ingest, cli and web have
// their own for what reaches the user).

const probeSheet = "xl/worksheets/sheet1.xml"

// TestProbe1_DamagedWorkbookRefused: a workbook whose sheet declares 30% of its real size (in
// the local header, the central directory, or both), or a wrong CRC-32, is refused with a message
// naming the file and the entry, before a row is taken. Today's main read 301 of 1,000 rows.
func TestProbe1_DamagedWorkbookRefused(t *testing.T) {
	good := build(t, func(f *excelize.File) {
		for r := 1; r <= 1000; r++ {
			must(t, f.SetSheetRow("数据", fmt.Sprintf("A%d", r), &[]any{"区域", r, "地区生产总值（亿元）", float64(r) / 7}))
		}
	})
	plain, err := sheettest.Plain(good)
	must(t, err)
	usize, err := sheettest.Declared(plain, probeSheet, sheettest.UncompressedSize)
	must(t, err)
	crc, err := sheettest.Declared(plain, probeSheet, sheettest.CRC32)
	must(t, err)
	short := usize * 3 / 10

	// Both forms of the undamaged workbook read in full: the cases below cannot pass by refusing
	// everything.
	for _, b := range [][]byte{good, plain} {
		tabs, err := readBytes("good.xlsx", b, Limits{})
		if err != nil {
			t.Fatalf("undamaged workbook: %v", err)
		}
		if got := len(tabs[0].Rows); got != 1000 {
			t.Fatalf("undamaged workbook: got %d rows, want 1000", got)
		}
	}

	for _, tc := range []struct {
		name  string
		base  []byte
		field sheettest.Field
		value uint32
		where sheettest.Header
		key   string // catalogue key of the message
	}{
		{"size 30% in both headers", plain, sheettest.UncompressedSize, short, sheettest.Both, "sheet.zip.size"},
		{"size 30% in the central directory", plain, sheettest.UncompressedSize, short, sheettest.Central, "sheet.zip.size"},
		{"size 30% in the local header", plain, sheettest.UncompressedSize, short, sheettest.Local, "sheet.zip.size"},
		{"size 30% with a data descriptor", good, sheettest.UncompressedSize, short, sheettest.Central, "sheet.zip.size"},
		{"size too large in both headers", plain, sheettest.UncompressedSize, usize + 100, sheettest.Both, "sheet.zip.size"},
		{"wrong CRC in both headers", plain, sheettest.CRC32, crc ^ 1, sheettest.Both, "sheet.zip.crc"},
		{"CRC zero in both headers", plain, sheettest.CRC32, 0, sheettest.Both, "sheet.zip.crc"},
		{"wrong CRC in the local header", plain, sheettest.CRC32, crc ^ 1, sheettest.Local, "sheet.zip.crc"},
		{"wrong CRC with a data descriptor", good, sheettest.CRC32, crc ^ 1, sheettest.Central, "sheet.zip.crc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad, err := sheettest.Patch(tc.base, probeSheet, tc.field, tc.value, tc.where)
			must(t, err)
			tabs, err := readBytes("damaged.xlsx", bad, Limits{})
			if err == nil {
				t.Fatalf("got %d rows and no error, want the workbook refused", len(tabs[0].Rows))
			}
			if !errors.Is(err, ErrBadZip) {
				t.Errorf("got %v, want an error wrapping ErrBadZip", err)
			}
			var e *Error
			if !errors.As(err, &e) || e.Msg.Key != tc.key {
				t.Errorf("got %#v, want message %s", err, tc.key)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "damaged.xlsx: ") || !strings.Contains(msg, probeSheet) {
				t.Errorf("got %q, want the file and the entry named", msg)
			}
		})
	}
}

// TestZipDuplicateEntryRefused: a workbook holding one part twice is refused as damaged (zip
// readers disagree on which of the two counts).
func TestZipDuplicateEntryRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "XL/Workbook.xml"} {
		w, err := zw.Create(name)
		must(t, err)
		_, err = w.Write([]byte("<a/>"))
		must(t, err)
	}
	must(t, zw.Close())
	_, err := readBytes("dup.xlsx", buf.Bytes(), Limits{})
	var e *Error
	if !errors.As(err, &e) || e.Msg.Key != "sheet.zip.duplicate" || !errors.Is(err, ErrBadZip) {
		t.Fatalf("got %v, want sheet.zip.duplicate", err)
	}
}

// TestProbe2_LongCellRefused: a cell longer than Excel's 32,767 characters is refused naming its
// sheet and cell, whether inline, a shared string or a CSV field; a cell of exactly 32,767 reads.
func TestProbe2_LongCellRefused(t *testing.T) {
	long := strings.Repeat("长", MaxCellChars+1)
	ok := strings.Repeat("长", MaxCellChars)
	for _, tc := range []struct {
		name string
		file string
		data func() []byte
		want string // "" reads; else the message holds this
	}{
		{"shared string", "a.xlsx", func() []byte {
			var b bytes.Buffer
			must(t, sheettest.HugeCell(&b, MaxCellChars+1))
			return b.Bytes()
		}, "工作表「Sheet1」单元格 A2 的内容超过 32767 个字符"},
		{"shared string at the limit", "a2.xlsx", func() []byte {
			var b bytes.Buffer
			must(t, sheettest.HugeCell(&b, MaxCellChars))
			return b.Bytes()
		}, ""},
		{"inline string", "b.xlsx", func() []byte {
			return zipOfWorkbook(t, `<row r="3"><c r="B3" t="inlineStr"><is><r><t>`+long[:len(long)/2]+`</t></r><r><t>`+long[len(long)/2:]+`</t></r></is></c></row>`)
		}, "工作表「Sheet1」单元格 B3 的内容超过 32767 个字符"},
		{"entities count as one character", "c.xlsx", func() []byte {
			return zipOfWorkbook(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>`+strings.Repeat("&amp;", MaxCellChars)+`</t></is></c></row>`)
		}, ""},
		{"exactly the limit", "d.xlsx", func() []byte {
			return build(t, func(f *excelize.File) { must(t, f.SetCellStr("数据", "A1", ok)) })
		}, ""},
		{"csv field", "e.csv", func() []byte { return []byte("a,b\n\n1,\"" + long + "\"\n") }, "第 3 行 B 列的内容超过 32767 个字符"},
		{"csv field at the limit", "f.csv", func() []byte { return []byte("a,b\n1,\"x\"\"" + ok[6:] + "\"\n") }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.file)
			must(t, os.WriteFile(path, tc.data(), 0o600))
			_, err := ReadFile(path, Limits{})
			if tc.want == "" {
				if err != nil {
					t.Fatalf("got %v, want the file read", err)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrCellTooLong) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want ErrCellTooLong saying %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), tc.file+": ") {
				t.Errorf("got %q, want the file named", err)
			}
		})
	}
}

// zipOfWorkbook is a minimal workbook of one sheet "Sheet1" whose sheetData holds rows.
func zipOfWorkbook(t *testing.T, rows string) []byte {
	return zipOf(t, map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		probeSheet:                   `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`,
	})
}

// probeChild is the environment variable that makes the test binary read one file and report
// (see TestMain), so that its peak memory is its own.
const probeChild = "PACER_SHEET_PROBE_READ"

func TestMain(m *testing.M) {
	if path := os.Getenv(probeChild); path != "" {
		start := time.Now()
		_, err := ReadFile(path, Limits{})
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		json.NewEncoder(os.Stdout).Encode(map[string]any{"error": msg, "cellTooLong": errors.Is(err, ErrCellTooLong),
			"seconds": time.Since(start).Seconds()})
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestProbe2_HugeCellBoundedMemory: a 200 MiB cell in a workbook of about 200 KB is refused with
// the reading process's peak resident memory (its max RSS, everything included: runtime, test
// binary, excelize) under 256 MiB. Today's main took the CLI to 1.5 GB. The time is logged, not
// asserted.
func TestProbe2_HugeCellBoundedMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.xlsx")
	f, err := os.Create(path)
	must(t, err)
	must(t, sheettest.HugeCell(f, 200<<20))
	must(t, f.Close())
	fi, err := os.Stat(path)
	must(t, err)

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), probeChild+"="+path)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	must(t, cmd.Run())
	var res struct {
		Error       string
		CellTooLong bool
		Seconds     float64
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("child said %q: %v", out.String(), err)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
	t.Logf("%d-byte workbook with a 200 MiB cell: %q after %.3f s, peak RSS %.1f MiB", fi.Size(), res.Error, res.Seconds, float64(rss)/(1<<20))
	if !res.CellTooLong || !strings.Contains(res.Error, "单元格 A2") {
		t.Errorf("got %q, want the cell A2 refused as too long", res.Error)
	}
	if rss >= 256<<20 {
		t.Errorf("got a peak RSS of %.1f MiB, want under 256 MiB", float64(rss)/(1<<20))
	}
}

// FuzzCellScanner: the scanner never panics, and what it finds does not depend on how the part
// is cut into chunks while it is unzipped.
func FuzzCellScanner(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`), uint8(7))
	f.Add([]byte(`<sst><si><r><t>a&amp;b</t></r><rPh><t>x</t></rPh></si><si><t><![CDATA[<>]]></t></si><!-- c --></sst>`), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, cut uint8) {
		whole := newScanner("p")
		errWhole := whole.write(data)
		parts := newScanner("p")
		var errParts error
		step := int(cut) + 1
		for i := 0; i < len(data) && errParts == nil; i += step {
			errParts = parts.write(data[i:min(i+step, len(data))])
		}
		if fmt.Sprint(errWhole) != fmt.Sprint(errParts) || whole.cellChars != parts.cellChars || whole.root != parts.root {
			t.Fatalf("whole: %v %d %q; in chunks of %d: %v %d %q", errWhole, whole.cellChars, whole.root, step, errParts, parts.cellChars, parts.root)
		}
	})
}
