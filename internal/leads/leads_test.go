package leads_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/leads"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

var ana = domain.Actor{Username: "ana", Role: domain.RoleAnalyst}

func table(t testing.TB, name, csv string) []sheet.Table {
	t.Helper()
	tb, err := sheet.ReadCSV(name, strings.NewReader(csv), sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	return []sheet.Table{tb}
}

const head = "code,name,stage,investment,industry,source_region,team,region_code,signed_date,terminate_reason\n"

// The fixture (not the demo's), period 2023-06 (end 2023-06-30), Heshan 440784:
//
//	A 签约 1.00 甲 大湾区 county  2023-01-10  counts (1亿 is 亿元以上)
//	B 投产 3.25 乙 长三角 town101 2023-06-30  counts (signed on the period's last day; a town's lead)
//	C 注册 0.99 甲 大湾区 county  2023-02-01  no: under 1亿
//	D 终止 5.00 乙 长三角 county  2023-03-01  no: 终止
//	E 签约 2.50 甲 欧洲   county  2023-07-01  no: signed after June
//	F 动工 4.75 丙 大湾区 town102 2022-12-31  no: signed last year
//	G 洽谈 10   丙 京津   county  —           no: not signed
//	H 供地 2.00 丙 欧洲   town105 2023-05-15  counts
//	I 签约 6.00 丁 成渝   440781  2023-04-01  another county (in the prefecture's total)
//
// Heshan: A+B+H = 3 projects, 1.00+3.25+2.00 = 6.25亿. Time progress 6/12 = 50%.
// Targets: assigned 6 projects → 3/6 = 50%, gap 0 → green. Stretch 7 projects → 42.86%, gap
// −7.1 > 5 → red; stretch 13亿 → 6.25/13 = 48.08%, gap −1.9 → yellow; the tier is the worse, red.
const fixture = head +
	"A,甲,签约,1.00,装备,大湾区,甲,440784,2023-01-10,\n" +
	"B,乙,投产,3.25,装备,长三角,乙,440784101,2023-06-30,\n" +
	"C,丙,注册,0.99,装备,大湾区,甲,440784,2023-02-01,\n" +
	"D,丁,终止,5.00,装备,长三角,乙,440784,2023-03-01,企业放弃\n" +
	"E,戊,签约,2.50,装备,欧洲,甲,440784,2023-07-01,\n" +
	"F,己,动工,4.75,装备,大湾区,丙,440784102,2022-12-31,\n" +
	"G,庚,洽谈,10,装备,京津,丙,440784,,\n" +
	"H,辛,供地,2.00,装备,欧洲,丙,440784105,2023-05-15,\n" +
	"I,壬,签约,6.00,装备,成渝,丁,440781,2023-04-01,\n"

func load(t *testing.T, s *store.Store) {
	t.Helper()
	if _, err := leads.New(s).Import(ctx, ana, table(t, "leads.csv", fixture)); err != nil {
		t.Fatal(err)
	}
	tg := func(ind string, tier domain.Tier, v float64) domain.Target {
		return domain.Target{RegionCode: "440784", IndicatorCode: ind, Year: 2023, Tier: tier, Value: domain.F(v)}
	}
	if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "t", Source: "t", Targets: []domain.Target{
		tg("attracted_projects", domain.Assigned, 6), tg("attracted_projects", domain.Stretch, 7), tg("attracted_investment", domain.Stretch, 13)}}); err != nil {
		t.Fatal(err)
	}
}

