package ingest_test

import (
	"testing"

	"pacer/internal/ingest"
	"pacer/internal/store"
)

// A level published in % (城镇调查失业率) is a value, while % on a flow still means the figure is
// its growth; energy figures in 吨标准煤/万元 and 万吨标准煤 map to the built-in constraints.
func TestBulletinLevelsAndEnergyUnits(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		path := writeWorkbook(t, t.TempDir(), "鹤山2023年1-6月.xlsx", wbSheet{
			name: "主要指标",
			rows: [][]any{
				{"2023年1-6月鹤山市主要经济指标"},
				{"指标名称", "单位", "1-本月", "同比增长(%)"},
				{"城镇调查失业率", "%", "5.3", "—"},
				{"固定资产投资", "%", "-5.3", nil},
				{"单位地区生产总值能耗", "吨标准煤/万元", "0.4523", "-3.1"},
				{"能源消费总量", "万吨标准煤", "55.2", "10.0"},
			},
			merges: []string{"A1:D1"},
		})
		res, err := importBulletin(t, s, ingest.BulletinOptions{}, path)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if res.Observations != (store.Counts{New: 4}) {
			t.Fatalf("got %+v, want 4 new observations", res.Observations)
		}
		for _, c := range []struct{ ind, value, growth string }{
			{"unemployment", "5.3", "nil"},
			{"fai", "nil", "-5.3"},
			{"energy_intensity", "0.4523", "-3.1"},
			{"energy_consumption", "55.2", "10"},
		} {
			o := figure(t, s, "440784", c.ind, "2023-06")
			if fig(o.Value) != c.value || fig(o.Growth) != c.growth {
				t.Errorf("%s: got %s/%s, want %s/%s", c.ind, fig(o.Value), fig(o.Growth), c.value, c.growth)
			}
		}
	})
}
