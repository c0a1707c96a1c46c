package registers_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/enterprises"
	"pacer/internal/ingest"
	"pacer/internal/leads"
	"pacer/internal/projects"
	"pacer/internal/registers"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ana = domain.Actor{Username: "ana", Role: domain.RoleAnalyst}

func table(t *testing.T, name, csv string) registers.File {
	t.Helper()
	tb, err := sheet.ReadCSV(name, strings.NewReader(csv), sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	return registers.File{Name: name, Tables: []sheet.Table{tb}}
}

func service(s *store.Store) *registers.Service {
	return registers.New(s, projects.New(s), leads.New(s), enterprises.New(s))
}

const (
	projectsHead = "code,name,level,category,region_code,stage,total_investment,annual_plan,year\n"
	leadsHead    = "code,name,stage,investment,industry,source_region,team,region_code,signed_date\n"
	firmsHead    = "credit_code,name,region_code,industry,titles,above_scale_date,output,tax\n"
)

// A county account (鹤山市 440784) importing the three registers with a row of another county
// (开平市 440783) in each: every such row is a problem naming file, row, column, value and the
// scope; nothing of any register is written, not even the county's own rows. The whole
// deployment (the command line) imports the same files. A progress row of another county's
// project is a project the county does not know.
func TestImportScope(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			county := domain.WithScope(context.Background(), domain.Scope{Region: "440784"})
			files := []registers.File{
				table(t, "p.csv", projectsHead+"HS1,鹤山项目,省重点,工业,440784101,动工,10,4,2023\nKP1,开平项目,省重点,工业,440783,动工,8,3,2023\n"),
				table(t, "l.csv", leadsHead+"L1,鹤山线索,签约,2,装备,大湾区,甲,440784,2023-01-10\nL2,开平线索,签约,3,装备,大湾区,甲,440783,2023-01-11\n"),
				table(t, "f.csv", firmsHead+"91350100M000100Y43,甲,440784,装备,,,1,0.1\n91440300708461136T,乙,440783,装备,,,1,0.1\n"),
			}
			f, rest := registers.Sort(files, true)
			if len(rest) != 0 || len(f.Projects) != 1 || len(f.Leads) != 1 || len(f.Enterprises) != 1 {
				t.Fatalf("Sort: got %d/%d/%d register tables and rest %v, want 1/1/1 and none", len(f.Projects), len(f.Leads), len(f.Enterprises), rest)
			}
			for _, dry := range []bool{true, false} {
				_, err := service(s).Import(county, f, registers.Options{Actor: ana, DryRun: dry})
				var ps ingest.Problems
				if !errors.As(err, &ps) {
					t.Fatalf("dry run %v: got %v, want problems", dry, err)
				}
				text := ps.Format("zh-CN")
				scope := "」— 应为本账号地区范围内的地区：鹤山市（440784）及其下级"
				for _, want := range []string{"p.csv:3:region_code: 「440783" + scope, "l.csv:3:region_code: 「440783" + scope,
					"f.csv:3:region_code: 「440783" + scope} {
					if !strings.Contains(text, want) {
						t.Errorf("dry run %v: problems lack %q:\n%s", dry, want, text)
					}
				}
				if len(ps) != 3 {
					t.Errorf("dry run %v: got %d problems, want 3:\n%s", dry, len(ps), text)
				}
				// In English the county is named the English way, 鹤山市 (440784), no full-width brackets.
				if en := ps.Format("en"); !strings.Contains(en, "p.csv:3:region_code: \"440783\" — expected a region within this account's scope: 鹤山市 (440784) and the regions below it") {
					t.Errorf("dry run %v: English problems lack the scope named the English way:\n%s", dry, en)
				}
			}
			if ps, _ := s.Projects(context.Background(), []string{"440784101", "440783"}); len(ps) != 0 {
				t.Errorf("refused import wrote %d projects", len(ps))
			}
			if ls, _ := s.Leads(context.Background(), ""); len(ls) != 0 {
				t.Errorf("refused import wrote %d leads", len(ls))
			}
			if es, _ := s.Enterprises(context.Background(), ""); len(es) != 0 {
				t.Errorf("refused import wrote %d firms", len(es))
			}
			// The whole deployment writes them all: one line a register.
			res, err := service(s).Import(context.Background(), f, registers.Options{Actor: ana})
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"招商线索（l.csv）：新增 2 条，修订 0 条，未变 0 条", "企业（f.csv）：新增 2 家，修订 0 家，未变 0 家",
				"项目：新增 2，修改 0，未变 0", "年度计划：新增 2，修改 0，未变 0", "月度进度：新增 0，修订 0，未变 0", "节点：新增 0，修改 0，未变 0"}
			if got := res.Texts("zh-CN", false); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("written: got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			// The county's preview of its own rows again: HS1's total investment changed (a revision), its
			// plan the same (unchanged), HS2 and the progress row new — as the write would count them.
			own := []registers.File{
				table(t, "p.csv", projectsHead+"HS1,鹤山项目,省重点,工业,440784101,动工,12,4,2023\nHS2,鹤山二期,市重点,工业,440784,前期,5,1,2023\n"),
				table(t, "q.csv", "project_code,period,completed\nHS1,2023-06,1\nKP1,2023-06,1\n"),
			}
			f, _ = registers.Sort(own, true)
			_, err = service(s).Import(county, f, registers.Options{Actor: ana, DryRun: true})
			var ps ingest.Problems
			if !errors.As(err, &ps) || len(ps) != 1 || ps[0].File != "q.csv" || ps[0].Row != 3 || ps[0].Value != "KP1" {
				t.Fatalf("progress of another county's project: got %v, want one problem at q.csv row 3 (KP1)", err)
			}
			own[1] = table(t, "q.csv", "project_code,period,completed\nHS1,2023-06,1\n")
			f, _ = registers.Sort(own, true)
			res, err = service(s).Import(county, f, registers.Options{Actor: ana, DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			wantPreview := []string{"重点项目（p.csv, q.csv）：将新增 1 个，修改 1 个（旧值记入审计日志），未变 0 个", "年度计划：将新增 1，修改 0，未变 1",
				"月度进度：将新增 1 行，修订 0 行（旧值保留为修订记录），未变 0 行", "节点：将新增 0，修改 0，未变 0"}
			if got := res.Texts("zh-CN", true); strings.Join(got, "\n") != strings.Join(wantPreview, "\n") {
				t.Errorf("preview: got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantPreview, "\n"))
			}
			if p, err := s.Project(context.Background(), "HS1"); err != nil || p.TotalInvestment != 10 {
				t.Errorf("HS1 after the preview: %+v (%v), want its total investment still 10", p, err)
			}
			// Another county's records, rewritten under their codes as the county's own: refused at
			// the code, nothing written.
			taken := []registers.File{
				table(t, "p.csv", projectsHead+"KP1,开平项目,省重点,工业,440784,动工,8,3,2023\n"),
				table(t, "l.csv", leadsHead+"L1,鹤山线索,签约,2,装备,大湾区,甲,440784,2023-01-10\nL2,开平线索,签约,3,装备,大湾区,甲,440784,2023-01-11\n"),
				table(t, "f.csv", firmsHead+"91440300708461136T,乙,440784,装备,,,1,0.1\n"),
			}
			f, _ = registers.Sort(taken, true)
			_, err = service(s).Import(county, f, registers.Options{Actor: ana})
			ps = nil
			if !errors.As(err, &ps) {
				t.Fatalf("another county's codes: got %v, want problems", err)
			}
			text := ps.Format("zh-CN")
			for _, want := range []string{"p.csv:2:code: 「KP1」", "l.csv:3:code: 「L2」", "f.csv:2:credit_code: 「91440300708461136T」", "本账号地区范围（鹤山市（440784）及其下级）以外"} {
				if !strings.Contains(text, want) {
					t.Errorf("another county's codes: problems lack %q:\n%s", want, text)
				}
			}
			if len(ps) != 3 {
				t.Errorf("another county's codes: got %d problems, want 3:\n%s", len(ps), text)
			}
			if l, err := s.Lead(context.Background(), "L2"); err != nil || l.RegionCode != "440783" {
				t.Errorf("lead L2 after the refused import: %+v (%v), want it still 开平市's", l, err)
			}
		})
	}
}

// Every register file is checked before any is written: a clean leads file beside a projects file
// with a bad row writes nothing.
func TestCheckAllBeforeWriting(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			f, _ := registers.Sort([]registers.File{
				table(t, "l.csv", leadsHead+"L1,鹤山线索,签约,2,装备,大湾区,甲,440784,2023-01-10\n"),
				table(t, "p.csv", projectsHead+"HS1,鹤山项目,省重点,工业,999999,动工,10,4,2023\n"),
			}, true)
			if _, err := service(s).Import(context.Background(), f, registers.Options{Actor: ana}); err == nil {
				t.Fatal("got no error, want the projects file's problem")
			}
			if ls, _ := s.Leads(context.Background(), ""); len(ls) != 0 {
				t.Errorf("a refused import wrote %d leads, want none", len(ls))
			}
		})
	}
}

