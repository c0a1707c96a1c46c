package ingest_test

import (
	"strings"
	"testing"

	"pacer/internal/ingest"
	"pacer/internal/locale"
	"pacer/internal/store"
)

func TestBulletinRegionRows(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		path := writeWorkbook(t, dir, "江门统计月报2023-06.xlsx", jiangmenRegionRows())
		res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		// 8 rows (全市 and 7 units) × gdp and industry_va, 7 × retail (江海区 publishes none).
		if res.Observations != (store.Counts{New: 23}) || res.BatchID == 0 {
			t.Fatalf("got %+v, want 23 new observations and a batch", res.BatchResult)
		}
		if len(res.Sheets) != 1 || res.Sheets[0].Layout != ingest.LayoutRegionRows || res.Sheets[0].RegionCode != "440700" ||
			res.Sheets[0].Period != "2023-06" || res.Sheets[0].Source != "江门统计月报" {
			t.Fatalf("sheet read as %+v", res.Sheets)
		}
		for _, c := range []struct {
			region, ind, value, growth string
		}{
			{"440700", "gdp", "1840.5", "4.5"},       // 全　市: the parent itself
			{"440703", "gdp", "520.3", "4.1"},        // 蓬 江 区, text number
			{"440784", "gdp", "223.83", "4.7"},       // 鹤　山 without its suffix, growth "4.7%"
			{"440784", "retail", "70.13", "5.4"},     // 社零总额
			{"440785", "industry_va", "nil", "-1.5"}, // growth only
			{"440700", "retail", "635.6", "5.9"},     // "5.9%" as text
		} {
			o := figure(t, s, c.region, c.ind, "2023-06")
			if fig(o.Value) != c.value || fig(o.Growth) != c.growth || o.Source != "江门统计月报2023-06.xlsx" || o.Revision != 1 {
				t.Errorf("%s/%s: got %s/%s source %q rev %d, want %s/%s", c.region, c.ind, fig(o.Value), fig(o.Growth), o.Source, o.Revision, c.value, c.growth)
			}
		}
		if got := observations(t, s, store.ObservationQuery{Regions: []string{"440704"}, Indicators: []string{"retail"}}); len(got) != 0 {
			t.Errorf("江海区 retail is — in the bulletin, got %d observations", len(got))
		}

		// Published ranks are kept beside the computed ones.
		if res.PublishedRanks != (store.Counts{New: 13}) {
			t.Errorf("published ranks: got %+v, want 13 new", res.PublishedRanks)
		}
		ranks, err := s.PublishedRanks(ctx, store.PublishedRankQuery{Regions: []string{"440784"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(ranks) != 2 || ranks[0].IndicatorCode != "industry_va" || ranks[0].Rank != 5 || ranks[0].By != store.RankByGrowth ||
			ranks[1].IndicatorCode != "retail" || ranks[1].Rank != 4 || ranks[0].BatchID != res.BatchID || !ranks[0].Current {
			t.Errorf("鹤山 published ranks: got %+v", ranks)
		}

		// Warnings: the retail total is not the sum of the six regions that publish it.
		if len(res.Warnings) != 1 || res.Warnings[0].Kind != ingest.WarnTotalMismatch || res.Warnings[0].Cell != "F6" ||
			!strings.Contains(res.Warnings[0].Message.In("zh-CN"), "另有 1 个地区未公布数值") {
			t.Errorf("warnings: got %+v", res.Warnings)
		}

		// The same workbook again changes nothing; a corrected figure is a revision.
		again, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
		if err != nil || again.BatchID != 0 || again.Observations != (store.Counts{Unchanged: 23}) || again.PublishedRanks != (store.Counts{Unchanged: 13}) {
			t.Fatalf("second import: %+v, %v", again, err)
		}
		sh := jiangmenRegionRows()
		sh.rows[11][1] = "224.01" // 鹤山 GDP revised
		sh.rows[11][4] = 4        // and its published rank
		fixed := writeWorkbook(t, dir, "江门统计月报2023-06（修订）.xlsx", sh)
		rev, err := importBulletin(t, s, ingest.BulletinOptions{}, fixed)
		if err != nil || rev.Observations != (store.Counts{Revised: 1, Unchanged: 22}) || rev.PublishedRanks != (store.Counts{Revised: 1, Unchanged: 12}) {
			t.Fatalf("revision: %+v, %v", rev, err)
		}
		all := observations(t, s, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"gdp"}, AllRevisions: true})
		if len(all) != 2 || fig(all[0].Value) != "223.83" || all[0].Current || fig(all[1].Value) != "224.01" || !all[1].Current {
			t.Errorf("revisions kept: got %+v", all)
		}
		hist, err := s.PublishedRanks(ctx, store.PublishedRankQuery{Regions: []string{"440784"}, Indicators: []string{"industry_va"}, AllRevisions: true})
		if err != nil || len(hist) != 2 || hist[1].Rank != 4 || hist[0].Current {
			t.Errorf("published rank revisions: %+v, %v", hist, err)
		}
	})
}

