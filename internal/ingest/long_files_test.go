package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"pacer/internal/ingest"
	"pacer/internal/store"
)

// TestLongFilesAllOrNothing imports long files as `pacer import` does (the workflow, long
// layout: each file's rows read again when checked, figures held compactly): one bad row or a
// figure given twice in two files writes nothing and names file, row, column and value; then the
// same files are new, unchanged, and a changed figure a revision with its audit row.
func TestLongFilesAllOrNothing(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		rows := func(region string, first float64) []string {
			out := []string{"region_code,indicator,period,value,growth"}
			for m := 1; m <= 3; m++ {
				out = append(out, fmt.Sprintf("%s,gdp,2023-%02d,%g,4.5", region, m, first*float64(m)),
					fmt.Sprintf("%s,retail,2023-%02d,%g,", region, m, first*float64(m)/2))
			}
			return out
		}
		a := writeFile(t, dir, "a.csv", csvText(rows("440784", 100)...))
		bad := rows("440785", 80)
		bad[3] = "440785,gdp,2023-02,abc,4.5"        // row 4: not a number
		bad = append(bad, "440784,gdp,2023-01,101,") // row 8: a.csv's row 2 with another figure
		b := writeFile(t, dir, "b.csv", csvText(bad...))
		imp := func(c context.Context) (*ingest.BulletinResult, error) {
			return ingest.New(s).ImportFiles(c, []string{a, b}, ingest.BulletinOptions{Layout: ingest.LayoutLong,
				Options: ingest.Options{Actor: "tester", SourceIP: "127.0.0.1"}})
		}

		_, err := imp(ctx)
		ps := problemsOf(t, err)
		if len(ps) != 2 {
			t.Fatalf("got %d problems, want 2:\n%s", len(ps), ps.Format("zh-CN"))
		}
		if p := ps[0]; p.File != "b.csv" || p.Row != 4 || p.Column != "value" || p.Value != "abc" {
			t.Errorf("first problem %+v, want b.csv row 4 value abc", p)
		}
		if p := ps[1]; p.File != "b.csv" || p.Row != 8 || p.Column != "period" || !strings.Contains(ps.Format("zh-CN"), "与 a.csv:2 冲突") {
			t.Errorf("second problem %+v, want b.csv row 8 conflicting with a.csv:2:\n%s", p, ps.Format("zh-CN"))
		}
		if got := observations(t, s, store.ObservationQuery{AllRevisions: true}); len(got) != 0 {
			t.Fatalf("a refused import wrote %d figures", len(got))
		}
		for _, e := range auditLog(t, s) {
			if strings.HasPrefix(e.Action, "import") || strings.HasPrefix(e.Action, "observation") {
				t.Fatalf("a refused import wrote audit row %+v", e)
			}
		}

		// Interrupted (Ctrl-C, SIGTERM) before or while the files are read: nothing written.
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		writeFile(t, dir, "b.csv", csvText(rows("440785", 80)...))
		if _, err := imp(cancelled); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled import: got %v, want context.Canceled", err)
		}
		if got := observations(t, s, store.ObservationQuery{AllRevisions: true}); len(got) != 0 {
			t.Fatalf("a cancelled import wrote %d figures", len(got))
		}

		res, err := imp(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Observations != (store.Counts{New: 12}) || res.BatchID == 0 {
			t.Fatalf("first import: got %+v batch %d, want 12 new", res.Observations, res.BatchID)
		}
		if res, err = imp(ctx); err != nil || res.Observations != (store.Counts{Unchanged: 12}) || res.BatchID != 0 {
			t.Fatalf("same files again: got %+v batch %d (%v), want 12 unchanged and no batch", res.Observations, res.BatchID, err)
		}

		changed := rows("440785", 80)
		changed[3] = "440785,gdp,2023-02,161,4.6" // was 160, 4.5
		writeFile(t, dir, "b.csv", csvText(changed...))
		if res, err = imp(ctx); err != nil || res.Observations != (store.Counts{Revised: 1, Unchanged: 11}) {
			t.Fatalf("a changed figure: got %+v (%v), want 1 revised, 11 unchanged", res.Observations, err)
		}
		all := observations(t, s, store.ObservationQuery{Regions: []string{"440785"}, Indicators: []string{"gdp"}, Periods: []string{"2023-02"}, AllRevisions: true})
		if len(all) != 2 {
			t.Fatalf("got %d revisions of 440785 gdp 2023-02, want 2", len(all))
		}
		for _, o := range all {
			if want := o.Revision == 2; o.Current != want || (want && fig(o.Value) != "161") || (!want && fig(o.Value) != "160") {
				t.Errorf("revision %d: current %t value %s", o.Revision, o.Current, fig(o.Value))
			}
		}
		revised := 0
		for _, e := range auditLog(t, s) {
			if e.Action == "observation.revise" {
				revised++
				if e.Object != "observation:440785/gdp/2023-02" || e.OldValue != "value=160 growth=4.5" || e.NewValue != "value=161 growth=4.6" {
					t.Errorf("audit row %+v", e)
				}
			}
		}
		if revised != 1 {
			t.Errorf("got %d observation.revise audit rows, want 1", revised)
		}
	})
}
