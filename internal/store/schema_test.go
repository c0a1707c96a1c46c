package store_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// column is what the schema-parity test compares: the kind of value and whether NULL is allowed.
type column struct {
	family  string // text, integer, real, boolean, timestamp
	notNull bool
}

// sqliteFamily and postgresFamily map declared types to a family both databases share.
func sqliteFamily(typ string) string {
	switch strings.ToUpper(typ) {
	case "TEXT":
		return "text"
	case "INTEGER", "BIGINT":
		return "integer"
	case "REAL":
		return "real"
	case "BOOLEAN":
		return "boolean"
	case "TIMESTAMP":
		return "timestamp"
	case "BLOB":
		return "bytes"
	}
	return "sqlite " + typ
}

func postgresFamily(typ string) string {
	switch typ {
	case "text":
		return "text"
	case "integer", "bigint":
		return "integer"
	case "double precision":
		return "real"
	case "boolean":
		return "boolean"
	case "timestamp with time zone":
		return "timestamp"
	case "bytea":
		return "bytes"
	}
	return "postgres " + typ
}

func schemaOf(t *testing.T, s *store.Store) map[string]column {
	t.Helper()
	ctx := context.Background()
	out := map[string]column{}
	if s.Dialect() == store.SQLite {
		rows, err := s.RowsForTest(ctx, `SELECT m.name, p.name, p.type, p."notnull", p.pk FROM sqlite_schema m
			JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			typ := r[2].(string)
			// An INTEGER PRIMARY KEY is SQLite's rowid: never NULL, whatever pragma says.
			rowid := r[4].(int64) == 1 && strings.EqualFold(typ, "INTEGER")
			out[r[0].(string)+"."+r[1].(string)] = column{sqliteFamily(typ), r[3].(int64) == 1 || rowid}
		}
		return out
	}
	rows, err := s.RowsForTest(ctx, `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
		WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		out[r[0].(string)+"."+r[1].(string)] = column{postgresFamily(r[2].(string)), r[3] == "NO"}
	}
	return out
}

// The two migration sets build the same tables with the same columns, kinds of value and
// nullability. Deliberate differences are listed with the reason.
func TestSchemaParity(t *testing.T) {
	// SQLite lets a PRIMARY KEY column other than an INTEGER one hold NULL (a legacy quirk the
	// SQLite documentation keeps for compatibility); PostgreSQL's primary keys are NOT NULL. Every
	// write supplies these keys, and changing them would mean rebuilding each table on SQLite.
	sqliteNullablePK := map[string]string{}
	for _, c := range []string{"regions.code", "units.code", "sessions.token_hash"} {
		sqliteNullablePK[c] = "SQLite allows NULL in a non-INTEGER PRIMARY KEY; PostgreSQL does not"
	}
	lite, pg := schemaOf(t, storetest.OpenSQLite(t)), schemaOf(t, storetest.OpenPostgres(t))
	if len(lite) < 100 {
		t.Fatalf("got %d SQLite columns, want the whole schema", len(lite))
	}
	names := map[string]bool{}
	for n := range lite {
		names[n] = true
	}
	for n := range pg {
		names[n] = true
	}
	var diffs []string
	for n := range names {
		l, inLite := lite[n]
		p, inPG := pg[n]
		switch {
		case !inLite:
			diffs = append(diffs, n+": only on PostgreSQL")
		case !inPG:
			diffs = append(diffs, n+": only on SQLite")
		case l.family != p.family:
			diffs = append(diffs, fmt.Sprintf("%s: %s on SQLite, %s on PostgreSQL", n, l.family, p.family))
		case l.notNull != p.notNull && !(sqliteNullablePK[n] != "" && !l.notNull && p.notNull):
			diffs = append(diffs, fmt.Sprintf("%s: NOT NULL %t on SQLite, %t on PostgreSQL", n, l.notNull, p.notNull))
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("schemas differ:\n%s", strings.Join(diffs, "\n"))
	}
	for n := range sqliteNullablePK {
		if lite[n].notNull || !pg[n].notNull {
			t.Errorf("%s: listed as a nullable SQLite primary key, got NOT NULL %t on SQLite and %t on PostgreSQL: update the list",
				n, lite[n].notNull, pg[n].notNull)
		}
	}
}
