package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"pacer/internal/app"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
	"pacer/internal/web"
)

// The analyst's and administrators' pages: goal tree editing, targets, import, audit log and
// accounts, driven through HTTP as a browser would (sign-in, cookie, form token).

const mgPassword = "Demo-2023x"

// mgSetup serves a fresh SQLite store with the demo loaded and its accounts set up.
func mgSetup(t *testing.T) (*store.Store, string) {
	t.Helper()
	t.Setenv("TMPDIR", t.TempDir()) // pending uploads go under os.TempDir()
	s := storetest.OpenSQLite(t)
	if _, err := demo.Load(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SetUp(t.Context(), s, mgPassword); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer((&web.Server{Services: app.Services(s), HomeRegion: demo.Region, HomePeriod: demo.Period}).Handler())
	t.Cleanup(srv.Close)
	return s, srv.URL
}

type mgClient struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

var mgCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// mgLogin signs in as user, keeping the session cookie, and reads the form token of the page
// the sign-in lands on.
func mgLogin(t *testing.T, base, user string) *mgClient {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &mgClient{t: t, base: base, c: &http.Client{Jar: jar}}
	res, err := c.c.PostForm(base+"/login", url.Values{"username": {user}, "password": {mgPassword}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := mgCSRF.FindSubmatch(b)
	if m == nil {
		t.Fatalf("login as %s: got %d and no form token\n%s", user, res.StatusCode, b)
	}
	c.csrf = string(m[1])
	return c
}

func (c *mgClient) do(req *http.Request) (int, http.Header, []byte) {
	c.t.Helper()
	res, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return res.StatusCode, res.Header, b
}

func (c *mgClient) get(path string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	code, _, b := c.do(req)
	return code, string(b)
}

func (c *mgClient) getBytes(path string) (int, http.Header, []byte) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	return c.do(req)
}

func (c *mgClient) post(path string, form url.Values) (int, string) {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", c.csrf)
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	code, _, b := c.do(req)
	return code, string(b)
}

// upload posts a file as the import form does; with header the token goes in X-CSRF-Token (as
// static/import.js sends it) instead of the form.
func (c *mgClient) upload(name string, data []byte, header bool) (int, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if !header {
		mw.WriteField("csrf", c.csrf)
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		c.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+"/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if header {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	code, _, b := c.do(req)
	return code, string(b)
}

// mgXLSX opens a downloaded workbook and returns its first sheet's rows.
func mgXLSX(t *testing.T, h http.Header, b []byte) (*excelize.File, string, [][]string) {
	t.Helper()
	if ct := h.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("got Content-Type %q, want an xlsx\n%.500s", ct, b)
	}
	if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
		t.Errorf("got Content-Disposition %q, want an attachment", cd)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	name := f.GetSheetName(0)
	rows, err := f.GetRows(name)
	if err != nil {
		t.Fatal(err)
	}
	return f, name, rows
}

func mgAudit(t *testing.T, s *store.Store) []store.AuditEntry {
	t.Helper()
	es, err := s.AuditLog(t.Context(), 100000)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func mgFindAudit(es []store.AuditEntry, action, object string) *store.AuditEntry {
	for i := range es {
		if es[i].Action == action && (object == "" || es[i].Object == object) {
			return &es[i]
		}
	}
	return nil
}

func mgMeasureLI(body string, id int64) string {
	return regexp.MustCompile(fmt.Sprintf(`(?s)<li class="gt-measure" id="m%d">.*?</li>`, id)).FindString(body)
}

func TestManageGoalTree(t *testing.T) {
	s, base := mgSetup(t)
	an := mgLogin(t, base, "demo-analyst")
	code, body := an.get("/goaltree")
	if code != http.StatusOK {
		t.Fatalf("GET /goaltree: got %d\n%s", code, body)
	}
	for _, want := range []string{"总目标", "坚持“制造业当家”", "地区生产总值", "鹤山市发展和改革局", `action="/goaltree/measures"`, `action="/goaltree/focus"`} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /goaltree: got no %q", want)
		}
	}
	tree, err := s.GoalTree(t.Context(), demo.Region, demo.Year)
	if err != nil || len(tree) < 2 {
		t.Fatalf("goal tree: %v %v", tree, err)
	}
	fp := tree[1]
	text := "测试举措：培育限上商贸企业"

	// Add a measure.
	code, body = an.post("/goaltree/measures", url.Values{"focus_id": {fmt.Sprint(fp.ID)}, "text": {text}, "figure": {"12"}, "figure_unit": {"家"}})
	if code != http.StatusOK || !strings.Contains(body, text) {
		t.Fatalf("add measure: got %d, want the page with %q\n%.2000s", code, text, body)
	}
	var id int64
	tree, _ = s.GoalTree(t.Context(), demo.Region, demo.Year)
	for _, m := range tree[1].Measures {
		if m.Text == text {
			id = m.ID
		}
	}
	if id == 0 {
		t.Fatalf("added measure not in the goal tree: %+v", tree[1].Measures)
	}

	// Link an indicator and set owner units.
	code, body = an.post(fmt.Sprintf("/goaltree/measures/%d", id), url.Values{"text": {text}, "figure": {"12"}, "figure_unit": {"家"},
		"indicator": {"retail"}, "owner": {demo.Region + "-swj", demo.Region + "-tjj"}})
	li := mgMeasureLI(body, id)
	if code != http.StatusOK || li == "" {
		t.Fatalf("edit measure: got %d and no measure %d\n%.2000s", code, id, body)
	}
	for _, want := range []string{"社会消费品零售总额", "鹤山市商务局", "鹤山市统计局", "/indicators/retail"} {
		if !strings.Contains(li, want) {
			t.Errorf("edited measure: got no %q in\n%s", want, li)
		}
	}
	if m, _, err := s.Measure(t.Context(), id); err != nil || m.IndicatorCode != "retail" || m.OwnerUnits != demo.Region+"-swj,"+demo.Region+"-tjj" {
		t.Errorf("stored measure: got %+v %v", m, err)
	}

	// A bad figure is refused with a message, nothing changed.
	code, body = an.post(fmt.Sprintf("/goaltree/measures/%d", id), url.Values{"text": {text}, "figure": {"约12"}})
	if code != http.StatusBadRequest || !strings.Contains(body, "约12") {
		t.Errorf("bad figure: got %d, want 400 naming the value", code)
	}
	// Unknown measure: 404.
	if code, _ := an.post("/goaltree/measures/999999", url.Values{"text": {"x"}}); code != http.StatusNotFound {
		t.Errorf("edit unknown measure: got %d, want 404", code)
	}

	// Archive: gone from the page, kept in the audit log.
	code, body = an.post(fmt.Sprintf("/goaltree/measures/%d/archive", id), nil)
	if code != http.StatusOK || strings.Contains(body, text) {
		t.Errorf("archive: got %d, want the page without the measure", code)
	}
	if code, _ := an.post(fmt.Sprintf("/goaltree/measures/%d", id), url.Values{"text": {"again"}}); code != http.StatusNotFound {
		t.Errorf("edit an archived measure: got %d, want 404", code)
	}
	es := mgAudit(t, s)
	obj := fmt.Sprintf("measure:%d", id)
	for _, action := range []string{"measure.create", "measure.update", "measure.archive"} {
		e := mgFindAudit(es, action, obj)
		if e == nil {
			t.Errorf("audit: got no %s of %s", action, obj)
			continue
		}
		if e.Actor != "demo-analyst (analyst)" {
			t.Errorf("audit %s: got actor %q", action, e.Actor)
		}
	}
	if e := mgFindAudit(es, "measure.update", obj); e != nil && (!strings.Contains(e.OldValue, "indicator= ") || !strings.Contains(e.NewValue, "indicator=retail")) {
		t.Errorf("audit measure.update: got %q → %q, want the indicator old → new", e.OldValue, e.NewValue)
	}
	if e := mgFindAudit(es, "measure.archive", obj); e != nil && !strings.Contains(e.OldValue, text) {
		t.Errorf("audit measure.archive: got old %q, want the measure's text", e.OldValue)
	}

	// Add a focus point.
	code, body = an.post("/goaltree/focus", url.Values{"region": {demo.Region}, "year": {"2023"}, "title": {"新增着力点：数字经济"}})
	if code != http.StatusOK || !strings.Contains(body, "新增着力点：数字经济") {
		t.Errorf("add focus point: got %d", code)
	}
	if code, _ := an.post("/goaltree/focus", url.Values{"region": {demo.Region}, "year": {"2023"}, "title": {"  "}}); code != http.StatusBadRequest {
		t.Errorf("add focus point without a title: got %d, want 400", code)
	}

	// A cell that looks like a formula is written as text in the download.
	formula := "=HYPERLINK(\"http://example.com\",\"x\")"
	if code, _ := an.post("/goaltree/measures", url.Values{"focus_id": {fmt.Sprint(fp.ID)}, "text": {formula}}); code != http.StatusOK {
		t.Fatalf("add measure %q: got %d", formula, code)
	}
	code, h, b := an.getBytes("/goaltree?format=xlsx")
	if code != http.StatusOK {
		t.Fatalf("GET /goaltree?format=xlsx: got %d", code)
	}
	f, sheetName, rows := mgXLSX(t, h, b)
	found := false
	for r, row := range rows {
		for c, v := range row {
			if v != formula {
				continue
			}
			found = true
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if fm, _ := f.GetCellFormula(sheetName, cell); fm != "" {
				t.Errorf("cell %s: got formula %q, want text", cell, fm)
			}
			if typ, _ := f.GetCellType(sheetName, cell); typ == excelize.CellTypeFormula {
				t.Errorf("cell %s: got a formula cell", cell)
			}
		}
	}
	if !found {
		t.Errorf("goal tree xlsx: got no cell %q in %d rows", formula, len(rows))
	}
	if len(rows) < 30 || !strings.Contains(strings.Join(rows[1], "|"), "总目标") {
		t.Errorf("goal tree xlsx: got %d rows, first %v", len(rows), rows[1])
	}

	// A leader reads the tree without edit controls and may not edit it.
	ld := mgLogin(t, base, "demo-leader")
	code, body = ld.get("/goaltree")
	if code != http.StatusOK || !strings.Contains(body, "总目标") || strings.Contains(body, `action="/goaltree/measures"`) {
		t.Errorf("leader GET /goaltree: got %d, want the tree without edit forms", code)
	}
	if code, _ := ld.post("/goaltree/measures", url.Values{"focus_id": {fmt.Sprint(fp.ID)}, "text": {"x"}}); code != http.StatusForbidden {
		t.Errorf("leader POST /goaltree/measures: got %d, want 403", code)
	}
}

func TestManageTargets(t *testing.T) {
	s, base := mgSetup(t)
	an := mgLogin(t, base, "demo-analyst")
	code, body := an.get("/targets")
	if code != http.StatusOK || !strings.Contains(body, `name="gdp.stretch.value" value="500"`) || !strings.Contains(body, `name="gdp.assigned.growth" value="8"`) {
		t.Fatalf("GET /targets: got %d, want the form with gdp 500 / 8\n%.3000s", code, body)
	}
	retail := func() []domain.Target {
		ts, err := s.Targets(t.Context(), demo.Region, demo.Year)
		if err != nil {
			t.Fatal(err)
		}
		var out []domain.Target
		for _, x := range ts {
			if x.IndicatorCode == "retail" {
				out = append(out, x)
			}
		}
		return out
	}

	// Bad input: every problem named, nothing written.
	code, body = an.post("/targets", url.Values{"year": {"2023"}, "retail.assigned.value": {""}, "retail.assigned.growth": {"abc"},
		"gdp.stretch.value": {"-5"}, "gdp.stretch.growth": {""}, "gdp.assigned.value": {""}, "gdp.assigned.growth": {""}})
	if code != http.StatusBadRequest {
		t.Fatalf("POST /targets with bad input: got %d, want 400", code)
	}
	for _, want := range []string{"「社会消费品零售总额」下达目标增速「abc」不是数字", "「地区生产总值」自我加压目标值「-5」无效：应大于 0", "「地区生产总值」下达目标：不能清空已有目标"} {
		if !strings.Contains(body, want) {
			t.Errorf("POST /targets with bad input: got no %q", want)
		}
	}
	if got := retail(); len(got) != 0 {
		t.Errorf("after refused save: got retail targets %+v", got)
	}

	// A good save: one new, one revised.
	code, body = an.post("/targets", url.Values{"year": {"2023"}, "retail.assigned.value": {""}, "retail.assigned.growth": {"9%"},
		"retail.source": {"测试：年度计划"}, "gdp.stretch.value": {"520"}, "gdp.stretch.growth": {""},
		"gdp.assigned.value": {""}, "gdp.assigned.growth": {"8"}})
	if code != http.StatusOK || !strings.Contains(body, "新增 1 项，修订 1 项，未变 1 项") {
		t.Fatalf("POST /targets: got %d, want the counts\n%.3000s", code, body)
	}
	if !strings.Contains(body, `name="gdp.stretch.value" value="520"`) || !strings.Contains(body, "第 2 版") {
		t.Errorf("targets page after save: got no 520 at revision 2")
	}
	if got := retail(); len(got) != 1 || got[0].Growth == nil || *got[0].Growth != 9 || got[0].Source != "测试：年度计划" {
		t.Errorf("retail targets: got %+v", got)
	}
	// The scorecard uses the new targets.
	code, body = an.get("/api/v1/scorecard?region=440784&period=2023-06")
	var sc struct {
		Indicators []struct {
			Code    string
			Targets []struct {
				Tier          string
				Value, Growth *float64
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &sc); code != http.StatusOK || err != nil {
		t.Fatalf("scorecard: got %d %v", code, err)
	}
	seen := 0
	for _, l := range sc.Indicators {
		for _, tl := range l.Targets {
			switch {
			case l.Code == "retail" && tl.Tier == "assigned" && tl.Growth != nil && *tl.Growth == 9:
				seen++
			case l.Code == "gdp" && tl.Tier == "stretch" && tl.Value != nil && *tl.Value == 520:
				seen++
			}
		}
	}
	if seen != 2 {
		t.Errorf("scorecard: got %+v, want retail assigned growth 9 and gdp stretch 520", sc.Indicators)
	}
	// The revision is kept: audited old → new.
	es := mgAudit(t, s)
	if e := mgFindAudit(es, "target.revise", "target:440784/gdp/2023/stretch"); e == nil || e.OldValue != "value=500 growth=null" || e.NewValue != "value=520 growth=null" {
		t.Errorf("audit target.revise: got %+v", e)
	}
	if e := mgFindAudit(es, "target.create", "target:440784/retail/2023/assigned"); e == nil || e.Actor != "demo-analyst (analyst)" {
		t.Errorf("audit target.create: got %+v", e)
	}

	// Download.
	code, h, b := an.getBytes("/targets?format=xlsx")
	if code != http.StatusOK {
		t.Fatalf("GET /targets?format=xlsx: got %d", code)
	}
	_, _, rows := mgXLSX(t, h, b)
	ok := false
	for _, row := range rows {
		if len(row) > 7 && row[2] == "gdp" && row[7] == "520" {
			ok = true
		}
	}
	if !ok {
		t.Errorf("targets xlsx: got no gdp row with stretch 520 in %v", rows)
	}
	// Issue 11: the download imports back through `pacer import` unchanged.
	roundTrip(t, s, b, 2)
	// And in English: English headers, tier and indicator names.
	if code, _ := an.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}}); code != http.StatusSeeOther && code != http.StatusOK {
		t.Fatalf("POST /lang: got %d", code)
	}
	code, h, b = an.getBytes("/targets?format=xlsx")
	if code != http.StatusOK {
		t.Fatalf("GET /targets?format=xlsx in English: got %d", code)
	}
	if _, _, en := mgXLSX(t, h, b); len(en) == 0 || len(en[0]) == 0 || en[0][0] != "region_code" {
		t.Errorf("English targets xlsx: got header %v, want it to start with region_code", en[:min(1, len(en))])
	}
	roundTrip(t, s, b, 2)
	an.post("/lang", url.Values{"lang": {"zh-CN"}, "next": {"/"}})

	// A leader may not save targets.
	ld := mgLogin(t, base, "demo-leader")
	if code, _ := ld.post("/targets", url.Values{"year": {"2023"}, "gdp.stretch.value": {"600"}}); code != http.StatusForbidden {
		t.Errorf("leader POST /targets: got %d, want 403", code)
	}
	if code, _ := ld.get("/targets"); code != http.StatusForbidden {
		t.Errorf("leader GET /targets: got %d, want 403", code)
	}
}

