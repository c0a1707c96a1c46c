package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"pacer/internal/store/storetest"
)

const (
	irProjectsHead = "code,name,level,category,region_code,stage,total_investment,annual_plan,year\n"
	irLeadsHead    = "code,name,stage,investment,industry,source_region,team,region_code,signed_date\n"
)

// irPreview uploads a file as c and follows the redirect to its preview.
func irPreview(t *testing.T, c *client, name, text string) response {
	t.Helper()
	r := cwUpload(t, c, name, text)
	if r.code != http.StatusSeeOther {
		t.Fatalf("upload %s: got %d, want 303 to its preview\n%.1500s", name, r.code, r.body)
	}
	return c.get(r.header.Get("Location"))
}

// irUpload uploads several files (name, text) in one form, as a browser sends a multiple file
// input's choice.
func irUpload(t *testing.T, c *client, files ...[2]string) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	for _, f := range files {
		fw, err := mw.CreateFormFile("file", f[0])
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(f[1]))
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+"/import", &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// irConfirm confirms the preview shown in page.
func irConfirm(t *testing.T, c *client, page response) response {
	t.Helper()
	_, rest, ok := strings.Cut(page.body, `name="token" value="`)
	if !ok {
		t.Fatalf("the preview offers no confirmation\n%.3000s", page.body)
	}
	token, _, _ := strings.Cut(rest, `"`)
	return c.post("/import/confirm", map[string][]string{"token": {token}})
}

// A county analyst (no shell) imports its registers on /import: a key-projects file and a leads
// file of its county are previewed with what would be written (nothing written yet), confirmed,
// and then listed on /projects and /attraction.
func TestImportRegistersPage(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			c := cwCountyAnalyst(t, s, fxServe(t, s))
			files := []struct{ name, text, want, done string }{
				{"projects.csv", irProjectsHead + "YC-P1,阳春新材料产业园,省重点,工业," + fxRegion + ",动工,12,4,2024\n" +
					"YC-P2,阳春港口码头,市重点,基础设施," + fxRegion + ",前期,6.5,2,2024\n",
					"重点项目（projects.csv）：将新增 2 个，修改 0 个（旧值记入审计日志），未变 0 个",
					"重点项目（projects.csv）：新增 2 个，修改 0 个（旧值记入审计日志），未变 0 个"},
				{"leads.csv", irLeadsHead + "YC-L1,阳春储能电池项目,签约,3.5,新能源,大湾区,招商一组," + fxRegion + ",2024-02-10\n",
					"招商线索（leads.csv）：将新增 1 条，修订 0 条（旧版本保留），未变 0 条",
					"招商线索（leads.csv）：新增 1 条，修订 0 条，未变 0 条"},
			}
			for _, f := range files {
				page := irPreview(t, c, f.name, f.text)
				if !strings.Contains(page.body, f.want) || strings.Contains(page.body, `id="import-problems"`) {
					t.Fatalf("preview of %s: want %q and no problems\n%.4000s", f.name, f.want, page.body)
				}
				if ps, _ := s.Projects(ctx, []string{fxRegion, tnB}); f.name == "projects.csv" && len(ps) != 0 {
					t.Fatalf("the preview wrote %d projects", len(ps))
				}
				r := irConfirm(t, c, page)
				if r.code != http.StatusOK || !strings.Contains(r.body, f.done) {
					t.Fatalf("confirm %s: got %d, want 200 with %q\n%.3000s", f.name, r.code, f.done, r.body)
				}
			}
			// In English, the result names the register and its file as the preview does.
			c.english()
			page := irPreview(t, c, files[0].name, files[0].text)
			if want := "Key projects (projects.csv): 0 new, 0 changed (the old values in the audit log), 2 unchanged"; !strings.Contains(page.body, want) {
				t.Fatalf("English preview: want %q\n%.4000s", want, page.body)
			}
			if r, want := irConfirm(t, c, page), "Key projects (projects.csv): 0 new, 0 changed (the old values in the audit log), 2 unchanged"; r.code != http.StatusOK || !strings.Contains(r.body, want) {
				t.Fatalf("English confirm: got %d, want 200 with %q\n%.3000s", r.code, want, r.body)
			}
			for path, want := range map[string][]string{
				"/projects":   {"阳春新材料产业园", "阳春港口码头"},
				"/attraction": {"阳春储能电池项目"},
			} {
				r := c.get(path)
				for _, w := range want {
					if r.code != http.StatusOK || !strings.Contains(r.body, w) {
						t.Errorf("GET %s after the import: got %d, want %q listed\n%.2000s", path, r.code, w, r.body)
					}
				}
			}
		})
	}
}