func TestBulletinIndicatorRows(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		path := writeWorkbook(t, t.TempDir(), "鹤山2023年1-2月.xlsx", heshanIndicatorRows())
		res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if res.Observations != (store.Counts{New: 6}) || res.Sheets[0].Layout != ingest.LayoutIndicatorRows ||
			res.Sheets[0].RegionCode != "440784" || res.Sheets[0].Period != "2023-02" {
			t.Fatalf("got %+v, sheets %+v", res.BatchResult, res.Sheets)
		}
		for _, c := range []struct{ ind, value, growth string }{
			{"industry_va", "nil", "6.2"},            // unit % and — in 1-本月: growth only
			{"fai", "nil", "-5.3"},                   // "-5.3%"
			{"industrial_investment", "2.5", "12.5"}, // 　　其中：工业投资, "25,000" 万元 → 亿元
			{"retail", "12.5", "4.5"},                // not 本月's 60000
			{"trade", "12.4", "-2.8"},                // already 亿元
			{"budget_revenue", "4.5", "7.5"},         // 一般公共预算收入① footnote mark
		} {
			o := figure(t, s, "440784", c.ind, "2023-02")
			if fig(o.Value) != c.value || fig(o.Growth) != c.growth {
				t.Errorf("%s: got %s/%s, want %s/%s", c.ind, fig(o.Value), fig(o.Growth), c.value, c.growth)
			}
		}
		if got := observations(t, s, store.ObservationQuery{Indicators: []string{"gdp"}}); len(got) != 0 {
			t.Errorf("GDP is — at 1-2月, got %+v", got)
		}
	})
}