func TestSummary(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			load(t, s)
			w := leads.New(s)
			sum, err := w.Summary(ctx, "440784", "2023-06")
			if err != nil {
				t.Fatal(err)
			}
			if sum.Projects != 3 || sum.Investment != 6.25 || sum.TimeProgress != 50 {
				t.Errorf("headline: got %d, %g at %g%%; want 3, 6.25 at 50%%", sum.Projects, sum.Investment, sum.TimeProgress)
			}
			a, st := sum.Targets[0], sum.Targets[1]
			if a.Tier != domain.Assigned || *a.Projects != 6 || a.Investment != nil || *a.CompletionProjects != 50 || a.CompletionInvestment != nil || a.Status != "green" {
				t.Errorf("assigned: got %+v", a)
			}
			if st.Tier != domain.Stretch || *st.CompletionProjects != 42.86 || *st.CompletionInvestment != 48.08 || st.Status != "red" {
				t.Errorf("stretch: got %+v (completion %v, %v)", st, *st.CompletionProjects, *st.CompletionInvestment)
			}
			wantTeams := []leads.TeamRow{{Team: "乙", Projects: 1, Investment: 3.25}, {Team: "丙", Projects: 1, Investment: 2}, {Team: "甲", Projects: 1, Investment: 1}}
			if len(sum.ByTeam) != 3 || sum.ByTeam[0] != wantTeams[0] || sum.ByTeam[1] != wantTeams[1] || sum.ByTeam[2] != wantTeams[2] {
				t.Errorf("by team: got %+v, want %+v", sum.ByTeam, wantTeams)
			}
			wantSrc := []leads.SourceRow{{SourceRegion: "大湾区", Projects: 1, Investment: 1}, {SourceRegion: "长三角", Projects: 1, Investment: 3.25}, {SourceRegion: "欧洲", Projects: 1, Investment: 2}}
			if len(sum.BySourceRegion) != 3 || sum.BySourceRegion[0] != wantSrc[0] || sum.BySourceRegion[1] != wantSrc[1] || sum.BySourceRegion[2] != wantSrc[2] {
				t.Errorf("by source region: got %+v, want %+v", sum.BySourceRegion, wantSrc)
			}
			for region, want := range map[string][2]float64{"440784101": {1, 3.25}, "440700": {4, 12.25}, "440000": {4, 12.25}, "440781": {1, 6}} {
				sum, err := w.Summary(ctx, region, "2023-06")
				if err != nil || float64(sum.Projects) != want[0] || sum.Investment != want[1] {
					t.Errorf("%s: got %d, %g, %v; want %v", region, sum.Projects, sum.Investment, err, want)
				}
			}
			// July: E (signed 07-01) now counts; the one SQL aggregate agrees.
			sum, _ = w.Summary(ctx, "440784", "2023-07")
			n, total, err := s.LeadTotals(ctx, "440784", []string{"签约", "注册", "供地", "动工", "投产"}, 1, "2023-01-01", "2023-07-31")
			if sum.Projects != 4 || sum.Investment != 8.75 || err != nil || n != 4 || total != 8.75 {
				t.Errorf("July: got %d, %g; aggregate %d, %g, %v; want 4, 8.75", sum.Projects, sum.Investment, n, total, err)
			}
			if _, err := w.Summary(ctx, "440784", "2023-13"); domain.ErrorKind(err) != domain.EINVALID {
				t.Errorf("bad period: got %v", err)
			}
			// The funnel: every lead reached 线索; conversion from the stage before; 终止 D had only its signing.
			f, err := w.Funnel(ctx, "440784", "2023-06", "2023-07-01", leads.Filter{Team: "甲"})
			if err != nil {
				t.Fatal(err)
			}
			if f.Stages[0].Count != 8 || f.Stages[2].Count != 7 || f.Terminated != 1 || len(f.Leads) != 3 {
				t.Errorf("funnel: got 线索 %d, 签约 %d, 终止 %d, 甲's leads %d; want 8, 7, 1, 3", f.Stages[0].Count, f.Stages[2].Count, f.Terminated, len(f.Leads))
			}
		})
	}
}

