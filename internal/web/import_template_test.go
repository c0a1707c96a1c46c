package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// xlsxRows reads a downloaded workbook's first sheet.
func xlsxRows(t *testing.T, what string, r entryResponse) [][]string {
	t.Helper()
	if r.code != http.StatusOK || !strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("%s: got %d %s, want an xlsx\n%.800s", what, r.code, r.header.Get("Content-Type"), r.body)
	}
	ts, err := sheet.ReadXLSX(what+".xlsx", strings.NewReader(r.body), int64(len(r.body)), sheet.DefaultLimits())
	if err != nil || len(ts) != 1 {
		t.Fatalf("%s: got %d sheets, %v; want one", what, len(ts), err)
	}
	return ts[0].Rows
}

// xlsxOf writes rows (as text cells) to an .xlsx, as a spreadsheet program saves an edited file.
func xlsxOf(t *testing.T, rows [][]string) []byte {
	t.Helper()
	out := make([][]any, len(rows))
	for i, row := range rows {
		for _, c := range row {
			out[i] = append(out[i], c)
		}
	}
	var buf bytes.Buffer
	if err := sheet.WriteXLSX(&buf, "Sheet1", out); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var importTokenField = regexp.MustCompile(`<form method="post" action="/import/confirm"[^>]*>\s*<input type="hidden" name="csrf" value="[^"]*">\s*<input type="hidden" name="token" value="([^"]+)">`)

// upload posts a file to the import form and returns the preview page.
func (c *entryClient) upload(name string, data []byte) entryResponse {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		c.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+"/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	r := c.do(req)
	if r.code == http.StatusSeeOther {
		return c.get(r.location)
	}
	return r
}

// importXLSX uploads rows as an .xlsx and confirms the preview; it fails the test when the
// preview has problems, and returns the preview and the result page.
func (c *entryClient) importXLSX(name string, rows [][]string) (preview, result entryResponse) {
	c.t.Helper()
	preview = c.upload(name, xlsxOf(c.t, rows))
	m := importTokenField.FindStringSubmatch(preview.body)
	if preview.code != http.StatusOK || m == nil {
		c.t.Fatalf("upload %s: got %d without a confirmation form\n%s", name, preview.code, impProblems(preview.body))
	}
	result = c.post("/import/confirm", map[string][]string{"token": {m[1]}})
	if result.code != http.StatusOK || !strings.Contains(result.body, `id="import-result"`) {
		c.t.Fatalf("confirm %s: got %d\n%s", name, result.code, impProblems(result.body))
	}
	return preview, result
}

var impProblemsRE = regexp.MustCompile(`(?s)<pre class="imp-problems"[^>]*>(.*?)</pre>`)

func impProblems(body string) string {
	if m := impProblemsRE.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	if len(body) > 1500 {
		return body[:1500]
	}
	return body
}

func colOf(t *testing.T, head []string, name string) int {
	t.Helper()
	i := slices.Index(head, name)
	if i < 0 {
		t.Fatalf("no column %q in %v", name, head)
	}
	return i
}

func setCell(row []string, i int, v string) []string {
	for len(row) <= i {
		row = append(row, "")
	}
	row[i] = v
	return row
}

// TestImportTemplates: the import page offers the templates; each comes with Chinese headers
// and the home county's indicators and codes, imports back once filled in, and an unfilled one
// is refused row by row with the column named, writing nothing.
func TestImportTemplates(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s, base := entryDemo(t, d.Open)
			ana := entryLogin(t, base, "demo-analyst", entryDemoPassword)
			page := ana.get("/import")
			for _, want := range []string{`href="/import/template/observations"`, `href="/import/template/figures"`,
				`href="/import/template/targets"`, `href="/import/template/units"`, `href="/import/template/indicators"`,
				"数据填报模板（2023-08）", "目标模板（2023 年"} {
				if !strings.Contains(page.body, want) {
					t.Errorf("GET /import: got no %q", want)
				}
			}
			inds, err := s.Indicators(context.Background())
			if err != nil {
				t.Fatal(err)
			}

			// Figures: one row per indicator at the month after the latest with a figure (demo: 2023-07).
			rows := xlsxRows(t, "observations template", ana.get("/import/template/observations"))
			head := rows[0]
			for _, h := range []string{"地区代码", "地区", "指标代码", "指标名称", "期别", "累计值", "增速(%)"} {
				colOf(t, head, h)
			}
			if len(rows)-1 != len(inds) {
				t.Errorf("observations template: got %d rows, want one per indicator (%d)", len(rows)-1, len(inds))
			}
			reg, code, name, per := colOf(t, head, "地区代码"), colOf(t, head, "指标代码"), colOf(t, head, "指标名称"), colOf(t, head, "期别")
			val, gr := colOf(t, head, "累计值"), colOf(t, head, "增速(%)")
			for _, row := range rows[1:] {
				if row[reg] != "440784" || row[per] != "2023-08" || row[code] == "" || row[name] == "" {
					t.Errorf("observations template row %v: want 440784, an indicator code and name, 2023-08", row)
				}
			}

			// Unfilled: refused, each row named with its column, nothing written.
			empty := ana.upload("模板.xlsx", xlsxOf(t, rows))
			if importTokenField.MatchString(empty.body) || !strings.Contains(empty.body, "模板.xlsx:2:累计值") {
				t.Errorf("unfilled template: got no refusal naming row 2's 累计值\n%s", impProblems(empty.body))
			}

			// Filled: every row a growth, retail a value too.
			for i := 1; i < len(rows); i++ {
				rows[i] = setCell(rows[i], gr, "5.5")
				if rows[i][code] == "retail" {
					rows[i] = setCell(rows[i], val, "81.25")
				}
			}
			ana.get("/import")
			ana.importXLSX("填报.xlsx", rows)
			got, err := s.Observations(context.Background(), store.ObservationQuery{Regions: []string{"440784"}, Periods: []string{"2023-08"}})
			if err != nil || len(got) != len(inds) {
				t.Fatalf("after importing the filled template: got %d figures (%v), want %d", len(got), err, len(inds))
			}
			for _, o := range got {
				if o.IndicatorCode == "retail" && (o.Value == nil || *o.Value != 81.25 || *o.Growth != 5.5) {
					t.Errorf("retail 2023-08: got %+v, want 81.25 / 5.5", o)
				}
			}

			// Targets: one row per indicator and tier; the rows filled are imported, the others deleted.
			rows = xlsxRows(t, "targets template", ana.get("/import/template/targets"))
			head = rows[0]
			for _, h := range []string{"地区代码", "指标代码", "指标名称", "年份", "目标层级", "目标值", "目标增速"} {
				colOf(t, head, h)
			}
			if len(rows)-1 != 2*len(inds) {
				t.Errorf("targets template: got %d rows, want two per indicator (%d)", len(rows)-1, 2*len(inds))
			}
			code, tier, tg, yr := colOf(t, head, "指标代码"), colOf(t, head, "目标层级"), colOf(t, head, "目标增速"), colOf(t, head, "年份")
			filled := [][]string{head}
			for _, row := range rows[1:] {
				if row[yr] != "2023" || (row[tier] != "下达" && row[tier] != "自我加压") {
					t.Errorf("targets template row %v: want 2023 and 下达 or 自我加压", row)
				}
				if row[code] == "trade" {
					g := "3"
					if row[tier] == "自我加压" {
						g = "5"
					}
					filled = append(filled, setCell(row, tg, g))
				}
			}
			ana.get("/import")
			ana.importXLSX("目标.xlsx", filled)
			ts, err := s.Targets(context.Background(), "440784", 2023)
			if err != nil {
				t.Fatal(err)
			}
			trade := map[domain.Tier]float64{}
			for _, x := range ts {
				if x.IndicatorCode == "trade" && x.Growth != nil {
					trade[x.Tier] = *x.Growth
				}
			}
			if len(trade) != 2 || trade[domain.Assigned] != 3 || trade[domain.Stretch] != 5 {
				t.Errorf("trade targets after import: got %v, want assigned 3, stretch 5", trade)
			}

			// Indicator list: codes, names, the other names read, units.
			rows = xlsxRows(t, "indicator list", ana.get("/import/template/indicators"))
			head = rows[0]
			code, al, un := colOf(t, head, "指标代码"), colOf(t, head, "可识别的其他名称"), colOf(t, head, "单位")
			found := false
			for _, row := range rows[1:] {
				if row[code] == "retail" {
					found = strings.Contains(row[al], "社零") && row[un] == "亿元"
				}
			}
			if !found || len(rows)-1 != len(inds) {
				t.Errorf("indicator list: got %d rows, retail with 社零 and 亿元 %v; want %d", len(rows)-1, found, len(inds))
			}
			if r := ana.get("/import/template/nothing"); r.code != http.StatusNotFound {
				t.Errorf("unknown template: got %d, want 404", r.code)
			}
		})
	}
}

