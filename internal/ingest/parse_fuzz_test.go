package ingest

import (
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/sheet"
)

// FuzzParse feeds the long-format checker arbitrary CSV text: it must never panic, every row it
// accepts must hold a known region and indicator and at least one figure, and every problem
// must name the file.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"region_code,indicator,period,value,growth\n440784,retail,2023-06,70.13,5.4\n",
		"region_code,indicator,period,value,growth\n440784,retail,2023-6,—,\n440784,gdp,2023年6月,\"1,234.5\",4.7%\n",
		"region_code,indicator,year,tier,value,growth\n440784,gdp,2023,assigned,,8\n440784,gdp,2023,自我加压,500,\n",
		"code,name,unit,kind,direction,precision\nx_y,新指标,个,count,up,0\n",
		"\ufeffregion_code,indicator,period,value,growth\r\n440784,retail,2023-06,,\r\n",
		"a,b\n1,2\n",
	} {
		f.Add(seed)
	}
	cat := Catalogue{
		Regions:    map[string]domain.Region{"440784": {Code: "440784", Name: "鹤山市", Level: domain.LevelCounty, Parent: "440700"}},
		Indicators: map[string]domain.Indicator{"retail": {Code: "retail"}, "gdp": {Code: "gdp"}},
	}
	f.Fuzz(func(t *testing.T, text string) {
		tb, err := sheet.ReadCSV("f.csv", strings.NewReader(text), sheet.DefaultLimits())
		if err != nil {
			return // not CSV: the reader's own error
		}
		b, probs := Parse([]sheet.Table{tb}, cat)
		for _, p := range probs {
			if p.File != "f.csv" || !strings.HasPrefix(p.Format("zh"), "f.csv") {
				t.Fatalf("problem %+v does not name the file", p)
			}
		}
		if len(probs) > 0 {
			return
		}
		for _, o := range b.Observations {
			if _, ok := cat.Regions[o.RegionCode]; !ok || (o.Value == nil && o.Growth == nil) {
				t.Fatalf("accepted a bad observation %+v", o)
			}
			known := false
			if _, ok := cat.Indicators[o.IndicatorCode]; ok {
				known = true
			}
			for _, ind := range b.Indicators {
				known = known || ind.Code == o.IndicatorCode
			}
			if !known {
				t.Fatalf("accepted an unknown indicator %+v", o)
			}
		}
	})
}
