package registers_test

import (
	"context"
	"errors"
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
	return registers.New(projects.New(s), leads.New(s), enterprises.New(s))
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
			// The county's preview of its own rows again: known to the register.
			own := []registers.File{
				table(t, "p.csv", projectsHead+"HS1,鹤山项目,省重点,工业,440784101,动工,10,4,2023\nHS2,鹤山二期,市重点,工业,440784,前期,5,1,2023\n"),
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
			wantPreview := "重点项目（p.csv, q.csv）：新增 1 个，台账中已有 1 个（有变化的将修订）；月度进度 1 行，节点 0 行"
			if got := res.Texts("zh-CN", true); len(got) != 1 || got[0] != wantPreview {
				t.Errorf("preview: got %q, want %q", got, wantPreview)
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
