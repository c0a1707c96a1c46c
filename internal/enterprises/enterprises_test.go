package enterprises_test

import (
	"context"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/enterprises"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

var ana = domain.Actor{Username: "ana", Role: domain.RoleAnalyst}

func table(t testing.TB, csv string) []sheet.Table {
	t.Helper()
	tb, err := sheet.ReadCSV("firms.csv", strings.NewReader(csv), sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	return []sheet.Table{tb}
}

const head = "credit_code,name,region_code,industry,titles,above_scale_date,output,tax\n"

// A code with a wrong check character is refused with its row and the expected character;
// other bad cells likewise; nothing is written.
func TestImportProblems(t *testing.T) {
	s := storetest.OpenSQLite(t)
	csv := head +
		"91350100M000100Y43,甲,440784,装备,创新型中小企业 2022-05-01,,1,0.1\n" +
		"91350100M000100Y44,乙,440784,装备,,,,\n" + // row 3: check character (3 expected)
		"91440300708461136T,丙,440784,装备,省级专精特新,,,\n" + // row 4: a title without a date
		"9144030071526726XG,丁,440784,装备,市级专精特新 2023-01-01,2023-13-01,-1,\n" // row 5: title, date, output
	_, err := enterprises.New(s).Import(ctx, ana, table(t, csv))
	if err == nil {
		t.Fatal("got no error")
	}
	want := []string{
		"firms.csv:3:credit_code: 「91350100M000100Y44」— 应为校验码（第 18 位）为「3」的统一社会信用代码",
		"firms.csv:4:titles: 「省级专精特新」— 应为以“;”分隔的称号，每项写作“称号 日期”或“称号 申报 日期 [认定 日期]”",
		"firms.csv:5:above_scale_date: 「2023-13-01」— 应为日期（YYYY-MM-DD）",
		"firms.csv:5:titles: 「市级专精特新 2023-01-01」— 应为称号：创新型中小企业、省级专精特新、国家级专精特新\"小巨人\"或高新技术企业",
		"firms.csv:5:output: 「-1」— 应为金额（亿元，不小于 0 的数字）",
	}
	got := strings.Split(err.Error(), "\n")
	if len(got) != len(want) {
		t.Fatalf("got:\n%s\nwant %d problems", err, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("problem %d: got %q, want %q", i, got[i], want[i])
		}
	}
	if es, _ := s.Enterprises(ctx, ""); len(es) != 0 {
		t.Errorf("got %d firms written, want none", len(es))
	}
}

// The funnel counts the year up to the period's end: 专精特新 applications and approvals
// (provincial and national), new above-scale firms against new_above_scale_industrial's target;
// the ladder counts titles held by then; the lists take output ≥ 50亿 and tax ≥ 1亿, the lines
// included.
func TestRegister(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s := d.Open(t)
			csv := head +
				"91350100M000100Y43,甲,440784,装备,创新型中小企业 2022-05-01;省级专精特新 申报 2023-03-01 认定 2023-06-20,2023-02-01,50,1\n" +
				"91440300708461136T,乙,440784101,装备,省级专精特新 申报 2023-05-01,2023-07-15,49.99,0.99\n" +
				"9144030071526726XG,丙,440784,装备,国家级专精特新“小巨人” 申报 2022-12-01 认定 2023-01-10;高新技术企业 2021-01-01,2021-01-01,80,3\n"
			w := enterprises.New(s)
			if _, err := w.Import(ctx, ana, table(t, csv)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ApplyBatch(ctx, store.Batch{Actor: "t", Source: "t", Targets: []domain.Target{{RegionCode: "440784",
				IndicatorCode: "new_above_scale_industrial", Year: 2023, Tier: domain.Assigned, Value: domain.F(4)}}}); err != nil {
				t.Fatal(err)
			}
			if err := w.SetGoal(ctx, ana, "440784", 2023, enterprises.MeasureApplications, 4); err != nil {
				t.Fatal(err)
			}
			reg, err := w.Register(ctx, "440784", "2023-06")
			if err != nil {
				t.Fatal(err)
			}
			// Applications by June: 甲 (03-01), 乙 (05-01) = 2 (丙's was in 2022); goal 4 → 50% at time
			// progress 50% → green. Approvals: 甲 (06-20), 丙 (01-10) = 2, no goal. Above scale: 甲
			// (02-01) = 1 (乙's is July) of 4 → 25%, gap −25 → red.
			want := []enterprises.Step{{Measure: "applications", Count: 2, Status: "green"}, {Measure: "approvals", Count: 2, Status: "none"}, {Measure: "above_scale", Count: 1, Status: "red"}}
			for i, w := range want {
				g := reg.Funnel[i]
				if g.Measure != w.Measure || g.Count != w.Count || g.Status != w.Status {
					t.Errorf("step %d: got %+v, want %+v", i, g, w)
				}
			}
			ladder := map[string]int{}
			for _, r := range reg.Ladder {
				ladder[r.Title] = r.Count
			}
			if ladder[domain.TitleInnovativeSME] != 1 || ladder[domain.TitleProvincialSRDI] != 1 || ladder[domain.TitleLittleGiant] != 1 || ladder[domain.TitleHighTech] != 1 {
				t.Errorf("ladder: got %v", ladder)
			}
			if len(reg.BigOutput) != 2 || reg.BigOutput[0].Name != "丙" || reg.BigOutput[1].Name != "甲" || len(reg.BigTax) != 2 {
				t.Errorf("lists: got output %d, tax %d", len(reg.BigOutput), len(reg.BigTax))
			}
			if reg, _ := w.Register(ctx, "440784101", "2023-12"); len(reg.Enterprises) != 1 || reg.Funnel[2].Count != 1 {
				t.Errorf("a town: got %d firms", len(reg.Enterprises))
			}
		})
	}
}

func TestTitlesRoundTrip(t *testing.T) {
	in := `国家级专精特新"小巨人" 2023-01-10;创新型中小企业 申报 2022-03-01 认定 2022-05-01`
	ts, bad, ok := enterprises.ParseTitles(in, false)
	if !ok || len(ts) != 2 || ts[0].Title != domain.TitleInnovativeSME || ts[1].Title != domain.TitleLittleGiant {
		t.Fatalf("got %+v %q", ts, bad)
	}
	again, _, _ := enterprises.ParseTitles(enterprises.FormatTitles(ts), false)
	if len(again) != 2 || again[0] != ts[0] || again[1] != ts[1] {
		t.Errorf("round trip: got %+v, want %+v", again, ts)
	}
}