func TestBulletinUnmappedNamesWriteNothing(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		sh := jiangmenRegionRows()
		sh.rows[7][0] = "江门高新区"    // 江海区 under its other name
		sh.rows[2][5] = "社零总额（限上）" // not the whole of retail: no alias may take it
		path := writeWorkbook(t, dir, "江门统计月报2023-06.xlsx", sh)
		_, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
		ps := problemsOf(t, err)
		got := ps.Format("zh")
		for _, want := range []string{
			"江门统计月报2023-06.xlsx:各县（市、区）!F3: 「社零总额（限上）」— 应为指标名称",
			"--map '社零总额(限上)=代码'",
			"江门统计月报2023-06.xlsx:各县（市、区）!A8: 「江门高新区」— 应为地区名称",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("problems lack %q:\n%s", want, got)
			}
		}
		if len(ps) != 2 {
			t.Errorf("got %d problems, want 2:\n%s", len(ps), got)
		}
		en := ps.Format("en")
		if !strings.Contains(en, "expected an indicator/region name or --map '江门高新区=code'") {
			t.Errorf("English: %s", en)
		}
		if n := len(observations(t, s, store.ObservationQuery{})); n != 0 {
			t.Fatalf("unmapped names: %d observations written, want none", n)
		}
		// The preview lists them for the web page to ask for codes.
		pv, err := ingest.PreviewBulletin(ctx, s, readTables(t, path), ingest.BulletinOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(pv.Unmapped) != 2 || pv.Unmapped[0] != (ingest.UnmappedName{Kind: "indicator", Name: "社零总额（限上）", Key: "社零总额(限上)",
			File: "江门统计月报2023-06.xlsx", Sheet: "各县（市、区）", Cell: "F3"}) || pv.Unmapped[1].Kind != "region" || pv.Unmapped[1].Cell != "A8" {
			t.Errorf("preview unmapped: %+v", pv.Unmapped)
		}
		if r, _ := s.PublishedRanks(ctx, store.PublishedRankQuery{}); len(r) != 0 {
			t.Fatalf("unmapped names: %d published ranks written", len(r))
		}

		// --map resolves them (a region code, an indicator code) and is remembered for the source.
		res, err := importBulletin(t, s, ingest.BulletinOptions{Maps: []string{"江门高新区=440704", "社零总额（限上）=retail"}}, path)
		if err != nil {
			t.Fatalf("with --map: %v", err)
		}
		if res.Remembered != 2 || len(res.Sources) != 1 || res.Sources[0] != "江门统计月报" {
			t.Errorf("remembered %d under %v, want 2 under 江门统计月报", res.Remembered, res.Sources)
		}
		if o := figure(t, s, "440704", "gdp", "2023-06"); fig(o.Value) != "155.1" {
			t.Errorf("江门高新区 → 440704: got %s", fig(o.Value))
		}
		ms, err := s.NameMappings(ctx, "江门统计月报")
		if err != nil || len(ms) != 2 || ms[0].Code == "" || ms[0].RecordedBy != "tester" {
			t.Fatalf("mappings: %+v, %v", ms, err)
		}

		// Next month's workbook of the same source needs no --map.
		sh.rows[1][0] = "2023年1-7月"
		next := writeWorkbook(t, dir, "江门统计月报2023-07.xlsx", sh)
		res, err = importBulletin(t, s, ingest.BulletinOptions{}, next)
		if err != nil || res.Observations.New != 23 {
			t.Fatalf("remembered mappings: %+v, %v", res, err)
		}
		// Another source does not see them.
		other := writeWorkbook(t, dir, "other-2023-07.xlsx", sh)
		if _, err := importBulletin(t, s, ingest.BulletinOptions{}, other); len(problemsOf(t, err)) != 2 {
			t.Errorf("another source: %v", err)
		}
		// …unless named as the source.
		if _, err := importBulletin(t, s, ingest.BulletinOptions{Source: "江门统计月报"}, other); err != nil {
			t.Errorf("--source: %v", err)
		}
		// name=- skips a name.
		skipRow := jiangmenRegionRows()
		skipRow.rows = append(skipRow.rows[:13], append([][]any{{"珠三角核心区", 9999, 9.9}}, skipRow.rows[13:]...)...)
		p3 := writeWorkbook(t, dir, "skip.xlsx", skipRow)
		if _, err := importBulletin(t, s, ingest.BulletinOptions{}, p3); err == nil {
			t.Fatal("珠三角核心区 unmapped: want problems")
		}
		if _, err := importBulletin(t, s, ingest.BulletinOptions{Maps: []string{"珠三角核心区=-"}}, p3); err != nil {
			t.Fatalf("--map name=-: %v", err)
		}
	})
}

