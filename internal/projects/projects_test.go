package projects_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/projects"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

// The fixture (hand-computed below): county 440784 with projects in the county itself and two of
// its towns, one project of another county, plans for 2023.
//
//	code region     level  category  stage  plan  Apr  May  Jun
//	A    440784     省重点 工业      动工   4.00  1.0  1.5  2.0
//	B    440784101  市重点 技改      供地   2.00  0.5   —    —    (not reported in June: counts 0.5)
//	C    440784102  县重点 工业      前期   4.00   —    —   1.0
//	D    440784101  省重点 基础设施  投产   5.00   —   2.5  3.5
//	X    440703     省重点 工业      动工   9.00   —    —   9.0  (another county)
//
// June (time progress 50%): 4 projects, plan 15, completed 2 + 0.5 + 1 + 3.5 = 7, completion
// 46.67%, gap −3.33 pp → yellow; 工业 2 projects plan 8 completed 3 → 37.5%, −12.5 → red;
// 技改 25% red; 基础设施 70% green. Not reported in June: B.
const fixtureProjects = `code,name,level,category,region_code,stage,total_investment,annual_plan,year,owner_unit,leader
A,甲,省重点,工业,440784,动工,10,4,2023,工业和信息化局,张三
B,乙,市重点,技改,440784101,供地,5,2,2023,龙口镇,李四
C,丙,县重点,工业,440784102,前期,8,4,2023,雅瑶镇,王五
D,丁,省重点,基础设施,440784101,投产,20,5,2023,交通局,赵六
X,外,省重点,工业,440703,动工,30,9,2023,外县,钱七
`

const fixtureProgress = `project_code,period,completed
A,2023-04,1
A,2023-05,1.5
A,2023-06,2
B,2023-04,0.5
C,2023-06,1
D,2023-05,2.5
D,2023-06,3.5
X,2023-06,9
`

const fixtureMilestones = `项目编号,节点,计划日期,实际日期
C,挂牌,2023-05-31,
C,供地,2023-09-30,
B,动工,2023/6/10,
A,入库,2023-07-31,
D,投产,2023-03-31,2023-04-15
`

func writeFiles(t *testing.T, files map[string]string) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

