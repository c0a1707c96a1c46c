package report_test

import (
	"context"
	"flag"
	"os"
	"os/exec"
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

// TestMonthlyNumbersFromFigures: every number of the demo's June report is a figure computed for
// it (as displayed), and no comparison word contradicts the sign of the difference it qualifies
// (recomputed here from the figures, not from the report's gaps).
func TestMonthlyNumbersFromFigures(t *testing.T) {
	svc := demoReport(t, storetest.Dialects[0].Open(t))
	for _, period := range []string{"2023-06", "2023-07"} {
		m, err := svc.Monthly(ctx, demo.Region, period)
		if err != nil {
			t.Fatal(err)
		}
		text := report.Text(report.Compose(m, "zh-CN"))
		checked, problems := report.CheckText(m, text)
		for _, p := range problems {
			if p.Phrase == "" {
				t.Errorf("%s: the report says %s, which no figure of the report holds", period, p.Number)
			} else {
				t.Errorf("%s: %q — no difference of %s with that sign among the figures", period, p.Phrase, p.Number)
			}
		}
		if checked < 10 {
			t.Errorf("%s: only %d comparisons found in the report: the patterns no longer match its text", period, checked)
		}
	}
}

// TestMonthlyDocxInLibreOffice: LibreOffice converts the demo's June report to PDF, whose text
// holds the county's name, the headline sentence's figures and the page number of the footer.
// scripts/test.sh installs LibreOffice and poppler-utils: the test fails without them.
func TestMonthlyDocxInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice (LibreOffice) is not installed: run scripts/test.sh, which installs libreoffice-writer")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext is not installed: run scripts/test.sh, which installs poppler-utils")
	}
	svc := demoReport(t, storetest.Dialects[0].Open(t))
	b, err := svc.MonthlyDocx(ctx, demo.Region, "2023-06", "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "monthly.docx")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	out, err := exec.Command(pdftotext, filepath.Join(dir, "monthly.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"鹤山市2023年1–6月经济运行分析", "地区生产总值223.83亿元，同比增长4.7%", "下半年需增长10.9%以上", "—1—", "—2—"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q; it reads:\n%s", want, out)
		}
	}
	// The charts are pictures in the PDF: one per image block of the report.
	m, err := svc.Monthly(ctx, demo.Region, "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	charts := 0
	for _, b := range report.Compose(m, "zh-CN") {
		if b.Kind == "image" {
			charts++
		}
	}
	list, err := exec.Command("pdfimages", "-list", filepath.Join(dir, "monthly.pdf")).Output()
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	if got := len(strings.Split(strings.TrimSpace(string(list)), "\n")) - 2; charts < 8 || got < charts {
		t.Errorf("the PDF holds %d pictures, the report %d charts (want ≥ 8, all of them in the PDF):\n%s", got, charts, list)
	}
}

// BenchmarkMonthlyReport: `pacer report monthly` on the demo (June), figures to .docx bytes, on
// SQLite, each report from a fresh scorecard service (an empty cache), as after a new data
// version.
func BenchmarkMonthlyReport(b *testing.B) {
	s := storetest.Dialects[0].Open(b)
	svc := demoReport(b, s)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		sc := scorecard.New(s) // a fresh cache: every report computed from the store
		svc = report.New(sc, projects.New(s), leads.New(s))
		b.StartTimer()
		if _, err := svc.MonthlyDocx(ctx, demo.Region, "2023-06", "zh-CN"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMonthlyEnglish: the same report in English has every text from the catalogue (no key shown
// in brackets), the indicators' English names and its figures.
func TestMonthlyEnglish(t *testing.T) {
	svc := demoReport(t, storetest.Dialects[0].Open(t))
	m, err := svc.Monthly(ctx, demo.Region, "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	text := report.Text(report.Compose(m, "en"))
	if strings.Contains(text, "[report.") || strings.Contains(text, "[tier.") || strings.Contains(text, "[status.") {
		t.Errorf("a catalogue key shown instead of its text:\n%s", text)
	}
	for _, want := range []string{"223.83", "up 4.7% year on year", "below the assigned target for the year (8.0%) by 3.3 percentage points"} {
		if !strings.Contains(text, want) {
			t.Errorf("the English report lacks %q:\n%s", want, text)
		}
	}
}
