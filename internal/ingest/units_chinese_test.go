package ingest_test

import (
	"slices"
	"testing"

	"pacer/internal/store"
)

// TestImportUnitsChinese: the units file as the /units download writes it — Chinese headers
// (单位代码, 单位名称, 地区代码, 单位类型, 报送指标) and kind names (部门, 镇街) — creates the same
// units as the English one.
func TestImportUnitsChinese(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		units := writeFile(t, t.TempDir(), "单位.csv", csvText(
			"单位代码,单位名称,地区代码,单位类型,报送指标",
			"440781-swj,台山市商务局,440781,部门,retail、trade",
			"440781001,台城街道,440781,镇街,fai",
		))
		if _, err := importFiles(s, units); err != nil {
			t.Fatalf("import: %v", err)
		}
		for _, c := range []struct {
			unit, region, kind string
			reports            []string
		}{
			{"440781-swj", "440781", "department", []string{"retail", "trade"}},
			{"440781001", "440781001", "town", []string{"fai"}},
		} {
			u, err := s.Unit(ctx, c.unit)
			if err != nil || u.RegionCode != c.region || u.Kind != c.kind || u.Name == "" {
				t.Errorf("%s: got %+v, %v; want a %s of %s", c.unit, u, err, c.kind, c.region)
			}
			as, _ := s.Assignments(ctx, c.unit)
			var got []string
			for _, a := range as {
				got = append(got, a.IndicatorCode)
			}
			if !slices.Equal(got, c.reports) {
				t.Errorf("%s reports: got %v, want %v", c.unit, got, c.reports)
			}
		}
	})
}