var mgToken = regexp.MustCompile(`name="token" value="([^"]+)"`)

func TestManageImport(t *testing.T) {
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
	if code, body := an.get("/import"); code != http.StatusOK || !strings.Contains(body, `enctype="multipart/form-data"`) || !strings.Contains(body, "/static/import.js") {
		t.Fatalf("GET /import: got %d\n%s", code, body)
	}

	// A bad file: problems exactly as on the command line, nothing written, no confirmation.
	bad := []byte("region_code,indicator,period,value,growth\n440784,gdp,2023-06,abc,4.7\n999999,retail,2023-06,1,2\n440784,retail,2023-13,1,2\n")
	code, body := an.upload("bad.csv", bad, false)
	if code != http.StatusOK {
		t.Fatalf("upload bad.csv: got %d\n%s", code, body)
	}
	tab, err := sheet.ReadCSV("bad.csv", bytes.NewReader(bad), sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := ingest.LoadCatalogue(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	_, probs := ingest.Parse([]sheet.Table{tab}, cat)
	if len(probs) < 3 {
		t.Fatalf("bad.csv: got problems %v", probs)
	}
	for _, line := range strings.Split(probs.Format("zh"), "\n") {
		if !strings.Contains(body, html.EscapeString(line)) {
			t.Errorf("upload bad.csv: got no line %q", line)
		}
	}
	for _, want := range []string{"bad.csv:2:value", "bad.csv:3:region_code", "bad.csv:4:period"} {
		if !strings.Contains(body, want) {
			t.Errorf("upload bad.csv: got no %q", want)
		}
	}
	if strings.Contains(body, `action="/import/confirm"`) {
		t.Errorf("upload bad.csv: got a confirm form")
	}
	if got := count(); got != before {
		t.Errorf("after bad.csv: got %d observations, want %d", got, before)
	}

	// Not a spreadsheet.
	if code, body := an.upload("notes.txt", []byte("hello"), false); code != http.StatusUnsupportedMediaType || !strings.Contains(body, "只能导入 .xlsx 或 .csv") {
		t.Errorf("upload notes.txt: got %d", code)
	}
	// An .xlsx that is not a zip: the reader's message.
	if code, body := an.upload("fake.xlsx", []byte("not a zip at all"), false); code != http.StatusOK || !strings.Contains(body, "fake.xlsx: 不是有效的 xlsx 文件") {
		t.Errorf("upload fake.xlsx: got %d\n%.2000s", code, body)
	}
	// Too large, by the form and by the script's path.
	big := bytes.Repeat([]byte("x"), 21<<20)
	for _, header := range []bool{false, true} {
		if code, _ := an.upload("big.csv", big, header); code != http.StatusRequestEntityTooLarge {
			t.Errorf("upload 21 MB (token in header %v): got %d, want 413", header, code)
		}
	}

	// A good file: preview with new, revised and unchanged; nothing written until confirmed.
	good := []byte("region_code,indicator,period,value,growth,source\n" +
		"440784,gdp,2023-06,224.5,4.8,测试修订\n" +
		"440784,retail,2023-08,80.5,5.1,测试新增\n" +
		"440784,retail,2023-06,70.13,5.4,江门日报\n")
	code, body = an.upload("good.csv", good, true)
	if code != http.StatusOK {
		t.Fatalf("upload good.csv: got %d\n%s", code, body)
	}
	for _, want := range []string{"新增 1，修订 1，未变 1", "223.83 / 4.7%", "224.50 / 4.8%", "80.50 / 5.1%", "与现行版本相同", `action="/import/confirm"`} {
		if !strings.Contains(body, want) {
			t.Errorf("preview of good.csv: got no %q", want)
		}
	}
	m := mgToken.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("preview of good.csv: got no token\n%s", body)
	}
	if got := count(); got != before {
		t.Errorf("after preview: got %d observations, want %d (nothing written)", got, before)
	}
	// Another account cannot confirm it (not even another analyst would find it).
	au := mgLogin(t, base, "demo-auditor")
	if code, _ := au.post("/import/confirm", url.Values{"token": {m[1]}}); code != http.StatusForbidden {
		t.Errorf("auditor POST /import/confirm: got %d, want 403", code)
	}
	code, body = an.post("/import/confirm", url.Values{"token": {m[1]}})
	if code != http.StatusOK || !strings.Contains(body, "已导入，批次") {
		t.Fatalf("confirm: got %d\n%s", code, body)
	}
	if got := count(); got != before+2 {
		t.Errorf("after confirm: got %d observations, want %d", got, before+2)
	}
	cur, _ := s.Observations(t.Context(), store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"gdp"}, Periods: []string{"2023-06"}, AllRevisions: true})
	if len(cur) != 2 || *cur[1].Value != 224.5 || cur[1].Revision != 2 || !cur[1].Current || cur[0].Current {
		t.Errorf("gdp 2023-06 after confirm: got %+v, want revision 2 current and revision 1 kept", cur)
	}
	if e := mgFindAudit(mgAudit(t, s), "observation.revise", "observation:440784/gdp/2023-06"); e == nil || e.Actor != "demo-analyst (analyst)" {
		t.Errorf("audit observation.revise: got %+v", e)
	}
	// The token is spent.
	if code, _ := an.post("/import/confirm", url.Values{"token": {m[1]}}); code != http.StatusNotFound {
		t.Errorf("confirm twice: got %d, want 404", code)
	}
	if code, _ := an.get("/import?token=../../etc/passwd"); code != http.StatusNotFound {
		t.Errorf("GET /import with a bad token: got %d, want 404", code)
	}
}

