package report_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"pacer/internal/domain"
	"pacer/internal/leads"
	"pacer/internal/projects"
	"pacer/internal/report"
	"pacer/internal/scorecard"
	"pacer/internal/store/storetest"
)

// BenchmarkMonthlyBatch: `pacer report monthly --parent 440000` on the demo (June, SQLite): the
// analyses of all county-level units of 广东 written to files, from a fresh scorecard service
// (empty cache). Reports seconds per batch (s/batch), the units written, and the peak of the
// heap obtained from the system (heap-sys-MB) sampled after each report.
func BenchmarkMonthlyBatch(b *testing.B) {
	s := storetest.Dialects[0].Open(b)
	demoReport(b, s)
	regions, err := s.Peers(ctx, "440000")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	var peak uint64
	var ms runtime.MemStats
	var elapsed time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		svc := report.New(scorecard.New(s), projects.New(s), leads.New(s))
		b.StartTimer()
		start := time.Now()
		failed, err := svc.MonthlyBatch(ctx, regions, "2023-06", "zh-CN",
			func(r domain.Region, docx []byte) error {
				return os.WriteFile(filepath.Join(dir, report.FileName(r, "2023-06")), docx, 0o644)
			},
			func(done, total int, r domain.Region, err error) {
				runtime.ReadMemStats(&ms)
				if ms.HeapSys > peak {
					peak = ms.HeapSys
				}
			})
		elapsed += time.Since(start)
		if err != nil || len(failed) > 0 {
			b.Fatalf("batch: %v %v", err, failed)
		}
	}
	b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/batch")
	b.ReportMetric(float64(len(regions)), "units")
	b.ReportMetric(float64(peak)/(1<<20), "heap-sys-MB")
}

// TestMonthlyBatchFailures: a region whose file cannot be written is listed with its error and the
// batch goes on to the next; progress counts every region.
func TestMonthlyBatchFailures(t *testing.T) {
	s := storetest.Dialects[0].Open(t)
	svc := demoReport(t, s)
	regions, err := s.Peers(ctx, "440700")
	if err != nil {
		t.Fatal(err)
	}
	blocked := errors.New("disk full")
	var written, calls int
	failed, err := svc.MonthlyBatch(ctx, regions, "2023-06", "zh-CN",
		func(r domain.Region, docx []byte) error {
			if r.Code == "440784" {
				return blocked
			}
			if len(docx) < 4 || string(docx[:2]) != "PK" {
				t.Errorf("%s: not a .docx", r.Code)
			}
			written++
			return nil
		},
		func(done, total int, r domain.Region, err error) {
			calls++
			if done != calls || total != len(regions) {
				t.Errorf("progress %d/%d at call %d of %d", done, total, calls, len(regions))
			}
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || failed[0].Region.Code != "440784" || !errors.Is(failed[0].Err, blocked) {
		t.Errorf("failures %+v, want 440784 with its error", failed)
	}
	if written != len(regions)-1 || calls != len(regions) {
		t.Errorf("written %d, progress calls %d, of %d regions", written, calls, len(regions))
	}
}
