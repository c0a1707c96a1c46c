package ingest_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"pacer/internal/ingest"
	"pacer/internal/store"
)

// Issue 10, item 1: growth under a percent number format is what the cell shows (0.058 under
// 0.0% is 5.8), never the stored fraction; built-in 0% and 0.00% and custom formats alike. A
// unit in the format (0"万元") is the cell's unit and is converted.
func TestBulletinPercentFormats(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		sh := jiangmenRegionRows()
		sh.rows[5][2] = 0.045    // C6 全市 GDP growth
		sh.rows[6][2] = 0.041    // C7 蓬江
		sh.rows[8][3] = 0.0512   // D9 新会 industry growth
		sh.rows[11][6] = 0.054   // G12 鹤山 retail growth
		sh.rows[12][3] = -0.015  // D13 恩平 industry growth
		sh.rows[11][1] = 2238300 // B12 鹤山 GDP in 万元 by its format
		sh.rows[9][2] = "4.6"    // C10: text, its format does not apply
		sh.formats = map[string]any{
			"C6": 10, "C7": "0.0%", "D9": "0.00%", "G12": 9, "D13": "0.0%;[Red]-0.0%", "B12": `0"万元"`, "C10": "0.0%",
		}
		path := writeWorkbook(t, t.TempDir(), "江门统计月报2023-06.xlsx", sh)
		if _, err := importBulletin(t, s, ingest.BulletinOptions{}, path); err != nil {
			t.Fatalf("import: %v", err)
		}
		for _, c := range []struct{ region, ind, value, growth string }{
			{"440700", "gdp", "1840.5", "4.5"},       // 0.045 under 0.00%
			{"440703", "gdp", "520.3", "4.1"},        // 0.041 under 0.0%
			{"440705", "industry_va", "nil", "5.12"}, // 0.0512 under 0.00%
			{"440784", "retail", "70.13", "5"},       // 0.054 under 0%: shows 5%
			{"440785", "industry_va", "nil", "-1.5"}, // negative, two sections
			{"440784", "gdp", "223.83", "4.7"},       // 2238300 under 0"万元" → 223.83 亿元
			{"440781", "gdp", "230.4", "4.6"},        // a text cell is as typed
		} {
			o := figure(t, s, c.region, c.ind, "2023-06")
			if fig(o.Value) != c.value || fig(o.Growth) != c.growth {
				t.Errorf("%s/%s: got %s/%s, want %s/%s", c.region, c.ind, fig(o.Value), fig(o.Growth), c.value, c.growth)
			}
		}
	})
}

