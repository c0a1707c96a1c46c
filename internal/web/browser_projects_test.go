package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserProjects drives the key-project pages in Chromium on the demo: the list shows the
// article's headline (84 projects, 88.2亿 of 135.28亿, 65.2%), filters by category and overdue,
// and opens a project whose page draws its chart, shows its stage timeline and milestones; the
// analyst reports a month and uploads a site photo, which the gallery then shows.
func TestBrowserProjects(t *testing.T) {
	tab := browser(t)
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)

	browserLogin(t, tab, base, "demo-analyst", demoPassword)
	text := func(sel string) string {
		v, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(sel)))
		step(t, tab, "read "+sel, err)
		return strings.TrimSpace(v)
	}
	count := func(sel string) int {
		n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll(`+"`"+sel+"`"+`).length`))
		step(t, tab, "count "+sel, err)
		return n
	}
	// RunResponse waits for the page to load: the table is visible as soon as its first rows
	// are parsed, while the rows counted below may still be arriving.
	_, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("nav-projects")))
	step(t, tab, "open /projects", err)
	step(t, tab, "the projects table", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("projects-table"))))
	head := text("#projects-headline")
	for _, want := range []string{"共 84 个项目", "135.28", "88.20", "65.2%", "+15.2"} {
		if !strings.Contains(head, want) {
			t.Errorf("headline: got %q, want %q in it", head, want)
		}
	}
	if n := count(`#projects-table tr[data-project]`); n != 84 {
		t.Errorf("list: got %d rows, want 84", n)
	}
	if n := count(`#worklist-to_list_or_supply tr[data-project]`); n != 25 {
		t.Errorf("worklist to_list_or_supply: got %d, want 25", n)
	}

	// Filter: infrastructure only.
	step(t, tab, "choose 基础设施", chromedp.Do(tab, chromedp.SetValue(chromedp.CSS(`select[name="category"]`), "基础设施")))
	res, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("projects-filter")))
	step(t, tab, "filter 基础设施", err)
	if !strings.Contains(res.URL, "category=") {
		t.Errorf("filter: got %s, want the category in the URL", res.URL)
	}
	cats, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#projects-table tr[data-project] td:nth-child(4)')].map(td => td.textContent)`))
	step(t, tab, "read categories", err)
	if len(cats) == 0 || len(cats) >= 84 {
		t.Errorf("基础设施 filter: got %d rows", len(cats))
	}
	for _, c := range cats {
		if c != "基础设施" {
			t.Errorf("基础设施 filter: a row of %q", c)
		}
	}
	step(t, tab, "filter overdue", chromedp.Do(tab,
		chromedp.Navigate(base+"/projects?overdue=1"),
		chromedp.WaitVisible(chromedp.ID("projects-table")),
	))
	if n := count(`#projects-table tr[data-project]`); n == 0 || n >= 84 || n != count(`#projects-table tr.pj-overdue`) {
		t.Errorf("overdue filter: got %d rows (%d overdue)", n, count(`#projects-table tr.pj-overdue`))
	}

	// The project page of 隆基绿能: chart drawn, timeline at 封顶, its milestones.
	step(t, tab, "open HS2023-001", chromedp.Do(tab,
		chromedp.Navigate(base+"/projects/HS2023-001"),
		chromedp.WaitVisible(chromedp.ID("project-name")),
		chromedp.WaitReady(chromedp.CSS(`#project-chart[data-rendered="1"]`)),
	))
	if name := text("#project-name"); !strings.Contains(name, "隆基绿能项目") || !strings.Contains(name, "示例") {
		t.Errorf("project name: got %q", name)
	}
	if cur := text("#project-timeline li.pj-current"); !strings.HasPrefix(cur, "封顶") {
		t.Errorf("timeline's current stage: got %q, want 封顶", cur)
	}
	if n := count(`#project-chart svg path`); n < 3 {
		t.Errorf("chart: got %d svg paths, want bars and a line", n)
	}
	if n := count(`#project-milestones tr[data-stage]`); n != 2 {
		t.Errorf("milestones: got %d, want 封顶 and 投产", n)
	}

	// Report July, then upload a photo.
	step(t, tab, "report July", chromedp.Do(tab,
		chromedp.SetValue(chromedp.CSS(`#project-progress-form input[name="period"]`), "2023-07"),
		chromedp.SendKeys(chromedp.CSS(`#project-progress-form input[name="completed"]`), "1.75"),
	))
	_, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("project-progress-submit")))
	step(t, tab, "submit July", err)
	step(t, tab, "July saved", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("project-saved"))))
	if rev := text("#project-revisions"); !strings.Contains(rev, "2023-07") || !strings.Contains(rev, "1.75") {
		t.Errorf("revisions after reporting July: got %q", rev)
	}
	photo := filepath.Join(t.TempDir(), "site.png")
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for x := range 640 {
		img.Set(x, 240, color.RGBA{0, 120, 0, 255})
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	if err := os.WriteFile(photo, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	step(t, tab, "upload a photo", chromedp.Do(tab,
		chromedp.SetUploadFiles(chromedp.CSS(`#project-photo-form input[name="photo"]`), []string{photo}),
		chromedp.SendKeys(chromedp.CSS(`#project-photo-form input[name="caption"]`), "首批车间封顶"),
	))
	_, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("project-photo-submit")))
	step(t, tab, "submit the photo", err)
	step(t, tab, "the gallery", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("project-photos"))))
	if w := imageWidth(t, tab, "#project-photos img"); w != 320 {
		t.Errorf("gallery thumbnail: got natural width %d, want 320", w)
	}
	if cap := text("#project-photos figcaption"); !strings.Contains(cap, "首批车间封顶") || !strings.Contains(cap, "demo-analyst") {
		t.Errorf("photo caption: got %q, want the caption and who uploaded it", cap)
	}

	// A file that is not a picture is refused with a message, whatever its name.
	fake := filepath.Join(t.TempDir(), "fake.png")
	os.WriteFile(fake, []byte("not a picture at all"), 0o644)
	step(t, tab, "upload a fake photo", chromedp.Do(tab,
		chromedp.SetUploadFiles(chromedp.CSS(`#project-photo-form input[name="photo"]`), []string{fake}),
	))
	_, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.ID("project-photo-submit")))
	step(t, tab, "submit the fake photo", err)
	step(t, tab, "the refusal", chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("project-error"))))
	if msg := text("#project-error"); !strings.Contains(msg, "JPEG 或 PNG") {
		t.Errorf("fake photo: got %q", msg)
	}
	shot, err := chromedp.Run(tab, chromedp.FullScreenshot(90))
	step(t, tab, "screenshot", err)
	os.WriteFile(filepath.Join(artifactDir(t, "browser"), "project.png"), shot, 0o644)
}