func TestBulletinBadMaps(t *testing.T) {
	s := openSQLite(t)
	path := writeWorkbook(t, t.TempDir(), "b.xlsx", jiangmenRegionRows())
	_, err := importBulletin(t, s, ingest.BulletinOptions{Maps: []string{"江门高新区=999999", "no-equals", "x=gdp2"},
		Region: "123", Period: "2023-13"}, path)
	got := problemsOf(t, err).Format("zh")
	for _, want := range []string{"--map: 「江门高新区=999999」— 应为已知的指标代码", "--map: 「no-equals」— 应为名称=代码",
		"--map: 「x=gdp2」", "--region: 「123」", "--period: 「2023-13」"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
}

func TestBulletinCellErrors(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		sh := jiangmenRegionRows()
		sh.rows[8][1] = "约420"   // B9
		sh.rows[9][2] = "-100.5" // C10: growth must be above -100 (the long-format check)
		sh.rows[10][4] = "第一"    // E11: a rank
		path := writeWorkbook(t, t.TempDir(), "jm.xlsx", sh)
		_, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
		ps := problemsOf(t, err)
		got := ps.Format("zh")
		for _, want := range []string{
			"jm.xlsx:各县（市、区）!B9: 「约420」— 应为数字（如 1,234.5 或 4.7%），未公布可写 — 或留空",
			"jm.xlsx:各县（市、区）!C10: 「-100.5」— 应为大于 -100 的增速（百分数）",
			"jm.xlsx:各县（市、区）!E11: 「第一」— 应为名次",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("problems lack %q:\n%s", want, got)
			}
		}
		if len(ps) != 3 {
			t.Errorf("got %d problems:\n%s", len(ps), got)
		}
		if !strings.Contains(ps.Format("en"), `jm.xlsx:各县（市、区）!B9: "约420" — expected a number`) {
			t.Errorf("English: %s", ps.Format("en"))
		}
		if n := len(observations(t, s, store.ObservationQuery{})); n != 0 {
			t.Errorf("%d observations written, want none", n)
		}
	})
}

