package report_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"pacer/internal/demo"
	"pacer/internal/leads"
	"pacer/internal/projects"
	"pacer/internal/report"
	"pacer/internal/scorecard"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.txt from the generated reports")

var ctx = context.Background()

// demoReport loads the demo into a fresh store of dialect d and returns the report service.
func demoReport(t testing.TB, s *store.Store) *report.Service {
	t.Helper()
	if _, err := demo.Load(ctx, s); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	return report.New(scorecard.New(s), projects.New(s), leads.New(s))
}

// TestMonthlyGolden: the demo's June report reads, word for word, as the golden file, on both
// databases.
func TestMonthlyGolden(t *testing.T) {
	golden := filepath.Join("testdata", "monthly-2023-06.golden.txt")
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			svc := demoReport(t, d.Open(t))
			m, err := svc.Monthly(ctx, demo.Region, "2023-06")
			if err != nil {
				t.Fatal(err)
			}
			got := report.Text(report.Compose(m, "zh-CN"))
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/report -run TestMonthlyGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("the June report differs from %s:\n%s", golden, diff(string(want), got))
			}
		})
	}
}

func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want " + a + "\n  got  " + c + "\n")
		}
	}
	return b.String()
}