// Issue 10, item 2: with the single month's columns first (9月 | 1-9月 | 9月比上年同月增长(%) |
// 1-9月比上年同期增长(%)), the cumulative growth is the one stored — whether the period is in the
// title or a header cell — in both layouts.
func TestBulletinMonthFirstColumns(t *testing.T) {
	regionRows := func(title, note string) wbSheet {
		return wbSheet{name: "各县", rows: [][]any{
			{title},
			{note, nil, nil, nil, "单位：亿元、%"},
			{"地区", "社会消费品零售总额"},
			{nil, "9月", "1-9月", "9月比上年同月增长(%)", "1-9月比上年同期增长(%)"},
			{"江门市", 70.2, 630.5, 9.9, 5.1},
			{"蓬江区", 20.1, 180.2, 8.8, 4.2},
			{"鹤山市", 8.1, 71.3, 7.7, 6.3},
		}, merges: []string{"A3:A4", "B3:E3"}}
	}
	indicatorRows := wbSheet{name: "鹤山", rows: [][]any{
		{"鹤山市主要经济指标（2023年1-9月）"},
		{"指标", "单位", "9月", "1-9月", "9月比上年同月增长(%)", "1-9月比上年同期增长(%)"},
		{"社会消费品零售总额", "亿元", 8.1, 71.3, 7.7, 6.3},
		{"规模以上工业增加值", "%", nil, nil, 12.5, 3.4},
	}}
	for _, c := range []struct {
		name string
		sh   wbSheet
		want map[string][2]string // region/indicator → value, growth
	}{
		{"period in the title", regionRows("2023年1-9月江门市各县（市、区）主要指标", ""),
			map[string][2]string{"440700/retail": {"630.5", "5.1"}, "440703/retail": {"180.2", "4.2"}, "440784/retail": {"71.3", "6.3"}}},
		{"period in a header cell", regionRows("江门市各县（市、区）主要指标", "2023年9月"),
			map[string][2]string{"440700/retail": {"630.5", "5.1"}, "440784/retail": {"71.3", "6.3"}}},
		{"indicator rows", indicatorRows,
			map[string][2]string{"440784/retail": {"71.3", "6.3"}, "440784/industry_va": {"nil", "3.4"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openSQLite(t)
			path := writeWorkbook(t, t.TempDir(), "b.xlsx", c.sh)
			res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			if res.Sheets[0].Period != "2023-09" {
				t.Errorf("period: got %q, want 2023-09", res.Sheets[0].Period)
			}
			for k, want := range c.want {
				region, ind, _ := strings.Cut(k, "/")
				o := figure(t, s, region, ind, "2023-09")
				if fig(o.Value) != want[0] || fig(o.Growth) != want[1] {
					t.Errorf("%s: got %s/%s, want %s/%s", k, fig(o.Value), fig(o.Growth), want[0], want[1])
				}
			}
		})
	}
}

// Issue 10, item 3: a region table of one indicator, named in the title only (地区 | 1-5月（亿元）
// | 增长（%）), is read as that indicator; a title naming no known indicator is a problem that
// --map settles, never "nothing changed".
func TestBulletinOneIndicatorRegionTable(t *testing.T) {
	s := openSQLite(t)
	dir := t.TempDir()
	sh := wbSheet{name: "社零", rows: [][]any{
		{"2023年1-5月江门市各市（区）社会消费品零售总额"},
		{"地区", "1-5月（万元）", "增长（%）"},
		{"全市", 5230000, 5.9},
		{"蓬江区", 1560000, 5.1},
		{"鹤山市", 580000, 5.4},
	}, merges: []string{"A1:C1"}}
	path := writeWorkbook(t, dir, "jm-retail.xlsx", sh)
	res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if res.Observations.New != 3 || res.Sheets[0].RegionCode != "440700" || res.Sheets[0].Period != "2023-05" {
		t.Fatalf("got %+v, sheets %+v", res.Observations, res.Sheets)
	}
	for k, want := range map[string][2]string{"440700": {"523", "5.9"}, "440703": {"156", "5.1"}, "440784": {"58", "5.4"}} {
		if o := figure(t, s, k, "retail", "2023-05"); fig(o.Value) != want[0] || fig(o.Growth) != want[1] {
			t.Errorf("%s retail: got %s/%s, want %s/%s", k, fig(o.Value), fig(o.Growth), want[0], want[1])
		}
	}

	sh.rows[0][0] = "2023年1-5月江门市各市（区）限额以上单位商品零售额"
	other := writeWorkbook(t, dir, "jm-limit.xlsx", sh)
	_, err = importBulletin(t, s, ingest.BulletinOptions{}, other)
	if got := problemsOf(t, err).Format("zh"); !strings.Contains(got, "jm-limit.xlsx:社零!A1: 「限额以上单位商品零售额」— 应为指标名称") {
		t.Errorf("unknown indicator in the title: got %s", got)
	}
	res, err = importBulletin(t, s, ingest.BulletinOptions{Maps: []string{"限额以上单位商品零售额=-"}}, other)
	if err != nil || res.Observations != (store.Counts{}) {
		t.Errorf("mapped to -: %+v, %v", res, err)
	}
}

// Issue 10, item 4: a name holding = (居民消费价格指数(上年同期=100)) is mapped the way the
// problem message says, --map 'NAME=代码' split at the last =, or with the name quoted.
func TestBulletinMapNameWithEquals(t *testing.T) {
	s := openSQLite(t)
	sh := heshanIndicatorRows()
	sh.rows = append(sh.rows[:12], append([][]any{{"居民消费价格指数（上年同期=100）", "%", 101.2, nil, 100.8, nil}}, sh.rows[12:]...)...)
	path := writeWorkbook(t, t.TempDir(), "鹤山2023年1-2月.xlsx", sh)
	_, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
	got := problemsOf(t, err).Format("zh")
	const suggested = "居民消费价格指数(上年同期=100)=-"
	if !strings.Contains(got, "--map '"+suggested+"'") {
		t.Fatalf("problem lacks the suggestion --map '%s':\n%s", suggested, got)
	}
	for _, m := range []string{suggested, "居民消费价格指数（上年同期=100）＝-", `"居民消费价格指数(上年同期=100)"=-`, "「居民消费价格指数(上年同期=100)」 = -"} {
		res, err := importBulletin(t, s, ingest.BulletinOptions{Maps: []string{m}, Source: "x" + m}, path)
		if err != nil || res.Remembered != 1 {
			t.Errorf("--map %q: %+v, %v", m, res, err)
		}
	}
	for _, c := range []struct{ in, name, code string }{
		{"a=b=gdp", "a=b", "gdp"}, {"蓬江=440703", "蓬江", "440703"}, {"x = -", "x", "-"},
	} {
		if n, code, ok := ingest.SplitMap(c.in); !ok || n != c.name || code != c.code {
			t.Errorf("SplitMap(%q): got %q %q %v, want %q %q", c.in, n, code, ok, c.name, c.code)
		}
	}
	for _, bad := range []string{"no-equals", "=gdp", "x=", "x=a b"} {
		if _, _, ok := ingest.SplitMap(bad); ok {
			t.Errorf("SplitMap(%q): want not ok", bad)
		}
	}
}

// Issue 10, item 5: a column of an earlier period (1-4月增速(%) beside 1-5月), visible or
// hidden, is set aside with a warning naming it; the period's own columns are read.
func TestBulletinEarlierPeriodColumns(t *testing.T) {
	regionRows := wbSheet{name: "各县", rows: [][]any{
		{"2023年1-5月江门市各县（市、区）主要指标"},
		{"地区", "社会消费品零售总额", nil, nil},
		{nil, "1-5月（亿元）", "1-4月增速(%)", "增长(%)"},
		{"江门市", 523.0, 5.2, 5.9},
		{"蓬江区", 156.0, 4.4, 5.1},
	}, merges: []string{"A2:A3", "B2:D2"}}
	indicatorRows := wbSheet{name: "鹤山", rows: [][]any{
		{"鹤山市2023年1-5月主要经济指标"},
		{"指标", "单位", "1-4月", "1-4月增速(%)", "1-5月", "增长(%)"},
		{"社会消费品零售总额", "亿元", 46.1, 5.0, 58.0, 5.4},
		{"规模以上工业增加值", "%", nil, 2.9, nil, 3.1},
	}}
	hidden := indicatorRows
	hidden.name, hidden.hiddenCols = "鹤山（隐藏列）", []string{"C:D"}
	for _, c := range []struct {
		name string
		sh   wbSheet
		want map[string][2]string
		warn string
	}{
		{"region rows", regionRows, map[string][2]string{"440700/retail": {"523", "5.9"}, "440703/retail": {"156", "5.1"}},
			"b.xlsx:各县!C3: 已忽略较早期别的列 C3「1-4月增速(%)」（本表期别为 2023-05，只读取 1-5月的累计数）"},
		{"indicator rows", indicatorRows, map[string][2]string{"440784/retail": {"58", "5.4"}, "440784/industry_va": {"nil", "3.1"}},
			"b.xlsx:鹤山!C2: 已忽略较早期别的列 C2「1-4月」、D2「1-4月增速(%)」（本表期别为 2023-05"},
		{"hidden columns", hidden, map[string][2]string{"440784/retail": {"58", "5.4"}, "440784/industry_va": {"nil", "3.1"}},
			"C2「1-4月」（隐藏列）、D2「1-4月增速(%)」（隐藏列）"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openSQLite(t)
			path := writeWorkbook(t, t.TempDir(), "b.xlsx", c.sh)
			res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			for k, want := range c.want {
				region, ind, _ := strings.Cut(k, "/")
				if o := figure(t, s, region, ind, "2023-05"); fig(o.Value) != want[0] || fig(o.Growth) != want[1] {
					t.Errorf("%s: got %s/%s, want %s/%s", k, fig(o.Value), fig(o.Growth), want[0], want[1])
				}
			}
			var earlier []ingest.Warning
			for _, w := range res.Warnings {
				if w.Kind == ingest.WarnEarlierColumns {
					earlier = append(earlier, w)
				}
			}
			if len(earlier) != 1 || !strings.Contains(earlier[0].Format("zh-CN"), c.warn) {
				t.Errorf("warnings: got %s, want one containing %q", res.Warnings.Format("zh-CN"), c.warn)
			}
			if len(earlier) == 1 && !strings.Contains(earlier[0].Format("en"), "columns of an earlier period ignored") {
				t.Errorf("English: %s", earlier[0].Format("en"))
			}
		})
	}
}