func TestBulletinPreviewMatchesApplyBatch(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		first := writeWorkbook(t, dir, "jm-2023-06.xlsx", jiangmenRegionRows())
		pv, err := ingest.PreviewBulletin(ctx, s, readTables(t, first), ingest.BulletinOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if pv.New != 23 || pv.Revises != 0 || pv.Unchanged != 0 || pv.Skipped != 1 || len(pv.Problems) != 0 || pv.Ranks.New != 13 {
			t.Fatalf("preview of a fresh database: %+v", pv)
		}
		if n := len(observations(t, s, store.ObservationQuery{})); n != 0 {
			t.Fatalf("preview wrote %d observations", n)
		}
		if _, err := importBulletin(t, s, ingest.BulletinOptions{}, first); err != nil {
			t.Fatal(err)
		}
		sh := jiangmenRegionRows()
		sh.rows[6][5] = "191.0" // 蓬江 retail revised
		sh.rows[7][1] = "—"     // 江海 GDP now unpublished: skipped, the stored one stays
		second := writeWorkbook(t, dir, "jm-2023-06-b.xlsx", sh)
		tables := readTables(t, second)
		pv, err = ingest.PreviewBulletin(ctx, s, tables, ingest.BulletinOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var revised []ingest.PreviewRow
		for _, r := range pv.Rows {
			if r.State == ingest.RowRevises {
				revised = append(revised, r)
			}
		}
		if pv.Revises != 1 || len(revised) != 1 || revised[0].RegionCode != "440703" || revised[0].IndicatorCode != "retail" ||
			fig(revised[0].OldValue) != "190.2" || fig(revised[0].Value) != "191" || revised[0].Cell != "F7" {
			t.Fatalf("revisions: %+v", revised)
		}
		// 江海区 GDP: — now, so the stored 155.1 is kept beside the growth 3.8: unchanged.
		var kept []ingest.PreviewRow
		for _, r := range pv.Rows {
			if r.KeptValue {
				kept = append(kept, r)
			}
		}
		if len(kept) != 1 || kept[0].RegionCode != "440704" || kept[0].State != ingest.RowUnchanged || fig(kept[0].Value) != "155.1" {
			t.Errorf("kept: %+v", kept)
		}
		if pv.Unchanged != 22 || pv.New != 0 {
			t.Errorf("preview: new %d unchanged %d, want 0 and 22", pv.New, pv.Unchanged)
		}
		res, err := ingest.ImportBulletin(ctx, s, tables, ingest.BulletinOptions{Options: ingest.Options{Actor: "tester"}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Observations != (store.Counts{New: pv.New, Revised: pv.Revises, Unchanged: pv.Unchanged}) ||
			res.PublishedRanks != pv.Ranks {
			t.Errorf("preview said new %d revises %d unchanged %d ranks %+v; ApplyBatch did %+v %+v",
				pv.New, pv.Revises, pv.Unchanged, pv.Ranks, res.Observations, res.PublishedRanks)
		}
		if o := figure(t, s, "440704", "gdp", "2023-06"); fig(o.Value) != "155.1" || o.Revision != 1 {
			t.Errorf("江海 GDP: %+v", o)
		}
	})
}

func TestBulletinWarnings(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		// Stored: last year's June (GDP and retail) and this May (retail, above June's 70.13).
		long := writeFile(t, dir, "base.csv", csvText("region_code,indicator,period,value,growth",
			"440784,gdp,2022-06,205.00,",   // 223.83 / 205 = +9.2% nominal vs 4.7% published (comparable prices)
			"440784,retail,2022-06,60.00,", // 70.13 / 60 = +16.9% vs 5.4% published
			"440784,retail,2023-05,71.00,", // June's 70.13 is below May's
			"440703,retail,2023-05,150.0,",
		))
		if _, err := importFiles(s, long); err != nil {
			t.Fatal(err)
		}
		sh := jiangmenRegionRows()
		sh.rows[8][4] = 1 // 新会 industry published 1st; 开平 (7.1) is
		path := writeWorkbook(t, dir, "jm.xlsx", sh)
		res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string][]ingest.Warning{}
		for _, w := range res.Warnings {
			kinds[w.Kind] = append(kinds[w.Kind], w)
		}
		if w := kinds[ingest.WarnCumulativeDecrease]; len(w) != 1 || w[0].Cell != "F12" || w[0].RegionCode != "440784" ||
			!strings.Contains(w[0].Message.In("zh-CN"), "累计值 70.13 小于 2023-05 的 71") {
			t.Errorf("cumulative decrease: %+v", w)
		}
		g := kinds[ingest.WarnGrowthMismatch]
		if len(g) != 2 {
			t.Fatalf("growth mismatches: %+v", g)
		}
		for _, w := range g {
			switch w.IndicatorCode {
			case "gdp":
				if w.Cell != "C12" || !strings.Contains(w.Message.In("zh-CN"), "可比价") || !strings.Contains(w.Message.In("en"), "comparable prices") ||
					!strings.Contains(w.Message.In("zh-CN"), "公布增速 4.7% 与按上年同期（2022-06）205 计算的 9.2% 相差 4.5 个百分点") {
					t.Errorf("gdp: %+v", w)
				}
			case "retail":
				if w.Cell != "G12" || strings.Contains(w.Message.In("zh-CN"), "可比价") || !strings.Contains(w.Message.In("zh-CN"), "请核对") {
					t.Errorf("retail: %+v", w)
				}
			}
		}
		if w := kinds[ingest.WarnRankMismatch]; len(w) != 1 || w[0].Cell != "E9" || !strings.Contains(w[0].Message.In("zh-CN"), "公布名次 1 与按本表 7 个地区增速计算的名次 3 不符") {
			t.Errorf("rank: %+v", w)
		}
		if w := kinds[ingest.WarnTotalMismatch]; len(w) != 1 {
			t.Errorf("total: %+v", w)
		}
		// Warnings never block: everything was written.
		if res.Observations.New != 23 {
			t.Errorf("written: %+v", res.Observations)
		}
		if got := res.Warnings[0].Format("zh"); !strings.HasPrefix(got, "jm.xlsx:各县（市、区）!") {
			t.Errorf("format: %s", got)
		}
	})
}

