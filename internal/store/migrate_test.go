package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// oldDatabase returns the DSN of a database of the dialect migrated only up to version (as an
// older release left it), holding the rows stmts insert.
func oldDatabase(t *testing.T, dialect string, version int, stmts ...string) string {
	t.Helper()
	ctx := context.Background()
	var dsn string
	if dialect == "sqlite" {
		dsn = filepath.Join(t.TempDir(), "old.db")
	} else {
		var drop func()
		dsn, drop = storetest.NewPostgresSchema(t)
		t.Cleanup(drop)
	}
	old, err := store.OpenAtVersionForTest(ctx, dsn, version)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	for _, q := range stmts {
		if err := old.ExecForTest(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return dsn
}

// A database from before migration 5 gains the frequency column (GDP quarterly, the rest monthly),
// accepts the kind level, gains the new built-in indicators on open, and keeps its rows and the
// foreign keys that point at indicators.
func TestMigrateIndicatorFrequency(t *testing.T) {
	ctx := context.Background()
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			dsn := oldDatabase(t, dialect, 4,
				`INSERT INTO regions (code, name, level) VALUES ('440784', '鹤山市', 'county')`,
				`INSERT INTO indicators (code, name, unit, kind, direction, precision, mode, tolerance, growth_tolerance, built_in, comparable_price)
				 VALUES ('gdp', '地区生产总值', '亿元', 'flow', 'up', 2, 'linear', 5, 1, TRUE, TRUE),
				        ('mine', '自定指标', '个', 'count', 'up', 0, 'linear', 5, 1, FALSE, FALSE)`,
				`INSERT INTO observations (region_code, indicator_code, period, value, growth, revision, is_current, recorded_at, recorded_by)
				 VALUES ('440784', 'gdp', '2023-06', 223.83, 4.7, 1, TRUE, '2023-07-01 10:00:00', 'old')`,
			)
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for code, want := range map[string]domain.Frequency{"gdp": domain.Quarterly, "mine": domain.Monthly, "urbanization": domain.Yearly} {
				if ind, err := s.Indicator(ctx, code); err != nil || ind.Frequency != want {
					t.Errorf("%s: got frequency %q (%v), want %s", code, ind.Frequency, err, want)
				}
			}
			if ind, err := s.Indicator(ctx, "unemployment"); err != nil || ind.Kind != domain.KindLevel || !ind.BuiltIn {
				t.Errorf("unemployment after migrating: got %+v, %v; want the built-in level", ind, err)
			}
			got, err := s.Observations(ctx, store.ObservationQuery{Indicators: []string{"gdp"}})
			if err != nil || len(got) != 1 || *got[0].Value != 223.83 {
				t.Errorf("observations after migrating: got %+v, %v; want the one of 2023-06", got, err)
			}
			if err := s.ExecForTest(ctx, `INSERT INTO observations (region_code, indicator_code, period, value, revision, is_current, recorded_at, recorded_by)
				VALUES ('440784', 'no_such', '2023-06', 1, 1, TRUE, '2023-07-01 10:00:00', 'x')`); err == nil {
				t.Error("observation of an unknown indicator after migrating: got no error, want the foreign key to refuse it")
			}
			if err := s.ExecForTest(ctx, `INSERT INTO indicators (code, name, unit, kind, direction, precision, mode, tolerance, growth_tolerance, frequency)
				VALUES ('bad_freq', 'x', '个', 'count', 'up', 0, 'linear', 5, 1, 'weekly')`); err == nil {
				t.Error("frequency weekly: got no error, want the CHECK constraint to refuse it")
			}
		})
	}
}