// Issue 10, item 6: the period from a sheet named 2023.03; the period and parent shown even when
// not in the title (--period; the parent all rows belong to); 合计/总计/全市/全县 as the total row;
// 鹤山 (for 鹤山市, not 鹤壁's 鹤山区) settled by the prefecture the other rows are of.
func TestBulletinSheetPeriodTotalsShortNames(t *testing.T) {
	for _, total := range []string{"合计", "总计", "全市", "全县"} {
		t.Run(total, func(t *testing.T) {
			s := openSQLite(t)
			sh := wbSheet{name: "2023.03", rows: [][]any{
				{"各县（市、区）社会消费品零售总额"},
				{"地区", "1-3月（亿元）", "增长（%）"},
				{total, 300.0, 5.9},
				{"蓬江区", 90.0, 5.1},
				{"鹤山", 35.0, 5.4},
				{"开平", 40.0, 6.1},
			}}
			path := writeWorkbook(t, t.TempDir(), "b.xlsx", sh)
			res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			if i := res.Sheets[0]; i.Period != "2023-03" || i.RegionCode != "440700" || i.RegionName != "江门市" {
				t.Errorf("sheet: got period %q parent %q %q, want 2023-03 440700 江门市", i.Period, i.RegionCode, i.RegionName)
			}
			for k, want := range map[string]string{"440700": "300", "440703": "90", "440784": "35", "440783": "40"} {
				if o := figure(t, s, k, "retail", "2023-03"); fig(o.Value) != want {
					t.Errorf("%s: got %s, want %s", k, fig(o.Value), want)
				}
			}
		})
	}
	t.Run("--period", func(t *testing.T) {
		s := openSQLite(t)
		sh := wbSheet{name: "各县", rows: [][]any{
			{"江门市各县（市、区）社会消费品零售总额"},
			{"地区", "累计（亿元）", "增长（%）"},
			{"全市", 600.0, 5.5},
			{"蓬江区", 180.1, 5.0},
		}}
		path := writeWorkbook(t, t.TempDir(), "b.xlsx", sh)
		res, err := importBulletin(t, s, ingest.BulletinOptions{Period: "2023-06"}, path)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if i := res.Sheets[0]; i.Period != "2023-06" || i.RegionCode != "440700" {
			t.Errorf("sheet: got period %q parent %q, want 2023-06 440700", i.Period, i.RegionCode)
		}
	})
}

