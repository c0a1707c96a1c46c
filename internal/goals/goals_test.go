package goals_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/goals"
	"pacer/internal/ingest"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

const county = "440784"

var analyst = domain.Actor{Username: "ana", Role: domain.RoleAnalyst, IP: "10.0.0.3"}

// eachStore runs fn on a fresh SQLite store and a fresh PostgreSQL schema, with one unit of the
// county as a fixture (the built-in catalogue gives regions and indicators: retail is a flow,
// fai a growth-only rate).
func eachStore(t *testing.T, fn func(t *testing.T, s *goals.Service, st *store.Store)) {
	for _, d := range []struct {
		name string
		open func(testing.TB) *store.Store
	}{{"SQLite", storetest.OpenSQLite}, {"PostgreSQL", storetest.OpenPostgres}} {
		t.Run(d.name, func(t *testing.T) {
			st := d.open(t)
			if _, err := st.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "fixture",
				Units: []domain.Unit{{Code: "440784-swj", Name: "商务局", RegionCode: county, Kind: "department"}}}); err != nil {
				t.Fatal(err)
			}
			fn(t, goals.New(st), st)
		})
	}
}

func keyOf(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Msg.Key
	}
	return ""
}

// TestSaveTargets: the form path. Every entry is checked (domain's Target rules, no clearing)
// before anything is written; a value target on the growth-only fai is refused.
func TestSaveTargets(t *testing.T) {
	eachStore(t, func(t *testing.T, s *goals.Service, st *store.Store) {
		if _, _, err := s.SaveTargets(ctx, analyst, county, 2023, []goals.TargetEntry{
			{Indicator: "retail", Tier: domain.Assigned, Value: domain.F(100), Growth: domain.F(6)},
			{Indicator: "fai", Tier: domain.Assigned, Growth: domain.F(8)},
		}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			entry goals.TargetEntry
			field string
			key   string
		}{
			{"value on a rate indicator", goals.TargetEntry{Indicator: "fai", Tier: domain.Stretch, Value: domain.F(100)}, "value", "goals.target.rate_value"},
			{"value on a rate indicator with growth", goals.TargetEntry{Indicator: "fai", Tier: domain.Assigned, Value: domain.F(100), Growth: domain.F(9)}, "value", "goals.target.rate_value"},
			{"value not above 0", goals.TargetEntry{Indicator: "retail", Tier: domain.Stretch, Value: domain.F(0)}, "value", "goals.target.value_positive"},
			{"growth at -100", goals.TargetEntry{Indicator: "retail", Tier: domain.Stretch, Growth: domain.F(-100)}, "growth", "goals.target.growth_range"},
			{"clearing an existing target", goals.TargetEntry{Indicator: "retail", Tier: domain.Assigned}, "value", "goals.target.clear"},
		} {
			entries := []goals.TargetEntry{{Indicator: "retail", Tier: domain.Stretch, Value: domain.F(110)}, c.entry}
			_, saved, err := s.SaveTargets(ctx, analyst, county, 2023, entries)
			var es goals.TargetErrors
			if !errors.As(err, &es) || len(es) != 1 || es[0].Indicator != c.entry.Indicator || es[0].Tier != c.entry.Tier ||
				es[0].Field != c.field || keyOf(es[0].FieldError) != c.key || domain.ErrorKind(err) != domain.EINVALID {
				t.Errorf("%s: got %v, want one %s refusal on %s", c.name, err, c.key, c.field)
			}
			if saved != (goals.Saved{}) {
				t.Errorf("%s: got %+v saved, want nothing", c.name, saved)
			}
			if _, err := s.CheckTargets(ctx, county, 2023, entries); keyOf(err) != c.key {
				t.Errorf("%s: CheckTargets got %v, want %s", c.name, err, c.key)
			}
		}
		sh, err := s.Targets(ctx, county, 2023)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := sh.Current["retail"][domain.Stretch]; ok {
			t.Errorf("after refusals: got a stretch retail target %+v, want none written", sh.Current["retail"][domain.Stretch])
		}
		if got := sh.Current["fai"][domain.Assigned]; got.Value != nil || *got.Growth != 8 {
			t.Errorf("fai assigned: got %+v, want growth 8 only", got)
		}
		// A revision, one unchanged, one new; a blank entry with no target is nothing.
		_, saved, err := s.SaveTargets(ctx, analyst, county, 2023, []goals.TargetEntry{
			{Indicator: "retail", Tier: domain.Assigned, Value: domain.F(101), Growth: domain.F(6)},
			{Indicator: "fai", Tier: domain.Assigned, Growth: domain.F(8)},
			{Indicator: "retail", Tier: domain.Stretch, Value: domain.F(110)},
			{Indicator: "fai", Tier: domain.Stretch},
		})
		if err != nil || saved != (goals.Saved{New: 1, Revised: 1, Unchanged: 1}) {
			t.Errorf("second save: got %+v, %v; want 1 new, 1 revised, 1 unchanged", saved, err)
		}
		if _, _, err := s.SaveTargets(ctx, analyst, "", 2023, nil); keyOf(err) != "goals.no_region" {
			t.Errorf("no home region: got %v, want goals.no_region", err)
		}
	})
}

