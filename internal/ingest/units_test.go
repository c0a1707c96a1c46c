package ingest_test

import (
	"slices"
	"strings"
	"testing"

	"pacer/internal/store"
)

// TestImportUnits: a units file (code,name,region_code,kind,indicators) and an indicators file
// whose owner_unit names one of its units, in one command: the units, a town the catalogue
// lacks, and what each reports are written; the same files again change nothing; an owner_unit
// naming no unit and bad unit rows are refused with their file, row and column, nothing written.
func TestImportUnits(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		units := writeFile(t, dir, "units.csv", csvText(
			"code,name,region_code,kind,indicators",
			"440781-swj,台山市商务局,440781,department,retail、trade",
			"440781-tjj,台山市统计局,440781,,gdp",
			"440781001,台城街道,440781,town,fai",
			"hs-shaping,沙坪街道,440784,town,fai",
		))
		inds := writeFile(t, dir, "indicators.csv", csvText(
			"code,name,unit,kind,direction,precision,owner_unit",
			"port_throughput,港口货物吞吐量,万吨,flow,up,2,440781-swj",
		))
		res, err := importFiles(s, units, inds)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if res.BatchID == 0 {
			t.Fatalf("import: got %+v, want a batch", res)
		}
		for _, c := range []struct {
			unit, region string
			reports      []string
		}{
			{"440781-swj", "440781", []string{"port_throughput", "retail", "trade"}},
			{"440781-tjj", "440781", []string{"gdp"}},
			{"440781001", "440781001", []string{"fai"}},
			{"hs-shaping", "440784001", []string{"fai"}}, // 沙坪街道 of the catalogue
		} {
			u, err := s.Unit(ctx, c.unit)
			if err != nil || u.RegionCode != c.region {
				t.Errorf("%s: got %+v, %v; want region %s", c.unit, u, err, c.region)
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
		if r, err := s.Region(ctx, "440781001"); err != nil || r.Name != "台城街道" || r.Parent != "440781" {
			t.Errorf("the new town: got %+v, %v", r, err)
		}
		if res, err := importFiles(s, units, inds); err != nil || res.BatchID != 0 {
			t.Errorf("the same files again: got %+v, %v; want nothing written", res, err)
		}

		for _, c := range []struct {
			name, file, text string
			want             []string // problems, formatted in Chinese
		}{
			{"owner_unit naming no unit", "ind2.csv", csvText(
				"code,name,unit,kind,direction,precision,owner_unit",
				"new_thing,新指标,个,count,up,0,440781-nope",
			), []string{"ind2.csv:2:owner_unit: 「440781-nope」— 应为已有单位的代码"}},
			{"bad unit rows", "units2.csv", csvText(
				"code,name,region_code,kind,indicators",
				"440781-a,,440781,department,",
				"440781-b,乙,999999,department,",
				"440781-c,丙,440781,office,",
				"440781-d,丁,440781,department,nope",
				"ts-new,新镇,440781,town,",
			), []string{
				"units2.csv:2:name: 请填写单位名称",
				"units2.csv:3:region_code: 「999999」",
				"units2.csv:4:kind: 单位类型「office」无效",
				"units2.csv:5:indicators: 「nope」",
				"units2.csv:6:code: 目录中没有镇街「ts-new」",
			}},
		} {
			path := writeFile(t, dir, c.file, c.text)
			_, err := importFiles(s, path)
			got := problemsOf(t, err).Format("zh-CN")
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s: got problems\n%s\nwant a line with %q", c.name, got, w)
				}
			}
			if n := strings.Count(got, "\n") + 1; n != len(c.want) {
				t.Errorf("%s: got %d problems, want %d:\n%s", c.name, n, len(c.want), got)
			}
		}
		if _, err := s.Unit(ctx, "440781-d"); err == nil {
			t.Error("a refused units file: got a unit written, want nothing")
		}
		if _, err := s.Indicator(ctx, "new_thing"); err == nil {
			t.Error("a refused indicators file: got the indicator written, want nothing")
		}
	})
}
