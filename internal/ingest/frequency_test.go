package ingest_test

import (
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// The indicators file takes kind `level` and an optional frequency column (monthly by default);
// a file without the column leaves a known indicator's frequency as it is.
func TestImportIndicatorLevelAndFrequency(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		good := writeFile(t, dir, "indicators.csv", csvText("code,name,unit,kind,direction,precision,frequency",
			"jobless,失业率,%,level,down,1,",
			"quarterly_flow,季度指标,亿元,flow,up,2,quarterly",
			"half_flow,半年指标,亿元,flow,up,2,Half-Yearly",
			"yearly_level,年度指标,%,level,up,2,yearly"))
		if res, err := importFiles(s, good); err != nil || res.Indicators != (store.Counts{New: 4}) {
			t.Fatalf("got %+v, %v; want 4 new indicators", res.Indicators, err)
		}
		for _, tc := range []struct {
			code string
			kind domain.IndicatorKind
			freq domain.Frequency
		}{
			{"jobless", domain.KindLevel, domain.Monthly},
			{"quarterly_flow", domain.KindFlow, domain.Quarterly},
			{"half_flow", domain.KindFlow, domain.HalfYearly},
			{"yearly_level", domain.KindLevel, domain.Yearly},
		} {
			ind, err := s.Indicator(ctx, tc.code)
			if err != nil || ind.Kind != tc.kind || ind.Frequency != tc.freq {
				t.Errorf("%s: got kind %s frequency %q (%v), want %s %s", tc.code, ind.Kind, ind.Frequency, err, tc.kind, tc.freq)
			}
		}

		again := writeFile(t, dir, "again.csv", csvText("code,name,unit,kind,direction,precision",
			"quarterly_flow,季度指标,亿元,flow,up,2", "gdp,地区生产总值,亿元,flow,up,2"))
		if res, err := importFiles(s, again); err != nil || res.Indicators != (store.Counts{Unchanged: 2}) {
			t.Errorf("without the frequency column: got %+v, %v; want both unchanged", res.Indicators, err)
		}
		if ind, _ := s.Indicator(ctx, "gdp"); ind.Frequency != domain.Quarterly {
			t.Errorf("gdp after a file without frequency: got %q, want quarterly", ind.Frequency)
		}

		bad := writeFile(t, dir, "bad.csv", csvText("code,name,unit,kind,direction,precision,frequency",
			"weekly_one,周指标,亿元,flow,up,2,weekly",
			"ratio_one,比率,%,ratio,up,1,monthly"))
		_, err := importFiles(s, bad)
		ps := problemsOf(t, err)
		want := []struct {
			row           int
			column, value string
		}{{2, "frequency", "weekly"}, {3, "kind", "ratio"}}
		if len(ps) != len(want) {
			t.Fatalf("got %d problems, want %d:\n%s", len(ps), len(want), ps.Format("en"))
		}
		for i, w := range want {
			if ps[i].Row != w.row || ps[i].Column != w.column || ps[i].Value != w.value {
				t.Errorf("problem %d: got %d:%s %q, want %d:%s %q", i, ps[i].Row, ps[i].Column, ps[i].Value, w.row, w.column, w.value)
			}
		}
	})
}