func TestManageAudit(t *testing.T) {
	s, base := mgSetup(t)
	an := mgLogin(t, base, "demo-analyst")
	// The day the focus point is recorded on, in the server's time zone: read on both sides of
	// the request, as midnight may pass while it runs.
	createdFrom := time.Now().Format("2006-01-02")
	if code, _ := an.post("/goaltree/focus", url.Values{"region": {demo.Region}, "year": {"2023"}, "title": {"=1+1 审计测试"}}); code != http.StatusOK {
		t.Fatalf("add focus point: got %d", code)
	}
	createdTo := time.Now().Format("2006-01-02")
	if code, _ := an.post("/targets", url.Values{"year": {"2023"}, "retail.assigned.growth": {"9"}}); code != http.StatusOK {
		t.Fatalf("save target: got %d", code)
	}
	// A failed sign-in under a formula-like name: the audit row's actor begins with "=".
	res, err := http.PostForm(base+"/login", url.Values{"username": {"=1+1"}, "password": {"x"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	au := mgLogin(t, base, "demo-auditor")
	table := func(body string) string {
		return regexp.MustCompile(`(?s)<table class="au" id="audit-table">.*?</table>`).FindString(body)
	}
	code, body := au.get("/audit")
	if code != http.StatusOK {
		t.Fatalf("GET /audit: got %d\n%s", code, body)
	}
	tb := table(body)
	for _, want := range []string{"focus_point.create", "target.create", "demo-analyst (analyst)", "auth.login", "审计测试"} {
		if !strings.Contains(tb, want) {
			t.Errorf("GET /audit: got no %q", want)
		}
	}
	// Newest first: the auditor's own sign-in comes before the analyst's changes.
	if i, j := strings.Index(tb, "demo-auditor"), strings.Index(tb, "focus_point.create"); i < 0 || j < 0 || i > j {
		t.Errorf("GET /audit: want newest first (auditor's login at %d before the focus point at %d)", i, j)
	}
	if !strings.Contains(body, `rel="next"`) {
		t.Errorf("GET /audit: got no next page link")
	}
	if code, body := au.get("/audit?page=2"); code != http.StatusOK || !strings.Contains(body, `rel="prev"`) {
		t.Errorf("GET /audit?page=2: got %d, want a previous page link", code)
	}

	// Filters.
	_, body = au.get("/audit?action=focus_point")
	if tb := table(body); !strings.Contains(tb, "focus_point.create") || strings.Contains(tb, "auth.login") || strings.Contains(tb, "target.create") {
		t.Errorf("GET /audit?action=focus_point: got\n%s", tb)
	}
	_, body = au.get("/audit?actor=demo-analyst&action=target")
	if tb := table(body); !strings.Contains(tb, "target.create") || strings.Contains(tb, ">demo<") || strings.Contains(tb, "focus_point") {
		t.Errorf("GET /audit?actor=demo-analyst&action=target: got\n%s", tb)
	}
	if _, body = au.get("/audit?action=focus_point&from=" + createdFrom + "&to=" + createdTo); !strings.Contains(table(body), "审计测试") {
		t.Errorf("GET /audit from %s to %s: got no row of the day the focus point was recorded", createdFrom, createdTo)
	}
	if _, body = au.get("/audit?from=2000-01-01&to=2000-01-02"); !strings.Contains(body, "没有符合条件的记录") {
		t.Errorf("GET /audit in 2000: want no rows")
	}
	if code, body := au.get("/audit?from=yesterday"); code != http.StatusBadRequest || !strings.Contains(body, "yesterday") {
		t.Errorf("GET /audit?from=yesterday: got %d, want 400 naming the value", code)
	}

	// Export: the whole filtered log as xlsx; a formula-like value stays text.
	code, h, b := au.getBytes("/audit?format=xlsx")
	if code != http.StatusOK {
		t.Fatalf("GET /audit?format=xlsx: got %d", code)
	}
	f, sheetName, rows := mgXLSX(t, h, b)
	if len(rows) < 60 {
		t.Errorf("audit xlsx: got %d rows, want the whole log", len(rows))
	}
	found := false
	for r, row := range rows {
		for c, v := range row {
			if strings.HasPrefix(v, "=1+1") {
				found = true
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if fm, _ := f.GetCellFormula(sheetName, cell); fm != "" {
					t.Errorf("audit xlsx cell %s: got formula %q, want text", cell, fm)
				}
			}
		}
	}
	if !found {
		t.Errorf("audit xlsx: got no cell starting with =1+1")
	}
	if mgFindAudit(mgAudit(t, s), "audit.export", "audit_log") == nil {
		t.Errorf("the export itself is not audited")
	}

	// Only the auditor reads it; nobody can change it.
	for _, user := range []string{"demo-analyst", "demo-leader", "demo-sysadmin"} {
		c := an
		if user != "demo-analyst" {
			c = mgLogin(t, base, user)
		}
		if code, _ := c.get("/audit"); code != http.StatusForbidden {
			t.Errorf("%s GET /audit: got %d, want 403", user, code)
		}
	}
	if code, _ := au.post("/audit", nil); code != http.StatusMethodNotAllowed && code != http.StatusNotFound {
		t.Errorf("POST /audit: got %d, want 405 or 404", code)
	}
	if code, _ := au.get("/goaltree"); code != http.StatusForbidden {
		t.Errorf("auditor GET /goaltree: got %d, want 403 (no business data)", code)
	}
}

func TestManageUsers(t *testing.T) {
	s, base := mgSetup(t)
	sa := mgLogin(t, base, "demo-sysadmin")
	code, body := sa.get("/users")
	if code != http.StatusOK || !strings.Contains(body, "demo-analyst") || !strings.Contains(body, `action="/users"`) {
		t.Fatalf("GET /users: got %d\n%s", code, body)
	}
	form := func(name, role, unit, pw string) url.Values {
		return url.Values{"username": {name}, "display_name": {"张三"}, "role": {role}, "unit": {unit}, "password": {pw}, "password2": {pw}}
	}
	for _, tc := range []struct {
		form url.Values
		code int
		msg  string
	}{
		{form("zhang.san", "reporter", demo.ReporterUnit, "password1"), 400, "初始密码不符合要求"},
		{form("zhang.san", "reporter", "", "Zs-2023-abc"), 400, "填报员必须指定单位"},
		{form("zhang.san", "leader", demo.ReporterUnit, "Zs-2023-abc"), 400, "只有填报员可以指定单位"},
		{form("zhang.san", "root", "", "Zs-2023-abc"), 400, "请选择有效的角色"},
		{form("<x>", "leader", "", "Zs-2023-abc"), 400, "用户名无效"},
		{form("Demo-Analyst", "leader", "", "Zs-2023-abc"), 409, "已存在"},
		{form("zhang.san", "reporter", "nope", "Zs-2023-abc"), 404, "未知单位代码"},
	} {
		code, body := sa.post("/users", tc.form)
		if code != tc.code || !strings.Contains(body, tc.msg) {
			t.Errorf("POST /users %v: got %d, want %d with %q", tc.form, code, tc.code, tc.msg)
		}
	}
	f := form("zhang.san", "reporter", demo.ReporterUnit, "Zs-2023-abc")
	f.Set("password2", "Zs-2023-abd")
	if code, body := sa.post("/users", f); code != 400 || !strings.Contains(body, "两次输入的密码不一致") {
		t.Errorf("POST /users with different passwords: got %d", code)
	}
	code, body = sa.post("/users", form("zhang.san", "reporter", demo.ReporterUnit, "Zs-2023-abc"))
	if code != http.StatusOK || !strings.Contains(body, "已创建账号「zhang.san」") {
		t.Fatalf("POST /users: got %d\n%s", code, body)
	}
	u, err := s.UserByName(t.Context(), "zhang.san")
	if err != nil || u.Role != domain.RoleReporter || u.UnitCode != demo.ReporterUnit || !u.MustChange || u.DisplayName != "张三" {
		t.Errorf("created user: got %+v %v", u, err)
	}
	if e := mgFindAudit(mgAudit(t, s), "user.create", "user:zhang.san"); e == nil || e.Actor != "demo-sysadmin (sysadmin)" {
		t.Errorf("audit user.create: got %+v", e)
	}
	code, h, b := sa.getBytes("/users?format=xlsx")
	if code != http.StatusOK {
		t.Fatalf("GET /users?format=xlsx: got %d", code)
	}
	if _, _, rows := mgXLSX(t, h, b); !strings.Contains(fmt.Sprint(rows), "zhang.san") {
		t.Errorf("users xlsx: got %v", rows)
	}

	// Administrators have no business data; others have no accounts page.
	for _, path := range []string{"/dashboard", "/goaltree", "/targets", "/import", "/audit"} {
		if code, _ := sa.get(path); code != http.StatusForbidden {
			t.Errorf("sysadmin GET %s: got %d, want 403", path, code)
		}
	}
	an := mgLogin(t, base, "demo-analyst")
	if code, _ := an.get("/users"); code != http.StatusForbidden {
		t.Errorf("analyst GET /users: got %d, want 403", code)
	}
	if code, _ := an.post("/users", form("li.si", "analyst", "", "Ls-2023-abc")); code != http.StatusForbidden {
		t.Errorf("analyst POST /users: got %d, want 403", code)
	}
}

// A statistics bureau bulletin: an unknown name is mapped on the page, the preview lists the
// figures, confirming writes them and remembers the mapping.
// TestManageImportGBK: a bulletin saved as GBK CSV previews like a UTF-8 one, the encoding shown
// (issue 10, acceptance 5).
func TestManageImportGBK(t *testing.T) {
	_, base := mgSetup(t)
	an := mgLogin(t, base, "demo-analyst")
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("2023年1-6月江门市各县（市、区）社会消费品零售总额,,\r\n地区,1-6月（亿元）,增长（%）\r\n全市,635.6,5.9\r\n蓬江区,190.2,5.1\r\n")
	if err != nil {
		t.Fatal(err)
	}
	code, body := an.upload("jm.csv", []byte(gbk), false)
	if code != http.StatusOK || !strings.Contains(body, "GBK 编码（已转换为 UTF-8 读取）") || !strings.Contains(body, `action="/import/confirm"`) {
		t.Fatalf("upload GBK: got %d\n%s", code, body)
	}
}

func TestManageImportBulletin(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "ingest", "testdata", "bulletin-jiangmen-2023-06.xlsx"))
	if err != nil {
		t.Fatalf("bulletin workbook to upload (internal/ingest/testdata): %v", err)
	}
	s, base := mgSetup(t)
	an := mgLogin(t, base, "demo-analyst")
	code, body := an.upload("bulletin-jiangmen-2023-06.xlsx", data, false)
	if code != http.StatusOK {
		t.Fatalf("upload bulletin: got %d\n%s", code, body)
	}
	if strings.Contains(body, `action="/import/confirm"`) {
		t.Fatalf("upload bulletin: got a confirm form before the unknown name is mapped")
	}
	if !strings.Contains(body, "农林牧渔业总产值") || !strings.Contains(body, `id="import-map"`) {
		t.Fatalf("upload bulletin: got no mapping form for 农林牧渔业总产值\n%s", body)
	}
	m := mgToken.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("upload bulletin: got no token")
	}
	code, body = an.post("/import", url.Values{"token": {m[1]}, "map_key": {"农林牧渔业总产值"}, "map_code": {"-"}})
	if code != http.StatusOK || !strings.Contains(body, `action="/import/confirm"`) {
		t.Fatalf("map and preview again: got %d\n%s", code, body)
	}
	for _, want := range []string{"农林牧渔业总产值=-", "统计公报", "鹤山市", "2023-06",
		`<span class="imp-where imp-read">数值 B5（地区生产总值/绝对值）1840.5，单位亿元；增速 C5（地区生产总值/增长(%)）4.5</span>`} { // how each figure was read
		if !strings.Contains(body, want) {
			t.Errorf("bulletin preview: got no %q\n%s", want, body)
		}
	}
	m = mgToken.FindStringSubmatch(body)
	code, body = an.post("/import/confirm", url.Values{"token": {m[1]}})
	if code != http.StatusOK || !strings.Contains(body, "已导入，批次") {
		t.Fatalf("confirm bulletin: got %d\n%s", code, body)
	}
	ms, err := s.NameMappings(t.Context(), ingest.SourceName("bulletin-jiangmen-2023-06.xlsx"))
	if err != nil || len(ms) == 0 {
		t.Errorf("mappings remembered: got %v %v", ms, err)
	}
}

