package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

// eachDialect runs fn on a fresh store of every dialect, as subtests "sqlite" and "postgres".
func eachDialect(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) { fn(t, d.Open(t)) })
	}
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// csvText joins lines with CRLF, as Excel writes them.
func csvText(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n" }

func writeXLSX(t *testing.T, dir, name string, rows [][]any) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := sheet.WriteXLSX(f, "data", rows); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func importFiles(s *store.Store, paths ...string) (store.BatchResult, error) {
	return ingest.ImportFiles(ctx, s, paths, ingest.Options{Actor: "tester", SourceIP: "127.0.0.1"})
}

func problemsOf(t *testing.T, err error) ingest.Problems {
	t.Helper()
	var ps ingest.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got error %v (%T), want ingest.Problems", err, err)
	}
	return ps
}

func observations(t *testing.T, s *store.Store, q store.ObservationQuery) []domain.Observation {
	t.Helper()
	got, err := s.Observations(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func auditLog(t *testing.T, s *store.Store) []store.AuditEntry {
	t.Helper()
	got, err := s.AuditLog(ctx, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func fig(p *float64) string {
	if p == nil {
		return "nil"
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func TestImportObservationsCSV(t *testing.T) {
	header := "\ufeffregion_code,region_name,indicator,period,value,growth,source,note"
	good := csvText(header,
		"440784,鹤山市,retail,2023-06,70.13,5.4,鹤山市统计局,",
		"440784,鹤山市,gdp,2023年6月,223.83,4.7%,鹤山市统计局,初步核算",
		"440784,鹤山市,tertiary_power,2023-06,,18.2,,",
		`440784,鹤山市,fai,2023/6,"1,234.5",−3.2,,`,
	)
	corrected := strings.Replace(good, "70.13", "70.31", 1)
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		path := writeFile(t, dir, "stats-2023-06.csv", good)

		res, err := importFiles(s, path)
		if err != nil {
			t.Fatalf("first import: %v", err)
		}
		if res.Observations != (store.Counts{New: 4}) || res.BatchID == 0 {
			t.Fatalf("first import: got %+v, want 4 new and a batch", res)
		}
		got := observations(t, s, store.ObservationQuery{Regions: []string{"440784"}})
		want := []struct {
			ind, period, value, growth, source, note string
		}{
			{"fai", "2023-06", "1234.5", "-3.2", "stats-2023-06.csv", ""},
			{"gdp", "2023-06", "223.83", "4.7", "鹤山市统计局", "初步核算"},
			{"retail", "2023-06", "70.13", "5.4", "鹤山市统计局", ""},
			{"tertiary_power", "2023-06", "nil", "18.2", "stats-2023-06.csv", ""},
		}
		if len(got) != len(want) {
			t.Fatalf("got %d observations, want %d: %+v", len(got), len(want), got)
		}
		for i, w := range want {
			o := got[i]
			if o.IndicatorCode != w.ind || o.Period != w.period || fig(o.Value) != w.value || fig(o.Growth) != w.growth ||
				o.Source != w.source || o.Note != w.note || o.Revision != 1 || !o.Current || o.RecordedBy != "tester" {
				t.Errorf("observation %d: got %s %s value=%s growth=%s source=%q note=%q rev=%d current=%v by=%q, want %+v",
					i, o.IndicatorCode, o.Period, fig(o.Value), fig(o.Growth), o.Source, o.Note, o.Revision, o.Current, o.RecordedBy, w)
			}
		}
		audits := auditLog(t, s)

		// The same file again changes nothing, not even the audit log.
		res, err = importFiles(s, path)
		if err != nil {
			t.Fatalf("second import: %v", err)
		}
		if res.Observations != (store.Counts{Unchanged: 4}) || res.BatchID != 0 {
			t.Errorf("same file again: got %+v, want 4 unchanged and BatchID 0", res)
		}
		if after := auditLog(t, s); len(after) != len(audits) {
			t.Errorf("same file again: got %d audit rows, want %d (none new)", len(after), len(audits))
		}

		// A corrected value is a new revision; the old one is kept and the audit says old → new.
		path = writeFile(t, dir, "stats-2023-06-corrected.csv", corrected)
		res, err = importFiles(s, path)
		if err != nil {
			t.Fatalf("corrected import: %v", err)
		}
		if res.Observations != (store.Counts{Revised: 1, Unchanged: 3}) || res.BatchID == 0 {
			t.Errorf("corrected file: got %+v, want 1 revised, 3 unchanged and a batch", res)
		}
		hist := observations(t, s, store.ObservationQuery{Regions: []string{"440784"}, Indicators: []string{"retail"}, AllRevisions: true})
		if len(hist) != 2 {
			t.Fatalf("retail history: got %d revisions, want 2: %+v", len(hist), hist)
		}
		for i, w := range []struct {
			value   string
			rev     int
			current bool
		}{{"70.13", 1, false}, {"70.31", 2, true}} {
			if got := hist[i]; fig(got.Value) != w.value || got.Revision != w.rev || got.Current != w.current {
				t.Errorf("retail revision %d: got value=%s rev=%d current=%v, want %+v", i, fig(got.Value), got.Revision, got.Current, w)
			}
		}
		cur := observations(t, s, store.ObservationQuery{Indicators: []string{"retail"}})
		if len(cur) != 1 || fig(cur[0].Value) != "70.31" {
			t.Errorf("current retail: got %+v, want only 70.31", cur)
		}
		after := auditLog(t, s)
		if len(after) != len(audits)+2 {
			t.Fatalf("audit after correction: got %d rows, want %d", len(after), len(audits)+2)
		}
		if a := after[1]; a.Action != "observation.revise" || a.Object != "observation:440784/retail/2023-06" ||
			a.OldValue != "value=70.13 growth=5.4" || a.NewValue != "value=70.31 growth=5.4" || a.Actor != "tester" {
			t.Errorf("revise audit row: got %+v, want observation:440784/retail/2023-06 value=70.13 → value=70.31 by tester", a)
		}
		if a := after[0]; a.Action != "import" || !strings.Contains(a.NewValue, "stats-2023-06-corrected.csv") {
			t.Errorf("batch audit row: got %+v, want an import row naming the file", a)
		}
	})
}

// TestImportXLSXDates: Excel turns a typed "2023-06" into the date 2023-06-01, stored as the
// serial number 45078 with a date format; the importer reads it back as the period.
func TestImportXLSXDates(t *testing.T) {
	header := []any{"region_code", "indicator", "period", "value", "growth"}
	cases := []struct {
		name, indicator string
		build           func(t *testing.T, path string)
	}{
		{"date-formatted serial", "retail", func(t *testing.T, path string) {
			f := excelize.NewFile()
			defer f.Close()
			must(t, f.SetSheetRow("Sheet1", "A1", &header))
			must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"440784", "retail", 45078, 70.13, 5.4}))
			must(t, f.SetSheetRow("Sheet1", "A3", &[]any{"440784", "retail", "2023-05", 58.2, 5.1}))
			must(t, f.SetSheetRow("Sheet1", "A4", &[]any{"440784", "retail", 202304, 47, 5}))
			ym := "yyyy-mm"
			style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &ym})
			must(t, err)
			must(t, f.SetCellStyle("Sheet1", "C2", "C2", style))
			must(t, f.SaveAs(path))
		}},
		{"time.Time through sheet.WriteXLSX", "gdp", func(t *testing.T, path string) {
			writeXLSX(t, filepath.Dir(path), filepath.Base(path), [][]any{header,
				{"440784", "gdp", time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), 223.83, 4.7},
				{"440784", "gdp", time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC), 180, 4.1},
				{"440784", "gdp", "2023-04", 140, 4},
			})
		}},
		{"1904 date system", "fai", func(t *testing.T, path string) {
			f := excelize.NewFile()
			defer f.Close()
			yes := true
			must(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
			must(t, f.SetSheetRow("Sheet1", "A1", &header))
			must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"440784", "fai", 45078 - 1462, nil, 12}))
			must(t, f.SetSheetRow("Sheet1", "A3", &[]any{"440784", "fai", 45047 - 1462, nil, 11}))
			must(t, f.SetSheetRow("Sheet1", "A4", &[]any{"440784", "fai", "2023年4月", nil, 10}))
			d := "yyyy-mm-dd"
			style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &d})
			must(t, err)
			must(t, f.SetCellStyle("Sheet1", "C2", "C3", style))
			must(t, f.SaveAs(path))
		}},
	}
	eachDialect(t, func(t *testing.T, s *store.Store) {
		for _, tc := range cases {
			path := filepath.Join(t.TempDir(), tc.indicator+".xlsx")
			tc.build(t, path)
			res, err := importFiles(s, path)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if res.Observations != (store.Counts{New: 3}) {
				t.Errorf("%s: got %+v, want 3 new", tc.name, res.Observations)
			}
			var periods []string
			for _, o := range observations(t, s, store.ObservationQuery{Indicators: []string{tc.indicator}}) {
				periods = append(periods, o.Period)
			}
			if got, want := strings.Join(periods, " "), "2023-04 2023-05 2023-06"; got != want {
				t.Errorf("%s: got periods %s, want %s", tc.name, got, want)
			}
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestImportBadFileWritesNothing(t *testing.T) {
	bad := csvText("region_code,indicator,period,value,growth",
		"440784,retail,2023-06,70.13,5.4", // 2: good
		"440784,gdp,2023-06,—,4.7",        // 3
		"",                                // 4: blank, still counted
		"999999,retail,2023-06,1,2",       // 5
		"440784,no_such,2023-06,1,2",      // 6
		"440784,fai,2023-13,1,2",          // 7
		"440784,trade,2023-06,,",          // 8
		"440784,retail,2023-06,70.31,5.4", // 9: conflicts with row 2
		"440784,retail,2023-06,70.13,5.4", // 10: the same figures again is no conflict
		"440784,industry_va,2023-06,-,约5", // 11: two problems in one row
	)
	wantProblems := []ingest.Problem{
		{File: "bad.csv", Row: 3, Column: "value", Value: "—"},
		{File: "bad.csv", Row: 5, Column: "region_code", Value: "999999"},
		{File: "bad.csv", Row: 6, Column: "indicator", Value: "no_such"},
		{File: "bad.csv", Row: 7, Column: "period", Value: "2023-13"},
		{File: "bad.csv", Row: 8, Column: "value", Value: ""},
		{File: "bad.csv", Row: 9, Column: "period", Value: "2023-06"},
		{File: "bad.csv", Row: 11, Column: "value", Value: "-"},
		{File: "bad.csv", Row: 11, Column: "growth", Value: "约5"},
		{File: "bad2.xlsx", Row: 3, Column: "period", Value: "June"},
	}
	const (
		number   = "数字（如 1,234.5 或 4.7%），未公布请留空"
		numberEN = "a number (e.g. 1,234.5 or 4.7%), or blank when not published"
	)
	wantZH := []string{
		"bad.csv:3:value: 「—」— 应为" + number,
		"bad.csv:5:region_code: 「999999」— 应为已知的地区代码（GB/T 2260，如 440784）",
		"bad.csv:6:indicator: 「no_such」— 应为已知的指标代码（如 gdp、retail），或在同一命令的指标文件中定义",
		"bad.csv:7:period: 「2023-13」— 应为期别 YYYY-MM（如 2023-06，表示 1 月至该月累计）",
		"bad.csv:8:value: 「」— 应为value 与 growth 至少填写一项",
		"bad.csv:9:period: 「2023-06」— 应为每个地区、指标、期别只出现一次（与 bad.csv:2 冲突）",
		"bad.csv:11:value: 「-」— 应为" + number,
		"bad.csv:11:growth: 「约5」— 应为" + number,
		"bad2.xlsx:3:period: 「June」— 应为期别 YYYY-MM（如 2023-06，表示 1 月至该月累计）",
	}
	wantEN := []string{
		`bad.csv:3:value: "—" — expected ` + numberEN,
		`bad.csv:5:region_code: "999999" — expected a known region code (GB/T 2260, e.g. 440784)`,
		`bad.csv:6:indicator: "no_such" — expected a known indicator code (e.g. gdp, retail), or one defined by an indicator file in the same command`,
		`bad.csv:7:period: "2023-13" — expected a period YYYY-MM (e.g. 2023-06: January to that month, cumulative)`,
		`bad.csv:8:value: "" — expected a value or a growth (they may not both be blank)`,
		`bad.csv:9:period: "2023-06" — expected each region, indicator and period once (conflicts with bad.csv:2)`,
		`bad.csv:11:value: "-" — expected ` + numberEN,
		`bad.csv:11:growth: "约5" — expected ` + numberEN,
		`bad2.xlsx:3:period: "June" — expected a period YYYY-MM (e.g. 2023-06: January to that month, cumulative)`,
	}
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		good := writeFile(t, dir, "good.csv", csvText("region_code,indicator,period,value,growth", "440784,gdp,2023-03,100,4"))
		badPath := writeFile(t, dir, "bad.csv", bad)
		bad2 := writeXLSX(t, dir, "bad2.xlsx", [][]any{
			{"region_code", "indicator", "period", "value", "growth"},
			{"440785", "retail", "2023-06", 1.5, 2},
			{"440785", "gdp", "June", 1.5, 2},
		})
		before := auditLog(t, s)

		_, err := importFiles(s, good, badPath, bad2)
		ps := problemsOf(t, err)
		if len(ps) != len(wantProblems) {
			t.Errorf("got %d problems, want %d:\n%s", len(ps), len(wantProblems), ps.Format("zh"))
		}
		for i := range min(len(ps), len(wantProblems)) {
			got, want := ps[i], wantProblems[i]
			if got.File != want.File || got.Row != want.Row || got.Column != want.Column || got.Value != want.Value || got.Sheet != "" {
				t.Errorf("problem %d: got %s:%d:%s %q (sheet %q), want %s:%d:%s %q", i,
					got.File, got.Row, got.Column, got.Value, got.Sheet, want.File, want.Row, want.Column, want.Value)
			}
			if zh := got.Format("zh"); zh != wantZH[i] {
				t.Errorf("problem %d in Chinese:\ngot  %s\nwant %s", i, zh, wantZH[i])
			}
			if en := got.Format("en"); en != wantEN[i] {
				t.Errorf("problem %d in English:\ngot  %s\nwant %s", i, en, wantEN[i])
			}
		}
		if got, want := err.Error(), strings.Join(wantZH, "\n"); got != want {
			t.Errorf("Error():\ngot  %s\nwant %s", got, want)
		}
		if got, want := ps.Format("en"), strings.Join(wantEN, "\n"); got != want {
			t.Errorf(`Format("en"):`+"\ngot  %s\nwant %s", got, want)
		}

		if got := observations(t, s, store.ObservationQuery{AllRevisions: true}); len(got) != 0 {
			t.Errorf("got %d observations written, want none: %+v", len(got), got)
		}
		if after := auditLog(t, s); len(after) != len(before) {
			t.Errorf("got %d audit rows, want %d (nothing from the rejected command)", len(after), len(before))
		}

		// Alone, the good file goes in.
		if res, err := importFiles(s, good); err != nil || res.Observations != (store.Counts{New: 1}) {
			t.Errorf("good file alone: got %+v, %v; want 1 new", res, err)
		}
	})
}

func TestImportUnreadableFile(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		good := writeFile(t, dir, "good.csv", csvText("region_code,indicator,period,value,growth", "440784,gdp,2023-03,100,4"))
		for _, tc := range []struct {
			name, text string
			want       error
		}{
			{"notes.txt", "hello", sheet.ErrUnsupportedType},
			{"stats.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", sheet.ErrUnsupportedType},
			{"fake.xlsx", "region_code,indicator", sheet.ErrNotZip},
			{"latin1.csv", "region_code,indicator,period,value,growth\n440784,caf\xe9,2023-06,1,2\n", sheet.ErrNotUTF8},
		} {
			_, err := importFiles(s, good, writeFile(t, dir, tc.name, tc.text))
			ps := problemsOf(t, err)
			if len(ps) != 1 || ps[0].File != tc.name || ps[0].Row != 0 || ps[0].Column != "" {
				t.Errorf("%s: got %q, want one whole-file problem naming it", tc.name, ps.Format("zh"))
				continue
			}
			got := ps[0].Format("zh")
			if !strings.HasPrefix(got, tc.name+": ") || strings.Count(got, tc.name) != 1 || !strings.Contains(got, tc.want.Error()) {
				t.Errorf("%s: got %q, want %q once, then %q", tc.name, got, tc.name+": ", tc.want.Error())
			}
		}
		if got := observations(t, s, store.ObservationQuery{}); len(got) != 0 {
			t.Errorf("got %d observations, want none", len(got))
		}
	})
}