// A register row of another county (江城区) is a problem of that row — file, row, column, the code
// and the scope expected — and nothing of the file is written, not even its own county's rows.
func TestImportRegistersOutsideScope(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			c := cwCountyAnalyst(t, s, fxServe(t, s))
			scope := "应为本账号地区范围内的地区：" + fxName + "（" + fxRegion + "）及其下级"
			for _, f := range []struct{ name, text, want string }{
				{"projects.csv", irProjectsHead + "YC-P1,阳春新材料产业园,省重点,工业," + fxRegion + ",动工,12,4,2024\n" +
					"JC-P1,江城项目,省重点,工业," + tnB + ",动工,9,3,2024\n",
					"projects.csv:3:region_code: 「" + tnB + "」— " + scope},
				{"leads.csv", irLeadsHead + "YC-L1,阳春储能电池项目,签约,3.5,新能源,大湾区,招商一组," + fxRegion + ",2024-02-10\n" +
					"JC-L1,江城线索,签约,2,新能源,大湾区,招商一组," + tnB + ",2024-02-11\n",
					"leads.csv:3:region_code: 「" + tnB + "」— " + scope},
			} {
				page := irPreview(t, c, f.name, f.text)
				if !strings.Contains(page.body, f.want) || strings.Contains(page.body, `id="import-confirm"`) {
					t.Errorf("preview of %s with another county's row: want %q and no confirmation\n%.4000s", f.name, f.want, page.body)
				}
			}
			c.english()
			page := irPreview(t, c, "leads.csv", irLeadsHead+"JC-L1,江城线索,签约,2,新能源,大湾区,招商一组,"+tnB+",2024-02-11\n")
			if want := "leads.csv:2:region_code: &#34;" + tnB + "&#34; — expected a region within this account&#39;s scope: " + fxName + " (" + fxRegion + ") and the regions below it"; !strings.Contains(page.body, want) {
				t.Errorf("the English preview lacks %q\n%.4000s", want, page.body)
			}
			if ps, err := s.Projects(ctx, []string{fxRegion, tnB}); err != nil || len(ps) != 0 {
				t.Errorf("projects after refused uploads: %d (%v), want none", len(ps), err)
			}
			if ls, err := s.Leads(ctx, ""); err != nil || len(ls) != 0 {
				t.Errorf("leads after refused uploads: %d (%v), want none", len(ls), err)
			}
		})
	}
}