// Leads, enterprises and key projects of one import: the preview counts new, revised and
// unchanged rows of each register as the write then does, and the write is one transaction (one
// data version step, every register's rows there after it).
func TestImportTogether(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			ctx := context.Background()
			first := []registers.File{
				table(t, "l.csv", leadsHead+"L1,鹤山线索,签约,2,装备,大湾区,甲,440784,2023-01-10\nL2,鹤山二号,签约,3,装备,大湾区,甲,440784,2023-01-11\n"),
			}
			f, _ := registers.Sort(first, true)
			if _, err := service(s).Import(ctx, f, registers.Options{Actor: ana}); err != nil {
				t.Fatal(err)
			}
			// L1 the same, L2's investment changed, L3 new; a firm and a project new.
			files := []registers.File{
				table(t, "p.csv", projectsHead+"HS1,鹤山项目,省重点,工业,440784101,动工,10,4,2023\n"),
				table(t, "l.csv", leadsHead+"L1,鹤山线索,签约,2,装备,大湾区,甲,440784,2023-01-10\nL2,鹤山二号,签约,4,装备,大湾区,甲,440784,2023-01-11\n"+
					"L3,鹤山三号,签约,1,装备,大湾区,甲,440784,2023-02-01\n"),
				table(t, "f.csv", firmsHead+"91350100M000100Y43,甲,440784,装备,,,1,0.1\n"),
			}
			f, _ = registers.Sort(files, true)
			want := map[string]store.Counts{"leads": {New: 1, Revised: 1, Unchanged: 1}, "enterprises": {New: 1}, "projects": {New: 1}}
			v0, _ := s.DataVersion(ctx)
			for _, dry := range []bool{true, false} {
				res, err := service(s).Import(ctx, f, registers.Options{Actor: ana, DryRun: dry})
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Lines) != 3 {
					t.Fatalf("dry run %v: got %d lines, want one a register", dry, len(res.Lines))
				}
				for _, l := range res.Lines {
					if l.Written != want[l.Register] {
						t.Errorf("dry run %v, %s: got %+v, want %+v", dry, l.Register, l.Written, want[l.Register])
					}
				}
				if l, err := s.Lead(ctx, "L2"); dry && (err != nil || l.Investment != 3) {
					t.Errorf("L2 after the preview: %+v (%v), want its investment still 3", l, err)
				}
			}
			if v, _ := s.DataVersion(ctx); v != v0+1 {
				t.Errorf("data version: got %d after the import, want %d (one transaction)", v, v0+1)
			}
			if l, err := s.Lead(ctx, "L3"); err != nil || l.Name != "鹤山三号" {
				t.Errorf("L3: got %+v (%v)", l, err)
			}
			if _, err := s.Enterprise(ctx, "91350100M000100Y43"); err != nil {
				t.Errorf("the firm: %v", err)
			}
			if _, err := s.Project(ctx, "HS1"); err != nil {
				t.Errorf("project HS1: %v", err)
			}
		})
	}
}