// TestImportRefusesRateValue: the long-format import path applies the same rule, naming the file,
// row and column, and writes nothing.
func TestImportRefusesRateValue(t *testing.T) {
	eachStore(t, func(t *testing.T, s *goals.Service, st *store.Store) {
		for _, c := range []struct {
			name    string
			rows    string
			problem string // "" when the file imports
		}{
			{"value on fai", "440784,fai,2023,assigned,100,\n", "targets.csv:2:value"},
			{"value on fai, second row", "440784,retail,2023,assigned,100,\n440784,fai,2023,stretch,120,9\n", "targets.csv:3:value"},
			{"value not above 0", "440784,retail,2023,assigned,0,\n", "targets.csv:2:value"},
			{"growth on fai", "440784,fai,2023,assigned,,8\n", ""},
		} {
			text := "region_code,indicator,year,tier,value,growth\n" + c.rows
			tab, err := sheet.ReadCSV("targets.csv", strings.NewReader(text), sheet.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			_, err = ingest.ImportTables(ctx, st, []sheet.Table{tab}, ingest.Options{Actor: "cli:test"})
			var ps ingest.Problems
			switch {
			case c.problem == "" && err != nil:
				t.Errorf("%s: got %v, want imported", c.name, err)
			case c.problem != "" && (!errors.As(err, &ps) || len(ps) != 1 || !strings.HasPrefix(ps[0].Format("zh"), c.problem+":")):
				t.Errorf("%s: got %v, want one problem at %s", c.name, err, c.problem)
			}
		}
		sh, err := s.Targets(ctx, county, 2023)
		if err != nil {
			t.Fatal(err)
		}
		if len(sh.Current["retail"]) != 0 || len(sh.Current["fai"]) != 1 || sh.Current["fai"][domain.Assigned].Value != nil {
			t.Errorf("after the imports: got %v, want only fai's assigned growth target", sh.Current)
		}
	})
}

// TestGoalTree: the headline is the focus point at position 0 (domain.Headline); edits are
// checked (domain's measure rules, known indicator and units); an edited figure stops being a
// sample; archived measures leave the tree.
func TestGoalTree(t *testing.T) {
	eachStore(t, func(t *testing.T, s *goals.Service, st *store.Store) {
		if _, err := st.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "fixture", FocusPoints: []domain.FocusPoint{
			{RegionCode: county, Year: 2023, Position: 0, Title: "总目标：地区生产总值增长 6%",
				Measures: []domain.Measure{{Position: 1, Text: "稳住工业", IndicatorCode: "gdp", Figure: domain.F(6), FigureUnit: "%", Sample: true}}},
		}}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ApplyBatch(ctx, store.Batch{Actor: "tester", Source: "fixture",
			Units: []domain.Unit{{Code: "440781-swj", Name: "台山市商务局", RegionCode: "440781", Kind: "department"}}}); err != nil {
			t.Fatal(err)
		}
		fp, err := s.AddFocus(ctx, analyst, county, 2023, "  扩大有效投资 ")
		if err != nil || fp.Title != "扩大有效投资" || fp.Position != 1 {
			t.Fatalf("AddFocus: got %+v, %v; want position 1, title trimmed", fp, err)
		}
		for _, c := range []struct {
			name string
			err  error
			key  string
		}{
			{"empty title", second(s.AddFocus(ctx, analyst, county, 2023, "  ")), "goals.focus.title_empty"},
			{"long title", second(s.AddFocus(ctx, analyst, county, 2023, strings.Repeat("字", domain.MaxGoalTreeText+1))), "goals.focus.title_long"},
			{"bad year", second(s.AddFocus(ctx, analyst, county, 20230, "x")), "goals.year_invalid"},
			{"empty measure", third(s.AddMeasure(ctx, analyst, fp.ID, domain.Measure{Text: " "})), "goals.measure.text_empty"},
			{"unknown indicator", third(s.AddMeasure(ctx, analyst, fp.ID, domain.Measure{Text: "x", IndicatorCode: "nope"})), "goals.unknown_indicator"},
			{"unknown owner", third(s.AddMeasure(ctx, analyst, fp.ID, domain.Measure{Text: "x", OwnerUnits: "440784-swj, ghost"})), "goals.unknown_unit"},
			// An account of 鹤山市 knows no unit of 台山市 (440781).
			{"owner outside the scope", third(s.AddMeasure(domain.WithScope(ctx, domain.Scope{Region: county}), analyst, fp.ID,
				domain.Measure{Text: "x", OwnerUnits: "440781-swj"})), "goals.unknown_unit"},
			{"long figure unit", third(s.AddMeasure(ctx, analyst, fp.ID, domain.Measure{Text: "x", FigureUnit: strings.Repeat("u", 51)})), "goals.measure.figure_unit_long"},
		} {
			if domain.ErrorKind(c.err) != domain.EINVALID || keyOf(c.err) != c.key {
				t.Errorf("%s: got %v, want invalid %s", c.name, c.err, c.key)
			}
		}
		if _, err := s.AddFocus(ctx, analyst, "999999", 2023, "x"); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("unknown region: got %v, want not_found", err)
		}
		m, at, err := s.AddMeasure(ctx, analyst, fp.ID, domain.Measure{Text: " 新开工项目 ", IndicatorCode: "fai", OwnerUnits: "440784-swj,440784-swj"})
		if err != nil || at.ID != fp.ID || m.OwnerUnits != "440784-swj" || m.Text != "新开工项目" {
			t.Fatalf("AddMeasure: got %+v at %d, %v; want the measure cleaned", m, at.ID, err)
		}

		tree, err := s.Tree(ctx, county, 2023)
		if err != nil {
			t.Fatal(err)
		}
		if tree.Headline == nil || !tree.Headline.SaysHeadline() || len(tree.Focus) != 1 || tree.Focus[0].ID != fp.ID {
			t.Fatalf("tree: got headline %+v and %d others, want the 总目标 and %d", tree.Headline, len(tree.Focus), fp.ID)
		}
		if got := tree.UnitNames["440784-swj"]; got != "商务局" {
			t.Errorf("owner name: got %q, want 商务局", got)
		}

		// Editing the headline measure: the same figure stays a sample, a new one does not.
		hm := tree.Headline.Measures[0]
		for _, c := range []struct {
			figure *float64
			sample bool
		}{{domain.F(6), true}, {domain.F(6.5), false}, {domain.F(6), false}} {
			if _, err := s.EditMeasure(ctx, analyst, hm.ID, domain.Measure{Text: hm.Text, IndicatorCode: "gdp", Figure: c.figure, FigureUnit: "%"}); err != nil {
				t.Fatal(err)
			}
			got, err := s.Tree(ctx, county, 2023)
			if err != nil {
				t.Fatal(err)
			}
			if m := got.Headline.Measures[0]; m.Sample != c.sample || *m.Figure != *c.figure {
				t.Errorf("edit to %v: got figure %v sample %t, want sample %t", *c.figure, *m.Figure, m.Sample, c.sample)
			}
		}
		if back, err := s.ArchiveMeasure(ctx, analyst, m.ID); err != nil || back.ID != fp.ID {
			t.Fatalf("archive: got %+v, %v", back, err)
		}
		if _, err := s.EditMeasure(ctx, analyst, m.ID, domain.Measure{Text: "x"}); domain.ErrorKind(err) != domain.ENOTFOUND {
			t.Errorf("editing an archived measure: got %v, want not_found", err)
		}
		if tree, _ := s.Tree(ctx, county, 2023); len(tree.Focus[0].Measures) != 0 {
			t.Errorf("after archive: got %d measures, want 0", len(tree.Focus[0].Measures))
		}
	})
}

func second[A any](_ A, err error) error        { return err }
func third[A, B any](_ A, _ B, err error) error { return err }