func TestImportTargetsAndIndicators(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		targets := writeXLSX(t, dir, "targets-2023.xlsx", [][]any{
			{"region_code", "indicator", "year", "tier", "value", "growth"},
			{"440784", "gdp", 2023, "assigned", nil, 8},
			{"440784", "gdp", 2023, "stretch", nil, 9},
			{"440784", "retail", 2023, "下达", 150, nil},
			{"440784", "retail", "2023", "自我加压", 160, "6.5%"},
			{"440784", "platform_investment", 2023, "assigned", 30, 25},
		})
		obs := writeFile(t, dir, "platform.csv", csvText("region_code,indicator,period,value,growth",
			"440784,platform_investment,2023-06,12.5,30.1"))
		inds := writeFile(t, dir, "indicators.csv", csvText("code,name,unit,kind,direction,precision",
			"platform_investment,主平台工业投资,亿元,flow,up,2"))

		// Without the indicator file, its code is unknown in both files.
		_, err := importFiles(s, targets, obs)
		ps := problemsOf(t, err)
		var where []string
		for _, p := range ps {
			where = append(where, p.Format("en")[:strings.Index(p.Format("en"), " ")])
		}
		if got, want := strings.Join(where, " "), "targets-2023.xlsx:6:indicator: platform.csv:2:indicator:"; got != want {
			t.Errorf("without the indicator file: got problems at %s, want %s", got, want)
		}

		// With it, even last on the command line, everything goes in.
		res, err := importFiles(s, targets, obs, inds)
		if err != nil {
			t.Fatal(err)
		}
		if res.Indicators != (store.Counts{New: 1}) || res.Targets != (store.Counts{New: 5}) || res.Observations != (store.Counts{New: 1}) {
			t.Errorf("got %+v, want 1 new indicator, 5 new targets, 1 new observation", res)
		}
		ind, err := s.Indicator(ctx, "platform_investment")
		if err != nil {
			t.Fatal(err)
		}
		if ind.Name != "主平台工业投资" || ind.Unit != "亿元" || ind.Kind != domain.KindFlow || ind.Direction != domain.Up ||
			ind.Precision != 2 || ind.Mode != domain.Linear || ind.BuiltIn {
			t.Errorf("indicator: got %+v, want 主平台工业投资 亿元 flow up precision 2 linear, user-defined", ind)
		}
		ts, err := s.Targets(ctx, "440784", 2023)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"gdp assigned value=nil growth=8",
			"gdp stretch value=nil growth=9",
			"platform_investment assigned value=30 growth=25",
			"retail assigned value=150 growth=nil",
			"retail stretch value=160 growth=6.5",
		}
		var got []string
		for _, tg := range ts {
			got = append(got, string(tg.IndicatorCode)+" "+string(tg.Tier)+" value="+fig(tg.Value)+" growth="+fig(tg.Growth))
			if tg.Source != "targets-2023.xlsx" || tg.Revision != 1 {
				t.Errorf("target %s/%s: got source %q revision %d, want the file name and 1", tg.IndicatorCode, tg.Tier, tg.Source, tg.Revision)
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("targets:\ngot  %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
		}
		o := observations(t, s, store.ObservationQuery{Indicators: []string{"platform_investment"}})
		if len(o) != 1 || fig(o[0].Value) != "12.5" || fig(o[0].Growth) != "30.1" {
			t.Errorf("platform_investment observations: got %+v, want one 12.5 / 30.1", o)
		}

		// Again: nothing changes.
		res, err = importFiles(s, inds, targets, obs)
		if err != nil || res.BatchID != 0 || res.Indicators != (store.Counts{Unchanged: 1}) ||
			res.Targets != (store.Counts{Unchanged: 5}) || res.Observations != (store.Counts{Unchanged: 1}) {
			t.Errorf("same files again: got %+v, %v; want all unchanged, BatchID 0", res, err)
		}
	})
}