// An upload of register files and a statistics file is refused, naming the files of each kind;
// register files alone are sorted by register, statistics files alone left as tables.
func TestSortUpload(t *testing.T) {
	stats := table(t, "obs.csv", "region_code,indicator_code,period,value\n440784,gdp,2023-06,1\n")
	leadsFile := table(t, "l.csv", leadsHead+"L1,鹤山线索,签约,2,装备,大湾区,甲,440784,2023-01-10\n")
	projectsFile := table(t, "p.csv", projectsHead+"HS1,鹤山项目,省重点,工业,440784101,动工,10,4,2023\n")
	_, _, err := registers.SortUpload([]registers.File{projectsFile, stats, leadsFile})
	if domain.ErrorKind(err) != domain.EINVALID {
		t.Fatalf("a mixed upload: got %v, want EINVALID", err)
	}
	for lang, want := range map[string]string{
		"zh-CN": "一次上传不能既有统计数据文件（obs.csv）又有登记表文件（p.csv, l.csv）",
		"en":    "One upload cannot hold both statistics files (obs.csv) and register files (p.csv, l.csv)",
	} {
		if got := domain.Message(lang, err); !strings.Contains(got, want) {
			t.Errorf("%s: got %q, want it to contain %q", lang, got, want)
		}
	}
	f, tables, err := registers.SortUpload([]registers.File{projectsFile, leadsFile})
	if err != nil || len(f.Projects) != 1 || len(f.Leads) != 1 || tables != nil {
		t.Errorf("registers alone: got %d projects and %d leads tables, %d statistics tables, %v; want 1, 1, 0, nil", len(f.Projects), len(f.Leads), len(tables), err)
	}
	f, tables, err = registers.SortUpload([]registers.File{stats})
	if err != nil || !f.Empty() || len(tables) != 1 {
		t.Errorf("statistics alone: got registers %v, %d tables, %v; want none, 1, nil", !f.Empty(), len(tables), err)
	}
}