func loaded(t *testing.T) (*store.Store, *projects.Service) {
	t.Helper()
	s := storetest.OpenSQLite(t)
	w := projects.New(s)
	if _, err := w.ImportFiles(ctx, writeFiles(t, map[string]string{"p.csv": fixtureProjects, "q.csv": fixtureProgress, "m.csv": fixtureMilestones}),
		projects.Options{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	return s, w
}

func near(got, want float64) bool { return got-want < 0.005 && want-got < 0.005 }

func TestSummaryArithmetic(t *testing.T) {
	_, w := loaded(t)
	sum, err := w.Summary(ctx, "440784", "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Count != 4 || !near(sum.Planned, 15) || !near(sum.Completed, 7) || sum.TimeProgress != 50 {
		t.Errorf("headline: got %d projects, plan %v, completed %v, tp %v; want 4, 15, 7, 50", sum.Count, sum.Planned, sum.Completed, sum.TimeProgress)
	}
	if sum.Completion == nil || !near(*sum.Completion, 46.67) || sum.Gap == nil || !near(*sum.Gap, -3.33) || sum.Status != "yellow" {
		t.Errorf("completion: got %v gap %v %s, want 46.67, -3.33, yellow", sum.Completion, sum.Gap, sum.Status)
	}
	want := map[string]struct {
		count            int
		plan, done, rate float64
		status           string
	}{"工业": {2, 8, 3, 37.5, "red"}, "技改": {1, 2, 0.5, 25, "red"}, "基础设施": {1, 5, 3.5, 70, "green"}}
	for _, c := range sum.ByCategory {
		wc, ok := want[c.Category]
		if !ok {
			if c.Count != 0 || c.Completion != nil || c.Status != "none" {
				t.Errorf("%s: got %+v, want an empty category", c.Category, c)
			}
			continue
		}
		if c.Count != wc.count || !near(c.Planned, wc.plan) || !near(c.Completed, wc.done) || c.Completion == nil || !near(*c.Completion, wc.rate) || c.Status != wc.status {
			t.Errorf("%s: got %+v (completion %v), want %+v", c.Category, c, c.Completion, wc)
		}
	}
	if len(sum.ByCategory) != len(domain.ProjectCategories) {
		t.Errorf("by_category: got %d rows, want every category", len(sum.ByCategory))
	}
	stages := map[string]int{}
	for _, st := range sum.ByStage {
		stages[st.Stage] = st.Count
	}
	if stages["动工"] != 1 || stages["供地"] != 1 || stages["前期"] != 1 || stages["投产"] != 1 || stages["谋划储备"] != 0 {
		t.Errorf("by_stage: got %v", stages)
	}
	var towns []string
	for _, tw := range sum.ByTown {
		towns = append(towns, tw.Name+":"+strconv.FormatFloat(tw.Completed, 'f', -1, 64))
	}
	if !slices.Equal(towns, []string{"鹤山市:2", "龙口镇:4", "雅瑶镇:1"}) {
		t.Errorf("by_town: got %v, want the county 2, 龙口镇 0.5+3.5, 雅瑶镇 1", towns)
	}
	if !slices.Equal(sum.NotReported, []string{"B"}) {
		t.Errorf("not_reported: got %v, want [B]", sum.NotReported)
	}
	// A town's summary is its own projects only.
	town, err := w.Summary(ctx, "440784101", "2023-06")
	if err != nil || town.Count != 2 || !near(town.Completed, 4) {
		t.Errorf("龙口镇: got %+v, %v", town, err)
	}
}

// The not-reported rule: a project counts at its latest earlier cumulative of the same year (0
// if none), never at a later month's or last year's.
func TestNotReportedRule(t *testing.T) {
	_, w := loaded(t)
	for _, tc := range []struct {
		period      string
		completed   float64
		notReported []string
	}{
		{"2023-03", 0, []string{"A", "B", "C", "D"}},
		{"2023-04", 1.5, []string{"C", "D"}},         // A 1 + B 0.5
		{"2023-05", 4.5, []string{"B", "C"}},         // A 1.5 + B 0.5 + D 2.5
		{"2023-07", 7, []string{"A", "B", "C", "D"}}, // June's figures carried
	} {
		sum, err := w.Summary(ctx, "440784", tc.period)
		if err != nil {
			t.Fatal(err)
		}
		if !near(sum.Completed, tc.completed) || !slices.Equal(sum.NotReported, tc.notReported) {
			t.Errorf("%s: got completed %v not reported %v, want %v %v", tc.period, sum.Completed, sum.NotReported, tc.completed, tc.notReported)
		}
	}
	if _, err := w.Summary(ctx, "440784", "2023-13"); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("bad period: got %v", err)
	}
	if _, err := w.Summary(ctx, "999999", "2023-06"); domain.ErrorKind(err) != domain.ENOTFOUND {
		t.Errorf("unknown region: got %v", err)
	}
}

func TestWorklists(t *testing.T) {
	_, w := loaded(t)
	lists, err := w.Worklists(ctx, "440784", "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	got := map[domain.Worklist][]string{}
	for _, l := range lists {
		for _, it := range l.Items {
			got[l.List] = append(got[l.List], it.Code+"/"+it.Milestone+"/"+it.OwnerUnit+"/"+strconv.Itoa(it.DaysOverdue))
		}
	}
	want := map[domain.Worklist][]string{
		domain.WorkToListOrSupply: {"C/挂牌/雅瑶镇/30"},    // 2023-05-31 → 2023-06-30
		domain.WorkToStart:        {"B/动工/龙口镇/20"},    // 2023-06-10 → 2023-06-30
		domain.WorkToEnter:        {"A/入库/工业和信息化局/0"}, // due in July
		domain.WorkLate:           {"C/挂牌/雅瑶镇/30", "B/动工/龙口镇/20"},
	}
	for _, l := range domain.Worklists {
		if !slices.Equal(got[l], want[l]) {
			t.Errorf("%s: got %v, want %v", l, got[l], want[l])
		}
	}
}

// Import errors name file, row, column, value and what was expected, and nothing is written.
func TestImportErrors(t *testing.T) {
	s := storetest.OpenSQLite(t)
	w := projects.New(s)
	paths := writeFiles(t, map[string]string{
		"a.csv": "code,name,level,category,region_code,stage,total_investment,annual_plan,year\n" +
			"P1,好项目,省重点,工业,440784,动工,10,4,2023\n" +
			"P2,坏级别,国重点,工业,440784,动工,10,4,2023\n" +
			"P3,坏阶段,县重点,工业,440784,开工,10,4,2023\n" +
			"P4,坏地区,县重点,工业,999999,动工,10,4,2023\n",
		"b.csv": "project_code,period,completed\nP1,2023-06,1\nNOPE,2023-06,1\nP1,2023-13,1\nP1,2023-05,-1\n",
	})
	_, err := w.ImportFiles(ctx, paths, projects.Options{Actor: "test"})
	var probs ingest.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("got %v, want problems", err)
	}
	want := []string{
		"a.csv:3:level: 「国重点」",
		"a.csv:4:stage: 「开工」",
		"a.csv:5:region_code: 「999999」",
		"b.csv:3:project_code: 「NOPE」— 应为台账中或本次导入的项目表中已有的项目编号",
		"b.csv:4:period: 「2023-13」— 应为期间 YYYY-MM",
		"b.csv:5:completed: 「-1」— 应为不小于 0 的金额",
	}
	text := probs.Format("zh-CN")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("problems lack %q:\n%s", w, text)
		}
	}
	if len(probs) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(probs), len(want), text)
	}
	if have, _ := s.ProjectCodes(ctx, []string{"P1"}); have["P1"] {
		t.Error("a failed import wrote P1: want all or nothing")
	}
	// A progress file alone referring to the register; a statistics file is not a register.
	if _, err := w.ImportFiles(ctx, writeFiles(t, map[string]string{"o.csv": "region_code,indicator,period,value,growth\n440784,gdp,2023-06,1,1\n"}),
		projects.Options{}); !errors.Is(err, projects.ErrNotRegister) {
		t.Errorf("a statistics file: got %v, want ErrNotRegister", err)
	}
	// A projects file without a year column and no home year takes its progress's year.
	if _, err := w.ImportFiles(ctx, writeFiles(t, map[string]string{
		"p.csv": "项目编号,项目名称,级别,类别,地区代码,阶段,总投资(亿元),年度计划(亿元)\nQ1,无年份,县重点,其他,440784,前期,1,1\n",
		"q.csv": "项目编号,期间,累计完成\nQ1,2024-03,0.2\n"}), projects.Options{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if sum, err := w.Summary(ctx, "440784", "2024-03"); err != nil || sum.Count != 1 || !near(sum.Completed, 0.2) {
		t.Errorf("2024 from the progress: got %+v, %v", sum, err)
	}
}

// A changed cumulative is a new revision; the same file again changes nothing.
func TestImportRevisions(t *testing.T) {
	s, w := loaded(t)
	res, err := w.ImportFiles(ctx, writeFiles(t, map[string]string{"q.csv": "project_code,period,completed\nA,2023-06,2.4\nA,2023-05,1.5\n"}), projects.Options{Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Progress != (store.Counts{Revised: 1, Unchanged: 1}) {
		t.Errorf("got %+v, want 1 revised, 1 unchanged", res.Progress)
	}
	revs, _ := s.ProjectProgress(ctx, "A")
	n := 0
	for _, r := range revs {
		if r.Period == "2023-06" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("got %d revisions of June, want 2 (the old one kept)", n)
	}
}

func TestExportImportsBack(t *testing.T) {
	s, w := loaded(t)
	rows, err := w.ExportRows(ctx, "440784", "2023-06", projects.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("got %d rows, want a header and 4 projects", len(rows))
	}
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(fmt.Sprint(c))
		}
		b.WriteString("\n")
	}
	s2 := storetest.OpenSQLite(t)
	res, err := projects.New(s2).ImportFiles(ctx, writeFiles(t, map[string]string{"x.csv": b.String()}), projects.Options{Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Projects.New != 4 || res.Progress.New != 3 {
		t.Errorf("import of the export: got %+v, want 4 projects, 3 June reports (B has none)", res)
	}
	a, _ := w.Summary(ctx, "440784", "2023-06")
	c, _ := projects.New(s2).Summary(ctx, "440784", "2023-06")
	if a.Count != c.Count || a.Planned != c.Planned || !near(c.Completed, 6.5) {
		t.Errorf("round trip: got %+v, want plans equal and June's reports (7 − B's April 0.5)", c)
	}
	_ = s
}

func TestCanEdit(t *testing.T) {
	s, w := loaded(t)
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "t", Source: "u", Units: []domain.Unit{
		{Code: "440784101", Name: "龙口镇", RegionCode: "440784101", Kind: "town"},
		{Code: "440784-gxj", Name: "工业和信息化局", RegionCode: "440784", Kind: "department"}}}); err != nil {
		t.Fatal(err)
	}
	town := domain.User{Username: "lk", Role: domain.RoleReporter, UnitCode: "440784101"}
	dept := domain.User{Username: "gx", Role: domain.RoleReporter, UnitCode: "440784-gxj"}
	for _, tc := range []struct {
		user domain.User
		code string
		want bool
	}{
		{domain.User{Role: domain.RoleAnalyst}, "C", true},
		{domain.User{Role: domain.RoleLeader}, "B", false},
		{town, "B", true}, {town, "D", true}, {town, "C", false}, {town, "A", false},
		{dept, "A", true}, {dept, "B", false},
	} {
		p, _ := s.Project(ctx, tc.code)
		if got, err := w.CanEdit(ctx, tc.user, p); err != nil || got != tc.want {
			t.Errorf("%s %s on %s: got %v %v, want %v", tc.user.Role, tc.user.UnitCode, tc.code, got, err, tc.want)
		}
	}
	if err := w.SetProgress(ctx, town, "", "C", "2023-06", 1.2); domain.ErrorKind(err) != domain.EFORBIDDEN {
		t.Errorf("a town reporter on another town's project: got %v, want forbidden", err)
	}
	if err := w.SetProgress(ctx, town, "", "B", "2023-06", 0.8); err != nil {
		t.Fatal(err)
	}
	if sum, _ := w.Summary(ctx, "440784", "2023-06"); len(sum.NotReported) != 0 || !near(sum.Completed, 7.3) {
		t.Errorf("after B's June report: got %v not reported, completed %v, want none and 7.3", sum.NotReported, sum.Completed)
	}
	if err := w.Update(ctx, town, "", "B", projects.Change{Stage: "动工"}); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Project(ctx, "B"); p.Stage != "动工" || p.OwnerUnit != "龙口镇" {
		t.Errorf("after update: got %+v", p)
	}
	if err := w.Update(ctx, town, "", "B", projects.Change{Stage: "开工"}); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("bad stage: got %v", err)
	}
	id, err := w.AddProblem(ctx, town, "", domain.Problem{ProjectCode: "B", Description: "用地报批慢", Deadline: "2023/7/1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.SetProblemState(ctx, town, "", "B", id, "已解决"); err != nil {
		t.Fatal(err)
	}
	if err := w.SetProblemState(ctx, town, "", "B", id, "搁置"); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("bad state: got %v", err)
	}
	d, err := w.Project(ctx, town, "B", "2023-06")
	if err != nil || len(d.Problems) != 1 || d.Problems[0].Deadline != "2023-07-01" || d.Problems[0].State != "已解决" || !d.CanEdit {
		t.Errorf("project page: got %+v, %v", d, err)
	}
}

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, h/2, color.RGBA{200, 0, 0, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPhotoContentCheck(t *testing.T) {
	p := pngOf(t, 800, 600)
	ph, err := projects.CheckPhoto(p)
	if err != nil || ph.ContentType != "image/png" {
		t.Fatalf("a PNG: got %+v, %v", ph.ContentType, err)
	}
	thumb, err := jpeg.Decode(bytes.NewReader(ph.Thumb))
	if err != nil {
		t.Fatal(err)
	}
	if b := thumb.Bounds(); b.Dx() != projects.ThumbWidth || b.Dy() != 240 {
		t.Errorf("thumbnail: got %dx%d, want 320x240", b.Dx(), b.Dy())
	}
	var j bytes.Buffer
	jpeg.Encode(&j, image.NewRGBA(image.Rect(0, 0, 100, 50)), nil)
	if ph, err := projects.CheckPhoto(j.Bytes()); err != nil || ph.ContentType != "image/jpeg" {
		t.Errorf("a JPEG: got %v, %v", ph.ContentType, err)
	}
	for name, data := range map[string][]byte{
		"text":        []byte("<html>not a picture</html>"),
		"gif":         []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
		"empty":       nil,
		"truncated":   p[:len(p)/2],
		"png header":  append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...),
		"too large":   append(append([]byte{}, p...), make([]byte, projects.MaxPhotoBytes)...),
		"bomb header": pngHeader(100000, 100000),
	} {
		if _, err := projects.CheckPhoto(data); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("%s: got %v, want refused as invalid", name, err)
		}
	}
	s, w := loaded(t)
	ana := domain.User{Username: "ana", Role: domain.RoleAnalyst}
	id, err := w.AddPhoto(ctx, ana, "10.0.0.1", projects.NewPhoto{ProjectCode: "A", Period: "2023-06", Caption: "主体封顶", Data: p})
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.Photo(ctx, "A", id)
	if err != nil || !bytes.Equal(got.Data, p) || got.UploadedBy != "ana (analyst)" {
		t.Errorf("photo kept: got %v %v", got.UploadedBy, err)
	}
	log, _ := s.AuditLog(ctx, 1)
	if log[0].Action != "project_photo.create" || log[0].SourceIP != "10.0.0.1" {
		t.Errorf("audit: got %+v", log[0])
	}
	if _, err := w.AddPhoto(ctx, domain.User{Username: "l", Role: domain.RoleLeader}, "", projects.NewPhoto{ProjectCode: "A", Period: "2023-06", Data: p}); domain.ErrorKind(err) != domain.EFORBIDDEN {
		t.Errorf("a leader uploading: got %v, want forbidden", err)
	}
}

// pngHeader is a PNG signature and IHDR claiming w×h pixels, with nothing after it.
func pngHeader(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
	b = append(b, byte(w>>24), byte(w>>16), byte(w>>8), byte(w), byte(h>>24), byte(h>>16), byte(h>>8), byte(h), 8, 2, 0, 0, 0)
	return append(b, 0, 0, 0, 0)
}