// A bad file is refused whole: each problem names file, row, column, value and what was expected,
// in Chinese; nothing is written.
func TestImportProblems(t *testing.T) {
	s := storetest.OpenSQLite(t)
	w := leads.New(s)
	bad := head +
		"A,甲,签约,1.00,装备,大湾区,甲,440784,,\n" + // row 2: signed without a date
		"B,乙,搁置,1.00,装备,大湾区,甲,440784,,\n" + // row 3: stage
		"C,丙,线索,一亿,装备,大湾区,甲,440784,,\n" + // row 4: investment
		"D,丁,线索,1,装备,东北,甲,999999,,\n" + // row 5: source region and region
		"E,戊,终止,1,装备,其他,甲,440784,,\n" + // row 6: 终止 without a reason
		"A,甲,线索,1,装备,其他,甲,440784,2023-02-30,\n" // row 7: the date, and the code again
	_, err := w.Import(ctx, ana, table(t, "bad.csv", bad))
	var probs ingest.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("got %v, want problems", err)
	}
	want := []string{
		"bad.csv:2:signed_date: 「」— 应为签约日期（YYYY-MM-DD）：签约及以后阶段必填",
		"bad.csv:3:stage: 「搁置」— 应为阶段：线索、洽谈、签约、注册、供地、动工、投产或终止",
		"bad.csv:4:investment: 「一亿」— 应为计划投资（亿元，不小于 0 的数字）",
		"bad.csv:5:region_code: 「999999」— 应为已知的地区代码（县级或镇街，如 440784 或 440784101）",
		"bad.csv:5:source_region: 「东北」— 应为来源地区：大湾区、长三角、成渝、京津、欧洲或其他",
		"bad.csv:6:terminate_reason: 「」— 应为终止原因（阶段为终止时必填）",
		"bad.csv:7:signed_date: 「2023-02-30」— 应为日期（YYYY-MM-DD）",
	}
	got := strings.Split(probs.Format("zh-CN"), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d problems:\n%s\nwant %d", len(got), probs.Format("zh-CN"), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("problem %d: got %q, want %q", i, got[i], want[i])
		}
	}
	if ls, _ := s.Leads(ctx, ""); len(ls) != 0 {
		t.Errorf("after a refused import: got %d leads, want none", len(ls))
	}
	// The duplicate code is found once the row is otherwise good.
	dup := head + "A,甲,线索,1,装备,其他,甲,440784,,\nA,甲,线索,2,装备,其他,甲,440784,,\n"
	_, err = w.Import(ctx, ana, table(t, "dup.csv", dup))
	if err == nil || !strings.Contains(err.Error(), "dup.csv:3:code: 「A」— 应为本次导入中唯一的线索编号（已见于 dup.csv:2）") {
		t.Errorf("duplicate code: got %v", err)
	}
}

// A signed lead becomes a key project: the link kept in a new revision, the seed returned; an
// unsigned lead, or a second project, refused.
func TestToProject(t *testing.T) {
	s := storetest.OpenSQLite(t)
	load(t, s)
	w := leads.New(s)
	seed, err := w.ToProject(ctx, ana, "B", "XM-1")
	if err != nil || seed.Code != "XM-1" || seed.TotalInvestment != 3.25 || seed.RegionCode != "440784101" || seed.SignedDate != "2023-06-30" {
		t.Fatalf("got %+v, %v", seed, err)
	}
	l, revs, _ := w.Lead(ctx, "B")
	if l.ProjectCode != "XM-1" || len(revs) != 2 {
		t.Errorf("the lead: project %q, %d revisions; want XM-1, 2", l.ProjectCode, len(revs))
	}
	// The key project exists, keeping the lead's name, place, investment and reached stages.
	p, err := s.Project(ctx, "XM-1")
	if err != nil || p.Name != l.Name || p.RegionCode != "440784101" || p.TotalInvestment != 3.25 || p.Level != "县重点" {
		t.Errorf("the project made from lead B: %+v, %v", p, err)
	}
	ms, _ := s.Milestones(ctx, []string{"440784101"})
	for _, m := range ms {
		if m.ProjectCode == "XM-1" && (m.Actual == "" || m.Actual != l.StageDates[domain.LeadStage(m.Stage)]) {
			t.Errorf("milestone %+v does not keep the lead's date %q", m, l.StageDates[domain.LeadStage(m.Stage)])
		}
	}
	// Linking another lead to an existing project leaves the project as it was.
	before, _ := s.Project(ctx, "XM-1")
	if _, err := w.ToProject(ctx, ana, "A", "XM-1"); err == nil {
		if after, _ := s.Project(ctx, "XM-1"); after.Name != before.Name || after.TotalInvestment != before.TotalInvestment {
			t.Errorf("linking lead A to XM-1 changed it: %+v → %+v", before, after)
		}
	}
	if _, err := w.ToProject(ctx, ana, "G", "XM-2"); domain.ErrorKind(err) != domain.EINVALID {
		t.Errorf("洽谈 lead: got %v, want invalid", err)
	}
	if _, err := w.ToProject(ctx, ana, "B", "XM-3"); domain.ErrorKind(err) != domain.ECONFLICT {
		t.Errorf("second project: got %v, want conflict", err)
	}
	if _, err := w.ToProject(ctx, domain.Actor{Username: "l", Role: domain.RoleLeader}, "A", "XM-4"); domain.ErrorKind(err) != domain.EFORBIDDEN {
		t.Errorf("a leader: got %v, want forbidden", err)
	}
}

