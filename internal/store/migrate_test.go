package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

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

// Migration 6 rewrites every time SQLite holds as Go's time.String (with or without the
// monotonic-clock suffix, in any zone) or in another form SQLite reads, as RFC 3339 UTC text
// to the microsecond, in every table, the append-only audit log included.
func TestMigrateTimestampsSQLite(t *testing.T) {
	ctx := context.Background()
	cases := []struct{ old, want string }{
		{"2023-07-01 10:00:00.123 +0000 UTC m=+36.08", "2023-07-01T10:00:00.123000Z"},
		{"2023-07-01 18:00:00.123456789 +0800 CST m=+0.000123", "2023-07-01T10:00:00.123456Z"},
		{"2023-07-01 18:00:00 +0800 CST", "2023-07-01T10:00:00.000000Z"},
		{"2023-07-02 01:30:00.5 -0700 MST", "2023-07-02T08:30:00.500000Z"},
		{"2023-01-01 07:00:00.1 +0800 +08", "2022-12-31T23:00:00.100000Z"},
		{"2023-07-01 10:00:00", "2023-07-01T10:00:00.000000Z"},
		{"2023-07-01T18:00:00+08:00", "2023-07-01T10:00:00.000000Z"},
		{"2023-07-01T10:00:00.000001Z", "2023-07-01T10:00:00.000001Z"},
	}
	at := func(i int) string { return "'" + cases[i%len(cases)].old + "'" }
	stmts := []string{
		`INSERT INTO regions (code, name, level) VALUES ('440784', '鹤山市', 'county')`,
		`INSERT INTO units (code, name, region_code, kind) VALUES ('u1', '统计局', '440784', 'department')`,
		`INSERT INTO indicators (code, name, unit, kind, direction, precision, mode, tolerance, growth_tolerance)
		 VALUES ('retail', '社会消费品零售总额', '亿元', 'flow', 'up', 2, 'linear', 5, 1)`,
		`INSERT INTO import_batches (id, recorded_at, actor, source, new_rows, revised_rows, unchanged) VALUES (1, ` + at(0) + `, 'a', 's', 1, 0, 0)`,
		`INSERT INTO targets (region_code, indicator_code, year, tier, value, revision, is_current, recorded_at, recorded_by)
		 VALUES ('440784', 'retail', 2023, 'assigned', 150, 1, TRUE, ` + at(1) + `, 'a')`,
		`INSERT INTO observations (region_code, indicator_code, period, value, revision, is_current, recorded_at, recorded_by)
		 VALUES ('440784', 'retail', '2023-06', 70, 1, TRUE, ` + at(2) + `, 'a')`,
		`INSERT INTO users (id, username, role, password_hash, locked_until, created_at, password_changed_at)
		 VALUES (1, 'ana', 'analyst', 'h', ` + at(3) + `, ` + at(4) + `, ` + at(5) + `)`,
		`INSERT INTO password_history (user_id, hash, changed_at) VALUES (1, 'h', ` + at(6) + `)`,
		`INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) VALUES ('t', 1, 'c', ` + at(7) + `, ` + at(8) + `)`,
		`INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ('t', 1, 'n', ` + at(9) + `)`,
		`INSERT INTO submissions (unit_code, region_code, indicator_code, period, value, state, submitted_by, submitted_at, reviewed_at)
		 VALUES ('u1', '440784', 'retail', '2023-06', 70, 'returned', 'rep', ` + at(10) + `, ` + at(11) + `)`,
		`INSERT INTO periods (region_code, period, state, changed_by, changed_at) VALUES ('440784', '2023-06', 'open', 'a', ` + at(12) + `)`,
		`INSERT INTO name_mappings (source, name, kind, code, recorded_at, recorded_by) VALUES ('s', 'n', 'skip', '', ` + at(13) + `, 'a')`,
		`INSERT INTO published_ranks (region_code, indicator_code, period, basis, rank, revision, is_current, recorded_at, recorded_by)
		 VALUES ('440784', 'retail', '2023-06', 'growth', 1, 1, TRUE, ` + at(14) + `, 'a')`,
	}
	for i := range cases {
		stmts = append(stmts, `INSERT INTO audit_log (recorded_at, actor, action, object) VALUES (`+at(i)+`, 'a', 'x', 'y')`)
	}
	dsn := oldDatabase(t, "sqlite", 5, stmts...)
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check := func(what, query string, want ...string) {
		t.Helper()
		rows, err := s.RowsForTest(ctx, query)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if len(rows) != len(want) {
			t.Fatalf("%s: got %d rows, want %d", what, len(rows), len(want))
		}
		for i, r := range rows {
			if r[0] != want[i] {
				t.Errorf("%s row %d: got %v, want %s", what, i, r[0], want[i])
			}
		}
	}
	w := func(i int) string { return cases[i%len(cases)].want }
	for i, c := range []struct{ table, column string }{
		{"import_batches", "recorded_at"}, {"targets", "recorded_at"}, {"observations", "recorded_at"},
		{"users", "locked_until"}, {"users", "created_at"}, {"users", "password_changed_at"},
		{"password_history", "changed_at"}, {"sessions", "created_at"}, {"sessions", "last_seen"},
		{"api_tokens", "created_at"}, {"submissions", "submitted_at"}, {"submissions", "reviewed_at"},
		{"periods", "changed_at"}, {"name_mappings", "recorded_at"}, {"published_ranks", "recorded_at"},
	} {
		check(c.table+"."+c.column, `SELECT CAST(`+c.column+` AS TEXT) FROM `+c.table, w(i))
	}
	var audit []string
	for i := range cases {
		audit = append(audit, w(i))
	}
	check("audit_log.recorded_at", `SELECT CAST(recorded_at AS TEXT) FROM audit_log ORDER BY id`, audit...)
	if err := s.ExecForTest(ctx, `UPDATE audit_log SET actor = 'mallory'`); err == nil {
		t.Error("audit log after migrating: got an update through, want it refused")
	}
	u, err := s.UserByName(ctx, "ana")
	if err != nil || !u.CreatedAt.Equal(time.Date(2022, 12, 31, 23, 0, 0, 1e8, time.UTC)) || u.CreatedAt.Location() != time.Local {
		t.Errorf("user created at: got %v, %v; want 2022-12-31T23:00:00.1Z in the local zone", u.CreatedAt, err)
	}
}
