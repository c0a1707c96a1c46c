package web_test

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pacer/internal/sheet/sheettest"
	"pacer/internal/store"
)

// Regression tests for issue 9, probe items 1, 2, 9 and 12, through HTTP as a browser would.

// probeRows is a long-format workbook of n monthly gdp values of the demo region, every one
// new: the preview offers all of them for confirmation.
func probeRows(t *testing.T, n int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetRow("Sheet1", "A1", &[]any{"region_code", "indicator", "period", "value", "growth"}))
	for i := range n {
		period := fmt.Sprintf("%d-%02d", 1900+i/12, i%12+1)
		must(f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &[]any{"440784", "industry_va", period, 100 + float64(i)/8, 4.5}))
	}
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

// TestProbe1_DamagedWorkbookPreview: the web preview of a 1,000-row workbook whose sheet declares
// 30% of its size, or has a wrong CRC-32, says the file is damaged, offers nothing to confirm and
// writes nothing. Today's main offered the rows it could read.
func TestProbe1_DamagedWorkbookPreview(t *testing.T) {
	s, base := mgSetup(t)
	an := mgLogin(t, base, "demo-analyst")
	count := func() int {
		obs, err := s.Observations(t.Context(), store.ObservationQuery{AllRevisions: true})
		if err != nil {
			t.Fatal(err)
		}
		return len(obs)
	}
	before := count()
	good, err := sheettest.Plain(probeRows(t, 1000))
	if err != nil {
		t.Fatal(err)
	}
	const part = "xl/worksheets/sheet1.xml"
	usize, _ := sheettest.Declared(good, part, sheettest.UncompressedSize)
	crc, _ := sheettest.Declared(good, part, sheettest.CRC32)

	// The undamaged workbook is offered in full, so the refusals below mean something.
	code, body := an.upload("rows.xlsx", good, false)
	if code != http.StatusOK || !strings.Contains(body, `action="/import/confirm"`) || !strings.Contains(body, "新增 1000") {
		t.Fatalf("upload of the undamaged workbook: got %d\n%.3000s", code, body)
	}
	for _, tc := range []struct {
		name  string
		field sheettest.Field
		value uint32
		want  string
	}{
		{"size 30 percent", sheettest.UncompressedSize, usize * 3 / 10, "damaged.xlsx: xlsx 文件已损坏（压缩包内「xl/worksheets/sheet1.xml」声明的大小与实际内容不符）"},
		{"wrong CRC", sheettest.CRC32, crc ^ 0xFF, "damaged.xlsx: xlsx 文件已损坏（压缩包内「xl/worksheets/sheet1.xml」的 CRC-32 校验值不符）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad, err := sheettest.Patch(good, part, tc.field, tc.value, sheettest.Both)
			if err != nil {
				t.Fatal(err)
			}
			code, body := an.upload("damaged.xlsx", bad, false)
			if code != http.StatusOK || !strings.Contains(body, tc.want) {
				t.Errorf("got %d and no %q\n%.3000s", code, tc.want, body)
			}
			if strings.Contains(body, `action="/import/confirm"`) || strings.Contains(body, "新增 ") {
				t.Errorf("got rows offered for confirmation")
			}
			if got := count(); got != before {
				t.Errorf("got %d observations, want %d", got, before)
			}
		})
	}
}

// TestProbe2_LongValuesInPreview: a 15 MB CSV field is refused with a short page naming the row
// and column (today's main answered a 15.7 MB page), and a value at Excel's limit is quoted in the
// problem list with at most about 80 characters.
func TestProbe2_LongValuesInPreview(t *testing.T) {
	_, base := mgSetup(t)
	an := mgLogin(t, base, "demo-analyst")
	huge := "region_code,indicator,period,value,growth\n440784,gdp,2023-06,\"" + strings.Repeat("9", 15<<20) + "\",4.7\n"
	code, body := an.upload("huge.csv", []byte(huge), false)
	if code != http.StatusOK || !strings.Contains(body, "huge.csv: 第 2 行 D 列的内容超过 32767 个字符") {
		t.Errorf("15 MB field: got %d\n%.3000s", code, body)
	}
	if len(body) > 64<<10 {
		t.Errorf("15 MB field: got a page of %d bytes, want under 64 KiB", len(body))
	}

	long := strings.Repeat("长", 32767)
	code, body = an.upload("long.csv", []byte("region_code,indicator,period,value,growth\n440784,gdp,2023-06,"+long+",4.7\n"), false)
	if code != http.StatusOK || !strings.Contains(body, "long.csv:2:value: 「"+strings.Repeat("长", 80)+"…」") {
		t.Errorf("32,767-character value: got %d and not the value cut to 80 characters\n%.3000s", code, body)
	}
	if strings.Contains(body, strings.Repeat("长", 81)) || len(body) > 64<<10 {
		t.Errorf("32,767-character value: got %d bytes with more than 80 characters of it", len(body))
	}
}