// Acceptance 3 and 4: `pacer import --dry-run` lists every figure with its cell and how it was
// read — the number format that made 0.058 show as 5.8%, the conversion 2238300 万元 → 223.83
// 亿元 — and writes nothing.
func TestCLIDryRunTracesFigures(t *testing.T) {
	sh := jiangmenRegionRows()
	sh.rows[11][1] = 2238300 // B12 鹤山 GDP in 万元 by its format
	sh.rows[11][2] = 0.047   // C12 under 0.0%
	sh.formats = map[string]any{"B12": `0"万元"`, "C12": "0.0%"}
	dir := t.TempDir()
	path := writeWorkbook(t, dir, "jm-2023-06.xlsx", sh)
	db := dir + "/county.db"
	code, out, errs := pacer(t, "", "import", "--db", db, "--layout", "auto", "--dry-run", path)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{
		"jm-2023-06.xlsx:各县（市、区）!B12  440784 鹤山市 · gdp 地区生产总值 · 2023-06：223.83 亿元，增长 4.7% — 新增\n",
		"    读取：数值 B12（地区生产总值/绝对值）2238300，按格式「0\"万元\"」显示为 2238300，2238300万元 换算为 223.83亿元；增速 C12（地区生产总值/增长(%)）0.047，按格式「0.0%」显示为 4.7%\n",
		"jm-2023-06.xlsx:各县（市、区）!D7  440703 蓬江区 · industry_va 规模以上工业增加值 · 2023-06：—，增长 2% — 新增\n",
		"预览：新增 23，修订 0，未变 0，跳过 1\n",
		"试运行（--dry-run），未写入任何数据\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = pacer(t, "en", "import", "--db", db, "--layout", "auto", "--dry-run", path)
	if code != 0 || !strings.Contains(out, "growth C12 (地区生产总值/增长(%)) 0.047, shown as 4.7% by its format 0.0%") ||
		!strings.Contains(out, "2238300 万元 converted to 223.83 亿元") || !strings.Contains(out, "preview: 23 new") {
		t.Errorf("English: exit %d\n%s", code, out)
	}
	// Nothing was written: the real import finds 23 new figures.
	code, out, _ = pacer(t, "", "import", "--db", db, "--layout", "auto", path)
	if code != 0 || !strings.Contains(out, "观测值：新增 23") {
		t.Errorf("import after the dry run: exit %d\n%s", code, out)
	}
}

// Acceptance 4: units are converted to the indicator's (万千瓦时 → 亿千瓦时, 万元 → 亿元); 千美元 is
// another currency, so a 亿元 indicator refuses it at its cell.
func TestBulletinUnits(t *testing.T) {
	s := openSQLite(t)
	dir := t.TempDir()
	sh := wbSheet{name: "各县", rows: [][]any{
		{"2023年1-6月江门市各县（市、区）主要指标"},
		{"地区", "第三产业用电量（万千瓦时）", nil, "社会消费品零售总额（万元）", nil},
		{nil, "绝对值", "增长(%)", "绝对值", "增长(%)"},
		{"蓬江区", 152340, 6.1, 1902000, 5.1},
		{"鹤山市", 41200, 4.4, 701300, 5.4},
	}, merges: []string{"A2:A3", "B2:C2", "D2:E2"}}
	path := writeWorkbook(t, dir, "units.xlsx", sh)
	if _, err := importBulletin(t, s, ingest.BulletinOptions{}, path); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ region, ind, value string }{
		{"440703", "tertiary_power", "15.234"}, {"440784", "tertiary_power", "4.12"}, {"440703", "retail", "190.2"},
	} {
		if o := figure(t, s, c.region, c.ind, "2023-06"); fig(o.Value) != c.value {
			t.Errorf("%s/%s: got %s, want %s", c.region, c.ind, fig(o.Value), c.value)
		}
	}
	sh.rows[1][3] = "外贸进出口总额（千美元）"
	usd := writeWorkbook(t, dir, "usd.xlsx", sh)
	_, err := importBulletin(t, s, ingest.BulletinOptions{}, usd)
	if got := problemsOf(t, err).Format("zh"); !strings.Contains(got, "usd.xlsx:各县!D2: 「千美元」— 应为能换算为指标「外贸进出口总额」的单位「亿元」的单位") {
		t.Errorf("千美元: got %s", got)
	}
}

