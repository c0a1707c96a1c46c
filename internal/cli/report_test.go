package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pacer/internal/demo"
	"pacer/internal/store"
)

// TestReportMonthlyCommand: `pacer report monthly` writes the demo's June analysis as a .docx
// (a zip holding the county's title) on both databases; missing flags and a bad period are
// refused with exit 2 and 1.
func TestReportMonthlyCommand(t *testing.T) {
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) {
			dsn := db.make(t)
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			_, err = demo.Load(ctx, s)
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "june.docx")
			r := run(t, nil, "report", "monthly", "--db", dsn, "--region", demo.Region, "--period", "2023-06", "--out", out)
			if r.code != 0 || !strings.Contains(r.stdout, out) {
				t.Fatalf("report monthly: exit %d: %s %s", r.code, r.stdout, r.stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil || len(b) < 4 || string(b[:2]) != "PK" {
				t.Fatalf("%s is not a .docx: %v", out, err)
			}
			if r := run(t, nil, "report", "monthly", "--db", dsn, "--region", demo.Region); r.code != 2 || !strings.Contains(r.stderr, "--out") {
				t.Errorf("without --period and --out: exit %d %s, want 2 naming the flags", r.code, r.stderr)
			}
			if r := run(t, nil, "report", "monthly", "--db", dsn, "--region", demo.Region, "--period", "2023-13", "--out", out); r.code != 1 || !strings.Contains(r.stderr, "2023-13") {
				t.Errorf("a bad period: exit %d %s, want 1 naming it", r.code, r.stderr)
			}
		})
	}
}