// TestProjectsPermissions: a leader reads but cannot change; a reporter changes only the projects
// of its own unit; the list downloads as .xlsx.
func TestProjectsPermissions(t *testing.T) {
	s := demos.Open(t, "sqlite")
	base := newServer(t, s)
	leader := login(t, base, "demo-leader", demoPassword)
	if r := leader.get("/projects/HS2023-001"); r.code != http.StatusOK || strings.Contains(r.body, "project-edit-form") {
		t.Errorf("leader on a project page: got %d, edit form %v", r.code, strings.Contains(r.body, "project-edit-form"))
	}
	if r := leader.post("/projects/HS2023-001/progress", url.Values{"period": {"2023-07"}, "completed": {"1"}}); r.code != http.StatusForbidden {
		t.Errorf("leader reporting progress: got %d, want 403", r.code)
	}
	// demo-reporter is the commerce bureau (鹤山市商务局): it owns the county's 服务业 projects,
	// not 隆基绿能 (址山镇's).
	rep := login(t, base, "demo-reporter", demoPassword)
	if r := rep.post("/projects/HS2023-001/progress", url.Values{"period": {"2023-07"}, "completed": {"1"}}); r.code != http.StatusForbidden || !strings.Contains(r.body, "无权修改项目") {
		t.Errorf("reporter on another unit's project: got %d", r.code)
	}
	ps, err := s.Projects(ctx, []string{"440784"})
	if err != nil {
		t.Fatal(err)
	}
	own := ""
	for _, p := range ps {
		if p.OwnerUnit == "鹤山市商务局" {
			own = p.Code
			break
		}
	}
	if own == "" {
		t.Fatal("the demo has no project of 鹤山市商务局")
	}
	if r := rep.post("/projects/"+own+"/progress", url.Values{"period": {"2023-07"}, "completed": {"1.5"}}); r.code != http.StatusSeeOther {
		t.Errorf("reporter on its own project: got %d %.300s", r.code, r.body)
	}
	if r := rep.get("/projects/" + own); !strings.Contains(r.body, "project-edit-form") {
		t.Error("reporter's own project: no edit form")
	}
	analyst := login(t, base, "demo-analyst", demoPassword)
	// Categories beside their indicators' targets: 工业 against industrial investment's 185亿.
	page := analyst.get("/projects?period=2023-06")
	i := strings.Index(page.body, `data-category="工业"`)
	if i < 0 || !strings.Contains(page.body[i:i+min(2000, len(page.body)-i)], `href="/indicators/industrial_investment">下达 185.00</a>`) {
		t.Errorf("工业 row: want industrial investment's assigned target 185.00 beside it")
	}
	r := analyst.get("/projects?category=%E5%B7%A5%E4%B8%9A&format=xlsx")
	if r.code != http.StatusOK || !strings.HasPrefix(r.body, "PK") {
		t.Errorf("xlsx download: got %d %q", r.code, r.header.Get("Content-Type"))
	}
	if r := analyst.get("/projects/NOPE"); r.code != http.StatusNotFound {
		t.Errorf("unknown project: got %d", r.code)
	}
	if r := analyst.get("/projects?period=2023-13"); r.code != http.StatusBadRequest {
		t.Errorf("bad period: got %d", r.code)
	}
}