// Acceptance 5: a bulletin saved as GBK CSV (Chinese Excel's "CSV（逗号分隔）") reads as the UTF-8
// one does, and the encoding is shown.
func TestBulletinGBKCSV(t *testing.T) {
	s := openSQLite(t)
	utf := "2023年1-6月江门市各县（市、区）社会消费品零售总额,,\r\n地区,1-6月（亿元）,增长（%）\r\n全市,635.6,5.9\r\n蓬江区,190.2,5.1\r\n鹤山市,70.13,5.4\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(utf)
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, t.TempDir(), "jm.csv", gbk)
	code, out, errs := pacer(t, "", "import", "--db", filepath.Join(t.TempDir(), "x.db"), "--layout", "auto", path)
	if code != 0 || !strings.Contains(out, "jm.csv: GBK 编码（已转换为 UTF-8 读取）\n") || !strings.Contains(out, "观测值：新增 3") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
	if err != nil || res.Observations.New != 3 || res.Sheets[0].Encoding != "GBK" || len(res.Encodings) != 1 {
		t.Fatalf("got %+v, %v", res, err)
	}
	if o := figure(t, s, "440784", "retail", "2023-06"); fig(o.Value) != "70.13" || fig(o.Growth) != "5.4" {
		t.Errorf("鹤山: got %s/%s", fig(o.Value), fig(o.Growth))
	}
}

