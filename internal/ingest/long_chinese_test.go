package ingest_test

import (
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/store"
)

// Issue 11 item 3: the long format accepts Chinese headers, indicator names and aliases, region
// names and the period spellings of bulletins.
func TestImportLongChineseHeaders(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  []string // region indicator period value/growth
	}{
		{"codes.csv", []string{"地区代码,指标代码,期别,累计值,增速", "440784,retail,2023-06,70.13,5.4"},
			[]string{"440784 retail 2023-06 70.13/5.4"}},
		{"names.csv", []string{"地区,指标名称,时期,本期累计,同比增长(%)", "台山市,社会消费品零售总额,2023年1-9月,100.5,3.2",
			"鹤山,社零总额,2023年6月,70.13,5.4", "鹤山市,规上工业增加值,2023年1－3月,,6.1"},
			[]string{"440781 retail 2023-09 100.5/3.2", "440784 industry_va 2023-03 nil/6.1", "440784 retail 2023-06 70.13/5.4"}},
		{"both.csv", []string{"地区代码,地区,指标,年份,期别,数值,增长(%)", "440784,鹤山市,GDP,2023,1-9月,300,4.1"},
			[]string{"440784 gdp 2023-09 300/4.1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, s *store.Store) {
				// 鹤山 alone is 鹤山市 (440784) of the home county's prefecture, not 鹤山区 (410602).
				if err := s.SetSettings(ctx, store.Who{Username: "admin", Role: domain.RoleSysadmin}, map[string]string{"home_region": "440781"}); err != nil {
					t.Fatal(err)
				}
				path := writeFile(t, t.TempDir(), tc.name, csvText(tc.lines...))
				if _, err := importFiles(s, path); err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				var got []string
				for _, o := range observations(t, s, store.ObservationQuery{}) {
					got = append(got, o.RegionCode+" "+o.IndicatorCode+" "+o.Period+" "+fig(o.Value)+"/"+fig(o.Growth))
				}
				if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
					t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
				}
			})
		})
	}
}

func TestImportLongChineseTargets(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		path := writeFile(t, t.TempDir(), "目标.csv", csvText("地区,指标,年份,目标层级,目标值,目标增速",
			"鹤山市,地区生产总值,2023,下达,,6", "鹤山市,gdp,2023年,自我加压,,7", "440784,retail,2023,stretch,150,8"))
		if _, err := importFiles(s, path); err != nil {
			t.Fatalf("got %v, want no error", err)
		}
		ts, err := s.Targets(ctx, "440784", 2023)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tg := range ts {
			got = append(got, tg.IndicatorCode+" "+string(tg.Tier)+" "+fig(tg.Value)+"/"+fig(tg.Growth))
		}
		want := "gdp assigned nil/6\ngdp stretch nil/7\nretail stretch 150/8"
		if strings.Join(got, "\n") != want {
			t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
		}
	})
}

// A code with a name that disagrees: the code decides, and the row is imported with a warning
// naming the row (TestRegionNameDisagreeingWarns covers the English headers).
func TestImportLongChineseNameMismatchWarns(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		path := writeFile(t, t.TempDir(), "x.csv", csvText("地区代码,地区,指标,期别,数值,增速", "440784,台山市,retail,2023-06,1,2"))
		res, err := ingest.New(s).ImportFiles(ctx, []string{path}, ingest.BulletinOptions{Layout: ingest.LayoutLong})
		if err != nil {
			t.Fatal(err)
		}
		if res.Observations.New != 1 || len(res.Warnings) != 1 || res.Warnings[0].Kind != ingest.WarnRegionName ||
			!strings.HasPrefix(res.Warnings[0].Format("zh-CN"), "x.csv:2: ") {
			t.Errorf("got %+v and warnings %q, want the row imported for 440784 with one region-name warning at x.csv:2", res.Observations, res.Warnings.Format("zh-CN"))
		}
	})
}

// Problems name the column as the file writes it, the value, and what was expected.
func TestImportLongChineseProblems(t *testing.T) {
	for _, tc := range []struct {
		name, line, column, value, wantEN string
	}{
		{"ambiguous", ",鹤山,retail,2023-06,1,2", "地区", "鹤山", "410602"},
		{"unknown-name", ",无此地,retail,2023-06,1,2", "地区", "无此地", "name of a known region"},
		{"unknown-indicator", "440784,,无此指标,2023-06,1,2", "指标", "无此指标", "known indicator"},
		{"bad-period", "440784,,retail,1-9月,1,2", "期别", "1-9月", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, s *store.Store) {
				path := writeFile(t, t.TempDir(), "x.csv", csvText("地区代码,地区,指标,期别,数值,增速", tc.line))
				_, err := importFiles(s, path)
				ps := problemsOf(t, err)
				if len(ps) != 1 {
					t.Fatalf("got %d problems, want 1:\n%s", len(ps), ps.Format("en"))
				}
				p := ps[0]
				if p.File != "x.csv" || p.Row != 2 || p.Column != tc.column || p.Value != tc.value {
					t.Errorf("got %s:%d %s=%q, want x.csv:2 %s=%q", p.File, p.Row, p.Column, p.Value, tc.column, tc.value)
				}
				if msg := p.Format("en"); !strings.Contains(msg, tc.wantEN) {
					t.Errorf("got %q, want it to contain %q", msg, tc.wantEN)
				}
				if got := observations(t, s, store.ObservationQuery{}); len(got) != 0 {
					t.Errorf("got %d observations, want none", len(got))
				}
			})
		})
	}
}

// The auto layout of `pacer import` reads a long file with Chinese headers as a long file, not as
// a bulletin without a title.
func TestImportBulletinAutoChineseLong(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		path := writeFile(t, t.TempDir(), "long.csv", csvText("地区代码,指标,期别,累计值,增速", "440784,社零总额,2023年1-6月,70.13,5.4"))
		if _, err := importBulletin(t, s, ingest.BulletinOptions{}, path); err != nil {
			t.Fatalf("got %v, want no error", err)
		}
		o := observations(t, s, store.ObservationQuery{})
		if len(o) != 1 || o[0].IndicatorCode != "retail" || o[0].Period != "2023-06" || fig(o[0].Value) != "70.13" {
			t.Errorf("got %+v, want one retail 2023-06 70.13", o)
		}
	})
}