// A county analyst uploads a key-projects file and a leads file together: one preview says what
// confirming writes in each register — a lead already there and changed is 修订, one identical
// 未变, the rest 新增 — and one confirmation writes both. A statistics file among register files
// is refused before anything is kept, naming the files of each kind (in English when chosen).
func TestImportRegistersTogether(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			loadFixture(t, s)
			c := cwCountyAnalyst(t, s, fxServe(t, s))
			l1 := "YC-L1,阳春储能电池项目,签约,3.5,新能源,大湾区,招商一组," + fxRegion + ",2024-02-10\n"
			l2 := "YC-L2,阳春光伏组件项目,洽谈,2,新能源,长三角,招商二组," + fxRegion + ",\n"
			page := irPreview(t, c, "leads.csv", irLeadsHead+l1+l2)
			if r := irConfirm(t, c, page); r.code != http.StatusOK {
				t.Fatalf("first leads import: got %d\n%.2000s", r.code, r.body)
			}
			projectsFile := [2]string{"projects.csv", irProjectsHead + "YC-P1,阳春新材料产业园,省重点,工业," + fxRegion + ",动工,12,4,2024\n"}
			// YC-L1 the same, YC-L2 now signed (a revision), YC-L3 new.
			leadsFile := [2]string{"leads.csv", irLeadsHead + l1 + "YC-L2,阳春光伏组件项目,签约,2,新能源,长三角,招商二组," + fxRegion + ",2024-03-01\n" +
				"YC-L3,阳春智能家居项目,洽谈,1.2,家居,大湾区,招商一组," + fxRegion + ",\n"}
			r := irUpload(t, c, projectsFile, leadsFile)
			if r.code != http.StatusSeeOther {
				t.Fatalf("upload of two files: got %d, want 303 to their preview\n%.2000s", r.code, r.body)
			}
			page = c.get(r.header.Get("Location"))
			for _, want := range []string{"预览：projects.csv, leads.csv", "招商线索（leads.csv）：将新增 1 条，修订 1 条（旧版本保留），未变 1 条",
				"重点项目（projects.csv）：将新增 1 个，修改 0 个（旧值记入审计日志），未变 0 个", `id="import-confirm"`} {
				if !strings.Contains(page.body, want) {
					t.Fatalf("preview of two files lacks %q\n%.4000s", want, page.body)
				}
			}
			if l, err := s.Lead(ctx, "YC-L2"); err != nil || l.Revision != 1 {
				t.Fatalf("YC-L2 after the preview: %+v (%v), want revision 1", l, err)
			}
			r = irConfirm(t, c, page)
			for _, want := range []string{"招商线索（leads.csv）：新增 1 条，修订 1 条，未变 1 条",
				"重点项目（projects.csv）：新增 1 个，修改 0 个（旧值记入审计日志），未变 0 个"} {
				if r.code != http.StatusOK || !strings.Contains(r.body, want) {
					t.Fatalf("confirm: got %d, want 200 with %q\n%.3000s", r.code, want, r.body)
				}
			}
			if l, err := s.Lead(ctx, "YC-L2"); err != nil || l.Revision != 2 {
				t.Errorf("YC-L2 after the import: %+v (%v), want revision 2", l, err)
			}
			if ps, err := s.Projects(ctx, []string{fxRegion}); err != nil || len(ps) != 1 {
				t.Errorf("projects after the import: %d (%v), want 1", len(ps), err)
			}

			stats := [2]string{"figures.csv", "region_code,indicator,period,value,growth\n" + fxRegion + ",gdp,2024-09,260.5,5.1\n"}
			more := [2]string{"leads.csv", irLeadsHead + "YC-L4,阳春新项目,洽谈,1,家居,大湾区,招商一组," + fxRegion + ",\n"}
			r = irUpload(t, c, stats, more)
			if want := "一次上传不能既有统计数据文件（figures.csv）又有登记表文件（leads.csv）"; r.code != http.StatusBadRequest || !strings.Contains(r.body, want) {
				t.Errorf("statistics and register files together: got %d, want 400 with %q\n%.3000s", r.code, want, r.body)
			}
			c.english()
			r = irUpload(t, c, more, stats)
			if want := "One upload cannot hold both statistics files (figures.csv) and register files (leads.csv)"; r.code != http.StatusBadRequest || !strings.Contains(r.body, want) {
				t.Errorf("the English refusal: got %d, want 400 with %q\n%.3000s", r.code, want, r.body)
			}
			if _, err := s.Lead(ctx, "YC-L4"); err == nil {
				t.Error("a refused mixed upload wrote its lead")
			}
		})
	}
}