// Acceptance 2: what the cell shows — a formula's cached result under a percent format, a
// thousands format, text numbers with separators, a hidden column holding the period's figures.
func TestBulletinReadsWhatCellsShow(t *testing.T) {
	s := openSQLite(t)
	sh := wbSheet{name: "各县", rows: [][]any{
		{"2023年1-6月江门市各县（市、区）社会消费品零售总额"},
		{"地区", "1-6月（万元）", "增长（%）"},
		{"全市", 6356000, 0.059},
		{"蓬江区", "1,902,000", "5.1%"},
		{"鹤山市", 701300, 0.054},
	}, formats: map[string]any{"B3": "#,##0", "C3": "0.0%", "B5": "#,##0", "C5": "0.0%"},
		formulas: map[string]string{"C5": "B5/650000-1"}, hiddenCols: []string{"C"}}
	path := writeWorkbook(t, t.TempDir(), "show.xlsx", sh)
	tables := readTables(t, path)
	pv, err := ingest.PreviewBulletin(ctx, s, tables, ingest.BulletinOptions{})
	if err != nil || len(pv.Problems) > 0 {
		t.Fatalf("preview: %v %s", err, pv.Problems.Format("zh"))
	}
	reads := map[string]string{}
	for _, r := range pv.Rows {
		reads[r.RegionCode] = fig(r.Value) + "/" + fig(r.Growth) + " " + r.Read.In("zh-CN")
	}
	for region, want := range map[string]string{
		"440700": "635.6/5.9 数值 B3（1-6月（万元））6356000，按格式「#,##0」显示为 6356000，6356000万元 换算为 635.6亿元；增速 C3（增长（%））0.059，按格式「0.0%」显示为 5.9%",
		"440703": "190.2/5.1 数值 B4（1-6月（万元））1,902,000，1,902,000万元 换算为 190.2亿元；增速 C4（增长（%））5.1%",
		"440784": "70.13/5.4 数值 B5（1-6月（万元））701300，按格式「#,##0」显示为 701300，701300万元 换算为 70.13亿元；增速 C5（增长（%））0.054，按格式「0.0%」显示为 5.4%",
	} {
		if got := reads[region]; got != want {
			t.Errorf("%s: got %s\nwant %s", region, got, want)
		}
	}
}

// Acceptance 2: hidden rows and columns are kept out unless they hold the period's figures: a
// hidden row or indicator the catalogue does not know is skipped (listed in the preview), not
// an unmapped name that blocks the file; a hidden row of a known region is read.
func TestBulletinHiddenRowsAndColumns(t *testing.T) {
	s := openSQLite(t)
	sh := jiangmenRegionRows()
	sh.rows = append(sh.rows[:13], append([][]any{{"江门高新区（旧口径）", 99.9, 9.9}}, sh.rows[13:]...)...) // row 14
	sh.rows[2] = append(sh.rows[2], "农林牧渔业总产值", nil)                                               // I3:J3
	sh.rows[3] = append(sh.rows[3], "绝对值", "增长(%)")
	sh.rows[5] = append(sh.rows[5], 120.5, 3.3)
	sh.hiddenRows, sh.hiddenCols = []int{7, 14}, []string{"I:J"} // 江海区 (known) and the unknown row; the unknown indicator
	path := writeWorkbook(t, t.TempDir(), "jm.xlsx", sh)
	pv, err := ingest.PreviewBulletin(ctx, s, readTables(t, path), ingest.BulletinOptions{})
	if err != nil || len(pv.Problems) > 0 {
		t.Fatalf("preview: %v\n%s", err, pv.Problems.Format("zh"))
	}
	var hidden []string
	for _, r := range pv.Rows {
		if r.State == ingest.RowSkipped && r.Reason.Key == "bulletin.skip.hidden_row" {
			hidden = append(hidden, r.Cell+" "+r.Label)
		}
	}
	if len(hidden) != 1 || hidden[0] != "A14 江门高新区（旧口径）" || pv.New != 23 {
		t.Errorf("got hidden skipped %v and %d new, want [A14 江门高新区（旧口径）] and 23 (江海区's hidden row read)", hidden, pv.New)
	}
}