func TestImportUnrecognisedHeader(t *testing.T) {
	for _, tc := range []struct{ name, header string }{
		{"chinese-no-growth.csv", "地区代码,指标,期别,数值"},
		{"no-growth.csv", "region_code,indicator,period,value"},
		{"targets-no-tier.csv", "region_code,indicator,year,value,growth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, s *store.Store) {
				dir := t.TempDir()
				good := writeFile(t, dir, "good.csv", csvText("region_code,indicator,period,value,growth", "440784,gdp,2023-03,100,4"))
				path := writeFile(t, dir, tc.name, csvText(tc.header, "440784,retail,2023-06,70.13,5.4"))
				_, err := importFiles(s, good, path)
				ps := problemsOf(t, err)
				if len(ps) != 1 {
					t.Fatalf("got %d problems, want 1:\n%s", len(ps), ps.Format("zh"))
				}
				p := ps[0]
				if p.File != tc.name || p.Row != 1 || p.Value != tc.header {
					t.Errorf("got %s:%d %q, want %s:1 %q", p.File, p.Row, p.Value, tc.name, tc.header)
				}
				for _, lang := range []string{"zh", "en"} {
					msg := p.Format(lang)
					if !strings.HasPrefix(msg, tc.name+":1: ") {
						t.Errorf("%s: got %q, want it to start %q", lang, msg, tc.name+":1: ")
					}
					for _, known := range []string{"region_code,indicator,period,value,growth",
						"region_code,indicator,year,tier,value,growth", "code,name,unit,kind,direction,precision"} {
						if !strings.Contains(msg, known) {
							t.Errorf("%s: got %q, want it to list the known header %s", lang, msg, known)
						}
					}
				}
				if got := observations(t, s, store.ObservationQuery{}); len(got) != 0 {
					t.Errorf("got %d observations, want none", len(got))
				}
			})
		})
	}
}