// TestProbe9_UploadTooLarge: a 30 MB upload is answered 413 with the limit, in the page's
// language, whether its size is declared or only found while reading, and wherever the form
// token is. Today's main answered 403 "请求校验失败".
func TestProbe9_UploadTooLarge(t *testing.T) {
	_, base := mgSetup(t)
	an := mgLogin(t, base, "demo-analyst")
	data := bytes.Repeat([]byte("x"), 30<<20)
	for _, tc := range []struct {
		name            string
		tokenInHeader   bool
		chunked         bool
		lang, wantLimit string
	}{
		{"token in the form", false, false, "", "文件过大：上限 20 MB"},
		{"token in the header", true, false, "", "文件过大：上限 20 MB"},
		{"size not declared", false, true, "", "文件过大：上限 20 MB"},
		{"in English", false, false, "en", "The file is too large: the limit is 20 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			if !tc.tokenInHeader {
				mw.WriteField("csrf", an.csrf)
			}
			fw, _ := mw.CreateFormFile("file", "big.csv")
			fw.Write(data)
			mw.Close()
			var body io.Reader = &buf
			if tc.chunked {
				body = io.MultiReader(&buf) // no length: sent chunked
			}
			req, _ := http.NewRequest(http.MethodPost, base+"/import", body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			if tc.tokenInHeader {
				req.Header.Set("X-CSRF-Token", an.csrf)
			}
			if tc.lang != "" {
				req.AddCookie(&http.Cookie{Name: "pacer_lang", Value: tc.lang})
			}
			code, _, page := an.do(req)
			if code != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), tc.wantLimit) {
				t.Errorf("got %d, want 413 saying %q\n%.2000s", code, tc.wantLimit, page)
			}
		})
	}
	// Any other form over the cap: 413 with the cap.
	req, _ := http.NewRequest(http.MethodPost, base+"/targets", strings.NewReader("csrf="+url.QueryEscape(an.csrf)+"&x="+strings.Repeat("y", 26<<20)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if code, _, page := an.do(req); code != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "请求内容过大：上限 25 MB") {
		t.Errorf("26 MB form: got %d, want 413 with the limit\n%.2000s", code, page)
	}
}

// TestProbe12_StaticNotListed: /static/ and every directory under it answer 404; the files are
// served. Today's main listed the directory.
func TestProbe12_StaticNotListed(t *testing.T) {
	_, base := mgSetup(t)
	for _, tc := range []struct {
		path string
		code int
	}{
		{"/static/", http.StatusNotFound},
		{"/static/vendor/", http.StatusNotFound},
		{"/static/vendor/echarts/", http.StatusNotFound},
		{"/static/vendor", http.StatusNotFound},
		{"/static/app.css", http.StatusOK},
		{"/static/vendor/echarts/echarts.min.js", http.StatusOK},
		{"/static/nothing.css", http.StatusNotFound},
	} {
		res, err := http.Get(base + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.code {
			t.Errorf("GET %s: got %d, want %d", tc.path, res.StatusCode, tc.code)
		}
		if strings.Contains(string(b), `href="app.css"`) || strings.Contains(string(b), `href="vendor/"`) {
			t.Errorf("GET %s: got a directory listing", tc.path)
		}
	}
}

// TestImportPreviewMessageArguments: a file problem whose message has numbers and a nested
// message (the sheet) reads the same on the saved preview as on the command line; on main the
// numbers came back from preview.json as float64 ("%!d(float64=1001)") and the nested message as
// a map.
func TestImportPreviewMessageArguments(t *testing.T) {
	_, base := mgSetup(t)
	an := mgLogin(t, base, "demo-analyst")
	f := excelize.NewFile()
	defer f.Close()
	row := make([]any, 1001)
	for i := range row {
		row[i] = i
	}
	if err := f.SetSheetRow("Sheet1", "A1", &row); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, want string }{
		{"zh-CN", "wide.xlsx: 工作表“Sheet1”: 第 1 行的列数超过上限（有 1001 列，最后一列 ALM，上限 1000 列）"},
		{"en", "wide.xlsx: sheet “Sheet1”: too many columns in row 1 (1001 columns, the last ALM; at most 1000)"},
	} {
		an.c.Jar.SetCookies(mustURL(t, base), []*http.Cookie{{Name: "pacer_lang", Value: tc.lang, Path: "/"}})
		code, body := an.upload("wide.xlsx", buf.Bytes(), false)
		if code != http.StatusOK || !strings.Contains(body, html.EscapeString(tc.want)) {
			t.Errorf("%s: got %d and no %q\n%.3000s", tc.lang, code, tc.want, body)
		}
		if strings.Contains(body, "%!") || strings.Contains(body, "map[") {
			t.Errorf("%s: got a message with broken arguments", tc.lang)
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