// Acceptance 2: a period Excel turned into a date (2023年6月 typed in a header cell, stored as a
// serial under yyyy"年"m"月") reads as the period it shows.
func TestBulletinDateCellPeriod(t *testing.T) {
	s := openSQLite(t)
	sh := wbSheet{name: "各县", rows: [][]any{
		{"江门市各县（市、区）社会消费品零售总额"},
		{45078, nil, "单位：亿元"}, // 2023-06-01
		{"地区", "累计", "增长（%）"},
		{"全市", 635.6, 5.9},
		{"蓬江区", 190.2, 5.1},
	}, formats: map[string]any{"A2": `yyyy"年"m"月"`}}
	path := writeWorkbook(t, t.TempDir(), "d.xlsx", sh)
	res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if res.Sheets[0].Period != "2023-06" || res.Observations.New != 2 {
		t.Errorf("got period %q, %+v; want 2023-06 and 2 new", res.Sheets[0].Period, res.Observations)
	}
}

// Acceptance 2: a number merged across a value and a growth column stands for neither: it is a
// problem at the cell, not a value with the growth silently blank; a merged — is not published.
func TestBulletinMergedFigureCells(t *testing.T) {
	s := openSQLite(t)
	sh := jiangmenRegionRows()
	sh.rows[9][1], sh.rows[9][2] = 230.4, nil // B10:C10 merged: 台山 GDP
	sh.rows[10][5], sh.rows[10][6] = "—", nil // F11:G11 merged —: 开平 retail not published
	sh.merges = append(sh.merges, "B10:C10", "F11:G11")
	path := writeWorkbook(t, t.TempDir(), "m.xlsx", sh)
	_, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
	ps := problemsOf(t, err)
	if got := ps.Format("zh"); len(ps) != 1 || !strings.Contains(got, "m.xlsx:各县（市、区）!B10: 「B10:C10」— 应为一个数字只属于一列") {
		t.Errorf("got %d problems:\n%s", len(ps), got)
	}
}

// Item 1 for the long format: an observations workbook whose growth column is stored as
// fractions under a percent format is read as the cells show it, too.
func TestLongPercentFormats(t *testing.T) {
	s := openSQLite(t)
	sh := wbSheet{name: "obs", rows: [][]any{
		{"region_code", "indicator", "period", "value", "growth"},
		{"440784", "retail", "2023-06", 70.13, 0.054},
		{"440703", "retail", "2023-06", 190.2, 0.0512},
		{"440783", "urbanization", "2022-12", 0.652, nil},
	}, formats: map[string]any{"E2": "0.0%", "E3": 10, "D4": "0.0%"}}
	path := writeWorkbook(t, t.TempDir(), "obs.xlsx", sh)
	if _, err := importFiles(s, path); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ region, ind, period, value, growth string }{
		{"440784", "retail", "2023-06", "70.13", "5.4"},
		{"440703", "retail", "2023-06", "190.2", "5.12"},
		{"440783", "urbanization", "2022-12", "65.2", "nil"},
	} {
		if o := figure(t, s, c.region, c.ind, c.period); fig(o.Value) != c.value || fig(o.Growth) != c.growth {
			t.Errorf("%s/%s: got %s/%s, want %s/%s", c.region, c.ind, fig(o.Value), fig(o.Growth), c.value, c.growth)
		}
	}
}