func TestBulletinMonthlyCheck(t *testing.T) {
	s := openSQLite(t)
	dir := t.TempDir()
	long := writeFile(t, dir, "jan.csv", csvText("region_code,indicator,period,value,growth",
		"440784,retail,2023-02,12.5,", "440784,industrial_investment,2023-02,2.5,"))
	if _, err := importFiles(s, long); err != nil {
		t.Fatal(err)
	}
	sh := heshanIndicatorRows()
	sh.rows[0][0] = "2023年1-3月鹤山市主要经济指标"
	sh.rows[10] = []any{"社会消费品零售总额", "万元", 60000, 4.1, "185000", "4.5"}    // 18.5 − 12.5 = 6.0 ✓
	sh.rows[8] = []any{"其中：工业投资", "万元", "12000", "10.2", "40,000", "12.5"} // 4.0 − 2.5 = 1.5 ≠ 1.2
	path := writeWorkbook(t, dir, "鹤山2023年1-3月.xlsx", sh)
	res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
	if err != nil {
		t.Fatal(err)
	}
	var monthly []ingest.Warning
	for _, w := range res.Warnings {
		if w.Kind == ingest.WarnMonthlyMismatch {
			monthly = append(monthly, w)
		}
	}
	if len(monthly) != 1 || monthly[0].IndicatorCode != "industrial_investment" || monthly[0].Cell != "C9" {
		t.Errorf("monthly: %+v", res.Warnings)
	}
}

func TestBulletinLayoutsForcedAndLongFallback(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		bulletin := writeWorkbook(t, dir, "jm.xlsx", jiangmenRegionRows())
		long := writeFile(t, dir, "stats.csv", csvText("region_code,indicator,period,value,growth",
			"440784,tourists,2023-06,150.2,8.1"))
		// auto: the bulletin and a long file in one command, one transaction.
		res, err := importBulletin(t, s, ingest.BulletinOptions{Layout: ingest.LayoutAuto}, bulletin, long)
		if err != nil || res.Observations.New != 24 {
			t.Fatalf("auto: %+v, %v", res, err)
		}
		if o := figure(t, s, "440784", "tourists", "2023-06"); fig(o.Value) != "150.2" || o.Source != "stats.csv" {
			t.Errorf("long row: %+v", o)
		}
		// Forcing the wrong layout finds no indicator rows in a region-row sheet.
		if _, err := importBulletin(t, s, ingest.BulletinOptions{Layout: ingest.LayoutIndicatorRows}, bulletin); err == nil {
			t.Error("indicator-rows on a region-row sheet: want problems")
		}
		if res, err := importBulletin(t, s, ingest.BulletinOptions{Layout: ingest.LayoutRegionRows}, bulletin); err != nil || res.Observations.Unchanged != 23 {
			t.Errorf("region-rows: %+v, %v", res, err)
		}
	})
}