// TestSummaryAgreesWithTally: the summary, which the database counts and sums by team and source
// region, is Tally over every lead read back, for every month of two years and a county, its
// city and the province, with leads on the 1亿 line (0.995 counts, 0.9949 does not) and signing
// dates that are not ten bytes (never counted) or ten bytes but not a date (counted as Go counts
// them).
func TestSummaryAgreesWithTally(t *testing.T) {
	invs := []float64{0.995, 0.99499999, 0.9950000001, 0.994, 1, 1.005, 0.1 + 0.2, 3.3333333, 7.77, 12.345}
	dates := []string{"2023-01-01", "2023-03", "2023-03-05x", "2023-01-é", "2022-12-31", "2023-06-30", "2023-07-01", "2022-05-17", "2023-12-31", ""}
	stages := append(append([]domain.LeadStage{}, domain.LeadStages...), domain.LeadTerminated)
	regions := []string{"440784", "440784101", "440781"}
	var ls []domain.Lead
	for i := range 300 {
		l := domain.Lead{Code: "T" + strconv.Itoa(i), Name: "项目", Stage: stages[i%len(stages)], Investment: invs[i%len(invs)] + float64(i%7)*0.01*float64(i%2),
			Industry: "装备", SourceRegion: domain.SourceRegions[i%4], Team: "组" + strconv.Itoa(i%5), RegionCode: regions[i%3], SignedDate: dates[(i/3)%len(dates)]}
		ls = append(ls, l)
	}
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			if _, err := s.SaveLeads(ctx, store.Who{Username: "t"}, ls); err != nil {
				t.Fatal(err)
			}
			w := leads.New(s)
			for region, prefix := range map[string]string{"440784": "440784", "440700": "4407", "440000": "44"} {
				all, err := s.Leads(ctx, prefix)
				if err != nil {
					t.Fatal(err)
				}
				for _, period := range []string{"2022-05", "2022-12", "2023-01", "2023-02", "2023-03", "2023-06", "2023-07", "2023-12"} {
					sum, err := w.Summary(ctx, region, period)
					if err != nil {
						t.Fatal(err)
					}
					want := leads.Tally(all, domain.MonthEnd(period))
					got := &leads.Summary{Projects: sum.Projects, Investment: sum.Investment, ByTeam: sum.ByTeam, BySourceRegion: sum.BySourceRegion}
					g, _ := json.Marshal(got)
					wj, _ := json.Marshal(want)
					if string(g) != string(wj) {
						t.Errorf("%s %s: summary %s, Tally %s", region, period, g, wj)
					}
					if want.Projects == 0 && period == "2023-12" {
						t.Errorf("%s: nothing counts; the fixture tests nothing", region)
					}
				}
			}
		})
	}
}
