package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pacer/internal/store/storetest"
)

// TestBrowserImportRegisters drives /import in Chromium as a county analyst (阳春市): a
// key-projects file and a leads file are chosen in one upload; the one preview says what
// confirming writes in each register — 新增, 修订 (a lead already there that the file changes:
// a revision kept; a project's change is 修改, its old values in the audit log, as the result
// says) and 未变 (one the file repeats) — and one confirmation writes both; the rows are then
// listed on /projects and /attraction. Screenshots are kept in artifacts/browser/.
func TestBrowserImportRegisters(t *testing.T) {
	tab := browser(t)
	s := storetest.OpenSQLite(t)
	loadFixture(t, s)
	base := fxServe(t, s)

	// Already in the registers, imported by the same account: project YC-P1, leads YC-L1 and YC-L2.
	c := cwCountyAnalyst(t, s, base)
	l1 := "YC-L1,阳春储能电池项目,签约,3.5,新能源,大湾区,招商一组," + fxRegion + ",2024-02-10\n"
	for _, f := range [][2]string{
		{"projects.csv", irProjectsHead + "YC-P1,阳春新材料产业园,省重点,工业," + fxRegion + ",动工,12,4,2024\n"},
		{"leads.csv", irLeadsHead + l1 + "YC-L2,阳春光伏组件项目,洽谈,2,新能源,长三角,招商二组," + fxRegion + ",\n"},
	} {
		if r := irConfirm(t, c, irPreview(t, c, f[0], f[1])); r.code != http.StatusOK {
			t.Fatalf("seed %s: got %d\n%.2000s", f[0], r.code, r.body)
		}
	}

	// The upload: YC-P1's total investment 12 → 15 (修改), YC-P2 new; YC-L1 as it stands (未变),
	// YC-L2 now signed (修订), YC-L3 new.
	dir := t.TempDir()
	projects, leads := filepath.Join(dir, "projects.csv"), filepath.Join(dir, "leads.csv")
	for path, text := range map[string]string{
		projects: irProjectsHead + "YC-P1,阳春新材料产业园,省重点,工业," + fxRegion + ",动工,15,4,2024\n" +
			"YC-P2,阳春港口码头,市重点,基础设施," + fxRegion + ",前期,6.5,2,2024\n",
		leads: irLeadsHead + l1 + "YC-L2,阳春光伏组件项目,签约,2,新能源,长三角,招商二组," + fxRegion + ",2024-03-01\n" +
			"YC-L3,阳春智能家居项目,签约,1.2,家居,大湾区,招商一组," + fxRegion + ",2024-03-05\n",
	} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	read := func(sel string) string {
		t.Helper()
		step(t, tab, "wait for "+sel, chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(sel))))
		txt, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(sel)))
		step(t, tab, "read "+sel, err)
		return txt
	}
	contains := func(what, got string, wants ...string) {
		t.Helper()
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("%s: want %q in\n%s", what, w, got)
			}
		}
	}

	browserLogin(t, tab, base, "cw-analyst", fxPassword)
	step(t, tab, "open /import", chromedp.Do(tab,
		chromedp.Navigate(base+"/import"),
		chromedp.WaitVisible(chromedp.CSS("#import-file")),
	))
	multiple, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.querySelector("#import-file").multiple`))
	step(t, tab, "read the file input", err)
	if !multiple {
		t.Error("the file input takes one file, want several (multiple)")
	}
	step(t, tab, "choose both files", chromedp.Do(tab, chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{projects, leads})))
	step(t, tab, "upload and check", chromedp.Do(tab,
		chromedp.Click(chromedp.ID("import-submit")),
		chromedp.WaitVisible(chromedp.CSS("#import-registers")),
		chromedp.WaitVisible(chromedp.ID("import-confirm-button")),
	))
	pageLoaded(t, tab)
	contains("the preview's heading", read("#import-preview h2"), "projects.csv, leads.csv")
	contains("the preview", read("#import-registers"),
		"重点项目（projects.csv）：将新增 1 个，修改 1 个（旧值记入审计日志），未变 0 个",
		"年度计划：将新增 1，修改 0，未变 1",
		"招商线索（leads.csv）：将新增 1 条，修订 1 条（旧版本保留），未变 1 条")
	leadsShot(t, tab, "import-registers-preview.png")
	if p, err := s.Project(ctx, "YC-P1"); err != nil || p.TotalInvestment != 12 {
		t.Errorf("YC-P1 after the preview: %+v (%v), want its total investment still 12", p, err)
	}

	res, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("import-confirm-button")))
	step(t, tab, "confirm", err)
	if res.Status != http.StatusOK {
		t.Fatalf("confirm: got status %d, want 200", res.Status)
	}
	contains("the result", read("#import-registers-lines"),
		"招商线索（leads.csv）：新增 1 条，修订 1 条，未变 1 条", "重点项目（projects.csv）：新增 1 个，修改 1 个（旧值记入审计日志），未变 0 个")
	leadsShot(t, tab, "import-registers-done.png")

	step(t, tab, "open /projects", chromedp.Do(tab,
		chromedp.Navigate(base+"/projects"),
		chromedp.WaitVisible(chromedp.CSS(`#projects-table tr[data-project="YC-P2"]`)),
	))
	contains("/projects", read("#projects-table"), "阳春新材料产业园", "阳春港口码头")
	step(t, tab, "open /attraction", chromedp.Do(tab,
		chromedp.Navigate(base+"/attraction"),
		chromedp.WaitVisible(chromedp.CSS(`#attraction-leads tr[data-lead="YC-L3"]`)),
	))
	contains("/attraction", read("#attraction-leads"), "阳春储能电池项目", "阳春光伏组件项目", "阳春智能家居项目")
}