// Every page of this area renders in both languages with no key missing.
func TestManageTranslations(t *testing.T) {
	_, base := mgSetup(t)
	missing := regexp.MustCompile(`\[(goaltree|targets|import|audit|users|common|tier|status|role)\.[a-z0-9_.-]+\]`)
	pages := map[string][]string{
		"demo-analyst":  {"/goaltree", "/targets", "/import", "/import?token=" + strings.Repeat("x", 43)},
		"demo-auditor":  {"/audit", "/audit?from=bad"},
		"demo-sysadmin": {"/users"},
	}
	for user, paths := range pages {
		c := mgLogin(t, base, user)
		u, _ := url.Parse(base)
		for _, lang := range []string{"en", "zh-CN"} {
			c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "pacer_lang", Value: lang, Path: "/"}})
			for _, p := range paths {
				_, body := c.get(p)
				if m := missing.FindString(body); m != "" {
					t.Errorf("%s %s in %s: got missing key %s", user, p, lang, m)
				}
				if lang == "en" && !strings.Contains(body, `lang="en"`) {
					t.Errorf("%s %s: got no English page", user, p)
				}
			}
		}
	}
}

// roundTrip imports an exported targets workbook into the store it came from and checks that
// nothing changes: at least want targets unchanged, none new or revised, no batch written.
func roundTrip(t *testing.T, s *store.Store, xlsx []byte, want int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "targets-export.xlsx")
	if err := os.WriteFile(path, xlsx, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := ingest.ImportFiles(t.Context(), s, []string{path}, ingest.Options{Actor: "tester"})
	if err != nil {
		t.Fatalf("import the targets download: got %v, want no error", err)
	}
	if res.BatchID != 0 || res.Targets.New != 0 || res.Targets.Revised != 0 || res.Targets.Unchanged < want {
		t.Errorf("import the targets download: got %+v, want at least %d targets unchanged and nothing new or revised", res, want)
	}
}