func TestBulletinTitleRegionAndPeriod(t *testing.T) {
	s := openSQLite(t)
	dir := t.TempDir()
	sh := heshanIndicatorRows()
	sh.rows[0][0] = "主要经济指标" // neither region nor period
	path := writeWorkbook(t, dir, "b.xlsx", sh)
	_, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
	got := problemsOf(t, err).Format("zh")
	for _, want := range []string{"b.xlsx:主要指标!A1: 「主要经济指标」— 应为标题中的地区名称", "应为标题中的期别"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	res, err := importBulletin(t, s, ingest.BulletinOptions{Region: "440784", Period: "2023-02"}, path)
	if err != nil || res.Observations.New != 6 {
		t.Fatalf("--region --period: %+v, %v", res, err)
	}
	// An ambiguous name in the title (朝阳区: Beijing and Changchun) asks for --region.
	sh.rows[0][0] = "2023年1-2月朝阳区主要经济指标"
	amb := writeWorkbook(t, dir, "c.xlsx", sh)
	_, err = importBulletin(t, s, ingest.BulletinOptions{}, amb)
	if got := problemsOf(t, err).Format("zh"); !strings.Contains(got, "110105 朝阳区") || !strings.Contains(got, "--region") {
		t.Errorf("ambiguous title: %s", got)
	}
}

func TestBulletinConflictingFigures(t *testing.T) {
	s := openSQLite(t)
	dir := t.TempDir()
	ind := heshanIndicatorRows()
	ind.rows[0][0] = "2023年1-6月鹤山市主要经济指标"
	ind.rows[10] = []any{"社会消费品零售总额", "万元", 60000, 4.1, "701300", "5.5"} // region sheet says 5.4
	path := writeWorkbook(t, dir, "jm.xlsx", jiangmenRegionRows(), ind)
	_, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
	got := problemsOf(t, err).Format("zh")
	if !strings.Contains(got, "jm.xlsx:主要指标!E11: 「70.13 / 5.5%」— 应为每个地区、指标、期别只出现一次（与 jm.xlsx:各县（市、区）!F12 的 70.13 / 5.4% 冲突）") {
		t.Errorf("conflict: %s", got)
	}
}

func TestBulletinHiddenAndOtherSheets(t *testing.T) {
	s := openSQLite(t)
	cover := wbSheet{name: "封面", rows: [][]any{{"江门统计月报"}, {"2023年第6期"}}}
	hidden := jiangmenRegionRows()
	hidden.name, hidden.hidden = "隐藏", true
	hidden.rows[6][1] = "9999" // would conflict if it were read
	path := writeWorkbook(t, t.TempDir(), "jm.xlsx", cover, jiangmenRegionRows(), hidden)
	res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sheets) != 3 || res.Sheets[0].Skipped.IsZero() || res.Sheets[2].Skipped.In("zh-CN") != "隐藏的工作表" || res.Observations.New != 23 {
		t.Errorf("sheets: %+v, %+v", res.Sheets, res.Observations)
	}
}

func TestProblemCellFormat(t *testing.T) {
	p := ingest.Problem{File: "jm.xlsx", Sheet: "各县", Cell: "B7", Value: "约5", Expected: locale.M("ingest.expect.rank")}
	if got, want := p.Format("zh-CN"), "jm.xlsx:各县!B7: 「约5」— 应为名次（正整数，如 3），未公布可写 — 或留空"; got != want {
		t.Errorf("zh: got %s, want %s", got, want)
	}
	if got, want := p.Format("en"), `jm.xlsx:各县!B7: "约5" — expected a rank (a whole number such as 3), or — or blank when not published`; got != want {
		t.Errorf("en: got %s, want %s", got, want)
	}
	p.Sheet = ""
	if got, want := p.Format("en"), `jm.xlsx:B7: "约5" — expected a rank (a whole number such as 3), or — or blank when not published`; got != want {
		t.Errorf("no sheet: got %s, want %s", got, want)
	}
}

func TestBulletinCSVAndProvinceTotals(t *testing.T) {
	s := openSQLite(t)
	dir := t.TempDir()
	// A CSV bulletin (no merged cells: the indicator above a blank header cell carries right),
	// province-wide: 东莞市 and 中山市 have no counties and count towards 全省; 广州市 is a
	// subtotal row and does not.
	path := writeFile(t, dir, "广东各县2023年1-6月.csv", csvText(
		"广东省各县（市、区）主要经济指标（2023年1-6月）,,",
		"地区,社会消费品零售总额,",
		",绝对值,增长(%)",
		"全省,1000.0,5.0",
		"广州市,300.0,4.0",
		"荔湾区,100.0,4.1",
		"越秀区,200.0,3.9",
		"东莞市,400.0,6.0",
		"中山市,300.0,5.5",
	))
	res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Observations.New != 6 || res.Sheets[0].RegionCode != "440000" || len(res.Warnings) != 0 {
		t.Errorf("got %+v %+v warnings %s", res.Observations, res.Sheets, res.Warnings.Format("zh"))
	}
	if o := figure(t, s, "440103", "retail", "2023-06"); fig(o.Value) != "100" {
		t.Errorf("荔湾区: %+v", o)
	}
}
