package ingest_test

import (
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/store"
)

// A county account's long file with a row of another county (by code, or by name alone) is
// refused at that row: file, row, column, the value and the scope expected; nothing is written.
// The same file of its own county's rows imports.
func TestLongRowOutsideScope(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		codes := writeFile(t, dir, "codes.csv", csvText("region_code,indicator,period,value,growth",
			"440784,gdp,2023-01,100,4.5", "440785,gdp,2023-01,90,3.0", "440784,retail,2023-01,40,"))
		names := writeFile(t, dir, "names.csv", csvText("region_name,indicator,period,value,growth",
			"鹤山市,retail,2023-02,41,", "台山市,retail,2023-02,30,"))
		county := domain.WithScope(ctx, domain.Scope{Region: "440784"})
		imp := func(files ...string) error {
			_, err := ingest.New(s).ImportFiles(county, files, ingest.BulletinOptions{Layout: ingest.LayoutLong,
				Options: ingest.Options{Actor: "heshan-analyst", SourceIP: "127.0.0.1"}})
			return err
		}
		ps := problemsOf(t, imp(codes, names))
		text := ps.Format("zh-CN")
		if len(ps) != 2 {
			t.Fatalf("got %d problems, want 2:\n%s", len(ps), text)
		}
		if p := ps[0]; p.File != "codes.csv" || p.Row != 3 || p.Column != "region_code" || p.Value != "440785" {
			t.Errorf("first problem %+v, want codes.csv row 3 region_code 440785", p)
		}
		if p := ps[1]; p.File != "names.csv" || p.Row != 3 || p.Column != "region_name" || p.Value != "台山市" {
			t.Errorf("second problem %+v, want names.csv row 3 region_name 台山市", p)
		}
		if !strings.Contains(text, "应为本账号地区范围内的地区：鹤山市（440784）及其下级") {
			t.Errorf("problems do not name the scope:\n%s", text)
		}
		if got := observations(t, s, store.ObservationQuery{AllRevisions: true}); len(got) != 0 {
			t.Fatalf("a refused import wrote %d figures", len(got))
		}
		own := writeFile(t, dir, "own.csv", csvText("region_code,indicator,period,value,growth", "440784,gdp,2023-01,100,4.5"))
		if err := imp(own); err != nil {
			t.Fatalf("the county's own rows: %v", err)
		}
		if got := observations(t, s, store.ObservationQuery{AllRevisions: true}); len(got) != 1 {
			t.Errorf("after the county's own file: %d figures, want 1", len(got))
		}
	})
}

// A CSV file that is no table Pacer reads is refused at A1 with what A1 holds (a register file
// on the statistics import), not an empty 「」.
func TestUnknownCSVNamesItsA1(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		f := writeFile(t, t.TempDir(), "proj.csv", csvText("code,name,level", "HS-1,某项目,省重点"))
		_, err := ingest.New(s).ImportFiles(ctx, []string{f}, ingest.BulletinOptions{Options: ingest.Options{Actor: "tester"}})
		ps := problemsOf(t, err)
		if len(ps) != 1 || ps[0].File != "proj.csv" || ps[0].Cell != "A1" || ps[0].Value != "code" {
			t.Errorf("got %+v, want one problem at proj.csv A1 holding code:\n%s", ps, ps.Format("zh-CN"))
		}
	})
}
