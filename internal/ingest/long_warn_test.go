package ingest_test

import (
	"slices"
	"testing"

	"pacer/internal/ingest"
	"pacer/internal/sheet"
	"pacer/internal/store"
)

// A long table is checked like a bulletin (issue 11, "warnings, never silence"): 外贸 1-9月 13.45
// after 1-8月 119.80 held in the database is a cumulative that fell; retail's published 6.1%
// beside 130.40 against 121.30 a year earlier (the row above) is 7.5% by the values, 1.4 points
// away. Both name their row, in the preview and the import, and block nothing. A consistent row
// (retail 1-8月 114.80 +6.8 against 107.50: 6.79%), a stock and a level give none.
func TestLongTableFigureWarnings(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		svc := ingest.New(s)
		before := writeFile(t, dir, "aug.csv", csvText("region_code,indicator,period,value,growth",
			"440781,trade,2023-08,119.80,"))
		if _, err := svc.ImportFiles(ctx, []string{before}, ingest.BulletinOptions{Layout: ingest.LayoutLong}); err != nil {
			t.Fatal(err)
		}
		f := writeFile(t, dir, "sep.csv", csvText("地区,指标名称,期别,累计值,增速(%)",
			"台山市,外贸进出口总额,2023年1-9月,13.45,",
			"台山市,社会消费品零售总额,2022年1-8月,107.50,",
			"台山市,社会消费品零售总额,2022年1-9月,121.30,",
			"台山市,社会消费品零售总额,2023年1-8月,114.80,6.8",
			"台山市,社会消费品零售总额,2023年1-9月,130.40,6.1",
			"台山市,存款余额,2023年1-8月,600,",
			"台山市,存款余额,2023年1-9月,590,",
			"台山市,城镇调查失业率,2023年1-8月,5.4,",
			"台山市,城镇调查失业率,2023年1-9月,5.2,"))
		want := []string{
			"sep.csv:2: 台山市 外贸进出口总额：累计值 13.45 小于 2023-08 的 119.8（累计数不应下降，请核对）",
			"sep.csv:6: 台山市 社会消费品零售总额：公布增速 6.1% 与按上年同期（2022-09）121.3 计算的 7.5% 相差 1.4 个百分点，请核对数值、增速或上年基数",
		}
		tables, err := sheet.ReadFile(f, sheet.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		pv, err := svc.Preview(ctx, tables, ingest.BulletinOptions{Layout: ingest.LayoutAuto})
		if err != nil {
			t.Fatal(err)
		}
		if got := figureWarnings(pv.Warnings); !slices.Equal(got, want) {
			t.Errorf("preview warnings: got %q, want %q", got, want)
		}
		res, err := svc.ImportFiles(ctx, []string{f}, ingest.BulletinOptions{Layout: ingest.LayoutLong})
		if err != nil {
			t.Fatal(err)
		}
		if got := figureWarnings(res.Warnings); !slices.Equal(got, want) {
			t.Errorf("import warnings: got %q, want %q", got, want)
		}
		if res.Observations.New != 9 {
			t.Errorf("import: got %+v, want all 9 rows added (warnings block nothing)", res.Observations)
		}
	})
}

func figureWarnings(ws ingest.Warnings) []string {
	var out []string
	for _, w := range ws {
		if w.Kind == ingest.WarnCumulativeDecrease || w.Kind == ingest.WarnGrowthMismatch {
			out = append(out, w.Format("zh-CN"))
		}
	}
	return out
}
