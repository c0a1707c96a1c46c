package ingest_test

import (
	"testing"

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
