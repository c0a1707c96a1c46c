package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// unitsHeld lists every unit with what it reports, for comparing before and after an import.
func unitsHeld(t *testing.T, s *store.Store) []string {
	t.Helper()
	us, err := s.AllUnits(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range us {
		as, err := s.Assignments(context.Background(), u.Code)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, a := range as {
			codes = append(codes, a.RegionCode+"/"+a.IndicatorCode)
		}
		slices.Sort(codes)
		out = append(out, fmt.Sprintf("%s %s %s %s retired=%v %v", u.Code, u.Name, u.RegionCode, u.Kind, u.Retired, codes))
	}
	slices.Sort(out)
	return out
}

// TestExportsImportBack: every .xlsx the app exports for targets, figures and units imports back
// unchanged — the preview counts every row unchanged and the import writes nothing — and a unit
// added to the units file is created with what it reports.
func TestExportsImportBack(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			s, base := entryDemo(t, d.Open)
			ana := entryLogin(t, base, "demo-analyst", entryDemoPassword)
			ctx := context.Background()
			version := func() int64 {
				v, err := s.DataVersion(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}

			for _, c := range []struct {
				name, path, counts string // counts: the preview's line for the figures the file holds
			}{
				{"targets", "/targets?format=xlsx", "目标"},
				{"targets of a year", "/targets?format=xlsx&year=2023", "目标"},
				{"figures", "/import/template/figures", "观测值"},
				{"figures of a period", "/import/template/figures?period=2023-06", "观测值"},
				{"units", "/units?format=xlsx", ""},
				{"units template", "/import/template/units", ""},
			} {
				rows := xlsxRows(t, c.name, ana.get(c.path))
				if len(rows) < 2 {
					t.Fatalf("%s: got %d rows, want a header and figures", c.name, len(rows))
				}
				before, units := version(), unitsHeld(t, s)
				ana.get("/import")
				preview, result := ana.importXLSX(c.name+".xlsx", rows)
				if c.counts != "" && !strings.Contains(preview.body, fmt.Sprintf("新增 0，修订 0，未变 %d", len(rows)-1)) {
					t.Errorf("%s: preview got no 新增 0，修订 0，未变 %d\n%s", c.name, len(rows)-1, preview.body)
				}
				if !strings.Contains(result.body, "没有变化，未写入。") || version() != before {
					t.Errorf("%s: importing the download back wrote something (data version %d → %d)\n%s", c.name, before, version(), impProblems(result.body))
				}
				if got := unitsHeld(t, s); !slices.Equal(got, units) {
					t.Errorf("%s: units changed:\n got %v\nwant %v", c.name, got, units)
				}
			}

			// A unit added to the units file, its kind and indicators as the download writes them.
			rows := xlsxRows(t, "units", ana.get("/units?format=xlsx"))
			rows = append(rows, []string{"440784-kjj", "鹤山市科学技术局", "440784", "部门", "gdp、fai"})
			ana.get("/import")
			ana.importXLSX("单位.xlsx", rows)
			held := unitsHeld(t, s)
			if !slices.Contains(held, "440784-kjj 鹤山市科学技术局 440784 department retired=false [440784/fai 440784/gdp]") {
				t.Errorf("after importing a new unit: got %v", held)
			}
			again := xlsxRows(t, "units again", ana.get("/units?format=xlsx"))
			if len(again) != len(rows) {
				t.Errorf("units download after the import: got %d rows, want %d\n%v\n%v", len(again), len(rows), again, rows)
			}

			// In English the downloads carry the long format's English headers and tier and kind
			// codes; they import back unchanged too.
			ana.get("/")
			if r := ana.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}}); r.code != http.StatusSeeOther {
				t.Fatalf("POST /lang: got %d", r.code)
			}
			for _, path := range []string{"/targets?format=xlsx", "/import/template/figures", "/units?format=xlsx"} {
				rows := xlsxRows(t, path, ana.get(path))
				if slices.Contains(rows[0], "地区代码") {
					t.Errorf("%s in English: got Chinese headers %v", path, rows[0])
				}
				before := version()
				ana.get("/import")
				_, result := ana.importXLSX("en.xlsx", rows)
				if !strings.Contains(result.body, `id="import-result"`) || version() != before {
					t.Errorf("%s in English: importing it back wrote something", path)
				}
			}
		})
	}
}