// TestImportRegisterTemplates: the import page offers a template for each register (key
// projects, attraction leads, enterprises) with Chinese headers; each downloaded template, one
// row filled in each of its sheets, is previewed and confirmed on /import as it is, and what it
// holds lands in the registers. On an English page the headers are the columns' names.
func TestImportRegisterTemplates(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s, base := entryDemo(t, d.Open)
			ana := entryLogin(t, base, "demo-analyst", entryDemoPassword)
			page := ana.get("/import")
			for _, want := range []string{`href="/import/template/projects"`, `href="/import/template/leads"`, `href="/import/template/enterprises"`,
				"重点项目模板（项目及年度计划、月度进度、节点，三张表）", "招商线索模板（", "企业模板（"} {
				if !strings.Contains(page.body, want) {
					t.Errorf("GET /import: got no %q", want)
				}
			}
			// Each sheet's one row, by heading.
			fill := map[string]map[string]string{
				"重点项目": {"项目编号": "TPL-P1", "项目名称": "模板新材料项目", "项目级别": "省重点", "项目类别": "工业", "地区代码": "440784",
					"项目阶段": "动工", "总投资（亿元）": "12", "年度计划投资（亿元）": "4", "年度": "2023", "责任单位": "鹤山市发展和改革局"},
				"月度进度": {"项目编号": "TPL-P1", "项目名称": "模板新材料项目", "月份": "2023-07", "累计完成投资（亿元）": "2.5"},
				"节点":   {"项目编号": "TPL-P1", "项目名称": "模板新材料项目", "节点": "投产", "计划日期": "2024-06-30"},
				"招商线索模板": {"线索编号": "TPL-L1", "线索名称": "模板储能项目", "阶段": "签约", "计划投资（亿元）": "3.5", "产业": "新能源",
					"来源地区": "大湾区", "招商小组": "招商一组", "地区代码": "440784", "签约日期": "2023-06-10"},
				"企业模板": {"统一社会信用代码": "91350100M000100Y43", "企业名称": "模板装备有限公司", "地区代码": "440784", "所属行业": "装备",
					"称号": "创新型中小企业 2022-05-01", "纳入规上日期": "2021-01-01", "产值（亿元）": "1.5", "税收（亿元）": "0.1"},
			}
			for _, tc := range []struct {
				kind, file string
				sheets     []string
				done       []string
			}{
				{"projects", "重点项目模板.xlsx", []string{"重点项目", "月度进度", "节点"}, []string{"重点项目（重点项目模板.xlsx）：新增 1 个", "月度进度：新增 1", "节点：新增 1"}},
				{"leads", "招商线索模板.xlsx", []string{"招商线索模板"}, []string{"招商线索（招商线索模板.xlsx）：新增 1 条"}},
				{"enterprises", "企业模板.xlsx", []string{"企业模板"}, []string{"企业（企业模板.xlsx）：新增 1 家"}},
			} {
				r := ana.get("/import/template/" + tc.kind)
				if r.code != http.StatusOK || !strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") {
					t.Fatalf("template %s: got %d %s, want an xlsx", tc.kind, r.code, r.header.Get("Content-Type"))
				}
				ts, err := sheet.ReadXLSX(tc.file, strings.NewReader(r.body), int64(len(r.body)), sheet.DefaultLimits())
				if err != nil || len(ts) != len(tc.sheets) {
					t.Fatalf("template %s: got %d sheets (%v), want %v", tc.kind, len(ts), err, tc.sheets)
				}
				var filled []sheet.Sheet
				for i, tb := range ts {
					if tb.Sheet != tc.sheets[i] || len(tb.Rows) != 1 {
						t.Fatalf("template %s sheet %d: got %q with %d rows, want %q with its header only", tc.kind, i, tb.Sheet, len(tb.Rows), tc.sheets[i])
					}
					head := tb.Rows[0]
					row := make([]any, len(head))
					for h, v := range fill[tb.Sheet] {
						row[colOf(t, head, h)] = v
					}
					hr := make([]any, len(head))
					for j, h := range head {
						hr[j] = h
					}
					filled = append(filled, sheet.Sheet{Name: tb.Sheet, Rows: [][]any{hr, row}})
				}
				var buf bytes.Buffer
				if err := sheet.WriteSheets(&buf, filled); err != nil {
					t.Fatal(err)
				}
				ana.get("/import")
				preview := ana.upload(tc.file, buf.Bytes())
				m := importTokenField.FindStringSubmatch(preview.body)
				if preview.code != http.StatusOK || m == nil {
					t.Fatalf("upload the filled %s template: got %d without a confirmation form\n%s", tc.kind, preview.code, impProblems(preview.body))
				}
				res := ana.post("/import/confirm", map[string][]string{"token": {m[1]}})
				for _, want := range tc.done {
					if res.code != http.StatusOK || !strings.Contains(res.body, want) {
						t.Errorf("confirm the %s template: got %d, want %q\n%.3000s", tc.kind, res.code, want, impProblems(res.body))
					}
				}
			}
			ctx := context.Background()
			if p, err := s.Project(ctx, "TPL-P1"); err != nil || p.Name != "模板新材料项目" || p.RegionCode != "440784" {
				t.Errorf("project TPL-P1: got %+v (%v)", p, err)
			}
			if pr, err := s.ProjectProgress(ctx, "TPL-P1"); err != nil || len(pr) != 1 || pr[0].Period != "2023-07" || pr[0].Completed != 2.5 {
				t.Errorf("progress of TPL-P1: got %+v (%v), want 2.5 at 2023-07", pr, err)
			}
			ms, err := s.Milestones(ctx, []string{"440784"})
			found := false
			for _, m := range ms {
				found = found || m.ProjectCode == "TPL-P1" && m.Stage == "投产" && m.Planned == "2024-06-30"
			}
			if err != nil || !found {
				t.Errorf("milestones: got %+v (%v), want TPL-P1 投产 2024-06-30", ms, err)
			}
			if l, err := s.Lead(ctx, "TPL-L1"); err != nil || l.Investment != 3.5 || l.SignedDate != "2023-06-10" {
				t.Errorf("lead TPL-L1: got %+v (%v)", l, err)
			}
			if e, err := s.Enterprise(ctx, "91350100M000100Y43"); err != nil || e.Name != "模板装备有限公司" || e.Output == nil || *e.Output != 1.5 {
				t.Errorf("enterprise: got %+v (%v)", e, err)
			}

			// English: the labels, and the columns' names as headers.
			if r := ana.post("/lang", url.Values{"lang": {"en"}, "next": {"/import"}}); r.code != http.StatusSeeOther {
				t.Fatalf("POST /lang: got %d", r.code)
			}
			if page := ana.get("/import"); !strings.Contains(page.body, "Key projects template (") || !strings.Contains(page.body, "Enterprises template (") {
				t.Errorf("English /import: got no register template labels")
			}
			for kind, first := range map[string]string{"projects": "code", "leads": "code", "enterprises": "credit_code"} {
				r := ana.get("/import/template/" + kind)
				ts, err := sheet.ReadXLSX(kind+".xlsx", strings.NewReader(r.body), int64(len(r.body)), sheet.DefaultLimits())
				if err != nil || len(ts) == 0 || len(ts[0].Rows) == 0 || ts[0].Rows[0][0] != first {
					t.Errorf("English %s template: got %v (%v), want the header to start with %q", kind, ts, err, first)
				}
			}
		})
	}
}
