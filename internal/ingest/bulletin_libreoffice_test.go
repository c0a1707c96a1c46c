package ingest_test

import (
	"sort"
	"strings"
	"testing"

	"pacer/internal/ingest"
	"pacer/internal/store"
)

// TestBulletinSavedByLibreOffice imports testdata/bulletin-jiangmen-2023-06.xlsx, typed as a
// FODS sheet the way the bureau lays its bulletin out and saved as .xlsx by LibreOffice Calc
// (see testdata/README.md): a region-row sheet with two-level merged headers and a county's
// indicator-row sheet whose figures (in 万元 for some) repeat and complete the region sheet's.
func TestBulletinSavedByLibreOffice(t *testing.T) {
	const path = "testdata/bulletin-jiangmen-2023-06.xlsx"
	eachDialect(t, func(t *testing.T, s *store.Store) {
		// 农林牧渔业总产值 is no Pacer indicator: listed, nothing written.
		_, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
		ps := problemsOf(t, err)
		if len(ps) != 1 || ps[0].Format("zh") != "bulletin-jiangmen-2023-06.xlsx:鹤山市!A11: 「农林牧渔业总产值」— 应为指标名称（无法识别，请用 --map '农林牧渔业总产值=代码' 指定，或 --map '农林牧渔业总产值=-' 跳过）" {
			t.Fatalf("problems: %s", ps.Format("zh"))
		}
		// May's retail of 鹤山 is stored, so June's 本月 can be checked: 70.13 − 58.15 = 11.98 ✓.
		long := writeFile(t, t.TempDir(), "may.csv", csvText("region_code,indicator,period,value,growth", "440784,retail,2023-05,58.15,"))
		if _, err := importFiles(s, long); err != nil {
			t.Fatal(err)
		}
		res, err := importBulletin(t, s, ingest.BulletinOptions{Maps: []string{"农林牧渔业总产值=-"}}, path)
		if err != nil {
			t.Fatal(err)
		}
		// 8 rows × 7 indicators, less 江海区's unpublished retail.
		if res.Observations != (store.Counts{New: 55}) || res.PublishedRanks != (store.Counts{New: 20}) {
			t.Errorf("got %+v", res.BatchResult)
		}
		if len(res.Sheets) != 2 || res.Sheets[0].Layout != ingest.LayoutRegionRows || res.Sheets[1].Layout != ingest.LayoutIndicatorRows ||
			res.Sheets[1].RegionCode != "440784" || res.Sheets[1].Period != "2023-06" || res.Sheets[0].RegionCode != "440700" {
			t.Errorf("sheets: %+v", res.Sheets)
		}
		for _, c := range []struct{ region, ind, value, growth string }{
			{"440784", "industry_va", "55.2", "3"}, // growth from the region sheet, value from the county's
			{"440784", "retail", "70.13", "5.4"},   // 701300 万元 and 70.13 亿元 are the same figure
			{"440784", "budget_revenue", "12.9", "4.8"},
			{"440784", "industrial_investment", "nil", "8.9"},
			{"440703", "gdp", "520.3", "4.1"},
			{"440700", "trade", "755.3", "-4.2"},
		} {
			o := figure(t, s, c.region, c.ind, "2023-06")
			if fig(o.Value) != c.value || fig(o.Growth) != c.growth {
				t.Errorf("%s/%s: got %s/%s, want %s/%s", c.region, c.ind, fig(o.Value), fig(o.Growth), c.value, c.growth)
			}
		}
		var got []string
		for _, w := range res.Warnings {
			got = append(got, w.Kind+" "+w.Sheet+"!"+w.Cell)
		}
		sort.Strings(got)
		// The bureau's 固定资产投资 ranks put 蓬江 (−5.0) 7th and 恩平 (−6.5) 6th; the retail total
		// includes 江海区, which publishes none.
		want := []string{"rank_mismatch 各县（市、区）!G12", "rank_mismatch 各县（市、区）!G6", "total_mismatch 各县（市、区）!I5"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
