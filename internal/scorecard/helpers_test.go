package scorecard_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"pacer/internal/ingest"
	"pacer/internal/scorecard"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var ctx = context.Background()

// eachDialect runs fn on a fresh store of every dialect, as subtests "sqlite" and "postgres".
// PostgreSQL never skips: storetest.OpenPostgres fails when the server is down.
func eachDialect(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) { fn(t, d.Open(t)) })
	}
}

// csv joins lines into a CSV file's text.
func csv(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

const (
	obsHeader    = "region_code,indicator,period,value,growth,sample"
	targetHeader = "region_code,indicator,year,tier,value,growth"
	indHeader    = "code,name,unit,kind,direction,precision"
)

// load imports CSV texts (any of the three long formats, recognised by header) as one batch,
// through the importer, as `pacer import` would.
func load(t testing.TB, s *store.Store, files ...string) {
	t.Helper()
	var tables []sheet.Table
	for i, text := range files {
		tb, err := sheet.ReadCSV(fmt.Sprintf("f%d.csv", i+1), strings.NewReader(text), sheet.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		tables = append(tables, tb)
	}
	if _, err := ingest.ImportTables(ctx, s, tables, ingest.Options{Actor: "tester"}); err != nil {
		t.Fatalf("load: %v", err)
	}
}

// asJSON encodes v and decodes it as generic JSON, so tests read exactly what a client reads.
func asJSON(t testing.TB, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func scorecardJSON(t testing.TB, s *store.Store, region, period string) map[string]any {
	t.Helper()
	sc, err := scorecard.Build(ctx, s, region, period)
	if err != nil {
		t.Fatalf("scorecard %s %s: %v", region, period, err)
	}
	return asJSON(t, sc)
}

func rankingJSON(t testing.TB, s *store.Store, parent, indicator, period, by string) map[string]any {
	t.Helper()
	rk, err := scorecard.BuildRanking(ctx, s, parent, indicator, period, by)
	if err != nil {
		t.Fatalf("ranking %s %s %s %s: %v", parent, indicator, period, by, err)
	}
	return asJSON(t, rk)
}

// lookup follows a path through decoded JSON: "indicators[gdp].targets[assigned].status" picks
// the element of an array whose "code" (or "tier") is the key. ok is false when a key is absent.
func lookup(doc any, path string) (any, bool) {
	cur := doc
	for _, seg := range strings.Split(path, ".") {
		name, key, indexed := strings.Cut(seg, "[")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		v, ok := m[name]
		if !ok {
			return nil, false
		}
		if indexed {
			key = strings.TrimSuffix(key, "]")
			arr, ok := v.([]any)
			if !ok {
				return nil, false
			}
			found := false
			for _, e := range arr {
				if em, ok := e.(map[string]any); ok && (em["code"] == key || em["tier"] == key) {
					v, found = e, true
					break
				}
			}
			if !found {
				return nil, false
			}
		}
		cur = v
	}
	return cur, true
}

type absentT struct{}
type nonEmptyT struct{}

var (
	absent   = absentT{}   // the path must not exist
	nonEmpty = nonEmptyT{} // a non-empty string (a reason)
)

// exp is one expectation: the JSON at path must be want — a float64 (compared to 0.01), an int
// (exact), a string, a bool, nil (JSON null, key present), absent or nonEmpty.
type exp struct {
	path string
	want any
}

func check(t testing.TB, doc map[string]any, exps []exp) {
	t.Helper()
	for _, e := range exps {
		checkOne(t, doc, e.path, e.want)
	}
}

func checkOne(t testing.TB, doc map[string]any, path string, want any) {
	t.Helper()
	got, ok := lookup(doc, path)
	if _, wantAbsent := want.(absentT); wantAbsent {
		if ok {
			t.Errorf("%s: got %v, want absent", path, show(got))
		}
		return
	}
	if !ok {
		t.Errorf("%s: got no such key, want %v", path, show(want))
		return
	}
	switch w := want.(type) {
	case nil:
		if got != nil {
			t.Errorf("%s: got %v, want null", path, show(got))
		}
	case float64:
		g, isNum := got.(float64)
		if !isNum || math.Abs(math.Round(g*100)/100-w) > 1e-9 {
			t.Errorf("%s: got %v, want %.2f", path, show(got), w)
		}
	case int:
		g, isNum := got.(float64)
		if !isNum || g != float64(w) {
			t.Errorf("%s: got %v, want %d", path, show(got), w)
		}
	case []any:
		if g, isArr := got.([]any); !isArr || len(g) != len(w) || len(w) != 0 {
			t.Errorf("%s: got %v, want %v", path, show(got), show(want))
		}
	case nonEmptyT:
		if s, _ := got.(string); s == "" {
			t.Errorf("%s: got %v, want a reason", path, show(got))
		}
	default:
		if got != want {
			t.Errorf("%s: got %v, want %v", path, show(got), show(want))
		}
	}
}

func show(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("%q", v)
	case absentT:
		return "absent"
	case nonEmptyT:
		return "a reason"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// codes lists the "code" of each element of the array at key.
func codes(doc map[string]any, key string) []string {
	arr, _ := doc[key].([]any)
	out := []string{}
	for _, e := range arr {
		if m, ok := e.(map[string]any); ok {
			s, _ := m["code"].(string)
			out = append(out, s)
		}
	}
	return out
}