// A leads file and a key-projects file written with Chinese headers, as a bureau writes them
// (计划投资（亿元） with its unit), uploaded together: each is told by its header and written, the
// lead with every column read; a bad cell is named by the column it stands for.
func TestImportChineseHeaders(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			files := []registers.File{
				table(t, "项目.csv", "项目编号,项目名称,级别,类别,地区代码,阶段,总投资,年度计划,年份\nTS1,台山项目,省重点,工业,440781,动工,50,12,2023\n"),
				table(t, "线索.csv", "线索编号,项目名称,阶段,计划投资（亿元）,产业,来源地区,招商小组,地区代码,签约日期,洽谈日期\n"+
					"TL1,电池材料项目,签约,8,新材料,大湾区,招商一组,440781,2023-08-15,2023-06-01\n"),
			}
			f, rest := registers.Sort(files, true)
			if len(rest) != 0 || len(f.Projects) != 1 || len(f.Leads) != 1 {
				t.Fatalf("Sort: got %d projects and %d leads tables, rest %v; want 1, 1 and none", len(f.Projects), len(f.Leads), rest)
			}
			if _, err := service(s).Import(context.Background(), f, registers.Options{Actor: ana}); err != nil {
				t.Fatal(err)
			}
			l, err := s.Lead(context.Background(), "TL1")
			if err != nil {
				t.Fatal(err)
			}
			if l.Name != "电池材料项目" || l.Stage != domain.LeadSigned || l.Investment != 8 || l.Industry != "新材料" || l.SourceRegion != "大湾区" ||
				l.Team != "招商一组" || l.RegionCode != "440781" || l.SignedDate != "2023-08-15" || l.StageDates[domain.LeadTalks] != "2023-06-01" {
				t.Errorf("lead TL1: got %+v", l)
			}
			if p, err := s.Project(context.Background(), "TS1"); err != nil || p.Name != "台山项目" {
				t.Errorf("project TS1: got %+v (%v)", p, err)
			}
			bad := []registers.File{table(t, "线索.csv", "线索编号,项目名称,阶段,计划投资,产业,来源地区,招商小组,地区代码,签约日期\n"+
				"TL2,x,签约,八亿,新材料,大湾区,招商一组,440781,2023-08-15\n")}
			f, _ = registers.Sort(bad, true)
			_, err = service(s).Import(context.Background(), f, registers.Options{Actor: ana, DryRun: true})
			var ps ingest.Problems
			if !errors.As(err, &ps) || len(ps) != 1 || !strings.Contains(ps.Format("zh-CN"), "线索.csv:2:计划投资: 「八亿」") {
				t.Errorf("a bad investment under a Chinese header: got %v, want one problem at 线索.csv:2:计划投资 (the column as the file names it)", err)
			}
		})
	}
}

// A key-projects file given with statistics files of the long layout (targets and figures, in
// English or Chinese headers): the statistics files are left for the statistics import, not taken
// for key-project tables; a file neither reads still goes with the key projects, which name it.
func TestSortStatisticsBesideProjects(t *testing.T) {
	files := []registers.File{
		table(t, "p.csv", projectsHead+"TS1,台山项目,省重点,工业,440781,动工,50,12,2023\n"),
		table(t, "s.csv", "地区,指标名称,期别,累计值,增速(%)\n台山市,社会消费品零售总额,2023年1-9月,130.4,7.5\n"),
		table(t, "t.csv", "region_code,indicator,year,tier,value,growth\n440781,retail,2023,assigned,180,6\n"),
		table(t, "x.csv", "what,ever\n1,2\n"),
	}
	f, rest := registers.Sort(files, true)
	if len(f.Projects) != 2 || f.Projects[0].File != "p.csv" || f.Projects[1].File != "x.csv" {
		t.Errorf("Sort: got projects tables %v, want p.csv and x.csv", names(f.Projects))
	}
	if want := []int{1, 2}; !slices.Equal(rest, want) {
		t.Errorf("Sort: got rest %v, want %v (s.csv and t.csv)", rest, want)
	}
}

func names(ts []sheet.Table) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.File)
	}
	return out
}
